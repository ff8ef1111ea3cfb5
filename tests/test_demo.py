"""`parley demo` ends with the brief of the corpus's main negotiation in the terminal and in brief.html, and
with the URL to open. The corpus download is covered by `make demo`; here the cache already holds a corpus
(60 real reports of the shared Ukraine corpus, read in place and written to a temp folder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.demo import CORPUS_NAME
from tests.conftest import shared_path


def test_demo_ends_with_the_brief_and_the_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = shared_path("data", "news", "ukraine_gdelt_2022", "articles.jsonl")
    cache = tmp_path / "cache"
    cache.mkdir()
    lines = corpus.read_text(encoding="utf-8").splitlines()[:60]
    (cache / CORPUS_NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # brief.html is written to the working directory
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    result = CliRunner().invoke(app, ["demo", "--db", db, "--cache", str(cache)])
    assert result.exit_code == 0, result.output
    assert "Brief: Russia–Ukraine talks" in result.stdout
    assert "Points of attention" in result.stdout
    page = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "<h1>Brief: Russia–Ukraine talks</h1>" in page
    # spans link to the article reader of `parley serve`, whose address the demo ends with
    assert "http://127.0.0.1:8000/articles/" in page
    assert (
        "parley serve" in result.stdout
        and "http://127.0.0.1:8000/negotiations/russia-ukraine" in result.stdout
    )
