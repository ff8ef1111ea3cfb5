"""Acceptance: the report the project started from. Every statement of
../shared/seed/vance-miami-talks.gold.json is found: the right kind, speaker J.D. Vance with his role and
affiliation, and a span overlapping the gold span by at least half of the shorter one."""

from __future__ import annotations

import json
from typing import Any

import pytest

from parley.extract.pipeline import Extractor
from parley.models import Statement
from parley.negotiations import builtin_negotiations, seed_registry
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def seed() -> tuple[str, dict[str, Any], list[Statement]]:
    text = shared_path("seed", "vance-miami-talks.txt").read_text(encoding="utf-8")
    gold = json.loads(shared_path("seed", "vance-miami-talks.gold.json").read_text(encoding="utf-8"))
    extractor = Extractor(registry=seed_registry(builtin_negotiations()))
    return text, gold, extractor.extract(text, "vance-miami-talks")


def _overlaps_enough(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return shared >= 0.5 * min(a[1] - a[0], b[1] - b[0]) and shared > 0


def test_every_gold_statement_is_found(seed: tuple[str, dict[str, Any], list[Statement]]) -> None:
    text, gold, statements = seed
    assert len(gold["statements"]) == 11
    for expected in gold["statements"]:
        start = text.find(expected["quote"])
        assert start >= 0, expected["quote"]
        span = (start, start + len(expected["quote"]))
        found = [s for s in statements if _overlaps_enough(s.span, span)]
        assert found, f"not found: {expected['quote'][:60]!r}"
        statement = found[0]
        assert statement.kind == expected["kind"], expected["quote"][:60]
        assert statement.speaker is not None
        assert statement.speaker.name == "J.D. Vance"
        assert statement.speaker.role == "Vice President of the United States"
        assert statement.speaker.affiliation == "United States"
        assert statement.speaker.kind == expected["speaker_kind"]
        assert statement.text == text[statement.span[0] : statement.span[1]]


def test_mentions_and_cues_are_the_attribution_sites(
    seed: tuple[str, dict[str, Any], list[Statement]],
) -> None:
    # the words that name the speaker where each statement is attributed: "him" for "according to him",
    # the name line for the signed block quote, "Vance" for the paragraph after "Vance stated"
    text, gold, statements = seed
    by_start = {}
    for expected in gold["statements"]:
        start = text.find(expected["quote"])
        by_start[start] = expected
    for statement in statements:
        match = next(
            (e for s, e in by_start.items() if _overlaps_enough(statement.span, (s, s + len(e["quote"])))),
            None,
        )
        assert match is not None, f"a statement the gold does not have: {statement.text[:60]!r}"
        assert statement.speaker is not None and statement.speaker.mention_text == match["mention"]
        assert statement.cue is not None and statement.cue.text.lower() == match["cue"].lower()


def test_no_statement_inside_a_block_quote(seed: tuple[str, dict[str, Any], list[Statement]]) -> None:
    # "they privately acknowledge that …" and "I would say" are Vance's words, not statements of their own
    _, _, statements = seed
    assert len(statements) == 11
