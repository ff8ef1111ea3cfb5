"""Named, recorded migrations (Alembic), run on the store's own connection for both engines."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return _current(connection)


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _pending(connection: Connection) -> list[str]:
    script = ScriptDirectory.from_config(_config())
    pending = [rev.revision for rev in script.iterate_revisions("head", _current(connection))]
    return list(reversed(pending))


def pending_revisions(engine: Engine) -> list[str]:
    """Revisions not yet applied, oldest first."""
    with engine.connect() as connection:
        return _pending(connection)


# Any fixed number: the key of the PostgreSQL advisory lock that lets one process at a time migrate.
_MIGRATION_LOCK = 0x7061726C6579  # "parley"


def upgrade(engine: Engine, target: str = "head") -> list[str]:
    """Apply pending migrations; return the revisions applied. Safe when several processes open a new store
    at once (two ingests, a reader beside a writer): one migrates while the others wait for its lock, then
    find nothing left to do, instead of failing on tables that were created under them."""
    if not pending_revisions(engine):  # the usual case, without taking any lock
        return []
    # SQLite: BEGIN IMMEDIATE takes the write lock before the version is read (a deferred transaction
    # that read first could not upgrade to a write once another process had written: "database is
    # locked" at once, whatever the busy timeout). PostgreSQL: a transaction-scoped advisory lock.
    with engine.connect().execution_options(sqlite_immediate=True) as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        pending = _pending(connection)
        if not pending:
            return []
        config = _config()
        config.attributes["connection"] = connection
        command.upgrade(config, target)
    return pending
