"""The store: one schema over SQLite (default) or PostgreSQL, created and upgraded by Alembic."""

from parley.store.store import Store

__all__ = ["Store"]
