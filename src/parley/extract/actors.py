"""The actor registry: canonical actors (people, organisations, governments) with their aliases, roles and
affiliations. Spelling and transliteration variants resolve to one actor (unidecode + rapidfuzz), guarded
against merging different people who share a surname ("Donald Trump" is not "Eric Trump")."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from parley.extract.names import given_names, normalise_name, strip_titles, surname
from parley.models import SpeakerKind

FUZZY_MIN = 88.0  # rapidfuzz ratio (0–100) from which two spellings are one name


def actor_id(name: str, kind: str) -> str:
    return "act_" + hashlib.sha256(f"{kind}:{normalise_name(name)}".encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: SpeakerKind = "person"
    role: str | None = None
    affiliation: str | None = None
    aliases: tuple[str, ...] = ()

    @classmethod
    def new(
        cls,
        name: str,
        kind: SpeakerKind = "person",
        role: str | None = None,
        affiliation: str | None = None,
        aliases: Iterable[str] = (),
    ) -> Actor:
        return cls(actor_id(name, kind), name, kind, role, affiliation, tuple(dict.fromkeys(aliases)))


def same_person(a: str, b: str) -> bool:
    """Whether two spellings can name one person: close enough as strings, and no conflict between their
    given names (an initial matches a name that starts with it)."""
    na, nb = normalise_name(strip_titles(a)), normalise_name(strip_titles(b))
    if na == nb:
        return True
    sa, sb = surname(a), surname(b)
    if fuzz.ratio(sa, sb) < FUZZY_MIN:
        return False
    ga, gb = given_names(a), given_names(b)
    if ga and gb:
        first_a, first_b = ga[0], gb[0]
        if not (
            first_a.startswith(first_b) or first_b.startswith(first_a) or fuzz.ratio(first_a, first_b) >= 80
        ):
            return False
    return True


@dataclass(slots=True)
class ActorRegistry:
    actors: dict[str, Actor] = field(default_factory=dict)
    _by_alias: dict[str, str] = field(default_factory=dict)
    _by_surname: dict[str, set[str]] = field(default_factory=dict)
    # the keys of the two maps in their order, for rapidfuzz's batch scoring (a registry grows to tens of
    # thousands of names in a long run; scoring them one by one in Python was most of the writer's time)
    _aliases: list[str] = field(default_factory=list)
    _surnames: list[str] = field(default_factory=list)
    # when a list, every actor added, as stored: replaying these adds in order on a copy of the registry
    # gives this registry (how writers on several machines keep the one registry a serial run grows)
    journal: list[Actor] | None = None

    def add(self, actor: Actor) -> Actor:
        existing = self.actors.get(actor.id)
        if existing is not None:
            actor = replace(
                existing,
                role=existing.role or actor.role,
                affiliation=existing.affiliation or actor.affiliation,
                aliases=tuple(dict.fromkeys(existing.aliases + actor.aliases)),
            )
        self.actors[actor.id] = actor
        if self.journal is not None:
            self.journal.append(actor)
        for alias in (actor.name, *actor.aliases):
            key = normalise_name(alias)
            if key not in self._by_alias:
                self._aliases.append(key)
            self._by_alias[key] = actor.id
        if actor.kind == "person":
            family = surname(actor.name)
            if family not in self._by_surname:
                self._surnames.append(family)
            self._by_surname.setdefault(family, set()).add(actor.id)
        return actor

    def find(self, name: str) -> Actor | None:
        """The actor `name` refers to: an alias, a unique surname, or a close spelling of one."""
        key = normalise_name(strip_titles(name))
        if not key:
            return None
        found = self._by_alias.get(key) or self._by_alias.get(normalise_name(name))
        if found:
            return self.actors[found]
        if " " not in key:
            ids = self._by_surname.get(key, set())
            if len(ids) == 1:
                return self.actors[next(iter(ids))]
            if len(ids) > 1:
                return None  # "Trump" with two Trumps known: ambiguous, not a guess
            # a surname spelt another way ("Zelenskiy" for Zelenskyy): the closest surname, if it is the only
            # one that close and one person has it
            close = _close(key, self._surnames)
            if close and (len(close) == 1 or close[1][0] < close[0][0]):
                ids = self._by_surname[self._surnames[close[0][1]]]
                if len(ids) == 1:
                    return self.actors[next(iter(ids))]
        # the closest spelling of a known name (the first known, of equals) that can be the same person
        for _, index in _close(key, self._aliases):
            alias = self._aliases[index]
            if abs(len(alias) - len(key)) > 3:
                continue
            actor = self.actors[self._by_alias[alias]]
            if actor.kind != "person" or same_person(alias, key):
                return actor
        return None

    @classmethod
    def of(cls, actors: Iterable[Actor]) -> ActorRegistry:
        """A registry holding `actors`, added in the order given."""
        registry = cls()
        for actor in actors:
            registry.add(actor)
        return registry

    def copy(self) -> ActorRegistry:
        return ActorRegistry.of(self.actors.values())

    def __len__(self) -> int:
        return len(self.actors)


def _close(key: str, names: list[str]) -> list[tuple[float, int]]:
    """(ratio, index) of the names within FUZZY_MIN of `key`, closest first, then in the order given."""
    found = process.extract(key, names, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN, limit=None)
    return sorted(((score, index) for _, score, index in found), key=lambda f: (-f[0], f[1]))
