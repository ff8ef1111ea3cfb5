"""Likelihood: the phrases of probability and confidence in a statement, calibrated to how people read them.

`find_likelihood(text, span)` reads the sentences a span touches and returns one `Likelihood` per estimate:
the phrase as it reads, the event it is about, a point and an interval from `data/likelihood_phrases.csv`
(survey medians and quartiles), one of the seven bands of DESIGN.md, whether a negation scopes over it
(rules in the style of medspaCy's ConText: triggers, a direction, terminators, pseudo-triggers), its time
horizon, its holder when the speaker reports someone else's estimate, and whether it is hedged both ways.
Conditions ("if the talks fail, ...") and questions are not estimates. Regular expressions and word lists
only, no model: it runs on every statement.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

Span = tuple[int, int]

# ------------------------------------------------------------------------------------------------- records


def band_of(p: float) -> str:
    """The band of DESIGN.md for a point; a point on a boundary goes to the band nearer even, so that
    "likely" (75 %) is likely and "highly likely" (90 %) very likely."""
    if p < 0.10:
        return "extremely unlikely"
    if p < 0.25:
        return "very unlikely"
    if p < 0.40:
        return "unlikely"
    if p <= 0.60:
        return "even"
    if p <= 0.75:
        return "likely"
    if p <= 0.90:
        return "very likely"
    return "extremely likely"


@dataclass(frozen=True, slots=True)
class Likelihood:
    """One estimate. Offsets are absolute into the article text; `text[span[0]:span[1]] == phrase`."""

    phrase: str
    span: Span
    event: str | None  # what the estimate is about: text[event_span], None when the text does not say
    event_span: Span | None
    p: float  # the probability of the event as the phrase is read (negation included)
    low: float
    high: float
    band: str
    negated: bool  # a negation scopes over the words of likelihood ("not likely", "nobody expects")
    horizon: str | None  # "by June", "12 months or longer", "eventually"
    ambiguous: bool  # hedged both ways ("there is a high probability of both", "50-50")
    confidence: bool  # a person's confidence read as likelihood ("I would not be confident that X")
    holder: str | None  # whose estimate when the speaker reports someone else's; None: the speaker's own
    holder_span: Span | None
    trigger_span: Span  # the words of likelihood themselves, without their negation ("confident")
    calibrated_as: str  # the row of likelihood_phrases.csv that gave p, low and high

    def to_dict(self) -> dict[str, Any]:
        """The record of DESIGN.md, plus confidence, holder, the spans and the calibration row."""
        return {
            "phrase": self.phrase,
            "span": list(self.span),
            "event": self.event,
            "p": self.p,
            "low": self.low,
            "high": self.high,
            "band": self.band,
            "negated": self.negated,
            "horizon": self.horizon,
            "ambiguous": self.ambiguous,
            "confidence": self.confidence,
            "holder": self.holder,
            "holder_span": list(self.holder_span) if self.holder_span else None,
            "event_span": list(self.event_span) if self.event_span else None,
            "trigger_span": list(self.trigger_span),
            "calibrated_as": self.calibrated_as,
        }


# ---------------------------------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class Calibration:
    phrase: str
    p: float
    low: float
    high: float
    band: str
    source: str
    basis: str


@dataclass(frozen=True, slots=True)
class Entry:
    """A surface form of the lexicon."""

    words: tuple[str, ...]
    key: str
    negated_key: str | None
    kind: str  # adverb | modal | adjective | verb | noun | fixed | postposed
    flags: str = ""


@dataclass(frozen=True, slots=True)
class Horizon:
    pattern: re.Pattern[str]
    template: str
    rank: int


@dataclass(frozen=True)
class Rules:
    negation_before: tuple[tuple[str, ...], ...]
    negation_after: frozenset[str]
    window: int
    after_window: int
    pseudo: frozenset[str]
    terminators: frozenset[str]
    event_stops: frozenset[str]
    event_terminators: frozenset[str]
    clause_openers: frozenset[str]
    edge_words: frozenset[str]
    conditional_openers: tuple[tuple[str, ...], ...]
    conditional_inverted: frozenset[str]
    conditional_ends: frozenset[str]
    embedding: frozenset[str]
    linking: frozenset[str]
    auxiliaries: frozenset[str]
    degree: frozenset[str]
    determiners: frozenset[str]
    first_person: frozenset[str]
    expletives: frozenset[str]
    pronouns: frozenset[str]
    not_before: frozenset[str]
    modal_adverbs: frozenset[str]
    modal_not_after: frozenset[str]
    month_before: frozenset[str]
    attitude_verbs: frozenset[str]
    holder_adverbs: frozenset[str]
    anaphoric_events: frozenset[str]
    holder_max_words: int
    chance_nouns: frozenset[str]
    chance_adjectives: dict[tuple[str, ...], tuple[str, str | None]]
    horizons: tuple[Horizon, ...]
    common_words: frozenset[str]
    negation_single: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        single = frozenset(words[0] for words in self.negation_before if len(words) == 1)
        object.__setattr__(self, "negation_single", single)


@dataclass(frozen=True)
class Lexicon:
    rules: Rules
    table: dict[str, Calibration]
    entries: dict[str, tuple[Entry, ...]]  # first word → entries, longest first
    anchors: frozenset[str]  # one word of every surface form: a sentence without one has no estimate
    prefilter: re.Pattern[str]  # the anchors, to skip text without any before tokenizing it


def _data(name: str) -> str:
    return files("parley.code").joinpath("data", name).read_text(encoding="utf-8")


def _csv_rows(name: str) -> list[dict[str, str]]:
    lines = [line for line in _data(name).splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


def load_table() -> dict[str, Calibration]:
    """likelihood_phrases.csv: phrase → its calibration."""
    table = {}
    for row in _csv_rows("likelihood_phrases.csv"):
        p, low, high = float(row["p"]), float(row["low"]), float(row["high"])
        table[row["phrase"]] = Calibration(
            row["phrase"], p, low, high, row["band"], row["source"], row["basis"]
        )
    return table


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(token.low for token in tokenize(phrase))


def _word_set(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(value).lower() for value in values)


def _rules(raw: dict[str, Any]) -> Rules:
    negation, conditional = raw["negation"], raw["conditional"]
    adjectives = {
        _words(adjective): (keys[0], keys[1] or None) for adjective, keys in raw["chance_adjectives"].items()
    }
    horizons = tuple(
        Horizon(re.compile(h["re"], re.IGNORECASE), h.get("as", "{0}"), int(h["rank"]))
        for h in raw["horizons"]
    )
    return Rules(
        negation_before=tuple(_words(str(w)) for w in negation["before"]),
        negation_after=_word_set(negation["after"]),
        window=int(negation["window"]),
        after_window=int(negation["after_window"]),
        pseudo=_word_set(negation["pseudo"]),
        terminators=_word_set(negation["terminators"]),
        event_stops=_word_set(raw["event_stops"]),
        event_terminators=_word_set(raw["event_terminators"]),
        clause_openers=_word_set(raw["clause_openers"]),
        edge_words=_word_set(raw["edge_words"]),
        conditional_openers=tuple(_words(str(w)) for w in conditional["openers"]),
        conditional_inverted=_word_set(conditional["inverted"]),
        conditional_ends=_word_set(conditional["ends"]),
        embedding=_word_set(conditional["embedding"]),
        linking=_word_set(raw["linking_verbs"]),
        auxiliaries=_word_set(raw["auxiliaries"]),
        degree=_word_set(raw["degree_words"]),
        determiners=_word_set(raw["determiners"]),
        first_person=_word_set(raw["first_person"]),
        expletives=_word_set(raw["expletives"]),
        pronouns=_word_set(raw["pronouns"]),
        not_before=_word_set(raw["not_before"]),
        modal_adverbs=_word_set(raw["modal_adverbs"]),
        modal_not_after=_word_set(raw["modal_not_after"]),
        month_before=_word_set(raw["month_before"]),
        attitude_verbs=_word_set(raw["attitude_verbs"]),
        holder_adverbs=_word_set(raw["holder_adverbs"]),
        anaphoric_events=_word_set(raw["anaphoric_events"]),
        holder_max_words=int(raw["holder_max_words"]),
        chance_nouns=_word_set(raw["chance_nouns"]),
        chance_adjectives=adjectives,
        horizons=horizons,
        common_words=_word_set(raw["common_words"]),
    )


def _entries(rules: Rules) -> list[Entry]:
    """The lexicon's rows, then every chance adjective + chance noun the lexicon does not name itself."""
    entries = []
    for row in _csv_rows("likelihood_lexicon.csv"):
        negated = row["negated_key"] or None
        entries.append(Entry(_words(row["surface"]), row["key"], negated, row["kind"], row["flags"] or ""))
    named = {entry.words for entry in entries}
    for adjective, (key, negated) in rules.chance_adjectives.items():
        for noun in sorted(rules.chance_nouns):
            words = (*adjective, noun)
            if words not in named:
                entries.append(Entry(words, key, negated, "noun"))
    return entries


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The rules, the calibration table and the surface forms, read once; every key must be in the table."""
    rules = _rules(yaml.safe_load(_data("likelihood_rules.yaml")))
    table = load_table()
    by_first: dict[str, list[Entry]] = {}
    for entry in _entries(rules):
        for key in (entry.key, entry.negated_key):
            if key is not None and key not in table:
                raise KeyError(
                    f"likelihood lexicon: {' '.join(entry.words)!r} reads as {key!r}, not in the table"
                )
        by_first.setdefault(entry.words[0], []).append(entry)
    entries = {first: tuple(sorted(group, key=lambda e: -len(e.words))) for first, group in by_first.items()}
    common = rules.common_words
    anchors = (
        frozenset(_anchor(e.words, common) for group in entries.values() for e in group) | rules.chance_nouns
    )
    alternatives = "|".join(re.escape(w) for w in sorted(anchors, key=len, reverse=True))
    prefilter = re.compile(rf"(?<!\w)(?:{alternatives})(?:(?!\w)|(?=n['’]t))", re.IGNORECASE)
    return Lexicon(rules, table, entries, anchors, prefilter)


def _anchor(words: tuple[str, ...], common: frozenset[str]) -> str:
    """The word a surface form cannot match without: its last uncommon word (or its last word)."""
    uncommon = [w for w in words if w not in common]
    return uncommon[-1] if uncommon else words[-1]


# -------------------------------------------------------------------------------------------------- tokens


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    low: str  # lower-case, curly apostrophes straightened
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.low[:1].isalnum() or self.low[:1] == "'"


_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # initials and dotted acronyms (J.D., U.S.): not sentence ends
    r"|[A-Z]\.(?=\s+[A-Z])"  # a single initial
    r"|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Jr|Sr|St)\.(?=\s)"
    r"|\d+(?:[.,/-]\d+)*%?"  # 12, 3.5%, 50-50, 50/50
    r"|\w+(?=n['’]t\b)"  # the do / ca / wo of don't, can't, won't
    r"|n['’]t\b"
    r"|['’](?:s|re|m|ll|d|ve)\b"  # clitics: it's, I'm, we'll
    r"|\w+(?:-\w+)*"  # words, hyphenated ones whole (toss-up, fifty-fifty)
    r"|\S"
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words and punctuation of text[start:end], with absolute offsets."""
    stop = len(text) if end is None else end
    out = []
    for match in _TOKEN.finditer(text, start, stop):
        word = match.group()
        out.append(Token(word, word.lower().replace("’", "'"), match.start(), match.end()))
    return out


_ENDS = frozenset({".", "!", "?", "…"})
_COMPLEMENTIZERS = frozenset({"that", "whether", "of", "for", "about"})
_CLOSERS = frozenset({'"', "”", "’", "'", ")", "]", "»"})


def sentences(text: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """Token ranges of the sentences: ended by . ! ? … (with closing quotes) or a line break."""
    start = 0
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is None:
            break
        ends = token.low in _ENDS and nxt.low not in _CLOSERS and nxt.low not in _ENDS
        ends = ends or (
            token.low in _CLOSERS and i > 0 and tokens[i - 1].low in _ENDS and nxt.low not in _CLOSERS
        )
        if ends or "\n" in text[token.end : nxt.start]:
            yield start, i + 1
            start = i + 1
    if start < len(tokens):
        yield start, len(tokens)


# ------------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class _Match:
    start: int  # token indices, end exclusive
    end: int
    entry: Entry
    event: tuple[int, int] | None = None  # read off the pattern itself (postposed chances)


@dataclass(frozen=True, slots=True)
class _Reading:
    phrase: tuple[int, int]
    event: tuple[int, int] | None
    holder: tuple[int, int] | None
    expletive: bool


@dataclass(slots=True)
class _Found:
    sentence: int
    record: Likelihood


class _Reader:
    """Reads the estimates of one window of text, sentence by sentence."""

    def __init__(self, text: str, tokens: list[Token], lexicon: Lexicon) -> None:
        self.text = text
        self.tokens = tokens
        self.lex = lexicon
        self.rules = lexicon.rules
        self.found: list[_Found] = []

    # --- a sentence

    def read(self, number: int, s: int, e: int) -> None:
        anchors = self.lex.anchors  # most sentences have none of these
        if not any(t.low in anchors for t in self.tokens[s:e]) or self._is_question(s, e):
            return
        horizons = self._horizons(s, e)
        blocked = {i for i in range(s, e) if any(a <= self.tokens[i].start < b for a, b, _, _ in horizons)}
        conditions = self._conditions(s, e)
        used: set[int] = set()
        matches = [
            m
            for m in self._matches(s, e, blocked)
            if not any(a <= m.start < b for a, b in conditions) and self._valid(m, s, e)
        ]
        taken = {i for m in matches for i in range(m.start, m.end)}
        for match in matches:
            negated = self._negated(match, s, e, used, taken)
            reading = self._reading(match, s, e, blocked)
            self._emit(number, match, reading, negated, horizons)

    def _is_question(self, s: int, e: int) -> bool:
        last = [t.low for t in self.tokens[s:e] if t.low not in _CLOSERS]
        return bool(last) and last[-1] == "?"

    # --- horizons and conditions

    def _horizons(self, s: int, e: int) -> list[tuple[int, int, str, int]]:
        start, end = self.tokens[s].start, self.tokens[e - 1].end
        found = []
        for horizon in self.rules.horizons:
            for m in horizon.pattern.finditer(self.text, start, end):
                label = horizon.template.format(m.group(0), **m.groupdict())
                found.append((m.start(), m.end(), " ".join(label.split()), horizon.rank))
        return found

    def _conditions(self, s: int, e: int) -> list[tuple[int, int]]:
        """Token ranges of conditional clauses (and whether-clauses): what they say is not estimated."""
        rules, out = self.rules, []
        firsts = {words[0] for words in rules.conditional_openers}
        for i in range(s, e):
            inverted = i == s and self.tokens[i].low in rules.conditional_inverted
            length = (
                _starts_with(self.tokens, i, e, rules.conditional_openers)
                if self.tokens[i].low in firsts
                else 0
            )
            if not (length or inverted):
                continue
            if i > s and self.tokens[i - 1].low in rules.embedding:
                continue  # "not sure whether X": a question embedded in an estimate
            j = i + max(length, 1)
            while j < e and self.tokens[j].low not in rules.conditional_ends:
                j += 1
            out.append((i, j))
        return out

    # --- trigger words

    def _matches(self, s: int, e: int, blocked: set[int]) -> list[_Match]:
        out, i = [], s
        while i < e:
            match = None if i in blocked else self._match_at(i, e)
            if match is None:
                i += 1
                continue
            out.append(match)
            i = match.end
        return out

    def _match_at(self, i: int, e: int) -> _Match | None:
        postposed = self._postposed(i, e)
        if postposed is not None:
            return postposed
        for entry in self.lex.entries.get(self.tokens[i].low, ()):
            n = len(entry.words)
            if i + n <= e and all(self.tokens[i + k].low == w for k, w in enumerate(entry.words)):
                return _Match(i, i + n, entry)
        return None

    def _postposed(self, i: int, e: int) -> _Match | None:
        """ "the chances of a deal are slim": a chance noun, its event, a linking verb, an adjective."""
        rules, tokens = self.rules, self.tokens
        if tokens[i].low not in rules.chance_nouns:
            return None
        j = i + 1
        while j < e and j - i <= 12 and tokens[j].low not in rules.linking:
            if tokens[j].low in rules.event_stops or tokens[j].low in _ENDS:
                return None
            j += 1
        k = j + 1
        while k < e and tokens[k].low in rules.degree:
            k += 1
        for adjective, (key, negated) in rules.chance_adjectives.items():
            n = len(adjective)
            if (
                j < e
                and tokens[j].low in rules.linking
                and tuple(t.low for t in tokens[k : k + n]) == adjective
            ):
                complement = i + 2 if i + 1 < j and tokens[i + 1].low in {"of", "for", "that"} else None
                event = (complement, j) if complement is not None and complement < j else None
                return _Match(i, k + n, Entry((tokens[i].low, *adjective), key, negated, "postposed"), event)
        return None

    def _valid(self, m: _Match, s: int, e: int) -> bool:
        kind, flags = m.entry.kind, m.entry.flags
        prev = self.tokens[m.start - 1].low if m.start > s else ""
        nxt = self.tokens[m.end].low if m.end < e else ""
        if prev in self.rules.not_before:
            return False
        if kind == "modal":
            return self._valid_modal(m, s, e)
        if kind == "adjective":
            if "c" in flags and nxt == "in":
                return False  # "confident in our team" is trust, not a chance
            if "q" in flags:
                return self._linked(m.start, s) and not self._possessive(m, s, e)
            return prev not in self.rules.determiners
        if kind == "verb":
            return self._valid_verb(m, prev, s)
        if kind == "noun":
            return self._valid_noun(m, prev, nxt, s)
        return True

    def _possessive(self, m: _Match, s: int, e: int) -> bool:
        """ "Russia's possible invasion": the 's of a possessive before an attributive adjective."""
        nxt = self.tokens[m.end] if m.end < e else None
        attributive = nxt is not None and nxt.is_word and nxt.low not in _COMPLEMENTIZERS | {"to", "if"}
        return attributive and m.start > s and self.tokens[m.start - 1].low == "'s"

    def _linked(self, i: int, s: int) -> bool:
        """A linking verb before the words, past degree words and negations ("I would not be sure")."""
        k = i - 1
        while k >= s and self.tokens[k].low in self.rules.degree:
            k -= 1
        return k >= s and self.tokens[k].low in self.rules.linking

    def _valid_modal(self, m: _Match, s: int, e: int) -> bool:
        rules, first = self.rules, self.tokens[m.start]
        if (
            first.low == "may"
            and m.start > s
            and (first.text[0] == "M" or self._prev(m.start, s) in rules.month_before)
        ):
            return False  # the month
        if m.start == s or any(
            t.low in rules.modal_not_after for t in self.tokens[max(s, m.start - 3) : m.start]
        ):
            return False  # "May he rest in peace", "how could they", "so that they may"
        k = m.end
        while k < e and self.tokens[k].low in rules.modal_adverbs:
            k += 1
        if k >= e or not self.tokens[k].is_word:
            return False
        # "could not": ability, not a chance; "may not" keeps the estimate
        return not (self.tokens[k].low in rules.negation_after and m.entry.negated_key is None)

    def _valid_verb(self, m: _Match, prev: str, s: int) -> bool:
        rules = self.rules
        if not prev or prev in rules.determiners or not self.tokens[m.start - 1].is_word:
            return False
        if m.entry.key != "we doubt":
            return prev not in {"more", "less", "better", "worse"}
        # "I doubt", "we do not doubt"; not "cast doubt" or "any doubts"
        holder_words = rules.pronouns | rules.negation_single | rules.auxiliaries | rules.holder_adverbs
        return prev in holder_words or self.tokens[m.start - 1].text[0].isupper()

    def _valid_noun(self, m: _Match, prev: str, nxt: str, s: int) -> bool:
        noun = m.entry.words[-1]
        if nxt == "to" and noun not in {"probability", "likelihood"}:
            return False  # "a chance to talk" is an opportunity
        if "e" not in m.entry.flags:
            return True
        # a bare chance noun: "there is a chance", "a chance that X"
        k = m.start - 1
        while k >= s and self.tokens[k].low in self.rules.determiners | self.rules.degree:
            k -= 1
        existential = k > s and self.tokens[k].low in self.rules.linking and self.tokens[k - 1].low == "there"
        return existential or (prev in {"a", "some", "every"} and nxt in {"that", "of"})

    def _prev(self, i: int, s: int) -> str:
        return self.tokens[i - 1].low if i > s else ""

    # --- negation (ConText: a trigger, a direction, a window closed by terminators)

    def _negated(self, m: _Match, s: int, e: int, used: set[int], taken: set[int]) -> bool:
        if "n" in m.entry.flags:
            return True
        if m.entry.negated_key is None:
            return False
        cue = self._negation_before(m.start, s, e, used, taken)
        if cue is None and m.entry.kind in {"adverb", "modal"}:
            cue = self._negation_after(m.end, e)
        if cue is None:
            return False
        used.add(cue)
        return True

    def _negation_before(self, i: int, s: int, e: int, used: set[int], taken: set[int]) -> int | None:
        rules = self.rules
        k = i - 1
        while k >= s and i - k <= rules.window:
            token = self.tokens[k]
            if token.low in rules.terminators or token.low in rules.event_stops or token.low in {",", "and"}:
                return None
            if k in taken:
                return None  # another estimate's words
            length = _starts_with(self.tokens, k, e, rules.negation_before)
            after = self.tokens[k + length].low if length and k + length < e else ""
            if length and k not in used and after not in rules.pseudo:
                return k
            k -= 1
        return None

    def _negation_after(self, j: int, e: int) -> int | None:
        for k in range(j, min(e, j + self.rules.after_window)):
            if self.tokens[k].low in self.rules.negation_after:
                return k
        return None

    # --- the estimate's phrase, event and holder

    def _reading(self, m: _Match, s: int, e: int, blocked: set[int]) -> _Reading:
        entry, nxt = m.entry, self.tokens[m.end].low if m.end < e else ""
        if entry.kind == "postposed":
            start = (
                m.start - 1
                if m.start > s and self.tokens[m.start - 1].low in self.rules.determiners
                else m.start
            )
            return _Reading((start, m.end), m.event, self._reported_holder(start, s, blocked), False)
        if (
            entry.kind in {"adverb", "modal"}
            or entry.words[-1] == "to"
            or nxt == "to"
            or self._adverbial(m, s, e)
        ):
            return self._in_clause(m, s, e, blocked)
        return self._with_subject(m, s, e, blocked)

    def _adverbial(self, m: _Match, s: int, e: int) -> bool:
        """ "the war will likely end": an adjective as an adverb, before a verb, after no linking verb."""
        if m.entry.kind != "adjective" or m.end >= e or self._linked(m.start, s):
            return False
        nxt = self.tokens[m.end]
        return nxt.is_word and nxt.low not in _COMPLEMENTIZERS and nxt.low not in self.rules.event_terminators

    def _in_clause(self, m: _Match, s: int, e: int, blocked: set[int]) -> _Reading:
        """An estimate read inside its clause: "they will probably lose Donetsk" is phrase and event."""
        left = self._clause_start(m.start, s)
        if left == m.start and left - 2 >= s and self.tokens[left - 1].low == ",":
            left = self._clause_start(left - 1, s)  # "a deal will come, probably"
        right = self._clause_end(m.end, e)
        left, right = self._trim(left, right, blocked)
        holder = self._reported_holder(left, s, blocked)
        return _Reading((left, right), (left, right), holder, False)

    def _with_subject(self, m: _Match, s: int, e: int, blocked: set[int]) -> _Reading:
        """ "I would not be confident that X", "there is no chance of X", "a deal is unlikely"."""
        rules, tokens = self.rules, self.tokens
        group = self._verb_group_start(m, s)
        complement = self._complement(m, e)
        subject = tokens[group - 1] if group > s else None
        if subject is None and complement is None and m.end < e and tokens[m.end].low == ",":
            return self._in_clause(m, s, e, blocked)  # "Without doubt, the talks will fail"
        start, holder, event, expletive = group, None, None, False
        if (
            subject is not None
            and subject.low in rules.first_person | rules.expletives | rules.negation_single
        ):
            start, expletive = group - 1, subject.low in rules.expletives
        elif subject is not None and subject.low in {"you", "one"}:
            start = group - 1  # generic: "you can't be sure"
        elif subject is not None and subject.is_word:
            np = self._noun_phrase_left(group - 1, s)
            linked = any(tokens[k].low in rules.linking for k in range(group, m.start))
            if np is not None and ("c" in m.entry.flags or m.entry.kind == "verb"):
                holder = np  # "Vance is not confident that": his confidence
            elif np is not None and (linked or m.entry.kind == "fixed") and complement is None:
                start, event = np[0], np  # "a deal is unlikely": the subject is the event
        if complement is not None:
            end = self._clause_end(complement, e)
            event = self._trim(complement, end, blocked) if end > complement else None
        end = max(m.end, event[1] if event else m.end)
        if holder is None and not (subject is not None and subject.low in rules.first_person):
            holder = self._reported_holder(start, s, blocked)
        return _Reading((start, end), event, holder, expletive)

    def _verb_group_start(self, m: _Match, s: int) -> int:
        rules, k = self.rules, m.start
        if (
            m.entry.kind in {"noun", "fixed"}
            and k > s
            and self.tokens[k - 1].low in rules.determiners - {"no"}
        ):
            k -= 1
        group = rules.linking | rules.auxiliaries | rules.degree | rules.negation_single
        while k > s and self.tokens[k - 1].low in group:
            k -= 1
        return k

    def _complement(self, m: _Match, e: int) -> int | None:
        """Where the event starts after the words: "that X", "of X", "whether X", or a bare clause after a
        person's "I'm sure" / "I expect"."""
        k = m.end
        if k >= e:
            return None
        token = self.tokens[k]
        if token.low in _COMPLEMENTIZERS or (
            token.low == "if" and ("c" in m.entry.flags or "a" in m.entry.flags)  # "not sure if X"
        ):
            return k + 1 if k + 1 < e else None
        personal = "c" in m.entry.flags or m.entry.kind == "verb"
        if personal and token.is_word and token.low not in {"in", "with", "on", "at", "by", "and", "but"}:
            return k
        return None

    def _clause_start(self, i: int, s: int) -> int:
        rules, k = self.rules, i
        while k > s:
            low = self.tokens[k - 1].low
            if low in rules.clause_openers or low in rules.attitude_verbs:
                break
            k -= 1
        return k

    def _clause_end(self, k: int, e: int) -> int:
        """Where an event ends: a stop, a terminator, a comma after two words, the sentence's end."""
        rules, words, j = self.rules, 0, k
        while j < e:
            low = self.tokens[j].low
            if low in rules.event_stops or low in _ENDS or (low in rules.event_terminators and words):
                break
            if low == "," and words >= 2:
                break
            words += self.tokens[j].is_word
            j += 1
        return j

    def _trim(self, left: int, right: int, blocked: set[int]) -> tuple[int, int]:
        """Drop discourse words and leading horizons from the edges: the phrase begins at its clause."""
        edges = self.rules.edge_words
        while left < right and (
            self.tokens[left].low in edges
            or left in blocked
            or not self._kept(left)
            or self.tokens[left].low[0] == "'"
        ):
            left += 1
        while right > left and (self.tokens[right - 1].low in edges or not self._kept(right - 1)):
            right -= 1
        return left, right

    def _kept(self, i: int) -> bool:
        return self.tokens[i].is_word or self.tokens[i].low in {"%", "$", "€"}

    def _noun_phrase_left(self, k: int, s: int) -> tuple[int, int] | None:
        """The noun phrase ending at token k: back to a clause opener, a verb or punctuation."""
        rules = self.rules
        if self.tokens[k].low in rules.pronouns | rules.expletives:
            return (k, k + 1)
        stop = (
            rules.clause_openers
            | rules.attitude_verbs
            | rules.linking
            | rules.auxiliaries
            | {"and", "or", "as"}
        )
        j = k
        while j >= s and self.tokens[j].is_word and not _verb_like(self.tokens[j]):
            if self.tokens[j].low in stop and not self._joins_sides(j, s):
                break
            j -= 1
        start = max(j + 1, k + 1 - rules.holder_max_words)
        return (start, k + 1) if start <= k else None

    def _joins_sides(self, j: int, s: int) -> bool:
        """ "a peace deal between Armenia and Azerbaijan": an "and" a few words after "between" joins the
        sides inside one noun phrase; it does not end it."""
        if self.tokens[j].low not in ("and", "or"):
            return False
        return any(self.tokens[x].low == "between" for x in range(max(s, j - 4), j))

    def _reported_holder(self, start: int, s: int, blocked: set[int]) -> tuple[int, int] | None:
        """Whose estimate, when the clause is what someone acknowledges, says or fears:
        "they privately acknowledge that eventually [they will probably lose Donetsk]" → "they"."""
        rules, k = self.rules, start - 1
        while k >= s and (k in blocked or self.tokens[k].low in rules.edge_words):
            k -= 1
        if k >= s and self.tokens[k].low == "that":
            k -= 1
        if k < s or self.tokens[k].low not in rules.attitude_verbs:
            return None
        k -= 1
        while k >= s and self.tokens[k].low in rules.holder_adverbs:
            k -= 1
        if k < s or not self.tokens[k].is_word or self.tokens[k].low in rules.first_person | rules.expletives:
            return None
        if self.tokens[k].low in {"you", "one"} or _verb_like(self.tokens[k]):
            return None
        return self._noun_phrase_left(k, s)

    # --- the record

    def _emit(
        self, number: int, m: _Match, r: _Reading, negated: bool, horizons: list[tuple[int, int, str, int]]
    ) -> None:
        event = self._slice(r.event) if r.event else None
        phrase = (self.tokens[r.phrase[0]].start, self.tokens[r.phrase[1] - 1].end)
        if any(found.record.span == phrase for found in self.found):
            return  # "perhaps it might": one estimate, read by its first words
        anaphoric = "j" in m.entry.flags or (
            event is not None and event.lower() in self.rules.anaphoric_events
        )
        if anaphoric and self._mark_ambiguous(number):
            return  # "There is a high probability of both": the hedge of the estimate just made
        key = (
            m.entry.negated_key
            if negated and m.entry.negated_key and "n" not in m.entry.flags
            else m.entry.key
        )
        calibration = self.lex.table[key]
        trigger = (self.tokens[m.start].start, self.tokens[m.end - 1].end)
        record = Likelihood(
            phrase=self.text[phrase[0] : phrase[1]],
            span=phrase,
            event=event,
            event_span=self._offsets(r.event),
            p=calibration.p,
            low=calibration.low,
            high=calibration.high,
            band=calibration.band,
            negated=negated,
            horizon=_nearest_horizon(horizons, trigger),
            ambiguous="a" in m.entry.flags or anaphoric,
            confidence="c" in m.entry.flags and not r.expletive,
            holder=self._slice(r.holder) if r.holder else None,
            holder_span=self._offsets(r.holder),
            trigger_span=trigger,
            calibrated_as=key,
        )
        self.found.append(_Found(number, record))

    def _mark_ambiguous(self, number: int) -> bool:
        for found in reversed(self.found):
            if found.sentence >= number - 1:
                found.record = replace(found.record, ambiguous=True)
                return True
        return False

    def _offsets(self, tokens: tuple[int, int] | None) -> Span | None:
        if tokens is None or tokens[0] >= tokens[1]:
            return None
        return (self.tokens[tokens[0]].start, self.tokens[tokens[1] - 1].end)

    def _slice(self, tokens: tuple[int, int]) -> str | None:
        offsets = self._offsets(tokens)
        return self.text[offsets[0] : offsets[1]] if offsets else None


def _verb_like(token: Token) -> bool:
    """A lower-case word in -ed or -ing ("caused", "letting"): the end of a holder's noun phrase."""
    return token.text.islower() and len(token.low) > 4 and token.low.endswith(("ed", "ing"))


def _starts_with(tokens: list[Token], i: int, e: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """The length of the longest of `phrases` that starts at token i, or 0."""
    best = 0
    for words in phrases:
        n = len(words)
        if n > best and i + n <= e and all(tokens[i + k].low == w for k, w in enumerate(words)):
            best = n
    return best


def _nearest_horizon(horizons: list[tuple[int, int, str, int]], trigger: Span) -> str | None:
    """The most specific horizon of the sentence (lowest rank), then the nearest to the words."""
    if not horizons:
        return None

    def distance(h: tuple[int, int, str, int]) -> int:
        return max(h[0] - trigger[1], trigger[0] - h[1], 0)

    return min(horizons, key=lambda h: (h[3], distance(h)))[2]


# ----------------------------------------------------------------------------------------------------- API


# a sentence's end: . ! ? (not after an initial: the D of "J.D."), closing quotes, then space; or a line break
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?…][\"”’')\]]*\s+|\n")


def _window(text: str, start: int, end: int) -> Span:
    """The sentences a span touches (looking at most 400 characters either side): a statement's estimate may
    be phrased just outside it ("Vance is not confident that [the parties will reach a settlement]")."""
    reach = 400
    left = max(0, start - reach)
    for m in _SENTENCE_END.finditer(text, left, start):
        left = m.end()
    found = _SENTENCE_END.search(text, end, min(len(text), end + reach))
    return left, found.start() + 1 if found else min(len(text), end + reach)


def find_likelihood(text: str, span: Span | None = None) -> list[Likelihood]:
    """The estimates of likelihood whose phrase overlaps `span` (the whole text by default), in text order."""
    start, end = span if span is not None else (0, len(text))
    start, end = max(0, start), min(len(text), end)
    if start >= end:
        return []
    lexicon = load_lexicon()
    w_start, w_end = _window(text, start, end) if span is not None else (0, len(text))
    if not lexicon.prefilter.search(text, w_start, w_end):
        return []
    tokens = tokenize(text, w_start, w_end)
    reader = _Reader(text, tokens, lexicon)
    for number, (s, e) in enumerate(sentences(text, tokens)):
        if tokens[e - 1].end > start and tokens[s].start < end:
            reader.read(number, s, e)
    found = [f.record for f in reader.found if f.record.span[0] < end and f.record.span[1] > start]
    return sorted(found, key=lambda r: r.span)
