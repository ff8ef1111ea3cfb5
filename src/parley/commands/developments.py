"""`parley analyze`, `parley developments`, `parley timeline`: group the reports of a negotiation into
developments, list and show them, and lay them out day by day. Parse, call `parley.analyze`, print."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from parley.commands.common import (
    ConfigOption,
    DbOption,
    JsonOption,
    errors,
    open_store,
    out,
    parse_day,
    print_json,
    settings_from,
)

SinceOption = Annotated[str | None, typer.Option(help="Reported on or after YYYY-MM-DD")]
UntilOption = Annotated[str | None, typer.Option(help="Reported on or before YYYY-MM-DD")]
IssueOption = Annotated[str | None, typer.Option(help="Issue id, e.g. territory")]
PartyOption = Annotated[
    str | None, typer.Option(help="A party of the negotiation (any of its names) that speaks or acts")
]
ActorOption = Annotated[
    str | None, typer.Option(help="An actor (any known name, or an id) who speaks, acts or is named")
]
SourceOption = Annotated[str | None, typer.Option(help="Outlet: site or URL contains this")]


ID_SHOWN = 14  # "dev_" and 10 hex digits: a prefix `parley developments show` accepts


class Order(StrEnum):
    date = "date"
    score = "score"


def _outlets(names: list[str]) -> str:
    return ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")


def register(app: typer.Typer) -> None:
    @app.command()
    def analyze(
        negotiation: Annotated[
            str | None, typer.Option(help="Negotiation id [default: every negotiation]")
        ] = None,
        window_days: Annotated[
            int, typer.Option(min=0, max=30, help="Days within which one development's reports fall")
        ] = 3,
        db: DbOption = None,
        as_json: JsonOption = False,
        config: ConfigOption = None,
    ) -> None:
        """Group the reports routed to each negotiation into developments (one happening, however many
        outlets report it) and store them, replacing the previous grouping."""
        from parley.analyze.developments import analyze as run

        with errors():
            settings = settings_from(config, db=db)
            with open_store(settings) as store:
                summaries = run(store, negotiation, window_days)
        if as_json:
            print_json(summaries)
            return
        table = Table("negotiation", "articles", "developments", "of several reports", "largest")
        for s in summaries:
            table.add_row(
                s["negotiation"],
                f"{s['articles']:,}",
                f"{s['developments']:,}",
                f"{s['multi_article']:,}",
                str(s["largest"]),
            )
        out.print(table)

    developments_app = typer.Typer(
        help="Developments: reports about one happening grouped. List them, or show one.",
        no_args_is_help=False,
    )
    app.add_typer(developments_app, name="developments")

    @developments_app.callback(invoke_without_command=True)
    def developments(
        ctx: typer.Context,
        negotiation: Annotated[
            str | None, typer.Option(help="Negotiation id [default: every negotiation]")
        ] = None,
        since: SinceOption = None,
        until: UntilOption = None,
        issue: IssueOption = None,
        party: PartyOption = None,
        actor: ActorOption = None,
        source: SourceOption = None,
        order: Annotated[Order, typer.Option(help="Newest first, or most significant first")] = Order.date,
        limit: Annotated[int, typer.Option(min=1, max=10_000, help="Rows to show")] = 50,
        offset: Annotated[int, typer.Option(min=0, help="Rows to skip")] = 0,
        db: DbOption = None,
        as_json: JsonOption = False,
        config: ConfigOption = None,
    ) -> None:
        """List developments, newest (or most significant) first, with their sources and issues."""
        if ctx.invoked_subcommand is not None:
            return
        from parley.analyze.developments import list_developments

        first, last = parse_day(since, "--since"), parse_day(until, "--until")
        with errors():
            settings = settings_from(config, db=db)
            with open_store(settings) as store, store.reading() as connection:
                rows = list_developments(
                    connection,
                    negotiation,
                    first,
                    last,
                    issue,
                    party,
                    actor,
                    source,
                    order=order.value,
                    limit=limit,
                    offset=offset,
                )
        if as_json:
            print_json(rows)
            return
        if not rows:
            out.print("No developments match (`parley analyze` groups the reports into developments).")
            return
        table = Table("date", "headline", "reports", "sources", "score", "id")
        for r in rows:
            table.add_row(
                _span(r),
                r["headline"] or "",
                str(r["articles"]),
                str(r["sources"]),
                f"{r['score']:.2f}",
                r["id"][:ID_SHOWN],
            )
        out.print(table)

    @developments_app.command("show")
    def developments_show(
        development: Annotated[str, typer.Argument(help="Development id, or a unique id prefix")],
        db: DbOption = None,
        as_json: JsonOption = False,
        config: ConfigOption = None,
    ) -> None:
        """One development in full: its reports and their outlets, and each statement once with every
        source that carries it."""
        from parley.analyze.developments import get_development

        with errors():
            settings = settings_from(config, db=db)
            with open_store(settings) as store, store.reading() as connection:
                found = get_development(connection, development)
        data = found.to_dict()
        if as_json:
            print_json(data)
            return
        out.print(f"[bold]{found.headline or '(no headline)'}[/]", highlight=False)
        out.print(
            f"{_span(data)} · {data['negotiation']} · {data['articles']} report(s) from {data['sources']} "
            f"source(s) · score {found.score:.2f} · issues: {', '.join(found.issues) or '—'} · {found.id}",
            highlight=False,
        )
        reports = Table("published", "report", "title", "outlets")
        for m in found.members:
            reports.add_row(
                m.published.isoformat(sep=" ", timespec="minutes") if m.published else "",
                m.key,
                m.title or "",
                _outlets(sorted({s.outlet for s in m.sources})),
            )
        out.print(reports)
        said = Table("speaker", "kind", "statement", "sources")
        for s in found.statements:
            said.add_row(s.speaker or "—", s.kind, s.text, f"{len(s.outlets)}: {_outlets(list(s.outlets))}")
        if said.rows:
            out.print(said)

    @app.command()
    def timeline(
        negotiation: Annotated[str, typer.Option(help="Negotiation id, e.g. russia-ukraine")],
        since: SinceOption = None,
        until: UntilOption = None,
        issue: IssueOption = None,
        party: PartyOption = None,
        actor: ActorOption = None,
        source: SourceOption = None,
        db: DbOption = None,
        as_json: JsonOption = False,
        config: ConfigOption = None,
    ) -> None:
        """The negotiation day by day: its developments by date, oldest first, filterable by issue, party,
        actor and outlet."""
        from parley.analyze.timeline import timeline as build

        first, last = parse_day(since, "--since"), parse_day(until, "--until")
        with errors():
            settings = settings_from(config, db=db)
            with open_store(settings) as store, store.reading() as connection:
                days = build(connection, negotiation, first, last, issue, party, actor, source)
        if as_json:
            print_json(days)
            return
        if not days:
            out.print(f"No developments of {negotiation} match (`parley analyze` builds them).")
            return
        table = Table("date", "headline", "sources", "who", "score")
        for day in days:
            for position, d in enumerate(day["developments"]):
                table.add_row(
                    (day["date"] or "undated") if position == 0 else "",
                    d["headline"] or "",
                    str(d["sources"]),
                    ", ".join(d["actors"][:2]),
                    f"{d['score']:.2f}",
                )
        out.print(table)


def _span(row: dict[str, Any]) -> str:
    first, last = row["date"], row["last_date"]
    if first is None:
        return "undated"
    return first if last in (None, first) else f"{first} … {last}"
