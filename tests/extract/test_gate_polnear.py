"""Quality gate: quote extraction and speaker attribution on PolNeAR dev, floors in
tests/gates/quotes_polnear.json (read its policy). The metric is parley's implementation of the reference
scorer; `test_metric_agrees_with_the_reference_scorer` runs the shared script itself on the same
predictions and demands the same figures. Run with -s to see them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from parley.extract.evaluation import Evaluation, evaluate_polnear
from parley.extract.pipeline import Extractor
from tests.conftest import shared_path
from tests.gates.floors import below_floors, check_history, load, loose_floors

pytestmark = pytest.mark.gate
FLOORS = "quotes_polnear.json"


@pytest.fixture(scope="module")
def dev(extractor: Extractor) -> Evaluation:
    folder = shared_path("data", "polnear")
    return evaluate_polnear(folder, "dev", extractor.extract)


def _measured(evaluation: Evaluation) -> dict[str, dict[str, float]]:
    return {"direct": evaluation.direct.to_dict(), "indirect": evaluation.indirect.to_dict()}


def test_extraction_meets_floors(dev: Evaluation) -> None:
    print(json.dumps(dev.to_dict(), indent=1))
    assert dev.articles == 84
    below = below_floors(_measured(dev), load(FLOORS)["floors"])
    assert not below, "quote extraction fell below its floors:\n" + "\n".join(below)


def test_floors_are_close_to_what_is_measured(dev: Evaluation) -> None:
    data = load(FLOORS)
    loose = loose_floors(_measured(dev), data["floors"], data["policy"]["max_slack"])
    assert not loose, "floors far below the measurement, raise them:\n" + "\n".join(loose)


def test_floors_file_is_sane_and_only_rises() -> None:
    data = load(FLOORS)
    assert set(data["floors"]) == {"direct", "indirect"}
    for scope in data["floors"].values():
        assert all(0.5 <= floor <= 1.0 for floor in scope.values())
    check_history(data)


def test_metric_agrees_with_the_reference_scorer(dev: Evaluation, tmp_path: Path) -> None:
    scorer = shared_path("tools", "score_quotes.py")
    predictions = tmp_path / "predictions.jsonl"
    predictions.write_text(
        "".join(
            json.dumps(
                {
                    "article_id": p.article_id,
                    "kind": p.kind,
                    "span": list(p.span),
                    "speaker": {"name": p.name, "mention": list(p.mention) if p.mention else None},
                }
            )
            + "\n"
            for p in dev.predictions
        ),
        encoding="utf-8",
    )
    for ours in (dev.direct, dev.indirect):
        done = subprocess.run(
            [sys.executable, str(scorer), str(predictions), "dev", "--kind", ours.kind],
            capture_output=True,
            text=True,
            check=True,
        )
        reference = json.loads(done.stdout)
        assert (reference["gold"], reference["pred"], reference["tp"]) == (
            ours.gold,
            ours.predicted,
            ours.matched,
        )
        assert reference["quote_F1"] == round(ours.f1, 3)
        assert reference["speaker_acc_on_matched"] == round(ours.speaker_accuracy, 3)
        assert reference["joint_F1"] == round(ours.joint_f1, 3)
