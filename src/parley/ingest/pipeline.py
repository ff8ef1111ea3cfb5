"""`ingest`: sources in, articles stored, a summary out. Each document is read, built and written on its
own; what goes wrong with one is reported in the summary and the run goes on."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from parley.config import Settings
from parley.errors import SourceError
from parley.ingest.build import build_article
from parley.ingest.fetch import Fetcher
from parley.ingest.prepare import Preparer, write_prepared
from parley.ingest.readers import FeedDone, Item, Reader, estimate_documents
from parley.models import Article, IngestResult, IngestSummary, Outcome
from parley.store import Store

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

# Starting worker processes costs seconds (each loads the language model): not worth it for a few documents.
MIN_DOCUMENTS_FOR_WORKERS = 50


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
    workers: int = 1,
    scheduler: Any = None,
) -> IngestSummary:
    """Ingest every source into `store`, extracting the statements of each new article (unless `extract`
    is false), the per-document work in `workers` processes, or on a Dask cluster when `scheduler` is given
    (an address or a `distributed.Client`). Raises StoreError only when the store fails."""
    from parley.batch.local import InProcess, ProcessPool

    progress = progress or _Silent()
    summary = IngestSummary()
    expected = estimate_documents(list(sources))
    progress.found(expected)
    registry = store.registry() if extract else None
    engine: InProcess | ProcessPool | DaskEngine
    if scheduler is not None:
        from parley.batch.dask import DaskEngine

        engine = DaskEngine(scheduler, store, registry or store.registry(), extract)
    elif workers > 1 and expected >= MIN_DOCUMENTS_FOR_WORKERS:
        assert registry is not None or not extract
        engine = ProcessPool(workers, store.url, registry or store.registry(), extract)
    else:
        extractor = None
        if extract:
            from parley.extract.pipeline import Extractor

            # a snapshot, as every worker gets: statements do not depend on which engine ran
            extractor = Extractor(registry=registry.copy() if registry is not None else None)
        engine = InProcess(Preparer(store.has_article, extractor))
    failure_positions: list[int] = []
    processed = 0
    try:
        with Fetcher(settings, validators=store) as fetcher:
            reader = Reader(settings, fetcher, on_found=progress.found)
            items = (item for source in sources for item in _guarded(reader.read(source), source))
            for item, prepared in engine.run(items):
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
                elif isinstance(prepared, IngestResult):  # written already, by a Dask worker
                    result = prepared
                else:
                    result = write_prepared(store, prepared)
                if result.outcome is Outcome.FAILED:
                    failure_positions.append(processed)
                processed += 1
                summary.add(result)
                progress.done(result)
    finally:
        engine.close()
        if engine.writes:
            store.forget_registry()  # the workers grew the registry in the database, not this one
    return summary


def _guarded(items: Iterator[Item], source: str) -> Iterator[Item]:
    """The reader's items; a bug while reading one source ends that source, reported, not the run."""
    try:
        yield from items
    except Exception as exc:
        log.exception("internal error reading %s", source)
        yield IngestResult(Outcome.FAILED, source, reason=f"internal error: {type(exc).__name__}: {exc}")


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
