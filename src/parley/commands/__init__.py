"""CLI commands beyond the core ones of `parley.cli`, one module per area (analysis, exports, web…). Each
module defines `register(app)`; `register_all` adds those present. Shared pieces are in `common`."""

from __future__ import annotations

import importlib

import typer

# The command modules, in the order their commands are listed by `parley --help`.
MODULES = ("developments", "analysis", "brief", "exports", "serve")


def register_all(app: typer.Typer) -> None:
    for name in MODULES:
        try:
            module = importlib.import_module(f"parley.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"parley.commands.{name}":
                continue  # not written yet
            raise
        module.register(app)
