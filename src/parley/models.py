"""Typed records passed between stages. Plain frozen dataclasses: cheap to build, picklable for
worker processes, and turned into JSON at the edges (`to_dict`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

Granularity = Literal["year", "month", "week", "day", "time"]
DateMethod = Literal["metadata", "feed", "url", "text"]
SourceKind = Literal["file", "jsonl", "html", "feed", "url"]

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PublishedDate:
    """When an article was published, as precisely as known, and how parley found out."""

    at: datetime  # naive UTC; midnight when only the day is known
    granularity: Granularity
    method: DateMethod

    def iso(self) -> str:
        if self.granularity == "time":
            return self.at.isoformat(timespec="seconds")
        if self.granularity == "month":
            return self.at.strftime("%Y-%m")
        if self.granularity == "year":
            return self.at.strftime("%Y")
        return self.at.date().isoformat()


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date named in the text ("On December 22", "last Tuesday"), resolved against publication.

    `value` is ISO 8601 at the mention's granularity ("2025-12-22", "2025-12", "2025-W51"); when the
    article has no publication date a partial date keeps unknown parts as X ("XXXX-12-22"), as TIMEX3 does.
    """

    span: Span
    text: str
    value: str | None
    granularity: Granularity


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where one copy of an article came from. An article stored once may have several."""

    kind: SourceKind
    location: str  # the file path, feed URL or page URL that was read
    key: str  # the natural name: file stem, JSON record id, or the page URL
    url: str | None = None
    site: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One news report, with the text exactly as parley holds it: every later offset points into `text`."""

    id: str  # content hash of the normalised text
    key: str  # natural name (file stem, record id, URL); the `article_id` of extract output
    text: str
    source: SourceRef
    title: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    published: PublishedDate | None = None
    language: str | None = None
    encoding: str | None = None  # how the bytes were decoded, when parley decoded them
    dates: tuple[DateMention, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["published"] = (
            {
                "date": self.published.iso(),
                "granularity": self.published.granularity,
                "method": self.published.method,
            }
            if self.published
            else None
        )
        return data


class Outcome(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"  # same normalised text as a stored article; linked as another source
    NEAR_DUPLICATE = "near_duplicate"  # stored, and linked to the similar articles
    UNCHANGED = "unchanged"  # this very source was ingested before
    NOT_MODIFIED = "not_modified"  # the server answered 304 to a conditional GET
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class IngestResult:
    outcome: Outcome
    source: str  # a label a person recognises: path, path:line, URL
    article_id: str | None = None
    reason: str | None = None
    near_duplicates: tuple[tuple[str, float], ...] = ()


@dataclass(slots=True)
class IngestSummary:
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    failures: list[IngestResult] = field(default_factory=list)

    def add(self, result: IngestResult) -> None:
        self.counts[result.outcome] += 1
        if result.outcome is Outcome.FAILED:
            self.failures.append(result)

    @property
    def stored(self) -> int:
        """Articles that are in the store after the run because of this run's sources."""
        return sum(n for o, n in self.counts.items() if o is not Outcome.FAILED)

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": {o.value: n for o, n in self.counts.items()},
            "failures": [{"source": f.source, "reason": f.reason} for f in self.failures],
        }


# --- statements ------------------------------------------------------------------------------------

SpeakerKind = Literal["person", "organisation", "government", "group", "unknown"]
StatementKind = Literal["direct", "indirect"]


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said it: the canonical actor, and the words that name them where the statement is attributed."""

    name: str | None  # None when the words at the attribution site ("he") could not be resolved
    mention: Span | None
    mention_text: str | None
    kind: SpeakerKind = "unknown"
    role: str | None = None
    affiliation: str | None = None
    actor_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mention": list(self.mention) if self.mention else None,
            "mention_text": self.mention_text,
            "kind": self.kind,
            "role": self.role,
            "affiliation": self.affiliation,
            "actor_id": self.actor_id,
        }


@dataclass(frozen=True, slots=True)
class Cue:
    """What marks a statement as reported speech: a verb ("said"), a phrase ("according to"), "layout"."""

    text: str
    span: Span | None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span) if self.span else None}


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement: the record of DESIGN.md. `text == article_text[span[0]:span[1]]` always holds."""

    article_id: str
    statement_id: str
    kind: StatementKind
    text: str
    span: Span
    speaker: Speaker | None
    cue: Cue | None
    continues: str | None = None  # the statement this one goes on from ("X," he said, "Y.")
    mixed: bool = False  # reported speech that quotes some of the speaker's words
    issues: tuple[str, ...] = ()
    issue_details: tuple[dict[str, Any], ...] = ()  # each issue's score and the words that tell it
    moves: tuple[dict[str, Any], ...] = ()
    likelihood: tuple[dict[str, Any], ...] = ()
    extractor: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "statement_id": self.statement_id,
            "kind": self.kind,
            "text": self.text,
            "span": list(self.span),
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "continues": self.continues,
            "mixed": self.mixed,
            "issues": list(self.issues),
            "issue_details": list(self.issue_details),
            "moves": list(self.moves),
            "likelihood": list(self.likelihood),
            "extractor": self.extractor,
        }


MoveType = Literal["meet", "propose", "demand", "accept", "reject", "concede", "agree", "threaten", "accuse"]


@dataclass(frozen=True, slots=True)
class Move:
    """A negotiating move (PLOVER-aligned): who does what to whom, about what, when and where, and the words
    that say so. Moves come from statements ("Vance said the Russians want …": holder Russia, reported by
    Vance) and from narration ("consultations between the United States and Russia in Miami")."""

    move_id: str
    type: MoveType
    holder: str | None  # the actor or party that makes the move
    holder_actor_id: str | None
    participants: tuple[str, ...]  # for a meeting: every side named
    target: str | None
    object: str | None  # what is demanded, proposed, rejected…: "territorial control over Donetsk"
    object_span: Span | None
    issue: str | None
    date: str | None  # resolved (ISO or partial "XXXX-12-22")
    date_text: str | None
    place: str | None
    span: Span  # the evidence
    evidence: str
    reported_by: str | None  # the speaker who reports someone else's move
    statement_id: str | None  # the statement it comes from, if any

    def to_dict(self) -> dict[str, Any]:
        return {
            "move_id": self.move_id,
            "type": self.type,
            "holder": self.holder,
            "holder_actor_id": self.holder_actor_id,
            "participants": list(self.participants),
            "target": self.target,
            "object": self.object,
            "object_span": list(self.object_span) if self.object_span else None,
            "issue": self.issue,
            "date": self.date,
            "date_text": self.date_text,
            "place": self.place,
            "span": list(self.span),
            "evidence": self.evidence,
            "reported_by": self.reported_by,
            "statement_id": self.statement_id,
        }
