"""Content sniffing and decoding: what a document is, told from its bytes, and text that never crashes."""

from __future__ import annotations

import gzip

import pytest

from parley.ingest.decode import decode
from parley.ingest.sniff import Kind, sniff

SNIFF_CASES = [
    # a gzip stream, whatever it holds
    (gzip.compress(b"hello"), Kind.GZIP),
    # an HTML page with a doctype
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", Kind.HTML),
    # an HTML fragment without doctype, after whitespace
    (b"\n  <div><p>Talks resumed.</p></div>", Kind.HTML),
    # RSS with an XML declaration
    (b'<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>', Kind.FEED),
    # Atom
    (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', Kind.FEED),
    # RDF (RSS 1.0)
    (
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>',
        Kind.FEED,
    ),
    # JSON lines: the first line is a whole object
    (b'{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n', Kind.JSONL),
    # a broken first record still makes a JSON-lines file (errors are reported per line)
    (b'{"id": 1, "text": broken}\n{"id": 2, "text": "b"}\n', Kind.JSONL),
    # a pretty-printed JSON document
    (b'{\n  "articles": [\n    {"text": "a"}\n  ]\n}', Kind.JSON),
    # a JSON array
    (b'[{"text": "a"}]', Kind.JSON),
    # a list of URLs with a comment
    (b"# today's reading\nhttps://example.org/a\nhttp://example.org/b\n", Kind.URL_LIST),
    # prose that mentions a URL is text, not a URL list
    (b"See https://example.org/a for details.\n", Kind.TEXT),
    # plain text
    (b"Talks resumed in Geneva on Tuesday.", Kind.TEXT),
    # UTF-16 text with its byte-order mark is text, though it holds NUL bytes
    ("Talks resumed.".encode("utf-16"), Kind.TEXT),
    # a PDF
    (b"%PDF-1.7\n...", Kind.BINARY),
    # arbitrary binary bytes
    (bytes(range(256)) * 4, Kind.BINARY),
]


@pytest.mark.parametrize(("data", "kind"), SNIFF_CASES)
def test_sniff(data: bytes, kind: Kind) -> None:
    assert sniff(data) is kind


FRENCH = (
    "Les négociations de Genève ont repris; l'émissaire a salué un « progrès » sur l'échange de prisonniers."
)
POLISH = "Rozmowy pokojowe w Genewie zostały wznowione. Żołnierze wycofają się z linii frontu, powiedział."
RUSSIAN = "Переговоры в Стамбуле возобновились во вторник, сообщил представитель Кремля."
DECODE_CASES = [
    # plain UTF-8
    ("Zaporizhzhia – “peace plan”".encode(), "Zaporizhzhia – “peace plan”", "utf-8"),
    # UTF-8 with a byte-order mark: the mark is not text
    (b"\xef\xbb\xbfTalks", "Talks", "utf-8"),
    # UTF-16 little-endian with its mark
    (b"\xff\xfe" + "Peskov said".encode("utf-16-le"), "Peskov said", "utf-16-le"),
    # short French in cp1252 reads as cleanly in cp1250 ("Genčve"); the likelier code page wins
    (FRENCH.encode("cp1252"), FRENCH, "cp1252"),
    # short German in cp1252, which a statistical detector calls cp1250
    (
        "Die Gespräche würden fortgesetzt, sagte der Außenminister.".encode("cp1252"),
        "Die Gespräche würden fortgesetzt, sagte der Außenminister.",
        "cp1252",
    ),
    # English with curly quotes, dashes and a euro sign in cp1252 (not mac_iceland, not cp1251's "Ђ")
    (
        "Talks “resumed” — he said – in Zaporizhzhia’s plant. Cost: €5m.".encode("cp1252"),
        "Talks “resumed” — he said – in Zaporizhzhia’s plant. Cost: €5m.",
        "cp1252",
    ),
    # Polish in cp1250: "ł" must not become cp1252's "³"
    (POLISH.encode("cp1250"), POLISH, "cp1250"),
    # Polish in ISO 8859-2
    (POLISH.encode("iso8859_2"), POLISH, None),
    # Russian in cp1251 and in KOI8-R (the same letters with their case swapped)
    (RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251"),
    (RUSSIAN.encode("koi8_r"), RUSSIAN, "koi8_r"),
    # Greek in cp1253
    (
        "Οι συνομιλίες για το Κυπριακό συνεχίστηκαν στη Γενεύη.".encode("cp1253"),
        "Οι συνομιλίες για το Κυπριακό συνεχίστηκαν στη Γενεύη.",
        "cp1253",
    ),
    # a multi-byte encoding is left to the statistical detector
    (
        "和平谈判在日内瓦恢复，双方代表表示进展顺利。".encode("gb18030"),
        "和平谈判在日内瓦恢复，双方代表表示进展顺利。",
        None,
    ),
]


@pytest.mark.parametrize(("data", "text", "encoding"), DECODE_CASES)
def test_decode(data: bytes, text: str, encoding: str | None) -> None:
    decoded, used = decode(data)
    assert decoded == text
    if encoding:
        assert used == encoding


def test_decode_never_raises_on_garbage() -> None:
    decoded, _ = decode(bytes(range(128, 256)) * 3)
    assert isinstance(decoded, str) and decoded
