"""A web page to article text and metadata, with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import trafilatura

from parley.errors import SourceError


@dataclass(frozen=True, slots=True)
class PageContent:
    text: str
    title: str | None
    author: str | None
    date: str | None
    site: str | None
    canonical_url: str | None
    language: str | None


def extract_page(html: bytes | str, url: str | None, label: str) -> PageContent:
    """The main text of a page and what the page says about itself. Raises SourceError when the page
    holds no article text (an index page, an error page, an empty document)."""
    doc: Any
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura raises lxml and ValueError varieties on broken markup
        raise SourceError(label, f"cannot parse the page: {type(exc).__name__}: {exc}") from None
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        raise SourceError(label, "no article text found in the page")
    site = doc.sitename or doc.hostname or (urlsplit(url).hostname if url else None)
    return PageContent(
        text=text.replace("\x00", ""),
        title=doc.title or None,
        author=doc.author or None,
        date=doc.date or None,
        site=site,
        canonical_url=doc.url or None,
        language=doc.language or None,
    )
