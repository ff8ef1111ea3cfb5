"""From mentions to speakers: a name is completed from the fuller form used earlier ("Caddell" → "Pat
Caddell") or found in the actor registry; a pronoun is resolved to the nearest compatible person named
before it; a role noun ("the Kremlin spokesman") to the person it was put beside ("Dmitry Peskov, the
Kremlin spokesman"). What cannot be resolved keeps its mention and no name, rather than a guess."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from parley.extract.actors import same_person
from parley.extract.document import Chunk
from parley.extract.lexicon import load_lexicon
from parley.extract.mentions import PRONOUNS, Mention, name_tokens, subject_taken_for_appositive, title_before
from parley.extract.names import affiliation_of, normalise_name, plausible_person_name, strip_titles, surname
from parley.models import Speaker, SpeakerKind

if TYPE_CHECKING:
    from parley.extract.actors import ActorRegistry

_ENTITY_KINDS: dict[str | None, SpeakerKind] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "government",
    "NORP": "group",
}
ISSUER_REACH = 3_000  # characters: "the statement" further on than this from its issuer is left as it is
# documents that speak for whoever issued them (speaker_nouns.txt lists them as speakers)
DOCUMENT_NOUNS = frozenset(
    [
        "statement",
        "report",
        "letter",
        "communique",
        "declaration",
        "memo",
        "release",
        "ad",
        "video",
        "editorial",
        "piece",
        "article",
        "email",
        "tweet",
        "message",
        "column",
        "commercial",
        "petition",
        "filing",
        "document",
    ]
)
# "released a video that says …", "ran a piece that noted …": the one who issues a document speaks in it
_ISSUING_VERBS = frozenset(
    [
        "issue",
        "release",
        "publish",
        "put",
        "send",
        "post",
        "sign",
        "make",
        "deliver",
        "run",
        "air",
        "reprint",
        "retweet",
        "write",
        "file",
    ]
)
MAX_PEOPLE = 400  # how many earlier names are kept as antecedents (bounds memory on huge articles)


@dataclass(slots=True)
class Person:
    name: str
    positions: list[int] = field(default_factory=list)  # where the text names them, in order (bounded)
    gender: Counter[str] = field(default_factory=Counter)
    role: str | None = None
    kind: SpeakerKind = "person"

    @property
    def likely_gender(self) -> str | None:
        if not self.gender:
            return None
        top, count = self.gender.most_common(1)[0]
        return top if count > sum(self.gender.values()) - count else None

    def last_before(self, position: int, outside: tuple[tuple[int, int], ...] = ()) -> int | None:
        """Where the text last named this person before `position`, not counting names within `outside`."""
        at = bisect_left(self.positions, position)
        while at and any(s <= self.positions[at - 1] < e for s, e in outside):
            at -= 1
        return self.positions[at - 1] if at else None

    def named_at(self, position: int) -> None:
        insort(self.positions, position)
        if len(self.positions) > 64:
            del self.positions[0]


@dataclass(frozen=True, slots=True)
class NameMention:
    """A person named in the text, and whom the name was resolved to."""

    span: tuple[int, int]
    text: str
    person: Person

    def speaker(self, registry: ActorRegistry | None) -> Speaker:
        name, role = self.person.name, self.person.role
        if registry is not None:
            actor = registry.find(name)
            if actor is not None:
                return Speaker(
                    actor.name,
                    self.span,
                    self.text,
                    actor.kind,
                    actor.role or role,
                    actor.affiliation,
                    actor.id,
                )
        return Speaker(name, self.span, self.text, "person", role)


class SpeakerResolver:
    """Resolves mentions in one article. Its memory of the article is a bounded list of the people named
    and where, so it can be carried from chunk to chunk."""

    def __init__(self, registry: ActorRegistry | None = None, places: dict[str, str] | None = None) -> None:
        self.registry = registry
        self.places = places if places is not None else load_lexicon().places
        self.people: list[Person] = []
        self.by_surname: dict[str, list[Person]] = {}
        self.by_role: dict[str, Person] = {}
        self._seen: set[tuple[int, str]] = set()
        self.mentions: list[NameMention] = []  # every person named, in order, with the name resolved
        # who issued each document the article names ("the Kremlin's statement", "a report by Amnesty"):
        # document noun -> [(position, issuer's name, its entity label)], in text order
        self.issuers: dict[str, list[tuple[int, str, str]]] = {}
        self.last_body: tuple[int, Speaker] | None = None  # the last speaker that is not a person, and where

    # --- what the article names ------------------------------------------------------------------

    def observe(self, chunk: Chunk) -> None:
        """Record the people the chunk names, with their roles and gender hints from pronouns."""
        for paragraph in chunk.paragraphs:
            doc = paragraph.doc
            self._observe_documents(paragraph)
            for ent in doc.ents:
                if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
                    continue
                tokens = _name_run(doc, ent)
                text = doc[tokens[0].i : tokens[-1].i + 1].text
                position = paragraph.start + tokens[0].idx
                if (position, text) in self._seen:
                    continue
                self._seen.add((position, text))
                if ent.label_ != "PERSON" and not self._known_person(text):
                    continue  # spaCy calls some people ORG ("Volodymyr Zelenskyy"); the registry knows better
                if not plausible_person_name(text, self.places):
                    continue  # "Belarus-Russian" tagged as a person
                person = self._person(strip_titles(text.strip()), position)
                self.mentions.append(NameMention((position, position + len(text)), text, person))
                previous = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
                honorific = previous.lower_.rstrip(".") if previous is not None else ""
                if honorific in ("mr", "sir", "lord"):
                    person.gender["m"] += 2
                elif honorific in ("mrs", "ms", "miss", "lady"):
                    person.gender["f"] += 2
                self._gender_hint(person, doc, ent.end)
                role = _appositive_role(doc, ent) or title_before(list(tokens))
                if role:
                    person.role = person.role or role
                    self._by_role(role, person)
                elif person.role is None and len(person.positions) == 1:
                    # a person the registry knows with a role ("Emmanuel Macron": President of France), so
                    # that "the French president" later in the article is them
                    actor = self.registry.find(person.name) if self.registry is not None else None
                    if actor is not None and actor.kind == "person" and actor.role:
                        person.role = actor.role
                        self._by_role(actor.role, person, actor.affiliation)

    def _observe_documents(self, paragraph: Any) -> None:
        for token in paragraph.doc:
            if token.lower_ not in DOCUMENT_NOUNS:
                continue
            issuer = document_issuer(token)
            if issuer is None:
                continue
            entity = next((e for e in token.doc.ents if e.start <= issuer.i < e.end), None)
            tokens = _name_run(token.doc, entity) if entity is not None else name_tokens(issuer)
            while len(tokens) > 1 and tokens[-1].dep_ == "case":  # "Amnesty International's"
                tokens = tokens[:-1]
            name = token.doc[tokens[0].i : tokens[-1].i + 1].text
            if name.lower().startswith("the "):
                name = name[4:]
            position = paragraph.start + token.idx
            found = self.issuers.setdefault(token.lower_, [])
            if not found or found[-1][0] != position:
                found.append((position, name, entity.label_ if entity is not None else "ORG"))

    def _by_role(self, role: str, person: Person, affiliation: str | None = None) -> None:
        """Remember who holds a role, also under the role's country: "the French president"."""
        key = _role_key(role)
        self.by_role[key] = person
        country = affiliation or affiliation_of(role, self.places)
        if country:
            self.by_role[f"{key} {country}"] = person

    def _known_person(self, text: str) -> bool:
        if self.registry is not None:
            actor = self.registry.find(text)
            if actor is not None:
                return actor.kind == "person"
        return bool(self.by_surname.get(surname(text)))

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
        """The person `name` names: a fuller name used earlier when this is a surname alone ("Peskov" →
        "Dmitry Peskov"; of two Trumps, the one named most), else a new person."""
        key = surname(name)
        candidates = self.by_surname.get(key, [])
        if len(name.split()) == 1:
            known = max(
                candidates,
                key=lambda p: (len(p.positions), -p.positions[0] if p.positions else 0),
                default=None,
            )
        else:
            known = next((p for p in candidates if same_person(p.name, name)), None)
            if known is not None and len(known.name.split()) < len(name.split()):
                known.name = name  # "Peskov" first, "Dmitry Peskov" later: the fuller name wins
        if known is not None:
            known.named_at(position)
            return known
        person = Person(name)
        person.named_at(position)
        self.people.append(person)
        if key:
            self.by_surname.setdefault(key, []).append(person)
        if len(self.people) > MAX_PEOPLE:
            dropped = self.people.pop(0)
            same = self.by_surname.get(surname(dropped.name), [])
            if dropped in same:
                same.remove(dropped)
        return person

    # --- resolving -------------------------------------------------------------------------------

    def resolve(self, mention: Mention | None, quoted: tuple[tuple[int, int], ...] = ()) -> Speaker | None:
        """The speaker a mention stands for; a pronoun never for a person named only inside `quoted`, the
        statement's own quotations ("“I don't know anything about Jake Sullivan,” she said")."""
        if mention is None:
            return None
        if mention.kind == "pronoun":
            speaker = self._pronoun(mention, quoted)
        elif mention.kind == "name":
            speaker = self._name(mention)
        else:
            speaker = self._nominal(mention)
        if mention.site is not None and mention.site_text is not None:
            # the record points at the words that attribute ("who"), named after what they stand for
            return replace(speaker, mention=mention.site, mention_text=mention.site_text)
        if speaker.kind != "person" and speaker.name and mention.kind != "pronoun" and not mention.plural:
            self.last_body = (mention.span[0], speaker)
        return speaker

    def _name(self, mention: Mention) -> Speaker:
        name = strip_titles(mention.text)
        kind = _ENTITY_KINDS.get(mention.entity, "person" if mention.entity is None else "unknown")
        if kind != "person" and len(name.split()) == 1 and self.by_surname.get(surname(name)):
            kind = "person"  # "Markarova said": the surname of a person named before, tagged as a body
        role = mention.role
        if kind == "person" or mention.entity is None:
            person = self._person(name, mention.span[0])
            if mention.gender:
                person.gender[mention.gender] += 2
            if role and not person.role:
                person.role = role
                self._by_role(role, person)
            name, role = person.name, person.role
        return self._registered(name, mention, kind, role, None)

    def _pronoun(self, mention: Mention, quoted: tuple[tuple[int, int], ...] = ()) -> Speaker:
        if mention.head == "it":
            # "The Kremlin said … It added …", "“…,” the email read. “…,” it read.": the body or document
            # that spoke last, near enough; else said by "it", unnamed
            if self.last_body is not None and mention.span[0] - self.last_body[0] <= ISSUER_REACH:
                return replace(self.last_body[1], mention=mention.span, mention_text=mention.text)
            return Speaker(None, mention.span, mention.text, "unknown")
        if mention.plural or mention.gender not in ("m", "f"):
            return Speaker(None, mention.span, mention.text, "unknown")
        if mention.bound:
            # the subject of the clause above the pronoun, when the article named them and their gender
            # does not contradict it
            for person in self.by_surname.get(surname(mention.bound), []):
                gender = person.likely_gender
                if person.last_before(mention.span[0]) is not None and gender in (None, mention.gender):
                    person.gender[mention.gender] += 1
                    return self._registered(person.name, mention, "person", person.role, None)
        # the person named last before the pronoun whose gender does not contradict it
        ranked = sorted(
            ((p.last_before(mention.span[0], quoted), p) for p in self.people), key=lambda x: -(x[0] or -1)
        )
        for position, person in ranked:
            if position is None:
                break
            gender = person.likely_gender
            if gender is None or gender == mention.gender:
                person.gender[mention.gender] += 1
                return self._registered(person.name, mention, "person", person.role, None)
        return Speaker(None, mention.span, mention.text, "person")

    def _nominal(self, mention: Mention) -> Speaker:
        issued = self._issuer(mention)
        if issued is not None:
            return issued
        key = _role_key(mention.text)
        country = affiliation_of(mention.text, self.places)
        if country:  # "the French president": whoever the article named as France's president, only
            person = self.by_role.get(f"{key} {country}")
        else:
            person = self.by_role.get(key) or self.by_role.get(mention.head)
        if person is not None and not mention.plural:
            return self._registered(person.name, mention, "person", person.role, None)
        text = mention.text
        if text.lower().startswith(("the ", "a ", "an ")):
            text = text.split(" ", 1)[1]
        if self.registry is not None:  # "the Kremlin", "the White House": a body the registry knows
            actor = self.registry.find(text)
            if actor is not None and actor.kind != "person":
                return Speaker(
                    actor.name,
                    mention.span,
                    mention.text,
                    actor.kind,
                    actor.role,
                    actor.affiliation,
                    actor.id,
                )
        # a role or a group without a name ("officials", "a senior diplomat"): said by them, not an actor;
        # their country when the words give it ("a State Department spokesperson")
        return Speaker(text, mention.span, mention.text, "unknown", None, affiliation_of(text, self.places))

    def _issuer(self, mention: Mention) -> Speaker | None:
        """ "The statement said": whoever issued the last statement named up to here ("the Kremlin's
        statement", "a statement from the ministry", "Peskov said in a statement"), within a few
        paragraphs."""
        found = [
            f
            for f in self.issuers.get(mention.head, [])
            if f[0] <= mention.span[1] and mention.span[0] - f[0] <= ISSUER_REACH
        ]
        if not found:
            return None
        _, name, label = found[-1]
        if label == "PERSON":
            person = self._person(strip_titles(name), mention.span[0])
            return self._registered(person.name, mention, "person", person.role, None)
        return self._registered(name, mention, _ENTITY_KINDS.get(label, "organisation"), None, None)

    def _registered(
        self, name: str, mention: Mention, kind: SpeakerKind, role: str | None, affiliation: str | None
    ) -> Speaker:
        affiliation = affiliation or affiliation_of(role, self.places)
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
    """The role's head noun: "Kremlin spokesman" → spokesman, "President of France" → president."""
    words = normalise_name(role).split()
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    return words[-1] if words else ""


def _appositive_role(doc: Any, ent: Any) -> str | None:
    """ "Dmitry Peskov, the Kremlin spokesman, …": the role noun phrase right after the name."""
    if ent.end + 2 >= len(doc) or doc[ent.end].text != ",":
        return None
    head = ent.root
    for child in head.children:
        if child.dep_ == "appos" and not subject_taken_for_appositive(child):
            return str(doc[child.left_edge.i : child.right_edge.i + 1].text).strip(" ,")
    return None


def _name_run(doc: Any, ent: Any) -> list[Any]:
    """The entity's tokens, widened to the whole proper-name run when spaCy tagged only part of it
    ("Dmitry Peskov" of which only "Peskov" was tagged)."""
    tokens = list(ent)
    if ent.label_ == "PERSON":
        wider = name_tokens(ent.root)
        if wider and wider[0].i < tokens[0].i and all(t.text[:1].isupper() for t in wider):
            tokens = [t for t in wider if t.i <= tokens[-1].i] + [t for t in tokens if t.i > wider[-1].i]
    while len(tokens) > 1 and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    return tokens


def _named(token: Any) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")


def document_issuer(noun: Any) -> Any | None:
    """The name that issued the document `noun` stands for, read off the parse: a possessive ("the
    Kremlin's statement"), a name before it ("a UN report"), by/from/of ("a report by Amnesty", "a
    report published by the WFP"), the subject of issuing it ("the ministry issued a statement") or of
    speaking in it ("Peskov said in a statement")."""
    for child in noun.children:
        if child.dep_ in ("poss", "compound") and _named(child):
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            for object_ in child.children:
                if object_.dep_ == "pobj" and _named(object_):
                    return object_
        if child.dep_ == "acl" and child.lemma_ in _ISSUING_VERBS:  # "a report published by the WFP"
            for agent in child.children:
                if agent.dep_ == "agent":
                    by = next((c for c in agent.children if c.dep_ == "pobj"), None)
                    if by is not None and _named(by):
                        return by
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_ in _ISSUING_VERBS:
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        return subject if subject is not None and _named(subject) else None
    if noun.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ in ("VERB", "AUX"):
        subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        return subject if subject is not None and _named(subject) else None
    return None
