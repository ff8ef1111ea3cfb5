"""The analysis views the web shows when parley has them: the issue board, the barometer, position shifts,
developments and the brief. Each is looked up when first asked for, so the web works with whichever
analysis modules this version of parley ships; a view whose module is missing raises `Unavailable`, and the
routes say kindly that it is not available (HTTP 404 in the API, an empty state in the pages).

Each function below names the one analysis call it makes (module and function): if a module renames its
entry point, the view says "not available" and the tests in tests/web say which one to adjust here."""

from __future__ import annotations

import importlib
from datetime import date
from types import ModuleType
from typing import Any

from sqlalchemy import Connection


class Unavailable(Exception):
    """This version of parley does not have the analysis a view needs."""

    def __init__(self, what: str) -> None:
        super().__init__(f"the {what} is not available in this version of parley")
        self.what = what


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"parley.analyze.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"parley.analyze.{name}":
            return None
        raise  # a module that is there but breaks on import is a bug, not a missing feature


def available() -> dict[str, bool]:
    """Which analysis views this installation can show."""
    return {
        name: _callable(module, function)
        for name, module, function in (
            ("board", "board", "build_board"),
            ("barometer", "barometer", "build_barometer"),
            ("shifts", "shifts", "find_shifts"),
            ("brief", "brief", "build_brief"),
            ("timeline", "timeline", "timeline"),
            ("developments", "development_queries", "get_development"),
        )
    }


def _callable(module_name: str, function: str) -> bool:
    module = _module(module_name)
    return module is not None and callable(getattr(module, function, None))


def _function(module_name: str, function: str, what: str) -> Any:
    module = _module(module_name)
    found = getattr(module, function, None) if module is not None else None
    if not callable(found):
        raise Unavailable(what)
    return found


def board(connection: Connection, negotiation: str, limit: int = 5) -> dict[str, Any]:
    result = _function("board", "build_board", "issue board")(connection, negotiation, limit=limit)
    data: dict[str, Any] = result.to_dict()
    return data


def barometer(
    connection: Connection,
    negotiation: str,
    event: str | None = None,
    speaker: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> dict[str, Any]:
    build = _function("barometer", "build_barometer", "barometer")
    data: dict[str, Any] = build(
        connection, negotiation, event=event, speaker=speaker, since=since, until=until
    ).to_dict()
    return data


def shifts(
    connection: Connection, negotiation: str, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    found = _function("shifts", "find_shifts", "list of position shifts")(
        connection, negotiation, since=since, until=until
    )
    return [shift.to_dict() for shift in found]


def brief(connection: Connection, negotiation: str) -> dict[str, Any]:
    data: dict[str, Any] = _function("brief", "build_brief", "brief")(connection, negotiation).to_dict()
    return data


def timeline(
    connection: Connection, negotiation: str, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    days: list[dict[str, Any]] = _function("timeline", "timeline", "timeline")(
        connection, negotiation, since=since, until=until
    )
    return days


def development(connection: Connection, development_id: str) -> dict[str, Any]:
    """A development in full: its reports with their outlets, and what was said in them, copies gathered."""
    found = _function("development_queries", "get_development", "development view")(
        connection, development_id
    )
    data: dict[str, Any] = found.to_dict()
    return data


def points_of_attention(connection: Connection, negotiation: str) -> list[dict[str, Any]]:
    """The developments the brief makes its points of attention (the most significant, by the brief's own
    rule) without building the rest of the brief, which takes seconds on a large store."""
    brief = _module("brief")
    public = getattr(brief, "points_of_attention", None)
    if callable(public):
        return list(public(connection, negotiation))
    # HOOK: until the brief exposes its selection, its private rule with what that rule reads today
    # (tests/web/test_pages.py fails when the rule's signature moves on)
    listed = _function("development_queries", "list_developments", "list of developments")
    choose = _function("brief", "_points_of_attention", "brief")
    relevance = getattr(brief, "_relevance", None)
    developments = listed(connection, negotiation, order="score")
    needs = (developments, relevance(connection, negotiation)) if callable(relevance) else (developments,)
    return [dict(d) for d in choose(*needs)]
