"""Invariants on every statement of varied texts (through the `extract` fixture: text == article[span],
spans inside the text, mention and cue texts at their spans, ids unique, output deterministic), texts
that must never make the extractor raise, and chunking that loses nothing at chunk edges."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parley.extract.pipeline import Extractor
from parley.models import Statement

Extract = Callable[..., list[Statement]]

ARTICLE = (
    "MIAMI — Envoys from Washington and Kyiv met on Saturday for a third round of talks on the "
    "so-called “peace plan”, the White House said.\n\n"
    "Marco Rubio, the US secretary of state, said the talks had been “productive and useful.”\n\n"
    "“We have made progress,” Rubio told reporters, “but a lot of work remains.”\n\n"
    "“Nobody should expect a deal this week.\n\n"
    "“Or the next one,” he added.\n\n"
    "According to Dmitry Peskov, the Kremlin spokesman, Moscow had not been briefed. "
    "Peskov's deputy did not say whether Russia would send a delegation.\n\n"
    "Kaja Kallas believes that Europe must be at the table. She warned that a deal “over the heads "
    "of Ukrainians” would not last.\n\n"
    "It’s the players’ union of diplomacy, one official joked, and rock 'n' roll it isn't.\n\n"
    "We are not there yet, but we are closer than we were in the '90s.\n\n"
    "Marco Rubio\n"
    "US Secretary of State\n\n"
    "I think the next round will be decisive.\n\n"
    "The talks resume in January. 🇺🇦 “Slava Ukraini,” the crowd chanted outside.\n"
)

VARIED = [
    # a whole article mixing most constructions
    pytest.param(ARTICLE, id="article"),
    # the same article with Windows line endings
    pytest.param(ARTICLE.replace("\n", "\r\n"), id="crlf"),
    # the same article with the paragraphs run together on one line each by single breaks
    pytest.param(ARTICLE.replace("\n\n", "\n"), id="single-breaks"),
    # astral characters before a statement shift nothing: offsets are str indices
    pytest.param("🇺🇦🙏 Marco Rubio said that the talks would resume in January. 🙏", id="emoji"),
    # tabs and no-break spaces around the marks
    pytest.param("\t“We are ready to talk,”\the said.\u00a0“Yes, we are.”", id="odd-spaces"),
]


@pytest.mark.parametrize("text", VARIED)
def test_invariants_on_varied_texts(extract: Extract, text: str) -> None:
    statements = extract(text)  # the fixture checks the invariants and determinism
    assert statements, "these texts all hold statements"


def test_article_finds_its_statements(extract: Extract) -> None:
    # a sanity check that the article above is read: some statements by Rubio, none that is a scare quote
    statements = extract(ARTICLE)
    texts = [s.text for s in statements]
    assert "We have made progress," in texts
    assert "peace plan" not in texts
    assert any(s.speaker is not None and s.speaker.name == "Marco Rubio" for s in statements)


def test_article_id_is_the_one_given(extract: Extract) -> None:
    # the article id is copied onto every record, and the statement ids depend on it
    a = extract(ARTICLE, "article-a")
    b = extract(ARTICLE, "article-b")
    assert {s.article_id for s in a} == {"article-a"}
    assert [s.span for s in a] == [s.span for s in b]
    assert not {s.statement_id for s in a} & {s.statement_id for s in b}


NEVER_RAISES = [
    # empty text
    pytest.param("", id="empty"),
    # only spaces and line breaks
    pytest.param(" \n\n\t\n ", id="blank"),
    # a lone straight mark
    pytest.param('"', id="lone-straight"),
    # a lone opening mark
    pytest.param("“", id="lone-open"),
    # a lone closing mark
    pytest.param("”", id="lone-close"),
    # fifty opening marks
    pytest.param("“" * 50, id="many-opening"),
    # every style of mark, empty
    pytest.param("«»„“‹›‚‘''``", id="all-marks"),
    # an unclosed quote running to the end of a paragraph, then more text
    pytest.param("He said “We will win\n\nand then", id="unclosed"),
    # a cue with nothing after it
    pytest.param("He said:\n\n", id="cue-alone"),
    # cues with no clause
    pytest.param("said said said said that that that", id="cue-words"),
    # a name line and a title line with no quote above
    pytest.param("J.D. Vance\nVice President", id="signature-alone"),
    # a name line and a title line at the very top
    pytest.param("Marco Rubio\nUS Secretary of State\n\nI think so.", id="signature-first"),
]


@pytest.mark.parametrize("text", NEVER_RAISES)
def test_odd_texts_never_raise(extract: Extract, text: str) -> None:
    extract(text)  # no exception; invariants hold on whatever comes out


@pytest.mark.parametrize("text", [pytest.param(ARTICLE, id="article")])
def test_chunk_edges_lose_nothing(extractor: Extractor, text: str) -> None:
    # cut into chunks of a few paragraphs, the article gives the same statements as in one piece
    small = Extractor(registry=None, lexicon=extractor.lexicon, nlp=extractor.nlp, chunk_chars=300)
    whole = extractor.extract(text, "case")
    assert [(s.span, s.kind, s.speaker) for s in small.extract(text, "case")] == [
        (s.span, s.kind, s.speaker) for s in whole
    ]
