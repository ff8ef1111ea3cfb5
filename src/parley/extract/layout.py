"""Block quotes attributed by layout, as news sites print them: a quote paragraph with no quotation marks,
then a line with the speaker's name and a line with their title; and, in an article that quotes this way,
unquoted first-person or question paragraphs ("I think…", "We have made progress…", "Who controls…?")
that go on from the speaker named just before them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parley.extract.document import Chunk, Paragraph
from parley.extract.lexicon import Lexicon
from parley.extract.mentions import Mention, mention_of

_FIRST_PERSON = {
    "i",
    "we",
    "my",
    "our",
    "me",
    "us",
    "i'm",
    "i've",
    "we've",
    "we're",
    "i'd",
    "we'd",
    "ours",
    "myself",
    "ourselves",
}
_QUOTE_MARKS = set('"“”„«»')


@dataclass(frozen=True, slots=True)
class Signature:
    """A name line (and perhaps a title line) under a quote paragraph."""

    quote: Paragraph
    name: Paragraph
    title: Paragraph | None
    mention: Mention


def _words(paragraph: Paragraph) -> list[Any]:
    return [t for t in paragraph.doc if not t.is_punct and not t.is_space]


def _ends_sentence(paragraph: Paragraph) -> bool:
    text: str = paragraph.doc.text.rstrip()
    return text.endswith((".", "!", "?", "…", "”", '"'))


def is_name_line(paragraph: Paragraph) -> bool:
    words = _words(paragraph)
    if not 1 <= len(words) <= 5 or _ends_sentence(paragraph):
        return False
    capitalised = sum(1 for w in words if w.text[:1].isupper())
    people = any(e.label_ == "PERSON" for e in paragraph.doc.ents)
    return capitalised == len(words) and (people or all(w.pos_ == "PROPN" for w in words))


def is_title_line(paragraph: Paragraph) -> bool:
    words = _words(paragraph)
    return 1 <= len(words) <= 14 and not _ends_sentence(paragraph) and paragraph.doc.text[:1].isupper()


def signatures(chunk: Chunk, lexicon: Lexicon) -> list[Signature]:
    found = []
    paragraphs = chunk.paragraphs
    for i in range(1, len(paragraphs)):
        line, quote = paragraphs[i], paragraphs[i - 1]
        if not is_name_line(line) or is_name_line(quote) or not _ends_sentence(quote):
            continue
        title = paragraphs[i + 1] if i + 1 < len(paragraphs) and is_title_line(paragraphs[i + 1]) else None
        if title is None:
            continue  # a name line alone is too often a byline or a caption credit
        head = next((t for t in reversed(line.doc) if t.pos_ == "PROPN"), None) or line.doc[-1]
        mention = mention_of(head, line, lexicon)
        if mention is None:
            continue
        if title is not None:
            mention = Mention(
                mention.span,
                mention.text,
                mention.kind,
                mention.head,
                mention.gender,
                mention.plural,
                title.doc.text.strip(),
                "PERSON",
            )
        found.append(Signature(quote, line, title, mention))
    return found


def speaks_first_person(paragraph: Paragraph) -> bool:
    """Unquoted words of a speaker: first-person pronouns outside any quotation, or only questions."""
    text = paragraph.doc.text
    if any(ch in _QUOTE_MARKS for ch in text[:2]):
        return False
    inside = False
    first_person = False
    for token in paragraph.doc:
        if token.text in _QUOTE_MARKS:
            inside = not inside
            continue
        if not inside and token.lower_ in _FIRST_PERSON and (token.lower_ != "us" or token.text == "us"):
            first_person = True
            break
    sentences = [s for s in paragraph.doc.sents if s.text.strip()]
    questions = bool(sentences) and all(s.text.rstrip().endswith("?") for s in sentences)
    return first_person or questions
