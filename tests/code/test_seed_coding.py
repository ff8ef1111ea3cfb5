"""Acceptance: the seed report coded end to end — every statement's issues exactly as in the gold, its three
estimates of likelihood (intervals overlapping the gold ones, negation and ambiguity right), and its two
moves (the Miami meeting with its place and date; Russia's demand for Donetsk, reported by Vance)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from parley.extract.pipeline import Extraction, Extractor
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def seed(extractor: Extractor) -> tuple[str, dict[str, Any], Extraction]:
    text = shared_path("seed", "vance-miami-talks.txt").read_text(encoding="utf-8")
    gold = json.loads(shared_path("seed", "vance-miami-talks.gold.json").read_text(encoding="utf-8"))
    return text, gold, extractor.extract_all(text, "vance-miami-talks")


def _statement(text: str, extraction: Extraction, quote: str) -> Any:
    start = text.find(quote)
    span = (start, start + len(quote))
    return next(
        s
        for s in extraction.statements
        if min(s.span[1], span[1]) - max(s.span[0], span[0]) >= 0.5 * min(s.span[1] - s.span[0], len(quote))
    )


def test_issues_as_in_the_gold(seed: tuple[str, dict[str, Any], Extraction]) -> None:
    text, gold, extraction = seed
    for expected in gold["statements"]:
        statement = _statement(text, extraction, expected["quote"])
        assert sorted(statement.issues) == sorted(expected["issues"]), expected["quote"][:60]
        assert all(d["evidence"] for d in statement.issue_details), "every issue says which words tell it"


def test_likelihood_as_in_the_gold(seed: tuple[str, dict[str, Any], Extraction]) -> None:
    text, gold, extraction = seed
    for expected in gold["statements"]:
        statement = _statement(text, extraction, expected["quote"])
        assert len(statement.likelihood) == len(expected["likelihood"]), expected["quote"][:60]
        for got, wanted in zip(statement.likelihood, expected["likelihood"], strict=True):
            assert got["low"] <= wanted["p_high"] and wanted["p_low"] <= got["high"], "intervals overlap"
            assert got["negated"] == wanted["negated"]
            assert got["ambiguous"] == wanted["ambiguous"]
            assert text[got["span"][0] : got["span"][1]] == got["phrase"]


def test_moves_as_in_the_gold(seed: tuple[str, dict[str, Any], Extraction]) -> None:
    text, gold, extraction = seed
    meet = next(m for m in extraction.moves if m.type == "meet")
    assert set(meet.participants) == {"United States", "Russia"}
    assert (meet.place, meet.date_text, meet.issue) == ("Miami", "December 22", "process")
    assert meet.evidence in gold["moves"][0]["evidence"] and meet.reported_by is None
    demand = next(m for m in extraction.moves if m.type == "demand")
    assert (demand.holder, demand.issue, demand.reported_by) == ("Russia", "territory", "J.D. Vance")
    assert demand.object == "territorial control over Donetsk"
    assert demand.evidence == gold["moves"][1]["evidence"]
    assert text[demand.span[0] : demand.span[1]] == demand.evidence
    # and the demand is carried by the statement it was made in
    holding = [s for s in extraction.statements if any(m["move_id"] == demand.move_id for m in s.moves)]
    assert len(holding) == 1 and holding[0].speaker is not None and holding[0].speaker.name == "J.D. Vance"
