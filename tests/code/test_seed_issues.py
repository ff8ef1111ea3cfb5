"""Acceptance: the issues of every statement of the seed report are exactly those of
../shared/seed/vance-miami-talks.gold.json. The statement's span is found by its quote; the tagger is the
one for the negotiations the report is routed to."""

from __future__ import annotations

import json
from typing import Any

import pytest

from parley.code.issues import IssueTagger
from parley.code.routing import route
from parley.negotiations import builtin_negotiations
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def seed() -> tuple[str, dict[str, Any]]:
    text = shared_path("seed", "vance-miami-talks.txt").read_text(encoding="utf-8")
    gold = json.loads(shared_path("seed", "vance-miami-talks.gold.json").read_text(encoding="utf-8"))
    return text, gold


@pytest.fixture(scope="module")
def tagger(seed: tuple[str, dict[str, Any]]) -> IssueTagger:
    text, gold = seed
    routed = {r.negotiation_id for r in route(text, gold["title"], builtin_negotiations())}
    assert routed == {"russia-ukraine"}
    return IssueTagger.for_negotiations(n for n in builtin_negotiations() if n.id in routed)


def test_every_statement_has_the_gold_issues(seed: tuple[str, dict[str, Any]], tagger: IssueTagger) -> None:
    text, gold = seed
    assert len(gold["statements"]) == 11
    wrong = []
    for statement in gold["statements"]:
        start = text.find(statement["quote"])
        assert start >= 0, statement["quote"]
        tags = tagger.tag(text, (start, start + len(statement["quote"])))
        got = [tag.id for tag in tags]
        if got != statement["issues"]:
            wrong.append((statement["quote"][:50], statement["issues"], got))
    assert not wrong, wrong


def test_every_statement_has_evidence_in_the_text(
    seed: tuple[str, dict[str, Any]], tagger: IssueTagger
) -> None:
    text, gold = seed
    for statement in gold["statements"]:
        start = text.find(statement["quote"])
        for tag in tagger.tag(text, (start, start + len(statement["quote"]))):
            assert tag.evidence and 0 < tag.score <= 1
            for begin, end in tag.spans:
                assert 0 <= begin < end <= len(text)
