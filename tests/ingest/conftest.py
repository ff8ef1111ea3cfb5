"""Fixtures of the ingestion tests: a real HTTP server on 127.0.0.1, one per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ingest.httpserver import HTTPTestServer


@pytest.fixture
def http_server() -> Iterator[HTTPTestServer]:
    server = HTTPTestServer().start()
    try:
        yield server
    finally:
        server.stop()
