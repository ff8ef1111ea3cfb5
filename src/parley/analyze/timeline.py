"""The timeline of a negotiation: its developments day by day, oldest first, filterable like the list of
developments (issue, party, actor, outlet, dates), each with who speaks or acts in it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from parley.analyze.development_queries import chunks, list_developments
from parley.errors import NotFoundError
from parley.store.schema import development_articles, developments, moves, statements

ACTORS_SHOWN = 5


def timeline(
    connection: Connection,
    negotiation: str,
    since: date | None = None,
    until: date | None = None,
    issue: str | None = None,
    party: str | None = None,
    actor: str | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """`[{"date": "YYYY-MM-DD" | None, "developments": [...]}, …]`: days oldest first (undated last), and
    on each day its developments, most significant first."""
    found = list_developments(connection, negotiation, since, until, issue, party, actor, source)
    if not found:
        _known(connection, negotiation)
    who = _actors(connection, [d["id"] for d in found])
    days: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for development in found:
        development["actors"] = who.get(development["id"], [])[:ACTORS_SHOWN]
        days[development["date"]].append(development)
    ordered = sorted(days, key=lambda d: (d is None, d or ""))
    return [
        {"date": day, "developments": sorted(days[day], key=lambda d: (-d["score"], d["id"]))}
        for day in ordered
    ]


def _known(connection: Connection, negotiation: str) -> None:
    """A negotiation with no development to show must at least exist (a typo is an error, not a blank)."""
    from parley.negotiations import all_negotiations

    stored = select(developments.c.id).where(developments.c.negotiation == negotiation).limit(1)
    if negotiation not in {n.id for n in all_negotiations()} and connection.execute(stored).first() is None:
        raise NotFoundError(f"no negotiation {negotiation!r}")


def _actors(connection: Connection, ids: list[str]) -> dict[str, list[str]]:
    """Who speaks or makes a move in each development, most often first."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for chunk in chunks(ids):
        said = (
            select(development_articles.c.development_id, statements.c.speaker_name)
            .join(statements, statements.c.article_id == development_articles.c.article_id)
            .where(development_articles.c.development_id.in_(chunk), statements.c.speaker_name.is_not(None))
        )
        done = (
            select(development_articles.c.development_id, moves.c.holder)
            .join(moves, moves.c.article_id == development_articles.c.article_id)
            .where(development_articles.c.development_id.in_(chunk), moves.c.holder.is_not(None))
        )
        for query in (said, done):
            for development_id, name in connection.execute(query):
                counts[development_id][name] += 1
    return {d: sorted(c, key=lambda name: (-c[name], name)) for d, c in counts.items()}
