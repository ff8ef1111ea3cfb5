"""The lists read newest first from an index on both engines, never by sorting the whole table: what keeps a
page fast at a million statements (bench/store_million.py). Checked on the plans of the real queries, on an
empty store, with sorting made prohibitively dear so that the planner shows whether an index can give the
order at all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Connection, event, text

from parley.store import Store
from parley.store.queries import ArticleFilter, find_articles
from parley.store.statement_queries import StatementFilter, find_statements
from parley.web import queries as web


def _plans(connection: Connection, call: Callable[[Connection], Any]) -> list[str]:
    """The plan of every SELECT `call` runs, as text."""
    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", capture)
    try:
        call(connection)
    finally:
        event.remove(connection, "before_cursor_execute", capture)
    prefix = "EXPLAIN QUERY PLAN " if connection.dialect.name == "sqlite" else "EXPLAIN "
    plans = []
    for statement, parameters in captured:
        rows = connection.exec_driver_sql(prefix + statement, parameters).all()
        plans.append("\n".join(str(row[-1]) for row in rows))
    return plans


LISTS: list[tuple[str, Callable[[Connection], Any]]] = [
    ("web statements", lambda c: web.statement_page(c, web.Filters(), 50)),
    ("web articles", lambda c: web.article_page(c, web.Filters(), 50)),
    ("web moves", lambda c: web.move_page(c, web.Filters(), 50)),
    ("cli statements", lambda c: find_statements(c, StatementFilter(limit=50))),
    ("cli articles", lambda c: find_articles(c, ArticleFilter(limit=50))),
    ("web statements of a kind", lambda c: web.statement_page(c, web.Filters(kind="direct"), 50)),
    ("cli statements of a kind", lambda c: find_statements(c, StatementFilter(kind="direct", limit=50))),
    ("web statements on an issue", lambda c: web.statement_page(c, web.Filters(issue="territory"), 50)),
    ("cli statements on an issue", lambda c: find_statements(c, StatementFilter(issue="justice", limit=50))),
]


@pytest.mark.parametrize(("name", "call"), LISTS, ids=[name for name, _ in LISTS])
def test_newest_first_lists_read_an_index(any_store_url: str, name: str, call: Callable[..., Any]) -> None:
    with Store.open(any_store_url) as store, store.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET enable_sort = off"))  # a plan that still sorts has no index for it
            plan = _plans(connection, call)[-1]
            assert "_newest" in plan and "Seq Scan" not in plan.split("->")[1], plan
        else:
            plan = _plans(connection, call)[-1]
            if "issue" in name and "ix_statement_issues_issue" in plan:
                return  # a small issue: its tags are read from their index and sorted (on_issue)
            first = plan.splitlines()[0]  # the table the page is read from, and how
            assert "USING INDEX ix_statements_kind_newest" in first or (
                "USING INDEX ix_" in first and "_published_at" in first
            ), plan
            assert "TEMP B-TREE FOR ORDER BY" not in plan, plan  # a partial sort (ties) is fine


def test_on_issue_walks_the_dates_for_a_large_issue_and_reads_a_small_one_whole(tmp_path: Any) -> None:
    from datetime import datetime

    from parley.store.schema import articles, statement_issues, statements
    from parley.store.statement_queries import on_issue

    with Store.open(f"sqlite:///{tmp_path / 'p.db'}") as store, store.engine.begin() as connection:
        article = {"id": "a1", "key": "a1", "text": "x" * 10, "text_length": 10}
        connection.execute(articles.insert(), [{**article, "ingested_at": datetime(2026, 1, 1)}])
        base = {"article_id": "a1", "kind": "direct", "text": "x", "mixed": False, "issues": "[]"}
        base |= {"moves": "[]", "likelihood": "null", "extractor": "t"}
        connection.execute(
            statements.insert(), [{**base, "id": f"s{i}", "start": i, "end": i + 1} for i in range(100)]
        )
        # 60 of 100 on `territory` (60² > 35 × 100: walk the dates), 3 on `maritime` (read them all)
        tags = [{"statement_id": f"s{i}", "issue": "territory", "score": 1.0} for i in range(60)]
        tags += [{"statement_id": f"s{i}", "issue": "maritime", "score": 1.0} for i in range(3)]
        connection.execute(statement_issues.insert(), tags)
        large = str(on_issue(connection, "territory").compile(connection))
        small = str(on_issue(connection, "maritime").compile(connection))
    assert "EXISTS" in large and " IN " not in large, large
    assert " IN " in small and "EXISTS" not in small, small
