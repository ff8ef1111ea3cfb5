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

_FIRST_PERSON = {"i": "speaker", "we": "side", "our": "side", "us": "side"}
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

    def find(self, chunk: Chunk, statements: Sequence[Statement]) -> list[Move]:
        moves: list[Move] = []
        for paragraph in chunk.paragraphs:
            for token in paragraph.doc:
                word = self._word(token)
                if word is None:
                    continue
                move = (
                    self._noun_move(token, word, paragraph)
                    if word.noun
                    else self._verb_move(token, word, paragraph)
                )
                if move is None or not (chunk.own_start <= move.span[0] < chunk.own_end):
                    continue
                moves.append(self._reported(move, statements))
        return moves

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
        return None

    def _verb_move(self, verb: Any, word: MoveWord, paragraph: Paragraph) -> Move | None:
        if any(c.dep_ == "neg" for c in verb.children) or _hypothetical(verb):
            return None
        subject = subject_of(verb)
        if subject is None:
            return None
        holder, holder_id = self._who(subject, paragraph)
        if holder is None:
            return None
        target, obj = None, None
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "iobj") and child.i > verb.i:
                if word.type in ("accuse", "threaten", "urge") or child.dep_ in ("dative", "iobj"):
                    target = self._who(child, paragraph)[0] or target
                if obj is None and child.dep_ == "dobj" and word.type not in ("accuse",):
                    obj = child
            elif child.dep_ in ("xcomp", "ccomp") and obj is None and child.i > verb.i:
                obj = child
            elif child.dep_ == "prep" and child.lower_ in ("of", "for", "on", "to", "over") and obj is None:
                pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    obj = pobj
        if word.type in ("demand", "propose", "accept", "reject", "concede", "agree") and obj is None:
            return None  # "Russia wants" without what it wants is not a move
        start = subject.left_edge.i if subject.i < verb.i else verb.i
        end = max((obj.right_edge.i if obj is not None else verb.i), verb.i)
        return self._move(word.type, paragraph, start, end, holder, holder_id, (), target, obj, verb)

    def _noun_move(self, noun: Any, word: MoveWord, paragraph: Paragraph) -> Move | None:
        doc = noun.doc
        participants: list[str] = []
        holder, holder_id = None, None
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("between", "with", "among"):
                for party in _coordinated(next((c for c in child.children if c.dep_ == "pobj"), None)):
                    name = self._who(party, paragraph)[0]
                    if name and name not in participants:
                        participants.append(name)
            elif child.dep_ == "poss":
                holder, holder_id = self._who(child, paragraph)
        if word.type == "meet":
            if len(participants) < 2 and holder is None:
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
        resolved like a speaker, a pronoun to the nearest compatible person."""
        if token is None:
            return None, None
        phrase = paragraph.doc[token.left_edge.i : token.i + 1].text
        if self.registry is not None:
            for candidate in (phrase, token.text, phrase.removeprefix("the ").removeprefix("The ")):
                actor = self.registry.find(candidate)
                if actor is not None:
                    return actor.name, actor.id
        country = self.lexicon.places.get(token.lower_) or self.lexicon.places.get(phrase.lower())
        if country is not None:
            return country, None
        mention = mention_of(token, paragraph, self.lexicon)
        if mention is None or mention.kind == "nominal":
            return None, None
        speaker = self.resolver.resolve(mention)
        if speaker is None or speaker.name is None:
            return None, None
        return speaker.name, speaker.actor_id

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

    def _reported(self, move: Move, statements: Sequence[Statement]) -> Move:
        """A move inside someone's statement is reported by them (unless it is their own)."""
        from dataclasses import replace

        for statement in statements:
            if statement.span[0] <= move.span[0] and move.span[1] <= statement.span[1] + 1:
                speaker = statement.speaker.name if statement.speaker else None
                holder = move.holder
                reporter = speaker if speaker and speaker != holder else None
                return replace(move, reported_by=reporter, statement_id=statement.statement_id)
        return move


def _hypothetical(verb: Any) -> bool:
    """ "if Russia accepts", "would Kyiv agree?": a move that has not happened."""
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children):
        return True
    return bool(verb.sent.text.rstrip().endswith("?"))


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
