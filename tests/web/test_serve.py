"""`parley serve`: the command serves the app, refuses a missing store, and says where to look."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
from typer.testing import CliRunner

from parley.cli import app
from parley.config import Settings

PARLEY = Path(sys.executable).with_name("parley")


def test_a_missing_store_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 3
    assert "no store at" in result.output


def _serve(db: str, port: int, env: dict[str, str], *flags: str) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(PARLEY), "serve", "--db", db, "--port", str(port), *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/negotiations", timeout=2)
            return server
        except httpx.TransportError:
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            assert time.monotonic() < deadline, "parley serve did not answer within 60 s"
            time.sleep(0.2)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_on_loopback(web_settings: Settings) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "PARLEY_API_TOKEN"}
    server = _serve(web_settings.db, port, env)
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/negotiations", timeout=5).status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode()
    assert f"http://127.0.0.1:{port}/" in output
    assert "API writes: off" in output


def test_serve_with_workers_hands_every_choice_to_them(web_settings: Settings, tmp_path: Path) -> None:
    """`--workers 2`: two server processes, each built from the settings, token and private-address choice
    the command resolved (the store is named by a config file given as a flag: only the parent reads it)."""
    config = tmp_path / "parley.toml"
    config.write_text(f'db = "{web_settings.db}"\npoliteness_delay = 0.0\n')
    port = _free_port()
    env = {**os.environ, "PARLEY_API_TOKEN": "t0ken-for-workers"}
    server = subprocess.Popen(
        [str(PARLEY), "serve", "--config", str(config), "--port", str(port), "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={k: v for k, v in env.items() if k not in ("PARLEY_DB", "PARLEY_CONFIG")},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                expected = httpx.get(f"{base}/api/v1/stats", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                assert time.monotonic() < deadline, "parley serve did not answer within 60 s"
                time.sleep(0.2)
        assert expected.status_code == 200 and expected.json()["articles"] == 5
        workers = [p for p in psutil.Process(server.pid).children(recursive=True) if "python" in p.name()]
        assert len(workers) >= 2, [p.cmdline() for p in workers]
        # new connections each time, so that both processes answer some of them
        for _ in range(12):
            assert httpx.get(f"{base}/api/v1/stats", timeout=5).json() == expected.json()
            wrong = httpx.post(f"{base}/api/v1/ingest/text", json={"text": "x"}, timeout=5)
            assert wrong.status_code == 401, wrong.text  # writes on: the token reached them
        private = httpx.post(
            f"{base}/api/v1/ingest/url",
            json={"url": "http://127.0.0.1:9/report"},
            headers={"Authorization": "Bearer t0ken-for-workers"},
            timeout=10,
        )
        assert private.status_code == 400 and "private" in private.text  # refused: not --allow-private-urls
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
    assert "2 server processes" in output and "API writes: on" in output
