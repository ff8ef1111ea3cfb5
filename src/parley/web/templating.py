"""The Jinja2 environment of the pages: autoescaping always on, and a few filters the templates share."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined

from parley import __version__

BAND_CLASS = {
    "extremely unlikely": "b1",
    "very unlikely": "b2",
    "unlikely": "b3",
    "even": "b4",
    "likely": "b5",
    "very likely": "b6",
    "extremely likely": "b7",
}


def safe_href(url: Any) -> str | None:
    """A link target only when it is http(s): an article's stored URL comes from the page or record it
    was read from, and `javascript:` or `data:` there must never become a link."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def query(params: dict[str, Any], **changes: Any) -> str:
    """A query string from the current parameters with some changed (None removes one)."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


def percent(value: Any) -> str:
    return f"{float(value):.0%}" if isinstance(value, int | float) else ""


def day(value: Any) -> str:
    return str(value)[:10] if value else "undated"


def make_templates() -> Jinja2Templates:
    environment = Environment(
        loader=PackageLoader("parley.web", "templates"),
        autoescape=True,  # every template, whatever its name: article text is untrusted
        undefined=StrictUndefined,  # a misspelt name fails the tests instead of showing nothing
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(safe_href=safe_href, percent=percent, day=day, band_class=BAND_CLASS.get)
    environment.globals.update(query=query, version=__version__)
    return Jinja2Templates(env=environment)
