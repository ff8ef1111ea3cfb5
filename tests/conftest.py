"""Shared fixtures. Data from ../shared is read in place; tests that need it skip with a clear message only
when the folder is absent (CI has it)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from parley.config import Settings
from parley.extract.pipeline import Extractor
from parley.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARLEY_SHARED", ROOT.parent / "shared"))
PG_URL = os.environ.get("PARLEY_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when the shared data is not on this machine."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (set PARLEY_SHARED to the shared folder)")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for tests: a fresh SQLite store, no politeness wait, short timeouts."""
    return Settings(
        db=f"sqlite:///{tmp_path / 'parley.db'}", politeness_delay=0.0, fetch_timeout=2.0, fetch_deadline=5.0
    )


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store.open(settings.db, near_duplicate_threshold=settings.near_duplicate_threshold) as opened:
        yield opened


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the test server, dropped afterwards."""
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"parley_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the suite must say why, not skip silently
        pytest.fail(f"PostgreSQL is not reachable at {PG_URL} ({exc}); .ci/ensure-services starts it")
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_database() -> Iterator[str]:
    with fresh_pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on both engines."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'parley.db'}"
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The extractor, with the registry of the negotiation files; the language model loads once."""
    from parley.negotiations import builtin_negotiations, seed_registry

    return Extractor(registry=seed_registry(builtin_negotiations()))
