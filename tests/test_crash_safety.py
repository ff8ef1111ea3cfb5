"""Crash safety, the fast version of `bench/kill_loop.py`: `parley ingest` killed with SIGKILL during
start-up and between documents, on SQLite and on PostgreSQL; after each kill the store is whole and
every article it holds complete, and a re-run ends with the store a single uninterrupted run gives."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from pathlib import Path

import pytest
from bench.crash_checks import (
    Snapshot,
    completeness_problems,
    equality_problems,
    integrity_problems,
    snapshot,
)
from bench.kill_loop import corpus_keys, run_ingest

from parley.config import Settings
from parley.ingest.pipeline import ingest
from parley.store import Store
from tests.conftest import shared_path

DOCUMENTS = 12

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = shared_path("data", "news", "ukraine_gdelt_2022", "articles.jsonl")
    target = tmp_path_factory.mktemp("crash") / "corpus.jsonl"
    with source.open("rb") as handle:
        target.write_bytes(b"".join(itertools.islice(handle, DOCUMENTS)))
    return target


@pytest.fixture(scope="module")
def reference_db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One uninterrupted run, in this process (the CLI calls the same function): statements do not depend
    on the engine, so SQLite's reference serves PostgreSQL too."""
    path = tmp_path_factory.mktemp("reference") / "reference.db"
    with Store.open(f"sqlite:///{path}") as store:
        ingest([str(corpus)], store, Settings(db=f"sqlite:///{path}"), workers=1)
    return path


@pytest.fixture(scope="module")
def reference(reference_db: Path) -> Snapshot:
    snap = snapshot(f"sqlite:///{reference_db}")
    assert snap.statement_count > 20, "the corpus must give statements for the check to mean anything"
    return snap


def test_the_checks_catch_a_torn_store(reference_db: Path, reference: Snapshot, tmp_path: Path) -> None:
    # what a crash between two writes of one article would leave: the checks must see it
    torn = tmp_path / "torn.db"
    shutil.copy(reference_db, torn)
    url = f"sqlite:///{torn}"
    assert integrity_problems(url) == [] and equality_problems(snapshot(url), reference) == []
    with sqlite3.connect(torn) as connection:
        article = connection.execute("SELECT article_id FROM statements LIMIT 1").fetchone()[0]
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("DELETE FROM statements WHERE article_id = ? AND seq % 2 = 0", (article,))
        connection.execute("DELETE FROM article_sources WHERE article_id = ?", (article,))
    problems = completeness_problems(snapshot(url), reference, Snapshot())
    assert len(problems) == 1 and problems[0].startswith(f"article {article}: "), problems
    assert integrity_problems(url) == ["1 articles without a source"]


# (kill at N seconds, kill once N documents are reported done); each run resumes from the previous one
SQLITE_KILLS = [
    (1.5, None),  # during start-up: imports, opening and migrating the store
    (None, 3),  # between documents, from a fresh store
    (None, 8),  # after a resume that re-reads the first documents
]
POSTGRES_KILLS = [(None, 2), (None, 7)]


@pytest.mark.parametrize(
    ("engine", "kills"), [("sqlite", SQLITE_KILLS), ("postgresql", POSTGRES_KILLS)], ids=["sqlite", "pg"]
)
def test_killed_ingest_leaves_a_whole_store_and_resumes(
    engine: str,
    kills: list[tuple[float | None, int | None]],
    corpus: Path,
    reference: Snapshot,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'killed.db'}"
        if engine == "sqlite"
        else request.getfixturevalue("pg_database")
    )
    keys = corpus_keys(corpus)
    before = Snapshot()
    for at, after_done in kills:
        run = run_ingest(corpus, url, workers=1, kill_at=at, kill_after_done=after_done)
        assert run.killed, f"the run ended before its kill: {run.output[-1500:]!r}"
        current = snapshot(url)
        assert integrity_problems(url) == []
        assert completeness_problems(current, reference, before) == []
        have = {key for _, _, key in current.sources}
        assert set(keys[: run.reported_done]) <= have, "every document reported done is stored"
        if after_done is not None:
            assert run.reported_done >= after_done
            assert len(current.articles) >= len(before.articles)
        before = current
    assert before.statement_count > 0, "some kill came after statements were stored"
    final = run_ingest(corpus, url, workers=1)
    assert final.returncode == 0, final.output[-2000:]
    assert integrity_problems(url) == []
    assert equality_problems(snapshot(url), reference) == []
