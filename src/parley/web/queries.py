"""What the web layer reads: pages of statements, articles, actors, moves and estimates with every filter of
the search page and keyset cursors; facets; one actor, statement or article with everything highlighted in
it; counts for the overview. Parameterised SQLAlchemy Core only: the one piece of user-written query syntax
is the full-text query, bound as a parameter and turned into a QueryError when the engine rejects it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Select,
    and_,
    cast,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import ColumnElement

from parley.errors import NotFoundError, QueryError
from parley.extract.names import normalise_name
from parley.store.queries import get_article, published_label
from parley.store.schema import (
    actor_aliases,
    actors,
    article_negotiations,
    article_sources,
    articles,
    development_articles,
    developments,
    likelihoods,
    mentions,
    moves,
    statement_issues,
    statements,
)
from parley.store.statement_queries import _actor_ids as actor_ids  # one reading of a speaker name, not two
from parley.store.statement_queries import on_issue, tagged_with
from parley.store.statements import record_of
from parley.web.pagination import Key, Page

FACET_SIZE = 10
KINDS = ("direct", "indirect")


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters of the search page and the API lists; each list reads the ones that apply to it."""

    q: str | None = None  # full-text query
    negotiation: str | None = None
    issue: str | None = None
    speaker: str | None = None  # name, alias or actor id (statements, estimates); holder (moves)
    kind: str | None = None  # statement kind
    source: str | None = None  # site or source name contains this
    since: date | None = None
    until: date | None = None  # inclusive
    article: str | None = None  # an article id or key
    type: str | None = None  # move type
    band: str | None = None  # likelihood band
    event: str | None = None  # words the estimated event contains
    language: str | None = None


def reader_url(article_id: str, statement_id: str | None = None) -> str:
    """Where the article reader shows an article, at a statement when one is given."""
    return f"/articles/{article_id}" + (f"#s-{statement_id}" if statement_id else "")


# --- shared clauses ---------------------------------------------------------------------------------


def _start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def _dated(column: Any, filters: Filters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.since:
        found.append(column >= _start(filters.since))
    if filters.until:
        found.append(column < _start(filters.until + timedelta(days=1)))
    return found


def _contains(column: Any, value: str) -> ColumnElement[bool]:
    """Case-insensitive substring match; `%` and `_` in the value are literal."""
    result: ColumnElement[bool] = func.lower(column).contains(value.lower(), autoescape=True)
    return result


# Filters on other tables are correlated EXISTS: each is a primary-key probe per row, so the planner can walk
# the date index and stop after a page. Written as `x IN (SELECT …)`, SQLite may instead cross two IN lists
# (seconds on 100,000 statements, measured by bench/web_latency.py).


def _routed_here(article_id: Any, negotiation: str) -> ColumnElement[bool]:
    # aliases: the outer query may join the same table (the facets do), and must not be correlated with it
    routes = article_negotiations.alias("routes")
    return (
        select(routes.c.article_id)
        .where(routes.c.article_id == article_id, routes.c.negotiation == negotiation)
        .exists()
    )


def _source_articles(source: str) -> Select[Any]:
    """Articles whose site, or the site of any source they were read from, contains `source`."""
    outlet, copies = articles.alias("outlet"), article_sources.alias("copies")
    return select(outlet.c.id).where(
        or_(
            _contains(outlet.c.site, source),
            outlet.c.id.in_(select(copies.c.article_id).where(_contains(copies.c.site, source))),
        )
    )


def _from_source(source: str) -> ColumnElement[bool]:
    return articles.c.id.in_(_source_articles(source))


def _the_article(article_id: Any, reference: str) -> ColumnElement[bool]:
    named = articles.alias("named")
    found: ColumnElement[bool] = article_id.in_(
        select(named.c.id).where(or_(named.c.id == reference, named.c.key == reference))
    )
    return found


def _speaker(
    connection: Connection, actor_column: Any, name_column: Any, speaker: str, probe: bool = False
) -> ColumnElement[bool]:
    """A speaker the registry knows is matched by actor (an index lookup); any other name by its words.
    `probe`: inside a subquery that looks statements up by article, where the actor index must not be
    chosen over the article's (SQLite would walk every statement of the speaker for each article)."""
    ids = actor_ids(connection, speaker)
    if not ids:
        return _contains(name_column, speaker)
    column = func.coalesce(actor_column, "") if probe else actor_column
    found: ColumnElement[bool] = column.in_(ids)
    return found


def _kind_is(connection: Connection, kind: str) -> ColumnElement[bool]:
    # two values over the whole table: on SQLite, keep the planner off the kind index (`+` is its
    # documented way), which would fetch half the table and sort it rather than walk the date index
    column: Any = (
        literal_column("+statements.kind") if connection.dialect.name == "sqlite" else statements.c.kind
    )
    result: ColumnElement[bool] = column == kind
    return result


def _after_desc(day: Any, tie: Any, key: Key) -> ColumnElement[bool]:
    """Rows after `key` in the order (day DESC NULLS LAST, tie DESC)."""
    last_day, last_tie = key
    if last_day is None:
        return and_(day.is_(None), tie < last_tie)
    return or_(day < last_day, and_(day == last_day, tie < last_tie), day.is_(None))


def _after_asc(day: Any, tie: Any, key: Key) -> ColumnElement[bool]:
    """Rows after `key` in the order (day ASC NULLS LAST, tie ASC)."""
    last_day, last_tie = key
    if last_day is None:
        return and_(day.is_(None), tie > last_tie)
    return or_(day > last_day, and_(day == last_day, tie > last_tie), day.is_(None))


def _run(connection: Connection, query: Any, filters: Filters) -> Sequence[Any]:
    """Execute; a full-text query the engine cannot parse is the user's error, said plainly."""
    try:
        return connection.execute(query).all()
    except DBAPIError as exc:
        if not filters.q:
            raise
        message = " ".join(str(getattr(exc, "orig", exc)).split())
        raise QueryError(
            f'cannot search for {filters.q!r}: {message}. Write words, "a phrase" in double quotes, '
            "prefix* for word starts, and AND, OR, NOT between terms."
        ) from None


def _fts(connection: Connection, table: str, seq: Any, search: Any, query: str) -> Any:
    """The rows of `table` matching a full-text query (a WHERE clause; the query is a bound parameter)."""
    if connection.dialect.name == "sqlite":
        matching = text(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :{table}_q").bindparams(
            **{f"{table}_q": query}
        )
        return seq.in_(matching.columns(literal_column("rowid")))
    return search.op("@@")(func.websearch_to_tsquery("english", query))


def _window(page_rows: Sequence[Any], limit: int) -> tuple[Sequence[Any], bool]:
    return page_rows[:limit], len(page_rows) > limit


# --- statements -------------------------------------------------------------------------------------


def _through_article(article_id: Any, published: Any, filters: Filters) -> list[ColumnElement[bool]]:
    """The filters a record (statement, move, estimate) meets through its article: negotiation, source,
    the article itself, and its publication date."""
    found: list[ColumnElement[bool]] = []
    if filters.negotiation:
        found.append(_routed_here(article_id, filters.negotiation))
    if filters.source:
        found.append(article_id.in_(_source_articles(filters.source)))
    if filters.article:
        found.append(_the_article(article_id, filters.article))
    return found + _dated(published, filters)


def _statement_conditions(connection: Connection, filters: Filters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.q:
        found.append(
            _fts(connection, "statements", statements.c.seq, literal_column("statements.search"), filters.q)
        )
    if filters.speaker:
        found.append(
            _speaker(connection, statements.c.speaker_actor_id, statements.c.speaker_name, filters.speaker)
        )
    if filters.kind:
        found.append(_kind_is(connection, filters.kind))
    if filters.issue:
        found.append(on_issue(connection, filters.issue))
    return found + _through_article(statements.c.article_id, statements.c.published_at, filters)


_STATEMENT_JOIN = statements.join(articles, articles.c.id == statements.c.article_id)


def statement_record(row: Any) -> dict[str, Any]:
    record = record_of(row, row.article_key)
    record["published"] = row.published_at.isoformat() if row.published_at else None
    record["article"] = {
        "id": row.article_id,
        "key": row.article_key,
        "title": row.article_title,
        "site": row.article_site,
        "published": published_label(row.article_published_at, row.article_granularity),
    }
    record["reader_url"] = reader_url(row.article_id, row.id)
    return record


def _statement_select() -> Select[Any]:
    return select(
        statements,
        articles.c.key.label("article_key"),
        articles.c.title.label("article_title"),
        articles.c.site.label("article_site"),
        articles.c.published_at.label("article_published_at"),
        articles.c.published_granularity.label("article_granularity"),
    ).select_from(_STATEMENT_JOIN)


def statement_page(connection: Connection, filters: Filters, limit: int, after: Key | None = None) -> Page:
    """Statements newest first (undated last), then latest stored first."""
    query = _statement_select().where(*_statement_conditions(connection, filters))
    if after is not None:
        query = query.where(_after_desc(statements.c.published_at, statements.c.seq, after))
    query = query.order_by(statements.c.published_at.desc().nulls_last(), statements.c.seq.desc())
    rows, more = _window(_run(connection, query.limit(limit + 1), filters), limit)
    return Page(
        [statement_record(r) for r in rows],
        (rows[-1].published_at, rows[-1].seq) if more and rows else None,
    )


def count_statements(connection: Connection, filters: Filters) -> int:
    query = (
        select(func.count()).select_from(_STATEMENT_JOIN).where(*_statement_conditions(connection, filters))
    )
    return int(_run(connection, query, filters)[0][0])


def get_statement(connection: Connection, statement_id: str) -> dict[str, Any]:
    row = connection.execute(_statement_select().where(statements.c.id == statement_id)).first()
    if row is None:
        raise NotFoundError(f"no statement {statement_id!r}")
    return statement_record(row)


def statement_facets(connection: Connection, filters: Filters) -> dict[str, Any]:
    """How the statements matching the filters spread over kind, issue, speaker, negotiation and source.
    Speakers are the actors the registry knows (statements by unresolved names are in the total only)."""
    conditions = _statement_conditions(connection, filters)
    count = func.count().label("n")

    def grouped(query: Any) -> list[dict[str, Any]]:
        return [
            {"value": value, "label": label, "count": n}
            for value, label, n in _run(connection, query, filters)
            if value is not None
        ]

    kinds = grouped(
        select(statements.c.kind, statements.c.kind, count)
        .where(*conditions)
        .group_by(statements.c.kind)
        .order_by(statements.c.kind)
    )
    issues = grouped(
        select(statement_issues.c.issue, statement_issues.c.issue, count)
        .select_from(statement_issues.join(statements, statements.c.id == statement_issues.c.statement_id))
        .where(*conditions)
        .group_by(statement_issues.c.issue)
        .order_by(count.desc(), statement_issues.c.issue)
    )
    top = (
        select(statements.c.speaker_actor_id.label("actor_id"), count)
        .where(*conditions, statements.c.speaker_actor_id.is_not(None))
        .group_by(statements.c.speaker_actor_id)
        .order_by(count.desc())
        .limit(FACET_SIZE)
        .subquery()
    )
    speakers = grouped(
        select(top.c.actor_id, actors.c.name, top.c.n)
        .join(actors, actors.c.id == top.c.actor_id)
        .order_by(top.c.n.desc(), actors.c.name)
    )
    negotiations = grouped(
        select(article_negotiations.c.negotiation, article_negotiations.c.negotiation, count)
        .select_from(
            statements.join(
                article_negotiations, article_negotiations.c.article_id == statements.c.article_id
            )
        )
        .where(*conditions)
        .group_by(article_negotiations.c.negotiation)
        .order_by(count.desc())
    )
    sources = grouped(
        select(articles.c.site, articles.c.site, count)
        .select_from(_STATEMENT_JOIN)
        .where(*conditions)
        .group_by(articles.c.site)
        .order_by(count.desc(), articles.c.site)
        .limit(FACET_SIZE)
    )
    first, last = _run(
        connection,
        select(func.min(statements.c.published_at), func.max(statements.c.published_at)).where(*conditions),
        filters,
    )[0]
    return {
        "total": sum(k["count"] for k in kinds),
        "kind": kinds,
        "issue": issues,
        "speaker": speakers,
        "negotiation": negotiations,
        "source": sources,
        "dates": {"first": _day(first), "last": _day(last)},
    }


def _day(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite aggregates hand back the stored text
        return value[:10]
    return str(value.date().isoformat())


# --- articles ---------------------------------------------------------------------------------------


def _article_conditions(connection: Connection, filters: Filters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.q:
        found.append(
            _fts(connection, "articles", articles.c.seq, literal_column("articles.search"), filters.q)
        )
    if filters.negotiation:
        found.append(_routed_here(articles.c.id, filters.negotiation))
    if filters.source:
        found.append(_from_source(filters.source))
    if filters.language:
        found.append(articles.c.language == filters.language)
    if filters.speaker:
        speaker = _speaker(
            connection, statements.c.speaker_actor_id, statements.c.speaker_name, filters.speaker, probe=True
        )
        found.append(
            select(statements.c.id).where(statements.c.article_id == articles.c.id, speaker).exists()
        )
    if filters.issue:
        found.append(
            select(statements.c.id)
            .where(statements.c.article_id == articles.c.id, tagged_with(statements.c.id, filters.issue))
            .exists()
        )
    found += _dated(articles.c.published_at, filters)
    return found


def article_record(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "key": row.key,
        "title": row.title,
        "site": row.site,
        "url": row.url,
        "published": published_label(row.published_at, row.published_granularity),
        "language": row.language,
        "length": row.text_length,
        "sources": row.sources,
        "statements": row.statement_count,
        "reader_url": reader_url(row.id),
    }


def article_page(connection: Connection, filters: Filters, limit: int, after: Key | None = None) -> Page:
    """Articles newest first (undated last), then latest stored first."""
    source_count = select(func.count()).where(article_sources.c.article_id == articles.c.id).scalar_subquery()
    said = select(func.count()).where(statements.c.article_id == articles.c.id).scalar_subquery()
    query = select(
        articles.c.seq,
        articles.c.id,
        articles.c.key,
        articles.c.title,
        articles.c.site,
        articles.c.url,
        articles.c.published_at,
        articles.c.published_granularity,
        articles.c.language,
        articles.c.text_length,
        source_count.label("sources"),
        said.label("statement_count"),
    ).where(*_article_conditions(connection, filters))
    if after is not None:
        query = query.where(_after_desc(articles.c.published_at, articles.c.seq, after))
    query = query.order_by(articles.c.published_at.desc().nulls_last(), articles.c.seq.desc())
    rows, more = _window(_run(connection, query.limit(limit + 1), filters), limit)
    return Page(
        [article_record(r) for r in rows],
        (rows[-1].published_at, rows[-1].seq) if more and rows else None,
    )


def count_articles(connection: Connection, filters: Filters) -> int:
    query = select(func.count()).select_from(articles).where(*_article_conditions(connection, filters))
    return int(_run(connection, query, filters)[0][0])


def article_facets(connection: Connection, filters: Filters) -> dict[str, Any]:
    conditions = _article_conditions(connection, filters)
    count = func.count().label("n")
    total = _run(connection, select(func.count()).select_from(articles).where(*conditions), filters)[0][0]
    sites = _run(
        connection,
        select(articles.c.site, count)
        .where(*conditions)
        .group_by(articles.c.site)
        .order_by(count.desc(), articles.c.site)
        .limit(FACET_SIZE),
        filters,
    )
    routed = _run(
        connection,
        select(article_negotiations.c.negotiation, count)
        .select_from(article_negotiations.join(articles, articles.c.id == article_negotiations.c.article_id))
        .where(*conditions)
        .group_by(article_negotiations.c.negotiation)
        .order_by(count.desc()),
        filters,
    )
    return {
        "total": total,
        "source": [{"value": s, "label": s, "count": n} for s, n in sites if s],
        "negotiation": [{"value": v, "label": v, "count": n} for v, n in routed],
    }


# --- moves ------------------------------------------------------------------------------------------


def _move_conditions(connection: Connection, filters: Filters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.type:
        found.append(moves.c.type == filters.type)
    if filters.speaker:
        found.append(_speaker(connection, moves.c.holder_actor_id, moves.c.holder, filters.speaker))
    if filters.issue:
        found.append(moves.c.issue == filters.issue)
    return found + _through_article(moves.c.article_id, moves.c.published_at, filters)


def move_record(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "type": row.type,
        "holder": row.holder,
        "holder_actor_id": row.holder_actor_id,
        "participants": json.loads(row.participants),
        "target": row.target,
        "object": row.object,
        "issue": row.issue,
        "date": row.date,
        "date_text": row.date_text,
        "place": row.place,
        "evidence": row.evidence,
        "reported_by": row.reported_by,
        "statement_id": row.statement_id,
        "span": [row.start, row.end],
        "published": row.published_at.isoformat() if row.published_at else None,
        "article": {"id": row.article_id, "key": row.article_key, "title": row.article_title},
        "reader_url": reader_url(row.article_id, row.statement_id),
    }


def move_page(
    connection: Connection,
    filters: Filters,
    limit: int,
    after: Key | None = None,
    evidence: str | None = None,
) -> Page:
    """Moves newest first (undated last); `evidence`: the words of the move contain this."""
    query = (
        select(moves, articles.c.key.label("article_key"), articles.c.title.label("article_title"))
        .select_from(moves.join(articles, articles.c.id == moves.c.article_id))
        .where(*_move_conditions(connection, filters))
    )
    if evidence:
        query = query.where(_contains(moves.c.evidence, evidence))
    if after is not None:
        query = query.where(_after_desc(moves.c.published_at, moves.c.id, after))
    query = query.order_by(moves.c.published_at.desc().nulls_last(), moves.c.id.desc())
    rows, more = _window(_run(connection, query.limit(limit + 1), filters), limit)
    return Page(
        [move_record(r) for r in rows], (rows[-1].published_at, rows[-1].id) if more and rows else None
    )


# --- estimates of likelihood ------------------------------------------------------------------------


def _likelihood_conditions(connection: Connection, filters: Filters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filters.speaker:
        found.append(
            _speaker(connection, likelihoods.c.speaker_actor_id, likelihoods.c.speaker_name, filters.speaker)
        )
    if filters.event:
        found.append(_contains(likelihoods.c.event, filters.event))
    if filters.band:
        found.append(likelihoods.c.band == filters.band)
    if filters.issue:
        found.append(tagged_with(likelihoods.c.statement_id, filters.issue))
    return found + _through_article(likelihoods.c.article_id, likelihoods.c.published_at, filters)


def likelihood_record(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "speaker": row.speaker_name,
        "speaker_actor_id": row.speaker_actor_id,
        "holder": row.holder,
        "phrase": row.phrase,
        "span": [row.start, row.end],
        "event": row.event,
        "p": row.p,
        "low": row.low,
        "high": row.high,
        "band": row.band,
        "negated": bool(row.negated),
        "ambiguous": bool(row.ambiguous),
        "confidence": bool(row.confidence),
        "horizon": row.horizon,
        "statement_id": row.statement_id,
        "published": row.published_at.isoformat() if row.published_at else None,
        "article": {"id": row.article_id, "key": row.article_key, "title": row.article_title},
        "reader_url": reader_url(row.article_id, row.statement_id),
    }


def likelihood_page(
    connection: Connection, filters: Filters, limit: int, after: Key | None = None, newest_first: bool = False
) -> Page:
    """Estimates oldest first (a series reads in time order), or newest first for 'latest' lists."""
    query = (
        select(likelihoods, articles.c.key.label("article_key"), articles.c.title.label("article_title"))
        .select_from(likelihoods.join(articles, articles.c.id == likelihoods.c.article_id))
        .where(*_likelihood_conditions(connection, filters))
    )
    day, tie = likelihoods.c.published_at, likelihoods.c.id
    if newest_first:
        if after is not None:
            query = query.where(_after_desc(day, tie, after))
        query = query.order_by(day.desc().nulls_last(), tie.desc())
    else:
        if after is not None:
            query = query.where(_after_asc(day, tie, after))
        query = query.order_by(day.asc().nulls_last(), tie.asc())
    rows, more = _window(_run(connection, query.limit(limit + 1), filters), limit)
    return Page(
        [likelihood_record(r) for r in rows], (rows[-1].published_at, rows[-1].id) if more and rows else None
    )


# --- actors -----------------------------------------------------------------------------------------


def _aliases(connection: Connection, ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    if ids:
        for actor_id, alias in connection.execute(
            select(actor_aliases.c.actor_id, actor_aliases.c.alias).where(actor_aliases.c.actor_id.in_(ids))
        ):
            found.setdefault(actor_id, []).append(alias)
    return found


def actor_page(
    connection: Connection,
    search: str | None,
    kind: str | None,
    negotiation: str | None,
    quoted: bool,
    limit: int,
    after: Key | None = None,
) -> Page:
    """Actors most quoted first (then by id); `quoted` keeps those with at least one statement."""
    said = select(statements.c.speaker_actor_id, func.count().label("n"))
    if negotiation:
        said = said.where(_routed_here(statements.c.article_id, negotiation))
    counts = said.group_by(statements.c.speaker_actor_id).subquery()
    n = func.coalesce(counts.c.n, 0)
    query: Any = select(actors, n.label("statements")).outerjoin(
        counts, counts.c.speaker_actor_id == actors.c.id
    )
    if search:
        query = query.where(
            actors.c.id.in_(
                select(actor_aliases.c.actor_id).where(
                    actor_aliases.c.normalized.contains(normalise_name(search), autoescape=True)
                )
            )
        )
    if kind:
        query = query.where(actors.c.kind == kind)
    if quoted or negotiation:
        query = query.where(n > 0)
    if after is not None:
        last_n, last_id = after
        query = query.where(or_(n < last_n, and_(n == last_n, actors.c.id > last_id)))
    rows = connection.execute(query.order_by(n.desc(), actors.c.id).limit(limit + 1)).all()
    rows, more = _window(rows, limit)
    aliases = _aliases(connection, [r.id for r in rows])
    return Page(
        [_actor_record(r, r.statements, aliases.get(r.id, [])) for r in rows],
        (rows[-1].statements, rows[-1].id) if more and rows else None,
    )


def _actor_record(row: Any, said: int, aliases: list[str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "kind": row.kind,
        "role": row.role,
        "affiliation": row.affiliation,
        "origin": row.origin,
        "statements": said,
        "aliases": sorted(a for a in aliases if a != row.name),
        "url": f"/actors/{row.id}",
    }


def get_actor(connection: Connection, reference: str) -> dict[str, Any]:
    """One actor by id, name or alias, with counts of what they said and did."""
    ids = [reference] if reference.startswith("act_") else actor_ids(connection, reference)
    if len(ids) > 1:
        raise QueryError(f"{reference!r} names several actors; use an id: {', '.join(ids)}")
    row = connection.execute(select(actors).where(actors.c.id == ids[0])).first() if ids else None
    if row is None:
        raise NotFoundError(f"no actor {reference!r}")
    said = connection.execute(
        select(func.count()).select_from(statements).where(statements.c.speaker_actor_id == row.id)
    ).scalar_one()
    record = _actor_record(row, said, _aliases(connection, [row.id]).get(row.id, []))
    record["moves"] = connection.execute(
        select(func.count()).select_from(moves).where(moves.c.holder_actor_id == row.id)
    ).scalar_one()
    record["estimates"] = connection.execute(
        select(func.count()).select_from(likelihoods).where(likelihoods.c.speaker_actor_id == row.id)
    ).scalar_one()
    routed = connection.execute(
        select(article_negotiations.c.negotiation, func.count(func.distinct(statements.c.id)))
        .select_from(
            statements.join(
                article_negotiations, article_negotiations.c.article_id == statements.c.article_id
            )
        )
        .where(statements.c.speaker_actor_id == row.id)
        .group_by(article_negotiations.c.negotiation)
    ).all()
    record["negotiations"] = [{"id": n, "statements": c} for n, c in routed]
    return record


# --- negotiations, overview -------------------------------------------------------------------------


def issue_counts(connection: Connection, negotiation: str | None) -> list[dict[str, Any]]:
    """Statements per issue and day (dated statements only), oldest first; weeks are made by the caller."""
    day: Any = (
        func.date(statements.c.published_at)
        if connection.dialect.name == "sqlite"
        else cast(statements.c.published_at, Date)
    )
    query = (
        select(statement_issues.c.issue, day.label("day"), func.count().label("n"))
        .select_from(statement_issues.join(statements, statements.c.id == statement_issues.c.statement_id))
        .where(statements.c.published_at.is_not(None))
        .group_by(statement_issues.c.issue, day)
        .order_by(day)
    )
    if negotiation:
        query = query.where(_routed_here(statements.c.article_id, negotiation))
    return [
        {"issue": issue, "day": d.isoformat() if isinstance(d, date) else str(d)[:10], "count": n}
        for issue, d, n in connection.execute(query)
    ]


def weekly(counts: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Day counts gathered by ISO week (keyed by the week's Monday): {issue: {monday: count}}."""
    found: dict[str, dict[str, int]] = {}
    for row in counts:
        day = date.fromisoformat(row["day"])
        monday = (day - timedelta(days=day.weekday())).isoformat()
        series = found.setdefault(row["issue"], {})
        series[monday] = series.get(monday, 0) + row["count"]
    return found


# --- developments (the table the analysis writes) ---------------------------------------------------


def development_page(connection: Connection, filters: Filters, limit: int, after: Key | None = None) -> Page:
    """Stored developments newest first (by their first day), then by id."""
    query = select(developments)
    if filters.negotiation:
        query = query.where(developments.c.negotiation == filters.negotiation)
    if filters.since:
        query = query.where(developments.c.date >= filters.since)
    if filters.until:
        query = query.where(developments.c.date <= filters.until)
    if filters.q:
        query = query.where(_contains(developments.c.headline, filters.q))
    if after is not None:
        last_day, last_id = after
        last = date.fromisoformat(last_day) if isinstance(last_day, str) else last_day
        query = query.where(_after_desc(developments.c.date, developments.c.id, (last, last_id)))
    query = query.order_by(developments.c.date.desc().nulls_last(), developments.c.id.desc())
    rows, more = _window(connection.execute(query.limit(limit + 1)).all(), limit)
    last_row = rows[-1] if rows else None
    return Page(
        [development_record(r) for r in rows],
        (last_row.date.isoformat() if last_row.date else None, last_row.id) if more and last_row else None,
    )


def development_record(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "negotiation": row.negotiation,
        "date": row.date.isoformat() if row.date else None,
        "last_date": row.last_date.isoformat() if row.last_date else None,
        "headline": row.headline,
        "representative_id": row.representative_id,
        "articles": row.articles,
        "sources": row.sources,
        "statements": row.statements,
        "score": row.score,
        "url": f"/developments/{row.id}",
    }


def get_development(connection: Connection, development_id: str) -> dict[str, Any]:
    """A stored development read from its table: its member reports with their outlets and the statements
    inside (one entry a statement). The shape of `parley.analyze`'s development view, which gathers the
    copies of a statement into one entry; this is what shows when that view is not available."""
    row = connection.execute(select(developments).where(developments.c.id == development_id)).first()
    if row is None:
        raise NotFoundError(f"no development {development_id!r}")
    record = development_record(row)
    member_ids = select(development_articles.c.article_id).where(
        development_articles.c.development_id == development_id
    )
    record["members"] = members_of(connection, member_ids)
    outlet = {m["id"]: (m["sources"][0]["outlet"] if m["sources"] else m["key"]) for m in record["members"]}
    said = (
        _statement_select()
        .where(statements.c.article_id.in_(member_ids))
        .order_by(statements.c.published_at.asc().nulls_last(), statements.c.article_id, statements.c.start)
    )
    record["said"] = [
        {
            "text": r.text,
            "kind": r.kind,
            "speaker": r.speaker_name,
            "speaker_actor_id": r.speaker_actor_id,
            "issues": json.loads(r.issues),
            "outlets": [outlet.get(r.article_id, r.article_key)],
            "sources": [
                {
                    "statement_id": r.id,
                    "article_id": r.article_id,
                    "article_key": r.article_key,
                    "span": [r.start, r.end],
                    "published": r.published_at.isoformat() if r.published_at else None,
                    "outlet": outlet.get(r.article_id, r.article_key),
                    "url": None,
                }
            ],
        }
        for r in connection.execute(said)
    ]
    return record


def members_of(connection: Connection, ids: Select[Any]) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(
            articles.c.id,
            articles.c.key,
            articles.c.title,
            articles.c.site,
            articles.c.url,
            articles.c.published_at,
            articles.c.published_granularity,
        )
        .where(articles.c.id.in_(ids))
        .order_by(articles.c.published_at.asc().nulls_last(), articles.c.seq)
    ).all()
    sources: dict[str, list[dict[str, Any]]] = {}
    for s in connection.execute(
        select(
            article_sources.c.article_id, article_sources.c.site, article_sources.c.url, article_sources.c.key
        )
        .where(article_sources.c.article_id.in_([r.id for r in rows]))
        .order_by(article_sources.c.id)
    ):
        sources.setdefault(s.article_id, []).append({"outlet": s.site or s.key, "key": s.key, "url": s.url})
    return [
        {
            "id": r.id,
            "key": r.key,
            "title": r.title,
            "published": r.published_at.isoformat() if r.published_at else None,
            "sources": sources.get(r.id, []),
        }
        for r in rows
    ]


# --- the article reader -----------------------------------------------------------------------------


def article_reading(connection: Connection, reference: str) -> dict[str, Any]:
    """An article with everything found in it: statements, speakers' mentions, estimates, moves."""
    stored = get_article(connection, reference)
    data = stored.to_dict()
    article_id = data["id"]
    said = connection.execute(
        _statement_select().where(statements.c.article_id == article_id).order_by(statements.c.start)
    ).all()
    data["statements"] = [statement_record(r) for r in said]
    estimates = connection.execute(
        select(likelihoods, articles.c.key.label("article_key"), articles.c.title.label("article_title"))
        .select_from(likelihoods.join(articles, articles.c.id == likelihoods.c.article_id))
        .where(likelihoods.c.article_id == article_id)
        .order_by(likelihoods.c.start)
    ).all()
    data["likelihoods"] = [likelihood_record(r) for r in estimates]
    done = connection.execute(
        select(moves, articles.c.key.label("article_key"), articles.c.title.label("article_title"))
        .select_from(moves.join(articles, articles.c.id == moves.c.article_id))
        .where(moves.c.article_id == article_id)
        .order_by(moves.c.start)
    ).all()
    data["moves"] = [move_record(r) for r in done]
    data["mentions"] = [
        {"span": [m.start, m.end], "text": m.text, "actor_id": m.actor_id}
        for m in connection.execute(
            select(mentions).where(mentions.c.article_id == article_id).order_by(mentions.c.start)
        )
    ]
    data["negotiations"] = [
        {"id": n, "score": s}
        for n, s in connection.execute(
            select(article_negotiations.c.negotiation, article_negotiations.c.score)
            .where(article_negotiations.c.article_id == article_id)
            .order_by(article_negotiations.c.score.desc())
        )
    ]
    return data
