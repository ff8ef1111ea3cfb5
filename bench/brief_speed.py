"""How long the brief of a large negotiation takes: real reports of the shared Ukraine corpus are ingested
and extracted once, then their stored records are copied, shifted by a month per copy and with distinct
ids and quote keys, until the negotiation holds `--statements` statements (default 10,000). Then:
grouping into developments (`parley analyze`), building the brief, and rendering it to Markdown and HTML,
each timed against a baseline taken in the same run: one plain read of the negotiation's statement rows.

    .venv/bin/python bench/brief_speed.py [--statements 10000] [--db sqlite:///…|postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from parley.analyze.brief import build_brief
from parley.analyze.brief_render import to_html, to_markdown
from parley.analyze.developments import analyze
from parley.config import Settings
from parley.ingest.pipeline import ingest
from parley.store import Store
from parley.store.schema import (
    article_negotiations,
    article_sources,
    articles,
    likelihoods,
    mentions,
    moves,
    statement_issues,
    statements,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "data" / "news" / "ukraine_gdelt_2022" / "articles.jsonl"
NEGOTIATION = "russia-ukraine"

# The columns that hold ids to rewrite in each copy, and the ones that hold dates to shift. Actors stay:
# the same people speak in every copy, a month later.
ID_COLUMNS = {"id", "article_id", "statement_id", "continues"}
DATE_COLUMNS = {"published_at", "first_seen", "ingested_at"}


def copied_id(value: str, copy: int) -> str:
    return value[:3] + hashlib.sha256(f"{value}/{copy}".encode()).hexdigest()[: len(value) - 3]


def grow(store: Store, target: int) -> int:
    """Copy the stored records until the negotiation holds at least `target` statements."""
    routed = select(article_negotiations.c.article_id).where(
        article_negotiations.c.negotiation == NEGOTIATION
    )
    with store.reading() as connection:
        originals = {
            t.name: [dict(r) for r in connection.execute(select(t)).mappings()]
            for t in (articles, article_sources, article_negotiations, statements, statement_issues, moves,
                      likelihoods, mentions)
        }  # fmt: skip
        per_copy = connection.execute(
            select(func.count()).select_from(statements).where(statements.c.article_id.in_(routed))
        ).scalar_one()
    copies = max(0, -(-target // max(per_copy, 1)) - 1)
    tables = {t.name: t for t in (articles, article_sources, article_negotiations, statements,
                                  statement_issues, moves, likelihoods, mentions)}  # fmt: skip
    for copy in range(1, copies + 1):
        with store.writing() as connection:
            for name, rows in originals.items():
                out = []
                for original in rows:
                    row = dict(original)
                    row.pop("seq", None)
                    if name == "article_sources":
                        row.pop("id", None)
                    for column in list(row):
                        value = row[column]
                        if column in ID_COLUMNS and isinstance(value, str):
                            row[column] = copied_id(value, copy)
                        elif column in DATE_COLUMNS and value is not None:
                            row[column] = value + timedelta(days=30 * copy)
                    if name == "statements" and row.get("text_key"):
                        row["text_key"] = copied_id(row["text_key"], copy)  # distinct quotes per copy
                    out.append(row)
                for start in range(0, len(out), 1000):
                    connection.execute(insert(tables[name]), out[start : start + 1000])
    with store.reading() as connection:
        return int(
            connection.execute(
                select(func.count()).select_from(statements).where(statements.c.article_id.in_(routed))
            ).scalar_one()
        )


def timed(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--db", help="store URL (default: a temporary SQLite file)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"shared corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="parley-brief-bench-"))
    url = options.db or f"sqlite:///{folder / 'brief.db'}"
    with Store.open(url) as store:
        started = time.perf_counter()
        summary = ingest([str(CORPUS)], store, Settings(db=url))
        ingested = time.perf_counter() - started
        if summary.failures:
            print(f"{len(summary.failures)} failures while ingesting", file=sys.stderr)
        total = grow(store, options.statements)
        analyze_s, built = timed(lambda: analyze(store, NEGOTIATION), 1)
        routed = select(article_negotiations.c.article_id).where(
            article_negotiations.c.negotiation == NEGOTIATION
        )

        def plain_read() -> int:
            with store.reading() as connection:
                return len(
                    connection.execute(select(statements).where(statements.c.article_id.in_(routed))).all()
                )

        def brief() -> Any:
            with store.reading() as connection:
                return build_brief(connection, NEGOTIATION)

        baseline_s, _ = timed(plain_read, options.repeat)
        brief_s, result = timed(brief, options.repeat)
        markdown_s, _ = timed(lambda: to_markdown(result), options.repeat)
        html_s, _ = timed(lambda: to_html(result), options.repeat)
    figures = {
        "store": url.split(":", 1)[0],
        "statements": total,
        "developments": built[0]["developments"],
        "ingest_and_extract_s": round(ingested, 1),
        "analyze_s": round(analyze_s, 2),
        "plain_read_s": round(baseline_s, 3),
        "brief_s": round(brief_s, 3),
        "markdown_s": round(markdown_s, 3),
        "html_s": round(html_s, 3),
        "brief_vs_plain_read": round(brief_s / baseline_s, 1),
        "citations": sum(1 for _ in result.citations),
    }
    if options.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:>22}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
