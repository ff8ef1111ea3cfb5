"""A small real HTTP server for ingestion tests: stdlib `ThreadingHTTPServer` on 127.0.0.1 in a thread,
serving the routes a test declares and logging every request it receives (with headers and the time it
arrived), so tests can check what the client sent, not only what it did with the answer."""

from __future__ import annotations

import contextlib
import gzip
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line is sent (a slow server)
    trickle: float = 0.0  # seconds between body chunks (a trickling server)
    chunk_size: int = 0  # body chunk size when trickling or chunked; 0 = all at once
    chunked: bool = False  # Transfer-Encoding: chunked, no Content-Length
    gzip: bool = False  # Content-Encoding: gzip
    etag: str | None = None  # answered 304 when If-None-Match matches
    last_modified: str | None = None  # answered 304 when If-Modified-Since matches (and no ETag given)


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    time: float  # time.monotonic() when the request line was read


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self.server.log.append(
            Received(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()
            )
        )
        route = self.server.routes.get(urlsplit(self.path).path)
        if route is None:
            route = Route(body=b"<html><body><p>no such page</p></body></html>", status=404)
        if route.delay:
            time.sleep(route.delay)
        # the client may give up (timeout, size cap): that is what such a test wants
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(route)

    def _not_modified(self, route: Route) -> bool:
        if route.etag is not None and "if-none-match" in self.headers:
            tags = [t.strip() for t in self.headers["if-none-match"].split(",")]
            return route.etag in tags or "*" in tags
        if route.last_modified is not None and "if-modified-since" in self.headers:
            return self.headers["if-modified-since"] == route.last_modified
        return False

    def _answer(self, route: Route) -> None:
        validators = {
            name: value
            for name, value in (("ETag", route.etag), ("Last-Modified", route.last_modified))
            if value is not None
        }
        if self._not_modified(route):
            self.send_response(304)
            for name, value in validators.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = gzip.compress(route.body) if route.gzip else route.body
        self.send_response(route.status)
        if route.content_type:
            self.send_header("Content-Type", route.content_type)
        for name, value in {**validators, **route.headers}.items():
            self.send_header(name, value)
        if route.gzip:
            self.send_header("Content-Encoding", "gzip")
        if route.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        size = route.chunk_size or len(body) or 1
        for start in range(0, len(body), size):
            piece = body[start : start + size]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if route.chunked else piece)
            self.wfile.flush()
            if route.trickle:
                time.sleep(route.trickle)
        if route.chunked:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean; the request log is in `server.log`


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler still sleeping for a slow route must not hold up shutdown

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.log: list[Received] = []

    def handle_error(self, request: Any, client_address: Any) -> None:
        # a client closing a kept-alive connection is normal; anything else is worth printing
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class HTTPTestServer:
    """The server a test talks to: declare routes, fetch `url(path)`, then read `requests`."""

    def __init__(self) -> None:
        self._server = _Server()
        self.port = self._server.server_address[1]
        # a short poll interval: shutdown() waits for the serving loop to notice, once per test
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def start(self) -> HTTPTestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():  # shutdown() would wait forever for a loop that never ran
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", **options: Any) -> str:
        """Serve `body` (str is sent as UTF-8) on `path`; returns the path's URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self._server.routes[path] = Route(body=data, **options)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        """Answer `path` with a redirect to `to` (a path or a full URL)."""
        return self.route(path, status=status, content_type=None, headers={"Location": to})

    @property
    def requests(self) -> list[Received]:
        return list(self._server.log)

    def requests_for(self, path: str) -> list[Received]:
        return [r for r in self._server.log if urlsplit(r.path).path == path]
