"""Negotiations as data: one YAML file each — parties, actors, the keywords that route an article to it,
a gazetteer of the places its issues are about, and additions to the issue taxonomy."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, get_args

import yaml

from parley.code.taxonomy import Issue, Taxonomy, default_taxonomy, parse_additions
from parley.errors import ConfigError
from parley.extract.actors import Actor, ActorRegistry
from parley.models import SpeakerKind

FILE_KEYS = frozenset(
    {"id", "name", "description", "period", "parties", "actors", "keywords", "places", "taxonomy"}
)
PLACE_KINDS = frozenset({"country", "region", "city", "area", "island", "sea", "facility", "site"})
MAX_KEYWORD_WEIGHT = 5.0
_PERIOD_END = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

Period = tuple[date | None, date | None]  # first and last day; None where open


@dataclass(frozen=True, slots=True)
class Keyword:
    """A word or phrase that points an article to the negotiation; specific names weigh more."""

    text: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Place:
    """A place the negotiation's issues are about, with its spelling variants. `issue` overrides what the
    taxonomy reads from its kind (a town known for a massacre is about `justice`)."""

    name: str
    kind: str = "region"
    aliases: tuple[str, ...] = ()
    issue: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Negotiation:
    id: str
    name: str
    parties: tuple[Actor, ...]
    actors: tuple[Actor, ...]
    keywords: tuple[Keyword, ...] = ()
    places: tuple[Place, ...] = ()
    period: Period = (None, None)
    issues: tuple[Issue, ...] = field(default=(), compare=False)  # taxonomy additions
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def taxonomy(self, base: Taxonomy | None = None) -> Taxonomy:
        """The default taxonomy (or `base`) with this negotiation's additions."""
        return (base or default_taxonomy()).extend(self.issues)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: aliases must be a list of strings")
    return tuple(v.strip() for v in value)


def _actor(entry: Any, where: str, default_kind: str) -> Actor:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ConfigError(f"{where}: every actor needs a name")
    kind = entry.get("kind", default_kind)
    if kind not in get_args(SpeakerKind):
        raise ConfigError(f"{where}: {entry['name']} has kind {kind!r}; use one of {get_args(SpeakerKind)}")
    aliases = _strings(entry.get("aliases"), f"{where}: {entry['name']}")
    return Actor.new(entry["name"], kind, entry.get("role"), entry.get("affiliation"), aliases)


def _keywords(value: Any, where: str) -> tuple[Keyword, ...]:
    """`{phrase: weight, …}`, or a list of phrases weighing 1 each."""
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(Keyword(k) for k in _strings(value, f"{where} keywords"))
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: keywords must map phrases to weights")
    found = []
    for text, weight in value.items():
        if not isinstance(text, str) or not text.strip():
            raise ConfigError(f"{where}: keyword {text!r} is not a phrase")
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not 0 < weight <= MAX_KEYWORD_WEIGHT
        ):
            raise ConfigError(f"{where}: keyword {text!r} needs a weight in (0, {MAX_KEYWORD_WEIGHT}]")
        found.append(Keyword(text.strip(), float(weight)))
    return tuple(found)


def _place(entry: Any, where: str, issue_ids: set[str]) -> Place:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ConfigError(f"{where}: every place needs a name")
    name, kind, issue = entry["name"], entry.get("kind", "region"), entry.get("issue")
    unknown = set(entry) - {"name", "kind", "aliases", "issue"}
    if unknown:
        raise ConfigError(f"{where}: place {name}: unknown keys {sorted(unknown)}")
    if kind not in PLACE_KINDS:
        raise ConfigError(f"{where}: place {name} has kind {kind!r}; use one of {sorted(PLACE_KINDS)}")
    if issue is not None and issue not in issue_ids:
        raise ConfigError(f"{where}: place {name} names an unknown issue {issue!r}")
    return Place(name, kind, _strings(entry.get("aliases"), f"{where}: place {name}"), issue)


def _period_end(text: str, where: str, last: bool) -> date | None:
    if not text:
        return None
    match = _PERIOD_END.match(text)
    if match is None:
        raise ConfigError(f"{where}: period ends must be YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}")
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if day:
            return date(year, int(month), int(day))
        if month:
            m = int(month)
            return date(year, m, calendar.monthrange(year, m)[1] if last else 1)
        return date(year, 12, 31) if last else date(year, 1, 1)
    except ValueError as exc:
        raise ConfigError(f"{where}: period {text!r}: {exc}") from None


def _period(value: Any, where: str) -> Period:
    """`2017-01/2017-03`, `2013/` (open end), `2022`: when the talks ran, to the day or month or year."""
    if value is None:
        return (None, None)
    text = str(value).strip()
    first, _, last = text.partition("/") if "/" in text else (text, "", text)
    period = (_period_end(first.strip(), where, False), _period_end(last.strip(), where, True))
    if period[0] and period[1] and period[0] > period[1]:
        raise ConfigError(f"{where}: period {text!r} ends before it starts")
    return period


def _list(value: Any, where: str, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(f"{where}: {what} must be a list")
    return value


def parse_negotiation(data: Any, where: str) -> Negotiation:
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise ConfigError(f"{where}: a negotiation file needs an id")
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)} (known: {sorted(FILE_KEYS)})")
    parties = tuple(_actor(p, where, "government") for p in _list(data.get("parties"), where, "parties"))
    actors = tuple(_actor(a, where, "person") for a in _list(data.get("actors"), where, "actors"))
    taxonomy = data.get("taxonomy") or {}
    if not isinstance(taxonomy, dict) or set(taxonomy) - {"issues"}:
        raise ConfigError(f"{where}: taxonomy must be a mapping with `issues`")
    base = default_taxonomy()
    issues = parse_additions(taxonomy.get("issues"), f"{where} taxonomy", base)
    issue_ids = set(base.ids) | {issue.id for issue in issues}
    places = tuple(_place(p, where, issue_ids) for p in _list(data.get("places"), where, "places"))
    return Negotiation(
        data["id"],
        str(data.get("name") or data["id"]),
        parties,
        actors,
        _keywords(data.get("keywords"), where),
        places,
        _period(data.get("period"), where),
        issues,
        data,
    )


def read_negotiation(path: Path) -> Negotiation:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read negotiation file {path}: {exc}") from None
    return parse_negotiation(data, str(path))


def _yaml_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())
    if not path.exists():
        raise ConfigError(f"negotiation file or folder not found: {path}")
    return [path]


def load_negotiations(paths: Iterable[str | Path]) -> tuple[Negotiation, ...]:
    """The negotiations in these files and folders (every .yaml/.yml file of a folder), in order."""
    found: dict[str, Negotiation] = {}
    for given in paths:
        for path in _yaml_files(Path(given)):
            negotiation = read_negotiation(path)
            if negotiation.id in found:
                raise ConfigError(f"{path}: negotiation id {negotiation.id!r} is defined twice")
            found[negotiation.id] = negotiation
    return tuple(found.values())


@lru_cache(maxsize=1)
def builtin_negotiations() -> tuple[Negotiation, ...]:
    """The negotiations shipped with parley."""
    found = []
    for entry in sorted(files("parley.negotiations").iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            try:
                data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                raise ConfigError(f"negotiation file {entry.name}: {exc}") from None
            found.append(parse_negotiation(data, entry.name))
    return tuple(found)


def all_negotiations(paths: Iterable[str | Path] = ()) -> tuple[Negotiation, ...]:
    """The built-in negotiations and the user's; a user file with a built-in id replaces it."""
    mine = {n.id: n for n in load_negotiations(paths)}
    builtin = tuple(n for n in builtin_negotiations() if n.id not in mine)
    return builtin + tuple(mine.values())


def seed_registry(
    negotiations: Iterable[Negotiation], registry: ActorRegistry | None = None
) -> ActorRegistry:
    """A registry holding every party and actor the negotiations name."""
    registry = registry or ActorRegistry()
    for negotiation in negotiations:
        for actor in (*negotiation.parties, *negotiation.actors):
            registry.add(actor)
    return registry
