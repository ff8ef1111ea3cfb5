"""The web app: `create_app(settings)` builds it (nothing happens at import). Pages under `/`, the JSON API
under `/api/v1`, our static files and Plotly's JavaScript (served from the installed `plotly` package, so
nothing is fetched from elsewhere and the app works offline)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parley import __version__
from parley.config import Settings, load_settings
from parley.errors import NotFoundError, ParleyError, QueryError, StoreError
from parley.store import Store
from parley.web.analysis import Unavailable
from parley.web.cache import Cache
from parley.web.schemas import Error
from parley.web.templating import make_templates

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"

# No inline script anywhere (the pages' JavaScript is in static files), nothing from other origins. Plotly
# writes <style> elements and style attributes as it draws, hence 'unsafe-inline' for styles alone.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# a speech bubble in the header's colour (served from here: the package data holds no image files)
FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path fill="#14324f" '
    'd="M2 2h12a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H7l-4 3v-3H2a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1z"/></svg>'
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class StoreHolder:
    """The store, opened on first use (so building the app touches nothing) and shared by all requests."""

    def __init__(self, settings: Settings, create: bool) -> None:
        self.settings = settings
        self.create = create
        self._store: Store | None = None
        self._lock = threading.Lock()

    def get(self) -> Store:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = Store.open(
                        self.settings.db,
                        create=self.create,
                        near_duplicate_threshold=self.settings.near_duplicate_threshold,
                    )
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class _Headers:
    """Security headers on every response; a NUL character in the query string is refused up front (no
    engine stores one, and PostgreSQL's driver rejects it with an error that is not the user's to read)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        if (b"%00" in query or b"\x00" in query) and any(
            "\x00" in k or "\x00" in v for k, v in parse_qsl(query.decode("latin-1"))
        ):
            response = _error_response(scope["path"], 400, "a query parameter holds a NUL character")
            await response(scope, receive, self._with_headers(send))
            return
        await self.app(scope, receive, self._with_headers(send))

    @staticmethod
    def _with_headers(send: Send) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *SECURITY_HEADERS]
            await send(message)

        return sending


def _wants_json(path: str) -> bool:
    return path.startswith(API_PREFIX) or path.startswith("/static")


def _error_response(path: str, status: int, message: str, request: Request | None = None) -> Response:
    if _wants_json(path) or request is None:
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    page: Response = request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )
    return page


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body", "path"))
        parts.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _handlers(app: FastAPI) -> None:
    def handler(status: int) -> Any:
        async def handle(request: Request, exc: Exception) -> Response:
            return _error_response(request.url.path, status, str(exc), request)

        return handle

    app.add_exception_handler(NotFoundError, handler(404))
    app.add_exception_handler(Unavailable, handler(404))
    app.add_exception_handler(QueryError, handler(400))
    app.add_exception_handler(StoreError, handler(503))

    async def other_parley_error(request: Request, exc: Exception) -> Response:
        log.warning("error answering %s: %s", request.url.path, exc)
        return _error_response(request.url.path, 500, "parley could not answer this request", request)

    app.add_exception_handler(ParleyError, other_parley_error)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _error_response(request.url.path, 400, _validation_message(exc), request)

    app.add_exception_handler(RequestValidationError, invalid)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = {404: "There is nothing at this address.", 405: "This method is not allowed here."}.get(
            exc.status_code, str(exc.detail)
        )
        response = _error_response(request.url.path, exc.status_code, message, request)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    app.add_exception_handler(StarletteHTTPException, http_error)

    async def crash(request: Request, exc: Exception) -> Response:
        # the trace goes to the server's log, never to the client
        log.exception("internal error answering %s", request.url.path)
        response = _error_response(
            request.url.path, 500, "internal error: parley could not answer this", request
        )
        # Starlette answers unhandled errors outside every middleware, ours that adds these included
        for name, value in SECURITY_HEADERS:
            response.headers[name.decode()] = value.decode()
        return response

    app.add_exception_handler(Exception, crash)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The schema FastAPI makes, saying what this API really answers: 400 (not 422) for bad input."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title="parley API",
        version=__version__,
        description="A sourced record of negotiations from the news: statements, actors, moves, likelihood.",
        routes=app.routes,  # the pages and static files are left out of the schema where they are declared
    )
    error = {"$ref": "#/components/schemas/Error"}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if "422" in responses and "IngestSummary" not in str(responses["422"]):
                del responses["422"]
            answers = [("400", "Bad request"), ("503", "The store cannot be read")]
            if "{" in path:
                answers.append(("404", "Not found (or not available in this version)"))
            for status, meaning in answers:
                responses.setdefault(
                    status, {"description": meaning, "content": {"application/json": {"schema": error}}}
                )
            if any(p.get("name") == "format" for p in operation.get("parameters", [])):
                ok = responses.get("200", {}).setdefault("content", {})
                ok["text/csv"] = {"schema": {"type": "string"}}
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas.update(Error.model_json_schema(ref_template="#/components/schemas/{model}").pop("$defs", {}))
    schemas["Error"] = Error.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas["Error"].pop("$defs", None)
    app.openapi_schema = schema
    return schema


def plotly_js() -> Path:
    """plotly.min.js inside the installed `plotly` package."""
    path = Path(str(files("plotly"))) / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise StoreError(f"plotly.min.js not found in the installed plotly package ({path})")
    return path


# How `parley serve --workers N` hands its choices to the worker processes uvicorn starts, which build
# their app with `app_from_environment` (the settings go as their PARLEY_* variables).
TOKEN_VARIABLE = "PARLEY_API_TOKEN"
PRIVATE_URLS_VARIABLE = "PARLEY_SERVE_ALLOW_PRIVATE_URLS"


def app_from_environment() -> FastAPI:
    """The app of one server worker: settings, token and private-address choice from the environment."""
    return create_app(
        load_settings(),
        api_token=os.environ.get(TOKEN_VARIABLE) or None,
        allow_private_urls=os.environ.get(PRIVATE_URLS_VARIABLE) == "1",
    )


def create_app(
    settings: Settings,
    *,
    api_token: str | None = None,
    allow_private_urls: bool = False,
    create_store: bool = False,
) -> FastAPI:
    """The parley web app for the store in `settings.db`.

    Writes through the API are on only when `api_token` is given (`parley serve` reads it from
    `PARLEY_API_TOKEN`); URLs ingested through the API may point at private or loopback addresses only
    when `allow_private_urls` is set. The store is opened on the first request, created when
    `create_store` is set (a server that takes writes may start on an empty store)."""
    from parley.web import api, views

    holder = StoreHolder(settings, create=create_store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()

    app = FastAPI(
        title="parley",
        version=__version__,
        docs_url=None,  # Swagger UI loads from a CDN and runs inline script: neither suits this app
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = holder
    app.state.api_token = api_token or None
    app.state.allow_private_urls = allow_private_urls
    app.state.templates = make_templates()
    app.state.writes_lock = threading.Lock()
    app.state.cache = Cache()

    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(_Headers)
    _handlers(app)
    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(views.router)

    plotly_path = plotly_js()

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_script() -> FileResponse:
        return FileResponse(
            plotly_path, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
        )

    @app.get("/favicon.svg", include_in_schema=False)
    def favicon() -> Response:
        return Response(
            FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
        )

    app.mount("/static", StaticFiles(directory=str(files("parley.web") / "static")), name="static")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app
