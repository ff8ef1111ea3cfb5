"""`parley board`, `parley barometer` and `parley shifts` end to end, in process, on the written corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import EXIT_NOT_FOUND, EXIT_STORE, app
from tests.analyze.positions_corpus import ingest_corpus

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("analysis-cli")
    url = f"sqlite:///{folder / 'cli.db'}"
    ingest_corpus(url, folder).close()
    return url


def test_board(db: str) -> None:
    code, output = invoke("board", "--negotiation", "russia-ukraine", "--db", db, "--json")
    assert code == 0
    statuses = {row["issue"]: row["status"]["status"] for row in json.loads(output)["issues"]}
    assert statuses["ceasefire"] == "contested" and statuses["maritime"] == "agreed"
    code, output = invoke("board", "--negotiation", "russia-ukraine", "--db", db)
    assert code == 0
    assert "Ceasefire (ceasefire) — contested" in output and "Kyiv would accept" in output


def test_barometer(db: str) -> None:
    code, output = invoke("barometer", "--negotiation", "russia-ukraine", "--db", db, "--json")
    assert code == 0
    data = json.loads(output)
    assert data["event"] == "settlement" and len(data["series"]) == 2
    assert [w["week"] for w in data["weeks"]] == ["2025-W10", "2025-W11"]
    code, output = invoke("barometer", "--negotiation", "russia-ukraine", "--speaker", "Peskov", "--db", db)
    assert code == 0 and "Dmitry Peskov" in output and "Volodymyr Zelensky" not in output
    assert "2025-W11" in output
    code, output = invoke("barometer", "--negotiation", "russia-ukraine", "--event", "grain", "--db", db)
    assert code == 0 and "No estimates about the grain match" in output


def test_shifts(db: str) -> None:
    code, output = invoke("shifts", "--negotiation", "russia-ukraine", "--db", db, "--json")
    assert code == 0
    assert {s["kind"] for s in json.loads(output)} == {"reversal", "likelihood"}
    code, output = invoke("shifts", "--negotiation", "russia-ukraine", "--db", db)
    assert code == 0 and "reversal" in output and "freezes the front line" in output
    code, output = invoke("shifts", "--negotiation", "russia-ukraine", "--since", "2025-04-01", "--db", db)
    assert code == 0 and "No shifts found" in output


def test_errors(db: str, tmp_path: Path) -> None:
    code, _ = invoke("board", "--negotiation", "atlantis", "--db", db)
    assert code == EXIT_NOT_FOUND
    code, _ = invoke("shifts", "--negotiation", "russia-ukraine", "--db", str(tmp_path / "missing.db"))
    assert code == EXIT_STORE
    code, _ = invoke("barometer", "--negotiation", "russia-ukraine", "--since", "March", "--db", db)
    assert code == 2  # a usage error
