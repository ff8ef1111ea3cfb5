"""Position shifts: a holder's position on an issue changing, with the before and after evidence side by
side (ids, texts, dates, sources).

Rules. A holder is the party a move's holder belongs to (`parties.py`), else the holder itself. Two moves
of a holder are about the same thing when they have the same issue and their objects (or, without one,
their evidence) share a content word — not a stop word, a party's name or a move word such as
"agreement" ("join NATO" … "give up its NATO ambitions"); an issue alone is too coarse ("denies plans to
invade" and "agreed to continue dialogue" are both `process`). The later move must be first reported
strictly after the earlier one (two moves in one report cannot be put in order). Per holder and issue, in
order of first report:

- `reversal` — a `reject`, then an `accept`, `concede` or `agree` about the same thing; the before is
  the latest such rejection not yet reversed.
- `demand_dropped` — a `demand`, then an `accept`, `concede` or `agree` about the same thing: the demand
  gave way. The before is the latest such demand not yet dropped.
- `hardening` — the other way: an `accept`, `concede` or `agree`, then a `reject` about the same thing.

A `likelihood` shift is one speaker's estimate about the same kind of event moving by one band or more
from their previous estimate (the latest first reported strictly earlier). The kind of event is the
settlement when the event has a settlement word (`barometer.py`), else its words. `steps` counts bands,
positive when the estimate rose."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection

from parley.analyze.barometer import SETTLEMENT, about_settlement
from parley.analyze.cited import (
    Estimate,
    MoveRecord,
    band_index,
    iso,
    load_estimates,
    load_moves,
    routed_articles,
)
from parley.analyze.parties import Parties, find_negotiation

YIELDING = frozenset({"accept", "concede", "agree"})
_PAST = {
    "reject": "rejected",
    "demand": "demanded",
    "accept": "accepted",
    "concede": "conceded",
    "agree": "agreed",
}


@dataclass(frozen=True, slots=True)
class Shift:
    kind: str  # reversal | demand_dropped | hardening | likelihood
    holder: str  # the party (or the holder, or the speaker of the estimates)
    issue: str | None  # moves: the issue
    event: str | None  # estimates: the kind of event ("settlement", or its words)
    steps: int | None  # estimates: bands moved, positive when the estimate rose
    summary: str
    before: MoveRecord | Estimate
    after: MoveRecord | Estimate

    @property
    def date(self) -> datetime | None:
        return self.after.date

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "holder": self.holder,
            "issue": self.issue,
            "event": self.event,
            "steps": self.steps,
            "summary": self.summary,
            "date": iso(self.date),
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
        }


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else "undated"


def _earlier(a: MoveRecord | Estimate, b: MoveRecord | Estimate) -> bool:
    return a.date is not None and b.date is not None and a.date < b.date


def _move_shift(kind: str, holder: str, before: MoveRecord, after: MoveRecord) -> Shift:
    summary = (
        f"{holder} {_PAST[before.type]} ({_day(before.date)}) → {_PAST[after.type]} ({_day(after.date)})"
        f" on {after.issue}"
    )
    return Shift(kind, holder, after.issue, None, None, summary, before, after)


def _content(move: MoveRecord, parties: Parties) -> set[str]:
    """What a move is about, as words: its object (else its evidence) without stop words, party names and
    the words of moves themselves ("agreement", "plan", "demand" say what kind of move, not about what)."""
    from spacy.lang.en.stop_words import STOP_WORDS  # spaCy's list, loaded only when shifts are sought

    ignored = {w for key in parties.by_key for w in key.split()} | _move_words()
    words = re.findall(r"[a-z]+", (move.object or move.evidence).lower())
    singular = (w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)
    return {w for w in singular if len(w) > 2 and w not in STOP_WORDS and w not in ignored}


@lru_cache(maxsize=1)
def _move_words() -> frozenset[str]:
    from parley.code.moves import move_words

    return frozenset(w for entries in move_words().values() for entry in entries for w in entry.words)


def _answered(pending: list[MoveRecord], move: MoveRecord, parties: Parties) -> MoveRecord | None:
    """The latest pending move, first reported before `move`, about the same thing; removed from pending."""
    about = _content(move, parties)
    for before in reversed(pending):
        if _earlier(before, move) and about & _content(before, parties):
            pending.remove(before)
            return before
    return None


def move_shifts(moves: Iterable[MoveRecord], parties: Parties) -> list[Shift]:
    """Reversals, dropped demands and hardenings in moves (oldest first); the rules are in the docstring."""
    groups: dict[tuple[str, str], list[MoveRecord]] = {}
    for move in moves:
        holder = move.party or move.holder
        if holder and move.issue and move.date is not None:
            groups.setdefault((holder, move.issue), []).append(move)
    found = []
    for (holder, _), group in groups.items():
        rejected: list[MoveRecord] = []
        demanded: list[MoveRecord] = []
        yielded: list[MoveRecord] = []
        for move in sorted(group, key=lambda m: m.date or datetime.min):
            if move.type == "reject":
                before = _answered(yielded, move, parties)
                if before is not None:
                    found.append(_move_shift("hardening", holder, before, move))
                rejected.append(move)
            elif move.type == "demand":
                demanded.append(move)
            elif move.type in YIELDING:
                for kind, pending in (("reversal", rejected), ("demand_dropped", demanded)):
                    before = _answered(pending, move, parties)
                    if before is not None:
                        found.append(_move_shift(kind, holder, before, move))
                yielded.append(move)
    return found


def event_kind(event: str | None) -> str | None:
    """What an estimate is about, for comparing one speaker's estimates: the settlement, or the event's
    words (lower-case, without a leading article)."""
    if not event:
        return None
    if about_settlement(event):
        return SETTLEMENT
    words = re.findall(r"\w+", event.lower())
    while words and words[0] in ("a", "an", "the"):
        words = words[1:]
    return " ".join(words) or None


def likelihood_shifts(estimates: Iterable[Estimate]) -> list[Shift]:
    """Estimates moving by a band or more, per speaker and kind of event (estimates oldest first)."""
    groups: dict[tuple[str, str], list[Estimate]] = {}
    for estimate in estimates:
        kind = event_kind(estimate.event)
        if estimate.who is not None and kind is not None and estimate.date is not None:
            groups.setdefault((estimate.who_actor_id or estimate.who, kind), []).append(estimate)
    found = []
    for (_, kind), group in groups.items():
        ordered = sorted(group, key=lambda e: e.date or datetime.min)
        for index, estimate in enumerate(ordered):
            previous = next((e for e in reversed(ordered[:index]) if _earlier(e, estimate)), None)
            if previous is None:
                continue
            steps = band_index(estimate.band) - band_index(previous.band)
            if steps == 0:
                continue
            who = estimate.who or ""
            summary = (
                f"{who} on {'the settlement' if kind == SETTLEMENT else repr(kind)}: {previous.band} "
                f"({previous.p:.0%}, {_day(previous.date)}) → {estimate.band} ({estimate.p:.0%}, "
                f"{_day(estimate.date)}), {'up' if steps > 0 else 'down'} {abs(steps)} "
                f"band{'s' if abs(steps) > 1 else ''}"
            )
            found.append(Shift("likelihood", who, None, kind, steps, summary, previous, estimate))
    return found


def _in_period(shift: Shift, since: date | None, until: date | None) -> bool:
    moment = shift.date
    if moment is None:
        return False
    if since is not None and moment.date() < since:
        return False
    return until is None or moment < datetime.combine(until + timedelta(days=1), datetime.min.time())


def find_shifts(
    connection: Connection,
    negotiation_id: str,
    since: date | None = None,
    until: date | None = None,
) -> list[Shift]:
    """Every shift in the negotiation whose later evidence was first reported in the period, newest first."""
    negotiation = find_negotiation(negotiation_id)
    parties = Parties.of(negotiation)
    known = routed_articles(connection, negotiation_id)
    shifts: Sequence[Shift] = [
        *move_shifts(load_moves(connection, negotiation_id, parties, known), parties),
        *likelihood_shifts(load_estimates(connection, negotiation_id, known)),
    ]
    chosen = [s for s in shifts if _in_period(s, since, until)]
    return sorted(chosen, key=lambda s: (s.date or datetime.min, s.kind, s.holder), reverse=True)
