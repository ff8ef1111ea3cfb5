"""Negotiations as data: one YAML file each (parties, actors, keywords, issue taxonomy)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from parley.errors import ConfigError
from parley.extract.actors import Actor, ActorRegistry


@dataclass(frozen=True, slots=True)
class Negotiation:
    id: str
    name: str
    parties: tuple[Actor, ...]
    actors: tuple[Actor, ...]
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _actor(entry: Any, where: str, default_kind: str) -> Actor:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ConfigError(f"{where}: every actor needs a name")
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ConfigError(f"{where}: aliases of {entry['name']} must be a list of strings")
    return Actor.new(
        entry["name"], entry.get("kind", default_kind), entry.get("role"), entry.get("affiliation"), aliases
    )


def parse_negotiation(data: Any, where: str) -> Negotiation:
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise ConfigError(f"{where}: a negotiation file needs an id")
    parties = tuple(_actor(p, where, "government") for p in data.get("parties") or [])
    actors = tuple(_actor(a, where, "person") for a in data.get("actors") or [])
    return Negotiation(data["id"], str(data.get("name") or data["id"]), parties, actors, data)


def read_negotiation(path: Path) -> Negotiation:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read negotiation file {path}: {exc}") from None
    return parse_negotiation(data, str(path))


@lru_cache(maxsize=1)
def builtin_negotiations() -> tuple[Negotiation, ...]:
    """The negotiations shipped with parley."""
    found = []
    for entry in sorted(files("parley.negotiations").iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            found.append(parse_negotiation(yaml.safe_load(entry.read_text(encoding="utf-8")), entry.name))
    return tuple(found)


def seed_registry(
    negotiations: Iterable[Negotiation], registry: ActorRegistry | None = None
) -> ActorRegistry:
    """A registry holding every party and actor the negotiations name."""
    registry = registry or ActorRegistry()
    for negotiation in negotiations:
        for actor in (*negotiation.parties, *negotiation.actors):
            registry.add(actor)
    return registry
