"""The Dask engine: the same per-document work as the local engines, on a Dask distributed cluster.

Documents are read here and sent in partitions; each worker builds its preparer once (its own read
connection to the store, its own extractor with a snapshot of the actor registry) and prepares a whole
partition. Results come back in reading order and are written by the single writer, so a cluster run
produces exactly the store a local run does. A partition whose worker is lost is retried on another; a run
stopped half-way resumes, since articles already stored are only linked.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from parley.errors import ParleyError
from parley.extract.actors import Actor, ActorRegistry
from parley.ingest.prepare import Prepared, Preparer
from parley.ingest.records import RawDocument

PARTITION = 32  # documents a task prepares: enough to hide the cost of a task, few enough to spread work
RETRIES = 2  # a partition is tried again on another worker this many times when its worker dies

_preparers: dict[tuple[str, int, bool], Preparer] = {}


def _preparer(db_url: str, actors: tuple[Actor, ...], extract: bool) -> Preparer:
    """One preparer per worker process and run settings (the language model loads once per worker)."""
    key = (db_url, hash(actors), extract)
    if key not in _preparers:
        from parley.store import Store

        store = Store.open(db_url, create=False)
        extractor = None
        if extract:
            from parley.extract.pipeline import Extractor

            registry = ActorRegistry()
            for actor in actors:
                registry.add(actor)
            extractor = Extractor(registry=registry)
        _preparers.clear()
        _preparers[key] = Preparer(store.has_article, extractor)
    return _preparers[key]


def prepare_partition(
    documents: list[RawDocument], db_url: str, actors: tuple[Actor, ...], extract: bool
) -> list[Prepared]:
    preparer = _preparer(db_url, actors, extract)
    return [preparer(document) for document in documents]


class DaskEngine:
    """Prepares documents on a Dask cluster (`scheduler`: an address, or a `distributed.Client`)."""

    def __init__(
        self, scheduler: Any, db_url: str, registry: ActorRegistry, extract: bool, partition: int = PARTITION
    ) -> None:
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - a dependency, but say what to do if it is missing
            raise ParleyError(
                "the Dask engine needs dask[distributed]: pip install 'dask[distributed]'"
            ) from None
        self._own_client = not isinstance(scheduler, Client)
        try:
            self.client = Client(scheduler, timeout="10s") if self._own_client else scheduler  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise ParleyError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        self.db_url = db_url
        self.actors = tuple(registry.actors.values())
        self.extract = extract
        self.partition = partition
        workers = len(self.client.scheduler_info().get("workers", {})) or 1
        self.window = 3 * workers  # partitions in flight

    def run(self, items: Iterable[Any]) -> Iterator[tuple[Any, Prepared | None]]:
        actors = self.client.scatter(self.actors, broadcast=True) if self.extract else ()
        pending: deque[tuple[list[Any], Any]] = deque()
        batch: list[Any] = []

        def submit(batch: list[Any]) -> None:
            documents = [item for item in batch if isinstance(item, RawDocument)]
            future = None
            if documents:
                future = self.client.submit(
                    prepare_partition,
                    documents,
                    self.db_url,
                    actors,
                    self.extract,
                    retries=RETRIES,
                    pure=False,
                )
            pending.append((batch, future))

        def drain(block: bool) -> Iterator[tuple[Any, Prepared | None]]:
            while pending and (
                block or len(pending) > self.window or pending[0][1] is None or pending[0][1].done()
            ):
                head, future = pending.popleft()
                prepared = iter(future.result() if future is not None else [])
                for item in head:
                    yield item, (next(prepared) if isinstance(item, RawDocument) else None)

        for item in items:
            batch.append(item)
            if sum(isinstance(i, RawDocument) for i in batch) >= self.partition:
                submit(batch)
                batch = []
                yield from drain(block=False)
        if batch:
            submit(batch)
        yield from drain(block=True)

    def close(self) -> None:
        if self._own_client:
            self.client.close()
