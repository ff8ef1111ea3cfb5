"""Ingest throughput and memory over the shared news corpora.

    .venv/bin/python bench/ingest_throughput.py                  # all three corpora, 1 pass
    .venv/bin/python bench/ingest_throughput.py --repeat 3       # best and median of 3 passes
    .venv/bin/python bench/ingest_throughput.py --limit 200      # the first 200 documents of each corpus
    .venv/bin/python bench/ingest_throughput.py --profile 25     # plus one cProfiled pass: stages, top 25

Each pass ingests, in order, the GDELT Ukraine articles (JSON lines), the BBC News articles (JSON lines) and
the 246 raw pages of html_fixtures (gzipped HTML, found by walking the folders and sniffing the content,
as `parley ingest DIR` does) into a fresh SQLite store in a temporary folder, through `parley.ingest.ingest`
with default settings. Nothing is written outside the temporary folder; the shared files are read in place.

Because machines are noisy, every pass also measures the I/O floor of the same documents: reading the
files and JSON-parsing the records (or gunzipping the pages). The ratio ingest/floor is the figure to compare
across machines. A fixed pure-Python loop (the CPU calibration) is timed too.

Memory: the resident set is sampled from /proc/self/status every 20 ms (peak per corpus), and the
process's lifetime peak is `resource.getrusage(RUSAGE_SELF).ru_maxrss`.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import os
import pstats
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from parley.config import Settings
from parley.ingest.pipeline import ingest
from parley.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = Path(os.environ.get("PARLEY_SHARED", ROOT.parent / "shared"))


# --- corpora ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Corpus:
    name: str
    kind: str  # "jsonl" or "html"
    files: tuple[Path, ...]  # the JSON-lines file, or the .html.gz pages
    limit: int | None

    def documents(self) -> int:
        if self.kind == "html":
            return len(self.files)
        with self.files[0].open("rb") as handle:
            count = sum(1 for line in handle if line.strip())
        return min(count, self.limit) if self.limit else count


def find_corpora(shared: Path, names: list[str], limit: int | None) -> list[Corpus]:
    news = shared / "data" / "news"
    corpora: dict[str, Corpus] = {}
    for name, rel in (("gdelt", "ukraine_gdelt_2022"), ("bbc", "bbc_news_2225")):
        path = news / rel / "articles.jsonl"
        if path.exists():
            corpora[name] = Corpus(name, "jsonl", (path,), limit)
    html_root = news / "html_fixtures"
    if html_root.exists():
        # The subfolders only: the folder's own articles.jsonl holds the gold texts, not pages.
        pages = sorted(
            p for sub in sorted(html_root.iterdir()) if sub.is_dir() for p in sub.rglob("*") if p.is_file()
        )
        corpora["html"] = Corpus("html", "html", tuple(pages[:limit] if limit else pages), limit)
    missing = [n for n in names if n not in corpora]
    if missing:
        sys.exit(f"corpora not found under {news}: {', '.join(missing)} (set --shared or PARLEY_SHARED)")
    return [corpora[n] for n in names]


def sources_for(corpus: Corpus, workdir: Path) -> list[str]:
    """What is handed to `ingest`: the shared file itself, or a temporary copy of its first `limit` lines
    (only in the temporary folder), or the page files."""
    if corpus.kind == "html":
        return [str(p) for p in corpus.files]
    if not corpus.limit:
        return [str(corpus.files[0])]
    cut = workdir / f"{corpus.name}-first-{corpus.limit}.jsonl"
    if not cut.exists():
        with corpus.files[0].open("rb") as src, cut.open("wb") as dst:
            kept = 0
            for line in src:
                if line.strip():
                    dst.write(line)
                    kept += 1
                    if kept >= corpus.limit:
                        break
    return [str(cut)]


def io_floor(corpus: Corpus) -> float:
    """Seconds to read the same documents and parse them as far as bytes and JSON go."""
    started = time.perf_counter()
    if corpus.kind == "html":
        for page in corpus.files:
            gzip.decompress(page.read_bytes()) if page.suffix == ".gz" else page.read_bytes()
    else:
        with corpus.files[0].open("rb") as handle:
            parsed = 0
            for line in handle:
                if line.strip():
                    json.loads(line)
                    parsed += 1
                    if corpus.limit and parsed >= corpus.limit:
                        break
    return time.perf_counter() - started


def cpu_calibration() -> float:
    """Seconds for a fixed pure-Python workload (dict, str and int churn): a yardstick of this machine."""
    started = time.perf_counter()
    table: dict[str, int] = {}
    for i in range(600_000):
        key = f"k{i % 5003}"
        table[key] = table.get(key, 0) + (i * 7) % 13
    return time.perf_counter() - started


# --- memory -------------------------------------------------------------------------------------------


def rss_mib() -> float:
    try:
        with Path("/proc/self/status").open() as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def maxrss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


class RssSampler:
    """Samples the resident set in a background thread; `window()` gives the peak over a block."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mib())
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @contextmanager
    def window(self) -> Iterator[Callable[[], float]]:
        self.peak = rss_mib()
        peak: list[float] = []
        try:
            yield lambda: peak[0]
        finally:
            peak.append(max(self.peak, rss_mib()))


# --- runs ---------------------------------------------------------------------------------------------


@dataclass
class CorpusRun:
    corpus: str
    documents: int
    seconds: float
    cpu_seconds: float
    floor_seconds: float
    peak_rss_mib: float
    outcomes: dict[str, int]
    failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds else float("nan")


def one_pass(
    corpora: list[Corpus],
    workdir: Path,
    sampler: RssSampler,
    label: str,
    extract: bool = False,
    workers: int = 1,
) -> list[CorpusRun]:
    db = workdir / f"{label}.db"
    settings = Settings(db=f"sqlite:///{db}", politeness_delay=0.0)
    runs = []
    with Store.open(settings.db, near_duplicate_threshold=settings.near_duplicate_threshold) as store:
        for corpus in corpora:
            sources = sources_for(corpus, workdir)
            with sampler.window() as peak:
                wall, cpu = time.perf_counter(), time.process_time()
                summary = ingest(sources, store, settings, extract=extract, workers=workers)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            floor = io_floor(corpus)
            runs.append(
                CorpusRun(
                    corpus=corpus.name,
                    documents=sum(summary.counts.values()),
                    seconds=wall,
                    cpu_seconds=cpu,
                    floor_seconds=floor,
                    peak_rss_mib=peak(),
                    outcomes={o.value: n for o, n in summary.counts.items() if n},
                    failures=[f"{f.source}: {f.reason}" for f in summary.failures[:5]],
                )
            )
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return runs


def warm_up(corpora: list[Corpus], workdir: Path) -> float:
    """Loads what ingest loads once per process (language model, dateparser, trafilatura) on one document
    of each corpus, in a throwaway store, so the timed passes measure the steady state."""
    started = time.perf_counter()
    tiny = [Corpus(c.name, c.kind, c.files[:1], 1) for c in corpora]
    sub = workdir / "warm"
    sub.mkdir(exist_ok=True)
    settings = Settings(db=f"sqlite:///{sub / 'warm.db'}", politeness_delay=0.0)
    with Store.open(settings.db) as store:
        for corpus in tiny:
            ingest(sources_for(corpus, sub), store, settings, extract=False)
    return time.perf_counter() - started


# --- profile ------------------------------------------------------------------------------------------

# (label, path suffix of the code's file, function name): cumulative time, nested stages overlap.
STAGES: list[tuple[str, str, str]] = [
    ("build_article (all per-article work before the store)", "parley/ingest/build.py", "build_article"),
    ("  extract_page (trafilatura)", "parley/ingest/html.py", "extract_page"),
    ("  detect_language (py3langid)", "parley/ingest/language.py", "detect_language"),
    ("  find_date_mentions (regex + dateparser)", "parley/ingest/dates.py", "find_date_mentions"),
    ("    dateparser.parse (relative dates)", "parley/ingest/dates.py", "_resolve_relative"),
    ("  date_from_text", "parley/ingest/dates.py", "date_from_text"),
    ("  content_id (normalise + sha256)", "parley/ingest/dedupe.py", "content_id"),
    ("store.has_article (exact-duplicate probe)", "parley/store/store.py", "has_article"),
    ("store.add_article (all writing)", "parley/store/store.py", "add_article"),
    ("  fingerprint (MinHash, datasketch)", "parley/ingest/dedupe.py", "fingerprint"),
    ("  _link_near_duplicates (LSH lookup)", "parley/store/store.py", "_link_near_duplicates"),
    ("sqlite3 Cursor.execute", "~", "<method 'execute' of 'sqlite3.Cursor' objects>"),
    ("sqlite3 Connection.commit", "~", "<method 'commit' of 'sqlite3.Connection' objects>"),
    ("reading, sniffing, decoding (Reader.read)", "parley/ingest/readers.py", "read"),
]


def profile_pass(corpora: list[Corpus], workdir: Path, top: int, out: Path | None) -> dict[str, Any]:
    profiler = cProfile.Profile()
    sampler = RssSampler()
    with sampler:
        profiler.enable()
        runs = one_pass(corpora, workdir, sampler, "profile")
        profiler.disable()
    documents = sum(r.documents for r in runs)
    seconds = sum(r.seconds for r in runs)
    if out:
        profiler.dump_stats(str(out))
    stats = pstats.Stats(profiler)
    raw: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    print(f"\nProfile of one pass: {documents} documents, {seconds:.1f} s under cProfile")
    print(f"{'stage (cumulative, nested)':<58}{'calls':>9}{'s':>9}{'ms/doc':>9}{'share':>8}")
    stages: dict[str, dict[str, float]] = {}
    for label, path, func in STAGES:
        cum, calls = 0.0, 0
        for (filename, _line, name), (_cc, nc, _tt, ct, _callers) in raw.items():
            if name == func and filename.replace("\\", "/").endswith(path):
                cum += ct
                calls += nc
        stages[label.strip()] = {"calls": calls, "seconds": cum, "ms_per_doc": 1000 * cum / max(1, documents)}
        print(f"{label:<58}{calls:>9}{cum:>9.2f}{1000 * cum / max(1, documents):>9.2f}{cum / seconds:>8.1%}")
    print(f"\nTop {top} functions by own time:")
    stats.sort_stats("tottime").print_stats(top)
    return {"documents": documents, "seconds": seconds, "stages": stages}


# --- report -------------------------------------------------------------------------------------------


def print_table(passes: list[list[CorpusRun]], calibration: float, warm: float, idle_rss: float) -> None:
    names = [r.corpus for r in passes[0]]
    rows = []
    for name in [*names, "all"]:
        per_pass = [[r for r in p if name in ("all", r.corpus)] for p in passes]
        docs = sum(r.documents for r in per_pass[0])
        secs = [sum(r.seconds for r in rs) for rs in per_pass]
        cpus = [sum(r.cpu_seconds for r in rs) for rs in per_pass]
        floors = [sum(r.floor_seconds for r in rs) for rs in per_pass]
        peak = max(r.peak_rss_mib for rs in per_pass for r in rs)
        best, median = min(secs), statistics.median(secs)
        rows.append(
            (
                name,
                docs,
                docs / best,
                docs / median,
                1000 * best / docs,
                min(cpus) / best,
                1000 * min(floors) / docs,
                best / min(floors),
                peak,
            )
        )
    print()
    print(
        f"{'corpus':<8}{'docs':>7}{'docs/s best':>13}{'docs/s med':>12}{'ms/doc':>9}{'cpu/wall':>10}"
        f"{'floor ms/doc':>14}{'ingest/floor':>14}{'peak RSS MiB':>14}"
    )
    for name, docs, rate, rate_med, ms, cpu_share, floor_ms, ratio, peak in rows:
        print(
            f"{name:<8}{docs:>7}{rate:>13.1f}{rate_med:>12.1f}{ms:>9.2f}{cpu_share:>10.2f}"
            f"{floor_ms:>14.4f}{ratio:>14.0f}{peak:>14.0f}"
        )
    print()
    print(f"passes: {len(passes)}; warm-up (model loading, once per process): {warm:.2f} s")
    print(
        f"RSS after imports and warm-up: {idle_rss:.0f} MiB; process peak (ru_maxrss): {maxrss_mib():.0f} MiB"
    )
    print(f"CPU calibration (fixed pure-Python loop): {calibration * 1000:.0f} ms")
    for run in passes[0]:
        failures = "; ".join(run.failures)
        print(f"outcomes {run.corpus}: {run.outcomes}" + (f"  failures: {failures}" if failures else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    parser.add_argument(
        "--corpus",
        action="append",
        choices=["gdelt", "bbc", "html"],
        help="corpus to ingest (repeatable; default: all three, in this order)",
    )
    parser.add_argument("--limit", type=int, help="ingest only the first N documents of each corpus")
    parser.add_argument("--extract", action="store_true", help="also extract statements (off: ingest alone)")
    parser.add_argument("--workers", type=int, default=1, help="processes for the per-document work")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes (each into a fresh store)")
    parser.add_argument("--no-warmup", action="store_true", help="time the first pass cold")
    parser.add_argument(
        "--profile",
        type=int,
        metavar="TOP",
        nargs="?",
        const=30,
        help="also run one pass under cProfile and print the stages and the TOP functions (default 30)",
    )
    parser.add_argument("--profile-out", type=Path, help="write the cProfile stats to this file")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    corpora = find_corpora(args.shared, args.corpus or ["gdelt", "bbc", "html"], args.limit)
    print("corpora: " + ", ".join(f"{c.name} ({c.documents()} docs, {c.kind})" for c in corpora))
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        workdir = Path(tmp)
        calibration = cpu_calibration()
        warm = 0.0 if args.no_warmup else warm_up(corpora, workdir)
        idle_rss = rss_mib()
        passes = []
        with RssSampler() as sampler:
            for i in range(args.repeat):
                passes.append(one_pass(corpora, workdir, sampler, f"pass{i}", args.extract, args.workers))
                total = sum(r.documents for r in passes[-1])
                secs = sum(r.seconds for r in passes[-1])
                print(f"pass {i + 1}/{args.repeat}: {total} documents in {secs:.1f} s", flush=True)
        print_table(passes, calibration, warm, idle_rss)
        profile = profile_pass(corpora, workdir, args.profile, args.profile_out) if args.profile else None
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "passes": [[asdict(r) for r in p] for p in passes],
                    "cpu_calibration_s": calibration,
                    "warmup_s": warm,
                    "rss_after_warmup_mib": idle_rss,
                    "ru_maxrss_mib": maxrss_mib(),
                    "profile": profile,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
