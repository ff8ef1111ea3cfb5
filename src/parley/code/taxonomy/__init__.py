"""The issue taxonomy as data: issue ids with a label, a definition and the words that signal them
(`default.yaml`), the rules that read places, and the weights the tagger scores with. A negotiation file
may add words to a default issue or add issues of its own (`Taxonomy.extend`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml

from parley.errors import ConfigError

DEFAULT_IDS = (
    "territory",
    "ceasefire",
    "security_guarantees",
    "nuclear_and_infrastructure",
    "maritime",
    "humanitarian",
    "population_rights",
    "governance",
    "sanctions_economy",
    "reconstruction",
    "justice",
    "implementation",
    "process",
)

# Keys a token pattern may use: spaCy's Matcher keys that need no parse (parley matches on the tokenizer's
# output), plus LEMMA, which the tagger turns into the word's inflected forms.
PATTERN_KEYS = frozenset(
    {"LEMMA", "LOWER", "ORTH", "TEXT", "IS_PUNCT", "IS_DIGIT", "LIKE_NUM", "IS_TITLE", "OP"}
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words in lemma form ("withdraw troop"); they match any inflection ("withdrew troops")."""

    text: str
    weight: float


@dataclass(frozen=True, slots=True)
class TokenPattern:
    """A spaCy `Matcher` pattern, for what a phrase cannot say (optional words, alternatives, context)."""

    tokens: tuple[Mapping[str, Any], ...]
    weight: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class Issue:
    id: str
    label: str
    definition: str
    phrases: tuple[Phrase, ...] = ()
    patterns: tuple[TokenPattern, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceKind:
    """What naming a place of this kind alone says: about which issue, how strongly."""

    issue: str
    weight: float


@dataclass(frozen=True, slots=True)
class Qualifier:
    """Words that, next to a place, make it name a facility ("Zaporizhzhia plant", "the port of Odesa")."""

    issue: str
    weight: float
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlaceRules:
    window: int  # tokens between a place and a control word, within one sentence
    control_words: tuple[str, ...]  # lemmas: control, withdraw, annex, cede, …
    country_links: tuple[str, ...]  # words allowed between a control word and a country it governs
    qualifiers: tuple[Qualifier, ...]  # words that make a place name a facility, with its issue
    controlled: PlaceKind  # a place with a control word
    kinds: Mapping[str, PlaceKind]  # a place named alone, by its kind; "default" for the rest

    def for_kind(self, kind: str) -> PlaceKind:
        return self.kinds.get(kind) or self.kinds["default"]


@dataclass(frozen=True, slots=True)
class Weights:
    statement: float  # evidence inside the statement
    sentence: float  # in its sentence, outside the statement
    context: float  # in the nearby sentences
    weak: float  # a `weak` phrase: words that frame more often than they name an issue
    keep: float  # an issue is kept from this score …
    relative: float  # … and when it reaches this share of the best issue's score


@dataclass(frozen=True, slots=True)
class Taxonomy:
    issues: tuple[Issue, ...]
    places: PlaceRules
    weights: Weights
    version: str = "1"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(issue.id for issue in self.issues)

    def get(self, issue_id: str) -> Issue:
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise KeyError(issue_id)

    def extend(self, additions: Iterable[Issue]) -> Taxonomy:
        """This taxonomy with more words for existing issues and new issues appended (in their order)."""
        issues = {issue.id: issue for issue in self.issues}
        for extra in additions:
            known = issues.get(extra.id)
            if known is None:
                issues[extra.id] = extra
            else:
                issues[extra.id] = replace(
                    known,
                    phrases=tuple(dict.fromkeys(known.phrases + extra.phrases)),
                    patterns=known.patterns + extra.patterns,
                )
        return replace(self, issues=tuple(issues.values()))


# --- parsing ------------------------------------------------------------------------------------------


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(f"{where}: a weight must be a number between 0 and 1, not {value!r}")
    return float(value)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: expected a list of words or phrases")
    return tuple(v.strip() for v in value)


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping")
    return value


def _pattern(entry: Any, where: str, default_weight: float) -> TokenPattern:
    entry = _mapping(entry, where)
    tokens = entry.get("pattern")
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, dict) for t in tokens):
        raise ConfigError(f"{where}: a pattern needs `pattern`, a list of token mappings")
    for token in tokens:
        unknown = set(token) - PATTERN_KEYS
        if unknown:
            raise ConfigError(
                f"{where}: unknown token keys {sorted(unknown)} (allowed: {sorted(PATTERN_KEYS)})"
            )
    weight = _number(entry.get("weight", default_weight), where)
    return TokenPattern(tuple(tokens), weight, str(entry.get("note", "")))


def parse_issue(entry: Any, where: str, weak: float, *, require_text: bool = True) -> Issue:
    """One issue entry. `require_text` is False for additions to a known issue, which need only words."""
    entry = _mapping(entry, where)
    issue_id = entry.get("id")
    if not isinstance(issue_id, str) or not issue_id.isidentifier() or issue_id != issue_id.lower():
        raise ConfigError(f"{where}: an issue needs an id in lower_snake_case, not {issue_id!r}")
    where = f"{where} [{issue_id}]"
    label, definition = entry.get("label"), entry.get("definition")
    if require_text and not (isinstance(label, str) and isinstance(definition, str)):
        raise ConfigError(f"{where}: a new issue needs a label and a definition")
    unknown = set(entry) - {"id", "label", "definition", "phrases", "weak", "patterns"}
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    phrases = tuple(Phrase(p, 1.0) for p in _strings(entry.get("phrases"), f"{where} phrases"))
    phrases += tuple(Phrase(p, weak) for p in _strings(entry.get("weak"), f"{where} weak"))
    raw_patterns = entry.get("patterns") or []
    if not isinstance(raw_patterns, list):
        raise ConfigError(f"{where}: patterns must be a list")
    patterns = tuple(_pattern(p, f"{where} pattern {i + 1}", 1.0) for i, p in enumerate(raw_patterns))
    return Issue(issue_id, str(label or issue_id), str(definition or ""), phrases, patterns)


def parse_additions(value: Any, where: str, base: Taxonomy) -> tuple[Issue, ...]:
    """Issues a negotiation file adds to `base`: words for its issues, or new issues with a label and a
    definition."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ConfigError(f"{where}: `issues` must be a list")
    known = set(base.ids)
    return tuple(
        parse_issue(
            entry,
            f"{where} issue {i + 1}",
            base.weights.weak,
            require_text=not (isinstance(entry, dict) and entry.get("id") in known),
        )
        for i, entry in enumerate(value)
    )


def _place_kind(value: Any, where: str) -> PlaceKind:
    value = _mapping(value, where)
    if not isinstance(value.get("issue"), str):
        raise ConfigError(f"{where}: needs an issue")
    return PlaceKind(value["issue"], _number(value.get("weight"), where))


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: expected a list")
    return value


def _qualifier(value: Any, where: str) -> Qualifier:
    kind = _place_kind(value, where)
    return Qualifier(kind.issue, kind.weight, _strings(_mapping(value, where).get("words"), f"{where} words"))


def _place_rules(value: Any, where: str) -> PlaceRules:
    value = _mapping(value, where)
    window = value.get("window")
    if not isinstance(window, int) or window < 1:
        raise ConfigError(f"{where}: window must be a positive number of tokens")
    kinds = {k: _place_kind(v, f"{where} kinds.{k}") for k, v in _mapping(value.get("kinds"), where).items()}
    if "default" not in kinds:
        raise ConfigError(f"{where}: kinds needs a `default` entry")
    return PlaceRules(
        window,
        _strings(value.get("control_words"), f"{where} control_words"),
        _strings(value.get("country_links"), f"{where} country_links"),
        tuple(_qualifier(q, f"{where} qualifiers") for q in _list(value.get("qualifiers"), where)),
        _place_kind(value.get("controlled"), f"{where} controlled"),
        kinds,
    )


def parse_taxonomy(data: Any, where: str) -> Taxonomy:
    data = _mapping(data, where)
    raw_weights = _mapping(data.get("weights"), f"{where} weights")
    weights = Weights(
        **{f.name: _number(raw_weights.get(f.name), f"{where} weights.{f.name}") for f in fields(Weights)}
    )
    entries = data.get("issues")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{where}: `issues` must be a non-empty list")
    issues = tuple(parse_issue(e, f"{where} issue {i + 1}", weights.weak) for i, e in enumerate(entries))
    ids = [issue.id for issue in issues]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{where}: issue ids repeat")
    rules = _place_rules(data.get("places"), f"{where} places")
    named = [
        rules.controlled.issue,
        *(q.issue for q in rules.qualifiers),
        *(k.issue for k in rules.kinds.values()),
    ]
    for issue_id in named:
        if issue_id not in ids:
            raise ConfigError(f"{where} places: unknown issue {issue_id!r}")
    return Taxonomy(issues, rules, weights, str(data.get("version", "1")))


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The taxonomy shipped with parley; its ids are those of DESIGN.md, in that order."""
    text = files("parley.code.taxonomy").joinpath("default.yaml").read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"taxonomy default.yaml: {exc}") from None
    taxonomy = parse_taxonomy(data, "taxonomy default.yaml")
    if taxonomy.ids != DEFAULT_IDS:
        raise ConfigError(f"taxonomy default.yaml: the ids must be those of DESIGN.md: {DEFAULT_IDS}")
    return taxonomy
