"""URL, URL-list and feed ingestion against a real HTTP server on 127.0.0.1 (tests/ingest/httpserver.py):
what gets stored, what is sent (validators, User-Agent, pacing), and every way a fetch can fail."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from parley.cli import app
from parley.config import Settings
from parley.errors import FetchError
from parley.ingest import fetch as fetch_module
from parley.ingest.fetch import Fetcher, is_public_address
from parley.ingest.pipeline import ingest
from parley.models import IngestSummary, Outcome
from parley.store import Store
from parley.store.queries import StoredArticle, get_article
from parley.store.schema import articles
from tests.ingest.httpserver import HTTPTestServer

# --- fixtures: pages and feeds ------------------------------------------------------------------------

# Each page gets its own sentences, so that no two test articles are near-duplicates of each other.
TOPICS = {
    "geneva": (
        "Negotiators from both delegations met in Geneva for a third round of talks on the front line.",
        "The mediator said the sides would continue next week but gave no details of the draft text.",
        "A spokesman for one delegation said progress had been slow on the question of prisoners.",
    ),
    "grain": (
        "Shipping companies resumed grain exports through the corridor after insurers lowered premiums.",
        "Port officials counted eleven vessels leaving the harbour under the new inspection regime.",
        "Traders warned that the arrangement could collapse if the naval escorts were withdrawn.",
    ),
    "plant": (
        "Inspectors of the atomic agency reported that the cooling pond at the plant was still intact.",
        "Their team rotated across the line of contact under an arrangement brokered by the agency chief.",
        "Engineers asked for a guaranteed power line so the reactors can stay in cold shutdown safely.",
    ),
    "monitors": (
        "Monitors from the mission began patrolling the contact line at dawn, their spokesman said.",
        "They will report violations to a joint commission that meets weekly in the capital.",
        "Both parties promised safe passage to the observers, though shelling was heard overnight.",
    ),
    "prisoners": (
        "Two hundred detainees crossed the border in an exchange overseen by the humanitarian committee.",
        "Families waited for hours at the crossing point, holding photographs of missing relatives.",
        "Officials on both sides said a further swap of wounded soldiers was being prepared.",
    ),
    "sanctions": (
        "Finance ministers discussed which restrictions on the central bank could be eased in stages.",
        "Several governments insisted that frozen reserves remain blocked until reparations are settled.",
        "Business groups lobbied for licences allowing fertiliser shipments to resume before spring.",
    ),
}


def page(topic: str, title: str | None = None, head: str = "") -> str:
    """An article page; without a title it has no <title> and no headline at all."""
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in TOPICS[topic])
    title_tag = f"<title>{title} | Example News</title>" if title else ""
    headline = f"<h1>{title}</h1>" if title else ""
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{title_tag}{head}</head>"
        f"<body><article>{headline}{paragraphs}</article></body></html>"
    )


def body_text(topic: str) -> str:
    return "\n".join(TOPICS[topic])


def rss(items: list[dict[str, str]], title: str = "Example Wire") -> str:
    entries = "".join(
        "<item>"
        + f"<title>{item['title']}</title><link>{item['link']}</link>"
        + (f"<pubDate>{item['date']}</pubDate>" if "date" in item else "")
        + (f"<author>{item['author']}</author>" if "author" in item else "")
        + f"<description>{item.get('text', '')}</description>"
        + "</item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://wire.example.org/</link>{entries}</channel></rss>"
    )


def atom(entries: list[dict[str, str]], title: str = "Example Atom Desk") -> str:
    body = "".join(
        "<entry>"
        + f"<title>{entry['title']}</title><link rel='alternate' href='{entry['link']}'/>"
        + f"<id>urn:test:{index}</id><updated>{entry['date']}</updated>"
        + f"<author><name>{entry['author']}</name></author>"
        + f"<summary type='html'>{entry.get('text', '')}</summary>"
        + "</entry>"
        for index, entry in enumerate(entries)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:test:feed</id><updated>2025-12-02T09:00:00Z</updated>{body}</feed>"
    )


RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml"


def run(sources: list[str], store: Store, settings: Settings) -> IngestSummary:
    return ingest(sources, store, settings)


def stored(store: Store, reference: str) -> StoredArticle:
    with store.reading() as connection:
        return get_article(connection, reference)


def article_count(store: Store) -> int:
    with store.reading() as connection:
        return int(connection.execute(select(func.count()).select_from(articles)).scalar() or 0)


def reasons(summary: IngestSummary) -> dict[str, str | None]:
    return {failure.source: failure.reason for failure in summary.failures}


def urlpath(url: str) -> str:
    return urlsplit(url).path


def only_reason(summary: IngestSummary) -> str:
    assert summary.counts[Outcome.FAILED] == 1, summary.to_dict()
    return summary.failures[0].reason or ""


# --- a page fetched and stored ------------------------------------------------------------------------

FULL_HEAD = (
    '<meta property="og:site_name" content="Example News">'
    '<link rel="canonical" href="https://news.example.org/world/talks-resume">'
    '<meta property="article:published_time" content="2025-12-20T10:30:00Z">'
    '<meta name="author" content="Jane Doe">'
)


@pytest.mark.parametrize(
    ("path", "head", "site", "canonical", "author", "published"),
    [
        # everything from the page's own metadata
        (
            "/news/story.html",
            FULL_HEAD,
            "Example News",
            "https://news.example.org/world/talks-resume",
            "Jane Doe",
            "2025-12-20",
        ),
        # a bare page: the date comes from the URL, site and canonical URL from the address itself
        ("/2025/12/22/story.html", "", None, None, None, "2025-12-22"),
    ],
)
def test_page_is_fetched_and_stored(
    http_server: HTTPTestServer,
    store: Store,
    settings: Settings,
    path: str,
    head: str,
    site: str | None,
    canonical: str | None,
    author: str | None,
    published: str,
) -> None:
    url = http_server.route(path, page("geneva", "Talks resume in Geneva", head))
    summary = run([url], store, settings)
    assert summary.counts[Outcome.NEW] == 1, summary.to_dict()
    article = stored(store, url)
    row = article.row
    assert row["title"] == "Talks resume in Geneva"
    assert row["text"].endswith(body_text("geneva"))
    assert row["url"] == url
    assert row["key"] == url
    assert row["site"] == (site or f"127.0.0.1:{http_server.port}")
    assert row["canonical_url"] == (canonical or url)
    assert row["author"] == author
    assert row["published"] == published
    assert row["language"] == "en"
    assert [(s["kind"], s["location"]) for s in article.sources] == [("url", url)]


def test_gzip_content_encoding_is_decoded(
    http_server: HTTPTestServer, store: Store, settings: Settings
) -> None:
    url = http_server.route("/gz.html", page("grain", "Grain corridor reopens"), gzip=True)
    summary = run([url], store, settings)
    assert summary.counts[Outcome.NEW] == 1, summary.to_dict()
    assert stored(store, url).row["text"].endswith(body_text("grain"))
    assert "gzip" in http_server.requests_for("/gz.html")[0].headers["accept-encoding"]


def test_non_text_content_type_is_refused(
    http_server: HTTPTestServer, store: Store, settings: Settings
) -> None:
    url = http_server.route("/photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    assert only_reason(run([url], store, settings)) == "not a text document (image/png)"


# --- redirects --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "hops", "relative"),
    [
        (301, 1, False),  # moved permanently
        (302, 1, True),  # found, with a relative Location
        (303, 1, False),  # see other
        (307, 1, True),  # temporary, method kept
        (308, 1, False),  # permanent, method kept
        (302, 3, True),  # a chain of three hops, within max_redirects
    ],
)
def test_redirects_are_followed_and_the_final_url_recorded(
    http_server: HTTPTestServer, store: Store, settings: Settings, status: int, hops: int, relative: bool
) -> None:
    final = http_server.route("/final.html", page("plant", "Inspectors reach the plant"))
    target = "/final.html"
    for hop in range(hops, 0, -1):
        http_server.redirect(f"/hop{hop}", target if relative else http_server.url(target), status)
        target = f"/hop{hop}"
    start = http_server.url("/hop1")
    summary = run([start], store, settings)
    assert summary.counts[Outcome.NEW] == 1, summary.to_dict()
    row = stored(store, start).row
    assert row["url"] == final  # where the text came from
    assert row["key"] == start  # what the user named
    assert [r.path for r in http_server.requests] == [
        *(f"/hop{h}" for h in range(1, hops + 1)),
        "/final.html",
    ]


@pytest.mark.parametrize(
    ("routes", "max_redirects", "reason"),
    [
        # a loop is named as one, with the URLs that make it
        ({"/a": "/b", "/b": "/a"}, 5, "redirect loop: {u}/a → {u}/b → {u}/a"),
        # a chain longer than max_redirects
        (
            {f"/r{i}": f"/r{i + 1}" for i in range(7)},
            5,
            "more than 5 redirects (max_redirects): " + " → ".join(f"{{u}}/r{i}" for i in range(6)),
        ),
        # max_redirects=0 refuses even one hop
        ({"/a": "/b"}, 0, "more than 0 redirects (max_redirects): {u}/a"),
        # a redirect with nowhere to go
        ({"/a": None}, 5, "HTTP 302 redirect without a Location header"),
        # a redirect to something that cannot be fetched
        ({"/a": "ftp://files.example.org/x"}, 5, "redirected to ftp://files.example.org/x: only http://"),
    ],
)
def test_redirect_failures_say_why(
    http_server: HTTPTestServer,
    store: Store,
    settings: Settings,
    routes: dict[str, str | None],
    max_redirects: int,
    reason: str,
) -> None:
    for path, to in routes.items():
        if to is None:
            http_server.route(path, status=302, content_type=None)
        else:
            http_server.redirect(path, to)
    summary = run(
        [http_server.url("/a" if "/a" in routes else "/r0")],
        store,
        replace(settings, max_redirects=max_redirects),
    )
    assert only_reason(summary).startswith(reason.format(u=http_server.url("")))
    assert article_count(store) == 0


# --- conditional GET ----------------------------------------------------------------------------------

LAST_MODIFIED = "Mon, 01 Dec 2025 10:00:00 GMT"


@pytest.mark.parametrize(
    ("etag", "last_modified"),
    [
        ('"v1"', LAST_MODIFIED),  # both validators: both are sent back
        ('W/"weak-1"', None),  # a weak ETag alone
        (None, LAST_MODIFIED),  # a date alone
        ('"caf\u00e9-1"', None),  # an ETag with a Latin-1 byte (obs-text), sent back byte for byte
    ],
)
def test_second_run_is_a_conditional_get_answered_304(
    http_server: HTTPTestServer,
    store: Store,
    settings: Settings,
    etag: str | None,
    last_modified: str | None,
) -> None:
    url = http_server.route(
        "/story.html", page("grain", "Grain corridor reopens"), etag=etag, last_modified=last_modified
    )
    first = run([url], store, settings)
    assert first.counts[Outcome.NEW] == 1, first.to_dict()
    before = stored(store, url).to_dict()
    second = run([url], store, settings)
    assert second.counts[Outcome.NOT_MODIFIED] == 1, second.to_dict()
    assert sum(second.counts.values()) == 1
    assert stored(store, url).to_dict() == before
    assert article_count(store) == 1
    sent = http_server.requests_for("/story.html")
    assert "if-none-match" not in sent[0].headers and "if-modified-since" not in sent[0].headers
    assert sent[1].headers.get("if-none-match") == etag
    assert sent[1].headers.get("if-modified-since") == last_modified


def test_changed_page_is_fetched_again_with_its_new_validators(
    http_server: HTTPTestServer, store: Store, settings: Settings
) -> None:
    url = http_server.route("/story.html", page("grain", "Grain corridor reopens"), etag='"v1"')
    run([url], store, settings)
    http_server.route("/story.html", page("sanctions", "Ministers weigh sanctions relief"), etag='"v2"')
    second = run([url], store, settings)
    assert second.counts[Outcome.NEW] == 1, second.to_dict()
    third = run([url], store, settings)
    assert third.counts[Outcome.NOT_MODIFIED] == 1, third.to_dict()
    assert [r.headers.get("if-none-match") for r in http_server.requests] == [None, '"v1"', '"v2"']
    assert store.fetch_validators(url) == ('"v2"', None)


def test_validators_of_a_page_that_failed_are_not_remembered(
    http_server: HTTPTestServer, store: Store, settings: Settings
) -> None:
    # a page with no article text fails to build: the next run must fetch it in full, not get a 304
    url = http_server.route("/empty.html", "<html><body></body></html>", etag='"e1"')
    assert only_reason(run([url], store, settings)) == "no article text found in the page"
    assert store.fetch_validators(url) is None
    run([url], store, settings)
    assert "if-none-match" not in http_server.requests[1].headers


# --- status errors, timeouts, size caps, unreachable ---------------------------------------------------


def test_http_errors_are_reported_and_the_run_goes_on(
    http_server: HTTPTestServer, store: Store, settings: Settings
) -> None:
    missing = http_server.url("/missing.html")  # not declared: the server answers 404
    broken = http_server.route("/broken.html", "<html><body>oops</body></html>", status=500)
    unavailable = http_server.route("/busy.html", "", status=503)
    good = http_server.route("/good.html", page("plant", "Inspectors reach the plant"))
    summary = run([missing, broken, good, unavailable], store, settings)
    assert summary.counts[Outcome.NEW] == 1
    assert reasons(summary) == {
        missing: "HTTP 404 Not Found",
        broken: "HTTP 500 Internal Server Error",
        unavailable: "HTTP 503 Service Unavailable",
    }
    assert stored(store, good).row["title"] == "Inspectors reach the plant"


@pytest.mark.parametrize(
    ("timeout", "deadline", "reason"),
    [
        # the server says nothing for longer than fetch_timeout
        (0.4, 5.0, "timed out after 0.4 s (fetch_timeout)"),
        # within fetch_timeout, but past the deadline: no single wait may outlast it
        (2.0, 0.6, "the fetch took longer than 0.6 s in all (fetch_deadline)"),
    ],
)
def test_slow_server_hits_the_timeout(
    http_server: HTTPTestServer,
    store: Store,
    settings: Settings,
    timeout: float,
    deadline: float,
    reason: str,
) -> None:
    url = http_server.route("/slow.html", page("geneva", "Late"), delay=1.5)
    started = time.monotonic()
    summary = run([url], store, replace(settings, fetch_timeout=timeout, fetch_deadline=deadline))
    assert only_reason(summary) == reason
    assert time.monotonic() - started < 1.4  # gave up, did not wait for the answer


def test_trickling_server_hits_the_deadline(
    http_server: HTTPTestServer, store: Store, settings: Settings
) -> None:
    # every chunk arrives well within fetch_timeout, but the whole body would take 4 s
    url = http_server.route("/trickle.html", page("geneva", "Drip"), chunk_size=40, trickle=0.1)
    summary = run([url], store, replace(settings, fetch_timeout=0.5, fetch_deadline=0.8))
    assert only_reason(summary) == "the fetch took longer than 0.8 s in all (fetch_deadline)"


def test_deadline_covers_the_whole_redirect_chain(
    http_server: HTTPTestServer, store: Store, settings: Settings
) -> None:
    # three slow hops, each well within fetch_timeout and fetch_deadline, too slow together
    http_server.route("/final.html", page("geneva", "Late"), delay=0.35)
    for hop, to in (("/d1", "/d2"), ("/d2", "/final.html")):
        http_server.route(hop, status=302, content_type=None, headers={"Location": to}, delay=0.35)
    summary = run([http_server.url("/d1")], store, replace(settings, fetch_timeout=2.0, fetch_deadline=0.9))
    assert only_reason(summary) == (
        f"redirected to {http_server.url('/final.html')}: "
        "the fetch took longer than 0.9 s in all (fetch_deadline)"
    )


@pytest.mark.parametrize(
    ("options", "body", "reason"),
    [
        # Content-Length says it all: refused before the body is read
        ({}, "x" * 5000, "the server announces 5,000 bytes, over the 2,000-byte limit (max_document_bytes)"),
        # chunked, no length announced: refused once the body passes the cap
        ({"chunked": True, "chunk_size": 500}, "x" * 5000, "body larger than the 2,000-byte limit"),
        # small on the wire, large once gunzipped: the cap holds for the decoded body
        ({"gzip": True}, "x" * 50_000, "body larger than the 2,000-byte limit"),
    ],
)
def test_oversized_body_is_refused(
    http_server: HTTPTestServer,
    store: Store,
    settings: Settings,
    options: dict[str, Any],
    body: str,
    reason: str,
) -> None:
    url = http_server.route("/big.html", body, **options)
    summary = run([url], store, replace(settings, max_document_bytes=2000))
    assert only_reason(summary).startswith(reason)


def test_unreachable_port_is_reported(store: Store, settings: Settings) -> None:
    server = HTTPTestServer()  # bound, never started, then closed: nothing listens on the port
    url = server.url("/page.html")
    server.stop()
    reason = only_reason(run([url], store, settings))
    assert reason.startswith("cannot connect:")
    assert "refused" in reason.lower()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("http://[::1/story", "not a valid URL (Invalid IPv6 URL)"),  # unbalanced bracket
        ("http://bad..host/story", "not a valid URL"),  # an empty label in the host name
    ],
)
@pytest.mark.parametrize("allow_private", [True, False])
def test_malformed_url_in_a_list_is_reported_not_fatal(
    http_server: HTTPTestServer,
    store: Store,
    settings: Settings,
    tmp_path: Path,
    line: str,
    reason: str,
    allow_private: bool,
) -> None:
    good = http_server.route("/good.html", page("plant", "Inspectors reach the plant"))
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{line}\n{good}\n", encoding="utf-8")
    # with private addresses refused, 127.0.0.1 is refused too; the bad line must still not crash the run
    summary = run([str(listing)], store, replace(settings, allow_private_addresses=allow_private))
    assert (reasons(summary)[line] or "").startswith(reason)
    assert summary.counts[Outcome.NEW] == (1 if allow_private else 0)


# --- URL lists ------------------------------------------------------------------------------------------


def test_url_list_file_fetches_each_url(
    http_server: HTTPTestServer, store: Store, settings: Settings, tmp_path: Path
) -> None:
    urls = [
        http_server.route("/one.html", page("geneva", "Talks resume in Geneva")),
        http_server.route("/two.html", page("grain", "Grain corridor reopens")),
    ]
    missing = http_server.url("/gone.html")
    listing = tmp_path / "reading-list"  # no extension: recognised by its content
    listing.write_text(f"# morning reading\n{urls[0]}\n\n  {urls[1]}  \n{missing}\n", encoding="utf-8")
    summary = run([str(listing)], store, settings)
    assert summary.counts[Outcome.NEW] == 2
    assert reasons(summary) == {missing: "HTTP 404 Not Found"}
    assert [stored(store, u).row["title"] for u in urls] == [
        "Talks resume in Geneva",
        "Grain corridor reopens",
    ]


def test_url_list_served_over_http_but_not_nested(
    http_server: HTTPTestServer, store: Store, settings: Settings
) -> None:
    page_url = http_server.route("/one.html", page("geneva", "Talks resume in Geneva"))
    inner = http_server.route("/inner.txt", f"{page_url}\n", content_type="text/plain")
    # a list that lists a page, another list, and itself: the page is read, the lists are not followed
    outer = http_server.route(
        "/outer.txt", f"{page_url}\n{inner}\n{http_server.url('/outer.txt')}\n", content_type="text/plain"
    )
    summary = run([outer], store, settings)
    assert summary.counts[Outcome.NEW] == 1
    assert reasons(summary) == {
        inner: "a URL list reached through a list is not followed",
        outer: "a URL list reached through a list is not followed",
    }


# --- feeds whose items are fetched as pages ---------------------------------------------------------


def feed_site(http_server: HTTPTestServer, kind: str) -> tuple[str, str, str, str]:
    """A feed of two items on the server, returns (feed URL, feed title, full page URL, bare page URL).

    The full page has its own title, date and author (they win over the feed's); the bare page has
    none, so the feed's title, date and author are used. One item link is relative to the feed URL."""
    full = http_server.route(
        "/articles/full.html",
        page(
            "prisoners",
            "Prisoner exchange completed",
            '<meta property="article:published_time" content="2025-11-03">'
            '<meta name="author" content="Page Author">',
        ),
    )
    bare = http_server.route("/articles/bare.html", page("monitors"))
    if kind == "rss":
        body = rss(
            [
                {
                    "title": "Feed title of the exchange",
                    "link": "/articles/full.html",
                    "date": "Sat, 01 Nov 2025 12:00:00 GMT",
                    "author": "desk@wire.example.org (Wire Desk)",
                },
                {
                    "title": "Ceasefire monitors deployed",
                    "link": bare,
                    "date": "Tue, 02 Dec 2025 08:15:00 GMT",
                    "author": "jane@example.org (Jane Doe)",
                },
            ]
        )
        return (
            http_server.route("/feeds/rss.xml", body, content_type=RSS_TYPE, etag='"feed-1"'),
            "Example Wire",
            full,
            bare,
        )
    body = atom(
        [
            {
                "title": "Feed title of the exchange",
                "link": full,
                "date": "2025-11-01T12:00:00Z",
                "author": "Wire Desk",
            },
            {
                "title": "Ceasefire monitors deployed",
                "link": "../articles/bare.html",
                "date": "2025-12-02T08:15:00+00:00",
                "author": "Jane Doe",
            },
        ]
    )
    return (
        http_server.route("/feeds/atom.xml", body, content_type=ATOM_TYPE, last_modified=LAST_MODIFIED),
        "Example Atom Desk",
        full,
        bare,
    )


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_items_are_fetched_as_pages_with_feed_metadata_as_fallback(
    http_server: HTTPTestServer, store: Store, settings: Settings, kind: str
) -> None:
    feed_url, feed_title, full, bare = feed_site(http_server, kind)
    summary = run([feed_url], store, settings)
    assert summary.counts[Outcome.NEW] == 2, summary.to_dict()
    assert summary.counts[Outcome.FAILED] == 0
    # the page's own metadata beats the feed's
    full_row = stored(store, full).row
    assert (full_row["title"], full_row["author"], full_row["published"]) == (
        "Prisoner exchange completed",
        "Page Author",
        "2025-11-03",
    )
    assert full_row["text"].endswith(body_text("prisoners"))
    # a page that says nothing of itself takes the feed's title, date (to the second) and author
    bare_article = stored(store, bare)
    row = bare_article.row
    assert (row["title"], row["author"], row["site"]) == (
        "Ceasefire monitors deployed",
        "Jane Doe",
        feed_title,
    )
    assert (row["published_at"], row["published_granularity"], row["published_method"]) == (
        datetime(2025, 12, 2, 8, 15),
        "time",
        "feed",
    )
    assert row["text"] == body_text("monitors")
    assert bare_article.sources[0]["kind"] == "url"
    assert bare_article.sources[0]["site"] == feed_title
    # all items stored: the feed's validators are remembered and the next run is a single 304
    assert store.fetch_validators(feed_url) is not None
    second = run([feed_url], store, settings)
    assert second.counts[Outcome.NOT_MODIFIED] == 1 and sum(second.counts.values()) == 1, second.to_dict()
    paths = [r.path for r in http_server.requests]
    assert paths.count("/articles/full.html") == 1 and paths.count("/articles/bare.html") == 1


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_validators_are_not_remembered_when_an_item_failed(
    http_server: HTTPTestServer, store: Store, settings: Settings, kind: str
) -> None:
    feed_url, _, full, bare = feed_site(http_server, kind)
    http_server.route("/articles/bare.html", "", status=500)
    first = run([feed_url], store, settings)
    assert first.counts[Outcome.NEW] == 1
    assert reasons(first) == {bare: "HTTP 500 Internal Server Error"}
    assert store.fetch_validators(feed_url) is None
    # the next run fetches the feed in full (no validators sent) so that the failed item is retried
    http_server.route("/articles/bare.html", page("monitors"))
    second = run([feed_url], store, settings)
    feed_requests = http_server.requests_for(urlpath(feed_url))
    assert len(feed_requests) == 2
    assert "if-none-match" not in feed_requests[1].headers
    assert "if-modified-since" not in feed_requests[1].headers
    assert second.counts[Outcome.NEW] == 1 and second.counts[Outcome.FAILED] == 0, second.to_dict()
    assert store.fetch_validators(feed_url) is not None
    assert stored(store, full).row["title"] == "Prisoner exchange completed"


def test_feed_text_mode_ingests_the_feeds_own_text(
    http_server: HTTPTestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no parley.toml of the developer's
    for name in ("PARLEY_CONFIG", "PARLEY_DB", "PARLEY_FETCH_FEED_ITEMS", "PARLEY_ALLOW_PRIVATE_ADDRESSES"):
        monkeypatch.delenv(name, raising=False)
    full = http_server.route("/articles/full.html", page("prisoners", "Never fetched"))
    feed_url = http_server.route(
        "/feeds/rss.xml",
        rss(
            [
                {
                    "title": "Exchange of prisoners",
                    "link": full,
                    "date": "Sat, 01 Nov 2025 12:00:00 GMT",
                    "text": "&lt;p&gt;" + " ".join(TOPICS["prisoners"]) + "&lt;/p&gt;",
                },
                {
                    "title": "Talks in Geneva",
                    "link": http_server.url("/articles/geneva.html"),
                    "text": "&lt;p&gt;"
                    + TOPICS["geneva"][0]
                    + "&lt;/p&gt;&lt;p&gt;"
                    + TOPICS["geneva"][1]
                    + "&lt;/p&gt;",
                },
                {"title": "Headline only", "link": http_server.url("/articles/none.html")},
            ]
        ),
        content_type=RSS_TYPE,
    )
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = CliRunner().invoke(
        app, ["ingest", feed_url, "--feed-text", "--db", db, "--json", "--politeness-delay", "0"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["counts"]["new"] == 2
    assert summary["failures"] == [
        {"source": f"{feed_url}#2", "reason": "the feed item carries no text (fetch_feed_items is off)"}
    ]
    assert [r.path for r in http_server.requests] == ["/feeds/rss.xml"]  # no item page was fetched
    with Store.open(db) as store:
        row = stored(store, full).row
        geneva = stored(store, http_server.url("/articles/geneva.html")).row
        sources = stored(store, full).sources
    assert row["text"] == " ".join(TOPICS["prisoners"])
    assert (row["title"], row["published"], row["site"]) == (
        "Exchange of prisoners",
        "2025-11-01T12:00",
        "Example Wire",
    )
    assert geneva["text"] == "\n".join(TOPICS["geneva"][:2])
    assert (sources[0]["kind"], sources[0]["location"]) == ("feed", feed_url)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        # cut off before any item could be read
        (
            "<rss version='2.0'><channel><title>T</title><item><title>Cut",
            "the feed item carries no text; malformed feed: ",
        ),
        # broken XML from the first tag on
        ("<rss><channel><<title>", "malformed feed: not well-formed (invalid token); no items could be read"),
        # well-formed, but holding nothing
        (
            "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title></channel></rss>",
            "the feed holds no items",
        ),
    ],
)
def test_malformed_or_empty_feed_is_reported(
    http_server: HTTPTestServer, store: Store, settings: Settings, body: str, reason: str
) -> None:
    url = http_server.route("/feed.xml", body, content_type=RSS_TYPE, etag='"bad"')
    assert only_reason(run([url], store, settings)).startswith(reason)
    assert store.fetch_validators(url) is None


def test_feed_item_linking_to_a_feed_is_not_followed(
    http_server: HTTPTestServer, store: Store, settings: Settings
) -> None:
    # an item that links back to its own feed must not make the reader fetch the feed forever
    feed_url = http_server.url("/feeds/self.xml")
    page_url = http_server.route("/articles/full.html", page("sanctions", "Ministers weigh sanctions relief"))
    http_server.route(
        "/feeds/self.xml",
        rss([{"title": "Itself", "link": feed_url}, {"title": "A page", "link": page_url}]),
        content_type=RSS_TYPE,
    )
    summary = run([feed_url], store, settings)
    assert summary.counts[Outcome.NEW] == 1
    assert reasons(summary) == {feed_url: "the feed item links to another feed, which is not followed"}
    assert [r.path for r in http_server.requests].count("/feeds/self.xml") == 2


def test_url_list_of_feeds_is_expanded(
    http_server: HTTPTestServer, store: Store, settings: Settings, tmp_path: Path
) -> None:
    feed_url, _, full, bare = feed_site(http_server, "rss")
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"{feed_url}\n", encoding="utf-8")
    summary = run([str(listing)], store, settings)
    assert summary.counts[Outcome.NEW] == 2, summary.to_dict()
    assert {stored(store, u).row["title"] for u in (full, bare)} == {
        "Prisoner exchange completed",
        "Ceasefire monitors deployed",
    }


# --- what is sent: User-Agent, pacing, refused addresses ------------------------------------------------


@pytest.mark.parametrize("agent", [None, "parley-test/1.0 (+mailto:desk@example.org)"])
def test_user_agent_is_sent(
    http_server: HTTPTestServer, store: Store, settings: Settings, agent: str | None
) -> None:
    url = http_server.route("/story.html", page("geneva", "Talks resume in Geneva"))
    effective = settings if agent is None else replace(settings, user_agent=agent)
    run([url], store, effective)
    sent = http_server.requests[0].headers["user-agent"]
    assert sent == effective.user_agent
    assert sent.startswith("parley/") if agent is None else sent == agent


def test_politeness_delay_spaces_requests_to_one_host(
    http_server: HTTPTestServer, store: Store, settings: Settings, tmp_path: Path
) -> None:
    urls = [http_server.route(f"/{t}.html", page(t, t.title())) for t in ("geneva", "grain", "plant")]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    summary = run([str(listing)], store, replace(settings, politeness_delay=0.3))
    assert summary.counts[Outcome.NEW] == 3
    times = [r.time for r in http_server.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.28 for earlier, later in itertools.pairwise(times)), times


def test_politeness_delay_is_per_host(http_server: HTTPTestServer, settings: Settings) -> None:
    http_server.route("/a", "first")
    http_server.route("/b", "second")
    with Fetcher(replace(settings, politeness_delay=0.5)) as fetcher:
        fetcher.get(http_server.url("/a"))
        fetcher.get(http_server.url("/b", host="localhost"))  # another host name: no wait
        fetcher.get(http_server.url("/b"))  # 127.0.0.1 again: waits for its turn
    first, other_host, same_host = (r.time for r in http_server.requests)
    assert other_host - first < 0.4
    assert same_host - first >= 0.48


def test_private_addresses_refused_when_not_allowed(
    http_server: HTTPTestServer, store: Store, settings: Settings
) -> None:
    url = http_server.route("/story.html", page("geneva", "Talks resume in Geneva"))
    summary = run([url], store, replace(settings, allow_private_addresses=False))
    assert only_reason(summary) == (
        "refused: 127.0.0.1 is a private or loopback address (allow_private_addresses is off)"
    )
    assert http_server.requests == []  # refused before connecting


def test_private_address_refused_after_a_redirect(
    http_server: HTTPTestServer, store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "localhost" plays a public host here; its redirect lands on 127.0.0.1, which must be refused
    monkeypatch.setattr(fetch_module, "is_public_address", lambda host: host != "127.0.0.1")
    target = http_server.route("/story.html", page("geneva", "Talks resume in Geneva"))
    http_server.redirect("/hop", target)
    start = http_server.url("/hop", host="localhost")
    summary = run([start], store, replace(settings, allow_private_addresses=False))
    assert only_reason(summary) == (
        f"redirected to {target}: refused: 127.0.0.1 is a private or loopback address "
        "(allow_private_addresses is off)"
    )
    assert [r.path for r in http_server.requests] == ["/hop"]


@pytest.mark.parametrize(
    ("host", "public"),
    [
        ("127.0.0.1", False),  # loopback
        ("::1", False),  # IPv6 loopback
        ("10.1.2.3", False),  # private
        ("192.168.0.10", False),  # private
        ("169.254.169.254", False),  # link-local: cloud metadata services live here
        ("8.8.8.8", True),  # public
        ("bad..host", True),  # not resolvable: the fetch reports it, the check does not crash
    ],
)
def test_is_public_address(host: str, public: bool) -> None:
    assert is_public_address(host) is public


def test_fetcher_raises_fetch_error_with_the_requested_url(
    http_server: HTTPTestServer, settings: Settings
) -> None:
    url = http_server.url("/nothing")
    with Fetcher(settings) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert (caught.value.source, caught.value.reason) == (url, "HTTP 404 Not Found")
