"""What routes share: a read connection to the store, the filters of a request, list responses (JSON with
a `next` link, or CSV of the whole list)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy import Connection

from parley.store import Store
from parley.web import csvout
from parley.web.cache import Cache, store_version
from parley.web.pagination import Key, Page, decode_cursor

T = TypeVar("T")


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store.get()
    return store


@contextmanager
def reading(request: Request) -> Iterator[Connection]:
    with store_of(request).reading() as connection:
        yield connection


def cached(request: Request, connection: Connection, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its answer from the app's cache while the store has not changed."""
    cache: Cache = request.app.state.cache
    version = getattr(request.state, "store_version", None)
    if version is None:  # read once a request, however many answers it looks up
        version = request.state.store_version = store_version(connection)
    return cache.get(connection, key, compute, version)


def cursor_key(cursor: str | None, kinds: tuple[type, ...]) -> Key | None:
    return decode_cursor(cursor, kinds) if cursor else None


DATED: tuple[type, ...] = (datetime, int)  # (published_at, seq)
DATED_ID: tuple[type, ...] = (datetime, str)  # (published_at, id)


def wants_csv(request: Request, fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "csv"
    accept = request.headers.get("accept", "")
    return "text/csv" in accept and "application/json" not in accept


def next_link(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    return f"{request.url.path}?{urlencode([*params, ('cursor', cursor)])}"


def json_page(request: Request, page: Page, limit: int, **extra: Any) -> JSONResponse:
    link = next_link(request, page.cursor)
    headers = {"Link": f'<{link}>; rel="next"'} if link else None
    return JSONResponse(
        {"items": page.items, "next": link, "cursor": page.cursor, "limit": limit, **extra}, headers=headers
    )


def csv_list(
    request: Request,
    fetch: Callable[..., Page],
    filters: Any,
    after: Key | None,
    columns: csvout.Columns,
    name: str,
    batch: int = 500,
) -> StreamingResponse:
    """Every record of a list from `after` on, as CSV. The first batch is read before answering, so a bad
    query is still a 400; the rest is streamed a batch at a time."""
    with reading(request) as connection:
        first = fetch(connection, filters, batch, after)

    def records() -> Iterator[dict[str, Any]]:
        yield from first.items
        after = first.after
        while after is not None:
            with reading(request) as connection:
                page = fetch(connection, filters, batch, after)
            yield from page.items
            after = page.after

    return StreamingResponse(
        csvout.rows(records(), columns),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def csv_of(items: list[dict[str, Any]], columns: csvout.Columns, name: str) -> Response:
    return Response(
        "".join(csvout.rows(items, columns)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
