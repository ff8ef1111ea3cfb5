"""The pages: overview of a negotiation, issue board, actor, search, development, article reader, brief.
Each view reads through `web.queries` (or the analysis through `web.analysis`) and renders a template; a
panel whose analysis this version lacks shows an empty state saying so."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from parley.errors import QueryError
from parley.negotiations import builtin_negotiations
from parley.store.queries import store_stats
from parley.store.statement_queries import negotiation_counts
from parley.web import analysis, charts
from parley.web import queries as q
from parley.web.api import find_negotiation
from parley.web.deps import DATED, cached, cursor_key, reading
from parley.web.highlight import article_marks, tokens
from parley.web.pagination import MAX_LIMIT, Page

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
T = TypeVar("T")

PAGE_SIZE = 25
TABLE_ROWS = 20  # estimates per speaker in the barometer's table: the table is for reading, the CSV for all
FILTER_NAMES = ("q", "negotiation", "issue", "speaker", "kind", "source", "since", "until")


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, name, context, status_code=status
    )
    return response


def _panel(what: str, build: Callable[[], T]) -> tuple[T | None, str | None]:
    """An optional panel: its data, or why it is not shown. A missing analysis is said as such; a failing
    one is logged and said too (a panel does not take the page down with it)."""
    try:
        return build(), None
    except analysis.Unavailable as exc:
        return None, f"The {exc.what} is not available in this version of parley."
    except Exception:
        log.exception("the %s could not be built", what)
        return None, f"The {what} could not be built (the server's log says why)."


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name}: expected a date as YYYY-MM-DD, got {value!r}") from None


def page_size(request: Request) -> int:
    value = request.query_params.get("limit", "")
    if not value:
        return PAGE_SIZE
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise QueryError(f"limit: expected a number from 1 to {MAX_LIMIT}, got {value!r}")
    return int(value)


def page_filters(request: Request) -> tuple[q.Filters, dict[str, str]]:
    """The search filters in a page's query string (dates checked), and the parameters as given."""
    given = {k: v.strip() for k, v in request.query_params.items() if k in FILTER_NAMES and v.strip()}
    if "kind" in given and given["kind"] not in q.KINDS:
        raise QueryError(f"kind: expected direct or indirect, got {given['kind']!r}")
    filters = q.Filters(
        q=given.get("q"),
        negotiation=given.get("negotiation"),
        issue=given.get("issue"),
        speaker=given.get("speaker"),
        kind=given.get("kind"),
        source=given.get("source"),
        since=_day(given.get("since"), "since"),
        until=_day(given.get("until"), "until"),
    )
    return filters, given


def issue_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for negotiation in builtin_negotiations():
        for issue in negotiation.taxonomy().issues:
            labels.setdefault(issue.id, issue.label)
    return labels


# --- home, overview -------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    with reading(request) as connection:
        counts = cached(request, connection, "negotiation_counts", partial(negotiation_counts, connection))
        stats = cached(request, connection, "store_stats", partial(store_stats, connection))
    negotiations = [
        {"id": n.id, "name": n.name, "parties": [p.name for p in n.parties], **counts.get(n.id, {})}
        for n in builtin_negotiations()
    ]
    negotiations.sort(key=lambda n: -n.get("articles", 0))
    return render(request, "home.html", negotiations=negotiations, stats=stats)


@router.get("/negotiations/{negotiation_id}", response_class=HTMLResponse)
def overview(request: Request, negotiation_id: str) -> HTMLResponse:
    negotiation = find_negotiation(negotiation_id)
    labels = issue_labels()
    only = q.Filters(negotiation=negotiation.id)
    with reading(request) as connection:

        def keep(key: str, compute: Callable[[], T]) -> T:
            return cached(request, connection, (key, negotiation.id), compute)

        counts = keep("negotiation_counts", partial(negotiation_counts, connection)).get(negotiation.id)
        said = q.statement_page(connection, only, 8)
        done = q.move_page(connection, only, 8)
        estimated = q.likelihood_page(connection, only, 8, newest_first=True)
        developments = q.development_page(connection, only, 6)
        weekly = keep("weekly", lambda: q.weekly(q.issue_counts(connection, negotiation.id)))
        attention, attention_note = _panel(
            "brief",
            lambda: keep("attention", partial(analysis.points_of_attention, connection, negotiation.id)),
        )
        shifts, shifts_note = _panel(
            "list of position shifts",
            lambda: keep("shifts", partial(analysis.shifts, connection, negotiation.id)),
        )
        series, barometer_note = keep("barometer", partial(_barometer_series, connection, negotiation.id))
    dated, undated = charts.dated_points(series)
    return render(
        request,
        "overview.html",
        negotiation=negotiation,
        counts=counts or {"articles": 0, "statements": 0, "moves": 0, "first": None, "last": None},
        statements=said.items,
        moves=done.items,
        estimates=estimated.items,
        developments=developments.items,
        attention=attention,
        attention_note=attention_note,
        shifts=(shifts or [])[:6],
        shifts_note=shifts_note,
        barometer=charts.barometer_figure(series) if dated else None,
        barometer_note=barometer_note,
        barometer_series=series,
        undated=undated,
        table_rows=TABLE_ROWS,
        table_cut=any(len(one["points"]) > TABLE_ROWS for one in series),
        issues=charts.issue_figure(weekly, labels) if weekly else None,
        issue_totals=sorted(
            ((labels.get(i, i), i, sum(w.values())) for i, w in weekly.items()), key=lambda t: -t[2]
        ),
        labels=labels,
        available=analysis.available(),
    )


def _barometer_series(connection: Any, negotiation_id: str) -> tuple[list[dict[str, Any]], str | None]:
    """Settlement estimates per speaker from the analysis barometer when parley has it; else every stored
    estimate in the negotiation's articles, per speaker (said under the chart)."""
    data, note = _panel("barometer", lambda: analysis.barometer(connection, negotiation_id))
    if data is not None:
        return charts.points_from_barometer(data), "Estimates about the settlement, per speaker."
    rows = q.likelihood_page(connection, q.Filters(negotiation=negotiation_id), 2000)
    return charts.points_from_likelihoods(rows.items), (
        note or ""
    ) + " Showing every stored estimate, per speaker."


@router.get("/negotiations/{negotiation_id}/board", response_class=HTMLResponse)
def board(request: Request, negotiation_id: str) -> HTMLResponse:
    negotiation = find_negotiation(negotiation_id)
    with reading(request) as connection:
        data, note = _panel(
            "issue board",
            lambda: cached(
                request,
                connection,
                ("board", negotiation.id),
                partial(analysis.board, connection, negotiation.id),
            ),
        )
    return render(request, "board.html", negotiation=negotiation, board=data, note=note)


@router.get("/negotiations/{negotiation_id}/brief", response_class=HTMLResponse)
def brief(request: Request, negotiation_id: str) -> HTMLResponse:
    negotiation = find_negotiation(negotiation_id)
    with reading(request) as connection:
        data, note = _panel(
            "brief",
            lambda: cached(
                request,
                connection,
                ("brief", negotiation.id),
                partial(analysis.brief, connection, negotiation.id),
            ),
        )
    return render(request, "brief.html", negotiation=negotiation, brief=data, note=note)


# --- actors ---------------------------------------------------------------------------------------------


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request) -> HTMLResponse:
    search = request.query_params.get("search") or None
    everyone = request.query_params.get("all") == "1"
    cursor = request.query_params.get("cursor")
    with reading(request) as connection:
        after = cursor_key(cursor, (int, str))
        page = cached(  # as the API's list: counting reads every statement
            request,
            connection,
            ("actor_page", search, None, None, not everyone, PAGE_SIZE, after),
            partial(q.actor_page, connection, search, None, None, not everyone, PAGE_SIZE, after),
        )
    params = {"search": search or "", "all": "1" if everyone else ""}
    return render(
        request,
        "actors.html",
        page=page,
        search=search,
        everyone=everyone,
        params=params,
        first_page=cursor is not None,
    )


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, actor_id: str) -> HTMLResponse:
    cursor = request.query_params.get("cursor")
    with reading(request) as connection:
        record = q.get_actor(connection, actor_id)
        by_them = q.Filters(speaker=record["id"])
        said = q.statement_page(connection, by_them, PAGE_SIZE, cursor_key(cursor, DATED))
        done = q.move_page(connection, by_them, 20)
        estimates = q.likelihood_page(connection, by_them, 1000)
        shifts: list[dict[str, Any]] = []
        shifts_note = None
        for negotiation in record["negotiations"]:
            compute = partial(analysis.shifts, connection, negotiation["id"])
            found, shifts_note = _panel(
                "list of position shifts",
                partial(cached, request, connection, ("shifts", negotiation["id"]), compute),
            )
            shifts += [s for s in found or [] if s.get("holder") in (record["name"], *record["aliases"])]
    series = charts.points_from_likelihoods(estimates.items)
    dated, undated = charts.dated_points(series)
    return render(
        request,
        "actor.html",
        actor=record,
        statements=said,
        moves=done.items,
        estimates=estimates.items,
        chart=charts.barometer_figure(series) if dated else None,
        undated=undated,
        shifts=shifts,
        shifts_note=shifts_note,
        params={},
        first_page=cursor is not None,
        labels=issue_labels(),
    )


# --- search ---------------------------------------------------------------------------------------------


@router.get("/search", response_class=HTMLResponse)
def search(request: Request) -> HTMLResponse:
    tab = "articles" if request.query_params.get("in") == "articles" else "statements"
    cursor = request.query_params.get("cursor")
    empty = Page([])
    try:
        filters, given = page_filters(request)
        size = page_size(request)
        with reading(request) as connection:
            # the counts are the same on every page of a search: computed once while the store is unchanged
            def keep(key: str, compute: Callable[..., T]) -> T:
                return cached(request, connection, (key, filters), partial(compute, connection, filters))

            if tab == "statements":
                page = q.statement_page(connection, filters, size, cursor_key(cursor, DATED))
                facets = keep("statement_facets", q.statement_facets)
                totals = {"statements": facets["total"], "articles": keep("count_articles", q.count_articles)}
            else:
                page = q.article_page(connection, filters, size, cursor_key(cursor, DATED))
                facets = keep("article_facets", q.article_facets)
                totals = {
                    "statements": keep("count_statements", q.count_statements),
                    "articles": facets["total"],
                }
        error, status = None, 200
    except QueryError as exc:
        page, facets, totals, error, status = empty, {}, {"statements": 0, "articles": 0}, str(exc), 400
        given = {k: v for k, v in request.query_params.items() if k in FILTER_NAMES}
    params = {**given, "in": tab if tab == "articles" else "", "limit": request.query_params.get("limit")}
    return render(
        request,
        "search.html",
        status=status,
        tab=tab,
        page=page,
        facets=facets,
        totals=totals,
        error=error,
        params=params,
        given=given,
        labels=issue_labels(),
        negotiations=[(n.id, n.name) for n in builtin_negotiations()],
        first_page=cursor is not None,
    )


# --- developments, articles, statements -----------------------------------------------------------------


@router.get("/developments/{development_id}", response_class=HTMLResponse)
def development(request: Request, development_id: str) -> HTMLResponse:
    with reading(request) as connection:
        record = development_record(connection, development_id)
    return render(request, "development.html", development=record, labels=issue_labels())


def development_record(connection: Any, development_id: str) -> dict[str, Any]:
    """The analysis's view of a development (statement copies gathered), or the stored one."""
    try:
        return analysis.development(connection, development_id)
    except analysis.Unavailable:
        return q.get_development(connection, development_id)


def _cite(value: str | None, length: int) -> tuple[int, int] | None:
    """`START-END` of a cited passage, when it is one inside the text."""
    if not value:
        return None
    start, _, end = value.partition("-")
    if not (start.isdigit() and end.isdigit()) or not 0 <= int(start) < int(end) <= length:
        raise QueryError(f"cite: expected START-END character offsets inside the text, got {value!r}")
    return int(start), int(end)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def reader(request: Request, article_id: str) -> HTMLResponse:
    with reading(request) as connection:
        article = q.article_reading(connection, article_id)
    cite = _cite(request.query_params.get("cite"), len(article["text"]))
    pieces = tokens(article["text"], article_marks(article, cite))
    return render(
        request, "reader.html", article=article, tokens=pieces, cite=cite, labels=issue_labels(), params={}
    )


@router.get("/statements/{statement_id}")
def statement(request: Request, statement_id: str) -> Response:
    with reading(request) as connection:
        record = q.get_statement(connection, statement_id)
    return RedirectResponse(record["reader_url"], status_code=307)
