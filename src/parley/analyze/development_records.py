"""What a development is made of, and reading those parts from the store for any set of articles (the
articles of a negotiation when developments are built, of one development when it is shown)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import date as Day  # `date` is also a field name below
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Select, func, select

from parley.store.schema import (
    actors,
    article_sources,
    articles,
    mentions,
    moves,
    statement_issues,
    statements,
)


@dataclass(frozen=True, slots=True)
class Source:
    """One copy of a report: an outlet that carried it (an article stored once may have several)."""

    outlet: str
    key: str
    url: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "key": self.key, "url": self.url}


@dataclass(frozen=True, slots=True)
class Member:
    """A report in a development."""

    id: str
    key: str
    title: str | None
    published: datetime | None
    sources: tuple[Source, ...]

    @property
    def day(self) -> date | None:
        return self.published.date() if self.published else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(frozen=True, slots=True)
class StatementSource:
    """Where one copy of a statement is: the statement row, its article and span, and the outlet."""

    statement_id: str
    article_id: str
    article_key: str
    span: tuple[int, int]
    published: datetime | None
    outlet: str
    url: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement_id": self.statement_id,
            "article_id": self.article_id,
            "article_key": self.article_key,
            "span": list(self.span),
            "published": self.published.isoformat() if self.published else None,
            "outlet": self.outlet,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class DevelopmentStatement:
    """One statement however many outlets carry it: copies share the key of their normalised words."""

    key: str
    text: str  # as the first report carrying it has it
    kind: str
    speaker: str | None  # the name most copies give
    speaker_actor_id: str | None
    issues: tuple[str, ...]
    sources: tuple[StatementSource, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({s.outlet for s in self.sources}))

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_actor_id": self.speaker_actor_id,
            "issues": list(self.issues),
            "outlets": list(self.outlets),
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(frozen=True, slots=True)
class Development:
    """Reports about one happening. `novelty`, `reach` and `prominence` are the parts of `score`; they are
    known when the development is built and not stored (None when it is read back)."""

    id: str
    negotiation: str
    date: Day | None  # its earliest report
    last_date: Day | None
    headline: str | None
    representative_id: str | None
    members: tuple[Member, ...]  # by publication
    statements: tuple[DevelopmentStatement, ...]
    score: float
    version: str
    issues: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # who speaks or acts in it, most often first
    novelty: float | None = None
    reach: float | None = None
    prominence: float | None = None

    @property
    def outlets(self) -> tuple[str, ...]:
        """The independent sources: distinct outlets over every copy of every member."""
        return tuple(sorted({s.outlet for m in self.members for s in m.sources}))

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.members)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "negotiation": self.negotiation,
            "date": self.date.isoformat() if self.date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "headline": self.headline,
            "representative_id": self.representative_id,
            "articles": len(self.members),
            "sources": len(self.outlets),
            "statements": len(self.statements),
            "score": self.score,
            "score_parts": {"novelty": self.novelty, "reach": self.reach, "prominence": self.prominence},
            "version": self.version,
            "issues": list(self.issues),
            "actors": list(self.actors),
            "outlets": list(self.outlets),
            "members": [m.to_dict() for m in self.members],
            "said": [s.to_dict() for s in self.statements],
        }


def outlet(site: str | None, url: str | None, fallback: str) -> str:
    """Who published a copy: its site, else its URL's host; a copy naming neither is its own source."""
    if site and site.strip():
        return site.strip()
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return fallback


@dataclass(slots=True)
class StatementRow:
    id: str
    article_id: str
    text: str
    key: str
    kind: str
    speaker: str | None
    speaker_actor_id: str | None
    speaker_affiliation: str | None
    span: tuple[int, int]
    issues: list[str] = field(default_factory=list)


def load_members(
    connection: Connection, article_ids: Select[Any], lead_chars: int = 0
) -> dict[str, tuple[Member, str]]:
    """The articles selected, as members (with every source), and the first `lead_chars` of their texts."""
    sources: dict[str, list[Source]] = defaultdict(list)
    for row in connection.execute(
        select(
            article_sources.c.article_id, article_sources.c.site, article_sources.c.url, article_sources.c.key
        )
        .where(article_sources.c.article_id.in_(article_ids))
        .order_by(article_sources.c.id)
    ):
        sources[row.article_id].append(Source(outlet(row.site, row.url, row.key), row.key, row.url))
    columns: list[Any] = [articles.c.id, articles.c.key, articles.c.title, articles.c.published_at]
    columns += [articles.c.site, articles.c.url]
    if lead_chars:
        columns.append(func.substr(articles.c.text, 1, lead_chars).label("lead"))
    found: dict[str, tuple[Member, str]] = {}
    for row in connection.execute(select(*columns).where(articles.c.id.in_(article_ids))):
        copies = sources.get(row.id) or [Source(outlet(row.site, row.url, row.key), row.key, row.url)]
        member = Member(row.id, row.key, row.title, row.published_at, _distinct(copies))
        found[row.id] = (member, row.lead if lead_chars else "")
    return found


def _distinct(copies: list[Source]) -> tuple[Source, ...]:
    seen: dict[tuple[str, str, str | None], Source] = {}
    for copy in copies:
        seen.setdefault((copy.outlet, copy.key, copy.url), copy)
    return tuple(seen.values())


def load_statements(connection: Connection, article_ids: Select[Any]) -> list[StatementRow]:
    """The statements of the articles selected, with their issues, in reading order."""
    rows = [
        StatementRow(
            r.id,
            r.article_id,
            r.text,
            r.text_key or r.id,
            r.kind,
            r.speaker_name,
            r.speaker_actor_id,
            r.speaker_affiliation,
            (r.start, r.end),
        )
        for r in connection.execute(
            select(
                statements.c.id,
                statements.c.article_id,
                statements.c.text,
                statements.c.text_key,
                statements.c.kind,
                statements.c.speaker_name,
                statements.c.speaker_actor_id,
                statements.c.speaker_affiliation,
                statements.c.start,
                statements.c.end,
            )
            .where(statements.c.article_id.in_(article_ids))
            .order_by(statements.c.article_id, statements.c.start)
        )
    ]
    by_id = {r.id: r for r in rows}
    for statement_id, issue in connection.execute(
        select(statement_issues.c.statement_id, statement_issues.c.issue)
        .where(
            statement_issues.c.statement_id.in_(
                select(statements.c.id).where(statements.c.article_id.in_(article_ids))
            )
        )
        .order_by(statement_issues.c.statement_id, statement_issues.c.score.desc())
    ):
        by_id[statement_id].issues.append(issue)
    return rows


@dataclass(slots=True)
class MoveRow:
    article_id: str
    holder: str | None
    holder_actor_id: str | None
    holder_affiliation: str | None
    issue: str | None
    place: str | None
    participants: list[str]


def load_moves(connection: Connection, article_ids: Select[Any]) -> list[MoveRow]:
    return [
        MoveRow(
            r.article_id,
            r.holder,
            r.holder_actor_id,
            r.affiliation,
            r.issue,
            r.place,
            json.loads(r.participants),
        )
        for r in connection.execute(
            select(
                moves.c.article_id,
                moves.c.holder,
                moves.c.holder_actor_id,
                actors.c.affiliation,
                moves.c.issue,
                moves.c.place,
                moves.c.participants,
            )
            .outerjoin(actors, actors.c.id == moves.c.holder_actor_id)
            .where(moves.c.article_id.in_(article_ids))
            .order_by(moves.c.article_id, moves.c.start)
        )
    ]


def load_mentioned(connection: Connection, article_ids: Select[Any]) -> dict[str, set[str]]:
    """The actors each article names (by name, title or resolved mention), by actor id."""
    found: dict[str, set[str]] = defaultdict(set)
    for article_id, actor_id in connection.execute(
        select(mentions.c.article_id, mentions.c.actor_id)
        .where(mentions.c.article_id.in_(article_ids))
        .distinct()
    ):
        found[article_id].add(actor_id)
    return found


def group_statements(
    rows: list[StatementRow], members: dict[str, Member]
) -> tuple[DevelopmentStatement, ...]:
    """The distinct statements of some articles: copies grouped by key, each with every source (every
    copy of every article carrying it), in order of first publication."""
    groups: dict[str, list[StatementRow]] = defaultdict(list)
    for row in rows:
        if row.article_id in members:
            groups[row.key].append(row)

    def first_seen(copies: list[StatementRow]) -> tuple[datetime, str, int]:
        member = members[copies[0].article_id]
        return (member.published or datetime.max, member.id, copies[0].span[0])

    found = []
    for key, copies in groups.items():
        copies.sort(key=lambda r: (members[r.article_id].published or datetime.max, r.article_id, r.span[0]))
        named = Counter((r.speaker, r.speaker_actor_id) for r in copies if r.speaker)
        speaker, actor_id = named.most_common(1)[0][0] if named else (None, None)
        issues = list(dict.fromkeys(i for r in copies for i in r.issues))
        sources = tuple(
            StatementSource(
                r.id,
                r.article_id,
                source.key,
                r.span,
                members[r.article_id].published,
                source.outlet,
                source.url,
            )
            for r in copies
            for source in members[r.article_id].sources
        )
        found.append(
            (
                first_seen(copies),
                DevelopmentStatement(
                    key, copies[0].text, copies[0].kind, speaker, actor_id, tuple(issues), sources
                ),
            )
        )
    found.sort(key=lambda pair: pair[0])
    return tuple(s for _, s in found)


def issues_of(rows: list[StatementRow], move_rows: list[MoveRow]) -> tuple[str, ...]:
    """Issues by how often a statement or move raises them."""
    counts = Counter(i for r in rows for i in r.issues) + Counter(m.issue for m in move_rows if m.issue)
    return tuple(i for i, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def actors_of(rows: list[StatementRow], move_rows: list[MoveRow]) -> tuple[str, ...]:
    """Who speaks or makes a move, most often first."""
    counts = Counter(r.speaker for r in rows if r.speaker) + Counter(m.holder for m in move_rows if m.holder)
    return tuple(a for a, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
