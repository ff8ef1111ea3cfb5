"""One store for the web tests, filled once by `ingest` from the short reports of `corpus.py` and the seed
report; an app over it, and an in-process client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from parley.config import Settings
from parley.ingest.pipeline import ingest
from parley.store import Store
from parley.web import create_app
from tests.conftest import shared_path
from tests.web.corpus import write_corpus

try:
    from parley.analyze.developments import analyze as BUILD_DEVELOPMENTS
except ModuleNotFoundError:  # this version of parley has no developments yet
    BUILD_DEVELOPMENTS = None


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("web")
    settings = Settings(db=f"sqlite:///{folder / 'web.db'}", politeness_delay=0.0, fetch_timeout=2.0)
    seed = shared_path("seed", "vance-miami-talks.txt")
    with Store.open(settings.db) as store:
        summary = ingest([str(write_corpus(folder)), str(seed)], store, settings)
        assert summary.stored == 5, summary.to_dict()
        if BUILD_DEVELOPMENTS is not None:  # the analysis groups reports into developments, when it exists
            BUILD_DEVELOPMENTS(store)
    return settings


@pytest.fixture(scope="session")
def web_app(web_settings: Settings) -> FastAPI:
    return create_app(web_settings)


@pytest.fixture(scope="session")
def client(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def empty_client(tmp_path: Path) -> Iterator[TestClient]:
    """An app over a store that holds nothing."""
    settings = Settings(db=f"sqlite:///{tmp_path / 'empty.db'}")
    Store.open(settings.db).close()
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client
