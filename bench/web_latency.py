"""Latency and throughput of the web app on a store of 100,000+ statements.

    .venv/bin/python bench/web_latency.py                      # build a store in a temp folder, measure
    .venv/bin/python bench/web_latency.py --db /tmp/big.db     # keep (or reuse) the store at that path
    .venv/bin/python bench/web_latency.py --statements 200000 --requests 300 --load-seconds 20

The store is synthetic but shaped like a real one: articles made of sentences taken from the shared news
corpora (GDELT Ukraine 2022, BBC News; a built-in word list when they are absent), about ten statements
each with exact spans into the text, speakers from the Russia–Ukraine negotiation file, one or two issues per
statement, estimates of likelihood on ~5 % and moves on ~3 % of them, twenty outlets, four negotiations,
publication dates over four years. Rows are inserted directly (the full-text indexes fill through their
triggers), which takes a minute instead of the hours extraction would.

The app runs as `parley serve` in its own process on 127.0.0.1 (one uvicorn worker, as shipped). Then:
1. latency: each endpoint is requested `--requests` times, one request at a time over a kept-alive
   connection, after a warm-up; median and p95 in milliseconds. The first request is reported apart:
   it computes the counts a search shows beside its results (facets), which the app then keeps until
   the store changes, so later pages and repeats of that search do not recount;
2. load: `--threads` client threads send the endpoint mix for `--load-seconds`; requests/s and the
   latency percentiles under load. Only 127.0.0.1 is ever contacted, and the loop stops by itself.
The target (issue 6) is p95 < 100 ms for the list and search pages."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, insert, select

from parley.extract.names import normalise_name
from parley.negotiations import builtin_negotiations
from parley.store import Store
from parley.store.schema import (
    actor_aliases,
    actors,
    article_negotiations,
    article_sources,
    articles,
    likelihoods,
    moves,
    statement_issues,
    statements,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARLEY_SHARED", ROOT.parent / "shared"))
CORPORA = ("data/news/ukraine_gdelt_2022/articles.jsonl", "data/news/bbc_news_2225/articles.jsonl")
OUTLETS = [
    f"{name}.example"
    for name in (
        "courier",
        "wire",
        "herald",
        "post",
        "tribune",
        "chronicle",
        "gazette",
        "observer",
        "times",
        "journal",
        "daily",
        "express",
        "globe",
        "monitor",
        "review",
        "dispatch",
        "ledger",
        "bulletin",
        "register",
        "sentinel",
    )
]
BANDS = (
    ("extremely unlikely", 0.05, 0.01, 0.10),
    ("very unlikely", 0.17, 0.10, 0.25),
    ("unlikely", 0.32, 0.25, 0.40),
    ("even", 0.50, 0.40, 0.60),
    ("likely", 0.68, 0.60, 0.75),
    ("very likely", 0.82, 0.75, 0.90),
    ("extremely likely", 0.95, 0.90, 1.00),
)
MOVE_TYPES = ("meet", "propose", "demand", "accept", "reject", "concede", "agree", "threaten", "accuse")
FALLBACK = (
    "The delegations met again in Geneva to discuss a ceasefire along the front line. "
    "Negotiators said the talks on prisoners and the nuclear plant had made progress. "
    "Officials warned that an agreement on territory was still far away. "
    "The envoy said both sides had agreed to continue the talks next week. "
)


def sentences() -> list[str]:
    """Sentences of real news to build articles from."""
    found: list[str] = []
    for relative in CORPORA:
        path = SHARED / relative
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text") or ""
            found += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 40 <= len(s.strip()) <= 400]
    return found or [s.strip() + "." for s in FALLBACK.split(".") if s.strip()]


def build_store(url: str, target: int, seed: int = 7) -> dict[str, Any]:
    """Fill an empty store with articles until it holds `target` statements."""
    rng = random.Random(seed)
    pool = sentences()
    negotiations = builtin_negotiations()
    ukraine = next(n for n in negotiations if n.id == "russia-ukraine")
    speakers = [*ukraine.actors, *ukraine.parties]
    issues = [i.id for i in ukraine.taxonomy().issues]
    now = datetime(2026, 1, 1)
    started = time.perf_counter()
    with Store.open(url) as store:
        with store.writing() as connection:
            for actor in speakers:
                connection.execute(
                    insert(actors).prefix_with("OR IGNORE"),
                    [
                        {
                            "id": actor.id,
                            "name": actor.name,
                            "kind": actor.kind,
                            "role": actor.role,
                            "affiliation": actor.affiliation,
                            "origin": "negotiation",
                            "created_at": now,
                        }
                    ],
                )
                names = {actor.name, *actor.aliases}
                connection.execute(
                    insert(actor_aliases).prefix_with("OR IGNORE"),
                    [{"actor_id": actor.id, "normalized": normalise_name(n), "alias": n} for n in names],
                )
        count, number = 0, 0
        while count < target:
            batch: dict[str, list[dict[str, Any]]] = {
                k: []
                for k in ("articles", "sources", "routes", "statements", "issues", "likelihoods", "moves")
            }
            for _ in range(200):
                number += 1
                chosen = rng.sample(pool, k=min(len(pool), rng.randint(8, 16)))
                text = "\n".join(chosen)
                article_id = hashlib.sha256(f"{number}:{text}".encode()).hexdigest()[:16]
                published = datetime(2022, 1, 1) + timedelta(minutes=rng.randint(0, 4 * 365 * 24 * 60))
                site = rng.choice(OUTLETS)
                batch["articles"].append(
                    {
                        "id": article_id,
                        "key": f"bench-{number}",
                        "title": chosen[0][:120],
                        "site": site,
                        "url": f"https://{site}/{number}",
                        "published_at": published,
                        "published_granularity": "time",
                        "published_method": "metadata",
                        "language": "en",
                        "text": text,
                        "text_length": len(text),
                        "ingested_at": now,
                    }
                )
                batch["sources"].append(
                    {
                        "article_id": article_id,
                        "kind": "jsonl",
                        "location": "bench",
                        "key": f"bench-{number}",
                        "url": f"https://{site}/{number}",
                        "site": site,
                        "first_seen": now,
                    }
                )
                negotiation = ukraine.id if rng.random() < 0.7 else rng.choice(negotiations).id
                batch["routes"].append(
                    {"article_id": article_id, "negotiation": negotiation, "score": 1.0, "evidence": "bench"}
                )
                offset = 0
                for index, sentence in enumerate(chosen):
                    start, end = offset, offset + len(sentence)
                    offset = end + 1
                    if index == 0 or rng.random() < 0.25:
                        continue  # the headline, and sentences nobody is quoted in
                    speaker = rng.choice(speakers)
                    statement_id = f"st_{hashlib.sha256(f'{article_id}:{start}'.encode()).hexdigest()[:16]}"
                    tagged = rng.sample(issues, k=rng.choice((1, 1, 2)))
                    estimate = []
                    if rng.random() < 0.05:
                        band, p, low, high = rng.choice(BANDS)
                        estimate = [
                            {
                                "phrase": sentence[:40],
                                "span": [start, start + min(40, len(sentence))],
                                "band": band,
                                "p": p,
                                "low": low,
                                "high": high,
                            }
                        ]
                        batch["likelihoods"].append(
                            {
                                "id": f"lk_{statement_id[3:]}",
                                "statement_id": statement_id,
                                "article_id": article_id,
                                "speaker_actor_id": speaker.id,
                                "speaker_name": speaker.name,
                                "holder": None,
                                "phrase": sentence[:40],
                                "start": start,
                                "end": start + min(40, len(sentence)),
                                "event": "a peace settlement this year",
                                "p": p,
                                "low": low,
                                "high": high,
                                "band": band,
                                "negated": False,
                                "ambiguous": False,
                                "confidence": False,
                                "horizon": None,
                                "published_at": published,
                            }
                        )
                    if rng.random() < 0.03:
                        batch["moves"].append(
                            {
                                "id": f"mv_{statement_id[3:]}",
                                "article_id": article_id,
                                "statement_id": statement_id,
                                "type": rng.choice(MOVE_TYPES),
                                "holder": speaker.name,
                                "holder_actor_id": speaker.id,
                                "participants": "[]",
                                "target": None,
                                "object": sentence[:60],
                                "issue": tagged[0],
                                "date": None,
                                "date_text": None,
                                "place": None,
                                "start": start,
                                "end": end,
                                "evidence": sentence[:80],
                                "reported_by": None,
                                "published_at": published,
                            }
                        )
                    batch["statements"].append(
                        {
                            "id": statement_id,
                            "article_id": article_id,
                            "kind": rng.choice(("direct", "indirect")),
                            "start": start,
                            "end": end,
                            "text": sentence,
                            "speaker_name": speaker.name,
                            "speaker_actor_id": speaker.id,
                            "speaker_kind": speaker.kind,
                            "speaker_role": speaker.role,
                            "speaker_affiliation": speaker.affiliation,
                            "mention_start": None,
                            "mention_end": None,
                            "mention_text": None,
                            "cue_text": "said",
                            "cue_start": None,
                            "cue_end": None,
                            "continues": None,
                            "mixed": False,
                            "issues": json.dumps(tagged),
                            "moves": "[]",
                            "likelihood": json.dumps(estimate),
                            "extractor": "bench",
                            "published_at": published,
                            "text_key": None,
                        }
                    )
                    batch["issues"] += [
                        {"statement_id": statement_id, "issue": i, "score": 1.0} for i in tagged
                    ]
            with store.writing() as connection:
                for table, key in (
                    (articles, "articles"),
                    (article_sources, "sources"),
                    (article_negotiations, "routes"),
                    (statements, "statements"),
                    (statement_issues, "issues"),
                    (likelihoods, "likelihoods"),
                    (moves, "moves"),
                ):
                    if batch[key]:
                        connection.execute(insert(table), batch[key])
            count += len(batch["statements"])
            print(f"\r  {count:,} statements in {number:,} articles", end="", file=sys.stderr, flush=True)
        with store.reading() as connection:
            totals = {
                name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in (
                    ("articles", articles),
                    ("statements", statements),
                    ("likelihoods", likelihoods),
                    ("moves", moves),
                )
            }
        if store.dialect == "sqlite":
            with store.engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE")
    print(file=sys.stderr)
    return {**totals, "build_seconds": round(time.perf_counter() - started, 1)}


def store_counts(url: str) -> dict[str, Any]:
    with Store.open(url, create=False) as store, store.reading() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in (
                ("articles", articles),
                ("statements", statements),
                ("likelihoods", likelihoods),
                ("moves", moves),
            )
        }


# --- the server ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(url: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    parley = shutil.which("parley", path=str(Path(sys.executable).parent)) or "parley"
    env = {k: v for k, v in os.environ.items() if k != "PARLEY_API_TOKEN"}
    server = subprocess.Popen(
        [parley, "serve", "--db", url, "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"parley serve exited: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/stats", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("parley serve did not answer within 60 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- measuring ----------------------------------------------------------------------------------------


def endpoints(client: httpx.Client) -> dict[str, list[str]]:
    """The requests to time, by group: list and search pages (the target), the API, other pages."""
    deep = "/api/v1/statements?limit=50"
    for _ in range(20):  # twenty pages in: a cursor deep into the list
        deep = client.get(deep).json()["next"]
    actor = client.get("/api/v1/actors?limit=1&quoted=true").json()["items"][0]["id"]
    article = client.get("/api/v1/articles?limit=1").json()["items"][0]["id"]
    return {
        "pages: list and search": [
            "/search",
            "/search?q=talks",
            "/search?q=ceasefire",
            "/search?q=%22peace+talks%22",
            "/search?q=president&speaker=Zelensky&issue=territory",
            "/search?negotiation=russia-ukraine&kind=direct&since=2024-01-01",
            "/search?in=articles&q=government",
            "/actors",
        ],
        "api: lists": [
            "/api/v1/statements",
            "/api/v1/statements?q=talks",
            "/api/v1/statements?speaker=Peskov&issue=ceasefire",
            deep,
            "/api/v1/articles?q=minister",
            "/api/v1/moves?negotiation=russia-ukraine",
            "/api/v1/likelihood?negotiation=russia-ukraine",
            "/api/v1/actors?quoted=true",
            "/api/v1/statements/facets?q=talks",
        ],
        "other pages": [
            f"/articles/{article}",
            f"/actors/{actor}",
            "/",
            "/negotiations/russia-ukraine",
        ],
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_one(client: httpx.Client, path: str, count: int) -> dict[str, Any]:
    # the first request of a search computes its counts (facets); later pages and repeats reuse them
    started = time.perf_counter()
    client.get(path)
    first = (time.perf_counter() - started) * 1000
    print(f"  {path}: first request {first:.0f} ms", file=sys.stderr, flush=True)
    for _ in range(2):
        client.get(path)
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code} {response.text[:300]}")
    return {
        "first_ms": round(first, 1),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
    }


def load(base: str, paths: list[str], threads: int, seconds: float) -> dict[str, Any]:
    stop = time.monotonic() + seconds
    timings: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker(offset: int) -> None:
        nonlocal errors
        mine, bad = [], 0
        with httpx.Client(base_url=base, timeout=30) as client:
            index = offset
            while time.monotonic() < stop:
                started = time.perf_counter()
                response = client.get(paths[index % len(paths)])
                mine.append((time.perf_counter() - started) * 1000)
                bad += response.status_code != 200
                index += 1
        with lock:
            timings.extend(mine)
            errors += bad

    began = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    elapsed = time.perf_counter() - began
    return {
        "threads": threads,
        "seconds": round(elapsed, 1),
        "requests": len(timings),
        "errors": errors,
        "requests_per_second": round(len(timings) / elapsed, 1),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="SQLite file to build (when missing) and measure; default: a temp file")
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per endpoint")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--load-seconds", type=float, default=15.0)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--url", help="measure the filled store at this URL (bench/store_million.py's; PostgreSQL too)"
    )
    parser.add_argument(
        "--lists-only", action="store_true", help="only the list and search pages and the API's lists"
    )
    args = parser.parse_args()

    folder = None if args.db or args.url else tempfile.mkdtemp(prefix="parley-bench-")
    path = Path(args.db) if args.db else Path(folder or ".") / "bench.db"
    url = args.url or f"sqlite:///{path}"
    try:
        if args.url or path.exists():
            store = store_counts(url)
            print(f"store {url}: {store['statements']:,} statements (reused)", file=sys.stderr)
        else:
            print(f"building a store of {args.statements:,}+ statements at {path}", file=sys.stderr)
            store = build_store(url, args.statements)
        port = free_port()
        server = serve(url, port)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=300) as client:
                groups = endpoints(client)
                if args.lists_only:
                    del groups["other pages"]
                latency = {
                    group: {p: time_one(client, p, args.requests) for p in paths}
                    for group, paths in groups.items()
                }
            mix = [*groups["pages: list and search"], *groups["api: lists"]]
            under_load = load(base, mix, args.threads, args.load_seconds)
        finally:
            stop(server)
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    report(store, latency, under_load, args.json)


def report(
    store: dict[str, Any],
    latency: dict[str, dict[str, dict[str, float]]],
    under_load: dict[str, Any],
    as_json: bool,
) -> None:
    target = latency["pages: list and search"]
    worst = max(v["p95_ms"] for v in [*target.values(), *latency["api: lists"].values()])
    figures = {
        "store": store,
        "latency": latency,
        "load": under_load,
        "worst_list_p95_ms": worst,
        "target_p95_ms": 100,
        "target_met": worst < 100,
    }
    if as_json:
        print(json.dumps(figures, indent=2))
        return
    print(
        f"store: {store['articles']:,} articles, {store['statements']:,} statements, "
        f"{store['likelihoods']:,} estimates, {store['moves']:,} moves"
        + (f" (built in {store['build_seconds']} s)" if "build_seconds" in store else "")
    )
    for group, rows in latency.items():
        print(f"\n{group}:  first / median / p95 ms (sequential, kept-alive)")
        for path, figures_ in rows.items():
            shown = path if len(path) < 64 else path[:61] + "…"
            ms = f"{figures_['first_ms']:8.1f} {figures_['median_ms']:7.1f} {figures_['p95_ms']:7.1f}"
            print(f"  {ms}  {shown}")
    print(
        f"\nload: {under_load['threads']} client threads for {under_load['seconds']} s, list and search mix:"
        f" {under_load['requests_per_second']} requests/s, median {under_load['median_ms']} ms,"
        f" p95 {under_load['p95_ms']} ms, {under_load['errors']} errors"
    )
    print(
        f"\nworst p95 of the list and search endpoints: {worst} ms (target < 100 ms: "
        f"{'met' if worst < 100 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
