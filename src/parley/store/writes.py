"""Dialect-aware write helpers shared by the store's modules."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

from parley.errors import StoreError


def ignore_conflicts(connection: Connection, table: Table) -> Any:
    """INSERT … ON CONFLICT DO NOTHING for the connection's dialect."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise StoreError(f"unsupported database {dialect}")


def insert_ignore(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows, skipping those already there."""
    if rows:
        connection.execute(ignore_conflicts(connection, table), rows)


def insert_one(connection: Connection, table: Table, row: dict[str, Any]) -> bool:
    """Insert one row unless it is already there; whether it was inserted. Told by RETURNING, because
    the driver's row count is -1 for such inserts on PostgreSQL."""
    key = next(iter(table.primary_key.columns))
    statement = ignore_conflicts(connection, table).returning(key)
    return connection.execute(statement, row).first() is not None


def upsert(connection: Connection, table: Table, row: dict[str, Any], keys: list[str]) -> None:
    values = {k: v for k, v in row.items() if k not in keys}
    statement: Any
    if connection.dialect.name == "postgresql":
        statement = (
            postgresql.insert(table).values(row).on_conflict_do_update(index_elements=keys, set_=values)
        )
    else:
        statement = sqlite.insert(table).values(row).on_conflict_do_update(index_elements=keys, set_=values)
    connection.execute(statement)
