"""Statements, actors and mentions in the store, on both engines: written with their article in one
transaction, idempotent, searchable, and actors mergeable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from parley.config import Settings
from parley.errors import QueryError
from parley.ingest.pipeline import ingest
from parley.store import Store
from parley.store.actors import merge_actors
from parley.store.schema import actors, mentions, statements
from parley.store.statement_queries import StatementFilter, find_statements, list_actors, resolve_actor

REPORT = (
    "Kremlin spokesman Dmitry Peskov said on Tuesday that Moscow was ready to resume talks in Istanbul.\n\n"
    "“We are open to dialogue, but not to ultimatums,” Peskov told reporters.\n\n"
    "Ukrainian President Volodymyr Zelenskiy said Kyiv would not give up any territory. "
    "“There will be no concessions on our land,” he said."
)
OTHER = (
    "Turkish Foreign Minister Hakan Fidan said the next round could take place in Istanbul in June.\n\n"
    "“Both delegations have confirmed they will attend,” Fidan said."
)


def _ingest(url: str, tmp_path: Path) -> Store:
    source = tmp_path / "reports.jsonl"
    source.write_text(
        json.dumps({"id": "talks-1", "date": "2025-05-13", "text": REPORT})
        + "\n"
        + json.dumps({"id": "talks-2", "date": "2025-05-14", "text": OTHER})
        + "\n",
        encoding="utf-8",
    )
    store = Store.open(url)
    ingest([str(source)], store, Settings(db=url), workers=1)
    return store


def test_statements_are_stored_with_resolved_actors(any_store_url: str, tmp_path: Path) -> None:
    with _ingest(any_store_url, tmp_path) as store, store.reading() as connection:
        records = find_statements(connection, StatementFilter(limit=100))
        by_speaker = {(r["speaker"] or {}).get("name") for r in records}
        # the transliteration in the text resolves to the registry's spelling
        assert {"Dmitry Peskov", "Volodymyr Zelensky", "Hakan Fidan"} <= by_speaker
        peskov = [r for r in records if (r["speaker"] or {}).get("name") == "Dmitry Peskov"]
        assert {r["kind"] for r in peskov} == {"direct", "indirect"}
        assert all(r["speaker"]["role"] == "Kremlin spokesman" for r in peskov)
        text_of = {"talks-1": REPORT, "talks-2": OTHER}
        for record in records:  # the contract: text is the article's text at the span
            assert text_of[record["article_id"]][record["span"][0] : record["span"][1]] == record["text"]
        # a speaker first met in the text became an actor
        fidan = resolve_actor(connection, "Fidan")
        assert connection.execute(select(actors.c.origin).where(actors.c.id == fidan)).scalar() == "text"
        assert connection.execute(select(func.count()).select_from(mentions)).scalar() >= 3


def test_reingesting_adds_no_statement(any_store_url: str, tmp_path: Path) -> None:
    store = _ingest(any_store_url, tmp_path)
    with store:
        with store.reading() as connection:
            before = connection.execute(select(func.count()).select_from(statements)).scalar()
        ingest([str(tmp_path / "reports.jsonl")], store, Settings(db=any_store_url), workers=1)
        with store.reading() as connection:
            assert connection.execute(select(func.count()).select_from(statements)).scalar() == before


def test_statement_filters_and_search(any_store_url: str, tmp_path: Path) -> None:
    with _ingest(any_store_url, tmp_path) as store, store.reading() as connection:

        def texts(**filters: object) -> list[str]:
            return [r["text"] for r in find_statements(connection, StatementFilter(**filters))]  # type: ignore[arg-type]

        # any spelling the registry knows finds the actor's statements
        assert texts(speaker="Zelenskyy") == texts(speaker="Zelenskiy") != []
        assert all("ultimatums" not in t for t in texts(kind="indirect"))
        assert texts(text="ultimatums") == ["We are open to dialogue, but not to ultimatums,"]
        assert texts(article="talks-2", kind="direct") == [
            "Both delegations have confirmed they will attend,"
        ]
        from datetime import date

        assert all("Fidan" not in t for t in texts(until=date(2025, 5, 13)))
        if connection.dialect.name == "sqlite":  # FTS5 syntax can be malformed: a clear error, not a crash
            with pytest.raises(QueryError, match="malformed search query"):
                texts(text='"unbalanced')
        else:  # PostgreSQL's web-search syntax accepts any input
            assert texts(text='"unbalanced') == []


def test_actors_list_and_merge(any_store_url: str, tmp_path: Path) -> None:
    with _ingest(any_store_url, tmp_path) as store:
        with store.reading() as connection:
            listed = list_actors(connection, search="peskov")
            assert [a["name"] for a in listed] == ["Dmitry Peskov"]
            assert listed[0]["statements"] == 2 and "Peskov" in listed[0]["aliases"]
        with store.writing() as connection:
            # a wrong split: Fidan taken for another actor; merging folds him into Peskov
            peskov, fidan = resolve_actor(connection, "Peskov"), resolve_actor(connection, "Hakan Fidan")
            moved = merge_actors(connection, peskov, fidan)
        assert moved == 2
        with store.reading() as connection:
            assert [a["statements"] for a in list_actors(connection, search="peskov")] == [4]
            assert resolve_actor(connection, "Fidan") == peskov  # the alias moved too
