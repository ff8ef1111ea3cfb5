"""Every local source kind — text, HTML, JSON lines, JSON, directories, gzip of each — and every kind of
bad input, which is reported with its source and reason while the rest of the run goes on."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from parley.config import Settings
from parley.ingest.pipeline import ingest
from parley.models import IngestSummary, Outcome
from parley.store import Store
from parley.store.queries import ArticleFilter, find_articles, get_article

TALKS = (
    "Negotiators from both delegations met in Geneva on Tuesday for a second round of talks.\n\n"
    "\u201cWe have made progress on the prisoner exchange,\u201d the chief mediator told reporters, "
    "adding that the question of the ceasefire line remained open and that a third round was planned "
    "for March."
)
HTML_PAGE = """<!DOCTYPE html><html lang="en"><head>
<title>Second round of Geneva talks ends | Example News</title>
<meta property="og:title" content="Second round of Geneva talks ends">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2017-02-23T10:00:00Z">
<link rel="canonical" href="https://news.example.org/2017/02/23/geneva-talks">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Second round of Geneva talks ends</h1>
<p>Negotiators from both delegations met in Geneva on Tuesday for a second round of talks that
the United Nations envoy described as constructive but slow.</p>
<p>\u201cWe have made progress on the prisoner exchange,\u201d the chief mediator told reporters, adding that
the question of the ceasefire line remained open and that a third round was planned for March.</p>
<p>Opposition delegates said they would return only if the bombardment of the besieged towns stopped.</p>
</article><footer>Copyright Example News. All rights reserved.</footer></body></html>"""


def run(paths: list[Path | str], store: Store, settings: Settings) -> IngestSummary:
    return ingest([str(p) for p in paths], store, settings)


def only_article(store: Store) -> dict[str, object]:
    with store.reading() as connection:
        rows = find_articles(connection, ArticleFilter())
        assert len(rows) == 1, rows
        return get_article(connection, rows[0].id).to_dict()


def test_text_file_keeps_exact_text_and_headline(tmp_path: Path, store: Store, settings: Settings) -> None:
    raw = "Second round of Geneva talks ends\r\n\r\n" + TALKS + "\n"
    path = tmp_path / "geneva.txt"
    path.write_bytes(raw.encode("utf-8"))
    summary = run([path], store, settings)
    assert summary.counts[Outcome.NEW] == 1
    article = only_article(store)
    assert article["text"] == raw  # not a character changed, \r\n included
    assert article["title"] == "Second round of Geneva talks ends"
    assert article["key"] == "geneva"
    assert article["language"] == "en"


def test_html_page_gives_body_title_author_date_site(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    run([path], store, settings)
    article = only_article(store)
    text = str(article["text"])
    assert "prisoner exchange" in text and "bombardment" in text
    assert "Home" not in text and "Copyright" not in text  # navigation and footer dropped
    assert article["title"] == "Second round of Geneva talks ends"
    assert article["author"] == "Jane Reporter"
    assert article["published"] == "2017-02-23"
    assert article["canonical_url"] == "https://news.example.org/2017/02/23/geneva-talks"


def test_jsonl_records_with_text_and_html(tmp_path: Path, store: Store, settings: Settings) -> None:
    path = tmp_path / "records.jsonl"
    records = [
        {
            "id": "r1",
            "title": "Talks",
            "date": "2017-02-23",
            "url": "https://a.example/x",
            "source": "Agency",
            "text": TALKS,
        },
        {"id": 2, "html": HTML_PAGE, "url": "https://news.example.org/2017/02/23/geneva-talks"},
        {"text": "A third record, without an id, about the Cyprus reunification talks in Crans-Montana."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    summary = run([path], store, settings)
    assert summary.counts[Outcome.NEW] == 3, summary.to_dict()
    with store.reading() as connection:
        first = get_article(connection, "r1").to_dict()
        second = get_article(connection, "2").to_dict()
        third = get_article(connection, "records-3").to_dict()  # file name and line number
    assert (first["title"], first["published"], first["site"], first["url"]) == (
        "Talks",
        "2017-02-23",
        "Agency",
        "https://a.example/x",
    )
    assert first["text"] == TALKS
    assert (
        "prisoner exchange" in str(second["text"]) and second["title"] == "Second round of Geneva talks ends"
    )
    assert "Crans-Montana" in str(third["text"])


@pytest.mark.parametrize(
    "document",
    [
        # a JSON array of records
        [{"id": "a", "text": TALKS}],
        # an object with an "articles" list
        {"articles": [{"id": "a", "text": TALKS}]},
        # one record
        {"id": "a", "text": TALKS},
    ],
)
def test_json_document_shapes(tmp_path: Path, store: Store, settings: Settings, document: object) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    assert run([path], store, settings).counts[Outcome.NEW] == 1
    assert only_article(store)["key"] == "a"


@pytest.mark.parametrize("name", ["talks.txt.gz", "talks.html.gz", "talks.jsonl.gz", "talks.gz", "talks"])
def test_gzip_of_every_kind(tmp_path: Path, store: Store, settings: Settings, name: str) -> None:
    # the content, not the name, says what is inside
    if "html" in name:
        payload = HTML_PAGE.encode()
    elif "jsonl" in name:
        payload = (json.dumps({"id": "z", "text": TALKS}) + "\n").encode()
    else:
        payload = TALKS.encode()
    (tmp_path / name).write_bytes(gzip.compress(payload))
    summary = run([tmp_path / name], store, settings)
    assert summary.counts[Outcome.NEW] == 1, summary.to_dict()
    assert "prisoner exchange" in str(only_article(store)["text"])


def test_directory_is_walked_and_sniffed(tmp_path: Path, store: Store, settings: Settings) -> None:
    folder = tmp_path / "inbox" / "nested"
    folder.mkdir(parents=True)
    (folder / "no-extension").write_text(HTML_PAGE, encoding="utf-8")  # HTML without .html
    (tmp_path / "inbox" / "note.md").write_text("Cyprus talks: " + TALKS, encoding="utf-8")  # text, any name
    (tmp_path / "inbox" / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "inbox" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    summary = run([tmp_path / "inbox"], store, settings)
    assert summary.counts[Outcome.NEW] == 2, summary.to_dict()
    assert [(f.source.endswith("photo.png"), "PNG" in (f.reason or "")) for f in summary.failures] == [
        (True, True)
    ]


BAD_INPUTS = [
    # a binary file
    ("blob.bin", bytes(range(256)) * 8, "not a text document"),
    # an empty file
    ("empty.txt", b"", "empty document"),
    # whitespace only
    ("blank.txt", b"   \n\n  ", "empty document"),
    # a page with no article text
    ("empty.html", b"<html><head><title>x</title></head><body></body></html>", "no article text"),
    # a malformed feed with no items
    ("broken.xml", b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</ti', "feed"),
    # a corrupt gzip stream
    ("corrupt.gz", b"\x1f\x8b\x08\x00" + bytes(40), "gzip"),
    # a missing path
    ("does-not-exist.txt", None, "no such file"),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_INPUTS)
def test_bad_input_is_reported_and_the_rest_ingested(
    tmp_path: Path, store: Store, settings: Settings, name: str, content: bytes | None, reason: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TALKS, encoding="utf-8")
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    summary = run([bad, good], store, settings)
    assert summary.counts[Outcome.NEW] == 1
    assert len(summary.failures) == 1
    failure = summary.failures[0]
    assert failure.source == str(bad)
    assert reason in (failure.reason or "").lower(), failure.reason


def test_jsonl_bad_lines_are_reported_one_by_one(tmp_path: Path, store: Store, settings: Settings) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": TALKS}),
        '{"id": "broken", "text": "no closing quote}',  # malformed JSON
        json.dumps({"id": "wrongtype", "text": 42}),  # wrong type
        json.dumps(["not", "an", "object"]),  # not a record
        json.dumps({"id": "notext", "title": "only a title"}),  # no text
        "",  # blank lines are skipped silently
        json.dumps(
            {"id": "ok2", "text": "The Cyprus talks resumed in Geneva with the guarantor powers present."}
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = run([path], store, settings)
    assert summary.counts[Outcome.NEW] == 2
    reasons = {f.source: f.reason for f in summary.failures}
    assert set(reasons) == {f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:5"}
    assert "invalid JSON" in str(reasons[f"{path}:2"])
    assert "'text' must be a string, got int" in str(reasons[f"{path}:3"])
    assert "JSON object" in str(reasons[f"{path}:4"])
    assert "no 'text' or 'html'" in str(reasons[f"{path}:5"])


def test_oversized_documents_are_refused(tmp_path: Path, store: Store, settings: Settings) -> None:
    small = settings.with_overrides(max_document_bytes=2_000)
    big_text = tmp_path / "big.txt"
    big_text.write_text(TALKS * 20, encoding="utf-8")
    big_line = tmp_path / "big.jsonl"
    big_line.write_text(
        json.dumps({"id": "big", "text": TALKS * 20}) + "\n" + json.dumps({"id": "ok", "text": TALKS}) + "\n",
        encoding="utf-8",
    )
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a " * 1_000_000))  # 2 MB of text in a few kB
    summary = run([big_text, big_line, bomb], store, small)
    assert summary.counts[Outcome.NEW] == 1  # the small record only
    reasons = sorted((f.source, f.reason) for f in summary.failures)
    assert [s for s, _ in reasons] == sorted([str(big_text), f"{big_line}:1", str(bomb)])
    assert all("limit" in (r or "") for _, r in reasons)


def test_wrong_encoding_is_detected(tmp_path: Path, store: Store, settings: Settings) -> None:
    text = (
        "Les négociations de Genève ont repris mardi; l'émissaire a salué un « progrès » "
        "sur l'échange de prisonniers, mais la ligne de cessez-le-feu reste ouverte."
    )
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("cp1252"))
    run([path], store, settings)
    article = only_article(store)
    assert article["text"] == text
    assert article["encoding"] != "utf-8"
    assert article["language"] == "fr"


def test_nothing_ingested_only_failures(tmp_path: Path, store: Store, settings: Settings) -> None:
    summary = run([tmp_path / "missing-1.txt", tmp_path / "missing-2.txt"], store, settings)
    assert summary.stored == 0 and len(summary.failures) == 2
