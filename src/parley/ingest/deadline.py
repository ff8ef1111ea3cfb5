"""An overall deadline at the socket: every connect, read and write of a fetch waits at most until the
fetch's deadline. httpx's timeouts hold for each operation alone, so a server that trickles its status
line and headers a byte at a time (slow loris) would otherwise keep a fetch waiting as long as it likes:
the body loop in `fetch.py` checks the deadline between chunks, but headers are read before it runs."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx


class DeadlineBackend(httpcore.NetworkBackend):
    """Wraps httpcore's network backend; `deadline` (on `clock`) is set by the fetcher for each request."""

    def __init__(self, backend: httpcore.NetworkBackend, clock: Callable[[], float]) -> None:
        self._backend = backend
        self._clock = clock
        self.deadline: float | None = None

    def clamp(self, timeout: float | None, error: type[Exception]) -> float | None:
        """The timeout an operation may wait: no later than the deadline; `error` once it has passed."""
        if self.deadline is None:
            return timeout
        left = self.deadline - self._clock()
        if left <= 0:
            raise error("the fetch deadline has passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = self.clamp(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self._backend.connect_tcp(host, port, timeout, local_address, socket_options), self
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        timeout = self.clamp(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options), self)

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, backend: DeadlineBackend) -> None:
        self._stream = stream
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._backend.clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._backend.clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        timeout = self._backend.clamp(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout), self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


def deadline_transport(clock: Callable[[], float]) -> tuple[httpx.HTTPTransport, DeadlineBackend]:
    """httpx's own transport, its connection pool on a deadline-aware backend. httpx has no public
    parameter for the backend, hence the attribute; tests/ingest/test_hostile.py fails if it goes."""
    transport = httpx.HTTPTransport()
    pool = transport._pool
    backend = DeadlineBackend(pool._network_backend, clock)
    pool._network_backend = backend
    return transport, backend
