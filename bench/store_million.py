"""A million statements in a SQLite file and a PostgreSQL database, filled fast and kept for latency benches,
and the latency of the store's list and full-text search queries on them.

    .venv/bin/python bench/store_million.py                      # fill both (kept), then time the queries
    .venv/bin/python bench/store_million.py --reuse              # stores already filled: time the queries
    .venv/bin/python bench/store_million.py --engine sqlite --sqlite /tmp/m.db --statements 200000
    .venv/bin/python bench/store_million.py --seed-store sqlite:////tmp/kept-by-scale-ingest.db
    .venv/bin/python bench/store_million.py --reuse --plans      # print every query plan in full
    .venv/bin/python bench/store_million.py --drop               # remove the stores at the end

Fill. Real statements first: `--seed-articles` texts of the shared corpora (the shuffled pool of
bench/scale_ingest.py) are ingested with extraction by `parley ingest` into a temporary SQLite store (or
`--seed-store` names a store that holds extracted articles already). Then copies: every seed article is
written again and again, each time with its text perturbed as scale_ingest.py perturbs it (a seeded 15 % of
its words replaced by words of the same length, so every offset stays valid), under its own content id and
key (`<key>~<copy>`), published a seeded number of days earlier or later (within five years, so lists
filtered or ordered by date see ten years of coverage), with every row the article has: its source, its
statements, their issues and likelihood estimates, its moves, actor mentions and negotiation routes. Each
copied row is rebuilt as the extractor and the writer would build it: statement ids from the new key, kind
and span (`parley.extract.pipeline.statement_id`), move and estimate ids likewise, `text`, mention, cue,
evidence and phrase texts re-read from the new article text at their spans (so `text ==
article[span[0]:span[1]]` holds), `text_key` recomputed, ids inside the JSON columns mapped; the actors are
copied once. Rows are written through the store's own bulk path (`insert_ignore`: executemany of INSERT …
ON CONFLICT DO NOTHING), 200 articles a transaction, so SQLite's FTS5 triggers and PostgreSQL's generated
tsvector columns index every row as ingestion would. Copying stops at the first article that brings the
statements to `--statements`. A sample check afterwards: statement texts against their article's text at
their spans, `text_key`s, and full-text hits for statements' own words. The stores are kept (`--sqlite`,
`--pg-db`) for the API latency bench to reuse; `--drop` removes them.

Latency. On each engine, the store-level queries `find_statements` (parley.store.statement_queries) and
`find_articles` (parley.store.queries) with the filters the CLI and the API lists offer (newest first, a
deep page, kind, speaker, issue, a month, one article, full-text words, a phrase, words with a speaker;
articles newest first, searched, by site, by month): `--warmup` untimed calls, then `--repeat` timed calls
on one connection, median and p95 in ms, rows returned, and for searches the number of matching rows. Every
SQL statement a call runs is captured and EXPLAINed (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN):
a full scan of a large table, or a sort of all the rows that match before the limit, is flagged.
PostgreSQL is ANALYZEd after the fill (autovacuum would do it); SQLite is left as parley leaves it (no
ANALYZE ever runs), unless `--analyze-sqlite`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, func, select, text

from parley.code.moves import move_id
from parley.extract.pipeline import statement_id
from parley.ingest.dedupe import content_id
from parley.store import Store
from parley.store.queries import ArticleFilter, find_articles
from parley.store.schema import (
    actor_aliases,
    actors,
    article_negotiations,
    article_sources,
    articles,
    likelihoods,
    mentions,
    moves,
    statement_issues,
    statements,
)
from parley.store.statement_queries import StatementFilter, find_statements
from parley.store.statements import text_key
from parley.store.writes import insert_ignore
from scale_ingest import (
    DEFAULT_PG,
    DEFAULT_SHARED,
    Base,
    Perturber,
    build_input,
    database_url,
    drop_database,
    libpq,
    run_ingest,
)

# Tables an article's rows go to, in the order their foreign keys need.
ARTICLE_TABLES = (
    articles,
    article_sources,
    statements,
    statement_issues,
    likelihoods,
    moves,
    mentions,
    article_negotiations,
)
BIG_TABLES = {t.name for t in ARTICLE_TABLES}
_IDS = re.compile(r"\b(?:st|mv)_[0-9a-f]{16}\b")


# --- the seed -----------------------------------------------------------------------------------------


@dataclass
class SeedArticle:
    """A stored article and every row that hangs off it, as dicts without their autoincrement keys."""

    article: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def read_seed(url: str) -> tuple[list[SeedArticle], list[dict[str, Any]], list[dict[str, Any]]]:
    """The articles of a store with their rows, and its actors and aliases."""
    with Store.open(url, create=False) as store, store.reading() as connection:
        seeds: dict[str, SeedArticle] = {}
        for row in connection.execute(select(articles).order_by(articles.c.seq)).mappings():
            record = {k: v for k, v in row.items() if k != "seq"}
            seeds[row["id"]] = SeedArticle(record, {t.name: [] for t in ARTICLE_TABLES[1:]})
        for table in ARTICLE_TABLES[1:]:
            if table is statement_issues:
                query: Any = select(statement_issues, statements.c.article_id).join(
                    statements, statements.c.id == statement_issues.c.statement_id
                )
            else:
                query = select(table)
            if "seq" in table.c:
                query = query.order_by(table.c.seq)
            for row in connection.execute(query).mappings():
                record = dict(row)
                article_id = record["article_id"]
                if table is statement_issues:
                    del record["article_id"]
                record.pop("seq", None)
                if table is article_sources:
                    record.pop("id", None)
                seeds[article_id].rows[table.name].append(record)
        actor_rows = [dict(r) for r in connection.execute(select(actors)).mappings()]
        alias_rows = [dict(r) for r in connection.execute(select(actor_aliases)).mappings()]
    return list(seeds.values()), actor_rows, alias_rows


def extract_seed(shared: Path, count: int, workdir: Path, workers: int) -> tuple[str, float]:
    """A temporary SQLite store holding the first `count` texts of the pool with their statements."""
    pool, _, _ = build_input(shared, 0.15, 7)
    source = workdir / "seed.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for base in pool[:count]:
            record = {
                "id": base.id,
                "title": base.title,
                "date": base.date,
                "url": base.url,
                "source": base.source,
                "text": base.text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    url = f"sqlite:///{workdir / 'seed.db'}"
    run = run_ingest(source, url, "sqlite", "seed", count, workers, True, workdir, 10**9, verbose=False)
    if run.returncode:
        sys.exit(f"seed extraction failed: {run.stderr_tail}")
    return url, run.wall_s


# --- copies -------------------------------------------------------------------------------------------


def _respan(value: str, article_text: str, ids: dict[str, str]) -> str:
    """A JSON list of likelihood or move records with ids mapped and texts re-read at their spans."""
    records = json.loads(value)
    for record in records:
        if not isinstance(record, dict):
            continue
        span = record.get("span")
        if span:
            for name in ("phrase", "evidence"):
                if name in record:
                    record[name] = article_text[span[0] : span[1]]
        object_span = record.get("object_span")
        if object_span and "object" in record:
            record["object"] = article_text[object_span[0] : object_span[1]]
        for name in ("move_id", "statement_id"):
            if record.get(name) in ids:
                record[name] = ids[record[name]]
    return json.dumps(records)


def _at(article_text: str, start: int | None, end: int | None, fallback: Any) -> Any:
    return article_text[start:end] if start is not None and end is not None else fallback


def copy_rows(
    seed: SeedArticle, copy: int, article_text: str, new_id: str, shift: timedelta, now: datetime
) -> dict[str, list[dict[str, Any]]]:
    """Every row of one copy of `seed`, whose text is `article_text` (same length, same offsets) and whose
    content id is `new_id`."""
    a = seed.article
    key = f"{a['key']}~{copy}"
    published = a["published_at"] + shift if a["published_at"] is not None else None
    ids: dict[str, str] = {}
    for s in seed.rows["statements"]:
        ids[s["id"]] = statement_id(key, s["kind"], (s["start"], s["end"]))
    for m in seed.rows["moves"]:
        ids[m["id"]] = move_id(key, m["type"], (m["start"], m["end"]))

    def url(value: str | None) -> str | None:
        return f"{value}#copy-{copy}" if value else value

    out: dict[str, list[dict[str, Any]]] = {t.name: [] for t in ARTICLE_TABLES}
    out["articles"].append(
        a
        | {
            "id": new_id,
            "key": key,
            "text": article_text,
            "url": url(a["url"]),
            "canonical_url": url(a["canonical_url"]),
            "published_at": published,
            "ingested_at": now,
        }
    )
    for s in seed.rows["article_sources"]:
        out["article_sources"].append(
            s
            | {
                "article_id": new_id,
                "key": key,
                "location": f"{s['location']}#copy-{copy}",
                "url": url(s["url"]),
                "first_seen": now,
            }
        )
    for s in seed.rows["statements"]:
        said = article_text[s["start"] : s["end"]]
        out["statements"].append(
            s
            | {
                "id": ids[s["id"]],
                "article_id": new_id,
                "text": said,
                "mention_text": _at(article_text, s["mention_start"], s["mention_end"], s["mention_text"]),
                "cue_text": _at(article_text, s["cue_start"], s["cue_end"], s["cue_text"]),
                "continues": ids.get(s["continues"], s["continues"]) if s["continues"] else None,
                "moves": _respan(s["moves"], article_text, ids),
                "likelihood": _respan(s["likelihood"], article_text, ids),
                "published_at": published,
                "text_key": text_key(said),
            }
        )
    for i in seed.rows["statement_issues"]:
        out["statement_issues"].append(i | {"statement_id": ids[i["statement_id"]]})
    for e in seed.rows["likelihoods"]:
        statement = ids[e["statement_id"]]
        out["likelihoods"].append(
            e
            | {
                "id": f"lk_{statement[3:]}_{e['start']}",
                "statement_id": statement,
                "article_id": new_id,
                "phrase": article_text[e["start"] : e["end"]],
                "published_at": published,
            }
        )
    for m in seed.rows["moves"]:
        out["moves"].append(
            m
            | {
                "id": ids[m["id"]],
                "article_id": new_id,
                "statement_id": ids.get(m["statement_id"], m["statement_id"]) if m["statement_id"] else None,
                "evidence": article_text[m["start"] : m["end"]],
                "published_at": published,
            }
        )
    for m in seed.rows["mentions"]:
        out["mentions"].append(m | {"article_id": new_id, "text": article_text[m["start"] : m["end"]]})
    for n in seed.rows["article_negotiations"]:
        out["article_negotiations"].append(n | {"article_id": new_id})
    return out


@dataclass
class Fill:
    engine: str
    url: str
    statements: int = 0
    articles: int = 0
    rows: int = 0
    seconds: float = 0.0  # copying and writing
    seed_seconds: float = 0.0  # extracting the seed (when this run did it)
    analyze_seconds: float = 0.0
    skipped_copies: int = 0  # copies that could not be made distinct from earlier ones
    bytes: int = 0
    checks: dict[str, Any] = field(default_factory=dict)

    @property
    def statements_per_s(self) -> float:
        return self.statements / self.seconds if self.seconds else float("nan")


def fill(
    store: Store,
    seeds: list[SeedArticle],
    actor_rows: list[dict[str, Any]],
    alias_rows: list[dict[str, Any]],
    target: int,
    rate: float,
    batch_articles: int,
    result: Fill,
) -> None:
    bases = [Base("seed", s.article["key"], s.article["text"]) for s in seeds]
    perturber = Perturber(bases, rate, seed=11)
    started = time.perf_counter()
    with store.writing() as connection:
        insert_ignore(connection, actors, actor_rows)
        insert_ignore(connection, actor_aliases, alias_rows)
    seen: set[str] = set()
    batch: dict[str, list[dict[str, Any]]] = {t.name: [] for t in ARTICLE_TABLES}
    in_batch = 0
    now = datetime.now().replace(microsecond=0)
    copy = 0
    last_report = started
    while result.statements < target:
        for index, seed in enumerate(seeds):
            if result.statements >= target:
                break
            article_text = perturber.copy(index, str(copy))
            identity = content_id(article_text)
            for attempt in range(1, 6):
                if identity not in seen:
                    break
                article_text = perturber.copy(index, f"{copy}.{attempt}")
                identity = content_id(article_text)
            if identity in seen:
                result.skipped_copies += 1
                continue
            seen.add(identity)
            shift = timedelta(days=random.Random(f"{index}:{copy}").randrange(-1826, 1827))
            for name, rows in copy_rows(seed, copy, article_text, identity, shift, now).items():
                batch[name].extend(rows)
                result.rows += len(rows)
            result.statements += len(seed.rows["statements"])
            result.articles += 1
            in_batch += 1
            if in_batch >= batch_articles:
                _write(store, batch)
                in_batch = 0
                if time.perf_counter() - last_report > 30:
                    last_report = time.perf_counter()
                    elapsed = last_report - started
                    print(
                        f"  {result.engine}: {result.statements:,} statements, {result.articles:,} articles "
                        f"in {elapsed:.0f} s ({result.statements / elapsed:,.0f} statements/s)",
                        flush=True,
                    )
        copy += 1
        if copy > 10_000:
            break  # a seed without statements would loop for ever
    if in_batch:
        _write(store, batch)
    result.seconds = time.perf_counter() - started


def _write(store: Store, batch: dict[str, list[dict[str, Any]]]) -> None:
    with store.writing() as connection:
        for table in ARTICLE_TABLES:
            insert_ignore(connection, table, batch[table.name])
    for rows in batch.values():
        rows.clear()


def check_store(store: Store, sample: int = 300) -> dict[str, Any]:
    """Statements read back: text at its span, text_key, and found by full-text search for its words."""
    checks: dict[str, Any] = {}
    with store.reading() as connection:
        total = connection.execute(select(func.count()).select_from(statements)).scalar() or 0
        checks["statements"] = total
        checks["articles"] = connection.execute(select(func.count()).select_from(articles)).scalar()
        step = max(1, total // sample)
        picked = connection.execute(
            select(statements.c.seq, statements.c.text, statements.c.start, statements.c.end)
            .add_columns(statements.c.text_key, articles.c.text.label("article_text"))
            .join(articles, articles.c.id == statements.c.article_id)
            .where(statements.c.seq % step == 0)
            .limit(sample)
        ).all()
        checks["sampled"] = len(picked)
        checks["span_ok"] = sum(r.article_text[r.start : r.end] == r.text for r in picked)
        checks["text_key_ok"] = sum(text_key(r.text) == r.text_key for r in picked)
        found = 0
        searched = 0
        for row in picked[:50]:
            words = re.findall(r"[A-Za-z]{5,}", row.text)[:3]
            if not words:
                continue
            searched += 1
            if store.dialect == "sqlite":
                query = text("SELECT 1 FROM statements_fts WHERE statements_fts MATCH :q AND rowid = :seq")
                hit = connection.execute(query, {"q": " ".join(words), "seq": row.seq}).first()
            else:
                query = text(
                    "SELECT 1 FROM statements WHERE search @@ plainto_tsquery('english', :q) AND seq = :seq"
                )
                hit = connection.execute(query, {"q": " ".join(words), "seq": row.seq}).first()
            found += hit is not None
        checks["fts_searched"] = searched
        checks["fts_found"] = found
    return checks


def store_bytes(store: Store) -> int:
    if store.dialect == "sqlite":
        path = Path(store.url.split("///", 1)[1])
        return sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists())
    with store.reading() as connection:
        return int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0)


# --- latency ------------------------------------------------------------------------------------------


@dataclass
class Query:
    name: str
    run: Callable[[Connection], list[Any]]
    search: tuple[str, str] | None = None  # (table, query) for counting matches


@dataclass
class Timing:
    name: str
    rows: int
    median_ms: float
    p95_ms: float
    min_ms: float
    matches: int | None
    flags: list[str]
    plans: list[list[str]]


def pick_parameters(connection: Connection) -> dict[str, Any]:
    """Filter values that exist in this store: its most quoted speaker, most common issue and site, a
    month from the middle of its dates, an article key."""
    top = connection.execute(
        select(statements.c.speaker_name, func.count().label("n"))
        .where(statements.c.speaker_actor_id.is_not(None))
        .group_by(statements.c.speaker_name)
        .order_by(func.count().desc())
        .limit(1)
    ).first()
    issue = connection.execute(
        select(statement_issues.c.issue)
        .group_by(statement_issues.c.issue)
        .order_by(func.count().desc())
        .limit(1)
    ).scalar()
    site = connection.execute(
        select(articles.c.site)
        .where(articles.c.site.is_not(None))
        .group_by(articles.c.site)
        .order_by(func.count().desc())
        .limit(1)
    ).scalar()
    count = connection.execute(select(func.count()).select_from(articles)).scalar() or 0
    middle = connection.execute(
        select(articles.c.published_at)
        .where(articles.c.published_at.is_not(None))
        .order_by(articles.c.published_at)
        .offset(count // 2)
        .limit(1)
    ).scalar()
    key = connection.execute(
        select(articles.c.key).order_by(articles.c.seq).offset(count // 3).limit(1)
    ).scalar()
    month = middle.date().replace(day=1) if middle else date(2022, 3, 1)
    return {
        "speaker": top.speaker_name if top else "Putin",
        "speaker_statements": top.n if top else 0,
        "issue": issue or "ceasefire",
        "site": site or "bbc",
        "since": month,
        "until": (month + timedelta(days=32)).replace(day=1) - timedelta(days=1),
        "article": key,
    }


def queries(p: dict[str, Any]) -> list[Query]:
    surname = p["speaker"].split()[-1]

    def statements_with(**kw: Any) -> Callable[[Connection], list[Any]]:
        return lambda c: find_statements(c, StatementFilter(**kw))

    def articles_with(**kw: Any) -> Callable[[Connection], list[Any]]:
        return lambda c: find_articles(c, ArticleFilter(**kw))

    return [
        Query("statements: newest 50", statements_with()),
        Query("statements: page 21 (offset 1000)", statements_with(offset=1000)),
        Query("statements: kind=direct", statements_with(kind="direct")),
        Query(f"statements: speaker={p['speaker']!r}", statements_with(speaker=p["speaker"])),
        Query(f"statements: speaker={surname!r} (surname)", statements_with(speaker=surname)),
        Query(f"statements: issue={p['issue']}", statements_with(issue=p["issue"])),
        Query(f"statements: {p['since']:%Y-%m}", statements_with(since=p["since"], until=p["until"])),
        Query("statements: one article", statements_with(article=p["article"])),
        Query("statements: search ceasefire", statements_with(text="ceasefire"), ("statements", "ceasefire")),
        Query("statements: search people", statements_with(text="people"), ("statements", "people")),
        Query(
            "statements: search Zaporizhzhia",
            statements_with(text="Zaporizhzhia"),
            ("statements", "Zaporizhzhia"),
        ),
        Query(
            'statements: search "peace talks"',
            statements_with(text='"peace talks"'),
            ("statements", '"peace talks"'),
        ),
        Query(
            f"statements: search war + speaker {surname}",
            statements_with(text="war", speaker=surname),
            ("statements", "war"),
        ),
        Query("articles: newest 50", articles_with()),
        Query("articles: page 21 (offset 1000)", articles_with(offset=1000)),
        Query("articles: search ceasefire", articles_with(text="ceasefire"), ("articles", "ceasefire")),
        Query("articles: search government", articles_with(text="government"), ("articles", "government")),
        Query(f"articles: site {p['site']!r}", articles_with(site=p["site"])),
        Query(f"articles: {p['since']:%Y-%m}", articles_with(since=p["since"], until=p["until"])),
    ]


def count_matches(connection: Connection, table: str, query: str) -> int:
    if connection.dialect.name == "sqlite":
        sql = f"SELECT count(*) FROM {table}_fts WHERE {table}_fts MATCH :q"
    else:
        sql = f"SELECT count(*) FROM {table} WHERE search @@ websearch_to_tsquery('english', :q)"
    return int(connection.execute(text(sql), {"q": query}).scalar() or 0)


def captured_statements(engine: Engine, call: Callable[[], Any]) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def listen(_conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listen)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return [(s, p) for s, p in seen if s.lstrip().upper().startswith("SELECT")]


def explain(connection: Connection, statement: str, parameters: Any) -> tuple[list[str], list[str]]:
    """The plan's lines and what in it is costly at this size."""
    flags: list[str] = []
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        lines = [str(r[3]) for r in rows]
        for line in lines:
            m = re.match(r"SCAN (\w+)", line)
            if m and m.group(1) in BIG_TABLES and "INDEX" not in line:
                flags.append(f"full scan of {m.group(1)}")
            if "TEMP B-TREE FOR ORDER BY" in line or "TEMP B-TREE FOR RIGHT PART OF ORDER BY" in line:
                flags.append("sort" if "RIGHT PART" not in line else "partial sort")
    else:
        lines = [r[0] for r in connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()]
        for line in lines:
            m = re.search(r"Seq Scan on (\w+)", line)
            if m and m.group(1) in BIG_TABLES:
                flags.append(f"full scan of {m.group(1)}")
            if re.search(r"->\s+Sort\b|^Sort\b", line.strip()):
                flags.append("sort")
            if "Incremental Sort" in line:
                flags.append("partial sort")
    return lines, flags


def time_queries(store: Store, repeat: int, warmup: int) -> list[Timing]:
    timings = []
    with store.reading() as connection:
        params = pick_parameters(connection)
        print(
            f"parameters: most quoted speaker {params['speaker']!r} "
            f"({params['speaker_statements']} statements), "
            f"issue {params['issue']}, site {params['site']!r}, month {params['since']:%Y-%m}, "
            f"article {params['article']!r}"
        )
        for query in queries(params):
            for _ in range(warmup):
                query.run(connection)
            samples = []
            rows: list[Any] = []
            for _ in range(repeat):
                started = time.perf_counter()
                rows = query.run(connection)
                samples.append((time.perf_counter() - started) * 1000)
            plans: list[list[str]] = []
            flags: list[str] = []
            for statement, parameters in captured_statements(store.engine, lambda q=query: q.run(connection)):
                lines, found = explain(connection, statement, parameters)
                plans.append(lines)
                flags += found
            matches = count_matches(connection, *query.search) if query.search else None
            samples.sort()
            p95 = statistics.quantiles(samples, n=20)[18] if len(samples) >= 2 else samples[0]
            timing = Timing(
                query.name,
                len(rows),
                statistics.median(samples),
                p95,
                samples[0],
                matches,
                sorted(set(flags)),
                plans,
            )
            timings.append(timing)
            hits = f"{matches:>9,}" if matches is not None else f"{'':>9}"
            print(
                f"{timing.name:<46}{timing.rows:>5}{hits}{timing.median_ms:>10.1f}{timing.p95_ms:>10.1f}"
                f"  {', '.join(timing.flags)}",
                flush=True,
            )
    return timings


# --- engines ------------------------------------------------------------------------------------------


def statement_count(url: str) -> int:
    try:
        with Store.open(url, create=False) as store, store.reading() as connection:
            return int(connection.execute(select(func.count()).select_from(statements)).scalar() or 0)
    except Exception:
        return 0


def prepare_target(engine: str, args: argparse.Namespace) -> str:
    """The URL of the store to fill: emptied first (unless reused)."""
    if engine == "sqlite":
        path = args.sqlite.resolve()
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    url = database_url(args.pg, args.pg_db)
    if not args.reuse or statement_count(url) == 0:
        import psycopg

        drop_database(args.pg, args.pg_db)
        with psycopg.connect(libpq(args.pg), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{args.pg_db}"')
    return url


def analyze(store: Store) -> float:
    started = time.perf_counter()
    if store.dialect == "postgresql":
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    else:
        with store.writing() as connection:
            connection.execute(text("ANALYZE"))
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--statements", type=int, default=1_000_000, help="statements to fill (1,000,000)")
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--sqlite", type=Path, default=Path("/tmp/parley-million.db"), help="the SQLite file")
    parser.add_argument("--pg", default=DEFAULT_PG, help="a PostgreSQL URL on the server to use")
    parser.add_argument("--pg-db", default="parley_million", help="the PostgreSQL database to fill")
    parser.add_argument("--reuse", action="store_true", help="keep a store that is filled already")
    parser.add_argument("--seed-store", help="take the seed articles from this store (else extract them)")
    parser.add_argument("--seed-articles", type=int, default=1000, help="texts to extract as seed (1000)")
    parser.add_argument("--workers", type=int, default=2, help="workers for the seed extraction (2)")
    parser.add_argument("--perturb", type=float, default=0.15, help="share of words replaced per copy")
    parser.add_argument("--batch", type=int, default=200, help="articles per write transaction (200)")
    parser.add_argument("--repeat", type=int, default=20, help="timed calls per query (20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls per query first (3)")
    parser.add_argument("--no-latency", action="store_true", help="fill only")
    parser.add_argument("--analyze-sqlite", action="store_true", help="run ANALYZE on SQLite after filling")
    parser.add_argument("--plans", action="store_true", help="print every query plan")
    parser.add_argument("--drop", action="store_true", help="remove the stores at the end")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from extract_throughput import describe_machine

    machine = describe_machine()
    print("; ".join(f"{k} {v}" for k, v in machine.items()))
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    report: dict[str, Any] = {"machine": machine, "fills": [], "latency": {}}
    workdir = Path(tempfile.mkdtemp(prefix="parley-million-"))
    seed_url, seed_seconds = args.seed_store, 0.0
    seeds: list[SeedArticle] | None = None
    try:
        for engine in engines:
            url = prepare_target(engine, args)
            result = Fill(engine, url)
            have = statement_count(url) if args.reuse else 0
            with Store.open(url) as store:
                if have >= args.statements:
                    print(f"\n{engine}: {url} holds {have:,} statements already: not filled again")
                    result.statements = have
                else:
                    if seeds is None:
                        if seed_url is None:
                            print(f"extracting {args.seed_articles} seed articles …", flush=True)
                            seed_url, seed_seconds = extract_seed(
                                args.shared, args.seed_articles, workdir, args.workers
                            )
                            result.seed_seconds = seed_seconds
                        seeds, actor_rows, alias_rows = read_seed(seed_url)
                        said = sum(len(s.rows["statements"]) for s in seeds)
                        print(
                            f"seed: {len(seeds)} articles, {said} statements "
                            f"({said / len(seeds):.1f} an article), "
                            f"{len(actor_rows)} actors; extracted in {seed_seconds:.0f} s",
                            flush=True,
                        )
                    print(f"\n{engine}: filling {url} …", flush=True)
                    fill(
                        store,
                        seeds,
                        actor_rows,
                        alias_rows,
                        args.statements,
                        args.perturb,
                        args.batch,
                        result,
                    )
                    if engine == "postgresql" or args.analyze_sqlite:
                        result.analyze_seconds = analyze(store)
                result.bytes = store_bytes(store)
                result.checks = check_store(store)
                c = result.checks
                if result.seconds:
                    print(
                        f"{engine}: {result.statements:,} statements, {result.articles:,} articles, "
                        f"{result.rows:,} rows in {result.seconds:.0f} s = {result.statements_per_s:,.0f} "
                        f"statements/s ({result.rows / result.seconds:,.0f} rows/s); ANALYZE "
                        f"{result.analyze_seconds:.0f} s; {result.bytes / 1e9:.2f} GB"
                    )
                print(
                    f"check: {c['statements']:,} statements, {c['articles']:,} articles; "
                    f"sampled {c['sampled']}: text at span {c['span_ok']}/{c['sampled']}, "
                    f"text_key {c['text_key_ok']}/{c['sampled']}, "
                    f"found by full-text search {c['fts_found']}/{c['fts_searched']}; kept at {url}"
                )
                report["fills"].append(result.__dict__ | {"statements_per_s": result.statements_per_s})
                if not args.no_latency:
                    print(
                        f"\n{engine}: latency, {args.repeat} calls a query after {args.warmup} untimed"
                        f"\n{'query':<46}{'rows':>5}{'matches':>9}{'median ms':>10}{'p95 ms':>10}  plan flags"
                    )
                    timings = time_queries(store, args.repeat, args.warmup)
                    report["latency"][engine] = [t.__dict__ for t in timings]
                    if args.plans:
                        for timing in timings:
                            print(f"\n-- {timing.name}")
                            for plan in timing.plans:
                                print("\n".join(f"   {line}" for line in plan))
            if args.drop:
                if engine == "sqlite":
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{args.sqlite.resolve()}{suffix}").unlink(missing_ok=True)
                else:
                    drop_database(args.pg, args.pg_db)
                print(f"{engine}: dropped")
        if len(report["latency"]) == 2:
            sqlite_t = {t["name"]: t for t in report["latency"]["sqlite"]}
            print(f"\n{'query':<46}{'SQLite ms':>10}{'PG ms':>10}{'PG/SQLite':>10}  (medians)")
            for t in report["latency"]["postgresql"]:
                s = sqlite_t.get(t["name"])
                if s:
                    print(
                        f"{t['name']:<46}{s['median_ms']:>10.1f}{t['median_ms']:>10.1f}"
                        f"{t['median_ms'] / s['median_ms']:>10.2f}"
                    )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
