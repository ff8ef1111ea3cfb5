"""`parley export`: statements, actors, developments or moves out of the store as JSON lines, CSV or
Parquet; moves also as PLOVER event records."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from parley.commands.common import (
    ConfigOption,
    DbOption,
    err,
    errors,
    open_store,
    parse_day,
    settings_from,
)


class ExportKind(StrEnum):
    statements = "statements"
    actors = "actors"
    developments = "developments"
    moves = "moves"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_command(
        kind: Annotated[ExportKind, typer.Argument(help="What to export", metavar="KIND")],
        fmt: Annotated[ExportFormat, typer.Option("--format", help="Output format")] = ExportFormat.jsonl,
        plover: Annotated[
            bool, typer.Option("--plover", help="Moves as PLOVER event records (the same as --format plover)")
        ] = False,
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="File to write (default: stdout; Parquet needs a file)"),
        ] = None,
        negotiation: Annotated[
            str | None, typer.Option(help="Only articles routed to this negotiation (an id)")
        ] = None,
        since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD")] = None,
        until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD")] = None,
        db: DbOption = None,
        config: ConfigOption = None,
    ) -> None:
        """Export statements, actors, developments or moves, streamed from the store: JSON lines, CSV or
        Parquet, and moves as PLOVER event records."""
        from parley.export import ExportFilter, export

        if plover:
            if fmt not in (ExportFormat.jsonl, ExportFormat.plover):
                raise typer.BadParameter("PLOVER records are JSON lines", param_hint="--plover")
            fmt = ExportFormat.plover
        if fmt is ExportFormat.plover and kind is not ExportKind.moves:
            raise typer.BadParameter("only moves export as PLOVER records", param_hint="--format")
        if fmt is ExportFormat.parquet and output is None:
            raise typer.BadParameter("Parquet is written to a file", param_hint="--output")
        filters = ExportFilter(
            negotiation=negotiation, since=parse_day(since, "--since"), until=parse_day(until, "--until")
        )
        with errors():
            settings = settings_from(config, db=db)
            with open_store(settings) as store, store.reading() as connection:
                try:
                    count = export(connection, kind.value, fmt.value, output, filters)
                except BrokenPipeError:  # the reader stopped early (`| head`): not an error
                    # what is left unflushed goes nowhere (the recipe of Python's `signal` docs)
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                    return
        if output is not None:
            err.print(f"Exported {count:,} {kind.value} to {output}", highlight=False)
