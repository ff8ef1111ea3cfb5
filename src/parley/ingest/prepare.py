"""The per-document work of ingestion, the same on every engine: a raw document becomes an article and
its statements. Preparing writes nothing; `write_prepared` stores the result, called in reading order by
the single writer (or, on PostgreSQL with the Dask engine, by the workers in turn)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parley.errors import SourceError
from parley.ingest.build import build_article
from parley.ingest.records import RawDocument
from parley.models import Article, IngestResult, Outcome

if TYPE_CHECKING:
    from parley.extract.pipeline import Extraction, Extractor
    from parley.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document ready to be written: the article and its statements, or why it failed."""

    raw: RawDocument
    article: Article | None
    extraction: Extraction | None = None
    failure: IngestResult | None = None


class Preparer:
    """Builds articles and extracts their statements. `is_stored(id)` tells which articles the store holds
    already: those are only linked, not extracted again."""

    def __init__(self, is_stored: Callable[[str], bool], extractor: Extractor | None) -> None:
        self.is_stored = is_stored
        self.extractor = extractor

    def __call__(self, raw: RawDocument) -> Prepared:
        try:
            article = build_article(raw, self.is_stored)
        except SourceError as exc:
            return Prepared(raw, None, failure=IngestResult(Outcome.FAILED, raw.label, reason=exc.reason))
        except Exception as exc:  # a bug on one document must not end a long run
            log.exception("internal error on %s", raw.label)
            reason = f"internal error: {type(exc).__name__}: {exc}"
            return Prepared(raw, None, failure=IngestResult(Outcome.FAILED, raw.label, reason=reason))
        if self.extractor is None or self.is_stored(article.id):
            return Prepared(raw, article)
        try:
            published = article.published.at.date() if article.published else None
            extraction = self.extractor.extract_all(article.text, article.key, published, article.title)
        except Exception as exc:  # the article waits for a re-run rather than being stored without statements
            log.exception("extraction failed on %s", raw.label)
            reason = f"extraction failed: {type(exc).__name__}: {exc}"
            return Prepared(raw, None, failure=IngestResult(Outcome.FAILED, raw.label, reason=reason))
        return Prepared(raw, article, extraction)


def write_prepared(store: Store, prepared: Prepared | None) -> IngestResult:
    """Store a prepared document (or report why it failed); raises StoreError when the store fails."""
    assert prepared is not None
    if prepared.failure is not None or prepared.article is None:
        assert prepared.failure is not None
        return prepared.failure
    article, raw = prepared.article, prepared.raw
    result = store.add_article(article, label=raw.label, extraction=prepared.extraction)
    if raw.fetch is not None:
        store.remember_fetch(raw.fetch.url, raw.fetch.etag, raw.fetch.last_modified, article.id)
    return result
