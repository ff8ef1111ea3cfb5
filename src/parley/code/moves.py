"""Negotiating moves from the parse: a move verb or noun ("want", "rejected", "proposal", "consultations
between …"), who makes it (its subject or possessor, resolved to an actor or a party), at whom, about what,
when and where — and, when it sits inside someone's statement, who reports it."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from parley.extract.actors import ActorRegistry
from parley.extract.attribution import subject_of
from parley.extract.document import Chunk, Paragraph
from parley.extract.lexicon import Lexicon
from parley.extract.mentions import mention_of
from parley.extract.speakers import SpeakerResolver
from parley.models import DateMention, Move, MoveType, Statement

# first-person holders stand for the statement's speaker ("I suggested a venue") or their side ("we are
# ready"); outside a statement they name nobody
_SPEAKER, _SIDE = "\x00speaker", "\x00side"
_REPORTING_BODY = "\x00body"  # "it" in a body's statement ("Ukraine said it was willing to …")
_PLACEHOLDERS = (_SPEAKER, _SIDE, _REPORTING_BODY)
_FIRST_PERSON = {"i": _SPEAKER, "my": _SPEAKER, "me": _SPEAKER, "we": _SIDE, "our": _SIDE, "us": _SIDE}
_COLLECTIVE_PARTIES = {"west": "West"}  # "the West", "the collective West": a side of its own
_THIRD_PERSON = {"he", "she", "his", "her"}
_PLACE_PREPOSITIONS = {"in", "at"}
_TIME_ENTITIES = {"DATE", "TIME"}


@dataclass(frozen=True, slots=True)
class MoveWord:
    type: MoveType
    noun: bool
    words: tuple[str, ...]


@lru_cache(maxsize=1)
def move_words() -> dict[str, list[MoveWord]]:
    """Move words by their first lemma (data: lexicons/moves.txt)."""
    table: dict[str, list[MoveWord]] = {}
    text = files("parley.code").joinpath("lexicons", "moves.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kind, part, lemma = (p.strip() for p in line.split("|"))
        words = tuple(lemma.split())
        table.setdefault(words[0], []).append(MoveWord(kind, part == "noun", words))  # type: ignore[arg-type]
    return table


def move_id(article_id: str, kind: str, span: tuple[int, int]) -> str:
    return "mv_" + hashlib.sha256(f"{article_id}:{kind}:{span[0]}:{span[1]}".encode()).hexdigest()[:16]


@dataclass(slots=True)
class MoveFinder:
    """Finds moves in the parsed chunks of one article."""

    article_id: str
    lexicon: Lexicon
    registry: ActorRegistry | None
    resolver: SpeakerResolver
    dates: Sequence[DateMention] = ()
    # the sides of the last talks the article named ("talks between Russia and Ukraine"), for the rounds
    # it goes on to tell without naming them ("the third round was held in Brest", "they met again")
    sides: tuple[str, ...] = ()

    def find(self, chunk: Chunk, statements: Sequence[Statement]) -> list[Move]:
        moves: list[Move] = []
        for paragraph in chunk.paragraphs:
            for token in paragraph.doc:
                move = self._move_at(token, paragraph)
                move = move and self._reported(move, statements)
                if move is None or not (chunk.own_start <= move.span[0] < chunk.own_end):
                    continue
                moves.append(move)
                if move.type == "meet" and len(move.participants) >= 2:
                    self.sides = move.participants
        return moves

    def _move_at(self, token: Any, paragraph: Paragraph) -> Move | None:
        """The move `token` makes: an adjective of readiness or stance, or a move verb or noun."""
        if token.lemma_.lower() in _READY_WORDS and token.pos_ == "ADJ":
            return self._readiness_move(token, paragraph)
        if token.lower_ in _VERDICTS:
            return self._verdict_move(token, paragraph)
        word = self._word(token)
        if word is None:
            return None
        return (
            self._noun_move(token, word, paragraph) if word.noun else self._verb_move(token, word, paragraph)
        )

    # --- recognising --------------------------------------------------------------------------

    def _word(self, token: Any) -> MoveWord | None:
        doc = token.doc
        lemma = token.lemma_.lower()
        for word in move_words().get(lemma, ()):
            if word.noun != (token.pos_ in ("NOUN", "PROPN")):
                continue
            if word.noun is False and token.pos_ not in ("VERB", "AUX"):
                continue
            rest = word.words[1:]
            if all(
                token.i + k + 1 < len(doc) and doc[token.i + k + 1].lemma_.lower() == w
                for k, w in enumerate(rest)
            ):
                return word
            if word.noun or len(rest) != 1:
                continue
            # "hold phone talks", "had a telephone conversation": the noun is the verb's object;
            # "asked Mr Putin for clarification", "met on Friday with": the preposition further on
            wanted = (
                {"dobj"} if rest[0] in _OBJECT_NOUNS else {"prep", "prt"} if rest[0] in _PARTICLES else set()
            )
            if any(c.dep_ in wanted and rest[0] in (c.lemma_.lower(), c.lower_) for c in token.children):
                return word
        return None

    def _verb_move(self, verb: Any, word: MoveWord, paragraph: Paragraph) -> Move | None:
        if any(c.dep_ == "neg" for c in verb.children) or _hypothetical(verb) or _inside_move(verb):
            return None
        if verb.dep_ == "acl" and verb.head.dep_ == "pobj":
            return None  # "during a vote condemning the invasion": the vote's, not an actor's move
        if word.words[0] == "host":
            hosted = next((c for c in verb.children if c.dep_ == "dobj"), None)
            talks = self._word(hosted) if hosted is not None else None
            if talks is not None and talks.noun and self._noun_move(hosted, talks, paragraph) is not None:
                return None  # "Belarus hosted rounds of talks between …": the talks' noun names who met
        subject = subject_of(verb)
        if (
            subject is not None
            and verb.dep_ == "conj"
            and subject.dep_ == "nsubjpass"
            and subject.head.i != verb.i
            and not any(c.dep_ == "auxpass" for c in verb.children)
            and verb.head.head.i != verb.head.i
        ):
            # "saying promises had not been met, and called the West …": an active verb the parser joined
            # to a passive clause is done by whoever says that clause
            subject = subject_of(verb.head.head)
        if subject is None or _negated_subject(subject):
            return None
        passive_object = None
        if subject.dep_ == "nsubjpass" and (subject.head.i == verb.i or subject.head.lemma_ not in _RAISING):
            # "the West was offered cooperation": the passive subject is the target; without an agent
            # ("by Merkel") nobody is named as the holder; "Kyiv is expected to hold talks" is Kyiv's, but
            # "was seen meeting", "is forced to accept" say too little of who moved
            return None
        if subject.dep_ == "pobj" and subject.head.dep_ == "agent":
            passive_object = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        holder, holder_id = self._who(subject, paragraph)
        participants: tuple[str, ...] = ()
        if (
            holder is None
            and word.type in ("meet", "agree")
            and subject.lower_ in _SIDES_WORDS
            and self.sides
        ):
            holder, participants = self.sides[0], self.sides  # "they met again", "both sides agreed"
        if holder is None:
            return None
        target, obj = None, passive_object
        for child in verb.children:
            if child.dep_ == "dobj" and child.i < verb.i and child.tag_ == "WDT" and verb.dep_ == "relcl":
                obj = obj or verb.head  # "the plan, which both sides rejected": what the relative stands for
            elif child.dep_ in ("dobj", "dative", "iobj") and child.i > verb.i:
                if word.type in ("accuse", "threaten", "urge") or child.dep_ in ("dative", "iobj"):
                    target = self._who(child, paragraph)[0] or target
                if obj is None and child.dep_ == "dobj" and word.type not in ("accuse",):
                    obj = child
            elif child.dep_ in ("xcomp", "ccomp") and obj is None and child.i > verb.i:
                obj = child
            elif child.dep_ == "prep" and child.lower_ == "with" and word.type == "meet" and target is None:
                target = self._who(next((c for c in child.children if c.dep_ == "pobj"), None), paragraph)[0]
            elif child.dep_ == "prep" and child.lower_ in _OBJECT_PREPOSITIONS and obj is None:
                pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    obj = pobj
        if obj is None and len(word.words) > 1 and word.words[-1] in _OBJECT_PREPOSITIONS:
            particle = next(
                (t for t in verb.subtree if t.i > verb.i and t.lower_ == word.words[-1] and t.dep_ == "prep"),
                None,
            )
            obj = (
                next((c for c in particle.children if c.dep_ == "pobj"), None)
                if particle is not None
                else None
            )
            if obj is None:  # "called for Western countries to lift …": the particle marks a clause
                obj = next(
                    (c for c in verb.children if c.dep_ == "advcl" and _marked(c, word.words[-1])), None
                )
        if word.words == ("suggest",) and (obj is None or obj.dep_ != "dobj"):
            return None  # "suggested that the Games could…" reports an opinion; "suggested a venue" proposes
        if word.words in (("ask",), ("convince",), ("persuade",), ("pressure",)) and not any(
            c.dep_ in ("xcomp", "ccomp") and c.i > verb.i and not _is_question(c) for c in verb.children
        ):
            return None  # "asked him to stop" is a demand; "asked whether" or "asked about" is not
        if word.type in ("demand", "propose", "accept", "reject", "concede", "agree") and obj is None:
            return None  # "Russia wants" without what it wants is not a move
        kind = word.type
        if word.words[0] in _WISH_VERBS and not _wants_of_another(verb, obj):
            return None  # "Putin has sought to bolster ties": an aim of one's own, not a demand on anyone
        if kind == "accept" and not _is_terms(obj):
            # "accepted credentials", "endorsed Belarus": only terms, plans and offers are accepted
            return None
        if kind == "threaten" and word.words[0] == "warn" and not _warns_of_consequences(verb):
            return None  # "warned US citizens to leave": a warning, not a threat
        if kind == "demand" and word.words[0] in _ASKING_VERBS and _is_talks(obj):
            kind = "propose"  # "called for peace talks", "called for a freezing of hostilities"
        if word.words == ("sign",) and any(c.dep_ == "prt" and c.lower_ == "up" for c in verb.children):
            return None  # "Sign up for our newsletter"
        if kind == "agree" and word.words[0] == "agree" and _gives_ground(verb, subject, obj):
            # "Russia would agree to a 15-year consultation period", "Russia agreed to reduce its military
            # activity": one side alone agreeing to do something gives ground
            kind = "concede"
        if word.words == ("call",):
            # "Putin called me": a phone call; "called the West “hypocritical”" is an accusation when the
            # words it is called condemn, else a description
            called = next((c for c in verb.children if c.dep_ == "dobj"), None)
            described = next(
                (c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp", "acomp")), None
            )
            if described is not None and called is not None and _condemns(described):
                kind, target, obj = "accuse", self._who(called, paragraph)[0], described
            elif described is not None or called is None:
                return None
            else:
                target = self._who(called, paragraph)[0]
        if word.type == "meet" and word.words[0] in ("speak", "talk", "call") and target is None:
            return None  # "spoke to reporters": only talking with a party is a meeting
        partnered = any(c.dep_ in ("prep", "dobj") and c.lower_ != "in" for c in verb.children)
        if word.words == ("meet",) and not partnered and not participants:
            several = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
            if not several and subject.lower_ not in _SIDES_WORDS:
                return None  # "the General Assembly is expected to meet": a body sitting, no sides meeting
        # the evidence is the holder and the verb's clause; a subject borrowed from another clause ("…, and
        # called the West “hypocritical”") would stretch it over that clause's own move
        borrowed = verb.dep_ == "conj" and subject.head.i != verb.i
        start = subject.left_edge.i if subject.i < verb.i and not borrowed else verb.i
        end = max((obj.right_edge.i if obj is not None else verb.i), verb.i)
        return self._move(kind, paragraph, start, end, holder, holder_id, participants, target, obj, verb)

    def _readiness_move(self, adjective: Any, paragraph: Paragraph) -> Move | None:
        """ "Belarus is ready to provide a venue", "we remain open to meeting again": an offer; "willing to
        renounce NATO membership": a concession; "not ready to negotiate": a refusal."""
        lemma = adjective.lemma_.lower()
        clause = next((c for c in adjective.children if c.dep_ in ("xcomp", "prep")), None)
        if clause is None or adjective.dep_ not in ("acomp", "amod", "oprd") or _hypothetical(adjective.head):
            return None
        if clause.dep_ == "prep":
            if clause.lower_ != _ADJECTIVE_PREPOSITIONS.get(lemma, "to"):
                return None
            clause = next((c for c in clause.children if c.dep_ in ("pcomp", "pobj")), None)
            if clause is None:
                return None
        verb = adjective.head if adjective.dep_ != "amod" else None
        subject = subject_of(verb) if verb is not None else adjective.head
        if subject is None or _negated_subject(subject):
            return None
        holder, holder_id = self._who(subject, paragraph)
        if holder is None:
            return None
        negated = verb is not None and any(c.dep_ == "neg" for c in verb.children)
        words = {w.type for w in move_words().get(clause.lemma_.lower(), ()) if not w.noun}
        kind: MoveType
        if lemma in _ADJECTIVE_MOVES:
            if negated:
                return None
            kind = _ADJECTIVE_MOVES[lemma]
        else:
            kind = "reject" if negated else "concede" if "concede" in words else "propose"
        start = min(subject.left_edge.i, adjective.i)
        return self._move(
            kind, paragraph, start, clause.right_edge.i, holder, holder_id, (), None, clause, adjective
        )

    def _verdict_move(self, word: Any, paragraph: Paragraph) -> Move | None:
        """ "Peace talks with Russia remain “out of the question,” Podolyak said", "any ceasefire that
        freezes the front is unacceptable": the speaker rejects what the clause is about."""
        doc = word.doc
        if word.lower_ == "question":
            if word.i < 3 or [t.lower_ for t in doc[word.i - 3 : word.i]] != ["out", "of", "the"]:
                return None
            verb = doc[word.i - 3].head
        else:
            if word.dep_ not in ("acomp", "oprd", "attr"):
                return None
            verb = word.head
        if (
            verb.pos_ not in ("VERB", "AUX")
            or any(c.dep_ == "neg" for c in verb.children)
            or _hypothetical(verb)
        ):
            return None
        subject = subject_of(verb)
        if subject is None or subject.i > word.i:
            return None
        if subject.lemma_.lower() not in _NEGOTIABLE and not any(
            w.noun for w in move_words().get(subject.lemma_.lower(), ())
        ):
            return None  # "this violence is unacceptable" condemns; it rejects no term of the talks
        return self._move(
            "reject", paragraph, subject.left_edge.i, word.i, _SPEAKER, None, (), None, subject, verb
        )

    def _noun_move(self, noun: Any, word: MoveWord, paragraph: Paragraph) -> Move | None:
        doc = noun.doc
        if word.type == "meet" and _under_round(noun):
            return None  # "rounds of talks between …": one meeting, told by the rounds
        if word.type == "meet" and any(c.dep_ == "amod" and c.lower_ in _UNREAL for c in noun.children):
            return None  # "a possible meeting between Biden and Putin" has not happened
        if word.type == "agree" and noun.tag_ == "NNS" and any(c.dep_ == "poss" for c in noun.children):
            return None  # "our agreements with Russia", "their exchanges": relations, not an act
        participants: list[str] = []
        sides_named = 0
        holder, holder_id = None, None
        # "rounds of talks between Russia and Ukraine": the sides may hang on the talks after "of"
        described = [noun]
        if word.type == "meet":
            described += [
                g
                for c in noun.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ]
        for head in described:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in ("between", "with", "among"):
                    sides = _coordinated(next((c for c in child.children if c.dep_ == "pobj"), None))
                    sides_named += len(sides)
                    for party in sides:
                        name = self._who(party, paragraph)[0]
                        if name and name not in participants:
                            participants.append(name)
                elif child.dep_ == "poss" and head.i == noun.i:
                    holder, holder_id = self._who(_owner(child), paragraph)
        if holder is None and word.type == "concede":
            # "a softening of Russia's demands": the concession is made by whose demands they were
            owner = next(
                (
                    p
                    for c in noun.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children
                    if g.dep_ == "pobj"
                    for p in g.children
                    if p.dep_ == "poss"
                ),
                None,
            )
            if owner is not None:
                holder, holder_id = self._who(_owner(owner), paragraph)
        if word.type == "meet":
            for head in described:
                for child in head.children:
                    if child.dep_ not in ("amod", "compound"):
                        continue
                    # "Ukrainian-Russian negotiations": the first adjective hangs on the second
                    for word_ in [*(g for g in child.children if g.dep_ in ("amod", "compound")), child]:
                        party = self.lexicon.places.get(word_.lower_)
                        if party and party not in participants:
                            participants.append(party)
        if holder is None:
            maker = _maker(noun)
            if maker is not None:
                holder, holder_id = self._who(maker, paragraph)
        if word.type == "meet" and holder is None and not participants and _told_round(noun) and self.sides:
            participants = list(self.sides)  # "the seventh round of talks was held in Istanbul"
        if word.type in ("meet", "agree"):
            if holder is None and (not participants or max(len(participants), sides_named) < 2):
                return None  # "the talks" alone names no meeting
        elif holder is None:
            return None  # "a proposal" without whose is not a move
        obj = next(
            (
                c
                for c in noun.children
                if (c.dep_ in ("prep", "acl") and c.lower_ in ("for", "on", "to", "that")) or c.dep_ == "acl"
            ),
            None,
        )
        start = min([noun.left_edge.i] + [c.left_edge.i for c in noun.children if c.dep_ == "poss"])
        end = noun.right_edge.i
        while end > start and doc[end].is_punct:
            end -= 1
        return self._move(
            word.type,
            paragraph,
            start,
            end,
            holder or (participants[0] if participants else None),
            holder_id,
            tuple(participants),
            None,
            obj,
            noun,
        )

    # --- parts ------------------------------------------------------------------------------------

    def _who(self, token: Any, paragraph: Paragraph) -> tuple[str | None, str | None]:
        """The actor or party a word names: a party by any of its names ("the Russians" → Russia), a person
        resolved like a speaker (a surname to the full name the article gave), a body the registry knows,
        a pronoun to the nearest compatible person, a role to the person the article gave it to."""
        if token is None or token.ent_type_ in _TIME_ENTITIES:
            return None, None  # "Wednesday's meeting": a date is nobody
        if token.lower_ in _FIRST_PERSON:
            return _FIRST_PERSON[token.lower_], None  # the speaker or their side, once the statement is known
        if token.lower_ == "it" and token.dep_ in ("nsubj", "nsubjpass"):
            return _REPORTING_BODY, None  # the body whose statement this is, once it is known; else nobody
        if token.lower_ in _COLLECTIVE_PARTIES and token.text[:1].isupper():
            return _COLLECTIVE_PARTIES[token.lower_], None
        named = next((c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
        if named is not None and token.ent_type_ != "PERSON":
            token = named  # "Russian Foreign Minister, Sergey Lavrov, …": the name in apposition
        phrase = paragraph.doc[token.left_edge.i : token.i + 1].text
        country = self.lexicon.places.get(token.lower_) or self.lexicon.places.get(phrase.lower())
        if country is not None:
            return country, None
        mention = mention_of(token, paragraph, self.lexicon)
        speaker = None
        if mention is not None and mention.kind == "name" and token.ent_type_ == "PERSON":
            speaker = self.resolver.resolve(mention)
            if speaker is not None and speaker.name is not None:
                return speaker.name, speaker.actor_id
        if self.registry is not None:
            # a bare word is looked up only when it is a name ("Department" alone is nobody)
            bare = (token.text,) if token.ent_type_ else ()
            for candidate in (phrase, *bare, phrase.removeprefix("the ").removeprefix("The ")):
                actor = self.registry.find(candidate)
                if actor is not None:
                    return actor.name, actor.id
        if mention is None:
            return None, None
        speaker = speaker or self.resolver.resolve(mention)  # a person resolved above is not resolved again
        if speaker is None or speaker.name is None:
            return None, None
        if mention.kind == "nominal" and speaker.kind == "unknown":
            return None, None  # "officials", "the country": a description is not a holder
        if mention.kind == "name" and not token.ent_type_ and token.pos_ != "PROPN":
            return None, None  # "Sign up": a capitalised word the tagger took for neither a name nor a noun
        party = self.lexicon.places.get(speaker.name.lower())
        return (party, None) if party else (speaker.name, speaker.actor_id)

    def _move(
        self,
        kind: MoveType,
        paragraph: Paragraph,
        start: int,
        end: int,
        holder: str | None,
        holder_id: str | None,
        participants: tuple[str, ...],
        target: str | None,
        obj: Any,
        head: Any,
    ) -> Move:
        doc = paragraph.doc
        span = paragraph.token_span(doc[start], doc[end])
        object_span = None
        object_text = None
        if obj is not None:
            first, last = obj.left_edge, obj.right_edge
            while last.i > first.i and last.is_punct:
                last = doc[last.i - 1]
            object_span = paragraph.token_span(first, last)
            object_text = doc[first.i : last.i + 1].text
        place = _place(head)
        date = self._date(paragraph, head)
        return Move(
            move_id=move_id(self.article_id, kind, span),
            type=kind,
            holder=holder,
            holder_actor_id=holder_id,
            participants=participants,
            target=target,
            object=object_text,
            object_span=object_span,
            issue=None,
            date=date.value if date else None,
            date_text=date.text if date else None,
            place=place,
            span=span,
            evidence=doc[start : end + 1].text,
            reported_by=None,
            statement_id=None,
        )

    def _date(self, paragraph: Paragraph, head: Any) -> DateMention | None:
        """The date named in the move's sentence, the nearest to the move word."""
        sentence = head.sent
        start, end = paragraph.char(sentence[0]), paragraph.char(sentence[-1]) + len(sentence[-1].text)
        at = paragraph.char(head)
        inside = [d for d in self.dates if start <= d.span[0] < end]
        return min(inside, key=lambda d: abs(d.span[0] - at)) if inside else None

    def _reported(self, move: Move, statements: Sequence[Statement]) -> Move | None:
        """A move inside someone's statement is reported by them (unless it is their own)."""
        from dataclasses import replace

        for statement in statements:
            inside = statement.span[0] <= move.span[0] and move.span[1] <= statement.span[1] + 1
            # "Peace talks remain “out of the question,” Podolyak said": the speaker's verdict is quoted,
            # what it is about is not
            ends_inside = (
                move.holder == _SPEAKER and statement.span[0] < move.span[1] <= statement.span[1] + 1
            )
            if inside or ends_inside:
                said_by = statement.speaker
                speaker = said_by.name if said_by else None
                holder, holder_id = move.holder, move.holder_actor_id
                first_word = move.evidence.split(maxsplit=1)[0].lower() if move.evidence else ""
                if holder in _PLACEHOLDERS:
                    holder, holder_id = _stand_in(holder, said_by)
                elif first_word in _THIRD_PERSON and said_by is not None and said_by.kind == "person":
                    # "Macron said he will ask Mr Putin …": in reported speech "he" is the speaker
                    holder, holder_id = speaker, said_by.actor_id
                if holder is None:
                    return None
                target = _stand_in(move.target, said_by)[0] if move.target in _PLACEHOLDERS else move.target
                reporter = speaker if speaker and speaker != holder else None
                return replace(
                    move,
                    holder=holder,
                    holder_actor_id=holder_id,
                    target=target,
                    reported_by=reporter,
                    statement_id=statement.statement_id,
                )
        if move.holder in _PLACEHOLDERS:
            return None
        return replace(move, target=None) if move.target in _PLACEHOLDERS else move


def _stand_in(placeholder: str, said_by: Any) -> tuple[str | None, str | None]:
    """Who a placeholder word in a statement names, with the actor id: "I" the speaker, "we" the speaker's
    country (or the speaker, when it is not known), "it" the government, organisation or group that speaks
    (a person's "it" is something else)."""
    if said_by is None:
        return None, None
    if placeholder == _REPORTING_BODY and (said_by.kind == "person" or said_by.name is None):
        return None, None
    if placeholder == _SIDE and said_by.affiliation:
        return said_by.affiliation, None
    return said_by.name, said_by.actor_id


def _owner(possessive: Any) -> Any:
    """ "Russia has repeated its demands": "its"/"their" is the subject of the verb the noun is the object
    of; any other possessive stands for itself."""
    noun = possessive.head
    if possessive.lower_ in ("its", "their") and noun.dep_ == "dobj":
        subject = subject_of(noun.head)
        if subject is not None:
            return subject
    return possessive


def _hypothetical(verb: Any) -> bool:
    """ "if Russia accepts", "would Kyiv agree?": a move that has not happened."""
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children):
        return True
    if verb.dep_ == "acl" and any(c.dep_ == "det" and c.lower_ == "no" for c in verb.head.children):
        return True  # "had no plans to meet"
    return bool(verb.sent.text.rstrip().endswith("?"))


_OBJECT_NOUNS = {"talk", "call", "conversation", "consultation", "meeting", "agreement"}
_PARTICLES = {"for", "with"}  # "asked Putin for", "met on Friday with"; "called … on Sunday" is no "call on"
_OBJECT_PREPOSITIONS = {"of", "for", "on", "to", "over", "from", "with", "against", "about"}
_LIGHT_VERBS = {
    "make",
    "issue",
    "put",
    "present",
    "submit",
    "voice",
    "send",
    "extend",
    "lodge",
    "deliver",
    "table",
}
# what a speaker calls out of bounds ("… is unacceptable", "… remains out of the question"): a rejection
_VERDICTS = {"unacceptable", "inadmissible", "non-negotiable", "nonnegotiable", "question"}
_NEGOTIABLE = {
    "ceasefire",
    "truce",
    "deal",
    "term",
    "condition",
    "concession",
    "compromise",
    "settlement",
    "freeze",
}
_ADJECTIVE_MOVES: dict[str, MoveType] = {"critical": "accuse", "opposed": "reject"}
_ADJECTIVE_PREPOSITIONS = {"critical": "of", "opposed": "to"}
_RAISING = {"expect", "schedule", "set", "slate", "plan"}  # "is expected to hold talks"
_READY_WORDS = {"ready", "willing", "prepared", "open", *_ADJECTIVE_MOVES}
_WISH_VERBS = {"want", "seek"}
_ASKING_VERBS = {"call", "ask", "press", "request", "appeal"}  # "demanded a ceasefire" stays a demand
_TALKS_NOUNS = {
    "talk",
    "negotiation",
    "dialogue",
    "ceasefire",
    "cease-fire",
    "truce",
    "freeze",
    "freezing",
    "peace",
    "meeting",
    "summit",
    "settlement",
    "solution",
    "armistice",
    "negotiating",
    "diplomacy",
    "mediation",
}
_TERMS_NOUNS = {
    "proposal",
    "plan",
    "offer",
    "demand",
    "condition",
    "term",
    "ultimatum",
    "initiative",
    "position",
    "deal",
    "agreement",
    "invitation",
    "resolution",
    "ceasefire",
    "truce",
    "compromise",
    "mediation",
    "settlement",
    "request",
    "framework",
    "formula",
    "roadmap",
    "point",
    "idea",
    "call",
    "peace",
    "blueprint",
    "principle",
}
_CONSEQUENCES = {
    "consequence",
    "price",
    "response",
    "retaliation",
    "sanction",
    "cost",
    "escalation",
    "retaliate",
    "respond",
    "punish",
    "pay",
    "face",
}


_UNREAL = {"possible", "potential", "proposed", "hypothetical", "eventual", "future"}
_SIDES_WORDS = {"they", "sides", "parties", "delegations", "negotiators"}
_ORDINALS = {
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "next",
}


def _condemns(described: Any) -> bool:
    """Whether what something is called condemns it ("hypocritical", "a terrorist state", "an act of
    aggression"), by the words of `lexicons/condemning.txt`."""
    return any(
        t.lemma_.lower() in condemning_words() or t.lower_ in condemning_words() for t in described.subtree
    )


@lru_cache(maxsize=1)
def condemning_words() -> frozenset[str]:
    text = files("parley.code").joinpath("lexicons", "condemning.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def _under_round(noun: Any) -> bool:
    """The talks of "rounds of talks", which the rounds tell."""
    return bool(noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() == "round")


def _told_round(noun: Any) -> bool:
    """Talks told as an event of the story, not talked about: held ("the talks, held via video", "was held
    in Istanbul") or a numbered round ("at the third round of talks"). The noun "talks" under "round of" is
    told by the round."""
    if _under_round(noun):
        return False
    if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() == "hold":
        return True
    if any(c.dep_ == "acl" and c.lemma_.lower() == "hold" for c in noun.children):
        return True
    return noun.lemma_.lower() == "round" and any(
        c.lower_ in _ORDINALS or c.ent_type_ == "ORDINAL" for c in noun.children
    )


def _gives_ground(verb: Any, subject: Any, obj: Any) -> bool:
    """One side agreeing to do something or to terms, with nobody to agree with: no co-subject ("Russia
    and Ukraine agreed"), no "with", no "both sides", and not to talks ("agreed to continue talking")."""
    if obj is None or _is_talks(obj) or any(t.lemma_.lower() in ("talk", "talking") for t in obj.subtree):
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("with", "on", "between") for c in verb.children):
        return False
    if subject.tag_ in ("NNS", "NNPS") or subject.lower_ in ("both", "they", "we", "sides", "all"):
        return False
    return not any(c.dep_ == "conj" for c in subject.children)


def _inside_move(verb: Any) -> bool:
    """ "invited all parties to sign a treaty", "insisted that Ukraine agree to autonomy": a move word inside
    the object of another is what that one asks for, not a move of its own."""
    head, seen, complement = verb, 0, False
    while head.dep_ in ("xcomp", "ccomp", "conj") and head.head.i != head.i and seen < 4:
        # a bare conjunct shares its first conjunct's place ("should recognise Crimea … and agree to
        # autonomy"); a finite one is a clause of its own ("has sought ties and offered grain"), and only a
        # complement is what a verb asks for ("urged talks and accused Kyiv" are two moves)
        if head.dep_ == "conj" and not (head.tag_ == "VB" or (head.tag_ == "VBP" and head.head.tag_ == "VB")):
            return False  # (a present tense after a bare verb is a bare verb the tagger misread)
        complement = complement or head.dep_ != "conj"
        head = head.head
        seen += 1
        if (
            complement
            and head.pos_ in ("VERB", "AUX")
            and any(
                w
                for w in move_words().get(head.lemma_.lower(), ())
                if not w.noun and w.type in ("demand", "propose", "threaten")
            )
        ):
            return True
    return False


def _maker(noun: Any) -> Any | None:
    """ "made an appeal", "put forward a plan", "issued an ultimatum": the subject of the light verb."""
    light = noun.head
    if noun.dep_ != "dobj" or light.lemma_.lower() not in _LIGHT_VERBS:
        return None
    if any(c.dep_ == "neg" for c in light.children) or _hypothetical(light):
        return None
    maker = subject_of(light)
    if maker is None or maker.dep_ == "nsubjpass" or _negated_subject(maker):
        return None
    return maker


def _marked(clause: Any, word: str) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == word for c in clause.children)


def _is_question(clause: Any) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in clause.children) or any(
        c.tag_ in ("WDT", "WP", "WRB") and c.i < clause.i for c in clause.children
    )


def _negated_subject(subject: Any) -> bool:
    """ "neither Russia nor Belarus wants that", "no country accepted": a subject that denies the move."""
    return any(c.dep_ in ("preconj", "det") and c.lower_ in ("neither", "no") for c in subject.children)


def _wants_of_another(verb: Any, obj: Any) -> bool:
    """ "wants Ukraine to recognise Crimea", "seeks a ceasefire": a demand; "wants to establish" is not."""
    if obj is None:
        return False
    if obj.dep_ == "dobj":
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in obj.children) or any(
        c.dep_ == "dobj" and c.i < obj.i for c in verb.children
    )


def _lemmas(token: Any) -> set[str]:
    return {t.lemma_.lower() for t in token.subtree} if token is not None else set()


def _is_terms(obj: Any) -> bool:
    """What can be accepted: a proposal, plan, offer, demand, ultimatum, position… (or a party's terms)."""
    if obj is None:
        return False
    if obj.pos_ in ("VERB", "AUX"):
        return True  # "agreed to", "accepted to meet": a clause
    return obj.lemma_.lower() in _TERMS_NOUNS or bool(_lemmas(obj) & {"proposal", "plan", "initiative"})


def _is_talks(obj: Any) -> bool:
    """ "peace talks", "a freezing of hostilities", "a ceasefire": talks or a halt are proposed."""
    if obj is None:
        return False
    head = obj.lemma_.lower()
    return head in _TALKS_NOUNS or (
        head in {"end", "return", "resumption", "start"} and bool(_lemmas(obj) & _TALKS_NOUNS)
    )


def _warns_of_consequences(verb: Any) -> bool:
    """ "warned of a steep price", "warned that Russia would face sanctions if …"."""
    words = _lemmas(verb)
    return bool(words & _CONSEQUENCES) or any(t.lower_ in ("if", "unless") for t in verb.subtree)


def _coordinated(token: Any) -> list[Any]:
    """ "the United States and Russia" → [States, Russia]: a word and the words coordinated with it."""
    if token is None:
        return []
    found = [token]
    for child in token.children:
        if child.dep_ == "conj":
            found.extend(_coordinated(child))
    return found


def _place(head: Any) -> str | None:
    """A place the move happened at: "… in Miami", "… at Crans-Montana"."""
    for token in head.subtree:
        if token.dep_ == "prep" and token.lower_ in _PLACE_PREPOSITIONS:
            pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ in ("GPE", "LOC", "FAC"):
                ent = next((e for e in pobj.doc.ents if e.start <= pobj.i < e.end), None)
                return str(ent.text) if ent is not None else str(pobj.text)
    return None
