"""The JSON API, `/api/v1`: lists with the search page's filters, cursor pagination (`next` links, at most
200 rows a page) and CSV of any list (`?format=csv` or `Accept: text/csv`: every row matching, not just a
page); one record by id; the analysis views when parley has them; writes when a token is configured.
Routes parse and answer; the reading is in `web.queries`, the analysis in `parley.analyze`."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from parley.errors import NotFoundError
from parley.models import Outcome
from parley.negotiations import Negotiation, builtin_negotiations
from parley.store.queries import get_article, store_stats
from parley.store.statement_queries import negotiation_counts
from parley.web import analysis, csvout, schemas, writes
from parley.web import queries as q
from parley.web.deps import (
    DATED,
    DATED_ID,
    cached,
    csv_list,
    csv_of,
    cursor_key,
    json_page,
    reading,
    store_of,
    wants_csv,
)
from parley.web.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page

router = APIRouter(tags=["read"])

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows a page, at most {MAX_LIMIT}")]
Cursor = Annotated[str | None, Query(description="The `cursor` of the previous page", max_length=500)]
Format = Annotated[
    Literal["json", "csv"] | None,
    Query(description="csv: every row matching, as CSV (also chosen by `Accept: text/csv`)"),
]
Text = Annotated[
    str | None,
    Query(max_length=500, description='Full-text query: words, "a phrase", prefix*, AND, OR, NOT'),
]
NegotiationId = Annotated[
    str | None, Query(max_length=100, description="A negotiation id, e.g. russia-ukraine")
]
Issue = Annotated[str | None, Query(max_length=100, description="An issue id, e.g. territory")]
Speaker = Annotated[str | None, Query(max_length=200, description="A name, alias or actor id")]
Source = Annotated[str | None, Query(max_length=200, description="Site or source name contains this")]
Since = Annotated[date | None, Query(description="Published on or after (YYYY-MM-DD)")]
Until = Annotated[date | None, Query(description="Published on or before (YYYY-MM-DD)")]
ArticleRef = Annotated[str | None, Query(max_length=200, description="An article id or key")]
Kind = Annotated[Literal["direct", "indirect"] | None, Query(description="Statement kind")]
MoveType = Annotated[
    Literal["meet", "propose", "demand", "accept", "reject", "concede", "agree", "threaten", "accuse"] | None,
    Query(description="Move type"),
]
Band = Annotated[
    Literal[
        "extremely unlikely", "very unlikely", "unlikely", "even", "likely", "very likely", "extremely likely"
    ]
    | None,
    Query(description="One of the seven likelihood bands"),
]
PathId = Annotated[str, "path"]


def _page_or_csv(
    request: Request,
    fetch: Any,
    filters: q.Filters,
    limit: int,
    cursor: str | None,
    kinds: tuple[type, ...],
    fmt: str | None,
    columns: csvout.Columns,
    name: str,
) -> Response:
    after = cursor_key(cursor, kinds)
    if wants_csv(request, fmt):
        return csv_list(request, fetch, filters, after, columns, name)
    with reading(request) as connection:
        page = fetch(connection, filters, limit, after)
    return json_page(request, page, limit)


# --- negotiations, stats --------------------------------------------------------------------------------


def _negotiation_rows(counts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    empty = {"articles": 0, "statements": 0, "moves": 0, "first": None, "last": None}
    return [
        {
            "id": n.id,
            "name": n.name,
            "parties": [p.name for p in n.parties],
            **counts.get(n.id, empty),
            "url": f"/negotiations/{n.id}",
        }
        for n in builtin_negotiations()
    ]


def find_negotiation(negotiation_id: str) -> Negotiation:
    for negotiation in builtin_negotiations():
        if negotiation.id == negotiation_id:
            return negotiation
    known = ", ".join(n.id for n in builtin_negotiations())
    raise NotFoundError(f"no negotiation {negotiation_id!r} (known: {known})")


@router.get("/negotiations", response_model=schemas.NegotiationList, summary="The negotiations parley knows")
def negotiations(request: Request, format: Format = None) -> Response:
    with reading(request) as connection:
        rows = _negotiation_rows(
            cached(request, connection, "negotiation_counts", partial(negotiation_counts, connection))
        )
    if wants_csv(request, format):
        return csv_of(rows, csvout.NEGOTIATION_COLUMNS, "negotiations")
    return json_page(request, Page(rows), len(rows))


@router.get("/negotiations/{negotiation_id}", summary="One negotiation: parties, actors, issues, counts")
def negotiation(request: Request, negotiation_id: str) -> dict[str, Any]:
    found = find_negotiation(negotiation_id)
    with reading(request) as connection:
        counts = negotiation_counts(connection)
    row = next(r for r in _negotiation_rows(counts) if r["id"] == found.id)
    return {
        **row,
        "actors": [{"name": a.name, "role": a.role, "affiliation": a.affiliation} for a in found.actors],
        "issues": [{"id": i.id, "label": i.label} for i in found.taxonomy().issues],
        "analysis": analysis.available(),
    }


@router.get("/stats", summary="Counts over the whole store")
def stats(request: Request) -> dict[str, Any]:
    with reading(request) as connection:
        return cached(request, connection, "store_stats", partial(store_stats, connection))


# --- statements -----------------------------------------------------------------------------------------


def statement_filters(
    q_: Annotated[Text, Query(alias="q")] = None,
    negotiation: NegotiationId = None,
    issue: Issue = None,
    speaker: Speaker = None,
    kind: Kind = None,
    source: Source = None,
    since: Since = None,
    until: Until = None,
    article: ArticleRef = None,
) -> q.Filters:
    return q.Filters(
        q=q_ or None,
        negotiation=negotiation,
        issue=issue,
        speaker=speaker,
        kind=kind,
        source=source,
        since=since,
        until=until,
        article=article,
    )


StatementFilters = Annotated[q.Filters, Depends(statement_filters)]


@router.get("/statements", response_model=schemas.StatementList, summary="Statements, newest first")
def statement_list(
    request: Request,
    filters: StatementFilters,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    format: Format = None,
) -> Response:
    return _page_or_csv(
        request,
        q.statement_page,
        filters,
        limit,
        cursor,
        DATED,
        format,
        csvout.STATEMENT_COLUMNS,
        "statements",
    )


@router.get("/statements/facets", response_model=schemas.Facets, summary="How matching statements spread")
def statement_facets(request: Request, filters: StatementFilters) -> Response:
    with reading(request) as connection:
        compute = partial(q.statement_facets, connection, filters)
        return JSONResponse(cached(request, connection, ("statement_facets", filters), compute))


@router.get("/statements/{statement_id}", response_model=schemas.Statement, summary="One statement")
def statement(request: Request, statement_id: str) -> Response:
    with reading(request) as connection:
        return JSONResponse(q.get_statement(connection, statement_id))


# --- articles -------------------------------------------------------------------------------------------


def article_filters(
    q_: Annotated[Text, Query(alias="q")] = None,
    negotiation: NegotiationId = None,
    issue: Issue = None,
    speaker: Speaker = None,
    source: Source = None,
    language: Annotated[str | None, Query(max_length=8, description="Language code, e.g. en")] = None,
    since: Since = None,
    until: Until = None,
) -> q.Filters:
    return q.Filters(
        q=q_ or None,
        negotiation=negotiation,
        issue=issue,
        speaker=speaker,
        source=source,
        language=language,
        since=since,
        until=until,
    )


@router.get("/articles", response_model=schemas.ArticleList, summary="Articles, newest first")
def article_list(
    request: Request,
    filters: Annotated[q.Filters, Depends(article_filters)],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    format: Format = None,
) -> Response:
    return _page_or_csv(
        request, q.article_page, filters, limit, cursor, DATED, format, csvout.ARTICLE_COLUMNS, "articles"
    )


@router.get(
    "/articles/{article_id}", response_model=schemas.StoredArticle, summary="One article with its text"
)
def article(request: Request, article_id: str) -> Response:
    with reading(request) as connection:
        return JSONResponse(get_article(connection, article_id).to_dict())


# --- actors ---------------------------------------------------------------------------------------------


@router.get("/actors", response_model=schemas.ActorList, summary="Actors, most quoted first")
def actor_list(
    request: Request,
    search: Annotated[str | None, Query(max_length=200, description="A name or alias contains this")] = None,
    kind: Annotated[
        Literal["person", "organisation", "government", "group", "unknown"] | None, Query()
    ] = None,
    negotiation: NegotiationId = None,
    quoted: Annotated[bool, Query(description="Only actors with at least one statement")] = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    format: Format = None,
) -> Response:
    def fetch(connection: Any, _filters: Any, size: int, after: Any) -> Page:
        # counting every speaker's statements reads them all (240 ms on PostgreSQL at a million): kept
        # until the store changes, or for the cache's minute after an actor merge
        asked = (search, kind, negotiation, quoted, size, after)
        return cached(request, connection, ("actor_page", *asked), partial(q.actor_page, connection, *asked))

    return _page_or_csv(
        request, fetch, q.Filters(), limit, cursor, (int, str), format, csvout.ACTOR_COLUMNS, "actors"
    )


@router.get("/actors/{actor_id}", response_model=schemas.Actor, summary="One actor (by id, name or alias)")
def actor(request: Request, actor_id: str) -> Response:
    with reading(request) as connection:
        return JSONResponse(q.get_actor(connection, actor_id))


# --- moves, likelihood ----------------------------------------------------------------------------------


@router.get("/moves", response_model=schemas.MoveList, summary="Negotiating moves, newest first")
def move_list(
    request: Request,
    type: MoveType = None,
    holder: Speaker = None,
    issue: Issue = None,
    negotiation: NegotiationId = None,
    source: Source = None,
    article: ArticleRef = None,
    q_: Annotated[
        str | None, Query(alias="q", max_length=500, description="The evidence contains this")
    ] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    format: Format = None,
) -> Response:
    filters = q.Filters(
        type=type,
        speaker=holder,
        issue=issue,
        negotiation=negotiation,
        source=source,
        article=article,
        since=since,
        until=until,
    )
    return _page_or_csv(
        request,
        _moves_with_evidence(q_),
        filters,
        limit,
        cursor,
        DATED_ID,
        format,
        csvout.MOVE_COLUMNS,
        "moves",
    )


def _moves_with_evidence(evidence: str | None) -> Any:
    def fetch(connection: Any, filters: q.Filters, size: int, after: Any) -> Page:
        return q.move_page(connection, filters, size, after, evidence=evidence)

    return fetch


@router.get("/likelihood", response_model=schemas.LikelihoodList, summary="Estimates of likelihood")
def likelihood_list(
    request: Request,
    speaker: Speaker = None,
    event: Annotated[str | None, Query(max_length=200, description="Words the event contains")] = None,
    band: Band = None,
    negotiation: NegotiationId = None,
    issue: Issue = None,
    source: Source = None,
    article: ArticleRef = None,
    since: Since = None,
    until: Until = None,
    order: Annotated[
        Literal["oldest", "newest"], Query(description="oldest first (default) or newest")
    ] = "oldest",
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    format: Format = None,
) -> Response:
    filters = q.Filters(
        speaker=speaker,
        event=event,
        band=band,
        negotiation=negotiation,
        issue=issue,
        source=source,
        article=article,
        since=since,
        until=until,
    )

    def fetch(connection: Any, chosen: q.Filters, size: int, after: Any) -> Page:
        return q.likelihood_page(connection, chosen, size, after, newest_first=order == "newest")

    return _page_or_csv(
        request, fetch, filters, limit, cursor, DATED_ID, format, csvout.LIKELIHOOD_COLUMNS, "likelihood"
    )


# --- developments (stored by the analysis) --------------------------------------------------------------


@router.get("/developments", response_model=schemas.DevelopmentList, summary="Developments, newest first")
def development_list(
    request: Request,
    negotiation: NegotiationId = None,
    q_: Annotated[
        str | None, Query(alias="q", max_length=500, description="The headline contains this")
    ] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    format: Format = None,
) -> Response:
    filters = q.Filters(negotiation=negotiation, since=since, until=until, event=q_)
    return _page_or_csv(
        request,
        q.development_page,
        filters,
        limit,
        cursor,
        (str, str),
        format,
        csvout.DEVELOPMENT_COLUMNS,
        "developments",
    )


@router.get("/developments/{development_id}", summary="One development: its reports and statements")
def development(request: Request, development_id: str) -> Response:
    from parley.web.views import development_record

    with reading(request) as connection:
        return JSONResponse(development_record(connection, development_id))


# --- analysis views -------------------------------------------------------------------------------------


@router.get("/negotiations/{negotiation_id}/board", summary="The issue board (when available)")
def board(request: Request, negotiation_id: str, limit: Annotated[int, Query(ge=1, le=50)] = 5) -> Response:
    find_negotiation(negotiation_id)
    with reading(request) as connection:
        compute = partial(analysis.board, connection, negotiation_id, limit=limit)
        return JSONResponse(cached(request, connection, ("board", negotiation_id, limit), compute))


@router.get("/negotiations/{negotiation_id}/barometer", summary="The settlement barometer (when available)")
def barometer(
    request: Request,
    negotiation_id: str,
    event: Annotated[str | None, Query(max_length=200, description="Words the event contains")] = None,
    speaker: Speaker = None,
    since: Since = None,
    until: Until = None,
    format: Format = None,
) -> Response:
    find_negotiation(negotiation_id)
    with reading(request) as connection:
        compute = partial(analysis.barometer, connection, negotiation_id, event, speaker, since, until)
        data = cached(
            request, connection, ("barometer", negotiation_id, event, speaker, since, until), compute
        )
    if wants_csv(request, format):
        rows = [{**e, "who": s["who"]} for s in data["series"] for e in s["estimates"]]
        columns = (
            ("who", "who"),
            ("date", "date"),
            ("band", "band"),
            ("p", "p"),
            ("low", "low"),
            ("high", "high"),
            ("phrase", "phrase"),
            ("event", "event"),
            ("statement_id", "statement_id"),
        )
        return csv_of(rows, columns, "barometer")
    return JSONResponse(data)


@router.get(
    "/negotiations/{negotiation_id}/shifts", response_model=schemas.ShiftList, summary="Position shifts"
)
def shifts(
    request: Request,
    negotiation_id: str,
    since: Since = None,
    until: Until = None,
    format: Format = None,
) -> Response:
    find_negotiation(negotiation_id)
    with reading(request) as connection:
        compute = partial(analysis.shifts, connection, negotiation_id, since, until)
        rows = cached(request, connection, ("shifts", negotiation_id, since, until), compute)
    if wants_csv(request, format):
        return csv_of(rows, csvout.SHIFT_COLUMNS, "shifts")
    return json_page(request, Page(rows), len(rows))


@router.get("/negotiations/{negotiation_id}/timeline", summary="Developments day by day (when available)")
def timeline(request: Request, negotiation_id: str, since: Since = None, until: Until = None) -> Response:
    find_negotiation(negotiation_id)
    with reading(request) as connection:
        compute = partial(analysis.timeline, connection, negotiation_id, since, until)
        return JSONResponse(cached(request, connection, ("timeline", negotiation_id, since, until), compute))


@router.get("/negotiations/{negotiation_id}/brief", summary="The brief (when available)")
def brief(request: Request, negotiation_id: str) -> Response:
    find_negotiation(negotiation_id)
    with reading(request) as connection:
        compute = partial(analysis.brief, connection, negotiation_id)
        return JSONResponse(cached(request, connection, ("brief", negotiation_id), compute))


# --- writes ---------------------------------------------------------------------------------------------

writes_router = APIRouter(tags=["write"])


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    expected: str | None = request.app.state.api_token
    if not expected:
        raise HTTPException(403, "writes are off: start the server with PARLEY_API_TOKEN set to enable them")
    if not writes.token_matches(authorization, expected):
        raise HTTPException(
            401, "a valid `Authorization: Bearer <token>` header is needed", {"WWW-Authenticate": "Bearer"}
        )


Authorized = Annotated[None, Depends(require_token)]
_WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": schemas.IngestSummary, "description": "Nothing new: already stored"},
    422: {"model": schemas.IngestSummary, "description": "Nothing could be ingested (see `failures`)"},
    401: {"model": schemas.Error, "description": "No or a wrong bearer token"},
    403: {"model": schemas.Error, "description": "Writes are off (no PARLEY_API_TOKEN)"},
}


def _ingested(request: Request, run: Any) -> JSONResponse:
    with request.app.state.writes_lock:  # one ingest at a time: the extractor's model is shared
        summary = run(store_of(request))
    new = summary.counts[Outcome.NEW] + summary.counts[Outcome.NEAR_DUPLICATE]
    status = 201 if new else (422 if summary.failures and not summary.stored else 200)
    return JSONResponse(summary.to_dict(), status_code=status)


@writes_router.post(
    "/ingest/text", response_model=schemas.IngestSummary, responses=_WRITE_RESPONSES, status_code=201
)
def ingest_text(request: Request, body: schemas.IngestText, _auth: Authorized) -> JSONResponse:
    settings = request.app.state.settings
    return _ingested(request, lambda store: writes.ingest_text(store, settings, body.model_dump()))


@writes_router.post(
    "/ingest/url", response_model=schemas.IngestSummary, responses=_WRITE_RESPONSES, status_code=201
)
def ingest_url(request: Request, body: schemas.IngestUrl, _auth: Authorized) -> JSONResponse:
    settings, allow = request.app.state.settings, request.app.state.allow_private_urls
    return _ingested(request, lambda store: writes.ingest_url(store, settings, body.url, allow))


@writes_router.post(
    "/ingest/feed", response_model=schemas.IngestSummary, responses=_WRITE_RESPONSES, status_code=201
)
def ingest_feed(request: Request, body: schemas.IngestFeed, _auth: Authorized) -> JSONResponse:
    settings, allow = request.app.state.settings, request.app.state.allow_private_urls
    return _ingested(
        request, lambda store: writes.ingest_feed(store, settings, body.url, body.feed_text, allow)
    )


router.include_router(writes_router)
