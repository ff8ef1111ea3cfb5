"""Developments on the written talks corpus, on both engines: edited versions of one story are one
development with every source, two rounds a week apart are two, a quote carried by several outlets is one
statement with all its sources, and analyzing again changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from parley.analyze.developments import (
    analyze,
    build_developments,
    get_development,
    list_developments,
    save_developments,
)
from parley.analyze.grouping import Params
from parley.analyze.timeline import timeline
from parley.errors import NotFoundError, QueryError
from parley.store import Store
from parley.store.schema import articles, development_articles, developments
from tests.analyze.talks_corpus import MEDINSKY, NEGOTIATION, UMEROV, ingest_talks

ROUND_ONE = {"istanbul-1-wire", "istanbul-1-daily", "istanbul-1-euro"}
ROUND_TWO = {"istanbul-2-wire", "istanbul-2-daily"}  # the regional copy is the wire story, stored once


@pytest.fixture
def talks(any_store_url: str, tmp_path: Path) -> Iterator[Store]:
    with ingest_talks(any_store_url, tmp_path) as store:
        analyze(store, NEGOTIATION)
        yield store


def _groups(store: Store) -> dict[frozenset[str], dict[str, Any]]:
    """The developments by the keys of their reports."""
    with store.reading() as connection:
        found = {}
        for row in list_developments(connection, NEGOTIATION):
            development = get_development(connection, row["id"])
            found[frozenset(m.key for m in development.members)] = row
        return found


def test_edited_versions_are_one_development_with_three_sources(talks: Store) -> None:
    row = _groups(talks)[frozenset(ROUND_ONE)]
    assert row["articles"] == 3 and row["sources"] == 3
    assert row["outlets"] == ["dailynews.example", "eurowatch.example", "wire.example"]
    assert (row["date"], row["last_date"]) == ("2025-05-16", "2025-05-17")
    # the headline is a member's own, never written by parley
    assert row["headline"] in {
        "Russia and Ukraine hold first direct talks in Istanbul in three years",
        "Istanbul talks end with prisoner swap deal but no ceasefire",
        "First Russia-Ukraine peace talks since 2022 agree prisoner exchange",
    }


def test_rounds_a_week_apart_are_two_developments(talks: Store) -> None:
    groups = _groups(talks)
    assert set(groups) == {frozenset(ROUND_ONE), frozenset(ROUND_TWO), frozenset({"zaporizhzhia-power"})}
    assert groups[frozenset(ROUND_TWO)]["sources"] == 3  # two reports, one of them run by two outlets
    # what keeps the rounds apart is the window: with ten days they are alike enough to be one
    with talks.reading() as connection:
        wide = build_developments(connection, NEGOTIATION, params=Params(window_days=10))
    assert {frozenset(m.key for m in d.members) for d in wide} >= {frozenset(ROUND_ONE | ROUND_TWO)}


def test_a_quote_carried_by_several_outlets_is_one_statement_with_all_sources(talks: Store) -> None:
    groups = _groups(talks)
    with talks.reading() as connection:
        first = get_development(connection, groups[frozenset(ROUND_ONE)]["id"])
        second = get_development(connection, groups[frozenset(ROUND_TWO)]["id"])
        texts = dict(connection.execute(select(articles.c.id, articles.c.text)).all())
    [medinsky] = [s for s in first.statements if MEDINSKY in s.text]
    assert medinsky.speaker == "Vladimir Medinsky" and medinsky.kind == "direct"
    assert medinsky.outlets == ("dailynews.example", "eurowatch.example", "wire.example")
    assert len(medinsky.sources) == 3
    for source in medinsky.sources:  # every source points at the quote in its own report
        assert MEDINSKY in texts[source.article_id][source.span[0] : source.span[1]]
    [umerov] = [s for s in second.statements if UMEROV in s.text]
    assert umerov.outlets == ("dailynews.example", "regional.example", "wire.example")
    assert {s.article_key for s in umerov.sources} == {
        "istanbul-2-wire",
        "istanbul-2-regional",
        "istanbul-2-daily",
    }
    assert (
        first.to_dict()["statements"] == len(first.statements) < sum(len(s.sources) for s in first.statements)
    )


def test_analyzing_again_changes_nothing(talks: Store) -> None:
    def snapshot() -> tuple[list[Any], list[Any]]:
        with talks.reading() as connection:
            return (
                [tuple(r) for r in connection.execute(select(developments).order_by(developments.c.id))],
                [
                    tuple(r)
                    for r in connection.execute(
                        select(development_articles).order_by(*development_articles.primary_key.columns)
                    )
                ],
            )

    before = snapshot()
    assert len(before[0]) == 3 and len(before[1]) == 6
    analyze(talks, NEGOTIATION)
    analyze(talks)  # every negotiation: the others have no reports, this one is replaced by itself
    assert snapshot() == before
    with talks.writing() as connection:  # saving another negotiation's leaves this one alone
        save_developments(connection, "iran-nuclear", [])
    assert snapshot() == before


def test_filters(talks: Store) -> None:
    def keys(**filters: Any) -> list[set[str]]:
        with talks.reading() as connection:
            rows = list_developments(connection, NEGOTIATION, **filters)
            return [{m.key for m in get_development(connection, r["id"]).members} for r in rows]

    plant = {"zaporizhzhia-power"}
    assert keys(issue="nuclear_and_infrastructure") == [plant]
    assert keys(actor="Grossi") == [plant]
    assert keys(source="eurowatch") == [ROUND_ONE]
    assert keys(source="regional") == [ROUND_TWO]
    assert ROUND_ONE in keys(party="Kyiv") and plant not in keys(party="Kyiv")  # Umerov speaks for Ukraine
    assert keys(since=date(2025, 5, 20)) == [ROUND_TWO]
    # a development overlapping the range counts: round one's reports run to the 17th
    assert sorted(map(sorted, keys(since=date(2025, 5, 17), until=date(2025, 5, 17)))) == [sorted(ROUND_ONE)]
    with talks.reading() as connection, pytest.raises(QueryError, match="not a party"):
        list_developments(connection, NEGOTIATION, party="Narnia")


def test_timeline_by_day(talks: Store) -> None:
    with talks.reading() as connection:
        days = timeline(connection, NEGOTIATION)
        only_ukraine = timeline(connection, NEGOTIATION, party="Ukraine")
    assert [d["date"] for d in days] == ["2025-05-16", "2025-05-23"]
    first_day = days[0]["developments"]
    assert len(first_day) == 2 and first_day[0]["score"] >= first_day[1]["score"]
    assert "Vladimir Medinsky" in next(d for d in first_day if d["articles"] == 3)["actors"]
    assert [len(d["developments"]) for d in only_ukraine] == [1, 1]


def test_get_development_by_prefix(talks: Store) -> None:
    with talks.reading() as connection:
        [row, *_] = list_developments(connection, NEGOTIATION)
        assert get_development(connection, row["id"][:12]).id == row["id"]
        with pytest.raises(NotFoundError):
            get_development(connection, "dev_nothing")
