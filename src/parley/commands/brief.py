"""`parley brief`: the cited brief of a negotiation as Markdown, HTML or JSON."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown

from parley.commands.common import (
    ConfigOption,
    DbOption,
    err,
    errors,
    open_store,
    out,
    parse_day,
    settings_from,
)


class BriefFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command()
    def brief(
        negotiation: Annotated[str, typer.Option("--negotiation", help="Negotiation id, e.g. syria-2017")],
        since: Annotated[str | None, typer.Option(help="First reported on or after YYYY-MM-DD")] = None,
        until: Annotated[str | None, typer.Option(help="First reported on or before YYYY-MM-DD")] = None,
        format_: Annotated[BriefFormat, typer.Option("--format", help="md, html or json")] = BriefFormat.md,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write to this file instead of the terminal")
        ] = None,
        reader_url: Annotated[
            str | None,
            typer.Option(help="Where `parley serve` runs: spans then link to its article reader"),
        ] = None,
        db: DbOption = None,
        config: ConfigOption = None,
    ) -> None:
        """The brief: the points of attention (the most significant developments), then per issue what
        changed, what the parties said, how likely they said it is, and the shifts; every line quoted from
        the reports with its sources. Developments are rebuilt first when articles arrived since."""
        from parley.analyze.brief import build_brief
        from parley.analyze.brief_render import to_html, to_markdown
        from parley.analyze.developments import analyze, developments_stale

        with errors():
            first, last = parse_day(since, "--since"), parse_day(until, "--until")
            settings = settings_from(config, db=db)
            with open_store(settings) as store:
                with store.reading() as connection:
                    stale = developments_stale(connection, negotiation)
                if stale:
                    with err.status(f"grouping the reports of {negotiation} into developments…"):
                        analyze(store, negotiation)
                with store.reading() as connection:
                    result = build_brief(connection, negotiation, first, last)
            if format_ is BriefFormat.json:
                text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
            elif format_ is BriefFormat.html:
                text = to_html(result, reader_url)
            else:
                text = to_markdown(result, reader_url)
            if output is not None:
                partial = output.with_name(output.name + ".part")
                partial.write_text(text, encoding="utf-8")
                partial.replace(output)
                err.print(f"brief of {negotiation} written to {output}")
            elif format_ is BriefFormat.md and sys.stdout.isatty():
                out.print(Markdown(text, hyperlinks=True))
            else:
                sys.stdout.write(text)
