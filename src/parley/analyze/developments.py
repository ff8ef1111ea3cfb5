"""Developments: the reports routed to a negotiation grouped by the happening they are about (one talks
round, one briefing, one announcement), so that ten outlets retelling one briefing count once.

`build_developments` reads the store and groups (the method is in `grouping`); `save_developments` replaces
a negotiation's developments in one transaction; `analyze` does both for one or every negotiation. The read
side (`list_developments`, `get_development`) is in `development_queries` and re-exported here.

Significance, the score the brief ranks "points of attention" by, is in [0, 1]:
    0.4 · reach + 0.3 · novelty + 0.3 · prominence
- reach: independent sources (distinct outlets), log-scaled, 1 from `REACH_SATURATION` outlets on;
- novelty: 1 minus the greatest similarity to a development of the two weeks before (first-story detection);
- prominence: how widely the negotiation's coverage names the actors who speak or act in it (log of the
  articles naming each, over the most-named actor's), at half weight for actors only mentioned."""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Select, delete, func, insert, select

from parley.analyze.development_queries import get_development, list_developments
from parley.analyze.development_records import (
    Development,
    Member,
    MoveRow,
    StatementRow,
    actors_of,
    group_statements,
    issues_of,
    load_members,
    load_mentioned,
    load_moves,
    load_statements,
)
from parley.analyze.grouping import Grouping, Params, Report, centroid, novelty
from parley.errors import NotFoundError
from parley.store import Store
from parley.store.schema import article_negotiations, development_articles, near_duplicates
from parley.store.schema import developments as developments_table

__all__ = [
    "Development",
    "analyze",
    "build_developments",
    "get_development",
    "list_developments",
    "save_developments",
]

VERSION = "dev1"  # bump when the method changes: ids and the version column follow
MIN_QUOTE_WORDS = 6  # shorter statements ("no comment", "it is a war") are too common to tie two reports
REACH_SATURATION = 8
WEIGHTS = {"reach": 0.4, "novelty": 0.3, "prominence": 0.3}
HEADLINE_CHARS = 240


@dataclass(slots=True)
class _Corpus:
    """The articles routed to a negotiation and what was extracted from them, indexed by article."""

    members: dict[str, Member]
    leads: dict[str, str]
    said: dict[str, list[StatementRow]]
    done: dict[str, list[MoveRow]]
    mentioned: dict[str, set[str]]


def _load(connection: Connection, routed: Select[Any], lead_chars: int) -> _Corpus:
    loaded = load_members(connection, routed, lead_chars)
    said: dict[str, list[StatementRow]] = defaultdict(list)
    for row in load_statements(connection, routed):
        said[row.article_id].append(row)
    done: dict[str, list[MoveRow]] = defaultdict(list)
    for move in load_moves(connection, routed):
        done[move.article_id].append(move)
    return _Corpus(
        {a: m for a, (m, _) in loaded.items()},
        {a: lead for a, (_, lead) in loaded.items()},
        said,
        done,
        load_mentioned(connection, routed),
    )


def build_developments(
    connection: Connection, negotiation: str, window_days: int = 3, params: Params | None = None
) -> list[Development]:
    """The developments of the articles routed to `negotiation`, by date (`params`, when given, set the
    window and everything else)."""
    params = params or Params(window_days=window_days)
    routed = select(article_negotiations.c.article_id).where(
        article_negotiations.c.negotiation == negotiation
    )
    corpus = _load(connection, routed, params.lead_chars)
    if not corpus.members:
        return []
    ids = sorted(corpus.members, key=lambda a: (_when(corpus.members[a]), a))
    reports = [_report(corpus, a) for a in ids]
    grouping = Grouping(reports, _near_duplicates(connection, routed), params)
    version = f"{VERSION}-{params.tag}"
    weights = _actor_weights(corpus)
    found = [
        _development(negotiation, version, grouping, group, corpus, weights) for group in grouping.groups
    ]
    centroids = [centroid(grouping.vectors[i] for i in group) for group in grouping.groups]
    new = novelty([d.date for d in found], centroids, params.lookback_days)
    scored = [_scored(d, n) for d, n in zip(found, new, strict=True)]
    return sorted(scored, key=lambda d: (d.date is None, d.date or date.min, d.id))


def save_developments(connection: Connection, negotiation: str, developments: Sequence[Development]) -> None:
    """Replace the negotiation's developments with these (in the caller's transaction: all or nothing)."""
    existing = select(developments_table.c.id).where(developments_table.c.negotiation == negotiation)
    connection.execute(
        delete(development_articles).where(development_articles.c.development_id.in_(existing))
    )
    connection.execute(delete(developments_table).where(developments_table.c.negotiation == negotiation))
    rows = [
        {
            "id": d.id,
            "negotiation": negotiation,
            "date": d.date,
            "last_date": d.last_date,
            "headline": d.headline,
            "representative_id": d.representative_id,
            "articles": len(d.members),
            "sources": len(d.outlets),
            "statements": len(d.statements),
            "score": d.score,
            "version": d.version,
        }
        for d in developments
    ]
    links = [{"development_id": d.id, "article_id": a} for d in developments for a in d.article_ids]
    for table, batch in ((developments_table, rows), (development_articles, links)):
        for start in range(0, len(batch), 1000):
            connection.execute(insert(table), batch[start : start + 1000])


def developments_stale(connection: Connection, negotiation: str) -> bool:
    """Whether articles were routed to the negotiation since its developments were last built (or
    grouped ones have gone), so they must be built again before they are read."""
    routed = select(article_negotiations.c.article_id).where(
        article_negotiations.c.negotiation == negotiation
    )
    grouped = (
        select(development_articles.c.article_id)
        .join(developments_table, developments_table.c.id == development_articles.c.development_id)
        .where(developments_table.c.negotiation == negotiation)
    )
    routed_count = connection.execute(select(func.count()).select_from(routed.subquery())).scalar_one()
    grouped_count = connection.execute(
        select(func.count()).select_from(
            grouped.where(development_articles.c.article_id.in_(routed)).subquery()
        )
    ).scalar_one()
    return bool(routed_count != grouped_count)


def analyze(store: Store, negotiation: str | None = None, window_days: int = 3) -> list[dict[str, Any]]:
    """Build and save the developments of one negotiation, or of every negotiation parley knows or the store
    routes articles to; for each, how many articles formed how many developments of which sizes."""
    from parley.negotiations import all_negotiations

    with store.reading() as connection:
        routed = set(connection.execute(select(article_negotiations.c.negotiation).distinct()).scalars())
    known = {n.id for n in all_negotiations()} | routed
    if negotiation is not None and negotiation not in known:
        raise NotFoundError(f"no negotiation {negotiation!r} (known: {', '.join(sorted(known))})")
    summaries = []
    for name in [negotiation] if negotiation else sorted(known):
        with store.reading() as connection:
            built = build_developments(connection, name, window_days)
        with store.writing() as connection:
            save_developments(connection, name, built)
        sizes: dict[int, int] = defaultdict(int)
        for development in built:
            sizes[len(development.members)] += 1
        summaries.append(
            {
                "negotiation": name,
                "articles": sum(len(d.members) for d in built),
                "developments": len(built),
                "multi_article": sum(n for size, n in sizes.items() if size > 1),
                "largest": max(sizes, default=0),
                "sizes": {str(size): sizes[size] for size in sorted(sizes)},
            }
        )
    return summaries


# --- building -----------------------------------------------------------------------------------------


def _when(member: Member) -> tuple[bool, datetime]:
    return (member.published is None, member.published or datetime.min)


def _report(corpus: _Corpus, article_id: str) -> Report:
    member = corpus.members[article_id]
    said = corpus.said.get(article_id, ())
    keys = {r.key for r in said if len(_WORDS.findall(r.text)) >= MIN_QUOTE_WORDS}
    tags = [f"actor:{a}" for a in sorted(corpus.mentioned.get(article_id, ()))]
    tags += [f"place:{m.place.casefold()}" for m in corpus.done.get(article_id, ()) if m.place]
    outlet = member.sources[0].outlet if member.sources else None
    return Report(article_id, member.day, member.title, corpus.leads[article_id], keys, tags, outlet)


def _near_duplicates(connection: Connection, routed: Select[Any]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for a, b in connection.execute(
            select(near_duplicates.c.article_id, near_duplicates.c.similar_id).where(
                near_duplicates.c.article_id.in_(routed), near_duplicates.c.similar_id.in_(routed)
            )
        )
    ]


def _actor_weights(corpus: _Corpus) -> dict[str, float]:
    """Each actor's prominence in the negotiation: log of the articles naming it, over the top actor's."""
    named: dict[str, set[str]] = defaultdict(set)
    for article_id, found in corpus.mentioned.items():
        for actor_id in found:
            named[actor_id].add(article_id)
    for rows in corpus.said.values():
        for row in rows:
            if row.speaker_actor_id:
                named[row.speaker_actor_id].add(row.article_id)
    for moves in corpus.done.values():
        for move in moves:
            if move.holder_actor_id:
                named[move.holder_actor_id].add(move.article_id)
    top = max((len(a) for a in named.values()), default=0)
    return {a: math.log1p(len(arts)) / math.log1p(top) for a, arts in named.items()} if top else {}


def _development(
    negotiation: str,
    version: str,
    grouping: Grouping,
    group: list[int],
    corpus: _Corpus,
    weights: dict[str, float],
) -> Development:
    reports = grouping.reports
    inside = {reports[i].id: corpus.members[reports[i].id] for i in group}
    ordered = tuple(sorted(inside.values(), key=lambda m: (_when(m), m.id)))
    days = [m.day for m in ordered if m.day is not None]
    centrality = grouping.centrality(group)
    # the most central report with a headline names the happening; ties go to the earliest, then the id
    pick = min(
        [i for i in group if reports[i].title] or group,
        key=lambda i: (-centrality[i], reports[i].day or date.max, reports[i].id),
    )
    chosen = reports[pick]
    rows = [r for a in inside for r in corpus.said.get(a, ())]
    acts = [m for a in inside for m in corpus.done.get(a, ())]
    protagonists = {r.speaker_actor_id for r in rows if r.speaker_actor_id}
    protagonists |= {m.holder_actor_id for m in acts if m.holder_actor_id}
    named = {actor for a in inside for actor in corpus.mentioned.get(a, ())}
    prominence = max(
        max((weights.get(a, 0.0) for a in protagonists), default=0.0),
        0.5 * max((weights.get(a, 0.0) for a in named), default=0.0),
    )
    digest = hashlib.sha256("\n".join([negotiation, version, *sorted(inside)]).encode()).hexdigest()
    return Development(
        id=f"dev_{digest[:24]}",
        negotiation=negotiation,
        date=min(days) if days else None,
        last_date=max(days) if days else None,
        headline=chosen.title or lead_sentence(corpus.leads[chosen.id]),
        representative_id=chosen.id,
        members=ordered,
        statements=group_statements(rows, inside),
        score=0.0,
        version=version,
        issues=issues_of(rows, acts),
        actors=actors_of(rows, acts),
        prominence=round(prominence, 4),
    )


def _scored(development: Development, novel: float) -> Development:
    reach = min(1.0, math.log1p(len(development.outlets)) / math.log1p(REACH_SATURATION))
    parts = {"reach": reach, "novelty": max(0.0, novel), "prominence": development.prominence or 0.0}
    score = sum(WEIGHTS[k] * v for k, v in parts.items())
    return replace(
        development, score=round(score, 4), reach=round(reach, 4), novelty=round(parts["novelty"], 4)
    )


_WORDS = re.compile(r"\w+")
_BOUNDARY = re.compile(r"[.!?][\"”’']?(?=\s*[\"“‘'A-Z0-9]|\s*$)")
_LAST_WORD = re.compile(r"[\w.]+$")
# titles a period follows inside a sentence ("Mr. Putin", "Gen. Gerasimov")
_TITLES = frozenset(("mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "prof", "jr"))


def lead_sentence(text: str, limit: int = HEADLINE_CHARS) -> str | None:
    """The first sentence of the first real paragraph, cut at a word when long. Datelines and bylines
    ("Melbourne, Australia CNN —") are short lines with no sentence in them; a title ("Mr.") or an initial
    ("J.", "U.S.") does not end a sentence."""
    for line in text.splitlines():
        paragraph = " ".join(line.split())
        if len(paragraph) < 60 and not re.search(r"[.!?]", paragraph):
            continue
        end = next((m.end() for m in _BOUNDARY.finditer(paragraph) if _ends(paragraph, m.start())), None)
        sentence = paragraph[:end]
        if len(sentence) > limit:
            sentence = sentence[:limit].rsplit(" ", 1)[0] + " …"
        return sentence
    return None


def _ends(paragraph: str, stop: int) -> bool:
    word = _LAST_WORD.search(paragraph[:stop])
    if word is None or paragraph[stop] != ".":
        return True
    token = word.group()
    return token.lower() not in _TITLES and re.fullmatch(r"[A-Z](\.[A-Z])*", token) is None
