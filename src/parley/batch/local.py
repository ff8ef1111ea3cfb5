"""Local engines: the per-document work in this process, or in a pool of worker processes with results
handed back in the order the documents were read (so the single writer sees what a serial run sees)."""

from __future__ import annotations

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

        registry = ActorRegistry()
        for actor in actors:
            registry.add(actor)
        extractor = Extractor(registry=registry)
    _worker = Preparer(store.has_article, extractor)


def _prepare(raw: RawDocument) -> Prepared:
    assert _worker is not None, "worker not started"
    return _worker(raw)


class ProcessPool:
    """Prepares documents in `workers` processes, at most `window` in flight, results in reading order."""

    def __init__(self, workers: int, db_url: str, registry: ActorRegistry, extract: bool) -> None:
        self.workers = workers
        self.window = 4 * workers
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            initializer=_start_worker,
            initargs=(db_url, tuple(registry.actors.values()), extract),
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
