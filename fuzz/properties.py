"""The properties fuzzed, as plain checks that raise AssertionError (or let an unexpected exception out):
shared by the hypothesis tests (`tests/test_properties.py`) and the long fuzz run (`fuzz/run.py`)."""

from __future__ import annotations

from parley.code.likelihood import band_of, find_likelihood
from parley.errors import ParleyError
from parley.extract.pipeline import Extractor
from parley.ingest.feeds import fragment_to_text, parse_feed
from parley.ingest.html import extract_page


def check_extraction(extractor: Extractor, text: str) -> int:
    """Any text: no exception, every span inside the text and giving the statement's words, every speaker
    mention and cue likewise, statement ids unique, and the same output a second time. Returns the
    number of statements."""
    extraction = extractor.extract_all(text, "fuzz")
    statements = extraction.statements
    ids = [s.statement_id for s in statements]
    assert len(set(ids)) == len(ids), "statement ids are unique"
    for s in statements:
        start, end = s.span
        assert 0 <= start < end <= len(text), f"span {s.span} outside a text of {len(text)}"
        assert text[start:end] == s.text, f"text[{start}:{end}] != statement text"
        if s.speaker is not None and s.speaker.mention is not None:
            m0, m1 = s.speaker.mention
            assert 0 <= m0 < m1 <= len(text), f"mention {s.speaker.mention} outside the text"
            assert text[m0:m1] == s.speaker.mention_text, "mention_text is the text at the mention"
        if s.cue is not None and s.cue.span is not None:
            c0, c1 = s.cue.span
            assert 0 <= c0 < c1 <= len(text), f"cue {s.cue.span} outside the text"
            assert text[c0:c1] == s.cue.text, "cue text is the text at the cue span"
        for estimate in s.likelihood:
            l0, l1 = estimate["span"]
            assert text[l0:l1] == estimate["phrase"], "likelihood phrase is the text at its span"
    for move in extraction.moves:
        assert 0 <= move.span[0] <= move.span[1] <= len(text), f"move span {move.span} outside the text"
    again = extractor.extract_all(text, "fuzz")
    assert again.statements == statements, "extracting twice gives the same statements"
    assert again.moves == extraction.moves, "extracting twice gives the same moves"
    return len(statements)


def check_likelihood(text: str) -> int:
    """Any text: each estimate a probability in [0, 1] inside its interval, its band the band of its
    point, its phrase and event the words at their spans. Returns the number of estimates."""
    found = find_likelihood(text)
    for estimate in found:
        assert 0.0 <= estimate.low <= estimate.p <= estimate.high <= 1.0, (
            f"{estimate.phrase!r}: low {estimate.low}, p {estimate.p}, high {estimate.high}"
        )
        assert estimate.band == band_of(estimate.p), (
            f"{estimate.phrase!r}: band {estimate.band} for p {estimate.p}"
        )
        s0, s1 = estimate.span
        assert text[s0:s1] == estimate.phrase, "phrase is the text at its span"
        if estimate.event_span is not None:
            e0, e1 = estimate.event_span
            assert text[e0:e1] == estimate.event, "event is the text at its span"
    return len(found)


def check_feed(data: bytes) -> int:
    """Any bytes: a feed, or SourceError, nothing else; each item's text plain text. Returns the items."""
    try:
        feed = parse_feed(data, "fuzz", base="https://news.example.org/feed.xml")
    except ParleyError:
        return 0
    for index, item in enumerate(feed.items):
        assert item.index == index
        assert isinstance(item.text, str) and item.text == item.text.strip(), "item text is trimmed text"
        assert item.link is None or item.link.strip() == item.link
    return len(feed.items)


def check_fragment(fragment: str) -> None:
    """Any string as an HTML fragment (a feed item's summary): plain text out, no exception."""
    text = fragment_to_text(fragment)
    assert isinstance(text, str)


def check_html(data: bytes | str) -> int:
    """Any bytes or string as a page: its text and metadata, or SourceError, nothing else. Returns the
    length of the text found."""
    try:
        page = extract_page(data, "https://news.example.org/story.html", "fuzz")
    except ParleyError:
        return 0
    assert page.text.strip(), "a page is returned only with text"
    assert "\x00" not in page.text
    return len(page.text)
