"""Quality gate: issues, moves and likelihood on parley's own coding gold set (tests/gates/coding_gold.jsonl,
standoff over the shared Ukraine corpus), extracted end to end (statements found by the extractor, not taken
from the gold). Floors for the dev set in tests/gates/coding_dev.json; the check set is reported (-s), not
gated, as it is held aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.code.evaluation import CodingScores, GoldSet, Predictions, load_gold, score_all
from parley.extract.pipeline import Extractor
from parley.ingest.dates import parse_declared_date
from tests.conftest import shared_path
from tests.gates.floors import below_floors, check_history, load, loose_floors

pytestmark = pytest.mark.gate
GOLD = Path(__file__).resolve().parents[1] / "gates" / "coding_gold.jsonl"
FLOORS = "coding_dev.json"


def predict(gold: GoldSet, corpus: Path, extractor: Extractor) -> Predictions:
    records = {}
    wanted = set(gold.articles)
    for line in corpus.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] in wanted:
            records[record["id"]] = record
    predictions = Predictions()
    for article_id, record in sorted(records.items()):
        published = parse_declared_date(record.get("date"))
        extraction = extractor.extract_all(
            record["text"], article_id, published.at.date() if published else None, record.get("title")
        )
        for statement in extraction.statements:
            predictions.statements.append(
                {"article_id": article_id, "span": list(statement.span), "issues": list(statement.issues)}
            )
            for estimate in statement.likelihood:
                predictions.likelihoods.append(
                    {
                        "article_id": article_id,
                        "span": estimate["span"],
                        "band": estimate["band"],
                        "negated": estimate["negated"],
                    }
                )
        for move in extraction.moves:
            predictions.moves.append(
                {
                    "article_id": article_id,
                    "move": move.type,
                    "holder": move.holder,
                    "issue": move.issue,
                    "span": list(move.span),
                }
            )
    return predictions


@pytest.fixture(scope="module")
def scores(extractor: Extractor) -> dict[str, CodingScores]:
    corpus = shared_path("data", "news", "ukraine_gdelt_2022", "articles.jsonl")
    gold = load_gold(GOLD, corpus)
    found = {}
    for which in ("dev", "check"):
        part = gold.select(which)
        found[which] = score_all(part, predict(part, corpus, extractor), scope="statements")
    return found


def _measured(score: CodingScores) -> dict[str, dict[str, float]]:
    return {"dev": score.headline()}


def test_coding_meets_floors(scores: dict[str, CodingScores]) -> None:
    for which, score in scores.items():
        print(which, json.dumps(score.headline()))
    below = below_floors(_measured(scores["dev"]), load(FLOORS)["floors"])
    assert not below, "coding fell below its floors:\n" + "\n".join(below)


def test_floors_are_close_to_what_is_measured(scores: dict[str, CodingScores]) -> None:
    data = load(FLOORS)
    loose = loose_floors(_measured(scores["dev"]), data["floors"], data["policy"]["max_slack"])
    assert not loose, "floors far below the measurement, raise them:\n" + "\n".join(loose)


def test_floors_file_is_sane_and_only_rises() -> None:
    data = load(FLOORS)
    assert set(data["floors"]) == {"dev"}
    assert set(data["floors"]["dev"]) == {"issue_f1", "move_f1", "likelihood_recall", "band_accuracy"}
    check_history(data)
