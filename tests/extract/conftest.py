"""Fixtures for the extractor's unit tests. The spaCy model loads once per session; `extract` runs the
extractor and checks, on every call, the invariants that hold for any statement of any text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parley.extract.pipeline import Extractor
from parley.models import Statement

Extract = Callable[..., list[Statement]]


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The extractor without a registry: these tests check what the text alone yields."""
    return Extractor()


def check_invariants(text: str, article_id: str, statements: list[Statement]) -> None:
    """What DESIGN.md promises of every statement record."""
    ids = [s.statement_id for s in statements]
    assert len(set(ids)) == len(ids), "statement ids are unique"
    assert [s.span for s in statements] == sorted(s.span for s in statements), "statements in text order"
    seen: set[str] = set()
    for s in statements:
        start, end = s.span
        assert 0 <= start < end <= len(text), f"span {s.span} outside the text"
        assert s.text == text[start:end], "text == article[span[0]:span[1]]"
        assert s.article_id == article_id
        assert s.kind in ("direct", "indirect")
        assert s.extractor, "the extractor version is stored on every record"
        if s.speaker is not None and s.speaker.mention is not None:
            m0, m1 = s.speaker.mention
            assert 0 <= m0 < m1 <= len(text)
            assert text[m0:m1] == s.speaker.mention_text, "mention_text is the text at the mention span"
        if s.cue is not None and s.cue.span is not None:
            c0, c1 = s.cue.span
            assert 0 <= c0 < c1 <= len(text)
            assert text[c0:c1] == s.cue.text, "cue text is the text at the cue span"
        if s.continues is not None:
            assert s.continues in seen, "continues points to an earlier statement of the same article"
        seen.add(s.statement_id)


@pytest.fixture(scope="session")
def extract(extractor: Extractor) -> Extract:
    """`extract(text)`: the statements of `text`, after checking the invariants and that a second run
    gives the same output (extraction is deterministic)."""

    def run(text: str, article_id: str = "case") -> list[Statement]:
        statements = extractor.extract(text, article_id)
        check_invariants(text, article_id, statements)
        assert extractor.extract(text, article_id) == statements, "extracting twice gives the same output"
        return statements

    return run
