"""The brief of a negotiation over a period: the points of attention (its most significant developments),
then per issue what changed (moves), what was said, the likelihood statements and the shifts, then the
outlook for a settlement speaker by speaker.

Extractive: every line is words of the reports, a speaker's quote or a sentence of a report, exactly as
the first source has them, and cites every report that carries them (outlet, date, link, span). parley's
own words are only labels: names, issue labels, move types, bands, dates and counts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, func, select

from parley.analyze import board as board_rules
from parley.analyze.barometer import about_its_settlement
from parley.analyze.cited import (
    ArticleInfo,
    Estimate,
    MoveRecord,
    Position,
    load_estimates,
    load_moves,
    load_positions,
    routed_articles,
)
from parley.analyze.development_queries import get_development, list_developments
from parley.analyze.development_records import Development, DevelopmentStatement
from parley.analyze.parties import Parties, find_negotiation
from parley.analyze.shifts import Shift, likelihood_shifts, move_shifts
from parley.store.schema import (
    article_negotiations,
    articles,
    development_articles,
    likelihoods,
    statements,
)
from parley.store.schema import developments as developments_table

POINTS_MIN, POINTS_MAX = 3, 7
SAID_PER_POINT = 2  # the quotes shown under a point of attention
LINES_PER_PART = 3  # moves, positions, estimates or shifts shown per issue before "and N more"
LEAD_CHARS = 300  # a lead sentence longer than this is cut at a word
LEAD_MIN_WORDS = 6  # shorter "sentences" at the top of a report are datelines and bylines
LINE_CHARS = 400  # so is any other line (the citation's span is then the words shown)
MIN_QUOTE_WORDS = 6  # shorter statements ("no comment") do not stand for a development

_PAST = {
    "demand": "demanded",
    "propose": "proposed",
    "accept": "accepted",
    "reject": "rejected",
    "concede": "conceded",
    "agree": "agreed",
    "meet": "met",
    "threaten": "threatened",
    "accuse": "accused",
}


# --- the record ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Citation:
    """One report carrying a line: where it is, who published it, and the exact text at the span."""

    article_id: str
    key: str
    title: str | None
    url: str | None
    outlets: tuple[str, ...]
    published: datetime | None
    span: tuple[int, int]
    text: str  # the article's text at `span`

    @property
    def outlet(self) -> str:
        return ", ".join(self.outlets) or self.title or self.key

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "key": self.key,
            "title": self.title,
            "url": self.url,
            "outlets": list(self.outlets),
            "published": _iso(self.published),
            "span": list(self.span),
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Line:
    """Words of the reports with their sources. `text` is the first citation's text; `who` and `label`
    are parley's: who the words belong to and what they are (a move, a band)."""

    text: str
    citations: tuple[Citation, ...]
    who: str | None = None
    label: str | None = None
    date: datetime | None = None
    cut: bool = False  # the words go on beyond the span shown

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "who": self.who,
            "label": self.label,
            "date": _iso(self.date),
            "cut": self.cut,
            "sources": [c.to_dict() for c in self.citations],
        }


@dataclass(frozen=True, slots=True)
class Item:
    """A line and the lines that go with it: a development's lead and its quotes, a shift's after and
    before. `note` is parley's summary of why it is there (reports, outlets, score)."""

    line: Line
    details: tuple[Line, ...] = ()
    note: str | None = None
    development_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.line.to_dict(),
            "details": [d.to_dict() for d in self.details],
            "note": self.note,
            "development_id": self.development_id,
        }


@dataclass(frozen=True, slots=True)
class Part:
    title: str
    items: tuple[Item, ...]
    more: int = 0  # items found but not shown

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "points": [i.to_dict() for i in self.items], "more": self.more}


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the brief: the points of attention, an issue, or the outlook."""

    title: str
    parts: tuple[Part, ...]
    issue: str | None = None
    status: str | None = None
    status_before: str | None = None  # the status when the period began, when it differs
    explanation: str | None = None

    @property
    def points(self) -> tuple[Item, ...]:
        return tuple(i for p in self.parts for i in p.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issue": self.issue,
            "status": self.status,
            "status_before": self.status_before,
            "explanation": self.explanation,
            "parts": [p.to_dict() for p in self.parts],
            "points": [i.to_dict() for i in self.points],
        }


@dataclass(frozen=True, slots=True)
class Brief:
    negotiation: str
    name: str
    since: date | None
    until: date | None
    articles: int  # reports routed to the negotiation in the period
    developments: int
    positions: int  # statements on an issue, copies counted once
    sections: tuple[Section, ...]

    @property
    def citations(self) -> Iterable[Citation]:
        for section in self.sections:
            for item in section.points:
                for line in (item.line, *item.details):
                    yield from line.citations

    def to_dict(self) -> dict[str, Any]:
        return {
            "negotiation": self.negotiation,
            "name": self.name,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "articles": self.articles,
            "developments": self.developments,
            "positions": self.positions,
            "sections": [s.to_dict() for s in self.sections],
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


# --- building it ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Period:
    since: date | None
    until: date | None

    def holds(self, moment: datetime | date | None) -> bool:
        """Whether a first report falls in the period; undated records only in an open period."""
        if moment is None:
            return self.since is None and self.until is None
        day = moment.date() if isinstance(moment, datetime) else moment
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def before_end(self, moment: datetime | None) -> bool:
        return self.until is None or (moment is not None and moment.date() <= self.until)

    def before_start(self, moment: datetime | None) -> bool:
        return self.since is not None and moment is not None and moment.date() < self.since


class _Texts:
    """The text at each cited span, read once per article, for the citations the brief makes."""

    def __init__(self, connection: Connection, known: Mapping[str, ArticleInfo]) -> None:
        self.connection = connection
        self.known = known
        self.texts: dict[str, str] = {}

    def load(self, article_ids: Iterable[str]) -> None:
        wanted = sorted(set(article_ids) - self.texts.keys())
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for article_id, text in self.connection.execute(
                select(articles.c.id, articles.c.text).where(articles.c.id.in_(chunk))
            ):
                self.texts[article_id] = text

    def cite(
        self, spans: Iterable[tuple[str, tuple[int, int]]], limit: int = LINE_CHARS
    ) -> tuple[Citation, ...]:
        """One citation per article (its first span there), in the order given (oldest first); a span
        longer than `limit` is cut at a word, so the citation is the words shown."""
        spans = list(spans)
        self.load(a for a, _ in spans if a not in self.texts and a in self.known)  # not read ahead
        found: dict[str, Citation] = {}
        for article_id, (start, end) in spans:
            info = self.known.get(article_id)
            text = self.texts.get(article_id)
            if info is None or text is None or article_id in found or not 0 <= start < end <= len(text):
                continue
            end = start + _cut(text[start:end], limit)
            found[article_id] = Citation(
                article_id, info.key, info.title, info.url, info.outlets, info.published, (start, end),
                text[start:end],
            )  # fmt: skip
        return tuple(found.values())

    def line(
        self,
        spans: Iterable[tuple[str, tuple[int, int]]],
        who: str | None = None,
        label: str | None = None,
        date: datetime | None = None,
    ) -> Line | None:
        """A line quoting the first span, cited by every article carrying it; None when none can be read."""
        spans = list(spans)
        citations = self.cite(spans)
        if not citations:
            return None
        first = next(s for a, s in spans if a == citations[0].article_id)
        cut = citations[0].span[1] < first[1]
        return Line(citations[0].text, citations, who, label, date or citations[0].published, cut)


def _cut(text: str, limit: int) -> int:
    """How much of a text to show: all of it, or up to the last word that fits in `limit`."""
    if len(text) <= limit:
        return len(text)
    space = text.rfind(" ", 0, limit)
    return len(text[: space if space > limit // 2 else limit].rstrip())


def build_brief(
    connection: Connection,
    negotiation_id: str,
    since: date | None = None,
    until: date | None = None,
) -> Brief:
    """The brief of a negotiation from the store (its developments as last built by `parley analyze`)."""
    negotiation = find_negotiation(negotiation_id)
    parties = Parties.of(negotiation)
    period = _Period(since, until)
    known = routed_articles(connection, negotiation_id)
    positions = load_positions(connection, negotiation_id, parties, known)
    moves = load_moves(connection, negotiation_id, parties, known)
    estimates = load_estimates(connection, negotiation_id, known)
    texts = _Texts(connection, known)

    developments = list_developments(connection, negotiation_id, since, until, order="score")
    relevance = _relevance(connection, negotiation_id)
    chosen = [get_development(connection, d["id"]) for d in _points_of_attention(developments, relevance)]
    issue_of = {sid: p.issues for p in positions for sid in p.statement_ids}
    spans = _estimate_spans(connection, [e for e in estimates if period.holds(e.date)])

    texts.load(_cited_articles(chosen, [*positions, *moves, *estimates], spans, period))

    sections = [Section("Points of attention", (Part("", tuple(_point(d, texts) for d in chosen)),))]
    all_shifts = [*move_shifts(moves, parties), *likelihood_shifts(estimates)]
    texts.load(s.article_id for shift in all_shifts for r in (shift.before, shift.after) for s in r.sources)
    for issue in negotiation.taxonomy().issues:
        section = _issue_section(
            issue.id, issue.label, parties, period, texts, spans,
            [p for p in positions if issue.id in p.issues],
            [m for m in moves if m.issue == issue.id],
            [e for e in estimates if issue.id in issue_of.get(e.statement_id, ())],
            [s for s in all_shifts if _shift_issue(s, issue_of) == issue.id],
        )  # fmt: skip
        if section is not None:
            sections.append(section)
    sections[1:] = sorted(sections[1:], key=lambda s: -sum(len(p.items) + p.more for p in s.parts))
    outlook = _outlook(
        [e for e in estimates if about_its_settlement(e.event, negotiation)], period, texts, spans
    )
    if outlook is not None:
        sections.append(outlook)
    return Brief(
        negotiation.id,
        negotiation.name,
        since,
        until,
        sum(1 for a in known.values() if period.holds(a.published)),
        len(developments),
        sum(1 for p in positions if period.holds(p.date)),
        tuple(sections),
    )


def main_negotiation(connection: Connection) -> str | None:
    """The negotiation the store has most reports about (the one a demo shows first)."""
    count = func.count().label("n")
    row = connection.execute(
        select(article_negotiations.c.negotiation, count)
        .group_by(article_negotiations.c.negotiation)
        .order_by(count.desc(), article_negotiations.c.negotiation)
        .limit(1)
    ).first()
    return str(row[0]) if row else None


def points_of_attention(
    connection: Connection, negotiation_id: str, since: date | None = None, until: date | None = None
) -> list[Mapping[str, Any]]:
    """The developments the brief makes its points of attention (as `list_developments` gives them),
    without building the rest of the brief."""
    find_negotiation(negotiation_id)
    developments = list_developments(connection, negotiation_id, since, until, order="score")
    return _points_of_attention(developments, _relevance(connection, negotiation_id))


def _cited_articles(
    chosen: Sequence[Development],
    records: Sequence[Position | MoveRecord | Estimate],
    spans: Mapping[str, list[tuple[str, tuple[int, int]]]],
    period: _Period,
) -> set[str]:
    """The articles the brief may cite, so their texts are read in a few queries."""
    found = {m.id for d in chosen for m in d.members}
    found |= {s.article_id for d in chosen for said in d.statements for s in said.sources}
    found |= {s.article_id for r in records if period.holds(r.date) for s in r.sources}
    found |= {a for located in spans.values() for a, _ in located}
    return found


def _relevance(connection: Connection, negotiation_id: str) -> dict[str, float]:
    """How surely each development is about the negotiation: the best routing score of its reports (a
    report on a travel ban that names Syria once is routed to the Syria talks, weakly)."""
    best = func.max(article_negotiations.c.score)
    rows = connection.execute(
        select(development_articles.c.development_id, best)
        .join(developments_table, developments_table.c.id == development_articles.c.development_id)
        .join(
            article_negotiations,
            (article_negotiations.c.article_id == development_articles.c.article_id)
            & (article_negotiations.c.negotiation == negotiation_id),
        )
        .where(developments_table.c.negotiation == negotiation_id)
        .group_by(development_articles.c.development_id)
    )
    return {development_id: float(score) for development_id, score in rows}


def _points_of_attention(
    developments: Sequence[Mapping[str, Any]], relevance: Mapping[str, float]
) -> list[Mapping[str, Any]]:
    """The 3–7 most significant developments: ranked by their score (reach, novelty, prominence) times
    their relevance to the negotiation, the first three, then those ranking at least as high as the
    median development of the period."""
    if not developments:
        return []

    def rank(d: Mapping[str, Any]) -> float:
        return float(d["score"]) * relevance.get(d["id"], 0.0)

    ranked = sorted(developments, key=lambda d: (-rank(d), d["id"]))
    median = sorted(rank(d) for d in ranked)[len(ranked) // 2]
    return [d for i, d in enumerate(ranked[:POINTS_MAX]) if i < POINTS_MIN or rank(d) >= median]


def _point(development: Development, texts: _Texts) -> Item:
    lead = _lead_line(development, texts)
    shown = {(c.article_id, c.span) for c in lead.citations}

    def in_lead(said: DevelopmentStatement) -> bool:
        return any(
            a == s.article_id and s.span[0] < end and start < s.span[1]
            for s in said.sources
            for a, (start, end) in shown
        )

    said = sorted(
        (s for s in development.statements if len(s.text.split()) >= MIN_QUOTE_WORDS and not in_lead(s)),
        key=lambda s: (-len(s.outlets), s.speaker is None, not s.issues, s.kind != "direct", -len(s.text)),
    )[:SAID_PER_POINT]
    details = tuple(line for s in said if (line := _said_line(s, texts)) is not None)
    outlets = development.outlets
    named = ", ".join(outlets[:5]) + (", …" if len(outlets) > 5 else "")
    note = (
        f"{_count(len(development.members), 'report')} from {_count(len(outlets), 'outlet')}"
        f" ({named}); significance {development.score:.2f}"
    )
    return Item(lead, details, note, development.id)


def _lead_line(development: Development, texts: _Texts) -> Line:
    """The first sentence of the development's representative report (the report nearest its centre)."""
    members = [m.id for m in development.members]
    for article_id in ([development.representative_id] if development.representative_id else []) + members:
        text = texts.texts.get(article_id)
        span = lead_span(text) if text else None
        if span is not None:
            line = texts.line([(article_id, span)])
            if line is not None:
                return line
    return Line(development.headline or "", ())


def _said_line(said: DevelopmentStatement, texts: _Texts) -> Line | None:
    return texts.line(((s.article_id, s.span) for s in said.sources), said.speaker, said.kind)


_BOUNDARY = re.compile(r"[.!?][\"”’']?(?=\s+[\"“‘'A-Z0-9]|\s*$)")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Prof|Jr)|\b[A-Z]|\.[A-Z])\.$")


def lead_span(text: str, limit: int = LEAD_CHARS) -> tuple[int, int] | None:
    """The span of the first sentence of the report: datelines and bylines ("ASTANA, March 16. /TASS/.",
    "By Jane Roe"), sentences of fewer than LEAD_MIN_WORDS words, are passed over; cut at a word when
    longer than `limit`."""
    offset = 0
    for line in text.splitlines(keepends=True):
        line_start = offset
        offset += len(line)
        position = 0
        while position < len(line):
            begin = position + len(line[position:]) - len(line[position:].lstrip())
            if begin >= len(line.rstrip()):
                break
            end = len(line.rstrip())
            for match in _BOUNDARY.finditer(line, begin):
                if not _ABBREVIATION.search(line[: match.start() + 1]):
                    end = match.end()
                    break
            sentence = line[begin:end]
            position = end
            if len(sentence.split()) < LEAD_MIN_WORDS:
                continue
            if end - begin > limit:
                cut = line.rfind(" ", begin, begin + limit)
                end = cut if cut > begin + limit // 2 else begin + limit
            return line_start + begin, line_start + begin + len(line[begin:end].rstrip())
    return None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _estimate_spans(
    connection: Connection, estimates: Sequence[Estimate]
) -> dict[str, list[tuple[str, tuple[int, int]]]]:
    """For each estimate, the spans of the statements that carry it (an estimate is cited by its whole
    statement, not the phrase alone), oldest report first as its sources are."""
    ids = [i for e in estimates for i in e.likelihood_ids]
    where: dict[str, tuple[str, tuple[int, int]]] = {}
    for start in range(0, len(ids), 500):
        for likelihood_id, article_id, begin, end in connection.execute(
            select(likelihoods.c.id, statements.c.article_id, statements.c.start, statements.c.end)
            .join(statements, statements.c.id == likelihoods.c.statement_id)
            .where(likelihoods.c.id.in_(ids[start : start + 500]))
        ):
            where[likelihood_id] = (article_id, (begin, end))
    found: dict[str, list[tuple[str, tuple[int, int]]]] = {}
    for estimate in estimates:
        order = {s.article_id: i for i, s in enumerate(estimate.sources)}
        spans = [where[i] for i in estimate.likelihood_ids if i in where]
        found[estimate.likelihood_ids[0]] = sorted(spans, key=lambda s: order.get(s[0], len(order)))
    return found


def _position_line(position: Position, texts: _Texts) -> Line | None:
    who = position.speaker
    if who and position.party and position.party != who:
        who = f"{who} ({position.party})"
    return texts.line(((s.article_id, s.span) for s in position.sources), who, position.kind, position.date)


def _move_line(move: MoveRecord, texts: _Texts) -> Line | None:
    holder = move.holder or ", ".join(move.participants) or None
    label = _PAST.get(move.type, move.type)
    if move.move_date:
        label += f" ({move.move_date})"
    return texts.line(((s.article_id, s.span) for s in move.sources), holder, label, move.date)


def band_text(estimate: Estimate) -> str:
    low, high = round(estimate.low * 100), round(estimate.high * 100)
    return f"{estimate.band} ({low}–{high} %) on “{estimate.phrase}”"


_PRONOUN = re.compile(r"(?i)^(?:i|you|we|he|she|it|they|one|this|that|there)\b")


def _names_someone(holder: str) -> bool:
    """Whether a holder found in a statement names someone: a name ("Western diplomats", "Kremlin") or
    a group in the plural ("analysts", "experts"), not a pronoun or a stray word ("little")."""
    if _PRONOUN.match(holder):
        return False
    first = holder.split()[0]
    return first[:1].isupper() or (len(holder.split()) == 1 and holder.endswith("s"))


def holder_of(estimate: Estimate) -> str | None:
    """Whose estimate to show: a holder the speaker reports ("analysts say…"), unless the holder found
    is only a pronoun, in which case the estimate stands as the speaker's own words."""
    if estimate.reported_by and estimate.who and _names_someone(estimate.who):
        if estimate.reported_by != estimate.who:
            return f"{estimate.who}, as {estimate.reported_by} reports"
        return estimate.who
    return estimate.reported_by or estimate.who


def _estimate_line(
    group: Sequence[Estimate], texts: _Texts, spans: Mapping[str, list[tuple[str, tuple[int, int]]]]
) -> Line | None:
    """The statement carrying one or more estimates (one line however many phrases it has)."""
    first = group[0]
    label = "; ".join(band_text(e) for e in group)
    return texts.line(spans.get(first.likelihood_ids[0], ()), holder_of(first), label, first.date)


def by_statement(estimates: Iterable[Estimate]) -> list[list[Estimate]]:
    """Estimates grouped by the statement carrying them, in the order given."""
    groups: dict[str, list[Estimate]] = {}
    for estimate in estimates:
        groups.setdefault(estimate.statement_id, []).append(estimate)
    return list(groups.values())


def _record_line(
    record: MoveRecord | Estimate, texts: _Texts, spans: Mapping[str, list[tuple[str, tuple[int, int]]]]
) -> Line | None:
    if isinstance(record, MoveRecord):
        return _move_line(record, texts)
    if record.likelihood_ids[0] not in spans:  # an estimate from before the period
        spans = {record.likelihood_ids[0]: [(s.article_id, s.span) for s in record.sources]}
    return _estimate_line([record], texts, spans)


def _shift_issue(shift: Shift, issue_of: Mapping[str, tuple[str, ...]]) -> str | None:
    if shift.issue is not None:
        return shift.issue
    after = shift.after
    if isinstance(after, MoveRecord):
        return after.issue
    found = issue_of.get(after.statement_id, ())
    return found[0] if found else None


def _most_telling(moves: Iterable[MoveRecord]) -> list[MoveRecord]:
    """Moves most telling first: a party's stance (demand, proposal, acceptance, rejection…) before
    meetings and accusations, then the more reports carry it, then the newer."""
    return sorted(
        moves,
        key=lambda m: (
            m.party is not None and m.type in board_rules.STANCES,
            len(m.evidence.split()) >= 5,  # "Russia's plans" tells less than a clause
            len(m.sources),
            m.date or datetime.min,
        ),
        reverse=True,
    )


def _newest(records: Iterable[Any]) -> list[Any]:
    return sorted(records, key=lambda r: (r.date is not None, r.date or datetime.min), reverse=True)


T = TypeVar("T")


def _first(records: Sequence[T], line: Callable[[T], Line | Item | None]) -> tuple[list[Item], int]:
    """The first LINES_PER_PART records (best first) that make a line, and how many records there are:
    lines are only made for what is shown."""
    shown: list[Item] = []
    for record in records:
        if len(shown) == LINES_PER_PART:
            break
        made = line(record)
        if made is not None:
            shown.append(made if isinstance(made, Item) else Item(made))
    return shown, len(records)


def _shift_item(
    shift: Shift, texts: _Texts, spans: Mapping[str, list[tuple[str, tuple[int, int]]]]
) -> Item | None:
    after, before = _record_line(shift.after, texts, spans), _record_line(shift.before, texts, spans)
    if after is None or before is None:
        return None
    return Item(after, (before,), note=shift.summary)


def _part(title: str, items: Sequence[Item], total: int) -> Part | None:
    """A part of the lines shown, saying how many more records there are."""
    if not items:
        return None
    return Part(title, tuple(items), max(0, total - len(items)))


def _issue_section(
    issue: str,
    label: str,
    parties: Parties,
    period: _Period,
    texts: _Texts,
    spans: Mapping[str, list[tuple[str, tuple[int, int]]]],
    positions: Sequence[Position],
    moves: Sequence[MoveRecord],
    estimates: Sequence[Estimate],
    shifts: Sequence[Shift],
) -> Section | None:
    telling, moves_total = _first(
        _most_telling(x for x in moves if period.holds(x.date)), lambda m: _move_line(m, texts)
    )
    moved = (sorted(telling, key=lambda i: i.line.date or datetime.min, reverse=True), moves_total)
    said = _first(
        sorted(
            (
                x
                for x in positions
                if period.holds(x.date) and x.party is not None and len(x.text.split()) >= MIN_QUOTE_WORDS
            ),
            key=lambda p: (len(p.sources), p.kind == "direct", p.date or datetime.min),
            reverse=True,
        ),
        lambda p: _position_line(p, texts),
    )
    likely = _first(
        by_statement(_newest(x for x in estimates if period.holds(x.date) and x.who)),
        lambda group: _estimate_line(group, texts, spans),
    )
    shifted = _first(
        _newest(s for s in shifts if period.holds(s.date)), lambda s: _shift_item(s, texts, spans)
    )

    parts = tuple(
        p
        for p in (
            _part("What changed", *moved),
            _part("Shifts", *shifted),
            _part("What the parties said", *said),
            _part("How likely they said it is", *likely),
        )
        if p is not None
    )
    if not parts:
        return None
    status = board_rules.status_of([m for m in moves if period.before_end(m.date)], parties)
    earlier = [m for m in moves if period.before_start(m.date)]
    was = board_rules.status_of(earlier, parties).status if period.since else None
    stands = [Item(line) for m in status.evidence if (line := _move_line(m, texts))]
    if stands:
        parts = (Part("Where each side stands", tuple(stands)), *parts)
    return Section(
        label,
        parts,
        issue=issue,
        status=status.status,
        status_before=was if was and was != status.status else None,
        explanation=_why(status.status, status.explanation),
    )


def _why(status: str, explanation: str) -> str:
    """The board's explanation without the status it repeats and the evidence, which the brief cites."""
    reason = explanation.split(" — ")[0].removeprefix(f"{status}: ")
    return reason[:1].upper() + reason[1:] + "."


def _outlook(
    estimates: Sequence[Estimate],
    period: _Period,
    texts: _Texts,
    spans: Mapping[str, list[tuple[str, tuple[int, int]]]],
) -> Section | None:
    """Each speaker's latest estimate of a settlement in the period (`estimates` holds only those about
    this negotiation's settlement), newest first: the spread is shown speaker by speaker, never averaged."""
    latest: dict[str, Estimate] = {}
    for estimate in _newest(e for e in estimates if period.holds(e.date) and e.who):
        latest.setdefault(estimate.who_actor_id or holder_of(estimate) or "", estimate)
    lines = [Item(line) for e in latest.values() if (line := _estimate_line([e], texts, spans))]
    if not lines:
        return None
    chosen = list(latest.values())
    low, high = min(e.low for e in chosen), max(e.high for e in chosen)
    note = (
        f"{_count(len(chosen), 'speaker')}, from {min(chosen, key=lambda e: e.p).band} to "
        f"{max(chosen, key=lambda e: e.p).band} ({round(low * 100)}–{round(high * 100)} %)"
    )
    return Section("Outlook for a settlement", (Part(note, tuple(lines)),))
