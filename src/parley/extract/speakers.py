"""From mentions to speakers: a name is completed from the fuller form used earlier ("Caddell" → "Pat
Caddell") or found in the actor registry; a pronoun is resolved to the nearest compatible person named
before it; a role noun ("the Kremlin spokesman") to the person it was put beside ("Dmitry Peskov, the
Kremlin spokesman"). What cannot be resolved keeps its mention and no name, rather than a guess."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from parley.extract.document import Chunk
from parley.extract.mentions import PRONOUNS, Mention
from parley.extract.names import normalise_name, strip_titles, surname
from parley.models import Speaker, SpeakerKind

if TYPE_CHECKING:
    from parley.extract.actors import ActorRegistry

_ENTITY_KINDS: dict[str | None, SpeakerKind] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "government",
    "NORP": "group",
}
MAX_PEOPLE = 400  # how many earlier names are kept as antecedents (bounds memory on huge articles)


@dataclass(slots=True)
class Person:
    name: str
    position: int
    gender: Counter[str] = field(default_factory=Counter)
    role: str | None = None
    kind: SpeakerKind = "person"

    @property
    def likely_gender(self) -> str | None:
        if not self.gender:
            return None
        top, count = self.gender.most_common(1)[0]
        return top if count > sum(self.gender.values()) - count else None


class SpeakerResolver:
    """Resolves mentions in one article, in text order. Its memory of the article is a bounded list of
    names, so it can be carried from chunk to chunk."""

    def __init__(self, registry: ActorRegistry | None = None) -> None:
        self.registry = registry
        self.people: list[Person] = []
        self.by_surname: dict[str, Person] = {}
        self.by_role: dict[str, Person] = {}
        self._seen: set[tuple[int, str]] = set()

    # --- what the article names ------------------------------------------------------------------

    def observe(self, chunk: Chunk) -> None:
        """Record the people (and organisations) the chunk names, with gender hints from pronouns."""
        for paragraph in chunk.paragraphs:
            doc = paragraph.doc
            for ent in doc.ents:
                if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
                    continue
                position = paragraph.start + ent.start_char
                if (position, ent.text) in self._seen:
                    continue
                self._seen.add((position, ent.text))
                if ent.label_ != "PERSON":
                    continue
                person = self._person(strip_titles(ent.text.strip()), position)
                previous = doc[ent.start - 1] if ent.start > 0 else None
                if previous is not None and previous.lower_.rstrip(".") in ("mr", "sir", "lord"):
                    person.gender["m"] += 2
                elif previous is not None and previous.lower_.rstrip(".") in ("mrs", "ms", "miss", "lady"):
                    person.gender["f"] += 2
                self._gender_hint(person, doc, ent.end)
                appositive = _appositive_role(doc, ent)
                if appositive:
                    person.role = person.role or appositive
                    self.by_role[_role_key(appositive)] = person

    def _gender_hint(self, person: Person, doc: Any, after: int) -> None:
        # the first third-person singular pronoun after a name, before another name, usually refers to it
        for token in doc[after : after + 25]:
            if token.ent_type_ == "PERSON":
                return
            gender = PRONOUNS.get(token.lower_, (None, True))
            if gender[0] in ("m", "f") and not gender[1]:
                person.gender[gender[0]] += 1
                return

    def _person(self, name: str, position: int) -> Person:
        key = surname(name)
        known = self.by_surname.get(key)
        full = name if len(name.split()) > 1 else (known.name if known else name)
        if known is not None and (
            len(name.split()) == 1 or normalise_name(known.name) == normalise_name(name)
        ):
            known.position = position
            self._touch(known)
            return known
        person = Person(full, position)
        self.people.append(person)
        if key:
            self.by_surname[key] = person
        if len(self.people) > MAX_PEOPLE:
            dropped = self.people.pop(0)
            if self.by_surname.get(surname(dropped.name)) is dropped:
                del self.by_surname[surname(dropped.name)]
        return person

    def _touch(self, person: Person) -> None:
        self.people.remove(person)
        self.people.append(person)

    # --- resolving -------------------------------------------------------------------------------

    def resolve(self, mention: Mention | None) -> Speaker | None:
        if mention is None:
            return None
        if mention.kind == "pronoun":
            return self._pronoun(mention)
        if mention.kind == "name":
            return self._name(mention)
        return self._nominal(mention)

    def _name(self, mention: Mention) -> Speaker:
        name = strip_titles(mention.text)
        kind = _ENTITY_KINDS.get(mention.entity, "person" if mention.entity is None else "unknown")
        role = mention.role
        if kind == "person" or mention.entity is None:
            person = self._person(name, mention.span[0])
            if mention.gender:
                person.gender[mention.gender] += 2
            if role and not person.role:
                person.role = role
                self.by_role[_role_key(role)] = person
            name, role = person.name, person.role
        return self._registered(name, mention, kind, role, None)

    def _pronoun(self, mention: Mention) -> Speaker:
        if mention.plural or mention.gender not in ("m", "f"):
            return Speaker(None, mention.span, mention.text, "unknown")
        for person in reversed(self.people):
            if person.position >= mention.span[0]:
                continue
            gender = person.likely_gender
            if gender is None or gender == mention.gender:
                person.gender[mention.gender] += 1
                return self._registered(person.name, mention, "person", person.role, None)
        return Speaker(None, mention.span, mention.text, "person")

    def _nominal(self, mention: Mention) -> Speaker:
        person = self.by_role.get(_role_key(mention.text)) or self.by_role.get(mention.head)
        if person is not None and not mention.plural:
            return self._registered(person.name, mention, "person", person.role, None)
        text = mention.text
        if text.lower().startswith(("the ", "a ", "an ")):
            text = text.split(" ", 1)[1]
        return Speaker(text, mention.span, mention.text, "group" if mention.plural else "unknown", None, None)

    def _registered(
        self, name: str, mention: Mention, kind: SpeakerKind, role: str | None, affiliation: str | None
    ) -> Speaker:
        if self.registry is not None:
            actor = self.registry.find(name)
            if actor is not None:
                return Speaker(
                    actor.name,
                    mention.span,
                    mention.text,
                    actor.kind,
                    actor.role or role,
                    actor.affiliation or affiliation,
                    actor.id,
                )
        return Speaker(name, mention.span, mention.text, kind, role, affiliation)


def _role_key(role: str) -> str:
    words = normalise_name(role).split()
    return words[-1] if words else ""


def _appositive_role(doc: Any, ent: Any) -> str | None:
    """ "Dmitry Peskov, the Kremlin spokesman, …": the role noun phrase right after the name."""
    if ent.end + 2 >= len(doc) or doc[ent.end].text != ",":
        return None
    head = ent.root
    for child in head.children:
        if child.dep_ == "appos":
            return str(doc[child.left_edge.i : child.right_edge.i + 1].text).strip(" ,")
    return None
