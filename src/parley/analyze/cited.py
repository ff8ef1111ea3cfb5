"""The records analysis works on, each with its sources: the positions (statements), moves and estimates
of likelihood in the articles routed to one negotiation.

The same quote, move or estimate carried by ten reports is one record with ten sources: copies are
gathered by their normalised words (`text_key`) and who they belong to, dated by the first report, and
every copy is kept as a source (article, outlets, date, link, the exact span)."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import Connection, Select, select

from parley.analyze.parties import Parties
from parley.store.schema import (
    actors,
    article_negotiations,
    article_sources,
    articles,
    likelihoods,
    moves,
    statement_issues,
    statements,
)
from parley.store.statements import text_key

Row = Mapping[Any, Any]  # a row mapping
T = TypeVar("T")

# The seven bands of DESIGN.md, lowest first: a shift or a spread is counted in steps along this scale.
BANDS = (
    "extremely unlikely",
    "very unlikely",
    "unlikely",
    "even",
    "likely",
    "very likely",
    "extremely likely",
)


def band_index(band: str) -> int:
    return BANDS.index(band)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@dataclass(frozen=True, slots=True)
class Source:
    """One report that carries a record: the article, its outlets, date and link, and the exact span."""

    article_id: str
    key: str
    title: str | None
    url: str | None
    outlets: tuple[str, ...]
    published: datetime | None
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "key": self.key,
            "title": self.title,
            "url": self.url,
            "outlets": list(self.outlets),
            "published": iso(self.published),
            "span": list(self.span),
        }


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    id: str
    key: str
    title: str | None
    url: str | None
    outlets: tuple[str, ...]
    published: datetime | None


def routed(negotiation_id: str) -> Select[Any]:
    """The ids of the articles routed to the negotiation, for `IN (…)`."""
    return select(article_negotiations.c.article_id).where(
        article_negotiations.c.negotiation == negotiation_id
    )


def _outlet(site: str | None, url: str | None) -> str | None:
    if site:
        return site
    return urlsplit(url).hostname if url else None


def routed_articles(connection: Connection, negotiation_id: str) -> dict[str, ArticleInfo]:
    """Every article routed to the negotiation, with the outlets it was read from (an exact copy from
    another outlet is another source of the same article)."""
    ids = routed(negotiation_id)
    outlets: dict[str, list[str]] = {}
    for article_id, site, url in connection.execute(
        select(article_sources.c.article_id, article_sources.c.site, article_sources.c.url)
        .where(article_sources.c.article_id.in_(ids))
        .order_by(article_sources.c.first_seen, article_sources.c.id)
    ):
        outlet = _outlet(site, url)
        if outlet and outlet not in outlets.setdefault(article_id, []):
            outlets[article_id].append(outlet)
    found = {}
    for row in connection.execute(
        select(
            articles.c.id,
            articles.c.key,
            articles.c.title,
            articles.c.url,
            articles.c.site,
            articles.c.published_at,
        ).where(articles.c.id.in_(ids))
    ).mappings():
        own = _outlet(row["site"], row["url"])
        names = outlets.get(row["id"]) or ([own] if own else [])
        found[row["id"]] = ArticleInfo(
            row["id"], row["key"], row["title"], row["url"], tuple(names), row["published_at"]
        )
    return found


def _order(row: Row) -> tuple[bool, datetime, str, int]:
    """Oldest report first; undated last; within an article, in reading order."""
    published = row["published_at"]
    return (published is None, published or datetime.min, row["article_id"], row["start"])


def gather(rows: Iterable[Row], key: Callable[[Row], Hashable]) -> list[list[Row]]:
    """Rows grouped by `key`, each group oldest first, the groups in order of their first row."""
    groups: dict[Hashable, list[Row]] = {}
    for row in sorted(rows, key=_order):
        groups.setdefault(key(row), []).append(row)
    return list(groups.values())


def sources_of(copies: Iterable[Row], known: Mapping[str, ArticleInfo]) -> tuple[Source, ...]:
    """One source per article carrying the record (its first span there), oldest first."""
    found: dict[str, Source] = {}
    for row in copies:
        info = known.get(row["article_id"])
        if info is None or info.id in found:
            continue
        found[info.id] = Source(
            info.id, info.key, info.title, info.url, info.outlets, info.published, (row["start"], row["end"])
        )
    return tuple(found.values())


# --- positions ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Position:
    """A statement (all its copies) by a speaker: what was said, when first reported, and where."""

    statement_ids: tuple[str, ...]
    speaker: str | None
    speaker_actor_id: str | None
    party: str | None
    kind: str
    text: str
    issues: tuple[str, ...]
    date: datetime | None
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement_id": self.statement_ids[0],
            "statement_ids": list(self.statement_ids),
            "speaker": self.speaker,
            "speaker_actor_id": self.speaker_actor_id,
            "party": self.party,
            "kind": self.kind,
            "text": self.text,
            "issues": list(self.issues),
            "date": iso(self.date),
            "sources": [s.to_dict() for s in self.sources],
        }


def load_positions(
    connection: Connection, negotiation_id: str, parties: Parties, known: Mapping[str, ArticleInfo]
) -> list[Position]:
    """Every statement tagged with an issue in the negotiation's articles, copies gathered."""
    rows = (
        connection.execute(
            select(
                statements.c.id,
                statements.c.article_id,
                statements.c.start,
                statements.c.end,
                statements.c.kind,
                statements.c.text,
                statements.c.text_key,
                statements.c.speaker_name,
                statements.c.speaker_actor_id,
                statements.c.speaker_affiliation,
                actors.c.affiliation.label("actor_affiliation"),
                statements.c.published_at,
            )
            .outerjoin(actors, actors.c.id == statements.c.speaker_actor_id)
            .where(statements.c.article_id.in_(routed(negotiation_id)))
            .where(statements.c.id.in_(select(statement_issues.c.statement_id)))
        )
        .mappings()
        .all()
    )
    issues: dict[str, list[str]] = {}
    for statement_id, issue in connection.execute(
        select(statement_issues.c.statement_id, statement_issues.c.issue)
        .where(
            statement_issues.c.statement_id.in_(
                select(statements.c.id).where(statements.c.article_id.in_(routed(negotiation_id)))
            )
        )
        .order_by(statement_issues.c.statement_id, statement_issues.c.score.desc())
    ):
        issues.setdefault(statement_id, []).append(issue)
    found = []
    for copies in gather(
        rows,
        lambda r: (
            r["speaker_actor_id"] or r["speaker_name"],
            r["text_key"] or text_key(r["text"]),
        ),
    ):
        first = copies[0]
        party = parties.party_of(
            first["speaker_name"],
            first["speaker_actor_id"],
            first["speaker_affiliation"] or first["actor_affiliation"],
        )
        tagged = list(dict.fromkeys(i for c in copies for i in issues.get(c["id"], ())))
        found.append(
            Position(
                tuple(c["id"] for c in copies),
                first["speaker_name"],
                first["speaker_actor_id"],
                party,
                first["kind"],
                first["text"],
                tuple(tagged),
                first["published_at"],
                sources_of(copies, known),
            )
        )
    return found


# --- moves --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MoveRecord:
    """A move (all its copies): who did what about which issue, the words that say so, and where."""

    move_ids: tuple[str, ...]
    type: str
    holder: str | None
    holder_actor_id: str | None
    party: str | None
    participants: tuple[str, ...]
    target: str | None
    object: str | None
    issue: str | None
    evidence: str
    reported_by: str | None
    statement_id: str | None
    move_date: str | None  # the date the report gives for the move itself ("On December 22"), if any
    date: datetime | None  # first reported
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "move_id": self.move_ids[0],
            "move_ids": list(self.move_ids),
            "type": self.type,
            "holder": self.holder,
            "holder_actor_id": self.holder_actor_id,
            "party": self.party,
            "participants": list(self.participants),
            "target": self.target,
            "object": self.object,
            "issue": self.issue,
            "evidence": self.evidence,
            "reported_by": self.reported_by,
            "statement_id": self.statement_id,
            "move_date": self.move_date,
            "date": iso(self.date),
            "sources": [s.to_dict() for s in self.sources],
        }


def load_moves(
    connection: Connection, negotiation_id: str, parties: Parties, known: Mapping[str, ArticleInfo]
) -> list[MoveRecord]:
    """Every move in the negotiation's articles, copies gathered, oldest first."""
    rows = (
        connection.execute(
            select(moves, actors.c.affiliation.label("actor_affiliation"))
            .outerjoin(actors, actors.c.id == moves.c.holder_actor_id)
            .where(moves.c.article_id.in_(routed(negotiation_id)))
        )
        .mappings()
        .all()
    )
    found = []
    for copies in gather(
        rows,
        lambda r: (r["type"], r["holder_actor_id"] or r["holder"], r["issue"], text_key(r["evidence"])),
    ):
        first = copies[0]
        found.append(
            MoveRecord(
                tuple(c["id"] for c in copies),
                first["type"],
                first["holder"],
                first["holder_actor_id"],
                parties.party_of(first["holder"], first["holder_actor_id"], first["actor_affiliation"]),
                tuple(json.loads(first["participants"])),
                first["target"],
                first["object"],
                first["issue"],
                first["evidence"],
                first["reported_by"],
                first["statement_id"],
                first["date"],
                first["published_at"],
                sources_of(copies, known),
            )
        )
    return found


# --- estimates of likelihood --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Estimate:
    """An estimate of likelihood (all its copies). `who` holds it: the speaker, or the holder the speaker
    reports ("analysts say a deal is unlikely"), in which case `reported_by` is the speaker."""

    likelihood_ids: tuple[str, ...]
    who: str | None  # None: an unattributed quote
    who_actor_id: str | None
    reported_by: str | None
    phrase: str
    event: str | None
    p: float
    low: float
    high: float
    band: str
    negated: bool
    ambiguous: bool
    confidence: bool
    horizon: str | None
    statement_id: str
    statement_text: str
    date: datetime | None
    sources: tuple[Source, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "likelihood_id": self.likelihood_ids[0],
            "likelihood_ids": list(self.likelihood_ids),
            "who": self.who,
            "who_actor_id": self.who_actor_id,
            "reported_by": self.reported_by,
            "phrase": self.phrase,
            "event": self.event,
            "p": self.p,
            "low": self.low,
            "high": self.high,
            "band": self.band,
            "negated": self.negated,
            "ambiguous": self.ambiguous,
            "confidence": self.confidence,
            "horizon": self.horizon,
            "statement_id": self.statement_id,
            "statement_text": self.statement_text,
            "date": iso(self.date),
            "sources": [s.to_dict() for s in self.sources],
        }


def _who(row: Row) -> tuple[str | None, str | None, str | None]:
    """Whose estimate a row is (name, actor id) and who reports it."""
    if row["holder"]:
        return row["holder"], None, row["speaker_name"]
    return row["speaker_name"], row["speaker_actor_id"], None


def load_estimates(
    connection: Connection, negotiation_id: str, known: Mapping[str, ArticleInfo]
) -> list[Estimate]:
    """Every estimate in the negotiation's articles, copies gathered, oldest first."""
    rows = (
        connection.execute(
            select(
                likelihoods,
                statements.c.text.label("statement_text"),
                statements.c.text_key.label("statement_key"),
            )
            .join(statements, statements.c.id == likelihoods.c.statement_id)
            .where(likelihoods.c.article_id.in_(routed(negotiation_id)))
        )
        .mappings()
        .all()
    )
    found = []
    for copies in gather(
        rows,
        lambda r: (
            _who(r)[1] or _who(r)[0],
            r["statement_key"] or text_key(r["statement_text"]),
            r["phrase"].lower(),
            (r["event"] or "").lower(),
        ),
    ):
        first = copies[0]
        who, who_id, reporter = _who(first)
        found.append(
            Estimate(
                tuple(c["id"] for c in copies),
                who,
                who_id,
                reporter,
                first["phrase"],
                first["event"],
                first["p"],
                first["low"],
                first["high"],
                first["band"],
                bool(first["negated"]),
                bool(first["ambiguous"]),
                bool(first["confidence"]),
                first["horizon"],
                first["statement_id"],
                first["statement_text"],
                first["published_at"],
                sources_of(copies, known),
            )
        )
    return found
