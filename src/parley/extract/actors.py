"""The actor registry: canonical actors (people, organisations, governments) with their aliases, roles and
affiliations. Spelling and transliteration variants resolve to one actor (unidecode + rapidfuzz), guarded
against merging different people who share a surname ("Donald Trump" is not "Eric Trump")."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

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
        for alias in (actor.name, *actor.aliases):
            self._by_alias[normalise_name(alias)] = actor.id
        if actor.kind == "person":
            self._by_surname.setdefault(surname(actor.name), set()).add(actor.id)
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
            # a surname spelt another way ("Zelenskiy" for Zelenskyy): the closest surname, if only one
            scored = sorted(((fuzz.ratio(name, key), name) for name in self._by_surname), reverse=True)
            if (
                scored
                and scored[0][0] >= FUZZY_MIN
                and len(self._by_surname[scored[0][1]]) == 1
                and (len(scored) == 1 or scored[1][0] < scored[0][0])
            ):
                return self.actors[next(iter(self._by_surname[scored[0][1]]))]
        best: tuple[float, str] | None = None
        for alias, ident in self._by_alias.items():
            if abs(len(alias) - len(key)) > 3:
                continue
            ratio = fuzz.ratio(alias, key)
            if ratio >= FUZZY_MIN and (best is None or ratio > best[0]):
                actor = self.actors[ident]
                if actor.kind != "person" or same_person(alias, key):
                    best = (ratio, ident)
        return self.actors[best[1]] if best else None

    def copy(self) -> ActorRegistry:
        snapshot = ActorRegistry()
        for actor in self.actors.values():
            snapshot.add(actor)
        return snapshot

    def __len__(self) -> int:
        return len(self.actors)
