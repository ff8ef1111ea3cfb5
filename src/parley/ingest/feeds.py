"""RSS 0.9x/1.0/2.0, Atom and RDF feeds (feedparser): the items, with what the feed says of them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html

from parley.errors import SourceError

_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "article",
    "section",
}


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[^>]*>?")


@dataclass(frozen=True, slots=True)
class FeedItem:
    index: int
    link: str | None
    title: str | None
    author: str | None
    date: str | None  # ISO 8601 UTC, from the item's published or updated date
    text: str  # the item's own content or summary, as plain text


@dataclass(frozen=True, slots=True)
class Feed:
    title: str | None
    items: list[FeedItem]
    warning: str | None  # feedparser's complaint about a feed it could still read


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph a line."""
    if "<" not in fragment:
        return fragment.strip()
    # lxml refuses strings with NUL or control characters (ValueError, even when setting a tail below),
    # and asserts on some fragments that parse to a whole document ("too many bodies"): found by fuzzing;
    # either escaped and ended the reading of the whole feed
    fragment = _CONTROL.sub("", fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, AssertionError, lxml.etree.ParserError):
        return " ".join(_TAG.sub(" ", fragment).split())
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _iso(parsed: Any) -> str | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def _problem(exc: Any) -> str:
    """feedparser's complaint in words. Not its line numbers: feedparser may have prepended an XML
    declaration, which shifts them."""
    message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    return message or type(exc).__name__


def _author(entry: Any) -> str | None:
    # RSS 2.0 <author> is "email (Name)"; feedparser keeps the name apart in author_detail
    detail = entry.get("author_detail") or {}
    return (detail.get("name") or entry.get("author") or "").strip() or None


def _link(entry: Any, base: str | None) -> str | None:
    link: str = (entry.get("link") or "").strip()
    if not link:
        return None
    # feedparser resolves against xml:base; a link still relative is relative to the feed's own URL
    if not (base and base.lower().startswith(("http://", "https://"))):
        return link
    try:
        return urljoin(base, link)
    except ValueError:  # "http://[oops": kept as written, for the fetch to report as not a valid URL
        return link


def parse_feed(data: bytes, label: str, base: str | None = None) -> Feed:
    """Parse a feed; SourceError when nothing can be read from it. Relative item links are resolved
    against `base`, the URL the feed was fetched from."""
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    except Exception as exc:  # its loose parser raises ValueError, TypeError… on broken markup (fuzzing)
        raise SourceError(label, f"cannot parse the feed: {type(exc).__name__}: {exc}") from None
    warning = None
    if parsed.get("bozo"):
        warning = f"malformed feed: {_problem(parsed.get('bozo_exception'))}"
        if not parsed.entries:
            raise SourceError(label, f"{warning}; no items could be read")
    if not parsed.entries and not parsed.get("version"):
        raise SourceError(label, "not a feed (no RSS, Atom or RDF items found)")
    items = []
    for index, entry in enumerate(parsed.entries):
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry.content), key=len)
        summary = entry.get("summary", "") or ""
        text = fragment_to_text(content if len(content) > len(summary) else summary)
        items.append(
            FeedItem(
                index=index,
                link=_link(entry, base),
                title=(entry.get("title") or "").strip() or None,
                author=_author(entry),
                date=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
                text=text,
            )
        )
    return Feed(title=(parsed.feed.get("title") or "").strip() or None, items=items, warning=warning)
