"""Concurrency: two `parley ingest` processes into one PostgreSQL database at once (overlapping sources, a
store neither has created yet) store nothing twice; a reader process querying a SQLite store while an ingest
writes to it never meets "database is locked"."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from bench.crash_checks import integrity_problems, snapshot

from parley.config import Settings
from parley.extract.pipeline import Extraction, statement_id
from parley.ingest.dedupe import content_id
from parley.ingest.pipeline import ingest
from parley.models import Article, Outcome, SourceRef, Speaker, Statement
from parley.store import Store
from parley.store import store as store_module
from parley.store.actors import save_actor as original_save_actor
from tests.conftest import ROOT, shared_path

pytestmark = pytest.mark.slow

PARLEY = [sys.executable, "-c", "from parley.cli import main; main()"]


def write_records(target: Path, start: int, stop: int) -> Path:
    source = shared_path("data", "news", "ukraine_gdelt_2022", "articles.jsonl")
    with source.open("rb") as handle:
        target.write_bytes(b"".join(itertools.islice(handle, start, stop)))
    return target


def start_ingest(sources: list[Path], db: str) -> subprocess.Popen[str]:
    command = [*PARLEY, "ingest", *map(str, sources), "--db", db, "--workers", "1", "--json"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str], timeout: float = 240) -> dict[str, Any]:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-3000:]
    return dict(json.loads(out))


def test_two_ingests_into_one_postgresql_database_store_nothing_twice(
    pg_database: str, tmp_path: Path
) -> None:
    shared = write_records(tmp_path / "shared.jsonl", 0, 10)  # both processes read these
    first = write_records(tmp_path / "first.jsonl", 6, 14)  # overlaps `shared` in records 6-9
    second = write_records(tmp_path / "second.jsonl", 14, 18)
    # started together on a database with no tables yet: both open (and would migrate) the store at once
    processes = [start_ingest([shared, first], pg_database), start_ingest([shared, second], pg_database)]
    summaries = [finish(p) for p in processes]
    assert all(not s["failures"] for s in summaries), summaries

    reference_url = f"sqlite:///{tmp_path / 'serial.db'}"
    with Store.open(reference_url) as store:
        for sources in ([shared, first], [shared, second]):
            ingest([str(p) for p in sources], store, Settings(db=reference_url), workers=1)
    serial, concurrent = snapshot(reference_url), snapshot(pg_database)

    assert integrity_problems(pg_database) == []  # no orphans, no duplicated rows, the schema at head
    assert concurrent.articles == serial.articles  # each text once, under the key of its first source
    assert concurrent.sources == serial.sources  # each record linked once
    assert concurrent.statements == serial.statements  # each statement once, none lost
    # every document was handled once by each process: stored, or found already stored
    assert [sum(s["counts"].values()) for s in summaries] == [18, 14]


READER = """
import json, sys, time
from pathlib import Path
from parley.models import Article, Outcome, SourceRef, Speaker, Statement
from parley.store import Store
from parley.store import store as store_module
from parley.store.actors import save_actor as original_save_actor
from parley.store.queries import ArticleFilter, find_articles, get_article, store_stats
from parley.store.statement_queries import StatementFilter, find_statements

url, stop = sys.argv[1], Path(sys.argv[2])
reads, errors, counts = 0, [], []
while not stop.exists():
    try:
        with Store.open(url, create=False) as store, store.reading() as connection:
            counts.append(store_stats(connection)["articles"])
            rows = find_articles(connection, ArticleFilter(text="Ukraine", limit=5))
            for row in rows[:2]:
                get_article(connection, row.id)
            find_statements(connection, StatementFilter(limit=20))
        reads += 1
    except Exception as exc:
        if "no store at" not in str(exc):  # the writer has not created the file yet
            errors.append(f"{type(exc).__name__}: {exc}")
    time.sleep(0.02)
print(json.dumps({"reads": reads, "errors": errors[:5], "counts": sorted(set(counts))}))
"""


def test_reader_during_a_sqlite_ingest_is_never_locked_out(tmp_path: Path) -> None:
    corpus = write_records(tmp_path / "corpus.jsonl", 0, 16)
    db = tmp_path / "parley.db"
    url = f"sqlite:///{db}"
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, url, str(stop)], stdout=subprocess.PIPE, text=True, env=env
    )
    writer = start_ingest([corpus], url)
    cli_reads: list[tuple[int, str]] = []
    while writer.poll() is None:
        if db.exists() and len(cli_reads) < 2:  # the CLI too, each command a new process
            cli = subprocess.run(
                [*PARLEY, "statements", "--db", url, "--json", "--limit", "5"], capture_output=True, text=True
            )
            cli_reads.append((cli.returncode, cli.stderr[-500:]))
        time.sleep(0.2)
    summary = finish(writer)
    stop.touch()
    report = json.loads(reader.communicate(timeout=60)[0])
    assert report["errors"] == [], report
    assert summary["counts"]["new"] > 0
    # the reader read throughout the ingest, and saw the store grow
    assert len(report["counts"]) >= 3, report
    assert report["counts"][-1] > report["counts"][0]
    assert cli_reads and all(code == 0 for code, _ in cli_reads), cli_reads


def _article_naming(names: list[str], key: str) -> tuple[Article, Extraction]:
    """An article quoting each of `names` in turn, with its extraction."""
    text = " ".join(f'"We will talk," said {name}.' for name in names) + f" ({key})"
    statements = []
    for name in names:
        start = text.index(f'"We will talk," said {name}')
        speaker = Speaker(
            name, (text.index(name, start), text.index(name, start) + len(name)), name, "person"
        )
        span = (start + 1, start + 14)
        statements.append(
            Statement(
                key, statement_id(key, "direct", span), "direct", text[span[0] : span[1]], span, speaker, None
            )
        )
    article = Article(content_id(text), key, text, SourceRef("file", f"{key}.txt", key))
    return article, Extraction(statements, [])


def test_two_writers_naming_the_same_new_people_do_not_deadlock(
    pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two transactions each write an article naming the same two new people, in opposite orders. Each
    # pauses after writing its first actor until the other has written its own (or 3 s have passed): were
    # actors written in the order the text names them, each would then wait for the other's row and
    # PostgreSQL would abort one of them as a deadlock.
    stores = [Store.open(pg_database), Store.open(pg_database)]
    for store in stores:
        store.registry()  # seeded before the race
    barrier = threading.Barrier(2, timeout=3)
    first_write = threading.local()

    def save_actor(connection: Any, actor: Any, origin: str, now: Any) -> None:
        original_save_actor(connection, actor, origin, now)
        if origin == "text" and not getattr(first_write, "done", False):
            first_write.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()

    monkeypatch.setattr(store_module, "save_actor", save_actor)
    names = ["Ilona Varga-Hentz", "Tomasz Okonkwo-Berg"]
    jobs = [_article_naming(names, "first"), _article_naming(names[::-1], "second")]
    results: list[object] = [None, None]

    def write(index: int) -> None:
        article, extraction = jobs[index]
        try:
            results[index] = stores[index].add_article(article, extraction=extraction).outcome
        except Exception as exc:
            results[index] = exc

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for store in stores:
        store.close()
    assert results == [Outcome.NEW, Outcome.NEW], results
    assert snapshot(pg_database).statement_count == 4
