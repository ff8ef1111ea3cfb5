"""`parley board`, `parley barometer`, `parley shifts`: the issue board, the settlement barometer and the
position shifts of a negotiation. Parse, call `parley.analyze`, print."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

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

if TYPE_CHECKING:
    from parley.analyze.cited import Source

NegotiationOption = Annotated[str, typer.Option("--negotiation", help="Negotiation id, e.g. russia-ukraine")]
SinceOption = Annotated[str | None, typer.Option(help="First reported on or after YYYY-MM-DD")]
UntilOption = Annotated[str | None, typer.Option(help="First reported on or before YYYY-MM-DD")]


def _day(value: Any) -> str:
    return value.date().isoformat() if value is not None else "—"


def _outlets(sources: tuple[Source, ...]) -> str:
    names = list(dict.fromkeys(o for s in sources for o in (s.outlets or (s.key,))))
    shown = ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
    return f"{len(sources)} report{'s' if len(sources) != 1 else ''}: {shown}"


def register(app: typer.Typer) -> None:
    @app.command()
    def board(
        negotiation: NegotiationOption,
        limit: Annotated[
            int, typer.Option(min=1, max=1000, help="Positions and moves per party and issue")
        ] = 5,
        db: DbOption = None,
        as_json: JsonOption = False,
        config: ConfigOption = None,
    ) -> None:
        """The issue board: per issue its status (open, contested, converging, agreed) and why, and each
        party's latest positions and moves with their sources, newest first."""
        from parley.analyze.board import build_board

        with errors():
            settings = settings_from(config, db=db)
            with open_store(settings) as store, store.reading() as connection:
                result = build_board(connection, negotiation, limit)
        if as_json:
            print_json(result.to_dict())
            return
        if not result.issues:
            out.print(f"Nothing on the board of {result.negotiation} yet.")
            return
        for row in result.issues:
            out.print(f"\n[bold]{row.label}[/] ({row.issue}) — [bold]{row.status.status}[/]")
            out.print(row.status.explanation, highlight=False)
            table = Table("party", "date", "what", "words", "sources")
            for cell in row.cells:
                for position in cell.positions:
                    said = f"{position.speaker} ({position.kind})"
                    table.add_row(
                        cell.party, _day(position.date), said, position.text, _outlets(position.sources)
                    )
                for move in cell.moves:
                    table.add_row(
                        cell.party, _day(move.date), move.type, move.evidence, _outlets(move.sources)
                    )
            if table.rows:
                out.print(table)
            if row.unattributed_positions or row.unattributed_moves:
                out.print(
                    f"[dim]not from a party: {row.unattributed_positions} positions, "
                    f"{row.unattributed_moves} moves[/]"
                )

    @app.command()
    def barometer(
        negotiation: NegotiationOption,
        event: Annotated[
            str | None, typer.Option(help="Words the event must contain [default: the settlement]")
        ] = None,
        speaker: Annotated[str | None, typer.Option(help="Only this speaker (any known name)")] = None,
        since: SinceOption = None,
        until: UntilOption = None,
        db: DbOption = None,
        as_json: JsonOption = False,
        config: ConfigOption = None,
    ) -> None:
        """The barometer: each speaker's estimates of how likely the settlement (or an event you name) is,
        with band, interval and evidence, and the spread across speakers week by week."""
        from parley.analyze.barometer import build_barometer

        first, last = parse_day(since, "--since"), parse_day(until, "--until")
        with errors():
            settings = settings_from(config, db=db)
            with open_store(settings) as store, store.reading() as connection:
                result = build_barometer(connection, negotiation, event, speaker, first, last)
        if as_json:
            print_json(result.to_dict())
            return
        if not result.series:
            out.print(f"No estimates about the {result.event} match.")
            return
        table = Table("who", "date", "band", "p [low–high]", "phrase", "event", "sources")
        for series in result.series:
            for e in series.estimates:
                who = series.who + (f" (per {e.reported_by})" if e.reported_by else "")
                flags = "".join(
                    f" [{f}]" for f, on in (("negated", e.negated), ("ambiguous", e.ambiguous)) if on
                )
                table.add_row(
                    who,
                    _day(e.date),
                    e.band + flags,
                    f"{e.p:.0%} [{e.low:.0%}–{e.high:.0%}]",
                    e.phrase,
                    e.event or "",
                    _outlets(e.sources),
                )
        out.print(table)
        spread = Table("week", "speakers", "range", "bands", "each speaker's latest")
        for week in result.weeks:
            low, high = week.bands
            spread.add_row(
                week.week,
                str(len(week.readings)),
                f"{week.low:.0%}–{week.high:.0%}",
                low if low == high else f"{low} … {high}",
                "; ".join(f"{r.who}: {r.band} ({r.p:.0%})" for r in week.readings),
            )
        out.print(spread)
        if result.unattributed:
            out.print(f"[dim]{result.unattributed} estimates about the {result.event} have no speaker[/]")

    @app.command()
    def shifts(
        negotiation: NegotiationOption,
        since: SinceOption = None,
        until: UntilOption = None,
        db: DbOption = None,
        as_json: JsonOption = False,
        config: ConfigOption = None,
    ) -> None:
        """Position shifts: a rejection turned acceptance, a demand dropped, a hardening, an estimate of
        likelihood moving by a band or more — the before and after evidence side by side, newest first."""
        from parley.analyze.cited import MoveRecord
        from parley.analyze.shifts import find_shifts

        first, last = parse_day(since, "--since"), parse_day(until, "--until")
        with errors():
            settings = settings_from(config, db=db)
            with open_store(settings) as store, store.reading() as connection:
                found = find_shifts(connection, negotiation, first, last)
        if as_json:
            print_json([s.to_dict() for s in found])
            return
        if not found:
            out.print("No shifts found.")
            return
        for shift in found:
            out.print(f"\n[bold]{_day(shift.date)}  {shift.kind}[/]  {shift.summary}", highlight=False)
            for side, record in (("before", shift.before), ("after", shift.after)):
                words = record.evidence if isinstance(record, MoveRecord) else record.statement_text
                out.print(f"  {side + ':':8}“{words}” — {_outlets(record.sources)}", highlight=False)
