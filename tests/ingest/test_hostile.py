"""Hostile input: each case gives a clear reason, in bounded time and memory, and leaves every other
document of the run ingested. What test_files.py and test_http.py cover already (small gzip bombs against a
small cap, redirect loops, a redirect to 127.0.0.1, a slow status line, a trickling body, a JSON line whose
text is a number) is not repeated. Extraction is off: this is about reading; tests/test_properties.py
fuzzes the extractor."""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from parley.config import Settings
from parley.ingest import fetch as fetch_module
from parley.ingest.dates import find_date_mentions
from parley.ingest.decode import MIXED
from parley.ingest.pipeline import ingest
from parley.models import IngestSummary, Outcome
from parley.store import Store
from parley.store.schema import articles
from tests.ingest.httpserver import HTTPTestServer
from tests.ingest.test_http import page

MB = 1_000_000
GOOD = (
    "Negotiators from both delegations met in Geneva on Tuesday for a second round of talks.\n\n"
    "\u201cWe have made progress on the prisoner exchange,\u201d the chief mediator told reporters."
)


def run(sources: list[str | Path], store: Store, settings: Settings) -> IngestSummary:
    return ingest([str(s) for s in sources], store, settings, extract=False)


def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def stored(store: Store) -> dict[str, dict[str, object]]:
    """Stored articles by key."""
    with store.reading() as connection:
        rows = connection.execute(
            select(articles.c.key, articles.c.text, articles.c.title, articles.c.encoding)
        )
        return {r.key: {"text": r.text, "title": r.title, "encoding": r.encoding} for r in rows}


def reasons(summary: IngestSummary) -> dict[str, str]:
    return {f.source: f.reason or "" for f in summary.failures}


def gzip_of(block: bytes, times: int, head: bytes = b"") -> bytes:
    """`head` then `block` repeated `times` times, gzipped without holding the expanded data."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(head)]
    parts.extend(packer.compress(block) for _ in range(times))
    return b"".join([*parts, packer.flush()])


# --- gzip bombs -----------------------------------------------------------------------------------------


def test_gzip_bomb_file_is_refused_at_the_cap(tmp_path: Path, store: Store, settings: Settings) -> None:
    bomb = tmp_path / "report.txt.gz"
    bomb.write_bytes(gzip_of(b"a" * MB, 200))  # 200 MB of text in 200 kB
    started = time.monotonic()
    summary = run([bomb, good_file(tmp_path)], store, settings)
    assert time.monotonic() - started < 20
    assert reasons(summary) == {
        str(bomb): "decompresses to more than the 20,000,000-byte limit (max_document_bytes)"
    }
    assert set(stored(store)) == {"good"}


def test_gzip_bomb_of_records_is_refused_by_ratio(tmp_path: Path, store: Store, settings: Settings) -> None:
    # JSON lines are read a line at a time with no cap on the whole file: 200 million empty lines in
    # 200 kB would take minutes to skip one by one. The records before the bomb are kept.
    record = json.dumps({"id": "before-the-bomb", "text": "Before the bomb. " + GOOD}).encode() + b"\n"
    bomb = tmp_path / "records.jsonl.gz"
    bomb.write_bytes(gzip_of(b"\n" * MB, 200, head=record))
    started = time.monotonic()
    summary = run([bomb, good_file(tmp_path)], store, settings)
    assert time.monotonic() - started < 20
    [(source, reason)] = reasons(summary).items()
    assert source == str(bomb)
    assert reason.startswith("gzip data expanding more than 100 times (a gzip bomb?)"), reason
    assert set(stored(store)) == {"before-the-bomb", "good"}


def test_gzip_bomb_over_http_is_refused_at_the_cap(
    http_server: HTTPTestServer, store: Store, settings: Settings
) -> None:
    bomb = http_server.route(
        "/bomb.html",
        gzip_of(b"<p>" + b"a" * MB + b"</p>", 200, head=b"<html><body>"),
        headers={"Content-Encoding": "gzip"},
    )
    good = http_server.route("/good.html", page("geneva", "Talks resume"))
    started = time.monotonic()
    summary = run([bomb, good], store, settings)
    assert time.monotonic() - started < 20
    assert reasons(summary)[bomb].startswith("body larger than the 20,000,000-byte limit")
    assert list(stored(store)) == [good]


# --- XML entity expansion in feeds ----------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + ']><rss version="2.0"><channel><title>Laughs</title><item><title>&lol9;</title>'
    + "<link>https://news.example.org/laughs</link>"
    + f"<description>Laughing. {GOOD}</description></item></channel></rss>"
)
QUADRATIC_BLOWUP = (  # one 100 kB entity used 20,000 times: 2 GB, without any nesting
    f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{"a" * 100_000}">]><rss version="2.0"><channel>'
    "<title>Blowup</title><item><title>Blowup</title><link>https://news.example.org/blowup</link>"
    f"<description>{'&a;' * 20_000}</description></item></channel></rss>"
)


@pytest.mark.parametrize("feed", [BILLION_LAUGHS, QUADRATIC_BLOWUP], ids=["billion-laughs", "quadratic"])
@pytest.mark.parametrize("over_http", [False, True], ids=["file", "http"])
def test_feed_entities_are_not_expanded_without_bound(
    http_server: HTTPTestServer, tmp_path: Path, store: Store, settings: Settings, feed: str, over_http: bool
) -> None:
    if over_http:
        source: str | Path = http_server.route("/feed.xml", feed, content_type="application/rss+xml")
    else:
        source = tmp_path / "feed.xml"
        source.write_text(feed, encoding="utf-8")
    started = time.monotonic()
    summary = run([source, good_file(tmp_path)], store, replace(settings, fetch_feed_items=False))
    assert time.monotonic() - started < 20
    articles_ = stored(store)
    assert "good" in articles_
    for article in articles_.values():
        # expat refuses the expansion (the entity stays as written, or a malformed feed is reported)
        assert len(str(article["text"])) < 200_000
        assert "lollollol" not in f"{article['title']} {article['text']}"
    assert all("internal error" not in r for r in reasons(summary).values()), reasons(summary)


# --- big and deep documents -----------------------------------------------------------------------------


def test_pages_of_tens_of_megabytes_are_refused(
    http_server: HTTPTestServer, tmp_path: Path, store: Store, settings: Settings
) -> None:
    body = "<html><body><article>" + "<p>Talks went on.</p>" * (30 * MB // 20) + "</article></body></html>"
    big_file = tmp_path / "big.html"
    big_file.write_text(body, encoding="utf-8")
    announced = http_server.route("/announced.html", body)
    chunked = http_server.route("/chunked.html", body, chunked=True, chunk_size=1 << 20)
    good = http_server.route("/good.html", page("grain", "Grain"))
    summary = run([big_file, announced, chunked, good], store, settings)
    assert reasons(summary) == {
        str(big_file): "larger than the 20,000,000-byte limit (max_document_bytes)",
        announced: f"the server announces {len(body):,} bytes, over the 20,000,000-byte limit "
        "(max_document_bytes)",
        chunked: "body larger than the 20,000,000-byte limit (max_document_bytes)",
    }
    assert list(stored(store)) == [good]


def test_deeply_nested_html_is_reported_not_crashed(tmp_path: Path, store: Store, settings: Settings) -> None:
    # 100,000 nested divs: the parser stops at its depth limit (no recursion in our code or in lxml's)
    nested = tmp_path / "nested.html"
    nested.write_text(
        "<html><body>" + "<div>" * 100_000 + f"<p>{GOOD}</p>" + "</div>" * 100_000 + "</body></html>",
        encoding="utf-8",
    )
    summary = run([nested, good_file(tmp_path)], store, settings)
    assert reasons(summary) == {str(nested): "no article text found in the page"}
    assert set(stored(store)) == {"good"}


@pytest.mark.slow
def test_a_single_10_mb_line_is_read_whole(tmp_path: Path, store: Store, settings: Settings) -> None:
    # a text file that is one 10 MB line, and a JSON record on one 10 MB line
    sentence = "The delegations resumed their talks in the old conference hall near the lake. "
    line = (sentence * (10 * MB // len(sentence)))[: 10 * MB]
    text_file = tmp_path / "one-line.txt"
    text_file.write_text(line, encoding="utf-8")
    record = tmp_path / "one-record.jsonl"
    other = "Observers counted the shells that fell on the harbour district during the night. "
    record_text = (other * (10 * MB // len(other)))[: 10 * MB]
    record.write_text(json.dumps({"id": "long-record", "text": record_text}) + "\n")
    summary = run([text_file, record, good_file(tmp_path)], store, settings)
    assert summary.counts[Outcome.NEW] == 3, summary.to_dict()
    articles_ = stored(store)
    assert articles_["one-line"]["text"] == line
    assert articles_["long-record"]["text"] == record_text


def test_dates_of_an_article_full_of_them_are_found_in_linear_time() -> None:
    # 36,000 date mentions in 1 MB: each was compared with every one found before it (minutes; hours for
    # 10 MB); the characters taken are now marked instead
    text = ("Talks resumed on Tuesday and will go on until March 3. " * (MB // 56))[:MB]
    started = time.monotonic()
    mentions = find_date_mentions(text, date(2025, 2, 1))
    assert time.monotonic() - started < 15
    assert len(mentions) == 2 * (MB // 56)  # "on Tuesday" and "March 3" in every sentence, none overlapping
    assert all(a.span[1] <= b.span[0] for a, b in itertools.pairwise(mentions))


# --- NUL bytes, lone surrogates, encodings ----------------------------------------------------------------


def test_nul_bytes_and_lone_surrogates_never_fail_the_store(any_store_url: str, tmp_path: Path) -> None:
    # PostgreSQL text cannot hold NUL, and neither store can encode a lone surrogate: either made the
    # write fail, and a failing store ends the whole run
    settings = Settings(db=any_store_url)
    late_nul = tmp_path / "late-nul.txt"  # past the 64 kB head that sniffing looks at
    late_nul.write_bytes(GOOD.encode() * 400 + b"\x00 and after the NUL.")
    records = tmp_path / "records.jsonl"
    records.write_text(
        json.dumps(
            {"id": "nul\u0000id", "title": "A\u0000title", "author": "\u0000", "text": GOOD + "\u0000!"}
        )
        + "\n"
        + json.dumps({"id": "surrogate", "title": "Bad \ud800 title", "text": "Half a pair: \udfff. " + GOOD})
        + "\n",
        encoding="utf-8",
    )
    nul_page = tmp_path / "nul.html"
    nul_page.write_bytes(b"<html><body>\x00<p>" + GOOD.encode() + b"</p></body></html>")
    with Store.open(any_store_url) as store:
        summary = run([late_nul, records, nul_page, good_file(tmp_path)], store, settings)
        articles_ = stored(store)
    assert reasons(summary) == {str(nul_page): "not a text document: binary data (NUL bytes)"}
    assert set(articles_) == {"late-nul", "nulid", "surrogate", "good"}
    assert articles_["late-nul"]["text"] == GOOD * 400 + " and after the NUL."
    assert (articles_["nulid"]["title"], articles_["nulid"]["text"]) == ("Atitle", GOOD + "!")
    assert articles_["surrogate"]["title"] == "Bad \ufffd title"
    assert str(articles_["surrogate"]["text"]).startswith("Half a pair: \ufffd. ")


MIXED_TEXT = "Les négociations de Genève ont repris mardi ; l’émissaire a salué « un progrès ». " * 3


def test_mixed_encodings_keep_every_letter(
    http_server: HTTPTestServer, tmp_path: Path, store: Store, settings: Settings
) -> None:
    # UTF-8 with a sentence in cp1252 pasted in: read as one code page, every UTF-8 letter was garbled
    pasted = "Le médiateur a parlé d’une « étape décisive »."
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(MIXED_TEXT.encode("utf-8") + pasted.encode("cp1252"))
    record = tmp_path / "mixed.jsonl"
    record.write_bytes(
        b'{"id": "mixed-record", "text": "' + pasted.encode("cp1252") + MIXED_TEXT.encode() + b'"}\n'
    )
    # a page whose Content-Type names the wrong charset: the page is read from its bytes and its own meta
    lying = http_server.route(
        "/lying.html",
        f"<html><head><meta charset='utf-8'><title>Genève</title></head><body><article><p>{MIXED_TEXT}</p>"
        "</article></body></html>",
        content_type="text/html; charset=iso-8859-1",
    )
    summary = run([mixed, record, lying, good_file(tmp_path)], store, settings)
    assert not summary.failures, reasons(summary)
    articles_ = stored(store)
    assert (articles_["mixed"]["text"], articles_["mixed"]["encoding"]) == (MIXED_TEXT + pasted, MIXED)
    assert articles_["mixed-record"]["text"] == pasted + MIXED_TEXT
    assert str(articles_[lying]["text"]).startswith(MIXED_TEXT.strip()[:60])


# --- JSON lines with the wrong types ------------------------------------------------------------------------


def test_json_lines_with_wrong_types_are_reported_line_by_line(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    cases = [
        ({"id": "a", "title": ["a", "list"], "text": GOOD}, "field 'title' must be a string, got list"),
        ({"id": "b", "date": 20250101, "text": GOOD}, "field 'date' must be a string, got int"),
        ({"id": 1.5, "text": GOOD}, "field 'id' must be a string or integer, got float"),
        ({"id": True, "text": GOOD}, "field 'id' must be a string or integer, got bool"),
        ({"id": "c", "text": {"body": GOOD}}, "field 'text' must be a string, got dict"),
        ({"id": "d", "html": ["<p>", GOOD]}, "field 'html' must be a string, got list"),
        ({"id": "e", "url": {"href": "x"}, "text": GOOD}, "field 'url' must be a string, got dict"),
        ({"id": "f", "author": 7, "text": GOOD}, "field 'author' must be a string, got int"),
        ("just a string", "a record must be a JSON object, got str"),
        (None, "a record must be a JSON object, got NoneType"),
    ]
    raw_lines = [
        ("[" * 100_000 + "]" * 100_000, "invalid JSON (nested too deeply)"),  # was a RecursionError
        ('{"id": "g", "text": ' + "9" * 5000 + "}", "invalid JSON"),  # past Python's int digit limit
    ]
    lines = [json.dumps(record) for record, _ in cases] + [line for line, _ in raw_lines]
    lines.append(json.dumps({"id": "fine", "text": GOOD}))
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = run([path], store, settings)
    expected = [reason for _, reason in cases] + [reason for _, reason in raw_lines]
    got = reasons(summary)
    assert set(got) == {f"{path}:{n}" for n in range(1, len(expected) + 1)}
    for number, reason in enumerate(expected, 1):
        assert got[f"{path}:{number}"].startswith(reason), (number, got[f"{path}:{number}"])
    assert set(stored(store)) == {"fine"}


# --- redirects to private addresses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "2130706433",  # 127.0.0.1 as one decimal number
        "0x7f000001",  # and in hex
        "127.1",  # short form
        "0.0.0.0",  # "this host", which connects to the loopback
        "[::ffff:127.0.0.1]",  # IPv4-mapped IPv6
        "[::1]",  # IPv6 loopback
    ],
)
def test_redirect_to_a_disguised_private_address_is_refused(
    http_server: HTTPTestServer, store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    real_check = fetch_module.is_public_address
    # "localhost" plays a public host; every other name is judged by the real check
    monkeypatch.setattr(fetch_module, "is_public_address", lambda h: h == "localhost" or real_check(h))
    target = f"http://{host}:{http_server.port}/story.html"
    http_server.route("/story.html", page("geneva", "Talks"))
    http_server.redirect("/hop", target)
    summary = run(
        [http_server.url("/hop", host="localhost")], store, replace(settings, allow_private_addresses=False)
    )
    [reason] = reasons(summary).values()
    assert reason.startswith(f"redirected to {target}: refused: "), reason
    assert reason.endswith("is a private or loopback address (allow_private_addresses is off)")
    assert [r.path for r in http_server.requests] == ["/hop"]  # the target was never contacted


# --- slow loris --------------------------------------------------------------------------------------------


class SlowLoris:
    """A server on 127.0.0.1 that answers every connection a byte at a time, each byte well within any
    read timeout, and never finishes its headers."""

    def __init__(self, prefix: bytes, interval: float = 0.05) -> None:
        self.prefix = prefix  # sent at once before the trickle (b"" trickles the status line itself)
        self.interval = interval
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._trickle, args=(connection,), daemon=True).start()

    def _trickle(self, connection: socket.socket) -> None:
        head = self.prefix + b"X-Padding: " + b"a" * 10_000
        with connection:
            try:
                connection.recv(65536)
                for i in range(len(head)):
                    if self.stopped.is_set():
                        return
                    connection.sendall(head[i : i + 1])
                    time.sleep(self.interval)
            except OSError:
                return

    def stop(self) -> None:
        self.stopped.set()
        self.listener.close()


@pytest.fixture
def slow_loris(request: pytest.FixtureRequest) -> Iterator[SlowLoris]:
    server = SlowLoris(request.param)
    yield server
    server.stop()


@pytest.mark.parametrize(
    "slow_loris",
    [b"", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"],
    ids=["status-line", "headers"],
    indirect=True,
)
def test_slow_loris_server_hits_the_deadline(
    slow_loris: SlowLoris, http_server: HTTPTestServer, store: Store, settings: Settings
) -> None:
    # every byte comes within fetch_timeout; only the overall deadline can stop the fetch
    slow = f"http://127.0.0.1:{slow_loris.port}/story.html"
    good = http_server.route("/good.html", page("plant", "Plant"))
    started = time.monotonic()
    summary = run([slow, good], store, replace(settings, fetch_timeout=0.5, fetch_deadline=1.0))
    assert time.monotonic() - started < 4
    assert reasons(summary) == {slow: "the fetch took longer than 1 s in all (fetch_deadline)"}
    assert list(stored(store)) == [good]


def test_a_feed_item_link_no_url_parser_accepts_spoils_only_that_item() -> None:
    # found by fuzz/run.py: urljoin raised ValueError ("Invalid IPv6 URL") and the whole feed was lost
    from parley.ingest.feeds import parse_feed

    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>Broken</title><link>http://[talks/geneva</link><description>a</description></item>"
        b"<item><title>Fine</title><link>/2017/geneva.html</link><description>b</description></item>"
        b"</channel></rss>"
    )
    parsed = parse_feed(feed, "broken-link.xml", base="https://news.example.org/feed.xml")
    assert [item.link for item in parsed.items] == [
        "http://[talks/geneva",  # kept as written: fetching it reports "not a valid URL"
        "https://news.example.org/2017/geneva.html",
    ]
