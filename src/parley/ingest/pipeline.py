"""`ingest`: sources in, articles stored, a summary out. Each document is read, built and written on its
own; what goes wrong with one is reported in the summary and the run goes on."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Protocol

from parley.config import Settings
from parley.errors import SourceError
from parley.ingest.build import build_article
from parley.ingest.fetch import Fetcher
from parley.ingest.readers import FeedDone, Item, Reader, estimate_documents
from parley.models import IngestResult, IngestSummary, Outcome
from parley.store import Store

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
) -> IngestSummary:
    """Ingest every source into `store`. Raises StoreError only when the store itself fails."""
    progress = progress or _Silent()
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
                        result = store.add_article(article, label=item.label)
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
