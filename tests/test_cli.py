"""The CLI end to end, in process: every command takes --db after its name, tables have --json twins,
and exit codes are the documented ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import EXIT_CONFIG, EXIT_NOT_FOUND, EXIT_NOTHING_INGESTED, EXIT_STORE, app
from tests.conftest import shared_path

runner = CliRunner()

STORY = (
    "Cyprus reunification talks resumed in Geneva on Thursday with the guarantor powers Greece, Turkey "
    "and Britain at the table, the United Nations said."
)


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_ingest_list_show_stats(tmp_path: Path, db: str) -> None:
    source = tmp_path / "cyprus.txt"
    source.write_text("Cyprus talks resume in Geneva\n\n" + STORY, encoding="utf-8")
    code, output = invoke("ingest", str(source), "--db", db, "--json")
    assert code == 0
    assert json.loads(output)["counts"]["new"] == 1

    code, output = invoke("ingest", str(source), "--db", db)
    assert code == 0
    assert "already stored" in output and "Nothing changed" in output  # a re-run says so

    code, output = invoke("articles", "--db", db, "--json")
    rows = json.loads(output)
    assert code == 0 and [r["title"] for r in rows] == ["Cyprus talks resume in Geneva"]

    code, output = invoke("articles", "guarantor", "--db", db, "--json")
    assert [r["key"] for r in json.loads(output)] == ["cyprus"]
    code, output = invoke("articles", "nothingmatches", "--db", db)
    assert code == 0 and "No articles match" in output

    code, output = invoke("show", "cyprus", "--db", db, "--json")
    shown = json.loads(output)
    assert shown["text"].endswith(STORY) and shown["sources"][0]["location"] == str(source)
    code, output = invoke("show", shown["id"][:6], "--db", db)  # an id prefix works too
    assert code == 0 and "guarantor powers" in output

    code, output = invoke("stats", "--db", db, "--json")
    assert json.loads(output)["articles"] == 1
    code, output = invoke("stats", "--db", db)
    assert code == 0 and "articles" in output


def test_exit_codes(tmp_path: Path, db: str) -> None:
    # nothing could be ingested
    code, output = invoke("ingest", str(tmp_path / "missing.txt"), "--db", db)
    assert code == EXIT_NOTHING_INGESTED and "no such file" in output
    # a record that does not exist
    code, output = invoke("show", "nope", "--db", db)
    assert code == EXIT_NOT_FOUND and "no article 'nope'" in output
    # a store that cannot be opened
    code, output = invoke("articles", "--db", f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    assert code == EXIT_STORE and "error" in output
    # reading a store that does not exist does not create it
    code, output = invoke("stats", "--db", f"sqlite:///{tmp_path / 'absent.db'}")
    assert code == EXIT_STORE and not (tmp_path / "absent.db").exists()
    # an invalid setting
    (tmp_path / "bad.toml").write_text("politeness_delay = 'soon'\n", encoding="utf-8")
    code, output = invoke("stats", "--db", db, "--config", str(tmp_path / "bad.toml"))
    assert code == EXIT_CONFIG and "politeness_delay" in output
    # a usage error
    code, _ = invoke("articles", "--db", db, "--since", "last week")
    assert code == 2


def test_partial_failure_still_succeeds(tmp_path: Path, db: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    code, output = invoke("ingest", str(good), str(tmp_path / "missing.txt"), "--db", db)
    assert code == 0
    assert "failures" in output and "missing.txt" in output


def test_migrate(db: str) -> None:
    code, output = invoke("migrate", "--db", db, "--json")
    assert code == 0 and json.loads(output)["applied"]
    code, output = invoke("migrate", "--db", db)
    assert code == 0 and "up to date" in output


def test_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("PARLEY_DB", f"sqlite:///{path}")
    source = tmp_path / "a.txt"
    source.write_text(STORY, encoding="utf-8")
    assert invoke("ingest", str(source))[0] == 0
    assert path.exists()


def test_seed_through_the_cli(db: str) -> None:
    seed = shared_path("seed", "vance-miami-talks.txt")
    assert invoke("ingest", str(seed), "--db", db)[0] == 0
    _, output = invoke("articles", "Zaporizhia", "--db", db, "--json")
    assert [r["key"] for r in json.loads(output)] == ["vance-miami-talks"]


def test_version() -> None:
    code, output = invoke("--version")
    assert code == 0 and output.startswith("parley ")


TALKS = (
    "Kremlin spokesman Dmitry Peskov said on Tuesday that Moscow was ready to resume talks in Istanbul.\n\n"
    "“We are open to dialogue, but not to ultimatums,” Peskov told reporters."
)


def test_extract_prints_the_statement_record(tmp_path: Path) -> None:
    source = tmp_path / "peskov.txt"
    source.write_text(TALKS, encoding="utf-8")
    code, output = invoke("extract", str(source))
    assert code == 0
    records = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert [r["kind"] for r in records] == ["indirect", "direct"]
    for record in records:
        # the record of DESIGN.md, in its order, and its contract
        assert list(record)[:10] == [
            "article_id",
            "statement_id",
            "kind",
            "text",
            "span",
            "speaker",
            "cue",
            "continues",
            "mixed",
            "issues",
        ]
        assert record["article_id"] == "peskov"
        assert TALKS[record["span"][0] : record["span"][1]] == record["text"]
        assert record["speaker"]["name"] == "Dmitry Peskov"
    assert records[1]["speaker"]["mention_text"] == "Peskov" and records[1]["cue"]["text"] == "told"
    code, output = invoke("extract", str(source), "--format", "json")
    assert code == 0 and len(json.loads(output)) == 2
    code, output = invoke("extract", str(source), "--format", "table")
    assert code == 0 and "Dmitry Peskov" in output


def test_statements_and_actors_commands(tmp_path: Path, db: str) -> None:
    source = tmp_path / "peskov.txt"
    source.write_text(TALKS, encoding="utf-8")
    assert invoke("ingest", str(source), "--db", db)[0] == 0
    code, output = invoke("statements", "--db", db, "--speaker", "Peskov", "--json")
    assert code == 0 and len(json.loads(output)) == 2
    code, output = invoke("statements", "ultimatums", "--db", db, "--kind", "direct", "--json")
    assert [r["text"] for r in json.loads(output)] == ["We are open to dialogue, but not to ultimatums,"]
    code, output = invoke("statements", "--db", db, "--kind", "sideways")
    assert code == 2
    code, output = invoke("actors", "--db", db, "--search", "peskov", "--json")
    assert [a["statements"] for a in json.loads(output)] == [2]
    code, output = invoke("actors", "merge", "Peskov", "Dmitry Peskov", "--db", db)
    assert code == EXIT_NOT_FOUND and "same actor" in output
    code, output = invoke("actors", "merge", "Peskov", "Putin", "--db", db, "--json")
    assert code == 0 and json.loads(output)["statements_moved"] == 0
    code, output = invoke("actors", "merge", "Peskov", "Nobody Atall", "--db", db)
    assert code == EXIT_NOT_FOUND and "no actor" in output


def test_eval_polnear_on_a_folder(tmp_path: Path) -> None:
    # a PolNeAR-format folder written here: one article, one gold quote
    folder = tmp_path / "polnear"
    (folder / "tiny" / "text").mkdir(parents=True)
    (folder / "tiny" / "text" / "a1.txt").write_text(TALKS, encoding="utf-8")
    start = TALKS.index("“")
    gold = {
        "article_id": "a1",
        "quote_type": "direct",
        "source": {"text": "Peskov", "spans": [[TALKS.index("Peskov told"), TALKS.index("Peskov told") + 6]]},
        "cue": {"text": "told"},
        "content": {"text": "…", "spans": [[start, TALKS.index("”") + 1]]},
    }
    (folder / "tiny" / "attributions.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    code, output = invoke(
        "eval",
        "polnear",
        str(folder),
        "--split",
        "tiny",
        "--json",
        "--predictions",
        str(tmp_path / "p.jsonl"),
    )
    assert code == 0
    direct = json.loads(output)["direct"]
    assert (direct["gold"], direct["matched"], direct["f1"], direct["speaker_accuracy"]) == (1, 1, 1.0, 1.0)
    assert (tmp_path / "p.jsonl").read_text(encoding="utf-8").count("\n") == 2
    code, output = invoke("eval", "polnear", str(folder), "--split", "missing")
    assert code == EXIT_NOT_FOUND
