"""Which party of a negotiation a statement or a move belongs to.

A speaker or holder belongs to a party when it *is* that party (its actor id, name or one of the party's
aliases: "Kremlin" → Russia), else when its affiliation names the party ("Ukraine", "Government of
Ukraine"); otherwise to none. Nothing is guessed from nationality words ("Russian") the negotiation file
does not list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parley.errors import NotFoundError
from parley.extract.names import normalise_name
from parley.negotiations import Negotiation, all_negotiations


def find_negotiation(negotiation_id: str) -> Negotiation:
    """A negotiation parley knows, by id."""
    for negotiation in all_negotiations():
        if negotiation.id == negotiation_id:
            return negotiation
    known = ", ".join(n.id for n in all_negotiations())
    raise NotFoundError(f"no negotiation {negotiation_id!r} (known: {known})")


def _key(name: str) -> str:
    return normalise_name(re.sub(r"^the\s+", "", name.strip(), flags=re.I))


def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the names as whole words; short ones ("US") only in their own case, not the pronoun "us"."""
    parts = [
        re.escape(n) if len(n) <= 3 else "(?i:" + re.escape(n) + ")"
        for n in sorted(set(names), key=len, reverse=True)
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


@dataclass(frozen=True, slots=True)
class Parties:
    """The parties of one negotiation, and the names that point to them."""

    names: tuple[str, ...]  # in the negotiation file's order
    by_key: dict[str, str]  # normalised name or alias → party name
    by_id: dict[str, str]  # actor id → party name
    inner: dict[str, str]  # the keys an affiliation may contain: names, and aliases of several words
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # each party's names, to find them in a text

    @classmethod
    def of(cls, negotiation: Negotiation) -> Parties:
        by_key: dict[str, str] = {}
        inner: dict[str, str] = {}
        for party in negotiation.parties:
            for name in (party.name, *party.aliases):
                key = _key(name)
                by_key.setdefault(key, party.name)
                # one-word aliases ("American", "US") inside an affiliation name think tanks and companies
                if key and (name == party.name or " " in key):
                    inner.setdefault(key, party.name)
        return cls(
            tuple(p.name for p in negotiation.parties),
            by_key,
            {p.id: p.name for p in negotiation.parties},
            inner,
            tuple((p.name, _names_pattern((p.name, *p.aliases))) for p in negotiation.parties),
        )

    def named(self, name: str | None) -> str | None:
        """The party this name is, or None."""
        return self.by_key.get(_key(name)) if name else None

    def within(self, affiliation: str | None) -> str | None:
        """The party an affiliation names: the whole of it ("Kyiv"), or failing that the longest party name
        or alias of several words it contains as whole words ("Government of Ukraine" → Ukraine)."""
        if not affiliation:
            return None
        whole = self.named(affiliation)
        if whole is not None:
            return whole
        padded = f" {_key(affiliation)} "
        found = [(len(k), party) for k, party in self.inner.items() if f" {k} " in padded]
        return max(found)[1] if found else None

    def mentioned(self, text: str | None) -> set[str]:
        """The parties a text names by any of their names."""
        return {party for party, pattern in self.patterns if text and pattern.search(text)}

    def party_of(self, name: str | None, actor_id: str | None, affiliation: str | None) -> str | None:
        """The party of a speaker or holder: itself when it is a party, else the party of its affiliation."""
        if actor_id is not None and actor_id in self.by_id:
            return self.by_id[actor_id]
        return self.named(name) or self.within(affiliation)
