"""Which issues a statement is about, with a score and the words that say so.

The statement's own words count most, then the rest of its sentence, then the nearby sentences (weights in
the taxonomy file): a quote that only says "we will never accept this" takes its issue from its sentence.
Phrases and token patterns are data (`taxonomy/*.yaml`, negotiation files); they are matched on the
tokenizer's output (LOWER, with lemmas expanded to their inflections by `Inflector`), so tagging parses
nothing: no tagger, parser or NER. Places come from the negotiations' gazetteers and are read with two rules:
a place near a control word ("control over Donetsk") is a territorial question, a place followed by a
qualifying word ("the Zaporizhzhya nuclear facility", "the port of Odesa") is about the facility."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any

from rapidfuzz import fuzz, process
from unidecode import unidecode

from parley.code.inflect import Inflector
from parley.code.taxonomy import Issue, Taxonomy, TokenPattern, default_taxonomy
from parley.errors import ConfigError
from parley.models import Span
from parley.negotiations import Negotiation, Place

TAGGER_VERSION = "issues/1"

MAX_VARIANTS = 256  # inflected spellings of one phrase; past it only the last word is inflected
FUZZY_MIN = 88.0  # rapidfuzz ratio from which an unlisted spelling is a gazetteer place ("Zaporozhzhia")
FUZZY_MIN_LENGTH = 6  # shorter names are too close to other words (Iran/Iraq, Hama/Gaza)

# Sentence ends, read without a parser: ". " before a capital, a digit or an opening quote; a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+")
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sen", "rep", "gov", "prof", "jr", "sr", "no", "vs",
    "adm", "capt", "sgt", "maj", "rev", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec",
})  # fmt: skip
_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")  # "J.D", "U.S": the period is not a sentence end
_SKIP_AFTER_PLACE = frozenset({"]", ")", "'s", "’s", "'", "’", '"', "”"})
_BEFORE_PLACE = frozenset({"in", "at", "near", "of"})


@dataclass(frozen=True, slots=True)
class IssueTag:
    id: str
    score: float
    evidence: tuple[str, ...]  # the words that triggered it, strongest first
    spans: tuple[Span, ...]  # where each piece of evidence is in the article text

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": self.score,
            "evidence": list(self.evidence),
            "spans": [list(s) for s in self.spans],
        }


@dataclass(frozen=True, slots=True)
class _Hit:
    issue: str
    weight: float
    start: int  # characters, into the article text
    end: int
    text: str


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of `text` begins (0 first), from punctuation and line breaks alone."""
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        if "\n" not in match.group():
            before = text[max(0, match.start() - 24) : match.start()].split()
            word = before[-1].rstrip(".!?") if before else ""
            if word.lower() in _ABBREVIATIONS or _INITIALS.fullmatch(word):
                continue
        starts.append(match.end())
    return starts


class _Terms:
    """The phrase and token-pattern matchers of some issues, with the (issue, weight) of each match key.

    The default taxonomy's are large (every inflected spelling of every phrase is a Doc: about 50 MB) and
    the same for every negotiation, so they are built once per process and shared; a negotiation's own
    additions get a small set of their own. Matching the two sets one after the other finds what one set
    built from all the issues would: matches are all reported, and `_resolve` removes a duplicate."""

    def __init__(self, issues: Iterable[Issue], nlp: Any, inflector: Inflector) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.nlp = nlp
        self.inflector = inflector
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._patterns = Matcher(nlp.vocab, validate=True)
        self._keys: dict[int, tuple[str, float]] = {}
        for issue in issues:
            for phrase in issue.phrases:
                self._add_phrase(issue.id, phrase.text, phrase.weight)
            for i, pattern in enumerate(issue.patterns):
                self._add_pattern(issue.id, i, pattern)

    def __call__(self, doc: Any) -> Iterable[tuple[str, float, Any]]:
        """(issue, weight, matched span) for every match in `doc`."""
        matchers = [m for m in (self._phrases, self._patterns) if len(m)]  # an empty one warns when called
        for key, begin, end in [match for matcher in matchers for match in matcher(doc)]:
            yield (*self._keys[key], doc[begin:end])

    def _add_phrase(self, issue: str, phrase: str, weight: float) -> None:
        words = [t.text for t in self.nlp.make_doc(phrase)]
        options = [sorted(self.inflector.forms(w)) for w in words]
        if _count(options) > MAX_VARIANTS:
            options = [[w.lower()] for w in words[:-1]] + [options[-1]]
        from spacy.tokens import Doc

        key = f"{issue}|{weight}"
        self._keys[self.nlp.vocab.strings.add(key)] = (issue, weight)
        self._phrases.add(key, [Doc(self.nlp.vocab, words=list(v)) for v in product(*options)])

    def _add_pattern(self, issue: str, index: int, pattern: TokenPattern) -> None:
        key = f"{issue}|{pattern.weight}|pattern{index}"
        self._keys[self.nlp.vocab.strings.add(key)] = (issue, pattern.weight)
        tokens = [self._lower_token(token) for token in pattern.tokens]
        try:
            self._patterns.add(key, [tokens])
        except ValueError as exc:  # spaCy's MatchPatternError is a ValueError
            raise ConfigError(
                f"issue {issue}: pattern {index + 1} is not a valid Matcher pattern: {exc}"
            ) from None

    def _lower_token(self, token: Mapping[str, Any]) -> dict[str, Any]:
        """A token pattern with LEMMA turned into LOWER over the lemma's inflections."""
        out = {k: v for k, v in token.items() if k != "LEMMA"}
        if "LEMMA" not in token:
            return out
        value = token["LEMMA"]
        if isinstance(value, str):
            out["LOWER"] = {"IN": sorted(self.inflector.forms(value))}
        elif isinstance(value, dict) and set(value) <= {"IN", "NOT_IN"}:
            out["LOWER"] = {
                op: sorted(set().union(*(self.inflector.forms(str(w)) for w in words)))
                for op, words in value.items()
            }
        else:
            raise ConfigError(f"LEMMA takes a word or {{IN: [...]}} / {{NOT_IN: [...]}}, not {value!r}")
        return out


# (taxonomy, model) -> their matchers, for the taxonomies taggers are built on (the objects are kept alive
# with their matchers, so their ids stay theirs).
_SHARED_TERMS: dict[tuple[int, int], tuple[Taxonomy, Any, _Terms]] = {}


def _shared_terms(taxonomy: Taxonomy, nlp: Any) -> _Terms:
    key = (id(taxonomy), id(nlp))
    if key not in _SHARED_TERMS:
        _SHARED_TERMS[key] = (taxonomy, nlp, _Terms(taxonomy.issues, nlp, Inflector(nlp)))
    return _SHARED_TERMS[key][2]


class IssueTagger:
    """Built once (matchers compiled from the taxonomy and the gazetteer); `tag` is then pure per call."""

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        places: Iterable[Place] = (),
        nlp: Any = None,
        terms: tuple[_Terms, ...] | None = None,
    ) -> None:
        """`terms`: the matchers of the taxonomy's issues, when the caller has them (shared); by default
        they are built here from `taxonomy`."""
        if nlp is None:
            from parley.extract.nlp import load_model

            nlp = load_model()
        from spacy.matcher import PhraseMatcher

        self.taxonomy = taxonomy or default_taxonomy()
        self.nlp = nlp
        self.inflector = terms[0].inflector if terms else Inflector(nlp)
        self.version = f"{TAGGER_VERSION}+taxonomy{self.taxonomy.version}"
        self._terms = terms if terms is not None else (_Terms(self.taxonomy.issues, nlp, self.inflector),)
        rules = self.taxonomy.places
        self._control = frozenset().union(*(self.inflector.forms(w) for w in rules.control_words))
        self._qualifiers = {
            form: (q.issue, q.weight)
            for q in rules.qualifiers
            for w in q.words
            for form in self.inflector.forms(w)
        }
        self._links = frozenset(w.lower() for w in rules.country_links)
        self._places: list[Place] = []
        self._place_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._lowercase_names: set[str] = set()
        self._fuzzy: dict[str, int] = {}
        self._last: tuple[str, list[int]] | None = None
        for place in places:
            self._add_place(place)

    @classmethod
    def for_negotiations(
        cls, negotiations: Iterable[Negotiation], nlp: Any = None, taxonomy: Taxonomy | None = None
    ) -> IssueTagger:
        """A tagger with the default taxonomy (or `taxonomy`), the negotiations' additions and places."""
        if nlp is None:
            from parley.extract.nlp import load_model

            nlp = load_model()
        negotiations = tuple(negotiations)
        base = taxonomy or default_taxonomy()
        additions = tuple(issue for n in negotiations for issue in n.issues)
        shared = _shared_terms(base, nlp)
        terms = (shared, _Terms(additions, nlp, shared.inflector)) if additions else (shared,)
        places = (place for n in negotiations for place in n.places)
        return cls(base.extend(additions), places, nlp, terms)

    # --- building -------------------------------------------------------------------------------------

    def _add_place(self, place: Place) -> None:
        index = len(self._places)
        self._places.append(place)
        key = f"place|{index}"
        self._place_matcher.add(key, [self.nlp.make_doc(name) for name in place.names])
        for name in place.names:
            if name[:1].islower():
                self._lowercase_names.add(name.lower())
            folded = unidecode(name).lower()
            if " " not in folded and len(folded) >= FUZZY_MIN_LENGTH:
                self._fuzzy.setdefault(folded, index)

    # --- tagging --------------------------------------------------------------------------------------

    def tag(self, text: str, span: Span, context: Span | None = None) -> list[IssueTag]:
        """The issues of the statement `text[span[0]:span[1]]`, in taxonomy order. `context` is the stretch
        of text to read around it (by default the sentence before and the sentence after its own)."""
        starts = self._starts(text)
        first = bisect.bisect_right(starts, span[0]) - 1
        last = max(first, bisect.bisect_left(starts, span[1]) - 1)
        sentence = (starts[first], _start(starts, last + 1, len(text)))
        if context is None:
            context = (starts[max(0, first - 1)], _start(starts, last + 2, len(text)))
        window = (min(context[0], sentence[0]), max(context[1], sentence[1]))
        doc = self.nlp.make_doc(text[window[0] : window[1]])
        hits = self._resolve(self._match(doc, window[0], starts))
        # Weight-0 matches have done their work (masking what they contain); they are no evidence.
        return self._select([h for h in hits if h.weight > 0], span, sentence)

    def _starts(self, text: str) -> list[int]:
        # Statements of one article come one after another: keep the last text's sentence starts.
        if self._last is None or self._last[0] is not text:
            self._last = (text, sentence_starts(text))
        return self._last[1]

    def _match(self, doc: Any, offset: int, starts: list[int]) -> list[_Hit]:
        hits = [
            _Hit(issue, weight, offset + piece.start_char, offset + piece.end_char, piece.text)
            for terms in self._terms
            for issue, weight, piece in terms(doc)
        ]
        hits.extend(self._place_hits(doc, offset, starts))
        return hits

    def _place_hits(self, doc: Any, offset: int, starts: list[int]) -> list[_Hit]:
        from spacy.util import filter_spans

        rules = self.taxonomy.places
        found = []
        for key, begin, end in self._place_matcher(doc):
            piece = doc[begin:end]
            if piece.text[:1].isupper() or piece.text.lower() in self._lowercase_names:
                found.append((piece, self._places[int(self.nlp.vocab.strings[key].split("|")[1])]))
        taken = {i for piece, _ in found for i in range(piece.start, piece.end)}
        found.extend(self._fuzzy_places(doc, taken))
        spans = {(p.start, p.end): place for p, place in found}
        hits = []
        for piece in filter_spans([p for p, _ in found]):
            place = spans[(piece.start, piece.end)]
            at = (offset + piece.start_char, offset + piece.end_char)
            qualified = self._qualifier(doc, piece) if place.kind != "facility" else None
            if qualified is not None:
                hits.append(_Hit(*qualified, *at, piece.text))
                continue
            kind = rules.for_kind(place.kind)
            hits.append(_Hit(place.issue or kind.issue, kind.weight, *at, piece.text))
            if place.kind == "facility" or (place.issue and place.issue != rules.controlled.issue):
                continue
            word = (
                self._governing_word(doc, piece)
                if place.kind == "country"
                else self._control_word(doc, piece, offset, starts)
            )
            if word is not None:
                begin, end = sorted((word, piece), key=lambda s: s.start)
                hits.append(
                    _Hit(
                        rules.controlled.issue,
                        rules.controlled.weight,
                        offset + begin.start_char,
                        offset + end.end_char,
                        f"{word.text} … {piece.text}",
                    )
                )
        return hits

    def _fuzzy_places(self, doc: Any, taken: set[int]) -> list[tuple[Any, Place]]:
        if not self._fuzzy:
            return []
        found = []
        for token in doc:
            if token.i in taken or not token.is_title or len(token) < FUZZY_MIN_LENGTH:
                continue
            best = process.extractOne(
                unidecode(token.text).lower(), self._fuzzy.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_MIN
            )
            if best is not None:
                found.append((doc[token.i : token.i + 1], self._places[self._fuzzy[best[0]]]))
        return found

    def _qualifier(self, doc: Any, piece: Any) -> tuple[str, float] | None:
        """The issue and weight of the facility a place names ("Zaporizhzhya] nuclear facility", "the port
        of Odesa"), if it names one."""
        i = piece.end
        while i < len(doc) and doc[i].text in _SKIP_AFTER_PLACE:
            i += 1
        if i < len(doc) and doc[i].lower_ in self._qualifiers:
            return self._qualifiers[doc[i].lower_]
        j = piece.start - 1
        if j >= 0 and doc[j].lower_ == "the":
            j -= 1
        if j >= 1 and doc[j].lower_ in _BEFORE_PLACE:
            return self._qualifiers.get(doc[j - 1].lower_)
        return None

    def _control_word(self, doc: Any, piece: Any, offset: int, starts: list[int]) -> Any:
        """The nearest control word within the window, in the place's sentence."""
        window = self.taxonomy.places.window
        sentence = bisect.bisect_right(starts, offset + piece.start_char)
        best = None
        for i in range(max(0, piece.start - window), min(len(doc), piece.end + window)):
            if piece.start <= i < piece.end or doc[i].lower_ not in self._control:
                continue
            if bisect.bisect_right(starts, offset + doc[i].idx) != sentence:
                continue
            distance = piece.start - i if i < piece.start else i - piece.end
            if best is None or distance < best[0]:
                best = (distance, doc[i : i + 1])
        return best[1] if best else None

    def _governing_word(self, doc: Any, piece: Any) -> Any:
        """The control word that governs a country: before it, with only linking words between."""
        i = piece.start - 1
        while (
            i >= 0
            and (doc[i].lower_ in self._links or doc[i].is_punct)
            and piece.start - i <= self.taxonomy.places.window
        ):
            i -= 1
        return doc[i : i + 1] if i >= 0 and doc[i].lower_ in self._control else None

    @staticmethod
    def _resolve(hits: list[_Hit]) -> list[_Hit]:
        """Per issue, a match inside a longer one gives way to it (the longer is the more specific), and of
        two matches on the same words the heavier stays."""
        by_issue: dict[str, list[_Hit]] = defaultdict(list)
        for hit in hits:
            by_issue[hit.issue].append(hit)
        kept = []
        for group in by_issue.values():
            for hit in group:
                if not any(_overrides(other, hit) for other in group if other is not hit):
                    kept.append(hit)
        return kept

    def _select(self, hits: list[_Hit], span: Span, sentence: Span) -> list[IssueTag]:
        weights = self.taxonomy.weights
        evidence: dict[str, dict[str, tuple[float, Span, bool]]] = defaultdict(dict)
        for hit in hits:
            if span[0] <= hit.start and hit.end <= span[1]:
                factor = weights.statement
            elif sentence[0] <= hit.start and hit.end <= sentence[1]:
                factor = weights.sentence
            else:
                factor = weights.context
            value = hit.weight * factor
            key = hit.text.lower()
            known = evidence[hit.issue].get(key)
            if known is None or value > known[0]:
                evidence[hit.issue][key] = (value, (hit.start, hit.end), hit.weight > weights.weak)
        scores = {issue: _score(found) for issue, found in evidence.items()}
        if not scores:
            return []
        best = max(scores.values())
        floor = max(weights.keep, weights.relative * best)
        tags = []
        for issue_id in self.taxonomy.ids:
            score = scores.get(issue_id, 0.0)
            if score < floor:
                continue
            ranked = sorted(evidence[issue_id].items(), key=lambda kv: (-kv[1][0], kv[1][1]))
            tags.append(
                IssueTag(
                    issue_id,
                    round(score, 3),
                    tuple(text for text, _ in ranked),
                    tuple(found[1] for _, found in ranked),
                )
            )
        return tags


def _count(options: list[list[str]]) -> int:
    total = 1
    for option in options:
        total *= len(option)
    return total


def _start(starts: list[int], index: int, length: int) -> int:
    return starts[index] if index < len(starts) else length


def _overrides(other: _Hit, hit: _Hit) -> bool:
    if (other.start, other.end) == (hit.start, hit.end):
        return other.weight > hit.weight or (other.weight == hit.weight and id(other) < id(hit))
    return other.start <= hit.start and hit.end <= other.end


def _score(found: Mapping[str, tuple[float, Span, bool]]) -> float:
    """Independent cues add up (noisy-OR); framing words never add up, and count as one weak cue at most."""
    remaining, weak = 1.0, 0.0
    for value, _, strong in found.values():
        if strong:
            remaining *= 1.0 - value
        else:
            weak = max(weak, value)
    return max(1.0 - remaining, weak)


@lru_cache(maxsize=8)
def issue_tagger(negotiations: tuple[Negotiation, ...] = ()) -> IssueTagger:
    """A tagger for these negotiations, built once per process (the model is shared with extraction)."""
    return IssueTagger.for_negotiations(negotiations)
