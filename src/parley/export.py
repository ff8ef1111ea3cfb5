"""Exports: statements, actors, developments and moves streamed out of the store as JSON lines, CSV or
Parquet, and moves as PLOVER event records.

Rows are read in keyset pages (`WHERE key > last ORDER BY key LIMIT n`), so an export holds one page in
memory whatever the size of the store, on SQLite and PostgreSQL alike; rows come in store order.

Every kind has one declared list of columns (`COLUMNS`), the same in every format and in this order: a JSON
line is an object with these keys; a CSV file has these columns, a header first, nested values (objects and
lists) JSON-encoded in their cell, `true`/`false` for booleans and an empty cell for null; a Parquet file
has these columns, lists of strings or integers as Parquet lists, objects as JSON text, dates as dates.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Literal

from sqlalchemy import Connection, Select, func, or_, select

from parley import __version__
from parley.errors import NotFoundError, QueryError
from parley.extract.names import normalise_name
from parley.store.schema import (
    actor_aliases,
    actors,
    article_negotiations,
    article_sources,
    articles,
    development_articles,
    developments,
    moves,
    statements,
)
from parley.store.statements import record_of

Kind = Literal["statements", "actors", "developments", "moves"]
Format = Literal["jsonl", "csv", "parquet", "plover"]
ColumnType = Literal["str", "int", "float", "bool", "date", "json", "str_list", "int_list"]

KINDS: tuple[Kind, ...] = ("statements", "actors", "developments", "moves")
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "parquet", "plover")
PAGE_SIZE = 1000  # rows read per query
ROW_GROUP_SIZE = 5000  # rows per Parquet row group

# The columns of each kind, in their order in every format. `json` columns hold an object (or null).
COLUMNS: dict[Kind, tuple[tuple[str, ColumnType], ...]] = {
    # DESIGN.md's statement record (as `parley extract` and `parley statements --json` give it), then the
    # article (store id, title, url, publication time) and every source the article was read from
    "statements": (
        ("article_id", "str"),
        ("statement_id", "str"),
        ("kind", "str"),
        ("text", "str"),
        ("span", "int_list"),
        ("speaker", "json"),
        ("cue", "json"),
        ("continues", "str"),
        ("mixed", "bool"),
        ("issues", "str_list"),
        ("moves", "json"),
        ("likelihood", "json"),
        ("extractor", "str"),
        ("article", "json"),
        ("sources", "json"),
    ),
    # `statements` and `moves`: how many the actor made (within the filters, when given)
    "actors": (
        ("id", "str"),
        ("name", "str"),
        ("kind", "str"),
        ("role", "str"),
        ("affiliation", "str"),
        ("origin", "str"),
        ("statements", "int"),
        ("aliases", "str_list"),
        ("moves", "int"),
    ),
    # `articles`, `sources`, `statements`: counts; `article_ids`: the member articles' store ids
    "developments": (
        ("id", "str"),
        ("negotiation", "str"),
        ("date", "date"),
        ("last_date", "date"),
        ("headline", "str"),
        ("representative_id", "str"),
        ("articles", "int"),
        ("sources", "int"),
        ("statements", "int"),
        ("score", "float"),
        ("version", "str"),
        ("article_ids", "str_list"),
    ),
    # `parley moves --json`'s record, then the article's sources
    "moves": (
        ("id", "str"),
        ("type", "str"),
        ("holder", "str"),
        ("holder_actor_id", "str"),
        ("target", "str"),
        ("object", "str"),
        ("issue", "str"),
        ("date", "str"),
        ("date_text", "str"),
        ("place", "str"),
        ("evidence", "str"),
        ("reported_by", "str"),
        ("statement_id", "str"),
        ("participants", "str_list"),
        ("span", "int_list"),
        ("article_id", "str"),
        ("article", "json"),
        ("sources", "json"),
    ),
}


@dataclass(frozen=True, slots=True)
class ExportFilter:
    negotiation: str | None = None  # only articles routed to this negotiation (developments: its own)
    since: date | None = None  # published on or after (developments: dated on or after)
    until: date | None = None  # inclusive

    @property
    def any(self) -> bool:
        return bool(self.negotiation or self.since or self.until)


# --- reading ------------------------------------------------------------------------------------------


def _pages(connection: Connection, query: Select[Any], key: Any, name: str, size: int) -> Iterator[list[Any]]:
    """The rows of `query` in pages of `size`, by keyset on the unique column `key` (labelled `name`)."""
    last: Any = None
    while True:
        page = query if last is None else query.where(key > last)
        rows = list(connection.execute(page.order_by(key).limit(size)).all())
        if not rows:
            return
        yield rows
        if len(rows) < size:
            return
        last = getattr(rows[-1], name)


def _in_scope(query: Select[Any], article_id: Any, published_at: Any, filters: ExportFilter) -> Select[Any]:
    if filters.negotiation:
        query = query.where(
            article_id.in_(
                select(article_negotiations.c.article_id).where(
                    article_negotiations.c.negotiation == filters.negotiation
                )
            )
        )
    if filters.since:
        query = query.where(published_at >= datetime.combine(filters.since, datetime.min.time()))
    if filters.until:
        query = query.where(
            published_at < datetime.combine(filters.until + timedelta(days=1), datetime.min.time())
        )
    return query


def _sources(connection: Connection, article_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Every source each article was read from, first seen first."""
    found: dict[str, list[dict[str, Any]]] = {}
    ids = sorted(set(article_ids))
    if not ids:
        return found
    query = (
        select(article_sources)
        .where(article_sources.c.article_id.in_(ids))
        .order_by(article_sources.c.article_id, article_sources.c.id)
    )
    for row in connection.execute(query):
        found.setdefault(row.article_id, []).append(
            {
                "kind": row.kind,
                "location": row.location,
                "key": row.key,
                "url": row.url,
                "site": row.site,
                "first_seen": row.first_seen.isoformat() if row.first_seen else None,
            }
        )
    return found


def _published(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def check_negotiation(connection: Connection, negotiation: str) -> None:
    """A negotiation filter must name a negotiation parley knows or the store has articles routed to."""
    from parley.negotiations import builtin_negotiations

    known = {n.id for n in builtin_negotiations()}
    stored = {
        r[0]
        for r in connection.execute(select(article_negotiations.c.negotiation).distinct())
        if r[0] is not None
    }
    stored |= {r[0] for r in connection.execute(select(developments.c.negotiation).distinct())}
    if negotiation not in known | stored:
        raise NotFoundError(f"no negotiation {negotiation!r} (known: {', '.join(sorted(known | stored))})")


def iter_statements(
    connection: Connection, filters: ExportFilter = ExportFilter(), page: int = PAGE_SIZE
) -> Iterator[dict[str, Any]]:
    """Statements as DESIGN.md records with their article and its sources."""
    query = select(
        statements,
        articles.c.key.label("article_key"),
        articles.c.title.label("article_title"),
        articles.c.url.label("article_url"),
    ).join(articles, articles.c.id == statements.c.article_id)
    query = _in_scope(query, statements.c.article_id, statements.c.published_at, filters)
    for rows in _pages(connection, query, statements.c.seq, "seq", page):
        sources = _sources(connection, (r.article_id for r in rows))
        for row in rows:
            record = record_of(row, row.article_key)
            record["article"] = {
                "id": row.article_id,
                "title": row.article_title,
                "url": row.article_url,
                "published": _published(row.published_at),
            }
            record["sources"] = sources.get(row.article_id, [])
            yield record


def iter_moves(
    connection: Connection, filters: ExportFilter = ExportFilter(), page: int = PAGE_SIZE
) -> Iterator[dict[str, Any]]:
    """Moves as `parley moves --json` gives them, with their article and its sources."""
    for rows in _move_pages(connection, filters, page):
        sources = _sources(connection, (r.article_id for r in rows))
        for row in rows:
            yield _move_record(row, sources.get(row.article_id, []))


def _move_pages(connection: Connection, filters: ExportFilter, page: int) -> Iterator[list[Any]]:
    query = select(
        moves,
        articles.c.key.label("article_key"),
        articles.c.title.label("article_title"),
        articles.c.url.label("article_url"),
        articles.c.site.label("article_site"),
        articles.c.language.label("article_language"),
    ).join(articles, articles.c.id == moves.c.article_id)
    query = _in_scope(query, moves.c.article_id, moves.c.published_at, filters)
    yield from _pages(connection, query, moves.c.id, "id", page)


def _move_record(row: Any, sources: list[dict[str, Any]]) -> dict[str, Any]:
    record: dict[str, Any] = {
        name: getattr(row, name)
        for name in (
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
    record["participants"] = json.loads(row.participants)
    record["span"] = [row.start, row.end]
    record["article_id"] = row.article_key
    record["article"] = {
        "id": row.article_id,
        "title": row.article_title,
        "url": row.article_url,
        "published": _published(row.published_at),
    }
    record["sources"] = sources
    return record


def iter_actors(
    connection: Connection, filters: ExportFilter = ExportFilter(), page: int = PAGE_SIZE
) -> Iterator[dict[str, Any]]:
    """Actors with their aliases (besides the name) and how many statements and moves they made. With a
    filter, the actors who made a statement or a move within it, counted within it."""
    said = _in_scope(
        select(statements.c.speaker_actor_id), statements.c.article_id, statements.c.published_at, filters
    )
    moved = _in_scope(select(moves.c.holder_actor_id), moves.c.article_id, moves.c.published_at, filters)
    query = select(actors)
    if filters.any:
        query = query.where(or_(actors.c.id.in_(said), actors.c.id.in_(moved)))
    for rows in _pages(connection, query, actors.c.id, "id", page):
        ids = [r.id for r in rows]
        statement_counts = _counts(connection, said, statements.c.speaker_actor_id, ids)
        move_counts = _counts(connection, moved, moves.c.holder_actor_id, ids)
        aliases: dict[str, list[str]] = {}
        for actor_id, alias in connection.execute(
            select(actor_aliases.c.actor_id, actor_aliases.c.alias).where(actor_aliases.c.actor_id.in_(ids))
        ):
            aliases.setdefault(actor_id, []).append(alias)
        for r in rows:
            yield {
                "id": r.id,
                "name": r.name,
                "kind": r.kind,
                "role": r.role,
                "affiliation": r.affiliation,
                "origin": r.origin,
                "statements": statement_counts.get(r.id, 0),
                "aliases": sorted(a for a in aliases.get(r.id, []) if a != r.name),
                "moves": move_counts.get(r.id, 0),
            }


def _counts(connection: Connection, scoped: Select[Any], column: Any, ids: list[str]) -> dict[str, int]:
    query = scoped.where(column.in_(ids)).with_only_columns(column, func.count()).group_by(column)
    return {key: int(n) for key, n in connection.execute(query)}


def iter_developments(
    connection: Connection, filters: ExportFilter = ExportFilter(), page: int = PAGE_SIZE
) -> Iterator[dict[str, Any]]:
    """Developments as `parley analyze` stored them, with their member articles' ids."""
    query = select(developments)
    if filters.negotiation:
        query = query.where(developments.c.negotiation == filters.negotiation)
    if filters.since:
        query = query.where(developments.c.date >= filters.since)
    if filters.until:
        query = query.where(developments.c.date <= filters.until)
    for rows in _pages(connection, query, developments.c.id, "id", page):
        members: dict[str, list[str]] = {}
        for development_id, article_id in connection.execute(
            select(development_articles.c.development_id, development_articles.c.article_id)
            .where(development_articles.c.development_id.in_([r.id for r in rows]))
            .order_by(development_articles.c.development_id, development_articles.c.article_id)
        ):
            members.setdefault(development_id, []).append(article_id)
        for r in rows:
            yield {
                "id": r.id,
                "negotiation": r.negotiation,
                "date": r.date.isoformat() if r.date else None,
                "last_date": r.last_date.isoformat() if r.last_date else None,
                "headline": r.headline,
                "representative_id": r.representative_id,
                "articles": r.articles,
                "sources": r.sources,
                "statements": r.statements,
                "score": r.score,
                "version": r.version,
                "article_ids": members.get(r.id, []),
            }


# --- PLOVER -------------------------------------------------------------------------------------------
# The record follows the JSON data fields of the PLOVER manual (Open Event Data Alliance, "PLOVER: Political
# Language Ontology for Verifiable Event Records", draft 0.7b1, PLOVER_MANUAL.tex in
# github.com/openeventdata/PLOVER): chapter "JSON Data Fields" (the event record, the actor, text, citation
# and location objects), the event categories with their modes, the context codes, the quad categories and
# the "Schrodt scores" (event_scale). Fields beyond the standard ones are allowed by the manual; parley's own
# sit under one key, `parley`. PLOVER's `source` is the actor that acts (not the news source, which is in
# `cite_info`).

PLOVER_FIELDS = frozenset(
    {
        "id", "has_event", "date", "time", "enddate", "endtime", "source", "recipient", "event",
        "event_loc", "event_text", "quad_code", "event_scale", "mode", "context", "link", "text",
        "text_info", "cite_info", "coder", "coded_date", "coded_time", "comment",
    }
)  # fmt: skip
PLOVER_REQUIRED = frozenset({"id", "date", "source", "event"})
PLOVER_ACTOR_FIELDS = frozenset(
    {
        "code", "sector", "actor_text", "identifier_id", "identifier_text", "actor_loc", "religion",
        "ethnicity", "office", "gender", "age",
    }
)  # fmt: skip
PLOVER_TEXT_FIELDS = frozenset({"sequence", "start", "end", "text_story", "connlu_parse", "treebank_parse"})
PLOVER_CITE_FIELDS = frozenset(
    {
        "corpus", "citation", "url", "title", "language", "publication", "license", "copyright", "coder",
        "codebook", "version",
    }
)  # fmt: skip
PLOVER_CODEBOOK = "PLOVER 0.7b1 (draft); event types mapped from parley's moves"

# quad category (1 verbal cooperation … 4 material conflict) and Schrodt score of each category used
PLOVER_CATEGORIES: dict[str, tuple[int, float]] = {
    "AGREE": (1, 4.2),
    "CONSULT": (1, 2.1),
    "SUPPORT": (1, 4.6),
    "CONCEDE": (1, 5.0),
    "DEMAND": (3, -5.0),
    "ACCUSE": (3, -2.0),
    "REJECT": (3, -4.2),
    "THREATEN": (3, -5.1),
}

# parley's move type → PLOVER event category, and why where the two do not coincide
PLOVER_EVENT: dict[str, str] = {
    "meet": "CONSULT",  # all meetings, visits, talks and negotiations
    "propose": "AGREE",  # approximate: PLOVER has no proposal; an offer is AGREE ("agree to, offer, promise")
    "demand": "DEMAND",  # approximate for softer words (urge, call for): PLOVER does not code appeals
    "accept": "SUPPORT",  # approximate: "approve policy, action" is SUPPORT; acceding to a demand is CONCEDE
    "reject": "REJECT",
    "concede": "CONCEDE",  # verbal concessions; a concession carried out (a withdrawal) would be RETREAT
    "agree": "AGREE",  # approximate: signing or finalising an agreement is SUPPORT, agreeing to one AGREE
    "threaten": "THREATEN",
    "accuse": "ACCUSE",  # 0.7b1 folds DISAPPROVE and INVESTIGATE into ACCUSE; earlier drafts say DISAPPROVE
}
PLOVER_APPROXIMATE = {
    "propose": "PLOVER has no proposal category; an offer is coded AGREE",
    "demand": "PLOVER codes demands, not appeals; parley's demand also covers urging and calling for",
    "accept": "accepting a proposal or policy is coded SUPPORT; accepting a demand would be CONCEDE",
    "agree": "agreeing to is AGREE; signing or finalising an agreement would be SUPPORT",
}

# parley issue → PLOVER context (the manual's general contexts); issues without one have none
PLOVER_CONTEXT: dict[str, str] = {
    "territory": "resource",
    "ceasefire": "military",
    "security_guarantees": "military",
    "humanitarian": "humanitarian",
    "population_rights": "rights_freedoms",
    "governance": "government",
    "sanctions_economy": "economic",
    "reconstruction": "economic",
    "justice": "legal",
    "implementation": "diplomatic",
    "process": "diplomatic",
}

# approximate: a mode read from the move's issue, for the categories whose modes the manual lists and
# where the issue tells one (DEMAND and REJECT share assist/change/yield/meet; THREATEN has its own)
PLOVER_MODE: dict[str, dict[str, str]] = {
    "DEMAND": {
        "process": "meet",
        "ceasefire": "yield",
        "territory": "yield",
        "humanitarian": "yield",
        "governance": "change",
        "population_rights": "change",
        "security_guarantees": "assist",
        "reconstruction": "assist",
    },
    "THREATEN": {"process": "relations", "territory": "territory"},
}
PLOVER_MODE["REJECT"] = PLOVER_MODE["DEMAND"]

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iter_plover(
    connection: Connection, filters: ExportFilter = ExportFilter(), page: int = PAGE_SIZE
) -> Iterator[dict[str, Any]]:
    """Moves as PLOVER event records, one a move."""
    for rows in _move_pages(connection, filters, page):
        sources = _sources(connection, (r.article_id for r in rows))
        names: set[str] = set()
        for row in rows:
            names.update(json.loads(row.participants))
            names.update(n for n in (row.holder, row.target) if n)
        known = _actors_named(connection, names, {r.holder_actor_id for r in rows if r.holder_actor_id})
        for row in rows:
            yield plover_record(row, sources.get(row.article_id, []), known)


@dataclass(frozen=True, slots=True)
class KnownActors:
    by_id: dict[str, Any]
    by_name: dict[str, Any]  # normalised name → the one actor it names

    def find(self, name: str, actor_id: str | None = None) -> Any:
        return self.by_id.get(actor_id or "") or self.by_name.get(normalise_name(name))


def _actors_named(connection: Connection, names: set[str], ids: set[str]) -> KnownActors:
    """The actors with these ids, and those the names name where a name names one actor only."""
    keys = {normalise_name(n) for n in names} - {""}
    matches: dict[str, set[str]] = {}
    if keys:
        for key, actor_id in connection.execute(
            select(actor_aliases.c.normalized, actor_aliases.c.actor_id).where(
                actor_aliases.c.normalized.in_(sorted(keys))
            )
        ):
            matches.setdefault(key, set()).add(actor_id)
    unique = {key: next(iter(found)) for key, found in matches.items() if len(found) == 1}
    wanted = set(unique.values()) | ids
    rows = {r.id: r for r in connection.execute(select(actors).where(actors.c.id.in_(sorted(wanted))))}
    return KnownActors(rows, {key: rows[i] for key, i in unique.items() if i in rows})


def _plover_actor(text: str, actor: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"actor_text": text}
    if actor is not None:
        # parley's actor id (PLOVER suggests a Wikidata id, which parley does not have)
        found["identifier_id"] = actor.id
        found["identifier_text"] = actor.name
        if actor.kind == "government":
            found["sector"] = "GOV"
        if actor.role:
            found["office"] = actor.role
    return found


def _day(value: str | None) -> date | None:
    if not value or not _ISO_DAY.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def plover_record(row: Any, sources: list[dict[str, Any]], known: KnownActors) -> dict[str, Any]:
    """One move (a row of `moves` joined with its article) as a PLOVER event record."""
    event = PLOVER_EVENT[row.type]
    quad, scale = PLOVER_CATEGORIES[event]
    participants = json.loads(row.participants)

    def actor(name: str, actor_id: str | None = None) -> dict[str, Any]:
        return _plover_actor(name, known.find(name, actor_id))

    if event == "CONSULT" and participants:
        # no host or visitor is told: every side is a source and there is no recipient (PLOVER's rule)
        source = [actor(p, row.holder_actor_id if p == row.holder else None) for p in participants]
    else:
        source = [actor(row.holder, row.holder_actor_id)] if row.holder else []
    recipient = [actor(row.target)] if row.target else []
    published = row.published_at.date() if row.published_at else None
    day = _day(row.date)  # a day the text gives; partial dates ("XXXX-12-22", "2025-W51") are not days
    context = [PLOVER_CONTEXT[row.issue]] if row.issue in PLOVER_CONTEXT else []
    if day and published and day > published:
        context.append("future")  # the move is to happen after the report
    when = day or published  # null only for an undated report that dates nothing
    mode = PLOVER_MODE.get(event, {}).get(row.issue or "")
    comment = PLOVER_APPROXIMATE.get(row.type)
    if mode:
        comment = "; ".join(filter(None, [comment, f"mode {mode!r} read from the issue {row.issue!r}"]))
    return {
        "id": row.id,
        "date": when.isoformat() if when else None,
        "source": source,
        "recipient": recipient,
        "event": [event],
        "mode": [mode] if mode else None,  # the manual: null when no value fits
        "context": context or None,
        "event_loc": {"name": row.place} if row.place else None,
        "event_text": [row.evidence],
        "quad_code": quad,
        "event_scale": scale,
        "text_info": {"start": row.start, "end": row.end},
        "cite_info": {
            "corpus": "parley",
            "citation": row.article_id,
            "url": row.article_url,
            "title": row.article_title,
            "language": row.article_language,
            "publication": row.article_site,
            "coder": f"parley {__version__}",
            "codebook": PLOVER_CODEBOOK,
        },
        "coder": f"parley {__version__}",
        "comment": comment,
        "parley": {
            "type": row.type,
            "issue": row.issue,
            "object": row.object,
            "holder": row.holder,
            "participants": participants,
            "target": row.target,
            "reported_by": row.reported_by,
            "statement_id": row.statement_id,
            "article_id": row.article_key,
            "date": row.date,
            "date_text": row.date_text,
            "date_basis": "text" if day else ("published" if published else None),
            "published": _published(row.published_at),
            "sources": sources,
        },
    }


# --- writing ------------------------------------------------------------------------------------------


def records(
    connection: Connection,
    kind: Kind,
    filters: ExportFilter = ExportFilter(),
    plover: bool = False,
    page: int = PAGE_SIZE,
) -> Iterator[dict[str, Any]]:
    """The records of one kind, streamed (moves as PLOVER records with `plover`)."""
    if kind not in KINDS:
        raise QueryError(f"cannot export {kind!r}: expected one of {', '.join(KINDS)}")
    if plover and kind != "moves":
        raise QueryError("only moves export as PLOVER records")
    if filters.negotiation:
        check_negotiation(connection, filters.negotiation)
    if plover:
        return iter_plover(connection, filters, page)
    reader = {
        "statements": iter_statements,
        "actors": iter_actors,
        "developments": iter_developments,
        "moves": iter_moves,
    }[kind]
    return reader(connection, filters, page)


def write_jsonl(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: IO[str]) -> int:
    writer = csv.writer(stream)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
        count += 1
    return count


def _arrow_type(kind: ColumnType) -> Any:
    import pyarrow as pa  # type: ignore[import-untyped]

    return {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "json": pa.string(),
        "str_list": pa.list_(pa.string()),
        "int_list": pa.list_(pa.int64()),
    }[kind]


def _arrow_value(value: Any, kind: ColumnType) -> Any:
    if value is None:
        return None
    if kind == "json":
        return json.dumps(value, ensure_ascii=False)
    if kind == "date":
        return date.fromisoformat(value)
    return value


def write_parquet(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[tuple[str, ColumnType]],
    path: Path,
    row_group: int = ROW_GROUP_SIZE,
) -> int:
    """Rows to a Parquet file, one row group per `row_group` rows (only those are held in memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    schema = pa.schema([(name, _arrow_type(kind)) for name, kind in columns])
    count = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        batch: dict[str, list[Any]] = {name: [] for name, _ in columns}

        def flush() -> None:
            if batch[columns[0][0]]:
                writer.write_table(pa.Table.from_pydict(batch, schema=schema), row_group_size=row_group)
                for values in batch.values():
                    values.clear()

        for row in rows:
            for name, kind in columns:
                batch[name].append(_arrow_value(row.get(name), kind))
            count += 1
            if count % row_group == 0:
                flush()
        flush()
    return count


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` that replaces it once written: a failed export leaves no half file."""
    part = path.with_name(path.name + ".part")
    try:
        yield part
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)


def export(
    connection: Connection,
    kind: Kind,
    fmt: Format = "jsonl",
    output: Path | None = None,
    filters: ExportFilter = ExportFilter(),
    page: int = PAGE_SIZE,
    row_group: int = ROW_GROUP_SIZE,
) -> int:
    """Write the records of `kind` in `fmt` to `output` (a file; stdout when None, except for Parquet).
    Returns the number of records written."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if fmt == "parquet" and output is None:
        raise QueryError("Parquet is written to a file: give --output FILE")
    rows = records(connection, kind, filters, plover=fmt == "plover", page=page)
    columns = COLUMNS[kind]
    if output is None:
        if fmt == "csv":
            return write_csv(rows, [c for c, _ in columns], sys.stdout)
        return write_jsonl(rows, sys.stdout)
    with _replacing(output) as part:
        if fmt == "parquet":
            return write_parquet(rows, columns, part, row_group)
        with part.open("w", encoding="utf-8", newline="") as stream:
            if fmt == "csv":
                return write_csv(rows, [c for c, _ in columns], stream)
            return write_jsonl(rows, stream)
