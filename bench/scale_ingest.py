"""Ingest and extraction at scale: N articles built from every shared corpus, through `parley ingest`, into
SQLite and PostgreSQL; articles/s overall and per slice, and the peak memory of the whole process tree.

    .venv/bin/python bench/scale_ingest.py --articles 10000 --engine both            # with extraction
    .venv/bin/python bench/scale_ingest.py --articles 100000 --no-extract --engine both
    .venv/bin/python bench/scale_ingest.py --articles 2000 --engine sqlite --json out.json

The input: every shared corpus that holds article texts (the GDELT Ukraine articles, BBC News, the gold
texts of html_fixtures, the items of rss_fixtures, the PolNeAR train and dev texts: about 4,000 texts),
shuffled once with a fixed seed so that every slice of the stream holds the same mix, then cycled until N
records. Every record is a perturbed copy: a seeded share (`--perturb`, default 15 %) of its words is
replaced, each by another lower-case word of the same length drawn from the corpus's own words (so every
offset and the text's length stay as in the original; names, capitalised words and the speech cues of
parley's lexicon are never touched, nor drawn). Two copies of one text then share about (1 - p)^6 of their
word 3-shingles: parley's MinHash puts their Jaccard similarity at 0.27 on average and 0.51 at most over
all texts (the near-duplicate threshold is 0.6; at 10 % the mean is 0.39 with outliers above 0.6). A check
on a sample measures it before the runs; after each run the store must hold exactly N articles and no
near-duplicate link. Texts with too few lower-case words to reach the share (7: pages in Japanese, or
mostly capitalised) are left out, and a copy whose text would hash like an earlier one is drawn again.
Each record's id is `<original id>~<copy>` (its key in the store, and the key statement ids are made
from). The stream is one JSON-lines file in a temporary folder, deleted at the end; the shared files are
only read.

Each run is `parley ingest FILE --db URL --workers W --json` (plus `--no-extract`) in a child process,
into a fresh store: a SQLite file in the temporary folder, or a PostgreSQL database created for the run
and dropped after it (`--pg`: the server). While it runs, this script samples, every 0.25 s, the resident
memory (RSS) of the child and all its descendants (the writer and its worker processes), and every 2 s
their proportional set size (PSS: shared pages split between the processes that share them, so the sum is
what the tree really costs), and polls the store's highest article number to time each slice
(`--slice`, default 10,000 articles). Per slice: articles/s and the peak tree memory within it; the peak
memory up to each mark (10k, 20k, …) shows whether memory stays flat as the store grows. CPU seconds are
the child's and its waited-for workers' (getrusage), so cpu/wall tells how much of the machine the run
had. The load average is sampled during each run: the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from array import array
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from ingest_throughput import cpu_calibration

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = Path(os.environ.get("PARLEY_SHARED", ROOT.parent / "shared"))
DEFAULT_PG = os.environ.get("PARLEY_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
MIN_LENGTH = 4  # words shorter than this are never replaced (function words keep the sentence's shape)
_ANY_WORD = re.compile(r"\w+")
_ELIGIBLE = re.compile(r"(?<!\w)[^\W\d_]{4,}(?!\w)")  # words of 4+ letters (lower-case ones are kept)


# --- the input ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Base:
    """One text of a shared corpus, as read."""

    corpus: str
    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None


def load_pool(shared: Path, seed: int = 7) -> list[Base]:
    """Every article text of the shared corpora, shuffled with `seed` (each slice of a stream cycled over
    it holds the same mix of corpora)."""
    news = shared / "data" / "news"
    pool: list[Base] = []
    for corpus, folder in (
        ("gdelt", "ukraine_gdelt_2022"),
        ("bbc", "bbc_news_2225"),
        ("html", "html_fixtures"),  # the gold texts of the pages
        ("rss", "rss_fixtures"),  # the text each feed item carries
    ):
        path = news / folder / "articles.jsonl"
        if not path.exists():
            sys.exit(f"{path} not found (set --shared or PARLEY_SHARED)")
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    if (record.get("text") or "").strip():
                        pool.append(
                            Base(
                                corpus,
                                str(record["id"]),
                                record["text"],
                                record.get("title"),
                                record.get("date"),
                                record.get("url"),
                                record.get("source"),
                            )
                        )
    for split in ("train", "dev"):
        folder = shared / "data" / "polnear" / split / "text"
        files = sorted(folder.glob("*.txt"))
        if not files:
            sys.exit(f"no PolNeAR texts in {folder} (set --shared or PARLEY_SHARED)")
        pool.extend(
            Base("polnear", f"polnear/{split}/{f.stem}", f.read_text(encoding="utf-8"), source="PolNeAR")
            for f in files
        )
    random.Random(seed).shuffle(pool)
    return pool


def build_input(shared: Path, rate: float, seed: int) -> tuple[list[Base], Perturber, list[Base]]:
    """The pool of texts a stream cycles over, its perturber, and the texts left out because they could
    not be perturbed enough (see `Perturber.can_perturb`)."""
    pool = load_pool(shared, seed)
    first = Perturber(pool, rate, seed)
    kept = [b for i, b in enumerate(pool) if first.can_perturb(i)]
    left_out = [b for i, b in enumerate(pool) if not first.can_perturb(i)]
    return kept, Perturber(kept, rate, seed), left_out


def protected_words() -> set[str]:
    """Words a perturbation neither replaces nor inserts: parley's speech cues (so the quotes and reported
    speech of a copy are those of its original) and a few attribution words."""
    from parley.extract.lexicon import load_lexicon

    lexicon = load_lexicon("en")
    words = {w.lower() for w in lexicon.cue_forms}
    for phrase in lexicon.cue_phrases:
        words.update(w.lower() for w in phrase.split())
    return words | {"according", "said", "says", "told", "spokesman", "spokeswoman", "spokesperson"}


class Perturber:
    """Seeded same-length word substitution. `copy(i, salt)` gives pool text i with a share `rate` of its
    words (counted over all words) replaced, chosen among its lower-case words of 4+ letters that are not
    protected, each replacement a word of the same length drawn from the pool's own such words (weighted
    by frequency). The same (i, salt) always gives the same text."""

    def __init__(self, pool: list[Base], rate: float, seed: int) -> None:
        self.pool = pool
        self.rate = rate
        self.seed = seed
        protected = protected_words()
        vocab: dict[int, list[str]] = defaultdict(list)
        self.starts: list[array[int]] = []
        self.ends: list[array[int]] = []
        self.words: list[int] = []
        for base in pool:
            starts, ends = array("I"), array("I")
            for m in _ELIGIBLE.finditer(base.text):
                word = m.group()
                if not word.islower() or word in protected:
                    continue
                starts.append(m.start())
                ends.append(m.end())
                vocab[len(word)].append(word)
            self.starts.append(starts)
            self.ends.append(ends)
            self.words.append(len(_ANY_WORD.findall(base.text)))
        # a length needs a few different words to choose from
        self.vocab = {n: words for n, words in vocab.items() if len(set(words)) >= 3}

    def eligible(self, index: int) -> list[int]:
        starts, ends = self.starts[index], self.ends[index]
        return [k for k in range(len(starts)) if ends[k] - starts[k] in self.vocab]

    def can_perturb(self, index: int) -> bool:
        """Whether the text has words enough to replace the share asked (texts in scripts without case,
        or with few lower-case words, have not: they would stay near-duplicates of their other copies)."""
        return len(self.eligible(index)) >= max(1, round(self.rate * self.words[index]))

    def copy(self, index: int, salt: str) -> str:
        text = self.pool[index].text
        starts, ends = self.starts[index], self.ends[index]
        eligible = self.eligible(index)
        if not eligible:
            return text
        rng = random.Random(f"{self.seed}:{index}:{salt}")
        count = min(len(eligible), max(1, round(self.rate * self.words[index])))
        pieces: list[str] = []
        last = 0
        for k in sorted(rng.sample(eligible, count)):
            start, end = starts[k], ends[k]
            old = text[start:end]
            options = self.vocab[end - start]
            new = rng.choice(options)
            for _ in range(8):
                if new != old:
                    break
                new = rng.choice(options)
            pieces += (text[last:start], new)
            last = end
        pieces.append(text[last:])
        return "".join(pieces)


@dataclass
class Stream:
    path: Path
    records: int
    bytes: int
    seconds: float
    by_corpus: dict[str, int]
    retried: int  # copies re-drawn because their text hashed like an earlier one (exact duplicates)
    unchanged: int  # records whose text has no replaceable word (kept distinct only by luck: counted)


def write_stream(pool: list[Base], perturber: Perturber, count: int, path: Path) -> Stream:
    """`count` records cycled over the pool, each a perturbed copy, as JSON lines. Each text's parley
    content id is checked against all earlier ones: a copy that would be an exact duplicate is re-drawn."""
    from parley.ingest.dedupe import content_id

    started = time.perf_counter()
    seen: set[str] = set()
    by_corpus: dict[str, int] = defaultdict(int)
    retried = unchanged = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            index, copy = n % len(pool), n // len(pool)
            base = pool[index]
            text = perturber.copy(index, str(copy))
            attempt = 0
            while (key := content_id(text)) in seen and attempt < 20:
                attempt += 1
                retried += 1
                text = perturber.copy(index, f"{copy}.{attempt}")
            unchanged += text == base.text
            seen.add(key)
            by_corpus[base.corpus] += 1
            record = {
                "id": f"{base.id}~{copy}",
                "title": base.title,
                "date": base.date,
                "url": f"{base.url}#copy-{copy}" if base.url else None,
                "source": base.source,
                "text": text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return Stream(
        path, count, path.stat().st_size, time.perf_counter() - started, dict(by_corpus), retried, unchanged
    )


def perturbation_check(pool: list[Base], perturber: Perturber, sample: int = 300) -> dict[str, float]:
    """parley's own MinHash estimate of the Jaccard similarity (word 3-shingles) between two copies of a
    text, and between a copy and its original, over a sample of the texts long enough to be compared."""
    from parley.ingest.dedupe import fingerprint, lsh_layout, similarity

    layout = lsh_layout(0.6)
    copies: list[float] = []
    originals: list[float] = []
    shared_band: list[bool] = []
    indexes = [i for i, b in enumerate(pool) if len(_ANY_WORD.findall(b.text)) >= 30]
    for i in random.Random(1).sample(indexes, min(sample, len(indexes))):
        original = fingerprint(pool[i].text, layout)
        a = fingerprint(perturber.copy(i, "0"), layout)
        b = fingerprint(perturber.copy(i, "1"), layout)
        if original is None or a is None or b is None:
            continue
        copies.append(similarity(a.signature, b.signature))
        originals.append(similarity(a.signature, original.signature))
        shared_band.append(bool(set(a.buckets) & set(b.buckets)))
    return {
        "pairs": len(copies),
        "copy_vs_copy_mean": statistics.fmean(copies),
        "copy_vs_copy_max": max(copies),
        "copy_vs_original_mean": statistics.fmean(originals),
        "copy_vs_original_max": max(originals),
        "copy_pairs_sharing_an_lsh_band": sum(shared_band) / len(shared_band),
    }


# --- stores -------------------------------------------------------------------------------------------


def libpq(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as psycopg takes it."""
    return re.sub(r"^postgresql\+psycopg://", "postgresql://", url)


def database_url(server: str, name: str) -> str:
    return server.rsplit("/", 1)[0] + f"/{name}"


def drop_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(libpq(server), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def pg_database(server: str, name: str, keep: bool = False) -> Iterator[str]:
    """A fresh PostgreSQL database on `server` (any database URL there), dropped afterwards."""
    import psycopg

    with psycopg.connect(libpq(server), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(server, name)
    finally:
        if not keep:
            drop_database(server, name)


@contextmanager
def fresh_store(engine: str, workdir: Path, label: str, server: str, keep: bool = False) -> Iterator[str]:
    """The URL of a new, empty store of `engine` (sqlite or postgresql), removed afterwards."""
    if engine == "sqlite":
        path = workdir / f"{label}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            if not keep:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        name = f"parley_bench_{label}_{uuid.uuid4().hex[:8]}".lower().replace("-", "_")
        with pg_database(server, name, keep) as url:
            yield url


class ArticlePoller:
    """The highest article number in a store (= articles stored, as nothing is deleted), read on a
    connection of its own while another process writes; 0 until the table exists."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._connection: Any = None

    def count(self) -> int:
        try:
            if self._connection is None:
                if self.url.startswith("sqlite"):
                    path = Path(self.url.split("///", 1)[1])
                    if not path.exists():
                        return 0
                    self._connection = sqlite3.connect(str(path), timeout=1.0)
                else:
                    import psycopg

                    self._connection = psycopg.connect(libpq(self.url), autocommit=True)
            row = self._connection.execute("SELECT max(seq) FROM articles").fetchone()
            return int(row[0] or 0)
        except Exception:  # the table does not exist yet, or the store is busy migrating
            self.close()
            return 0

    def close(self) -> None:
        if self._connection is not None:
            with suppress(Exception):
                self._connection.close()
            self._connection = None


def store_counts(url: str) -> dict[str, int]:
    """Rows in the tables that tell whether the run did what it should, and the store's size in bytes."""
    tables = ("articles", "article_sources", "near_duplicates", "statements", "moves", "actors", "mentions")
    counts: dict[str, int] = {}
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        with sqlite3.connect(str(path)) as connection:
            for table in tables:
                counts[table] = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        counts["bytes"] = sum(
            Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
        )
    else:
        import psycopg

        with psycopg.connect(libpq(url), autocommit=True) as connection:
            for table in tables:
                row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
                counts[table] = int(row[0]) if row else 0
            row = connection.execute("SELECT pg_database_size(current_database())").fetchone()
            counts["bytes"] = int(row[0]) if row else 0
    return counts


# --- one run ------------------------------------------------------------------------------------------


def tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_memory(pid: int, pss: bool) -> tuple[float, dict[str, float]]:
    """MiB of the tree rooted at `pid` (RSS, or PSS), and per role: the root process and its descendants."""
    mib = 1024 * 1024
    per_role = {"root": 0.0, "children": 0.0}
    for process in tree(pid):
        try:
            info = process.memory_full_info() if pss else process.memory_info()
            value = (getattr(info, "pss", 0) if pss else info.rss) / mib
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        per_role["root" if process.pid == pid else "children"] += value
    return per_role["root"] + per_role["children"], per_role


def stop_tree(pid: int) -> None:
    """Terminate a process and all its descendants (only processes this script started)."""
    processes = tree(pid)
    for process in reversed(processes):
        with suppress(psutil.NoSuchProcess):
            process.terminate()
    psutil.wait_procs(processes, timeout=10)


def cpu_pressure() -> float:
    """The share of the last 10 s in which some runnable task waited for a CPU (Linux PSI), in %."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        return float(line.split()[1].split("=")[1])
    except (OSError, IndexError, ValueError):
        return float("nan")


def tree_cpu(pid: int, seen: dict[int, float]) -> None:
    """Record in `seen` the CPU seconds (user + system) each process of the tree has used so far."""
    for process in tree(pid):
        try:
            times = process.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        seen[process.pid] = times.user + times.system


@dataclass
class Slice:
    upto: int  # articles in the store when the slice was seen to end
    seconds: float  # since the child started
    rate: float  # articles/s within the slice
    peak_rss_mib: float  # the tree's peak within the slice
    peak_rss_root_mib: float
    peak_rss_children_mib: float
    peak_rss_so_far_mib: float  # the tree's peak from the start to the end of this slice
    peak_pss_so_far_mib: float


@dataclass
class Run:
    label: str
    store: str  # sqlite | postgresql
    engine: str  # local | dask
    workers: int
    extract: bool
    expected: int
    wall_s: float = 0.0
    first_article_s: float = 0.0  # start-up: from the start to the first article stored
    cpu_s: float = 0.0  # the child and its waited-for workers
    writer_cpu_s: float = 0.0  # the child itself: reading, writing, fingerprints (last sample)
    workers_cpu_s: float = 0.0  # its worker processes (last sample)
    returncode: int = 0
    slices: list[Slice] = field(default_factory=list)
    peak_rss_mib: float = 0.0
    peak_pss_mib: float = 0.0
    summary: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    load: dict[str, float] = field(default_factory=dict)
    stderr_tail: str = ""

    @property
    def rate(self) -> float:
        return self.counts.get("articles", 0) / self.wall_s if self.wall_s else float("nan")

    @property
    def steady_rate(self) -> float:
        """Articles/s after the first was stored (start-up, model loading left out)."""
        span = self.wall_s - self.first_article_s
        return (self.counts.get("articles", 0) - 1) / span if span > 0 else float("nan")

    def peak_at(self, mark: int) -> float | None:
        """The tree's peak RSS from the start until `mark` articles were stored."""
        for s in self.slices:
            if s.upto >= mark:
                return s.peak_rss_so_far_mib
        return None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"articles_per_s": self.rate, "steady_articles_per_s": self.steady_rate}


def parley_command() -> list[str]:
    script = Path(sys.executable).with_name("parley")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from parley.cli import main; main()"]


def run_ingest(
    source: Path,
    url: str,
    store: str,
    label: str,
    expected: int,
    workers: int,
    extract: bool,
    workdir: Path,
    slice_size: int = 10_000,
    scheduler: str | None = None,
    verbose: bool = True,
) -> Run:
    """`parley ingest` of `source` into `url` in a child process, watched: slices, memory, load."""
    run = Run(label, store, "dask" if scheduler else "local", workers, extract, expected)
    command = [*parley_command(), "ingest", str(source), "--db", url, "--json", "--no-progress"]
    command += ["--workers", str(workers)]
    if not extract:
        command.append("--no-extract")
    if scheduler:
        command += ["--engine", "dask", "--scheduler", scheduler]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_") or k == "PARLEY_SHARED"}
    out_path, err_path = workdir / f"{label}.out", workdir / f"{label}.err"
    poller = ArticlePoller(url)
    loads: list[float] = []
    pressures: list[float] = []
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, cwd=workdir, env=env)
        peak = peak_pss = 0.0
        window = window_root = window_children = 0.0
        last_count, last_time = 0, 0.0
        next_mark = slice_size
        tick = 0
        cpu_seen: dict[int, float] = {}
        try:
            while child.poll() is None:
                now = time.perf_counter() - started
                total, roles = tree_memory(child.pid, pss=False)
                window, peak = max(window, total), max(peak, total)
                window_root = max(window_root, roles["root"])
                window_children = max(window_children, roles["children"])
                if tick % 8 == 0:
                    peak_pss = max(peak_pss, tree_memory(child.pid, pss=True)[0])
                    tree_cpu(child.pid, cpu_seen)
                if tick % 20 == 0:
                    loads.append(os.getloadavg()[0])
                    pressures.append(cpu_pressure())
                if tick % 2 == 0:
                    count = poller.count()
                    if count and not run.first_article_s:
                        run.first_article_s = now
                    if count >= next_mark:
                        rate = (count - last_count) / (now - last_time) if now > last_time else float("nan")
                        run.slices.append(
                            Slice(count, now, rate, window, window_root, window_children, peak, peak_pss)
                        )
                        if verbose:
                            print(
                                f"  {label}: {count} articles at {now:.0f} s, {rate:.1f} art/s in the slice, "
                                f"tree RSS peak {window:.0f} MiB (writer {window_root:.0f}, workers "
                                f"{window_children:.0f}), load {os.getloadavg()[0]:.2f}",
                                flush=True,
                            )
                        window = window_root = window_children = 0.0
                        last_count, last_time = count, now
                        next_mark = (count // slice_size + 1) * slice_size
                tick += 1
                time.sleep(0.25)
        except BaseException:  # interrupted: the child and its workers go too
            stop_tree(child.pid)
            raise
    run.wall_s = time.perf_counter() - started
    usage_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run.cpu_s = (usage_after.ru_utime - usage_before.ru_utime) + (
        usage_after.ru_stime - usage_before.ru_stime
    )
    run.returncode = child.returncode
    run.writer_cpu_s = cpu_seen.get(child.pid, 0.0)
    run.workers_cpu_s = sum(v for k, v in cpu_seen.items() if k != child.pid)
    poller.close()
    loads.append(os.getloadavg()[0])
    pressures.append(cpu_pressure())
    run.load = {
        "mean": statistics.fmean(loads),
        "max": max(loads),
        "end": loads[-1],
        "cpu_pressure_mean_pct": statistics.fmean(pressures),
    }
    try:
        run.summary = json.loads(out_path.read_text(encoding="utf-8") or "{}")
    except json.JSONDecodeError:
        run.summary = {"unparsed": out_path.read_text(encoding="utf-8", errors="replace")[-2000:]}
    run.stderr_tail = err_path.read_text(encoding="utf-8", errors="replace")[-2000:]
    run.counts = store_counts(url)
    count = run.counts["articles"]
    if count > last_count:  # the last (partial) slice, seen at the end
        rate = (count - last_count) / (run.wall_s - last_time) if run.wall_s > last_time else float("nan")
        run.slices.append(
            Slice(count, run.wall_s, rate, window, window_root, window_children, peak, peak_pss)
        )
    run.peak_rss_mib, run.peak_pss_mib = peak, peak_pss
    return run


# --- report -------------------------------------------------------------------------------------------


def print_run(run: Run) -> None:
    what = "ingest + extraction" if run.extract else "ingest only"
    print(
        f"\n{run.store}, {what}, {run.engine} engine, {run.workers} worker(s): "
        f"{run.counts.get('articles')} articles in {run.wall_s:.1f} s = {run.rate:.2f} articles/s "
        f"({run.steady_rate:.2f} after start-up of {run.first_article_s:.1f} s); "
        f"CPU {run.cpu_s:.0f} s = {run.cpu_s / run.wall_s:.2f} cores busy (writer {run.writer_cpu_s:.0f} s, "
        f"workers {run.workers_cpu_s:.0f} s)"
    )
    print(
        f"{'slice':>6}{'upto':>9}{'at s':>9}{'art/s':>9}{'peak RSS':>10}{'writer':>9}{'workers':>9}"
        f"{'cum.':>8}"
    )
    for i, s in enumerate(run.slices, 1):
        print(
            f"{i:>6}{s.upto:>9}{s.seconds:>9.0f}{s.rate:>9.2f}{s.peak_rss_mib:>10.0f}"
            f"{s.peak_rss_root_mib:>9.0f}{s.peak_rss_children_mib:>9.0f}{s.peak_rss_so_far_mib:>8.0f}"
        )
    print("(MiB: the tree's peak RSS within the slice, its writer's and its workers', and the peak so far)")
    marks = sorted(m for m in {10_000, run.expected} if m <= run.expected)
    parts = [f"at {m:,}: {p:.0f} MiB" for m in marks if (p := run.peak_at(m)) is not None]
    print(
        f"peak tree RSS {', '.join(parts)} (goal < 1.5 GB = 1431 MiB); "
        f"peak tree PSS {run.peak_pss_mib:.0f} MiB"
    )
    if len(run.slices) >= 3:
        middle = [s.rate for s in run.slices[1:-1]] or [run.slices[0].rate]
        print(
            f"flatness: rate of the last full slice / the second {middle[-1] / middle[0]:.2f}; "
            f"peak RSS last slice / first slice "
            f"{run.slices[-1].peak_rss_mib / run.slices[0].peak_rss_mib:.2f}"
        )
    c = run.counts
    ok = "OK" if c.get("articles") == run.expected and c.get("near_duplicates") == 0 else "MISMATCH"
    print(
        f"store: {c.get('articles')} articles (expected {run.expected}: {ok}), {c.get('near_duplicates')} "
        f"near-duplicate links, {c.get('article_sources')} sources, {c.get('statements')} statements, "
        f"{c.get('moves')} moves, {c.get('actors')} actors; {c.get('bytes', 0) / 1e6:.0f} MB"
    )
    counts = run.summary.get("counts", {})
    failures = run.summary.get("failures", [])
    print(f"outcomes: { {k: v for k, v in counts.items() if v} }; failures: {len(failures)}")
    for failure in failures[:3]:
        print(f"  {failure}")
    print(
        f"load average (1 min) during the run: mean {run.load['mean']:.2f}, max {run.load['max']:.2f}; "
        f"CPU pressure (time some task waited for a CPU): {run.load['cpu_pressure_mean_pct']:.0f} %"
    )
    if run.returncode:
        print(f"exit code {run.returncode}; stderr: {run.stderr_tail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=100_000, help="records in the stream (100,000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="`parley ingest --workers`")
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--no-extract", action="store_true", help="ingest only (`--no-extract`)")
    parser.add_argument("--slice", type=int, default=10_000, help="articles per timed slice (10,000)")
    parser.add_argument("--perturb", type=float, default=0.15, help="share of words replaced per copy (0.15)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    parser.add_argument("--pg", default=DEFAULT_PG, help="a PostgreSQL URL on the server to use")
    parser.add_argument("--tmp", type=Path, help="folder for the stream and the SQLite store (a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the stores (and print where they are)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up (temp folder, databases) on kill

    from extract_throughput import describe_machine

    machine = describe_machine()
    print("; ".join(f"{k} {v}" for k, v in machine.items()))
    report: dict[str, Any] = {"machine": machine, "cpu_calibration_s": cpu_calibration(), "runs": []}
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    workdir = Path(tempfile.mkdtemp(prefix="parley-scale-", dir=args.tmp))
    try:
        pool, perturber, left_out = build_input(args.shared, args.perturb, args.seed)
        by_corpus: dict[str, int] = defaultdict(int)
        for base in pool:
            by_corpus[base.corpus] += 1
        print(
            f"pool: {len(pool)} texts {dict(by_corpus)}; perturbation: {args.perturb:.0%} of the words of "
            f"each copy; left out (too few lower-case words to perturb): "
            f"{', '.join(f'{b.corpus} {b.id}' for b in left_out) or 'none'}"
        )
        check = perturbation_check(pool, perturber)
        report["perturbation_check"] = check
        print(
            "MinHash Jaccard estimate (word 3-shingles), {pairs} texts: "
            "copy vs copy mean {copy_vs_copy_mean:.2f} "
            "max {copy_vs_copy_max:.2f}; copy vs original mean {copy_vs_original_mean:.2f} max "
            "{copy_vs_original_max:.2f} (near-duplicate threshold 0.60); copy pairs sharing an LSH band "
            "(looked at, then rejected): {copy_pairs_sharing_an_lsh_band:.0%}".format(**check)
        )
        stream = write_stream(pool, perturber, args.articles, workdir / "stream.jsonl")
        del pool, perturber
        report["stream"] = asdict(stream) | {"path": str(stream.path)}
        print(
            f"stream: {stream.records} records, {stream.bytes / 1e6:.0f} MB, "
            f"written in {stream.seconds:.1f} s; "
            f"{dict(stream.by_corpus)}; re-drawn as exact duplicates: {stream.retried}; "
            f"without a replaceable word: {stream.unchanged}",
            flush=True,
        )
        runs: list[Run] = []
        for engine in engines:
            label = f"{engine}-{'extract' if not args.no_extract else 'ingest'}-{args.articles}"
            with fresh_store(engine, workdir, label, args.pg, keep=args.keep) as url:
                print(f"\n{label}: parley ingest into {url} …  (load {os.getloadavg()[0]:.2f})", flush=True)
                run = run_ingest(
                    stream.path,
                    url,
                    engine,
                    label,
                    args.articles,
                    args.workers,
                    not args.no_extract,
                    workdir,
                    args.slice,
                )
                if args.keep:
                    print(f"kept: {url}")
            print_run(run)
            runs.append(run)
            report["runs"].append(run.to_dict())
        if len(runs) == 2:
            sqlite_run, pg_run = runs
            ratio = pg_run.rate / sqlite_run.rate
            report["postgresql_over_sqlite"] = ratio
            print(
                f"\nPostgreSQL / SQLite articles/s: {ratio:.2f} "
                f"({pg_run.rate:.2f} vs {sqlite_run.rate:.2f}); "
                f"peak tree RSS {pg_run.peak_rss_mib:.0f} vs {sqlite_run.peak_rss_mib:.0f} MiB"
            )
    finally:
        if args.keep:
            (workdir / "stream.jsonl").unlink(missing_ok=True)
            print(f"kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
