"""Grouping reports into happenings: the clustering behind developments, with no store in sight.

The method is the retrospective event detection of Topic Detection and Tracking (Yang, Pierce & Carbonell,
SIGIR 1998): a report is a TF-IDF vector of its headline and lead (the inverted pyramid puts what happened,
who and where first) plus the actors and places it names; reports are compared only within a window of
publication dates, and grouped by group-average agglomerative clustering, greedily: pairs of reports at least
`threshold` alike are taken most alike first, and join their groups when the two groups are also, on
average, at least `threshold` alike, so that one report about two happenings does not chain them together.

Two more kinds of evidence count. A near-duplicate link (the same wire story, edited) merges on its own.
Shared statements (the same briefing quoted) make two reports as alike as the share of their statements
they have in common, when that beats their word overlap and their openings have some words in common (a
quote in a sidebar beside another story does not make the stories one). A statement recurring over more
than the window (a slogan, a line of background, page furniture) says nothing about one happening and
counts for nothing; nor do the words of an outlet's furniture (its name, "BelTA has learned") and dates
(the window's business).

Every merge must keep the group's publication dates within the window: reports about two rounds of talks a
week apart never become one development, whatever they share."""

from __future__ import annotations

import calendar
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

Vector = dict[str, float]

_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True, slots=True)
class Params:
    """What a grouping depends on; `tag` goes into every development's version, so ids change with it."""

    window_days: int = 3  # a development's reports are published within this many days of each other
    # the least similarity of two reports, and the least mean similarity of two groups, that are one
    # happening (set on a hand-labelled sample of report pairs; see the note on developments)
    threshold: float = 0.18
    lead_chars: int = 400  # the opening of a report: what happened, who, where (the inverted pyramid)
    lookback_days: int = 14  # novelty is measured against the developments of this many days before

    @property
    def tag(self) -> str:
        return f"w{self.window_days}-t{self.threshold:g}-c{self.lead_chars}"


@dataclass(slots=True)
class Report:
    """One article as the grouping sees it."""

    id: str
    day: date | None
    title: str | None
    lead: str  # the opening of the text
    keys: set[str] = field(default_factory=set)  # its distinctive statements, by the key of their words
    tags: list[str] = field(default_factory=list)  # actors and places: `actor:ID`, `place:NAME`
    outlet: str | None = None  # who published it (its first source), for the outlet's own furniture


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    # dates are the window's business: month and day names would tie reports that merely share a date
    return frozenset(STOP_WORDS) | _CALENDAR | {"said", "says", "told", "according", "reported", "news"}


# Python never sets LC_TIME itself, so these are the English (C locale) names
_CALENDAR = frozenset(n.lower() for n in (*calendar.month_name, *calendar.day_name) if n)


def terms(report: Report) -> Counter[str]:
    """The report's terms: words of the headline (counted twice: it names the happening) and of the lead,
    and the actors and places it names as terms of their own. Statements are left out: quoted words recur
    from one happening to the next ("we are ready for talks"); shared statements count as wholes instead."""
    stop = _stop_words()
    counts: Counter[str] = Counter()
    for text, weight in ((report.title or "", 2), (report.lead, 1)):
        for word in _WORD.findall(text.casefold()):
            if word not in stop:
                counts[word] += weight
    counts.update(report.tags)
    return counts


def without_furniture(reports: Sequence[Report], counts: list[Counter[str]]) -> list[Counter[str]]:
    """The terms with each outlet's furniture taken out: words in four fifths or more of an outlet's
    reports (its name, "MINSK … BelTA has learned") say who wrote a report, not what happened. Only outlets
    with `FURNITURE_MIN_REPORTS` reports or more have a say."""
    by_outlet: dict[str, list[int]] = {}
    for i, report in enumerate(reports):
        if report.outlet:
            by_outlet.setdefault(report.outlet, []).append(i)
    cleaned = list(counts)
    for members in by_outlet.values():
        if len(members) < FURNITURE_MIN_REPORTS:
            continue
        df: Counter[str] = Counter()
        for i in members:
            df.update(t for t in counts[i] if not t.startswith(("actor:", "place:")))
        furniture = {t for t, n in df.items() if n >= FURNITURE_SHARE * len(members)}
        for i in members:
            cleaned[i] = Counter({t: c for t, c in counts[i].items() if t not in furniture})
    return cleaned


FURNITURE_MIN_REPORTS = 6
FURNITURE_SHARE = 0.8  # lower, and a state-agency outlet's head of state would count as furniture


def tfidf(documents: Sequence[Counter[str]]) -> list[Vector]:
    """Unit-length TF-IDF vectors (sublinear term frequency, smoothed IDF over these documents)."""
    df: Counter[str] = Counter()
    for counts in documents:
        df.update(counts.keys())
    n = len(documents)
    idf = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}
    vectors = []
    for counts in documents:
        vector = {t: (1.0 + math.log(c)) * idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors.append({t: w / norm for t, w in vector.items()})
    return vectors


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def centroid(vectors: Iterable[Vector]) -> Vector:
    total: Counter[str] = Counter()
    for vector in vectors:
        total.update(vector)
    norm = math.sqrt(sum(w * w for w in total.values())) or 1.0
    return {t: w / norm for t, w in total.items()}


@dataclass(slots=True)
class _Group:
    members: list[int]
    first: date | None
    last: date | None


class Grouping:
    """Reports, their similarities, and the groups they fall into."""

    def __init__(self, reports: Sequence[Report], strong: Iterable[tuple[str, str]], params: Params) -> None:
        self.reports = list(reports)
        self.params = params
        self.vectors = tfidf(without_furniture(self.reports, [terms(r) for r in self.reports]))
        index = {r.id: i for i, r in enumerate(self.reports)}
        self.strong = {_pair(index[a], index[b]) for a, b in strong if a in index and b in index and a != b}
        self.similar: dict[tuple[int, int], float] = self._similarities()
        for (i, j), share in self._shared_statements().items():
            # a shared statement corroborates reports that open on something in common; sharing only a
            # sidebar or a background box ("Ukraine updates: …") does not make two stories one
            if cosine(self.vectors[i], self.vectors[j]) >= params.threshold / 2:
                self.similar[i, j] = max(share, self.similar.get((i, j), 0.0))
        self.groups = self._cluster()

    def score(self, i: int, j: int) -> float:
        """How alike two reports are: 1 for near-duplicates, else the better of their cosine and the share
        of statements they have in common."""
        pair = _pair(i, j)
        return 1.0 if pair in self.strong else self.similar.get(pair, 0.0)

    def _similarities(self) -> dict[tuple[int, int], float]:
        # only pairs a development could hold are compared: dated reports within the window of each other
        dated = sorted((r.day, i) for i, r in enumerate(self.reports) if r.day is not None)
        found: dict[tuple[int, int], float] = {}
        start = 0
        for position, (day, i) in enumerate(dated):
            while (day - dated[start][0]).days > self.params.window_days:
                start += 1
            for _, j in dated[start:position]:
                value = cosine(self.vectors[i], self.vectors[j])
                if value >= self.params.threshold / 4:  # weaker pairs count as 0 in group averages
                    found[_pair(i, j)] = value
        return found

    def _shared_statements(self) -> dict[tuple[int, int], float]:
        """For reports sharing statements: the overlap coefficient of their statement keys, counting only
        statements whose reports all fall within the window."""
        carriers: dict[str, list[int]] = {}
        for i, report in enumerate(self.reports):
            for key in report.keys:
                carriers.setdefault(key, []).append(i)
        shared: Counter[tuple[int, int]] = Counter()
        for carrying in carriers.values():
            days = [d for d in (self.reports[i].day for i in carrying) if d is not None]
            if len(carrying) < 2 or (days and (max(days) - min(days)).days > self.params.window_days):
                continue
            for position, i in enumerate(carrying):
                for j in carrying[position + 1 :]:
                    shared[_pair(i, j)] += 1
        return {
            (i, j): n / min(len(self.reports[i].keys), len(self.reports[j].keys))
            for (i, j), n in shared.items()
        }

    def _cluster(self) -> list[list[int]]:
        parent = list(range(len(self.reports)))
        groups = {i: _Group([i], self.reports[i].day, self.reports[i].day) for i in range(len(self.reports))}

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def merge(i: int, j: int, strong: bool) -> None:
            a, b = root(i), root(j)
            if a == b:
                return
            x, y = groups[a], groups[b]
            first = min((d for d in (x.first, y.first) if d is not None), default=None)
            last = max((d for d in (x.last, y.last) if d is not None), default=None)
            if first is not None and last is not None and (last - first).days > self.params.window_days:
                return
            if not strong and self._average(x.members, y.members) < self.params.threshold:
                return
            if len(x.members) < len(y.members):
                a, b, x = b, a, y
            parent[b] = a
            x.members.extend(groups.pop(b).members)
            x.first, x.last = first, last

        # near-duplicates first, then the other links, most alike first
        for i, j in sorted(self.strong):
            merge(i, j, strong=True)
        for (i, j), value in sorted(self.similar.items(), key=lambda item: (-item[1], item[0])):
            if value < self.params.threshold:
                break
            merge(i, j, strong=False)
        return [sorted(g.members) for g in groups.values()]

    def _average(self, xs: Sequence[int], ys: Sequence[int]) -> float:
        return sum(self.score(i, j) for i in xs for j in ys) / (len(xs) * len(ys))

    def centrality(self, members: Sequence[int]) -> dict[int, float]:
        """Each member's mean similarity to the others (1 for a report alone)."""
        if len(members) == 1:
            return {members[0]: 1.0}
        return {i: sum(self.score(i, j) for j in members if j != i) / (len(members) - 1) for i in members}


def novelty(days: Sequence[date | None], centroids: Sequence[Vector], lookback_days: int) -> list[float]:
    """For each development, 1 minus its greatest similarity to a development of the `lookback_days`
    before it (first-story detection's novelty): a development nothing recent resembles scores 1."""
    order = sorted((d, i) for i, d in enumerate(days) if d is not None)
    found = [1.0] * len(days)
    start = 0
    for position, (day, i) in enumerate(order):
        while (day - order[start][0]).days > lookback_days:
            start += 1
        earlier = [j for d, j in order[start:position] if d < day]  # the same day is not "before"
        if earlier:
            found[i] = 1.0 - max(cosine(centroids[i], centroids[j]) for j in earlier)
    return found


def _pair(i: int, j: int) -> tuple[int, int]:
    return (i, j) if i < j else (j, i)
