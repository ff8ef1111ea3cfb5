"""Reading developments back: a filtered list (by date, issue, party, actor, outlet) and one in full, with
its reports, their sources and the statements it holds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any, Literal

from sqlalchemy import Connection, func, or_, select

from parley.analyze.development_records import (
    Development,
    actors_of,
    group_statements,
    issues_of,
    load_members,
    load_moves,
    load_statements,
)
from parley.errors import NotFoundError, QueryError
from parley.extract.names import normalise_name
from parley.store.schema import (
    actor_aliases,
    article_sources,
    articles,
    development_articles,
    developments,
    mentions,
    moves,
    statement_issues,
    statements,
)

Order = Literal["date", "score"]
CHUNK = 500  # ids per IN list, well under either engine's limit on bound parameters


def list_developments(
    connection: Connection,
    negotiation: str | None = None,
    since: date | None = None,
    until: date | None = None,
    issue: str | None = None,
    party: str | None = None,
    actor: str | None = None,
    source: str | None = None,
    *,
    order: Order = "date",
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Developments, newest first (or most significant first), each with its outlets and issues.

    `since`/`until` keep developments whose reports overlap those days (inclusive). A development matches
    `issue` when one of its statements or moves is about it; `party` when the party, or someone affiliated
    with it, speaks or makes a move in it (the negotiation's party names and aliases: "Kremlin" is Russia);
    `actor` when the actor speaks, makes a move or is named (any spelling the registry knows, or an id);
    `source` when one of its copies comes from an outlet whose site or URL contains the text."""
    query: Any = select(developments)
    if negotiation:
        query = query.where(developments.c.negotiation == negotiation)
    if since:
        query = query.where(func.coalesce(developments.c.last_date, developments.c.date) >= since)
    if until:
        query = query.where(developments.c.date <= until)
    for articles_matching in _article_filters(connection, issue, actor, source):
        query = query.where(
            developments.c.id.in_(
                select(development_articles.c.development_id).where(
                    development_articles.c.article_id.in_(articles_matching)
                )
            )
        )
    if order == "score":
        query = query.order_by(developments.c.score.desc(), developments.c.date.desc(), developments.c.id)
    else:
        query = query.order_by(
            developments.c.date.desc().nulls_last(), developments.c.score.desc(), developments.c.id
        )
    if party is None:
        query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
    rows = [dict(r) for r in connection.execute(query).mappings()]
    if party is not None:  # who belongs to a party is told by the negotiation file, in Python
        keep = _with_party(connection, rows, party)
        rows = [r for r in rows if r["id"] in keep][offset : None if limit is None else offset + limit]
    outlets = _outlets(connection, [r["id"] for r in rows])
    issues = _issues(connection, [r["id"] for r in rows])
    return [_summary(r, outlets.get(r["id"], []), issues.get(r["id"], [])) for r in rows]


def get_development(connection: Connection, reference: str) -> Development:
    """One development in full, by id or a unique id prefix (6+ characters)."""
    development_id = _resolve(connection, reference)
    row = connection.execute(select(developments).where(developments.c.id == development_id)).mappings().one()
    members_of = select(development_articles.c.article_id).where(
        development_articles.c.development_id == development_id
    )
    loaded = load_members(connection, members_of)
    members = {a: m for a, (m, _) in loaded.items()}
    said = load_statements(connection, members_of)
    done = load_moves(connection, members_of)
    return Development(
        id=row["id"],
        negotiation=row["negotiation"],
        date=row["date"],
        last_date=row["last_date"],
        headline=row["headline"],
        representative_id=row["representative_id"],
        members=tuple(sorted(members.values(), key=lambda m: (m.published is None, m.published, m.id))),
        statements=group_statements(said, members),
        score=row["score"],
        version=row["version"],
        issues=issues_of(said, done),
        actors=actors_of(said, done),
    )


def _resolve(connection: Connection, reference: str) -> str:
    exact = connection.execute(select(developments.c.id).where(developments.c.id == reference)).scalar()
    if exact:
        return str(exact)
    if len(reference) >= 6:
        found = (
            connection.execute(
                select(developments.c.id)
                .where(
                    developments.c.id.like(reference.replace("%", "").replace("_", "\\_") + "%", escape="\\")
                )
                .limit(2)
            )
            .scalars()
            .all()
        )
        if len(found) == 1:
            return str(found[0])
        if len(found) > 1:
            raise QueryError(f"{reference!r} is the start of several development ids; give more characters")
    raise NotFoundError(f"no development {reference!r}")


def actor_ids(connection: Connection, name: str) -> list[str]:
    """The actors a name, alias or id names; a surname alone names whoever's name it ends."""
    if name.startswith("act_"):
        return [name]
    key = normalise_name(name)
    exact = connection.execute(
        select(actor_aliases.c.actor_id).where(actor_aliases.c.normalized == key).distinct()
    ).scalars()
    found = list(exact)
    if found or " " in key or not key:
        return found
    suffix = select(actor_aliases.c.actor_id).where(actor_aliases.c.normalized.like(f"% {key}")).distinct()
    return list(connection.execute(suffix).scalars())


def _article_filters(
    connection: Connection, issue: str | None, actor: str | None, source: str | None
) -> list[Any]:
    """For each filter given, a query of the articles that satisfy it (a development needs a member
    satisfying each)."""
    found: list[Any] = []
    if issue:
        found.append(
            select(statements.c.article_id)
            .join(statement_issues, statement_issues.c.statement_id == statements.c.id)
            .where(statement_issues.c.issue == issue)
            .union(select(moves.c.article_id).where(moves.c.issue == issue))
        )
    if actor:
        ids = actor_ids(connection, actor)
        found.append(
            select(mentions.c.article_id)
            .where(mentions.c.actor_id.in_(ids))
            .union(
                select(statements.c.article_id).where(
                    or_(
                        statements.c.speaker_actor_id.in_(ids),
                        func.lower(statements.c.speaker_name).like(f"%{actor.lower()}%"),
                    )
                ),
                select(moves.c.article_id).where(moves.c.holder_actor_id.in_(ids)),
            )
        )
    if source:
        pattern = f"%{source.lower()}%"
        found.append(
            select(article_sources.c.article_id)
            .where(
                or_(
                    func.lower(article_sources.c.site).like(pattern),
                    func.lower(article_sources.c.url).like(pattern),
                )
            )
            .union(select(articles.c.id).where(func.lower(articles.c.site).like(pattern)))
        )
    return found


def _with_party(connection: Connection, rows: list[dict[str, Any]], party: str) -> set[str]:
    """The developments among `rows` in which the party, or someone affiliated with it, speaks or acts."""
    from parley.analyze.parties import Parties, find_negotiation

    keep: set[str] = set()
    by_negotiation: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_negotiation[row["negotiation"]].append(row["id"])
    for negotiation, ids in by_negotiation.items():
        parties = Parties.of(find_negotiation(negotiation))
        wanted = parties.named(party)
        if wanted is None:
            raise QueryError(
                f"{party!r} is not a party of {negotiation} (parties: {', '.join(parties.names)})"
            )
        for chunk in chunks(ids):
            members = select(development_articles.c.article_id).where(
                development_articles.c.development_id.in_(chunk)
            )
            acting = {
                r.article_id
                for r in load_statements(connection, members)
                if parties.party_of(r.speaker, r.speaker_actor_id, r.speaker_affiliation) == wanted
            }
            acting |= {
                m.article_id
                for m in load_moves(connection, members)
                if parties.party_of(m.holder, m.holder_actor_id, m.holder_affiliation) == wanted
            }
            keep |= {
                d
                for d, a in connection.execute(
                    select(development_articles.c.development_id, development_articles.c.article_id).where(
                        development_articles.c.development_id.in_(chunk)
                    )
                )
                if a in acting
            }
    return keep


def _outlets(connection: Connection, ids: list[str]) -> dict[str, list[str]]:
    from parley.analyze.development_records import outlet

    found: dict[str, set[str]] = defaultdict(set)
    for chunk in chunks(ids):
        for d, site, url, key in connection.execute(
            select(
                development_articles.c.development_id,
                article_sources.c.site,
                article_sources.c.url,
                article_sources.c.key,
            )
            .join(article_sources, article_sources.c.article_id == development_articles.c.article_id)
            .where(development_articles.c.development_id.in_(chunk))
        ):
            found[d].add(outlet(site, url, key))
    return {d: sorted(o) for d, o in found.items()}


def _issues(connection: Connection, ids: list[str]) -> dict[str, list[str]]:
    """Each development's issues, most raised first."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for chunk in chunks(ids):
        said = (
            select(development_articles.c.development_id, statement_issues.c.issue)
            .join(statements, statements.c.article_id == development_articles.c.article_id)
            .join(statement_issues, statement_issues.c.statement_id == statements.c.id)
            .where(development_articles.c.development_id.in_(chunk))
        )
        done = (
            select(development_articles.c.development_id, moves.c.issue)
            .join(moves, moves.c.article_id == development_articles.c.article_id)
            .where(development_articles.c.development_id.in_(chunk), moves.c.issue.is_not(None))
        )
        for query in (said, done):
            for d, issue in connection.execute(query):
                counts[d][issue] += 1
    return {d: sorted(c, key=lambda i: (-c[i], i)) for d, c in counts.items()}


def _summary(row: dict[str, Any], outlets: list[str], issues: list[str]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "negotiation": row["negotiation"],
        "date": row["date"].isoformat() if row["date"] else None,
        "last_date": row["last_date"].isoformat() if row["last_date"] else None,
        "headline": row["headline"],
        "representative_id": row["representative_id"],
        "articles": row["articles"],
        "sources": row["sources"],
        "statements": row["statements"],
        "score": row["score"],
        "outlets": outlets,
        "issues": issues,
    }


def chunks(ids: list[str]) -> Iterable[list[str]]:
    """Ids in slices small enough for an IN list on either engine."""
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
