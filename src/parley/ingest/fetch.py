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
    except OSError:
        return True  # the fetch itself will report that the host cannot be resolved
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return False
    return True


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
        self._client = httpx.Client(
            timeout=httpx.Timeout(settings.fetch_timeout),
            follow_redirects=False,
            headers={
                "User-Agent": settings.user_agent,
                "Accept": "text/html,application/xhtml+xml,"
                "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
            },
        )

    def close(self) -> None:
        self._client.close()

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
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "only http:// and https:// URLs can be fetched")
        if not self.settings.allow_private_addresses and not is_public_address(parts.hostname):
            raise FetchError(url, f"refused: {parts.hostname} is a private or loopback address")
        return parts.hostname

    def get(self, url: str, conditional: bool = True) -> Fetched:
        """Fetch `url`. Raises FetchError with a reason a person can act on."""
        headers: dict[str, str] = {}
        if conditional and self.validators is not None:
            known = self.validators.fetch_validators(url)
            if known:
                etag, last_modified = known
                if etag:
                    headers["If-None-Match"] = etag
                if last_modified:
                    headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            host = self._check_target(current)
            self._wait_turn(host)
            status, response_headers, body = self._request(current, headers, label=url)
            if status in _REDIRECTS:
                location = response_headers.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {status} redirect without a Location header")
                current = urljoin(current, location)
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
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects (max_redirects)")

    def _request(self, url: str, headers: dict[str, str], label: str) -> tuple[int, httpx.Headers, bytes]:
        cap = self.settings.max_document_bytes
        deadline = self._clock() + self.settings.fetch_deadline
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if (
                    response.status_code in _REDIRECTS
                    or response.status_code == 304
                    or response.status_code >= 400
                ):
                    return response.status_code, response.headers, b""
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > cap:
                    raise FetchError(
                        label,
                        f"the server announces {int(declared):,} bytes, over the "
                        f"{cap:,}-byte limit (max_document_bytes)",
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise FetchError(
                            label, f"body larger than the {cap:,}-byte limit (max_document_bytes)"
                        )
                    if self._clock() > deadline:
                        raise FetchError(
                            label,
                            f"the response took longer than {self.settings.fetch_deadline:g} s "
                            "(fetch_deadline)",
                        )
                    chunks.append(chunk)
                return response.status_code, response.headers, b"".join(chunks)
        except httpx.TimeoutException:
            raise FetchError(
                label, f"timed out after {self.settings.fetch_timeout:g} s (fetch_timeout)"
            ) from None
        except httpx.DecodingError as exc:
            raise FetchError(label, f"cannot decode the response body ({exc})") from None
        except httpx.HTTPError as exc:
            raise FetchError(label, f"cannot connect: {exc}") from None
