"""What every command shares: the console, the options every command takes, error handling at the edge,
opening the store, printing JSON, parsing dates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from parley.config import Settings, load_settings
from parley.errors import ConfigError, NotFoundError, ParleyError, QueryError, StoreError
from parley.store import Store

EXIT_NOTHING_INGESTED = 1
EXIT_STORE = 3
EXIT_NOT_FOUND = 4
EXIT_CONFIG = 5

out = Console(soft_wrap=True)
err = Console(stderr=True)

DbOption = Annotated[
    str | None, typer.Option("--db", help="Store URL or SQLite path [default: ./parley.db, or $PARLEY_DB]")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="Settings file [default: ./parley.toml]")]


def fail(message: str, code: int) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


@contextmanager
def errors() -> Iterator[None]:
    """Library errors become a message and an exit code here, and only here."""
    try:
        yield
    except ConfigError as exc:
        raise fail(str(exc), EXIT_CONFIG) from None
    except StoreError as exc:
        raise fail(str(exc), EXIT_STORE) from None
    except (NotFoundError, QueryError) as exc:
        raise fail(str(exc), EXIT_NOT_FOUND) from None
    except ParleyError as exc:
        raise fail(str(exc), EXIT_STORE) from None


def settings_from(config: Path | None, **flags: Any) -> Settings:
    return load_settings(config_file=config, **flags)


def open_store(settings: Settings, create: bool = False) -> Store:
    return Store.open(settings.db, create=create, near_duplicate_threshold=settings.near_duplicate_threshold)


def print_json(data: Any) -> None:
    out.print_json(json.dumps(data, ensure_ascii=False, default=str))


def parse_day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r}", param_hint=name) from None
