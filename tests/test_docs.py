"""The README documents what exists, as it exists (datasette's tests/test_docs.py idea)."""

from __future__ import annotations

import re

import pytest
import typer.main

from parley.cli import app
from parley.config import setting_docs
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "env", "default", "help_text"), setting_docs())
def test_every_setting_is_documented(name: str, env: str, default: object, help_text: str) -> None:
    row = next((line for line in README.splitlines() if line.startswith(f"| `{name}` |")), None)
    assert row is not None, f"setting {name} missing from the README's settings table"
    assert f"`{env}`" in row
    assert help_text in row
    if name != "user_agent":  # its default holds the version
        assert f"`{str(default).lower() if isinstance(default, bool) else default}`" in row


def test_no_undeclared_setting_is_documented() -> None:
    declared = {name for name, *_ in setting_docs()}
    section = README.split("## Settings", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M))
    assert documented == declared


def test_every_command_is_documented() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for name in commands:
        assert f"### `parley {name}" in README, f"command {name} missing from the README"


def test_quick_start_is_two_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make demo", "make test"]
