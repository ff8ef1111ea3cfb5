"""An article as the extractor sees it: paragraphs with their character offsets, each parsed by spaCy,
and the quotes found in the text. Large articles are cut into chunks of whole paragraphs so memory stays
bounded; chunks overlap by a few paragraphs so no statement is lost at an edge."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from parley.extract.quotes import Quote, find_quotes

_PARAGRAPH_BREAK = re.compile(r"\n")
CHUNK_CHARS = 60_000
OVERLAP_PARAGRAPHS = 3


@dataclass(slots=True)
class Paragraph:
    index: int
    start: int  # offsets in the article text
    end: int
    doc: Any = None  # spaCy Doc over text[start:end]
    _ends: list[int] | None = None  # each token's end offset, for finding tokens by offset

    def token_at(self, char: int) -> Any:
        """The token covering article offset `char` (or the next one)."""
        if not len(self.doc):
            return None
        if self._ends is None:
            self._ends = [token.idx + len(token.text) for token in self.doc]
        at = bisect_right(self._ends, char - self.start)
        return self.doc[min(at, len(self.doc) - 1)]

    def char(self, token: Any) -> int:
        return int(self.start + token.idx)

    def token_span(self, first: Any, last: Any) -> tuple[int, int]:
        return self.start + first.idx, self.start + last.idx + len(last.text)


@dataclass(slots=True)
class Chunk:
    text: str  # the whole article text (offsets are article offsets)
    paragraphs: list[Paragraph]
    quotes: list[Quote]
    own_start: int  # statements starting before this offset belong to the previous chunk
    own_end: int
    starts: list[int] = field(default_factory=list)  # each paragraph's start, for finding one by offset

    def paragraph_at(self, char: int) -> Paragraph | None:
        at = bisect_right(self._starts(), char) - 1
        if at < 0:
            return None
        paragraph = self.paragraphs[at]
        if paragraph.start <= char < paragraph.end or (char == paragraph.end and char == len(self.text)):
            return paragraph
        return None

    def _starts(self) -> list[int]:
        if not self.starts:
            self.starts = [p.start for p in self.paragraphs]
        return self.starts

    def previous(self, paragraph: Paragraph) -> Paragraph | None:
        i = paragraph.index - self.paragraphs[0].index
        return self.paragraphs[i - 1] if i > 0 else None

    def following(self, paragraph: Paragraph) -> Paragraph | None:
        i = paragraph.index - self.paragraphs[0].index
        return self.paragraphs[i + 1] if i + 1 < len(self.paragraphs) else None


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end), trimmed of surrounding spaces."""
    spans = []
    start = 0
    for m in _PARAGRAPH_BREAK.finditer(text + "\n"):
        end = m.start()
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        start = m.end()
    return spans


def chunks(text: str, nlp: Any, chunk_chars: int = CHUNK_CHARS) -> Iterator[Chunk]:
    """The article as parsed chunks. Only one chunk's docs are alive at a time."""
    spans = paragraph_spans(text)
    if not spans:
        return
    groups: list[tuple[int, int]] = []  # paragraph index ranges [first, last)
    first = 0
    size = 0
    for i, (s, e) in enumerate(spans):
        size += e - s
        if size >= chunk_chars and i + 1 < len(spans):
            groups.append((first, i + 1))
            first, size = i + 1, 0
    groups.append((first, len(spans)))
    for number, (g_first, g_last) in enumerate(groups):
        lead = max(0, g_first - OVERLAP_PARAGRAPHS)
        tail = min(len(spans), g_last + OVERLAP_PARAGRAPHS)
        paragraphs = [Paragraph(i, *spans[i]) for i in range(lead, tail)]
        for paragraph, doc in zip(
            paragraphs, nlp.pipe(text[p.start : p.end] for p in paragraphs), strict=True
        ):
            paragraph.doc = doc
        region_start, region_end = spans[lead][0], spans[tail - 1][1]
        quotes = [
            Quote(
                (q.span[0] + region_start, q.span[1] + region_start),
                (q.outer[0] + region_start, q.outer[1] + region_start),
                q.style,
                q.closed,
                q.paragraphs,
            )
            for q in find_quotes(text[region_start:region_end])
        ]
        own_start = spans[g_first][0] if number else 0
        own_end = spans[g_last][0] if g_last < len(spans) else len(text) + 1
        yield Chunk(text, paragraphs, quotes, own_start, own_end)
