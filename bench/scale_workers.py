"""Speed-up of `parley ingest` (with extraction) from 1 to 2 workers: local processes and a Dask LocalCluster,
into SQLite and PostgreSQL, the same input, every configuration in the same run.

    .venv/bin/python bench/scale_workers.py                          # 600 articles, both engines, both stores
    .venv/bin/python bench/scale_workers.py --engine dask --store sqlite --repeat 2
    .venv/bin/python bench/scale_workers.py --articles 300 --workers 3 --json out.json

The input is the stream of bench/scale_ingest.py (perturbed copies cycled over every shared corpus; the
first `--articles` records), written once into a temporary folder. Each configuration runs
`parley ingest FILE --db URL --workers N` in a child process into a fresh store, as scale_ingest.py does
(a SQLite file, or a PostgreSQL database created and dropped for the run):

- local: `--workers N` (N = 1 is `parley ingest`'s in-process path: with one worker it extracts in the
  writer's own process; N >= 2 is a pool of N processes beside the writer);
- dask: `--engine dask --scheduler ADDRESS` on a `distributed.LocalCluster` of N single-threaded worker
  processes started by this script before the clock starts (the workers load the language model on their
  first partition, as the local workers load it in their initializer: both inside the timed run).

Runs are interleaved (1, 2, 1, 2 … workers within each engine and store, `--repeat` rounds) so that slow
drifts of a shared machine hit every configuration alike, and each configuration's best round counts.
Speed-up = articles/s with N workers / articles/s with 1, over the whole run (start-up included) and over
the steady part (from the first article stored to the end). The machine's load and CPU pressure during
each run are printed beside it: on a 2-core machine shared with other work the ratio measures what the
second core was free to give.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scale_ingest import (
    DEFAULT_PG,
    DEFAULT_SHARED,
    Run,
    build_input,
    fresh_store,
    run_ingest,
    write_stream,
)


@contextmanager
def cluster(engine: str, workers: int) -> Iterator[str | None]:
    """The scheduler address of a LocalCluster of `workers` single-threaded processes (None: local)."""
    if engine == "local":
        yield None
        return
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        ) as local,
        Client(local) as client,
    ):
        client.wait_for_workers(workers, timeout=120)
        yield local.scheduler_address


def best(runs: list[Run]) -> Run:
    return max(runs, key=lambda r: r.rate)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=600, help="records ingested per run (600)")
    parser.add_argument("--workers", type=int, default=2, help="the most workers tried, from 1 (2)")
    parser.add_argument("--engine", choices=["local", "dask", "both"], default="both")
    parser.add_argument("--store", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved rounds; the best counts (1)")
    parser.add_argument("--no-extract", action="store_true", help="ingest only (`--no-extract`)")
    parser.add_argument("--perturb", type=float, default=0.15, help="as scale_ingest.py (0.15)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    parser.add_argument("--pg", default=DEFAULT_PG, help="a PostgreSQL URL on the server to use")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from extract_throughput import describe_machine

    machine = describe_machine()
    print("; ".join(f"{k} {v}" for k, v in machine.items()))
    engines = ["local", "dask"] if args.engine == "both" else [args.engine]
    stores = ["sqlite", "postgresql"] if args.store == "both" else [args.store]
    counts = list(range(1, args.workers + 1))
    workdir = Path(tempfile.mkdtemp(prefix="parley-workers-"))
    results: dict[tuple[str, str, int], list[Run]] = {}
    try:
        pool, perturber, _ = build_input(args.shared, args.perturb, args.seed)
        stream = write_stream(pool, perturber, args.articles, workdir / "stream.jsonl")
        del pool, perturber
        print(f"stream: {stream.records} records, {stream.bytes / 1e6:.1f} MB; {dict(stream.by_corpus)}")
        print(
            f"{'round':>5} {'store':<11}{'engine':<7}{'workers':>8}{'art/s':>8}{'steady':>8}{'wall s':>8}"
            f"{'start s':>8}{'cpu/wall':>9}{'load':>6}{'psi %':>6}  check"
        )
        for round_ in range(1, args.repeat + 1):
            for store in stores:
                for engine in engines:
                    for n in counts:
                        label = f"{store}-{engine}-{n}-r{round_}"
                        with (
                            cluster(engine, n) as scheduler,
                            fresh_store(store, workdir, label, args.pg) as url,
                        ):
                            run = run_ingest(
                                stream.path,
                                url,
                                store,
                                label,
                                args.articles,
                                n,
                                not args.no_extract,
                                workdir,
                                slice_size=10**9,
                                scheduler=scheduler,
                                verbose=False,
                            )
                        results.setdefault((store, engine, n), []).append(run)
                        ok = run.counts.get("articles") == args.articles and not run.returncode
                        print(
                            f"{round_:>5} {store:<11}{engine:<7}{n:>8}{run.rate:>8.2f}{run.steady_rate:>8.2f}"
                            f"{run.wall_s:>8.1f}{run.first_article_s:>8.1f}{run.cpu_s / run.wall_s:>9.2f}"
                            f"{run.load['mean']:>6.2f}{run.load['cpu_pressure_mean_pct']:>6.0f}  "
                            f"{'ok' if ok else 'MISMATCH ' + str(run.counts) + run.stderr_tail[-300:]}",
                            flush=True,
                        )
                        time.sleep(2)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nSpeed-up over 1 worker (best of {args.repeat} round(s); goal >= 1.7x at 2 workers)")
    print(
        f"{'store':<11}{'engine':<7}{'workers':>8}{'art/s':>8}{'speed-up':>10}{'steady':>8}{'speed-up':>10}"
    )
    report: dict[str, Any] = {"machine": machine, "articles": args.articles, "extract": not args.no_extract}
    table = []
    for store in stores:
        for engine in engines:
            base = best(results[(store, engine, 1)])
            for n in counts:
                run = best(results[(store, engine, n)])
                row = {
                    "store": store,
                    "engine": engine,
                    "workers": n,
                    "articles_per_s": run.rate,
                    "speedup": run.rate / base.rate,
                    "steady_articles_per_s": run.steady_rate,
                    "steady_speedup": run.steady_rate / base.steady_rate,
                    "load_mean": run.load["mean"],
                    "cpu_pressure_mean_pct": run.load["cpu_pressure_mean_pct"],
                }
                table.append(row)
                print(
                    f"{store:<11}{engine:<7}{n:>8}{run.rate:>8.2f}{row['speedup']:>9.2f}x"
                    f"{run.steady_rate:>8.2f}{row['steady_speedup']:>9.2f}x"
                )
    report["table"] = table
    report["runs"] = [r.to_dict() for runs in results.values() for r in runs]
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
