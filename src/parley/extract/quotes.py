"""Quotation marks to quotes: a character-level scanner that pairs opening and closing marks of every common
style — straight and curly double and single, « », „ “, ‹ › — keeps nested quotes inside their outer quote,
joins quotes that run over several paragraphs (an opening mark at each paragraph start, a closing mark only at
the end), and recovers from unbalanced marks instead of raising: an unclosed quote ends with its paragraph,
a stray closing mark is ignored. Apostrophes ("don’t", "Ukraine’s", "players’ union") are not quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

Span = tuple[int, int]


class Style(Enum):
    DOUBLE = "double"
    SINGLE = "single"


@dataclass(frozen=True, slots=True)
class Quote:
    """A top-level quotation: `span` covers the quoted words without the outer marks, `outer` with them."""

    span: Span
    outer: Span
    style: Style
    closed: bool  # False when the closing mark was missing and the quote was ended at its paragraph's end
    paragraphs: int  # how many paragraphs it runs over

    def text(self, source: str) -> str:
        return source[self.span[0] : self.span[1]]


_OPEN_ONLY = {
    "“": Style.DOUBLE,
    "„": Style.DOUBLE,
    "«": Style.DOUBLE,
    "‘": Style.SINGLE,
    "‹": Style.SINGLE,
    "‚": Style.SINGLE,
}
_CLOSE_ONLY = {"”": Style.DOUBLE, "»": Style.DOUBLE, "’": Style.SINGLE, "›": Style.SINGLE}
_STRAIGHT = {'"': Style.DOUBLE, "'": Style.SINGLE}
# „ … “ (German, Ukrainian, Russian news): after „, a “ closes instead of opening.
_LOW_OPENERS = {"„", "‚"}
# Two apostrophes (or backticks) stand for a double mark in some newspaper copy: ''Like this,'' he said.
_MARKS = re.compile(r"''|``|[\"'“”„«»‘’‹›‚]")
_WIDE = {"''": '"', "``": '"'}
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_OPENING_CONTEXT = set(" \t\n([{—–-/") | {"\u00a0"}


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _role(text: str, i: int, width: int = 1) -> str | None:
    """'open', 'close' or None (not a quotation mark here: an apostrophe, a measure, a stray mark)."""
    ch = _WIDE.get(text[i : i + width], text[i]) if width > 1 else text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if width > 1 and text[i : i + width] == "``":
        return "open"
    if ch in ("’", "'"):
        if _is_word(before) and _is_word(after):
            return None  # don’t, Ukraine’s, O'Brien
        if ch == "'" and before.isdigit():
            return None  # 5'11
        if after.isdigit():
            return None  # the '90s, class of '08
        if ch == "’" and _is_word(after) and before in _OPENING_CONTEXT:
            return "open"  # a misused ’ opening a quote: ’Twas is rare; ’quote’ is commoner in bad copy
    if ch in _OPEN_ONLY:
        if ch in ("“", "‘") and (_is_word(before) or before in ",.!?;„‚") and not _is_word(after):
            return "close"  # “ as a closing mark ("…here,“ said Clyburn"; „Ja“ and ‚Ja‘ in German)
        return "open"
    if ch in _CLOSE_ONLY:
        if ch == "”" and before in _OPENING_CONTEXT and _is_word(after):
            return "open"  # ” used as an opening mark
        return "close"
    # straight marks: told by their neighbours
    if before in _OPENING_CONTEXT or i == 0:
        if not after.isspace():
            return "open"
        # spaced on both sides: closes after an inner quote or a last word's punctuation ("'Well done,' "
        # said Russell"), else it is a stray mark
        j = i - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        return "close" if j >= 0 and text[j] in ".,;:!?'’" else None
    if after.isspace() or after in ".,;:!?)]}—–-" or i + width == len(text):
        return "close"
    if before in ".,;:!?" and not _is_word(after):
        return "close"
    return "either"  # between a comma and a word ('said,"Look'): opens if nothing is open


@dataclass(slots=True)
class _Open:
    position: int
    mark: str
    style: Style
    paragraph: int
    paragraphs: int = 1
    width: int = 1


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    for m in _PARAGRAPH.finditer(text):
        starts.append(m.end())
    return starts


def find_quotes(text: str) -> list[Quote]:
    """Top-level quotes in `text`, in order. Never raises on unbalanced or odd marks."""
    starts = _paragraph_starts(text)
    quotes: list[Quote] = []
    stack: list[_Open] = []
    paragraph = 0

    def close(at: int | None, end_of_content: int, width: int = 1) -> None:
        opened = stack[0]
        del stack[:]
        outer_end = at + width if at is not None else end_of_content
        content_end = at if at is not None else end_of_content
        content_start = opened.position + opened.width
        # trim whitespace inside the marks so the span is the words themselves
        while content_start < content_end and text[content_start].isspace():
            content_start += 1
        while content_end > content_start and text[content_end - 1].isspace():
            content_end -= 1
        words = sum(1 for ch in text[content_start:content_end] if ch.isalnum())
        if content_end > content_start and (opened.style is Style.DOUBLE or words >= 2):
            # (a single-quoted letter is rock 'n' roll, not a quotation)
            quotes.append(
                Quote(
                    (content_start, content_end),
                    (opened.position, outer_end),
                    opened.style,
                    at is not None,
                    opened.paragraphs,
                )
            )

    for m in _MARKS.finditer(text):
        i = m.start()
        # paragraph boundaries passed since the last mark
        while paragraph + 1 < len(starts) and starts[paragraph + 1] <= i:
            paragraph += 1
            if stack and stack[0].paragraph < paragraph:
                end = _paragraph_end(text, starts, paragraph - 1)
                if _opens_paragraph(text, starts[paragraph], i, stack[0].style):
                    # the quote goes on in this paragraph, whose opening mark we are about to meet
                    stack[0].paragraph = paragraph
                    stack[0].paragraphs += 1
                    del stack[1:]
                else:
                    close(None, end)
        width = m.end() - m.start()
        ch = _WIDE.get(m.group(), m.group())
        role = _role(text, i, width)
        if role is None:
            continue
        style = _OPEN_ONLY.get(ch) or _CLOSE_ONLY.get(ch) or _STRAIGHT[ch]
        if (
            stack
            and stack[0].paragraph == paragraph
            and stack[0].paragraphs > 1
            and i < _first_word(text, starts[paragraph])
            and role in ("open", "either")
            and style is stack[0].style
        ):
            continue  # the re-opening mark of a continued paragraph
        if role == "close" or (role == "either" and stack):
            # close the innermost open quote of this style (marks of the other style may nest inside)
            for depth in range(len(stack) - 1, -1, -1):
                if _closes(stack[depth], ch, style):
                    if depth == 0:
                        close(i, i, width)
                    else:
                        del stack[depth:]
                    break
            else:
                if role == "either" and not stack:
                    stack.append(_Open(i, ch, style, paragraph, width=width))
            continue
        # an opening mark
        if style is Style.SINGLE and not stack and ch in ("'", "’") and not _plausible_single_open(text, i):
            continue
        stack.append(_Open(i, ch, style, paragraph, width=width))
    if stack:
        close(None, _paragraph_end(text, starts, paragraph))
    return quotes


def _closes(opened: _Open, mark: str, style: Style) -> bool:
    if opened.style is not style:
        return False
    if opened.mark in _LOW_OPENERS:
        return mark in ("“", "”", '"') if style is Style.DOUBLE else mark in ("‘", "’", "'")
    return True


def _plausible_single_open(text: str, i: int) -> bool:
    """A straight or right single mark opens a top-level quote only if a closing one follows in the
    same paragraph; otherwise it is an apostrophe ('90s, rock 'n' roll)."""
    end = text.find("\n", i)
    end = len(text) if end < 0 else end
    for m in re.finditer(r"['’]", text[i + 1 : end]):
        j = i + 1 + m.start()
        if _role(text, j) in ("close", "either"):
            return True
    return False


def _first_word(text: str, start: int) -> int:
    j = start
    while j < len(text) and (text[j].isspace() or text[j] in "\"'“”„«»‘’‹›‚"):
        j += 1
    return j


def _opens_paragraph(text: str, start: int, first_mark: int, style: Style) -> bool:
    """Whether the paragraph at `start` begins with an opening mark of `style` (a quote continued)."""
    j = start
    while j < len(text) and text[j].isspace():
        j += 1
    if j >= len(text) or j != first_mark:
        return False
    ch = text[j]
    return (
        _OPEN_ONLY.get(ch) or _STRAIGHT.get(ch) or (Style.DOUBLE if ch == "”" else None)
    ) is style and _role(text, j) in ("open", "either")


def _paragraph_end(text: str, starts: list[int], paragraph: int) -> int:
    end = starts[paragraph + 1] if paragraph + 1 < len(starts) else len(text)
    while end > starts[paragraph] and text[end - 1].isspace():
        end -= 1
    return end
