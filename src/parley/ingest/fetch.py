"""HTTP fetching with httpx: timeouts and an overall deadline, redirects followed one hop at a time
(each hop checked), a size cap on the decoded body, conditional GET, a per-host politeness delay, and a
User-Agent that says who we are."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from parley.config import Settings
from parley.errors import FetchError
from parley.ingest.deadline import DeadlineBackend, deadline_transport

_REDIRECTS = {301, 302, 303, 307, 308}


class ValidatorStore(Protocol):
    """Where conditional-GET validators are remembered between runs (the store implements it)."""

    def fetch_validators(self, url: str) -> tuple[str | None, str | None] | None: ...


@dataclass(frozen=True, slots=True)
class Fetched:
    requested_url: str
    url: str  # after redirects
    status: int
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_public_address(host: str) -> bool:
    """Whether every address `host` resolves to is a public one (not private, loopback, link-local…)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return True  # the fetch itself will report that the host cannot be resolved or is not valid
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return False
    return True


def _header_bytes(value: str) -> bytes:
    """A remembered validator as header bytes. httpx decoded it from Latin-1 when it was not UTF-8, and
    an ETag may hold such bytes (obs-text): sent as a str, httpx would refuse anything not ASCII."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


class Fetcher:
    def __init__(
        self,
        settings: Settings,
        validators: ValidatorStore | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.validators = validators
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        self._http: httpx.Client | None = None
        self._backend: DeadlineBackend | None = None

    @property
    def _client(self) -> httpx.Client:
        return self._open()

    def _open(self) -> httpx.Client:
        # made on first use: building the TLS context costs ~25 ms, wasted on runs that read only files
        if self._http is None:
            transport, self._backend = deadline_transport(self._clock)
            self._http = httpx.Client(
                transport=transport,
                timeout=httpx.Timeout(self.settings.fetch_timeout),
                follow_redirects=False,
                headers={
                    "User-Agent": self.settings.user_agent,
                    "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                },
            )
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = self.settings.politeness_delay - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()

    def _check_target(self, url: str) -> str:
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError as exc:  # an unbalanced IPv6 bracket, for one
            raise FetchError(url, f"not a valid URL ({exc})") from None
        if parts.scheme not in ("http", "https") or not host:
            raise FetchError(url, "only http:// and https:// URLs can be fetched")
        if not self.settings.allow_private_addresses and not is_public_address(host):
            raise FetchError(
                url, f"refused: {host} is a private or loopback address (allow_private_addresses is off)"
            )
        return host

    def _conditional_headers(self, url: str) -> dict[str, str]:
        headers: dict[str, str] = {}
        known = self.validators.fetch_validators(url) if self.validators is not None else None
        if known:
            etag, last_modified = known
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
        return headers

    def get(self, url: str, conditional: bool = True) -> Fetched:
        """Fetch `url`. Raises FetchError with a reason a person can act on."""
        headers = self._conditional_headers(url) if conditional else {}
        self._open()  # before the first turn is timed, so building the client does not shorten a wait
        # The deadline covers the whole fetch, redirects included (each hop gets what is left of it),
        # but not our own politeness waits.
        budget = self.settings.fetch_deadline
        visited = [url]
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            try:
                host = self._check_target(current)
                self._wait_turn(host)
                started = self._clock()
                status, response_headers, body = self._request(current, headers, started + budget)
                budget -= self._clock() - started
            except FetchError as exc:
                if current == url:
                    raise
                raise FetchError(url, f"redirected to {current}: {exc.reason}") from None
            if status in _REDIRECTS:
                location = response_headers.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {status} redirect without a Location header")
                current = urljoin(current, location.strip())
                if current in visited:
                    raise FetchError(url, "redirect loop: " + " → ".join([*visited, current]))
                visited.append(current)
                continue
            if status == 304:
                return Fetched(
                    url, current, 304, b"", "", headers.get("If-None-Match"), headers.get("If-Modified-Since")
                )
            if status >= 400:
                raise FetchError(url, f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".strip())
            return Fetched(
                requested_url=url,
                url=current,
                status=status,
                body=body,
                content_type=response_headers.get("content-type", ""),
                etag=response_headers.get("etag"),
                last_modified=response_headers.get("last-modified"),
            )
        raise FetchError(
            url, f"more than {self.settings.max_redirects} redirects (max_redirects): " + " → ".join(visited)
        )

    def _deadline_error(self, url: str) -> FetchError:
        return FetchError(
            url, f"the fetch took longer than {self.settings.fetch_deadline:g} s in all (fetch_deadline)"
        )

    def _request(
        self, url: str, headers: dict[str, str], deadline: float
    ) -> tuple[int, httpx.Headers, bytes]:
        cap = self.settings.max_document_bytes
        left = deadline - self._clock()
        if left <= 0:
            raise self._deadline_error(url)
        # No single wait may outlast the deadline either (a server slow to send its headers).
        timeout = min(self.settings.fetch_timeout, left)
        assert self._backend is not None
        self._backend.deadline = deadline  # no socket wait outlasts it, headers included (slow loris)
        try:
            sent = {name.encode("ascii"): _header_bytes(value) for name, value in headers.items()}
            with self._client.stream("GET", url, headers=sent, timeout=timeout) as response:
                if (
                    response.status_code in _REDIRECTS
                    or response.status_code == 304
                    or response.status_code >= 400
                ):
                    return response.status_code, response.headers, b""
                declared = response.headers.get("content-length", "").strip()
                if declared.isdigit() and int(declared) > cap:
                    raise FetchError(
                        url,
                        f"the server announces {int(declared):,} bytes, over the "
                        f"{cap:,}-byte limit (max_document_bytes)",
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():  # decoded: the cap holds for what gzip expands to
                    size += len(chunk)
                    if size > cap:
                        raise FetchError(url, f"body larger than the {cap:,}-byte limit (max_document_bytes)")
                    if self._clock() > deadline:
                        raise self._deadline_error(url)
                    chunks.append(chunk)
                return response.status_code, response.headers, b"".join(chunks)
        except httpx.TimeoutException:
            if self._clock() >= deadline - 0.01:
                raise self._deadline_error(url) from None
            raise FetchError(
                url, f"timed out after {self.settings.fetch_timeout:g} s (fetch_timeout)"
            ) from None
        except httpx.DecodingError as exc:
            raise FetchError(url, f"cannot decode the response body ({exc})") from None
        except httpx.ConnectError as exc:
            raise FetchError(url, f"cannot connect: {exc}") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"the transfer failed: {type(exc).__name__}: {exc}") from None
        except (httpx.InvalidURL, UnicodeError) as exc:  # UnicodeError: a host name IDNA cannot encode
            raise FetchError(url, f"not a valid URL ({exc})") from None
        finally:
            self._backend.deadline = None
