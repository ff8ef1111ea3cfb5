"""Engines for a store URL: SQLite with WAL, foreign keys and real transactions; PostgreSQL via psycopg 3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from parley.errors import StoreError

SQLITE_BUSY_MS = 30_000


def normalise_url(url: str) -> str:
    """Accept a bare path as a SQLite file, and `postgresql://` as psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(normalise_url(url))
    except ArgumentError:
        raise StoreError(
            f"not a store URL: {url!r} (expected a file path, sqlite:///FILE or "
            "postgresql+psycopg://USER@HOST/DB)"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_MS / 1000})
        _sqlite_setup(engine)
        return engine
    if backend == "postgresql":
        return create_engine(
            parsed, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args={"connect_timeout": 10}
        )
    raise StoreError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")


def _sqlite_setup(engine: Engine) -> None:
    # The sqlite3 module opens transactions lazily and commits DDL on its own; take that over so each
    # SQLAlchemy transaction is one real SQLite transaction (the recipe of SQLAlchemy's SQLite docs).
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Writers take the write lock up front, so two writers queue instead of deadlocking on upgrade.
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
