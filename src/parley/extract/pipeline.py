"""`extract`: an article's text in, its statements out. Named, versioned stages over spaCy's
`en_core_web_sm`: quotes (character scanner) → cues and content (parse) → attribution → speakers."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from parley.code.issues import IssueTagger, issue_tagger
from parley.code.likelihood import find_likelihood
from parley.code.moves import MoveFinder
from parley.code.routing import Route, route
from parley.extract.actors import ActorRegistry
from parley.extract.attribution import Found, attribute
from parley.extract.document import CHUNK_CHARS, chunks
from parley.extract.lexicon import Lexicon, load_lexicon
from parley.extract.nlp import load_model, model_version
from parley.extract.speakers import SpeakerResolver
from parley.ingest.dates import find_date_mentions
from parley.models import Cue, Move, Speaker, Statement
from parley.negotiations import Negotiation, builtin_negotiations

# The stages and their versions; the joined string is stored on every statement so a re-run can tell
# old output from new. Bump a stage's version whenever what it produces changes.
STAGES = {
    "quotes": 1,
    "cues": 1,
    "attribution": 5,  # 2: participles, documents, relative pronouns as sources; 3: "it", names and colon;
    # 4: titles, claims backed by a quotation, "as X puts it", parse repairs, long appositives in tails;
    # 5: a quotation in a sentence naming no speaker goes on from the reporter of the sentence before
    "speakers": 4,  # 2: roles by country, family names first, capitalised roles; 3: bound pronouns, "it";
    # 4: a pronoun skips names inside its own quotation
    "layout": 1,
    "moves": 4,  # 2: a bare weekday is publication day; 3: readiness, light verbs, first person; 4: rounds
    "likelihood": 1,
    "issues": 1,
}
EXTRACTOR_VERSION = "parley-extract/" + ".".join(f"{k}{v}" for k, v in STAGES.items())


def statement_id(article_id: str, kind: str, span: tuple[int, int]) -> str:
    return "st_" + hashlib.sha256(f"{article_id}:{kind}:{span[0]}:{span[1]}".encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Extraction:
    statements: list[Statement]
    mentions: list[Speaker]  # people named in the text (a Speaker record: name, span, role, actor)
    moves: list[Move] = field(default_factory=list)  # every move, in statements or in narration
    negotiations: list[Route] = field(default_factory=list)  # what the article is about, best first


def _with_issues(text: str, statement: Statement, tagger: IssueTagger) -> Statement:
    tags = tagger.tag(text, statement.span)
    if not tags:
        return statement
    return replace(
        statement, issues=tuple(t.id for t in tags), issue_details=tuple(t.to_dict() for t in tags)
    )


def _move_issue(text: str, move: Move, tagger: IssueTagger) -> Move:
    tags = tagger.tag(text, move.span)
    return replace(move, issue=tags[0].id) if tags and move.issue is None else move


def _with_likelihood(text: str, statement: Statement) -> Statement:
    """The estimates of likelihood the statement gives. One whose holder is the speaker is the speaker's
    own (holder None); one held by someone the speaker reports keeps its holder."""
    found = find_likelihood(text, statement.span)
    if not found:
        return statement
    speaker = statement.speaker
    own = {w.lower() for w in (speaker.name, speaker.mention_text) if w} if speaker else set()
    records = []
    for estimate in found:
        record = estimate.to_dict()
        holder = (record.get("holder") or "").lower()
        if holder and (holder in own or any(holder.endswith(" " + w) or w.endswith(holder) for w in own)):
            record["holder"], record["holder_span"] = None, None
        records.append(record)
    return replace(statement, likelihood=tuple(records))


def _with_moves(statement: Statement, moves: list[Move]) -> Statement:
    mine = tuple(m.to_dict() for m in moves if m.statement_id == statement.statement_id)
    return replace(statement, moves=mine) if mine else statement


@dataclass
class Extractor:
    """Holds the loaded model, the word lists and the actor registry; `extract` is pure per article."""

    registry: ActorRegistry | None = None
    lexicon: Lexicon | None = None
    nlp: Any = None
    chunk_chars: int = CHUNK_CHARS
    negotiations: tuple[Negotiation, ...] | None = None  # default: the negotiation files shipped with parley

    def __post_init__(self) -> None:
        self.lexicon = self.lexicon or load_lexicon("en")
        self.nlp = self.nlp or load_model()
        if self.negotiations is None:
            self.negotiations = builtin_negotiations()
        tagger_version = issue_tagger(()).version
        self.version = f"{EXTRACTOR_VERSION}+{tagger_version}+{model_version(self.nlp)}"

    def extract(self, text: str, article_id: str) -> list[Statement]:
        """Every statement in `text`, in order."""
        return self.extract_all(text, article_id).statements

    def extract_all(
        self, text: str, article_id: str, published: date | None = None, title: str | None = None
    ) -> Extraction:
        """Statements coded with their issues, moves and likelihood; the negotiations the article is about;
        and every person the text names with whom the name was resolved to. `published` resolves the dates
        moves are given ("On December 22") and keeps routing within a negotiation's period."""
        assert self.lexicon is not None and self.negotiations is not None
        routes = route(text, title, self.negotiations, published)
        routed = tuple(n for n in self.negotiations if n.id in {r.negotiation_id for r in routes})
        tagger = issue_tagger(routed)  # one negotiation's taxonomy additions do not leak into another's
        # Strings the parse adds to the shared vocabulary (every new word, number and name) are freed when
        # the article is done: otherwise a long run's worker grows with every article it reads. Anything
        # that keeps strings (the taggers' match keys) is built before the zone opens.
        with self.nlp.memory_zone():
            resolver = SpeakerResolver(self.registry)
            moves_finder = MoveFinder(
                article_id, self.lexicon, self.registry, resolver, find_date_mentions(text, published)
            )
            statements: list[Statement] = []
            moves: list[Move] = []
            ids: dict[tuple[int, int], str] = {}
            for chunk in chunks(text, self.nlp, self.chunk_chars):
                resolver.observe(chunk)
                found_here: list[Statement] = []
                for found in attribute(chunk, self.lexicon):
                    if not (chunk.own_start <= found.span[0] < chunk.own_end):
                        continue  # context from a neighbouring chunk: that chunk reports it
                    statement = self._statement(text, article_id, found, resolver, ids)
                    if statement is not None:
                        found_here.append(statement)
                        ids[found.span] = statement.statement_id
                moves.extend(moves_finder.find(chunk, found_here))
                statements.extend(_with_likelihood(text, s) for s in found_here)
            mentions = [m.speaker(self.registry) for m in resolver.mentions]
            statements = [_with_issues(text, s, tagger) for s in statements]
            moves = [_move_issue(text, m, tagger) for m in moves]
            statements = [_with_moves(s, moves) for s in statements]
            return Extraction(statements, mentions, moves, routes)

    def extract_many(self, articles: Iterable[tuple[str, str]]) -> Iterator[tuple[str, list[Statement]]]:
        for article_id, text in articles:
            yield article_id, self.extract(text, article_id)

    def _statement(
        self,
        text: str,
        article_id: str,
        found: Found,
        resolver: SpeakerResolver,
        ids: dict[tuple[int, int], str],
    ) -> Statement | None:
        start, end = found.span
        if end <= start:
            return None
        speaker: Speaker | None = resolver.resolve(found.mention, tuple(q.outer for q in found.quotes))
        cue = Cue(found.cue_text, found.cue_span) if found.cue_text else None
        return Statement(
            article_id=article_id,
            statement_id=statement_id(article_id, found.kind, found.span),
            kind="direct" if found.kind == "direct" else "indirect",
            text=text[start:end],
            span=(start, end),
            speaker=speaker,
            cue=cue,
            continues=ids.get(found.continues) if found.continues else None,
            mixed=found.mixed,
            extractor=self.version,
        )
