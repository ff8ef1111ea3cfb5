"""The article reader's text as a stream of tokens: plain text, and the opening and closing of highlights
(statements, speakers' mentions, likelihood phrases, a cited span). Spans nest: one inside another
becomes its child; one that crosses its parent's end is cut there, so the markup is always well formed.
The template turns tokens into elements and escapes every piece of text; nothing here builds HTML."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

# Outer first when two spans start and end together: a citation holds a statement, which holds a phrase.
RANK = {"cite": 0, "statement": 1, "mention": 2, "likelihood": 3}


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    kind: str  # a key of RANK
    record: str  # the id of the record it shows ("s-…", "l-…")
    label: str = ""  # a few words for tooltips and screen readers
    attrs: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Token:
    type: Literal["text", "open", "close"]
    text: str = ""
    mark: Mark | None = None
    first: bool = False  # the first piece of this kind of mark for its record (the one carrying the anchor)


def tokens(text: str, marks: Iterable[Mark]) -> list[Token]:
    """The text cut at every highlight boundary. Joining the text tokens gives back `text` exactly."""
    ordered = sorted(
        (m for m in marks if 0 <= m.start < m.end <= len(text)),
        key=lambda m: (m.start, -m.end, RANK.get(m.kind, 9)),
    )
    out: list[Token] = []
    stack: list[tuple[Mark, int]] = []  # open marks and where each closes
    seen: set[tuple[str, str]] = set()
    position = 0

    def emit(upto: int) -> None:
        nonlocal position
        if upto > position:
            out.append(Token("text", text[position:upto]))
            position = upto

    for mark in ordered:
        while stack and stack[-1][1] <= mark.start:
            emit(stack[-1][1])
            out.append(Token("close", mark=stack.pop()[0]))
        end = min(mark.end, stack[-1][1]) if stack else mark.end
        if end <= mark.start:
            continue
        emit(mark.start)
        first = (mark.kind, mark.record) not in seen
        seen.add((mark.kind, mark.record))
        out.append(Token("open", mark=mark, first=first))
        stack.append((mark, end))
    while stack:
        emit(stack[-1][1])
        out.append(Token("close", mark=stack.pop()[0]))
    emit(len(text))
    return out


def article_marks(article: dict[str, Any], cite: tuple[int, int] | None = None) -> list[Mark]:
    """The highlights of an article reading (`web.queries.article_reading`)."""
    marks: list[Mark] = []
    for statement in article["statements"]:
        speaker = statement.get("speaker") or {}
        who = speaker.get("name") or "an unattributed speaker"
        start, end = statement["span"]
        record = f"s-{statement['statement_id']}"
        marks.append(Mark(start, end, "statement", record, f"{statement['kind']} statement by {who}"))
        if speaker.get("mention"):
            m_start, m_end = speaker["mention"]
            marks.append(Mark(m_start, m_end, "mention", record, f"speaker: {who}"))
    for estimate in article["likelihoods"]:
        start, end = estimate["span"]
        label = f"likelihood: {estimate['band']} ({estimate['p']:.0%})"
        marks.append(Mark(start, end, "likelihood", f"l-{estimate['id']}", label))
    if cite is not None:
        marks.append(Mark(cite[0], cite[1], "cite", "cite", "the cited passage"))
    return marks
