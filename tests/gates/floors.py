"""Shared rules of the quality gates' floors files (tests/gates/*.json): floors only rise, every change is
recorded with why, and a floor may not sit far below what is measured."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

GATES = Path(__file__).resolve().parent


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GATES / name).read_text(encoding="utf-8"))
    return data


def below_floors(measured: dict[str, dict[str, float]], floors: dict[str, dict[str, float]]) -> list[str]:
    """What fell under its floor, as readable lines."""
    return [
        f"{scope}.{metric}: {measured[scope][metric]:.4f} < floor {floor:.4f}"
        for scope, metrics in floors.items()
        for metric, floor in metrics.items()
        if measured[scope][metric] < floor
    ]


def loose_floors(
    measured: dict[str, dict[str, float]], floors: dict[str, dict[str, float]], slack: float
) -> list[str]:
    """Floors more than `slack` below the measurement: they would let a regression through."""
    return [
        f"{scope}.{metric}: measured {measured[scope][metric]:.4f}, floor {floor:.4f}"
        for scope, metrics in floors.items()
        for metric, floor in metrics.items()
        if measured[scope][metric] - floor > slack
    ]


def check_history(data: dict[str, Any]) -> None:
    """The floors are the last history entry, and no entry lowers a floor without saying why."""
    floors, history = data["floors"], data["history"]
    assert history, "the history records every change of the floors"
    assert history[-1]["floors"] == floors, "the current floors are the last history entry"
    for before, after in itertools.pairwise(history):
        assert after.get("why"), "every change of the floors says why"
        lowered = [
            f"{scope}.{metric}"
            for scope, metrics in before["floors"].items()
            for metric, value in metrics.items()
            if after["floors"].get(scope, {}).get(metric, 0.0) < value
        ]
        assert not lowered or after.get("lowered"), (
            f"floors lowered without a `lowered` reason on {after.get('when')}: {lowered}"
        )
