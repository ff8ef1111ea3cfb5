"""The eight real feeds of ../shared/data/news/rss_fixtures (RSS 2.0, Atom, RDF in ISO-8859-1), read in
place: parsed item by item against the reference parse in `articles.jsonl`, and ingested with
fetch_feed_items off."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from parley.config import Settings
from parley.ingest.feeds import fragment_to_text, parse_feed
from parley.ingest.pipeline import ingest
from parley.models import Outcome
from parley.store import Store
from parley.store.queries import get_article
from tests.conftest import shared_path

FEEDS = [
    "dhvcc_atom_theverge.xml",
    "dhvcc_rdf_slashdot.xml",
    "dhvcc_rss_bbc_news.xml",
    "dhvcc_rss_hnrss.xml",
    "dhvcc_rss_npr.xml",
    "jameslawler_huffpost.xml",
    "jameslawler_reuters.xml",
    "rbren_guardian.rss",
]
# The reference text is the item's description; The Verge's entries also carry the full post
# (content), which parley prefers as the longer text.
FULL_CONTENT_FEEDS = {"dhvcc_atom_theverge.xml"}


def fixtures() -> Path:
    return shared_path("data", "news", "rss_fixtures")


def reference(feed: str) -> list[dict[str, Any]]:
    """The reference items of one feed, in feed order."""
    by_feed: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with (fixtures() / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            by_feed[record["feed_path"]].append(record)
    return by_feed[feed]


def instant(iso: str) -> datetime:
    """An ISO 8601 date as an aware UTC instant, whatever offset it was written with."""
    return datetime.fromisoformat(iso).astimezone(UTC)


def words(text: str) -> str:
    return " ".join(text.split())


def test_every_fixture_feed_is_covered() -> None:
    on_disk = sorted(p.name for p in fixtures().iterdir() if p.suffix in (".xml", ".rss"))
    assert on_disk == FEEDS
    assert sum(len(reference(feed)) for feed in FEEDS) == 187  # as the fixtures' README says


@pytest.mark.parametrize("feed", FEEDS)
def test_feed_parses_like_the_reference(feed: str) -> None:
    expected = reference(feed)
    parsed = parse_feed((fixtures() / feed).read_bytes(), feed)
    assert parsed.warning is None
    assert parsed.title == expected[0]["source"]
    assert len(parsed.items) == len(expected)
    assert [item.title for item in parsed.items] == [r["title"] for r in expected]
    assert [item.link for item in parsed.items] == [r["url"] for r in expected]
    # the reference keeps each feed's own offset (-04:00, +00:00 …); parley says UTC: the instants agree
    assert [instant(item.date or "") for item in parsed.items] == [instant(r["date"]) for r in expected]
    assert all(item.date and item.date.endswith("+00:00") for item in parsed.items)
    for item, record in zip(parsed.items, expected, strict=True):
        description = words(fragment_to_text(record["text"]))
        if feed in FULL_CONTENT_FEEDS:
            assert len(item.text) > len(description)
            assert " ".join(description.split()[:8]) in words(item.text), item.title
        else:
            assert words(item.text) == description, item.title
        assert "<" not in item.text or "<" in description  # markup is gone, text kept


def test_iso_8859_1_rdf_feed_is_decoded() -> None:
    raw = (fixtures() / "dhvcc_rdf_slashdot.xml").read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    parsed = parse_feed(raw, "slashdot")
    # its titles happen to be ASCII; they must still come out whole, with the RDF items in order
    assert parsed.items[0].title == "GM Is Quietly Becoming a Subscriptions Company"
    assert (
        parsed.items[8].title == "Jack Dorsey Takes On Slack and GitHub With New AI Workplace Platform 'Buzz'"
    )
    assert all("\ufffd" not in (item.title or "") + item.text for item in parsed.items)


def test_non_ascii_in_an_iso_8859_1_rdf_feed() -> None:
    # a feed of our own in the same shape, with Latin-1 bytes (é = 0xE9) the real one lacks
    feed = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://example.org/"><title>Dépêches</title><link>https://example.org/</link>'
        "<description>d</description></channel>"
        '<item rdf:about="https://example.org/1"><title>Négociations à Genève : « progrès »</title>'
        "<link>https://example.org/1</link><description>Les délégués ont reçu un projet.</description>"
        "<dc:date>2025-12-02T08:15:00+01:00</dc:date></item></rdf:RDF>"
    ).encode("iso-8859-1")
    parsed = parse_feed(feed, "latin1.rdf")
    assert parsed.title == "Dépêches"
    item = parsed.items[0]
    assert (item.title, item.text, item.date) == (
        "Négociations à Genève : « progrès »",
        "Les délégués ont reçu un projet.",
        "2025-12-02T07:15:00+00:00",
    )


@pytest.mark.parametrize("feed", FEEDS)
def test_feed_file_ingests_its_items_with_fetch_feed_items_off(
    feed: str, store: Store, settings: Settings
) -> None:
    path = fixtures() / feed
    expected = reference(feed)
    summary = ingest([str(path)], store, replace(settings, fetch_feed_items=False))
    assert summary.counts[Outcome.NEW] == len(expected), summary.to_dict()
    assert summary.failures == []
    with store.reading() as connection:
        for record in expected:
            article = get_article(connection, record["url"])  # a feed item's key is its link
            row = article.row
            assert row["title"] == " ".join(record["title"].split())
            assert row["url"] == record["url"]
            assert row["site"] == record["source"]
            assert (row["published_method"], row["published_granularity"]) == ("feed", "time")
            assert row["published_at"].replace(tzinfo=UTC) == instant(record["date"])
            assert [(s["kind"], s["location"]) for s in article.sources] == [("feed", str(path))]
            if feed not in FULL_CONTENT_FEEDS:  # the feed's own text, as stored
                assert words(row["text"]) == words(fragment_to_text(record["text"]))
