"""Local engines: the per-document work in this process, or in a pool of worker processes with results
handed back in the order the documents were read (so the single writer sees what a serial run sees)."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from parley.extract.actors import Actor, ActorRegistry
from parley.ingest.prepare import Prepared, Preparer
from parley.ingest.records import RawDocument


class InProcess:
    """Prepares each document right here."""

    writes = False  # the caller writes what `run` yields

    def __init__(self, preparer: Preparer) -> None:
        self.preparer = preparer

    def run(self, items: Iterable[Any]) -> Iterator[tuple[Any, Prepared | None]]:
        for item in items:
            yield item, (self.preparer(item) if isinstance(item, RawDocument) else None)

    def close(self) -> None:
        pass


# --- worker processes ------------------------------------------------------------------------------

_worker: Preparer | None = None


def _start_worker(db_url: str, actors: tuple[Actor, ...], extract: bool) -> None:
    """Run once in each worker: its own read connection to the store and its own extractor."""
    global _worker
    from parley.store import Store

    store = Store.open(db_url, create=False)
    extractor = None
    if extract:
        from parley.extract.pipeline import Extractor

        extractor = Extractor(registry=ActorRegistry.of(actors))
    _worker = Preparer(store.has_article, extractor)


def _prepare(raw: RawDocument) -> Prepared:
    assert _worker is not None, "worker not started"
    return _worker(raw)


# Documents a worker process prepares before it is replaced by a fresh one. A worker that parses grows
# slowly however carefully its caches are bounded (the allocator's fragmentation, spaCy's lemma cache):
# about 14 MB per 1,000 articles measured on the shared corpora. Replacing it bounds its memory whatever the
# length of the run; loading the model again takes about 2 s, under 1 % of the time of 2,000 articles.
DOCUMENTS_PER_WORKER = 2_000


class ProcessPool:
    """Prepares documents in `workers` processes, at most `window` in flight, results in reading order."""

    writes = False  # the caller writes what `run` yields

    def __init__(
        self,
        workers: int,
        db_url: str,
        registry: ActorRegistry,
        extract: bool,
        documents_per_worker: int | None = None,
    ) -> None:
        """`documents_per_worker`: how many documents a worker prepares before it is replaced (default
        DOCUMENTS_PER_WORKER; 0 keeps each worker for the whole run)."""
        if documents_per_worker is None:
            documents_per_worker = DOCUMENTS_PER_WORKER
        self.workers = workers
        self.window = 4 * workers
        # replacing workers needs the spawn start method (a forked child of a threaded parent is unsafe)
        context = multiprocessing.get_context("spawn") if documents_per_worker else None
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(db_url, tuple(registry.actors.values()), extract),
            max_tasks_per_child=documents_per_worker or None,
        )

    def run(self, items: Iterable[Any]) -> Iterator[tuple[Any, Prepared | None]]:
        pending: deque[tuple[Any, Future[Prepared] | None]] = deque()
        for item in items:
            future = self.pool.submit(_prepare, item) if isinstance(item, RawDocument) else None
            pending.append((item, future))
            while len(pending) > self.window or (pending and (pending[0][1] is None or pending[0][1].done())):
                head, head_future = pending.popleft()
                yield head, head_future.result() if head_future is not None else None
        while pending:
            head, head_future = pending.popleft()
            yield head, head_future.result() if head_future is not None else None

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)
