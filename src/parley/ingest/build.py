"""A raw document becomes an Article: text extracted, headline found, publication date settled (declared,
page metadata, URL, text — in that order), language told, dates in the text resolved, id hashed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlsplit

from parley.errors import SourceError
from parley.ingest.dates import (
    date_from_text,
    date_from_url,
    day_of,
    find_date_mentions,
    parse_declared_date,
)
from parley.ingest.dedupe import content_id
from parley.ingest.html import extract_page
from parley.ingest.language import detect_language
from parley.ingest.records import RawDocument
from parley.ingest.text import find_headline
from parley.models import Article, PublishedDate


def build_article(raw: RawDocument, is_stored: Callable[[str], bool] | None = None) -> Article:
    """Raises SourceError when the document holds no usable text. When `is_stored(id)` says the text is
    already in the store, the costlier parts (language, dates in the text) are left out: the store will
    only link this source to the stored article."""
    title, author, site, canonical, page_language = raw.title, raw.author, raw.site, None, None
    declared: PublishedDate | None = parse_declared_date(raw.date, raw.date_method)
    if raw.html is not None:
        page = extract_page(raw.html, raw.url, raw.label)
        text = page.text
        # What the page says of itself beats a feed's blurb; an explicit record field beats the page.
        from_feed = raw.date_method == "feed"
        title = (page.title or title) if from_feed else (title or page.title)
        author = (page.author or author) if from_feed else (author or page.author)
        site = site or page.site
        canonical = page.canonical_url
        page_language = page.language
        page_date = parse_declared_date(page.date, "metadata")
        declared = (page_date or declared) if from_feed else (declared or page_date)
    else:
        text = raw.text or ""
    text = storable(text)
    if not text.strip():
        raise SourceError(raw.label, "empty document")
    if title is None and raw.title_from_first_line:
        title = find_headline(text)
    url = raw.url or raw.source.url
    published = declared or date_from_url(url) or date_from_url(canonical) or date_from_text(text)
    article_id = content_id(text)
    known = is_stored is not None and is_stored(article_id)
    source = raw.source
    source = replace(
        source,
        location=storable(source.location),
        key=storable(source.key),
        url=_storable(source.url),
        site=_storable(source.site),
    )
    url, site, author, title, canonical = map(_storable, (url, site, author, title, canonical))
    return Article(
        id=article_id,
        key=source.key,
        text=text,
        source=source,
        title=" ".join(title.split()) if title else None,
        author=author,
        site=site or (urlsplit(url).hostname if url else None),
        url=url,
        canonical_url=canonical or url,
        published=published,
        language=None if known else (detect_language(text) or page_language),
        encoding=raw.encoding,
        dates=() if known else find_date_mentions(text, day_of(published)),
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(value: str) -> str:
    """`value` as both stores can hold it, whatever the source: without NUL, which PostgreSQL text cannot
    hold (a NUL past the sniffed head of a file, "\\u0000" in a JSON record), and with lone surrogates
    ("\\ud800" in JSON), which no UTF-8 encoder accepts, as U+FFFD. Either would fail the write, and the
    store failing ends the run."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    return _SURROGATE.sub("\ufffd", value)


def _storable(value: str | None) -> str | None:
    return storable(value) if value else value
