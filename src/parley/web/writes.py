"""Writes through the API: a text, a URL or a feed ingested by the same pipeline as `parley ingest`.

What the API accepts is narrower than what the command line does. A URL must be http(s) — never a path,
which the pipeline would read from this machine's disk — and, unless the server was started to allow it,
must not point at a private or loopback address (the fetcher checks every redirect hop too), so the API
cannot be used to reach services behind the server. A text is written to a private temporary JSON-lines
file, the pipeline's record format, and read from there."""

from __future__ import annotations

import hashlib
import hmac
import json
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from parley.config import Settings
from parley.errors import QueryError
from parley.ingest.fetch import is_public_address
from parley.ingest.pipeline import ingest
from parley.models import IngestSummary
from parley.store import Store


def token_matches(given: str | None, expected: str) -> bool:
    """Whether an `Authorization` header carries the bearer token, compared in constant time."""
    if not given:
        return False
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), expected.encode())


def _checked_url(url: str, allow_private: bool) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise QueryError(f"not a valid URL: {url!r}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise QueryError("only http:// and https:// URLs can be ingested through the API")
    # said up front as the caller's error; the fetcher checks again at every redirect hop
    if not allow_private and not is_public_address(host):
        raise QueryError(
            f"refused: {host} is a private or loopback address (start the server with "
            "--allow-private-urls to ingest from one)"
        )
    return url


def _fetch_settings(settings: Settings, allow_private: bool) -> Settings:
    return settings.with_overrides(allow_private_addresses=allow_private)


def ingest_url(store: Store, settings: Settings, url: str, allow_private: bool) -> IngestSummary:
    return ingest([_checked_url(url, allow_private)], store, _fetch_settings(settings, allow_private))


def ingest_feed(
    store: Store, settings: Settings, url: str, feed_text: bool, allow_private: bool
) -> IngestSummary:
    chosen = _fetch_settings(settings, allow_private).with_overrides(fetch_feed_items=not feed_text)
    return ingest([_checked_url(url, allow_private)], store, chosen)


def ingest_text(store: Store, settings: Settings, record: dict[str, Any]) -> IngestSummary:
    """One article from its text and optional id, title, date, url and source (the JSON-lines record)."""
    kept = {k: v for k, v in record.items() if v is not None}
    # the key names the article in lists until it has a title; the article's id is its content hash anyway
    kept.setdefault("id", "api-" + hashlib.sha256(kept["text"].encode()).hexdigest()[:12])
    with tempfile.TemporaryDirectory(prefix="parley-api-") as folder:
        path = Path(folder) / "api.jsonl"
        path.write_text(json.dumps(kept, ensure_ascii=False) + "\n", encoding="utf-8")
        # no fetching happens for a record, but the settings stay those of API writes all the same
        return ingest([str(path)], store, _fetch_settings(settings, False))
