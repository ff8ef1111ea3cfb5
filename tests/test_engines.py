"""The engines give the same store: this process, local worker processes, and a Dask LocalCluster."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from parley.config import Settings
from parley.ingest.pipeline import ingest
from parley.models import IngestResult
from parley.store import Store
from parley.store.schema import (
    actors,
    article_negotiations,
    article_sources,
    articles,
    likelihoods,
    mentions,
    moves,
    near_duplicates,
    statement_issues,
    statements,
)
from tests.conftest import fresh_pg_database, shared_path

# what the engines must agree on (times of ingestion aside)
COMPARED = {
    articles: ["id", "key", "title", "text", "published_at", "language"],
    article_sources: ["article_id", "location", "key"],
    near_duplicates: ["article_id", "similar_id", "similarity"],
    statements: [
        "id",
        "article_id",
        "kind",
        "start",
        "end",
        "speaker_name",
        "speaker_actor_id",
        "cue_text",
        "continues",
        "issues",
        "text_key",
    ],
    mentions: ["article_id", "start", "end", "actor_id"],
    moves: ["id", "type", "holder", "holder_actor_id", "issue", "start", "end"],
    likelihoods: ["id", "p", "band", "negated"],
    statement_issues: ["statement_id", "issue"],
    article_negotiations: ["article_id", "negotiation", "score"],
    actors: ["id", "name", "kind", "role"],
}


def snapshot(url: str) -> dict[str, list[Any]]:
    with Store.open(url, create=False) as store, store.reading() as connection:
        return {
            table.name: sorted(
                map(tuple, connection.execute(select(*(table.c[c] for c in columns))).all()), key=repr
            )
            for table, columns in COMPARED.items()
        }


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """80 real articles of the Ukraine corpus (read in place, written to a temp file for this test)."""
    corpus = shared_path("data", "news", "ukraine_gdelt_2022", "articles.jsonl")
    lines = corpus.read_text(encoding="utf-8").splitlines()[:80]
    path = tmp_path_factory.mktemp("engines") / "sample.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(url: str, sample: Path, **engine: Any) -> dict[str, list[Any]]:
    with Store.open(url) as store:
        summary = ingest([str(sample)], store, Settings(db=url), **engine)
        assert not summary.failures
    return snapshot(url)


def test_process_pool_and_dask_give_the_store_of_a_serial_run(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster

    from parley.batch import local

    serial = _run(f"sqlite:///{tmp_path / 'serial.db'}", sample, workers=1)
    assert len(serial["statements"]) > 200  # a real workload, not an empty comparison
    pooled = _run(f"sqlite:///{tmp_path / 'pool.db'}", sample, workers=2)
    assert pooled == serial
    # workers replaced every 15 documents (each of the 80 passes through 5 or 6 fresh processes, which must
    # be set up as the first ones were)
    monkeypatch.setattr(local, "DOCUMENTS_PER_WORKER", 15)
    renewed = _run(f"sqlite:///{tmp_path / 'renewed.db'}", sample, workers=2)
    assert renewed == serial
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        clustered = _run(f"sqlite:///{tmp_path / 'dask.db'}", sample, scheduler=client)
    assert clustered == serial


def test_dask_workers_write_to_postgresql_the_store_of_a_serial_run(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster

    from parley.batch import dask
    from parley.ingest import pipeline

    with (
        fresh_pg_database() as serial_url,
        fresh_pg_database() as dask_url,
        fresh_pg_database() as behind_url,
        fresh_pg_database() as killed_url,
    ):
        serial = _run(serial_url, sample, workers=1)
        assert len(serial["statements"]) > 200 and len(serial["actors"]) > 20

        def no_writes_here(*args: Any) -> None:
            raise AssertionError("the workers write on PostgreSQL, not the process that reads the sources")

        # the workers are other processes: only this one's writes are refused
        monkeypatch.setattr(pipeline, "write_prepared", no_writes_here)
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        with cluster, Client(cluster) as client:
            assert _run(dask_url, sample, scheduler=client) == serial
            # a worker killed mid-run: what it held is done again on the other and on its replacement
            victim = next(iter(client.run(os.getpid).values()))
            with Store.open(killed_url) as store:
                summary = ingest(
                    [str(sample)], store, Settings(db=killed_url), _KillAt(12, victim), scheduler=client
                )
            assert not summary.failures and sum(summary.counts.values()) == 80
            with pytest.raises(ProcessLookupError):
                os.kill(victim, 0)
            assert snapshot(killed_url) == serial
            # small partitions, and each write handed the additions of only the write before it: a worker
            # two or more partitions behind catches up from the database
            monkeypatch.setattr(dask.DaskEngine, "__init__", _handover_of_one(dask.DaskEngine.__init__))
            assert _run(behind_url, sample, scheduler=client) == serial


class _KillAt:
    """Progress that kills process `pid` once `count` articles are stored."""

    def __init__(self, count: int, pid: int) -> None:
        self.count, self.pid, self.seen = count, pid, 0

    def found(self, count: int) -> None:
        pass

    def done(self, result: IngestResult) -> None:
        self.seen += 1
        if self.seen == self.count:
            os.kill(self.pid, signal.SIGKILL)


def _handover_of_one(init: Any) -> Any:
    def patched(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        self.partition = 4
        self.handover = 1

    return patched


def test_a_rerun_resumes(sample: Path, tmp_path: Path) -> None:
    # a run stopped half-way: the second run stores the rest, keeps what was stored, and duplicates nothing
    url = f"sqlite:///{tmp_path / 'resume.db'}"
    half = tmp_path / "half.jsonl"
    half.write_text(
        "".join(sample.read_text(encoding="utf-8").splitlines(keepends=True)[:40]), encoding="utf-8"
    )
    before = _run(url, half, workers=1)
    after = _run(url, sample, workers=2)
    once = _run(f"sqlite:///{tmp_path / 'once.db'}", sample, workers=1)
    assert set(before["statements"]) <= set(after["statements"])
    assert [a[0] for a in after["articles"]] == [a[0] for a in once["articles"]]
    ids = [s[0] for s in after["statements"]]
    assert len(ids) == len(set(ids))


def test_a_dask_writer_picks_up_actors_another_ingest_stored(pg_database: str) -> None:
    # two ingests into one database: a worker's registry would otherwise miss the other's actors (and
    # give a second id to a spelling variant of one of them)
    from parley.batch.dask import _PartitionWriter
    from parley.extract.actors import Actor
    from parley.ingest.dates import utc_now
    from parley.store.actors import save_actor

    with Store.open(pg_database) as other:
        actors = tuple(other.registry().actors.values())
        writer = _PartitionWriter(pg_database, 0.6, actors)
        with other.writing() as connection:
            save_actor(connection, Actor.new("Oleksii Reznikov"), "text", utc_now())
    writer.catch_up(0, [])
    assert writer.registry.find("Oleksiy Reznikov") is not None
    assert writer.store.registry() is writer.registry
    writer.store.close()
