"""Writes through the API: off without a token, a bearer token compared in constant time, URLs checked
(http(s) only, no private or loopback address unless the server allows it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from parley.config import Settings
from parley.web import create_app, writes
from tests.ingest.httpserver import HTTPTestServer

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
REPORT = (
    "Ukraine and Russia resumed peace talks in Istanbul on Friday.\n"
    '"We will not give up any territory," Zelensky said.\n'
)


def writer(tmp_path: Path, allow_private: bool = False) -> TestClient:
    settings = Settings(db=f"sqlite:///{tmp_path / 'w.db'}", politeness_delay=0.0, fetch_timeout=2.0)
    app = create_app(settings, api_token=TOKEN, allow_private_urls=allow_private, create_store=True)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def api(tmp_path: Path) -> Iterator[TestClient]:
    with writer(tmp_path) as client:
        yield client


@pytest.fixture
def http_server() -> Iterator[HTTPTestServer]:
    server = HTTPTestServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),  # no header
        ({"Authorization": "Bearer wrong"}, 401),
        ({"Authorization": f"Basic {TOKEN}"}, 401),  # another scheme
        ({"Authorization": f"Bearer {TOKEN}x"}, 401),  # a longer token is not a match
        (AUTH, 201),
    ],
)
def test_writes_need_the_bearer_token(api: TestClient, headers: dict[str, str], status: int) -> None:
    response = api.post("/api/v1/ingest/text", json={"text": REPORT}, headers=headers)
    assert response.status_code == status, response.text
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


def test_the_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    monkeypatch.setattr(writes.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or a == b)
    assert writes.token_matches(f"Bearer {TOKEN}", TOKEN)
    assert not writes.token_matches("Bearer nope", TOKEN)
    assert len(calls) == 2


def test_an_ingested_text_is_stored_once_and_searchable(api: TestClient) -> None:
    body = {"text": REPORT, "id": "istanbul", "title": "Talks resume", "date": "2025-12-12", "source": "Wire"}
    first = api.post("/api/v1/ingest/text", json=body, headers=AUTH)
    assert first.status_code == 201
    assert first.json()["counts"]["new"] == 1
    again = api.post("/api/v1/ingest/text", json=body, headers=AUTH)
    assert again.status_code == 200  # nothing new: idempotent
    said = api.get("/api/v1/statements?speaker=Zelensky").json()["items"]
    assert [s["text"] for s in said] == ["We will not give up any territory,"]
    assert said[0]["article"]["key"] == "istanbul"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1:9/page", "private or loopback"),
        ("http://localhost/page", "private or loopback"),
        ("http://[::1]/page", "private or loopback"),
        ("http://10.1.2.3/page", "private or loopback"),
        ("file:///etc/passwd", "only http:// and https://"),
        ("/etc/passwd/x", "only http:// and https://"),  # a path would be read from the server's disk
        ("ftp://example.org/x", "only http:// and https://"),
    ],
)
def test_url_writes_refuse_private_addresses_and_other_schemes(api: TestClient, url: str, words: str) -> None:
    response = api.post("/api/v1/ingest/url", json={"url": url}, headers=AUTH)
    assert response.status_code == 400, response.text
    assert words in response.json()["error"]["message"]
    feed = api.post("/api/v1/ingest/feed", json={"url": url}, headers=AUTH)
    assert feed.status_code == 400


def test_url_writes_fetch_when_private_addresses_are_allowed(
    tmp_path: Path, http_server: HTTPTestServer
) -> None:
    url = http_server.route(
        "/talks.html",
        "<html><head><title>Talks resume</title></head><body><article><p>Ukraine and Russia resumed "
        'peace talks in Istanbul on Friday, negotiators said.</p><p>"We will not give up any territory," '
        "Zelensky said after the first session of the talks.</p></article></body></html>",
    )
    with writer(tmp_path, allow_private=True) as client:
        response = client.post("/api/v1/ingest/url", json={"url": url}, headers=AUTH)
        assert response.status_code == 201, response.text
        assert client.get("/api/v1/articles").json()["items"][0]["title"] == "Talks resume"


def test_the_fetcher_refuses_private_addresses_too(
    tmp_path: Path, http_server: HTTPTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # past the up-front check (made to pass here), the fetcher checks every hop again: defence in depth
    monkeypatch.setattr(writes, "is_public_address", lambda host: True)
    url = http_server.redirect("/go", http_server.url("/inside"))
    with writer(tmp_path) as client:
        response = client.post("/api/v1/ingest/url", json={"url": url}, headers=AUTH)
    assert response.status_code == 422
    assert "private or loopback" in response.json()["failures"][0]["reason"]


def test_write_bodies_are_checked(api: TestClient) -> None:
    assert api.post("/api/v1/ingest/text", json={"text": ""}, headers=AUTH).status_code == 400
    assert api.post("/api/v1/ingest/text", json={"words": "x"}, headers=AUTH).status_code == 400
    assert api.post("/api/v1/ingest/url", content=b"not json", headers=AUTH).status_code == 400
