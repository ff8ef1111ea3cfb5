"""Reading the store: article lists with filters and full-text search, one article in full, counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Select, func, literal_column, or_, select, text
from sqlalchemy.exc import DBAPIError

from parley.errors import NotFoundError, QueryError
from parley.store.schema import (
    actors,
    article_sources,
    articles,
    date_mentions,
    moves,
    near_duplicates,
    statements,
)


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    text: str | None = None  # full-text query (SQLite FTS5 syntax; PostgreSQL web-search syntax)
    since: date | None = None
    until: date | None = None  # inclusive
    site: str | None = None  # substring of the site or source name, case-insensitive
    language: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    key: str
    title: str | None
    site: str | None
    published: str | None
    language: str | None
    length: int
    sources: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "site": self.site,
            "published": self.published,
            "language": self.language,
            "length": self.length,
            "sources": self.sources,
        }


@dataclass(slots=True)
class StoredArticle:
    row: dict[str, Any]
    sources: list[dict[str, Any]] = field(default_factory=list)
    near_duplicates: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            **_jsonable(self.row),
            "sources": [_jsonable(s) for s in self.sources],
            "near_duplicates": self.near_duplicates,
            "dates": self.dates,
        }


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime | date) else v) for k, v in row.items()}


def published_label(at: datetime | None, granularity: str | None) -> str | None:
    if at is None:
        return None
    if granularity == "time":
        return at.isoformat(timespec="minutes")
    if granularity == "month":
        return at.strftime("%Y-%m")
    if granularity == "year":
        return at.strftime("%Y")
    return at.date().isoformat()


def _search_clause(connection: Connection, query: str) -> tuple[Any, Any]:
    """A WHERE clause for the full-text query and an ORDER BY for its relevance."""
    if connection.dialect.name == "sqlite":
        matching = text(
            "articles.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :fts_query)"
        )
        return matching.bindparams(fts_query=query), articles.c.published_at.desc()
    tsquery = func.websearch_to_tsquery("english", query)
    search: Any = literal_column("articles.search")
    return search.op("@@")(tsquery), func.ts_rank(search, tsquery).desc()


def find_articles(connection: Connection, filters: ArticleFilter) -> list[ArticleRow]:
    source_count = select(func.count()).where(article_sources.c.article_id == articles.c.id).scalar_subquery()
    query: Select[Any] = select(
        articles.c.id,
        articles.c.key,
        articles.c.title,
        articles.c.site,
        articles.c.published_at,
        articles.c.published_granularity,
        articles.c.language,
        articles.c.text_length,
        source_count.label("sources"),
    )
    order: list[Any] = []
    if filters.text:
        clause, relevance = _search_clause(connection, filters.text)
        query = query.where(clause)
        order.append(relevance)
    if filters.since:
        query = query.where(articles.c.published_at >= datetime.combine(filters.since, datetime.min.time()))
    if filters.until:
        query = query.where(
            articles.c.published_at < datetime.combine(filters.until + timedelta(days=1), datetime.min.time())
        )
    if filters.site:
        pattern = f"%{filters.site.lower()}%"
        query = query.where(
            or_(
                func.lower(articles.c.site).like(pattern),
                articles.c.id.in_(
                    select(article_sources.c.article_id).where(
                        func.lower(article_sources.c.site).like(pattern)
                    )
                ),
            )
        )
    if filters.language:
        query = query.where(articles.c.language == filters.language)
    order += [articles.c.published_at.desc().nulls_last(), articles.c.seq.desc()]
    query = query.order_by(*order).limit(filters.limit).offset(filters.offset)
    try:
        rows = connection.execute(query).all()
    except DBAPIError as exc:
        if filters.text:  # the only user-written SQL input is the full-text query
            message = " ".join(str(getattr(exc, "orig", exc)).split())
            raise QueryError(
                f'malformed search query {filters.text!r}: {message}. Quote phrases with "…"; '
                "use AND, OR, NOT between words."
            ) from None
        raise
    return [
        ArticleRow(
            r.id,
            r.key,
            r.title,
            r.site,
            published_label(r.published_at, r.published_granularity),
            r.language,
            r.text_length,
            r.sources,
        )
        for r in rows
    ]


def resolve_article_id(connection: Connection, reference: str) -> str:
    """An article named by its id, a unique id prefix (4+ characters), or its key."""
    exact = connection.execute(select(articles.c.id).where(articles.c.id == reference)).scalar()
    if exact:
        return str(exact)
    by_key = (
        connection.execute(select(articles.c.id).where(articles.c.key == reference).limit(2)).scalars().all()
    )
    if len(by_key) == 1:
        return str(by_key[0])
    if len(by_key) > 1:
        raise QueryError(f"{reference!r} names several articles; use one of their ids: {', '.join(by_key)}")
    if len(reference) >= 4:
        prefixed = (
            connection.execute(
                select(articles.c.id).where(articles.c.id.like(reference.replace("%", "") + "%")).limit(2)
            )
            .scalars()
            .all()
        )
        if len(prefixed) == 1:
            return str(prefixed[0])
        if len(prefixed) > 1:
            raise QueryError(f"{reference!r} is the start of several article ids; give more characters")
    raise NotFoundError(f"no article {reference!r}")


def get_article(connection: Connection, reference: str) -> StoredArticle:
    article_id = resolve_article_id(connection, reference)
    row = connection.execute(select(articles).where(articles.c.id == article_id)).mappings().one()
    stored = StoredArticle(row=dict(row))
    stored.row["published"] = published_label(row["published_at"], row["published_granularity"])
    stored.sources = [
        dict(r)
        for r in connection.execute(
            select(
                article_sources.c.kind,
                article_sources.c.location,
                article_sources.c.key,
                article_sources.c.url,
                article_sources.c.site,
                article_sources.c.first_seen,
            )
            .where(article_sources.c.article_id == article_id)
            .order_by(article_sources.c.id)
        ).mappings()
    ]
    pairs = connection.execute(
        select(
            near_duplicates.c.article_id, near_duplicates.c.similar_id, near_duplicates.c.similarity
        ).where(or_(near_duplicates.c.article_id == article_id, near_duplicates.c.similar_id == article_id))
    ).all()
    stored.near_duplicates = sorted(
        ({"id": b if a == article_id else a, "similarity": s} for a, b, s in pairs),
        key=lambda d: -d["similarity"],
    )
    stored.dates = [
        {"span": [r.start, r.end], "text": r.text, "value": r.value, "granularity": r.granularity}
        for r in connection.execute(
            select(date_mentions)
            .where(date_mentions.c.article_id == article_id)
            .order_by(date_mentions.c.start)
        )
    ]
    return stored


def store_stats(connection: Connection) -> dict[str, Any]:
    total = connection.execute(select(func.count()).select_from(articles)).scalar() or 0
    sources = connection.execute(select(func.count()).select_from(article_sources)).scalar() or 0
    near = connection.execute(select(func.count(func.distinct(near_duplicates.c.article_id)))).scalar() or 0
    span = connection.execute(
        select(func.min(articles.c.published_at), func.max(articles.c.published_at))
    ).one()
    undated = (
        connection.execute(
            select(func.count()).select_from(articles).where(articles.c.published_at.is_(None))
        ).scalar()
        or 0
    )
    sites = connection.execute(
        select(articles.c.site, func.count().label("n"))
        .group_by(articles.c.site)
        .order_by(func.count().desc(), articles.c.site)
        .limit(10)
    ).all()
    languages = connection.execute(
        select(articles.c.language, func.count().label("n"))
        .group_by(articles.c.language)
        .order_by(func.count().desc())
        .limit(10)
    ).all()
    methods = connection.execute(
        select(articles.c.published_method, func.count().label("n"))
        .group_by(articles.c.published_method)
        .order_by(func.count().desc())
    ).all()
    statement_count = connection.execute(select(func.count()).select_from(statements)).scalar() or 0
    by_kind: dict[Any, Any] = dict(
        connection.execute(select(statements.c.kind, func.count()).group_by(statements.c.kind)).all()
    )
    speakers = connection.execute(
        select(statements.c.speaker_name, func.count().label("n"))
        .where(statements.c.speaker_actor_id.is_not(None))
        .group_by(statements.c.speaker_name)
        .order_by(func.count().desc(), statements.c.speaker_name)
        .limit(10)
    ).all()
    move_counts: dict[Any, Any] = dict(
        connection.execute(select(moves.c.type, func.count()).group_by(moves.c.type)).all()
    )
    return {
        "articles": total,
        "statements": statement_count,
        "statements_by_kind": {str(k): int(v) for k, v in by_kind.items()},
        "actors": connection.execute(select(func.count()).select_from(actors)).scalar() or 0,
        "moves": {str(k): int(v) for k, v in sorted(move_counts.items())},
        "top_speakers": [{"speaker": s, "statements": n} for s, n in speakers],
        "sources": sources,
        "duplicate_sources": sources - total,
        "near_duplicate_articles": near,
        "first_published": span[0].date().isoformat() if span[0] else None,
        "last_published": span[1].date().isoformat() if span[1] else None,
        "undated": undated,
        "top_sites": [{"site": s or "(unknown)", "articles": n} for s, n in sites],
        "languages": [{"language": lang or "(unknown)", "articles": n} for lang, n in languages],
        "date_methods": [{"method": m or "(none)", "articles": n} for m, n in methods],
    }
