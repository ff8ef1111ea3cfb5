"""Cursor pagination: a page of rows and an opaque cursor naming where the next page starts.

A cursor holds the sort key of the last row shown (keyset pagination), so a page never repeats or skips a
row when rows are added while someone pages, and the database seeks rather than counting an OFFSET. It is
base64url JSON with a version tag: opaque to clients, and nothing in it is trusted beyond its shape."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from parley.errors import QueryError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
_VERSION = 1

Key = tuple[Any, ...]


@dataclass(slots=True)
class Page:
    """Rows of one page, and the sort key of its last row when more rows follow."""

    items: list[dict[str, Any]]
    after: Key | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def cursor(self) -> str | None:
        return encode_cursor(self.after) if self.after is not None else None


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def encode_cursor(key: Key) -> str:
    raw = json.dumps([_VERSION, *map(_plain, key)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str, kinds: tuple[type, ...]) -> Key:
    """The sort key a cursor holds; `kinds` says what each part must be (datetime parts may be null)."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise QueryError("invalid cursor: use the `next` link of the previous page") from None
    if not isinstance(data, list) or len(data) != len(kinds) + 1 or data[0] != _VERSION:
        raise QueryError("invalid cursor: use the `next` link of the previous page")
    values: list[Any] = []
    for value, kind in zip(data[1:], kinds, strict=True):
        if kind is datetime:
            if value is None:
                values.append(None)
                continue
            try:
                values.append(datetime.fromisoformat(value))
            except (TypeError, ValueError):
                raise QueryError("invalid cursor: bad date in it") from None
        elif kind is float and isinstance(value, int | float) and not isinstance(value, bool):
            values.append(float(value))
        elif isinstance(value, kind) and not isinstance(value, bool):
            values.append(value)
        else:
            raise QueryError("invalid cursor: use the `next` link of the previous page")
    return tuple(values)
