"""`ingest`: sources in, articles stored, a summary out. Each document is read, built and written on its
own; what goes wrong with one is reported in the summary and the run goes on."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from parley.config import Settings
from parley.errors import SourceError
from parley.ingest.build import build_article
from parley.ingest.fetch import Fetcher
from parley.ingest.readers import FeedDone, Item, Reader, estimate_documents
from parley.models import Article, IngestResult, IngestSummary, Outcome
from parley.store import Store

if TYPE_CHECKING:
    from parley.extract.pipeline import Extractor

log = logging.getLogger(__name__)


class IngestProgress(Protocol):
    def found(self, count: int) -> None:
        """`count` more documents to process were discovered."""

    def done(self, result: IngestResult) -> None:
        """One document was processed."""


class _Silent:
    def found(self, count: int) -> None:
        pass

    def done(self, result: IngestResult) -> None:
        pass


def ingest(
    sources: Sequence[str],
    store: Store,
    settings: Settings,
    progress: IngestProgress | None = None,
    extract: bool = True,
) -> IngestSummary:
    """Ingest every source into `store`, extracting the statements of each new article (unless
    `extract` is false). Raises StoreError only when the store itself fails."""
    progress = progress or _Silent()
    extractor = None
    if extract:
        from parley.extract.pipeline import Extractor

        extractor = Extractor(registry=store.registry())
    summary = IngestSummary()
    progress.found(estimate_documents(list(sources)))
    failure_positions: list[int] = []
    processed = 0
    with Fetcher(settings, validators=store) as fetcher:
        reader = Reader(settings, fetcher, on_found=progress.found)
        for source in sources:
            for item in _guarded(reader.read(source), source):
                if isinstance(item, FeedDone):
                    # each feed item yields exactly one result (lists and feeds reached through a feed are
                    # not expanded), so the feed's items are the last `item.items` results
                    recent_failures = failure_positions and failure_positions[-1] >= processed - item.items
                    if not recent_failures:
                        store.remember_fetch(
                            item.validators.url, item.validators.etag, item.validators.last_modified, None
                        )
                    continue
                if isinstance(item, IngestResult):
                    result = item
                else:
                    try:
                        article = build_article(item, store.has_article)
                    except SourceError as exc:
                        result = IngestResult(Outcome.FAILED, item.label, reason=exc.reason)
                    except Exception as exc:  # a bug on one document must not end a long run
                        log.exception("internal error on %s", item.label)
                        result = IngestResult(
                            Outcome.FAILED, item.label, reason=f"internal error: {type(exc).__name__}: {exc}"
                        )
                    else:
                        result = _store(store, extractor, article, item.label)
                        if item.fetch is not None:
                            store.remember_fetch(
                                item.fetch.url, item.fetch.etag, item.fetch.last_modified, article.id
                            )
                if result.outcome is Outcome.FAILED:
                    failure_positions.append(processed)
                processed += 1
                summary.add(result)
                progress.done(result)
    return summary


def _guarded(items: Iterator[Item], source: str) -> Iterator[Item]:
    """The reader's items; a bug while reading one source ends that source, reported, not the run."""
    try:
        yield from items
    except Exception as exc:
        log.exception("internal error reading %s", source)
        yield IngestResult(Outcome.FAILED, source, reason=f"internal error: {type(exc).__name__}: {exc}")


def _store(store: Store, extractor: Extractor | None, article: Article, label: str) -> IngestResult:
    """Write the article with its statements; an article already stored is only linked, not re-read."""
    extraction = None
    if extractor is not None and not store.has_article(article.id):
        try:
            extraction = extractor.extract_all(article.text, article.key)
        except Exception as exc:  # a bug on one text must not end a long run; the article waits for a re-run
            log.exception("extraction failed on %s", label)
            return IngestResult(
                Outcome.FAILED, label, reason=f"extraction failed: {type(exc).__name__}: {exc}"
            )
    return store.add_article(article, label=label, extraction=extraction)


def read_articles(sources: Sequence[str], settings: Settings) -> Iterator[Article | IngestResult]:
    """The articles the sources hold, built but not stored (failures come out as failed results)."""
    with Fetcher(settings) as fetcher:
        reader = Reader(settings, fetcher)
        for source in sources:
            for item in _guarded(reader.read(source), source):
                if isinstance(item, FeedDone):
                    continue
                if isinstance(item, IngestResult):
                    yield item
                    continue
                try:
                    yield build_article(item)
                except SourceError as exc:
                    yield IngestResult(Outcome.FAILED, item.label, reason=exc.reason)
