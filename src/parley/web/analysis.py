"""The analysis views the web shows, as plain data for the templates and the API: the issue board, the
barometer, position shifts, the timeline, developments, the brief and its points of attention. One call
each into `parley.analyze`; the routes only render."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection

from parley.analyze.barometer import build_barometer
from parley.analyze.board import build_board
from parley.analyze.brief import build_brief
from parley.analyze.brief import points_of_attention as brief_points
from parley.analyze.development_queries import get_development
from parley.analyze.shifts import find_shifts
from parley.analyze.timeline import timeline as build_timeline

VIEWS = ("board", "barometer", "shifts", "brief", "timeline")


class Unavailable(Exception):
    """An analysis view this installation cannot show (kept for views that may be switched off)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"the {what} is not available in this version of parley")
        self.what = what


def available() -> dict[str, bool]:
    """Which analysis views this installation can show."""
    return dict.fromkeys(VIEWS, True)


def board(connection: Connection, negotiation: str, limit: int = 5) -> dict[str, Any]:
    return build_board(connection, negotiation, limit=limit).to_dict()


def barometer(
    connection: Connection,
    negotiation: str,
    event: str | None = None,
    speaker: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> dict[str, Any]:
    return build_barometer(
        connection, negotiation, event=event, speaker=speaker, since=since, until=until
    ).to_dict()


def shifts(
    connection: Connection, negotiation: str, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    return [s.to_dict() for s in find_shifts(connection, negotiation, since=since, until=until)]


def brief(connection: Connection, negotiation: str) -> dict[str, Any]:
    return build_brief(connection, negotiation).to_dict()


def timeline(
    connection: Connection, negotiation: str, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    return build_timeline(connection, negotiation, since=since, until=until)


def development(connection: Connection, development_id: str) -> dict[str, Any]:
    """A development in full: its reports with their outlets, and what was said in them, copies gathered."""
    return get_development(connection, development_id).to_dict()


def points_of_attention(connection: Connection, negotiation: str) -> list[dict[str, Any]]:
    """The developments the brief makes its points of attention, without building the rest of the brief."""
    return [dict(d) for d in brief_points(connection, negotiation)]
