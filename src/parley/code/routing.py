"""Which negotiations an article is about: many-to-many, each with a score and its evidence.

An article points to a negotiation through the negotiation's keywords (weighted in its file), its parties,
its actors and the places of its gazetteer. A name shared by several negotiations (Russia, Erdogan,
"ceasefire") weighs less in each, as in inverse document frequency; repeats count with diminishing returns;
the title counts again. People and parties only support a route: Putin, Biden, China and "sanctions" are in
most foreign news, so an article must also name the negotiation's subject — a specific keyword (weight 1 or
more) or a place of its gazetteer. Given the publication date, negotiations whose period (with a margin) does
not cover it are left out. Plain regular expressions over the transliterated text; no model is loaded."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from unidecode import unidecode

from parley.negotiations import Negotiation

ROUTER_VERSION = "routing/1"


@dataclass(frozen=True, slots=True)
class RoutingWeights:
    party: float = 0.5  # a party named (governments and groups are named in many stories)
    actor: float = 0.75  # a person of the negotiation named
    place: float = 1.0  # a place of the gazetteer named
    specific: float = 1.0  # keywords from this weight on name the subject; lighter ones only support
    repeat_cap: float = 3.0  # a term named n times counts 1 + ln(n), at most this
    title: float = 1.0  # a term in the title counts this much again
    anchor: float = 2.0  # the subject evidence (specific keywords, places) an article needs at least
    threshold: float = 3.0  # the evidence at which the score is 0.5, and from which the article is routed
    margin_days: int = 180  # reporting on talks goes on a while after they end (and starts before)


class Route(NamedTuple):
    negotiation_id: str
    score: float
    evidence: tuple[str, ...]  # "keyword:Astana×3", strongest first


@dataclass(frozen=True, slots=True)
class _Term:
    kind: str  # keyword, party, actor, place
    label: str
    weight: float


class Router:
    """Compiled once from the negotiations; `route` is then pure per article."""

    def __init__(self, negotiations: Iterable[Negotiation], weights: RoutingWeights | None = None) -> None:
        self.negotiations = tuple(negotiations)
        self.weights = weights or RoutingWeights()
        terms: list[list[tuple[_Term, tuple[str, ...]]]] = [self._terms(n) for n in self.negotiations]
        # How many negotiations name each variant: a shared name is weaker evidence for each of them.
        spread = Counter(v.lower() for found in terms for v in {v for _, vs in found for v in vs})
        self._by_variant: dict[str, list[tuple[int, _Term, float]]] = defaultdict(list)
        for index, found in enumerate(terms):
            seen: dict[str, _Term] = {}
            for term, variants in found:
                for variant in variants:
                    key = variant if _case_sensitive(variant) else variant.lower()
                    if key not in seen or seen[key].weight < term.weight:
                        seen[key] = term
            for key, term in seen.items():
                self._by_variant[key].append((index, term, term.weight / spread[key.lower()]))
        sensitive = [v for v in self._by_variant if _case_sensitive(v)]
        insensitive = [v for v in self._by_variant if not _case_sensitive(v)]
        self._sensitive = _alternation(sensitive, 0)
        self._insensitive = _alternation(insensitive, re.IGNORECASE)

    def _terms(self, negotiation: Negotiation) -> list[tuple[_Term, tuple[str, ...]]]:
        w = self.weights
        found: list[tuple[_Term, tuple[str, ...]]] = [
            (_Term("keyword", k.text, k.weight), (_fold(k.text),)) for k in negotiation.keywords
        ]
        for kind, weight, actors in (
            ("party", w.party, negotiation.parties),
            ("actor", w.actor, negotiation.actors),
        ):
            for actor in actors:
                names = tuple(dict.fromkeys(_fold(n) for n in (actor.name, *actor.aliases)))
                found.append((_Term(kind, actor.name, weight), names))
        for place in negotiation.places:
            names = tuple(dict.fromkeys(_fold(n) for n in place.names))
            found.append((_Term("place", place.name, w.place), names))
        return found

    def _counts(self, text: str) -> Counter[str]:
        folded = _fold(text)
        counts: Counter[str] = Counter()
        for pattern, fold_case in ((self._sensitive, False), (self._insensitive, True)):
            if pattern is not None:
                counts.update(m.group().lower() if fold_case else m.group() for m in pattern.finditer(folded))
        return counts

    def route(self, text: str, title: str | None = None, published: date | None = None) -> list[Route]:
        """The negotiations this article is about, best first; those under the threshold are left out."""
        w = self.weights
        body, heading = self._counts(text), self._counts(title or "")
        evidence: list[dict[tuple[str, str], float]] = [defaultdict(float) for _ in self.negotiations]
        mentions: list[Counter[tuple[str, str]]] = [Counter() for _ in self.negotiations]
        for variant in body.keys() | heading.keys():
            for index, term, weight in self._by_variant[variant]:
                mentions[index][(term.kind, term.label)] += body[variant] + heading[variant]
                evidence[index][(term.kind, term.label)] = max(
                    evidence[index][(term.kind, term.label)], weight
                )
                if heading[variant]:
                    evidence[index][("title", term.label)] = max(
                        evidence[index][("title", term.label)], weight
                    )
        routes = []
        for index, negotiation in enumerate(self.negotiations):
            contributions = {}
            for (kind, label), weight in evidence[index].items():
                if kind == "title":
                    contributions[(kind, label)] = weight * w.title
                else:
                    repeats = min(w.repeat_cap, 1.0 + math.log(mentions[index][(kind, label)]))
                    contributions[(kind, label)] = weight * repeats
            raw = sum(contributions.values())
            anchor = sum(v for (kind, label), v in contributions.items() if self._subject(index, kind, label))
            if anchor < w.anchor or raw < w.threshold or not self._in_period(negotiation, published):
                continue
            ranked = sorted(contributions.items(), key=lambda kv: -kv[1])
            routes.append(
                Route(
                    negotiation.id,
                    round(raw / (raw + w.threshold), 3),
                    tuple(
                        f"{kind}:{label}" + (f"×{mentions[index][(kind, label)]}" if kind != "title" else "")
                        for (kind, label), _ in ranked
                    ),
                )
            )
        return sorted(routes, key=lambda r: -r.score)

    def _subject(self, index: int, kind: str, label: str) -> bool:
        if kind == "place":
            return True
        if kind != "keyword":
            return False
        return any(
            k.text == label and k.weight >= self.weights.specific for k in self.negotiations[index].keywords
        )

    def _in_period(self, negotiation: Negotiation, published: date | None) -> bool:
        if published is None:
            return True
        margin = timedelta(days=self.weights.margin_days)
        first, last = negotiation.period
        return (first is None or published >= first - margin) and (last is None or published <= last + margin)


def _fold(text: str) -> str:
    """Transliterated, so that "Erdoğan" and "Erdogan", "Zelenskyy’s" and "Zelenskyy's" are one."""
    return unidecode(text)


def _case_sensitive(variant: str) -> bool:
    # "US" is not "us", "Arak" is not "arak": a variant with a capital matches only as written.
    return variant != variant.lower()


def _alternation(variants: Sequence[str], flags: int) -> re.Pattern[str] | None:
    if not variants:
        return None
    ordered = sorted(variants, key=lambda v: (-len(v), v))  # the longest name at a position wins
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(v) for v in ordered) + r")(?!\w)", flags)


@lru_cache(maxsize=8)
def _router(negotiations: tuple[Negotiation, ...]) -> Router:
    return Router(negotiations)


def route(
    text: str, title: str | None, negotiations: Iterable[Negotiation], published: date | None = None
) -> list[Route]:
    """The negotiations the article is about, with a score in (0, 1) and the evidence; the router for a
    given set of negotiations is compiled once per process."""
    return _router(tuple(negotiations)).route(text, title, published)
