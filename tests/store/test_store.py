"""The store on both engines: idempotent writes, exact and near-duplicate links, search, migrations."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, inspect, select, text

from parley.config import Settings
from parley.errors import QueryError, StoreError
from parley.ingest.pipeline import ingest
from parley.models import Outcome
from parley.store import Store
from parley.store.migrate import current_revision, head_revision
from parley.store.queries import ArticleFilter, find_articles, get_article, store_stats
from parley.store.schema import metadata
from tests.conftest import shared_path

WIRE = (
    "GENEVA (Wire) - Syrian government and opposition delegations ended a second round of United Nations "
    "mediated peace talks in Geneva on Friday without agreement on a political transition, but the UN envoy "
    "Staffan de Mistura said both sides had accepted an agenda for the next round. \u201cWe have the agenda "
    "now,\u201d de Mistura told reporters after the final session, adding that the talks would focus on "
    "governance, a new constitution, elections and counter-terrorism. The opposition High Negotiations "
    "Committee said it would return only if Russia pressed Damascus to respect the ceasefire brokered in "
    "Astana in December. Government negotiator Bashar al-Jaafari accused the opposition of protecting "
    "terrorists and said the fight against them must come first. Diplomats said a third round could begin "
    "in March, although the date depended on consultations in Moscow and Ankara."
)


def edited(story: str) -> str:
    """The same wire story as another outlet runs it: a new dateline, a word changed, a sentence added."""
    return (
        story.replace("GENEVA (Wire) - ", "Geneva, Feb 24 (Outlet) - ").replace(
            "ended a second round", "concluded a second round"
        )
        + " The Kremlin welcomed the agreement on an agenda."
    )


def dump(store: Store) -> dict[str, list[Any]]:
    """Every row of every parley table, for comparing two states of a store."""
    tables = list(metadata.sorted_tables)
    with store.reading() as connection:
        return {t.name: sorted(map(repr, connection.execute(select(t)).all())) for t in tables}


def write_records(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def open_store(url: str, tmp_path: Path) -> tuple[Store, Settings]:
    settings = Settings(db=url, politeness_delay=0.0)
    return Store.open(url, near_duplicate_threshold=settings.near_duplicate_threshold), settings


def test_ingesting_twice_changes_nothing(any_store_url: str, tmp_path: Path) -> None:
    store, settings = open_store(any_store_url, tmp_path)
    with store:
        source = write_records(
            tmp_path / "a.jsonl",
            [
                {"id": "w1", "text": WIRE, "date": "2017-02-24"},
                {"id": "w2", "text": edited(WIRE), "date": "2017-02-24"},
                {
                    "id": "w3",
                    "text": "Cyprus reunification talks resumed in Geneva with the guarantor powers.",
                },
            ],
        )
        first = ingest([str(source)], store, settings)
        before = dump(store)
        second = ingest([str(source)], store, settings)
        assert dump(store) == before  # not a row changed, timestamps included
    assert first.counts[Outcome.NEW] + first.counts[Outcome.NEAR_DUPLICATE] == 3
    assert second.counts[Outcome.UNCHANGED] == 3 and second.stored == 3


def test_exact_duplicates_are_stored_once_and_linked(any_store_url: str, tmp_path: Path) -> None:
    store, settings = open_store(any_store_url, tmp_path)
    with store:
        a = write_records(tmp_path / "agency.jsonl", [{"id": "a1", "text": WIRE, "source": "Agency"}])
        # the same text with other spacing, quotes and case is the same article
        copy = WIRE.replace("\u201c", '"').replace("\u201d", '"').replace(" - ", "  -  ").upper()
        b = write_records(tmp_path / "outlet.jsonl", [{"id": "b7", "text": copy, "source": "Outlet"}])
        summary = ingest([str(a), str(b)], store, settings)
        assert (summary.counts[Outcome.NEW], summary.counts[Outcome.DUPLICATE]) == (1, 1)
        with store.reading() as connection:
            article = get_article(connection, "a1").to_dict()
        assert [(s["key"], s["site"]) for s in article["sources"]] == [("a1", "Agency"), ("b7", "Outlet")]
        assert article["text"] == WIRE  # the first copy's text is the one kept


def test_near_duplicates_are_linked(any_store_url: str, tmp_path: Path) -> None:
    store, settings = open_store(any_store_url, tmp_path)
    with store:
        records = [
            {"id": "orig", "text": WIRE},
            {"id": "retold", "text": edited(WIRE)},
            {"id": "other", "text": WIRE[::-1]},
        ]  # same words' characters, nothing shared
        summary = ingest([str(write_records(tmp_path / "n.jsonl", records))], store, settings)
        assert summary.counts[Outcome.NEAR_DUPLICATE] == 1
        with store.reading() as connection:
            retold = get_article(connection, "retold").to_dict()
            other = get_article(connection, "other").to_dict()
            orig_id = get_article(connection, "orig").row["id"]
        assert [n["id"] for n in retold["near_duplicates"]] == [orig_id]
        assert 0.6 <= retold["near_duplicates"][0]["similarity"] < 1.0
        assert other["near_duplicates"] == []


def test_threshold_is_configurable_and_buckets_rebuilt(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    heavy = edited(
        edited(WIRE)
        .replace("Friday", "Saturday")
        .replace("March", "April")
        .replace("reporters", "journalists")
        .replace("agenda", "plan")
    )
    with Store.open(url, near_duplicate_threshold=0.95) as strict:
        ingest(
            [str(write_records(tmp_path / "1.jsonl", [{"id": "orig", "text": WIRE}]))],
            strict,
            Settings(db=url, near_duplicate_threshold=0.95),
        )
    # a lower threshold means another LSH layout: the bucket index is rebuilt from the stored signatures
    with Store.open(url, near_duplicate_threshold=0.3) as loose:
        summary = ingest(
            [str(write_records(tmp_path / "2.jsonl", [{"id": "heavy", "text": heavy}]))],
            loose,
            Settings(db=url, near_duplicate_threshold=0.3),
        )
    assert summary.counts[Outcome.NEAR_DUPLICATE] == 1


def test_full_text_search_and_filters(any_store_url: str, tmp_path: Path) -> None:
    store, settings = open_store(any_store_url, tmp_path)
    with store:
        records = [
            {
                "id": "syria",
                "title": "Geneva talks end",
                "date": "2017-02-24",
                "source": "Agency",
                "text": WIRE,
            },
            {
                "id": "cyprus",
                "title": "Cyprus talks",
                "date": "2017-01-12",
                "source": "Outlet",
                "text": "Cyprus reunification negotiations resumed in Geneva with Greece, Turkey, Britain.",
            },
        ]
        ingest([str(write_records(tmp_path / "s.jsonl", records))], store, settings)
        with store.reading() as connection:

            def keys(**filters: Any) -> list[str]:
                return [r.key for r in find_articles(connection, ArticleFilter(**filters))]

            assert keys() == ["syria", "cyprus"]  # newest first
            assert keys(text="reunification") == ["cyprus"]
            assert keys(text="transitions") == ["syria"]  # stemmed: "transitions" finds "transition"
            assert keys(text="Geneva") == ["syria", "cyprus"] or set(keys(text="Geneva")) == {
                "syria",
                "cyprus",
            }
            assert keys(text='"political transition"') == ["syria"]
            assert keys(site="outlet") == ["cyprus"]
            from datetime import date

            assert keys(since=date(2017, 2, 1)) == ["syria"]
            assert keys(until=date(2017, 1, 12)) == ["cyprus"]  # inclusive
            assert keys(limit=1, offset=1) == ["cyprus"]
            stats = store_stats(connection)
            assert (stats["articles"], stats["first_published"], stats["last_published"]) == (
                2,
                "2017-01-12",
                "2017-02-24",
            )


def test_malformed_search_is_a_query_error(store: Store, settings: Settings, tmp_path: Path) -> None:
    ingest([str(write_records(tmp_path / "s.jsonl", [{"id": "x", "text": WIRE}]))], store, settings)
    with store.reading() as connection, pytest.raises(QueryError, match="malformed search query"):
        find_articles(connection, ArticleFilter(text='"unbalanced AND'))


def test_migrations_build_the_declared_schema(any_store_url: str, tmp_path: Path) -> None:
    store, _ = open_store(any_store_url, tmp_path)
    with store:
        assert store.applied and store.applied[-1] == head_revision()
        assert current_revision(store.engine) == head_revision()
        live = MetaData()
        live.reflect(store.engine)
        for table in metadata.sorted_tables:
            assert table.name in live.tables, table.name
            declared = {c.name for c in table.columns}
            actual = {c.name for c in live.tables[table.name].columns} - {"search"}  # PostgreSQL's tsvector
            assert declared == actual, table.name
        indexes = {i["name"] for i in inspect(store.engine).get_indexes("articles")}
        assert {"ix_articles_published_at", "ix_articles_site"} <= indexes
    # opening again applies nothing
    again, _ = open_store(any_store_url, tmp_path)
    with again:
        assert again.applied == []


def test_sqlite_store_is_wal_with_foreign_keys(store: Store) -> None:
    with store.reading() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_missing_store_for_reading_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        Store.open(f"sqlite:///{tmp_path / 'absent.db'}", create=False)


def test_unreachable_postgresql_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot open the store postgresql"):
        Store.open("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_bad_store_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match=r"unsupported database|not a store URL"):
        Store.open("mysql://x@localhost/db")


def test_real_corpus_round_trip(store: Store, settings: Settings) -> None:
    # the Ukraine corpus: every record stored or linked, and exact copies in it found as such
    corpus = shared_path("data", "news", "ukraine_gdelt_2022", "articles.jsonl")
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    sample = random.Random(7).sample(records, 60)
    path = write_records(Path(settings.db.split("///", 1)[1]).parent / "sample.jsonl", sample)
    summary = ingest([str(path)], store, settings)
    assert summary.failures == []
    with store.reading() as connection:
        for record in sample[:10]:
            assert get_article(connection, record["id"]).row["text"] == record["text"]
