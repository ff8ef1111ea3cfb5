"""Crash safety: `parley ingest` killed with SIGKILL at random moments, on SQLite and on PostgreSQL.

    .venv/bin/python bench/kill_loop.py                       # 20 kills per engine, 200 GDELT articles
    .venv/bin/python bench/kill_loop.py --kills 40 --seed 3 --engines sqlite
    .venv/bin/python bench/kill_loop.py --articles 300 --workers 1

For each engine: a reference run ingests the corpus (with extraction, as the CLI does by default) into a
fresh store. Then, on another fresh store, runs of the same command are killed (SIGKILL to the whole
process group, worker processes included) at seeded random moments between start and the reference run's
duration; each run resumes from what the previous ones left. After each kill:

- the store is whole: `PRAGMA integrity_check`, `PRAGMA foreign_key_check` and the FTS5 integrity checks on
  SQLite; foreign keys by query on both engines; the schema version recorded; no duplicated rows;
- every document the killed run reported as done (its progress bar, read from a pseudo-terminal) is in the
  store (counted by sources), and nothing stored before the run was lost;
- every article in the store has exactly the statements (kind and span) the reference run gave it.

When a run finishes before its kill moment, or after the last kill, the store must equal the reference
store (same articles and keys, sources, statement spans); the next kill then starts from a fresh store.
Prints every run and its kill moment, and each failure; exits 1 on any failure. PostgreSQL databases are
created and dropped on the server of PARLEY_TEST_PG (or --pg).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import pty
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
from bench.crash_checks import (
    Snapshot,
    completeness_problems,
    equality_problems,
    integrity_problems,
    snapshot,
    speaker_differences,
    sqlite_files,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARLEY_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "data/news/ukraine_gdelt_2022/articles.jsonl"
PG_URL = os.environ.get("PARLEY_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_DONE = re.compile(rb"ingesting\D*?(\d+)/(\d+)")
_ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


# --- running parley ----------------------------------------------------------------------------------


@dataclass
class Run:
    killed: bool
    seconds: float
    reported_done: int  # documents the progress bar had counted when the run ended
    returncode: int | None
    first_done_at: float | None = None  # seconds until the progress bar first counted a document done
    output: bytes = b""


def run_ingest(
    corpus: Path,
    db: str,
    workers: int | None = None,
    kill_at: float | None = None,
    kill_after_done: int | None = None,
) -> Run:
    """Run `parley ingest` on a pseudo-terminal (so it draws its progress bar) and kill its whole process
    group with SIGKILL `kill_at` seconds after the start, or once the bar counts `kill_after_done`
    documents done, unless it has finished by then."""
    command = [sys.executable, "-c", "from parley.cli import main; main()", "ingest", str(corpus), "--db", db]
    if workers is not None:
        command += ["--workers", str(workers)]
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160"}
    started = time.monotonic()
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, start_new_session=True, env=env
    )
    os.close(slave)
    output = bytearray()
    reader = threading.Thread(target=_drain, args=(master, output), daemon=True)
    reader.start()  # a pty whose buffer fills up would block the child
    killed = False
    first_done_at = None
    while process.poll() is None:
        elapsed = time.monotonic() - started
        done = reported_done(bytes(output[-4096:]))
        if done and first_done_at is None:
            first_done_at = elapsed
        if (kill_at is not None and elapsed >= kill_at) or (
            kill_after_done is not None and done >= kill_after_done
        ):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            killed = True
            _reap_group(process.pid)
            break
        time.sleep(0.01)
    seconds = time.monotonic() - started
    reader.join(timeout=5)
    os.close(master)
    return Run(
        killed,
        seconds,
        reported_done(bytes(output)),
        None if killed else process.returncode,
        first_done_at,
        bytes(output),
    )


def _drain(fd: int, into: bytearray) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: every holder of the terminal's other end has gone
            return
        if not chunk:
            return
        into.extend(chunk)


def _reap_group(pgid: int) -> None:
    """Wait until no process of the killed group is left (worker processes die with it, but not at once)."""
    for _ in range(100):
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def reported_done(output: bytes) -> int:
    """The last count of done documents the progress bar drew."""
    found = _DONE.findall(_ANSI.sub(b"", output))
    return int(found[-1][0]) if found else 0


# --- stores --------------------------------------------------------------------------------------------


class Stores:
    """Fresh stores of one engine: SQLite files in a folder, or databases on a PostgreSQL server."""

    def __init__(self, engine: str, folder: Path, pg_url: str) -> None:
        self.engine = engine
        self.folder = folder
        self.pg_url = pg_url
        self.made: list[str] = []

    def fresh(self, name: str) -> str:
        """An empty store named `name` (emptied if it was used before)."""
        if self.engine == "sqlite":
            url = f"sqlite:///{self.folder / (name + '.db')}"
            for path in sqlite_files(url):
                path.unlink(missing_ok=True)
            return url
        database = f"parley_kill_{name}_{os.getpid()}"
        admin = create_engine(self.pg_url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
                connection.execute(text(f'CREATE DATABASE "{database}"'))
        finally:
            admin.dispose()
        self.made.append(database)
        return self.pg_url.rsplit("/", 1)[0] + "/" + database

    def drop_all(self) -> None:
        if self.engine != "postgresql":
            return
        admin = create_engine(self.pg_url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                for database in dict.fromkeys(self.made):
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        finally:
            admin.dispose()


@contextmanager
def stores_for(engine: str, folder: Path, pg_url: str) -> Iterator[Stores]:
    stores = Stores(engine, folder, pg_url)
    try:
        yield stores
    finally:
        stores.drop_all()


# --- the loop ------------------------------------------------------------------------------------------


@dataclass
class Report:
    engine: str
    kills: int = 0
    completed: int = 0  # runs that finished (before their kill moment, or the re-runs)
    failures: list[str] = field(default_factory=list)
    speaker_differences: int = 0
    kill_moments: list[float] = field(default_factory=list)


def kill_loop(
    engine: str,
    corpus: Path,
    documents: int,
    kills: int,
    seed: int,
    folder: Path,
    pg_url: str = PG_URL,
    workers: int | None = None,
    say: bool = True,
) -> Report:
    report = Report(engine)
    keys = corpus_keys(corpus)
    rng = random.Random(f"{seed}:{engine}")

    def log(message: str) -> None:
        if say:
            print(f"[{engine}] {message}", flush=True)

    def fail(message: str) -> None:
        report.failures.append(message)
        log(f"FAIL {message}")

    with stores_for(engine, folder, pg_url) as stores:
        reference_url = stores.fresh("reference")
        ref_run = run_ingest(corpus, reference_url, workers)
        reference = snapshot(reference_url)
        log(
            f"reference run: {ref_run.seconds:.1f} s, exit {ref_run.returncode}, {len(reference.articles)} "
            f"articles, {reference.statement_count} statements, {len(reference.sources)} sources"
        )
        if ref_run.returncode != 0 or not reference.statement_count:
            fail(f"the reference run failed (exit {ref_run.returncode}): {ref_run.output[-2000:]!r}")
            return report
        for problem in integrity_problems(reference_url):
            fail(f"reference store: {problem}")
        url = stores.fresh("killed")
        before = Snapshot()
        first_done = ref_run.first_done_at or 0.0
        for attempt in itertools.count(1):
            if report.kills >= kills or attempt > 3 * kills:
                break
            moment = round(kill_moment(rng, first_done, ref_run.seconds), 2)
            run = run_ingest(corpus, url, workers, kill_at=moment)
            label = f"run {attempt}"
            current = snapshot(url)
            problems = integrity_problems(url)
            if run.killed:
                report.kills += 1
                report.kill_moments.append(moment)
                problems += completeness_problems(current, reference, before)
                stored = len(current.sources)
                # results come in reading order: the documents reported done are the first ones read
                have = {key for _, _, key in current.sources}
                missing = [k for k in keys[: run.reported_done] if k not in have]
                if missing:
                    problems.append(
                        f"the run reported {run.reported_done} documents done; {len(missing)} of them are "
                        f"not in the store, e.g. {missing[0]}"
                    )
                log(
                    f"{label}: killed at {moment:.2f} s; reported {run.reported_done}/{documents} done; "
                    f"store: {len(current.articles)} articles, {current.statement_count} statements, "
                    f"{stored} sources" + (" — ok" if not problems else "")
                )
            else:
                report.completed += 1
                problems += equality_problems(current, reference)
                if run.returncode != 0:
                    problems.append(f"exit {run.returncode}: {run.output[-1000:]!r}")
                log(
                    f"{label}: finished in {run.seconds:.1f} s before the kill at {moment:.2f} s"
                    + (" — equals the reference" if not problems else "")
                )
            for problem in problems:
                fail(f"{label} (kill at {moment:.2f} s): {problem}")
            if run.killed:
                before = current
            else:
                report.speaker_differences += speaker_differences(current, reference)
                url, before = stores.fresh("killed"), Snapshot()
        # the re-run completes what the last kill left
        final = run_ingest(corpus, url, workers)
        report.completed += 1
        current = snapshot(url)
        problems = integrity_problems(url) + equality_problems(current, reference)
        if final.returncode != 0:
            problems.append(f"exit {final.returncode}: {final.output[-1000:]!r}")
        report.speaker_differences += speaker_differences(current, reference)
        log(
            f"re-run: finished in {final.seconds:.1f} s" + (" — equals the reference" if not problems else "")
        )
        for problem in problems:
            fail(f"re-run: {problem}")
    return report


def kill_moment(rng: random.Random, first_done: float, duration: float) -> float:
    """A quarter of the kills land in the start-up (imports, migrations, the model loading, the registry
    seeded), the rest while documents are being prepared and written."""
    if rng.random() < 0.25 or first_done >= duration:
        return rng.uniform(0.2, max(first_done, 0.3))
    return rng.uniform(first_done, duration)


def corpus_keys(corpus: Path) -> list[str]:
    """The source key of each record, in reading order (JSON lines with an `id`, as the corpora have)."""
    with corpus.open("rb") as handle:
        return [str(json.loads(line)["id"]) for line in handle if line.strip()]


def write_corpus(source: Path, documents: int, folder: Path) -> Path:
    """The first `documents` records of a JSON-lines corpus, in a temporary folder (never in the repo)."""
    target = folder / "corpus.jsonl"
    with source.open("rb") as handle, target.open("wb") as out:
        for line in itertools.islice(handle, documents):
            out.write(line)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs per engine (default 20)")
    parser.add_argument("--articles", type=int, default=200, help="records of the corpus to ingest")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="a JSON-lines corpus")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--workers", type=int, default=None, help="--workers for parley ingest (default: its own)"
    )
    parser.add_argument(
        "--pg", default=PG_URL, help="PostgreSQL server where databases are created and dropped"
    )
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        parser.error(f"no corpus at {args.corpus} (set PARLEY_SHARED)")
    started = time.monotonic()
    reports = []
    with tempfile.TemporaryDirectory(prefix=f"parley-kill-{uuid.uuid4().hex[:6]}-") as tmp:
        folder = Path(tmp)
        corpus = write_corpus(args.corpus, args.articles, folder)
        for engine in args.engines.split(","):
            reports.append(
                kill_loop(engine, corpus, args.articles, args.kills, args.seed, folder, args.pg, args.workers)
            )
    print(f"\nsummary ({time.monotonic() - started:.0f} s, seed {args.seed}, {args.articles} documents):")
    for report in reports:
        moments = ", ".join(f"{m:.1f}" for m in sorted(report.kill_moments))
        print(
            f"  {report.engine}: {report.kills} kills (at {moments} s), {report.completed} completed runs, "
            f"{len(report.failures)} failures, "
            f"{report.speaker_differences} speakers differing from the reference"
        )
    return 1 if any(r.failures for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
