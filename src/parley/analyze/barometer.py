"""The settlement barometer: per speaker, the series of estimates of likelihood about the settlement (or
any event the user names), each with its band, interval and evidence; and the spread across speakers by
ISO week — every speaker's latest reading that week and the range they span, never one silent average.

An estimate is about the settlement when its event contains one of the settlement phrases
(`lexicons/settlement.txt`: peace, deal, ceasefire, end the war…) as whole words, and does not name only
countries foreign to the negotiation (an article on the Ukraine talks that also weighs a Gaza deal: "a
deal with the Palestinians is unlikely" is about other talks). An event the user
names matches when it contains every word the user gives, each as the start of a word ("sanction" finds
"sanctions"). Estimates nobody holds (unattributed quotes) cannot join a series; they are counted."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib.resources import files
from typing import Any

from sqlalchemy import Connection, select

from parley.analyze.cited import BANDS, Estimate, band_index, iso, load_estimates, routed_articles
from parley.analyze.parties import find_negotiation
from parley.extract.lexicon import load_lexicon
from parley.extract.names import normalise_name
from parley.negotiations import Negotiation
from parley.store.schema import actor_aliases

SETTLEMENT = "settlement"


@lru_cache(maxsize=1)
def settlement_phrases() -> tuple[str, ...]:
    """The phrases that make an event the settlement (data: lexicons/settlement.txt)."""
    text = files("parley.analyze").joinpath("lexicons", "settlement.txt").read_text(encoding="utf-8")
    return tuple(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", phrase.lower()) if w]


def _phrase_pattern(phrase: str) -> str:
    """A phrase as a regular expression: words apart by spaces or hyphens, `…` up to three words."""
    parts = [r"(?:\w+[\s\-]+){0,3}" if w == "…" else re.escape(w) + r"[\s\-]+" for w in _words(phrase)]
    return "".join(parts).removesuffix(r"[\s\-]+")


@lru_cache(maxsize=1)
def _settlement_pattern() -> re.Pattern[str]:
    alternatives = sorted(map(_phrase_pattern, settlement_phrases()), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def about_settlement(event: str | None) -> bool:
    return bool(event) and _settlement_pattern().search(event or "") is not None


@lru_cache(maxsize=1)
def _country_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    places = load_lexicon().places
    names = sorted(places, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE), places


def about_other_talks(event: str | None, negotiation: Negotiation) -> bool:
    """Whether the event names countries and none of them is a party of the negotiation or the country of
    one of its actors: "a peace deal between Armenia and Azerbaijan" in an article on the Ukraine talks,
    not "a deal Russia can accept"."""
    if not event:
        return False
    pattern, places = _country_pattern()
    named = {places[m.group(0).lower()] for m in pattern.finditer(event)}
    if not named:
        return False
    own = {p.name for p in negotiation.parties} | {a.affiliation for a in negotiation.actors if a.affiliation}
    return not (named & own)


def about_its_settlement(event: str | None, negotiation: Negotiation) -> bool:
    """Whether an estimate is about a settlement of this negotiation: a settlement, and not one of other
    talks the same report weighs. The barometer and the brief's outlook both keep these."""
    return about_settlement(event) and not about_other_talks(event, negotiation)


def about_words(event: str | None, words: str) -> bool:
    """Whether the event contains every word given, each as the start of a word."""
    if not event:
        return False
    return all(re.search(r"\b" + re.escape(w), event, re.IGNORECASE) for w in _words(words))


@dataclass(frozen=True, slots=True)
class Series:
    """One speaker's estimates about the event, oldest first."""

    who: str
    who_actor_id: str | None
    estimates: tuple[Estimate, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "who": self.who,
            "who_actor_id": self.who_actor_id,
            "estimates": [e.to_dict() for e in self.estimates],
        }


@dataclass(frozen=True, slots=True)
class Reading:
    """A speaker's latest estimate in one week."""

    who: str
    band: str
    p: float
    low: float
    high: float
    date: datetime | None
    likelihood_id: str
    phrase: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "who": self.who,
            "band": self.band,
            "p": self.p,
            "low": self.low,
            "high": self.high,
            "date": iso(self.date),
            "likelihood_id": self.likelihood_id,
            "phrase": self.phrase,
        }


@dataclass(frozen=True, slots=True)
class Week:
    """The spread across speakers in one ISO week: each one's latest reading, and the range they span."""

    week: str  # ISO week, "2022-W09"
    start: date  # its Monday
    readings: tuple[Reading, ...]  # one per speaker, lowest point first

    @property
    def low(self) -> float:
        return min(r.low for r in self.readings)

    @property
    def high(self) -> float:
        return max(r.high for r in self.readings)

    @property
    def bands(self) -> tuple[str, str]:
        """The lowest and the highest band read that week."""
        indices = [band_index(r.band) for r in self.readings]
        return BANDS[min(indices)], BANDS[max(indices)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "start": self.start.isoformat(),
            "speakers": len(self.readings),
            "low": self.low,
            "high": self.high,
            "p_min": min(r.p for r in self.readings),
            "p_max": max(r.p for r in self.readings),
            "bands": list(self.bands),
            "readings": [r.to_dict() for r in self.readings],
        }


@dataclass(frozen=True, slots=True)
class Barometer:
    negotiation: str
    event: str  # "settlement", or the words the user named
    series: tuple[Series, ...]  # most estimates first
    weeks: tuple[Week, ...]  # oldest first, weeks with readings only
    unattributed: int  # estimates about the event nobody holds
    undated: int  # estimates in the series with no date, so in no week

    def to_dict(self) -> dict[str, Any]:
        return {
            "negotiation": self.negotiation,
            "event": self.event,
            "series": [s.to_dict() for s in self.series],
            "weeks": [w.to_dict() for w in self.weeks],
            "unattributed": self.unattributed,
            "undated": self.undated,
        }


def _speaker_matcher(connection: Connection, speaker: str) -> tuple[set[str], str]:
    """The actor ids any spelling of `speaker` names, and its normalised form for names alone."""
    key = normalise_name(speaker)
    ids = {
        r[0]
        for r in connection.execute(
            select(actor_aliases.c.actor_id).where(actor_aliases.c.normalized == key).distinct()
        )
    }
    return ids, key


def weekly_spread(series: Sequence[Series]) -> tuple[Week, ...]:
    """For each ISO week with estimates: each speaker's latest estimate of that week."""
    weeks: dict[tuple[int, int], dict[str, Estimate]] = {}
    for one in series:
        for estimate in one.estimates:  # oldest first: a later estimate in the week replaces an earlier one
            if estimate.date is not None:
                year, week, _ = estimate.date.isocalendar()
                weeks.setdefault((year, week), {})[one.who] = estimate
    found = []
    for (year, week), latest in sorted(weeks.items()):
        readings = sorted(
            (
                Reading(who, e.band, e.p, e.low, e.high, e.date, e.likelihood_ids[0], e.phrase)
                for who, e in latest.items()
            ),
            key=lambda r: (r.p, r.who),
        )
        monday = date.fromisocalendar(year, week, 1)
        found.append(Week(f"{year}-W{week:02d}", monday, tuple(readings)))
    return tuple(found)


def build_barometer(
    connection: Connection,
    negotiation_id: str,
    event: str | None = None,
    speaker: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Barometer:
    """The barometer of a negotiation about its settlement, or about the event `event` names."""
    negotiation = find_negotiation(negotiation_id)
    known = routed_articles(connection, negotiation_id)
    estimates = load_estimates(connection, negotiation_id, known)

    def wanted(e: Estimate) -> bool:
        if event:
            return about_words(e.event, event)
        return about_its_settlement(e.event, negotiation)

    def in_period(e: Estimate) -> bool:
        if e.date is None:
            return since is None and until is None
        return (since is None or e.date.date() >= since) and (
            until is None or e.date < datetime.combine(until + timedelta(days=1), datetime.min.time())
        )

    matching = [e for e in estimates if wanted(e) and in_period(e)]
    chosen = [e for e in matching if e.who is not None]
    if speaker:
        ids, key = _speaker_matcher(connection, speaker)
        chosen = [e for e in chosen if e.who_actor_id in ids or key in normalise_name(e.who or "")]
    by_who: dict[str, list[Estimate]] = {}
    for estimate in chosen:
        by_who.setdefault(estimate.who_actor_id or estimate.who or "", []).append(estimate)
    series = tuple(
        sorted(
            (Series(group[0].who or "", group[0].who_actor_id, tuple(group)) for group in by_who.values()),
            key=lambda s: (-len(s.estimates), s.who),
        )
    )
    return Barometer(
        negotiation.id,
        event or SETTLEMENT,
        series,
        weekly_spread(series),
        0 if speaker else sum(1 for e in matching if e.who is None),
        sum(1 for e in chosen if e.date is None),
    )
