"""Load test of `parley serve`: 50 concurrent connections for 60 s against a store of 100,000+ statements.

    .venv/bin/python bench/load_test.py                          # build a store in a temp folder
    .venv/bin/python bench/load_test.py --db /tmp/big.db         # keep (or reuse) the store at that path
    .venv/bin/python bench/load_test.py --connections 100 --seconds 30

The load generator is wrk (Debian's `wrk` package: `apt-get install wrk`), written in C, so that the client
takes as little as possible of the CPU the server needs on a small machine. Each connection cycles through
the same mix `bench/web_latency.py` times one by one: the search and list pages, the API's lists (a cursor
deep in the statements included), facets, an article, an actor, the overview. The store is the synthetic
one of `bench/web_latency.py` (sentences of the shared corpora, speakers of the Russia–Ukraine file).

Prints requests/s, latency percentiles (p50, p90, p99, max) and errors of every kind wrk counts (connect,
read, write, timeout, HTTP status >= 400); exits 1 when there was any error. The server is one uvicorn
process, as `parley serve` starts by default, or `--server-workers N` of them. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
from bench.web_latency import build_store, endpoints, free_port, serve, stop, store_counts

# wrk's Lua hooks: each connection ("thread" state is per wrk thread; each request takes the next path)
# and, at the end, the figures as one JSON line that this script reads back.
LUA = """
local paths = {%(paths)s}
local index = 0
request = function()
  index = index + 1
  return wrk.format("GET", paths[(index %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, "p90_us": %%d, "p99_us": %%d, ' ..
    '"max_us": %%d, "mean_us": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""


def lua_script(paths: list[str]) -> str:
    quoted = ", ".join(json.dumps(path) for path in paths)  # JSON strings are valid Lua strings here
    return LUA % {"paths": quoted}


def run_wrk(base: str, script: Path, connections: int, seconds: int, threads: int) -> dict[str, Any]:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",  # a slow answer is measured as latency; only one past 30 s counts as a timeout error
        "-s",
        str(script),
        base,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result:\n{done.stdout}")
    figures: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    figures["wrk_output"] = done.stdout
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="SQLite file to build (when missing) and load; default: a temp file")
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--server-workers", type=int, default=1, help="`parley serve --workers` (1)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk)")

    folder = Path(tempfile.mkdtemp(prefix="parley-load-"))
    path = Path(args.db) if args.db else folder / "load.db"
    url = f"sqlite:///{path}"
    try:
        if path.exists():
            print(f"store {path} (reused)", file=sys.stderr)
        else:
            print(f"building a store of {args.statements:,}+ statements at {path}", file=sys.stderr)
            build_store(url, args.statements)
        store = store_counts(url)
        port = free_port()
        server = serve(url, port, args.server_workers)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=300) as client:
                groups = endpoints(client)
                paths = [path for group in groups.values() for path in group]
            # warm: the first search of a query computes its facets, in each server process, which new
            # connections reach in turn (a few per process, since the kernel picks which accepts)
            for _ in range(3 * args.server_workers):
                for each in paths:
                    httpx.get(base + each, timeout=300).raise_for_status()
            script = folder / "mix.lua"
            script.write_text(lua_script(paths))
            print(
                f"wrk: {args.connections} connections, {args.seconds} s, {len(paths)} paths in turn",
                file=sys.stderr,
            )
            figures = run_wrk(base, script, args.connections, args.seconds, args.threads)
        finally:
            stop(server)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    seconds = figures["duration_us"] / 1e6
    errors = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    summary = {
        "statements": store["statements"],
        "articles": store.get("articles"),
        "connections": args.connections,
        "server_workers": args.server_workers,
        "seconds": round(seconds, 1),
        "requests": figures["requests"],
        "requests_per_second": round(figures["requests"] / seconds, 1),
        "latency_ms": {
            name: round(figures[f"{name}_us"] / 1000, 1) for name in ("p50", "p90", "p99", "max", "mean")
        },
        "errors": {k: figures[k] for k in ("connect", "read", "write", "status", "timeout")},
        "paths": len(paths),
    }
    print(figures["wrk_output"], file=sys.stderr)
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    print(
        f"\n{summary['requests']:,} requests in {seconds:.0f} s at {args.connections} connections: "
        f"{summary['requests_per_second']} req/s, p99 {summary['latency_ms']['p99']} ms, {errors} errors"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
