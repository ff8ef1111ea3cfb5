"""Reading statements and actors: filtered lists, full-text search over what was said."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, literal_column, or_, select, text
from sqlalchemy.exc import DBAPIError

from parley.errors import NotFoundError, QueryError
from parley.extract.names import normalise_name
from parley.store.schema import (
    actor_aliases,
    actors,
    article_negotiations,
    articles,
    likelihoods,
    moves,
    statement_issues,
    statements,
)
from parley.store.statements import record_of


@dataclass(frozen=True, slots=True)
class StatementFilter:
    speaker: str | None = None  # a name or alias (any spelling the registry knows), or an actor id
    kind: str | None = None  # direct | indirect
    since: date | None = None
    until: date | None = None  # inclusive
    text: str | None = None  # full-text query over the statement and its speaker's name
    article: str | None = None  # an article id or key
    issue: str | None = None
    limit: int = 50
    offset: int = 0


def tagged_with(statement_id: Any, issue: str) -> Any:
    """EXISTS: the statement `statement_id` (a column of any table) is tagged with `issue`."""
    tags = statement_issues.alias("tags")
    return (
        select(tags.c.statement_id).where(tags.c.statement_id == statement_id, tags.c.issue == issue).exists()
    )


def on_issue(connection: Connection, issue: str) -> Any:
    """The condition "the statement is tagged with `issue`", in the form that reads a newest-first page
    fastest. PostgreSQL's planner picks well from its statistics. SQLite's takes the form as written:
    EXISTS walks the date index and looks up each statement's tags until the page is full, so its cost
    grows as the issue gets rarer (9 s at a million statements for an issue no statement has); IN reads the
    issue's tags and sorts them all, so its cost grows with the issue's size (1.5 s for the 111,000 of
    `process`). Walking costs about N / m × 50 rows for m tagged among N, sorting about m, a few times
    dearer each: the walk wins when m² > 35 N (both counts from indexes, in well under 10 ms)."""
    walk = tagged_with(statements.c.id, issue)
    if connection.dialect.name != "sqlite":
        return walk
    size = connection.execute(
        select(func.count()).select_from(statement_issues).where(statement_issues.c.issue == issue)
    ).scalar_one()
    total = connection.execute(select(func.max(statements.c.seq))).scalar_one() or 0
    if size * size > 35 * total:
        return walk
    return statements.c.id.in_(
        select(statement_issues.c.statement_id).where(statement_issues.c.issue == issue)
    )


def _actor_ids(connection: Connection, speaker: str) -> list[str]:
    if speaker.startswith("act_"):
        return [speaker]
    key = normalise_name(speaker)
    exact = [
        r[0]
        for r in connection.execute(
            select(actor_aliases.c.actor_id).where(actor_aliases.c.normalized == key).distinct()
        )
    ]
    if exact or " " in key or not key:
        return exact
    # a surname alone names whoever it ends the name of ("Fidan" → Hakan Fidan)
    suffix = select(actor_aliases.c.actor_id).where(actor_aliases.c.normalized.like(f"% {key}")).distinct()
    return [r[0] for r in connection.execute(suffix)]


def find_statements(connection: Connection, filters: StatementFilter) -> list[dict[str, Any]]:
    """Statements as DESIGN.md records, with the article's title and date for display."""
    query: Any = select(
        statements, articles.c.key.label("article_key"), articles.c.title.label("article_title")
    ).join(articles, articles.c.id == statements.c.article_id)
    order: list[Any] = []
    if filters.speaker:
        ids = _actor_ids(connection, filters.speaker)
        pattern = f"%{filters.speaker.lower()}%"
        query = query.where(
            or_(statements.c.speaker_actor_id.in_(ids), func.lower(statements.c.speaker_name).like(pattern))
        )
    if filters.kind:
        query = query.where(statements.c.kind == filters.kind)
    if filters.since:
        query = query.where(statements.c.published_at >= datetime.combine(filters.since, datetime.min.time()))
    if filters.until:
        query = query.where(
            statements.c.published_at
            < datetime.combine(filters.until + timedelta(days=1), datetime.min.time())
        )
    if filters.article:
        query = query.where(or_(articles.c.id == filters.article, articles.c.key == filters.article))
    if filters.issue:
        query = query.where(on_issue(connection, filters.issue))
    if filters.text:
        if connection.dialect.name == "sqlite":
            query = query.where(
                text(
                    "statements.seq IN (SELECT rowid FROM statements_fts WHERE statements_fts "
                    "MATCH :statement_query)"
                ).bindparams(statement_query=filters.text)
            )
        else:
            tsquery = func.websearch_to_tsquery("english", filters.text)
            search: Any = literal_column("statements.search")
            query = query.where(search.op("@@")(tsquery))
            order.append(func.ts_rank(search, tsquery).desc())
    order += [statements.c.published_at.desc().nulls_last(), statements.c.article_id, statements.c.start]
    query = query.order_by(*order).limit(filters.limit).offset(filters.offset)
    try:
        rows = connection.execute(query).all()
    except DBAPIError as exc:
        if filters.text:
            message = " ".join(str(getattr(exc, "orig", exc)).split())
            raise QueryError(f"malformed search query {filters.text!r}: {message}") from None
        raise
    found = []
    for row in rows:
        record = record_of(row, row.article_key)
        record["article"] = {
            "id": row.article_id,
            "title": row.article_title,
            "published": row.published_at.isoformat() if row.published_at else None,
        }
        found.append(record)
    return found


def list_actors(
    connection: Connection,
    search: str | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Actors with how many statements each made, most quoted first."""
    counts = (
        select(statements.c.speaker_actor_id, func.count().label("n"))
        .group_by(statements.c.speaker_actor_id)
        .subquery()
    )
    query: Any = select(actors, func.coalesce(counts.c.n, 0).label("statements")).outerjoin(
        counts, counts.c.speaker_actor_id == actors.c.id
    )
    if search:
        key = f"%{normalise_name(search)}%"
        query = query.where(
            actors.c.id.in_(select(actor_aliases.c.actor_id).where(actor_aliases.c.normalized.like(key)))
        )
    if kind:
        query = query.where(actors.c.kind == kind)
    query = query.order_by(func.coalesce(counts.c.n, 0).desc(), actors.c.name).limit(limit).offset(offset)
    rows = connection.execute(query).all()
    aliases: dict[str, list[str]] = {}
    ids = [r.id for r in rows]
    if ids:
        for actor_id, alias in connection.execute(
            select(actor_aliases.c.actor_id, actor_aliases.c.alias).where(actor_aliases.c.actor_id.in_(ids))
        ):
            aliases.setdefault(actor_id, []).append(alias)
    return [
        {
            "id": r.id,
            "name": r.name,
            "kind": r.kind,
            "role": r.role,
            "affiliation": r.affiliation,
            "origin": r.origin,
            "statements": r.statements,
            "aliases": sorted(a for a in aliases.get(r.id, []) if a != r.name),
        }
        for r in rows
    ]


def resolve_actor(connection: Connection, reference: str) -> str:
    """An actor named by id, name or alias; a name that fits several actors is an error."""
    ids = _actor_ids(connection, reference)
    if not ids:
        raise NotFoundError(f"no actor {reference!r}")
    if len(ids) > 1:
        raise QueryError(f"{reference!r} names several actors; use an id: {', '.join(ids)}")
    return ids[0]


@dataclass(frozen=True, slots=True)
class MoveFilter:
    type: str | None = None
    holder: str | None = None  # a name or alias of the actor or party
    issue: str | None = None
    article: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 50
    offset: int = 0


def find_moves(connection: Connection, filters: MoveFilter) -> list[dict[str, Any]]:
    """Moves, newest first, with their article's key and title."""
    query: Any = select(
        moves, articles.c.key.label("article_key"), articles.c.title.label("article_title")
    ).join(articles, articles.c.id == moves.c.article_id)
    if filters.type:
        query = query.where(moves.c.type == filters.type)
    if filters.holder:
        ids = _actor_ids(connection, filters.holder)
        query = query.where(
            or_(
                moves.c.holder_actor_id.in_(ids),
                func.lower(moves.c.holder).like(f"%{filters.holder.lower()}%"),
            )
        )
    if filters.issue:
        query = query.where(moves.c.issue == filters.issue)
    if filters.article:
        query = query.where(or_(articles.c.id == filters.article, articles.c.key == filters.article))
    if filters.since:
        query = query.where(moves.c.published_at >= datetime.combine(filters.since, datetime.min.time()))
    if filters.until:
        query = query.where(
            moves.c.published_at < datetime.combine(filters.until + timedelta(days=1), datetime.min.time())
        )
    query = query.order_by(moves.c.published_at.desc().nulls_last(), moves.c.article_id, moves.c.start)
    rows = connection.execute(query.limit(filters.limit).offset(filters.offset)).mappings().all()
    found = []
    for row in rows:
        record = {
            k: row[k]
            for k in (
                "id",
                "type",
                "holder",
                "holder_actor_id",
                "target",
                "object",
                "issue",
                "date",
                "date_text",
                "place",
                "evidence",
                "reported_by",
                "statement_id",
            )
        }
        record["participants"] = json.loads(row["participants"])
        record["span"] = [row["start"], row["end"]]
        record["article_id"] = row["article_key"]
        record["article"] = {
            "id": row["article_id"],
            "title": row["article_title"],
            "published": row["published_at"].isoformat() if row["published_at"] else None,
        }
        found.append(record)
    return found


@dataclass(frozen=True, slots=True)
class LikelihoodFilter:
    speaker: str | None = None
    event: str | None = None  # words the event must contain ("settlement")
    band: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 100
    offset: int = 0


def find_likelihoods(connection: Connection, filters: LikelihoodFilter) -> list[dict[str, Any]]:
    """Estimates of likelihood, oldest first (a series per speaker reads in time order)."""
    query: Any = (
        select(likelihoods, articles.c.key.label("article_key"), statements.c.text.label("statement_text"))
        .join(articles, articles.c.id == likelihoods.c.article_id)
        .join(statements, statements.c.id == likelihoods.c.statement_id)
    )
    if filters.speaker:
        ids = _actor_ids(connection, filters.speaker)
        query = query.where(
            or_(
                likelihoods.c.speaker_actor_id.in_(ids),
                func.lower(likelihoods.c.speaker_name).like(f"%{filters.speaker.lower()}%"),
            )
        )
    if filters.event:
        query = query.where(func.lower(likelihoods.c.event).like(f"%{filters.event.lower()}%"))
    if filters.band:
        query = query.where(likelihoods.c.band == filters.band)
    if filters.since:
        query = query.where(
            likelihoods.c.published_at >= datetime.combine(filters.since, datetime.min.time())
        )
    if filters.until:
        query = query.where(
            likelihoods.c.published_at
            < datetime.combine(filters.until + timedelta(days=1), datetime.min.time())
        )
    query = query.order_by(
        likelihoods.c.published_at.asc().nulls_last(), likelihoods.c.article_id, likelihoods.c.start
    )
    rows = connection.execute(query.limit(filters.limit).offset(filters.offset)).mappings().all()
    return [
        {
            "speaker": r["speaker_name"],
            "speaker_actor_id": r["speaker_actor_id"],
            "holder": r["holder"],
            "phrase": r["phrase"],
            "span": [r["start"], r["end"]],
            "event": r["event"],
            "p": r["p"],
            "low": r["low"],
            "high": r["high"],
            "band": r["band"],
            "negated": bool(r["negated"]),
            "ambiguous": bool(r["ambiguous"]),
            "confidence": bool(r["confidence"]),
            "horizon": r["horizon"],
            "statement_id": r["statement_id"],
            "article_id": r["article_key"],
            "published": r["published_at"].isoformat() if r["published_at"] else None,
        }
        for r in rows
    ]


def negotiation_counts(connection: Connection) -> dict[str, dict[str, Any]]:
    """For each negotiation articles are routed to: articles, statements and moves, and the date range."""
    rows = connection.execute(
        select(
            article_negotiations.c.negotiation,
            func.count().label("articles"),
            func.min(articles.c.published_at),
            func.max(articles.c.published_at),
        )
        .join(articles, articles.c.id == article_negotiations.c.article_id)
        .group_by(article_negotiations.c.negotiation)
    ).all()
    found: dict[str, dict[str, Any]] = {}
    for negotiation, count, first, last in rows:
        routed = select(article_negotiations.c.article_id).where(
            article_negotiations.c.negotiation == negotiation
        )
        said = (
            connection.execute(
                select(func.count()).select_from(statements).where(statements.c.article_id.in_(routed))
            ).scalar()
            or 0
        )
        moved = (
            connection.execute(
                select(func.count()).select_from(moves).where(moves.c.article_id.in_(routed))
            ).scalar()
            or 0
        )
        found[negotiation] = {
            "articles": count,
            "statements": said,
            "moves": moved,
            "first": first.date().isoformat() if first else None,
            "last": last.date().isoformat() if last else None,
        }
    return found
