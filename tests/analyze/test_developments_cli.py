"""`parley analyze`, `parley developments` and `parley timeline` end to end, in process, on the talks
corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import EXIT_NOT_FOUND, EXIT_STORE, app
from tests.analyze.talks_corpus import MEDINSKY, NEGOTIATION, ingest_talks

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("developments-cli")
    url = f"sqlite:///{folder / 'cli.db'}"
    ingest_talks(url, folder).close()
    code, output = invoke("analyze", "--negotiation", NEGOTIATION, "--db", url, "--json")
    assert code == 0, output
    assert json.loads(output) == [
        {
            "negotiation": NEGOTIATION,
            "articles": 6,
            "developments": 3,
            "multi_article": 2,
            "largest": 3,
            "sizes": {"1": 1, "2": 1, "3": 1},
        }
    ]
    return url


def test_analyze_every_negotiation(db: str) -> None:
    code, output = invoke("analyze", "--db", db)
    assert code == 0
    assert "russia-ukraine" in output and "cyprus-2017" in output  # every negotiation parley knows


def test_developments_list_and_show(db: str) -> None:
    code, output = invoke("developments", "--db", db, "--json")
    rows = json.loads(output)
    assert code == 0 and [r["date"] for r in rows] == ["2025-05-23", "2025-05-16", "2025-05-16"]
    code, output = invoke("developments", "--db", db, "--source", "eurowatch", "--json")
    [first_round] = json.loads(output)
    assert first_round["sources"] == 3
    code, output = invoke("developments", "--db", db, "--order", "score", "--limit", "1", "--json")
    assert json.loads(output)[0]["score"] == max(r["score"] for r in rows)

    code, output = invoke("developments", "show", first_round["id"][:12], "--db", db, "--json")
    shown = json.loads(output)
    assert code == 0 and shown["id"] == first_round["id"] and len(shown["members"]) == 3
    [said] = [s for s in shown["said"] if MEDINSKY in s["text"]]
    assert len(said["outlets"]) == 3 and len(said["sources"]) == 3

    code, output = invoke("developments", "show", first_round["id"], "--db", db)
    assert code == 0 and "satisfied" in output and "eurowatch" in output  # wrapped in a table
    code, output = invoke("developments", "--db", db)
    assert code == 0 and "Zaporizhzhia" in output


def test_timeline(db: str) -> None:
    code, output = invoke("timeline", "--negotiation", NEGOTIATION, "--db", db, "--json")
    days = json.loads(output)
    assert code == 0 and [d["date"] for d in days] == ["2025-05-16", "2025-05-23"]
    code, output = invoke(
        "timeline",
        "--negotiation",
        NEGOTIATION,
        "--issue",
        "nuclear_and_infrastructure",
        "--db",
        db,
        "--json",
    )
    [day] = json.loads(output)
    assert [d["headline"] for d in day["developments"]] == [
        "Zaporizhzhia nuclear plant loses external power again, IAEA says"
    ]
    code, output = invoke("timeline", "--negotiation", NEGOTIATION, "--db", db)
    assert code == 0 and "2025-05-23" in output
    code, output = invoke("timeline", "--negotiation", "cyprus-2017", "--db", db)
    assert code == 0 and "No developments of cyprus-2017" in output


def test_errors(db: str, tmp_path: Path) -> None:
    code, output = invoke("analyze", "--negotiation", "atlantis", "--db", db)
    assert code == EXIT_NOT_FOUND and "no negotiation 'atlantis'" in output
    code, output = invoke("timeline", "--negotiation", "atlantis", "--db", db)
    assert code == EXIT_NOT_FOUND and "no negotiation 'atlantis'" in output
    code, output = invoke("developments", "show", "dev_nothing", "--db", db)
    assert code == EXIT_NOT_FOUND
    code, output = invoke("developments", "--party", "Narnia", "--negotiation", NEGOTIATION, "--db", db)
    assert code == EXIT_NOT_FOUND and "not a party" in output
    code, output = invoke("timeline", "--negotiation", NEGOTIATION, "--since", "May 1", "--db", db)
    assert code == 2
    code, output = invoke("developments", "--db", f"sqlite:///{tmp_path / 'missing.db'}")
    assert code == EXIT_STORE  # reading never creates a store
