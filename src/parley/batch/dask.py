"""The Dask engine: the same per-document work as the local engines, on a Dask distributed cluster.

Documents are read here and sent in partitions; each worker builds its preparer once (its own read
connection to the store, its own extractor with a snapshot of the actor registry) and prepares a whole
partition. On SQLite the results come back in reading order and the single writer here stores them. On
PostgreSQL the workers write them: the write of partition k is a task that waits for the write of k - 1, runs
where partition k was prepared, and stores its articles with the code the single writer uses. Writes stay in
reading order, so near-duplicates link as in a serial run; the actor registry, which writes grow, follows
along: each write returns the actors it added and the next writers replay them. Either way a cluster run
produces exactly the store a local run does. A partition whose worker is lost is retried on another; a run
stopped half-way resumes, since articles already stored are only linked.
"""

from __future__ import annotations

import itertools
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from parley.errors import ParleyError, StoreError
from parley.extract.actors import Actor, ActorRegistry
from parley.ingest.prepare import Prepared, Preparer, write_prepared
from parley.ingest.records import RawDocument
from parley.models import IngestResult

if TYPE_CHECKING:
    from parley.store import Store

PARTITION = 32  # documents a task prepares: enough to hide the cost of a task, few enough to spread work
# The first partitions are smaller (4, 8, 16, then PARTITION): nothing is stored until the first partition
# is prepared, and with every worker starting at once that took 20 s or more, a tenth of a 600-article run.
FIRST_PARTITION = 4
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

            extractor = Extractor(registry=ActorRegistry.of(actors))
        _preparers.clear()
        _preparers[key] = Preparer(store.has_article, extractor)
    return _preparers[key]


def prepare_partition(
    documents: list[RawDocument], db_url: str, actors: tuple[Actor, ...], extract: bool
) -> list[Prepared]:
    preparer = _preparer(db_url, actors, extract)
    return [preparer(document) for document in documents]


# --- writing on the workers (PostgreSQL) ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Written:
    """What a worker stored of partition `index`: the results in reading order and the actors its writes
    added to the registry, in the order added; or why it stored nothing."""

    index: int
    results: list[IngestResult]
    added: list[Actor]
    error: str | None = None


class _PartitionWriter:
    """A worker's writer for one run: its own connection and its copy of the run's growing registry."""

    def __init__(self, db_url: str, threshold: float, actors: tuple[Actor, ...]) -> None:
        from parley.store import Store

        self.store = Store.open(db_url, create=False, near_duplicate_threshold=threshold)
        self.registry = ActorRegistry.of(actors)
        self.store.use_registry(self.registry)
        self.applied = -1  # the last partition whose additions the registry holds

    def catch_up(self, index: int, earlier: list[Written]) -> None:
        """Replay the additions of the partitions written since this worker last wrote."""
        for written in sorted(earlier, key=lambda w: w.index):
            if written.index == self.applied + 1:
                for actor in written.added:
                    self.registry.add(actor)
                self.applied = written.index
        # Every actor the registry gains is stored with the write that adds it, so the registry and the
        # database hold as many actors unless some additions were not handed over: this worker is further
        # behind than the writes it is given, a lost worker's write was done again (finding its articles
        # stored, it adds nothing), or another ingest writes to the same database. The database holds them
        # all (in its own order, which may settle a tie between two equally close spellings differently).
        from sqlalchemy import func, select

        from parley.store.schema import actors

        with self.store.reading() as connection:
            stored = connection.execute(select(func.count()).select_from(actors)).scalar_one()
            if self.applied != index - 1 or stored != len(self.registry):
                from parley.store.actors import load_registry

                self.registry = load_registry(connection)
                self.store.use_registry(self.registry)
        self.applied = index - 1

    def write(self, index: int, prepared: list[Prepared]) -> Written:
        self.registry.journal = []
        try:
            results = [write_prepared(self.store, p) for p in prepared]
        except StoreError as exc:
            # the registry may hold actors of a rolled-back write: start afresh from the database next time
            self.applied = -2
            self.registry.journal = None
            return Written(index, [], [], error=str(exc))
        added, self.registry.journal = self.registry.journal, None
        self.applied = index
        return Written(index, results, added)


_writers: dict[str, _PartitionWriter] = {}


def write_partition(
    prepared: list[Prepared],
    index: int,
    earlier: list[Written],
    run: str,
    db_url: str,
    threshold: float,
    actors: tuple[Actor, ...],
) -> Written:
    """Store partition `index` once the partitions before it are stored (`earlier` are the last of them,
    the one just before included: the task waits for them)."""
    failed = next((w for w in earlier if w.error is not None), None)
    if failed is not None:
        return Written(index, [], [], error=failed.error)  # the run stops at the first failed write
    if run not in _writers:
        for old in _writers.values():
            old.store.close()
        _writers.clear()
        _writers[run] = _PartitionWriter(db_url, threshold, actors)
    writer = _writers[run]
    writer.catch_up(index, earlier)
    return writer.write(index, prepared)


class DaskEngine:
    """Prepares documents on a Dask cluster (`scheduler`: an address, or a `distributed.Client`); on
    PostgreSQL the workers also write them (`writes`), elsewhere the caller writes what `run` yields."""

    def __init__(
        self, scheduler: Any, store: Store, registry: ActorRegistry, extract: bool, partition: int = PARTITION
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
        self.db_url = store.url
        self.threshold = store.threshold
        self.writes = store.dialect == "postgresql"
        self.actors = tuple(registry.actors.values())
        self.extract = extract
        self.partition = partition
        workers = len(self.client.scheduler_info().get("workers", {})) or 1
        self.window = 3 * workers  # partitions in flight
        # the writes whose added actors a write is handed: enough that a worker is rarely further behind
        self.handover = 2 * self.window

    def run(self, items: Iterable[Any]) -> Iterator[tuple[Any, Prepared | IngestResult | None]]:
        """Each item with its prepared document (SQLite) or its stored result (PostgreSQL), in order."""
        # one piece of data for the whole tuple (a tuple given to scatter is scattered item by item)
        actors = self.client.scatter([self.actors], broadcast=True)[0]
        size = min(FIRST_PARTITION, self.partition)
        run = uuid.uuid4().hex
        writes: deque[Any] = deque(maxlen=self.handover)
        pending: deque[tuple[list[Any], Any]] = deque()
        indices = itertools.count()  # of the partitions written
        batch: list[Any] = []

        def submit(batch: list[Any]) -> None:
            documents = [item for item in batch if isinstance(item, RawDocument)]
            future = None
            if documents:
                future = self.client.submit(
                    prepare_partition,
                    documents,
                    self.db_url,
                    actors if self.extract else (),
                    self.extract,
                    retries=RETRIES,
                    pure=False,
                )
                if self.writes:
                    future = self.client.submit(
                        write_partition,
                        future,
                        next(indices),
                        list(writes),
                        run,
                        self.db_url,
                        self.threshold,
                        actors,
                        retries=RETRIES,
                        pure=False,
                        priority=1,  # before the worker's next partition: stored data is memory freed
                    )
                    writes.append(future)
            pending.append((batch, future))

        def drain(block: bool) -> Iterator[tuple[Any, Prepared | IngestResult | None]]:
            while pending and (
                block or len(pending) > self.window or pending[0][1] is None or pending[0][1].done()
            ):
                head, future = pending.popleft()
                outcome = future.result() if future is not None else []
                if isinstance(outcome, Written):
                    if outcome.error is not None:
                        raise StoreError(outcome.error)
                    outcome = outcome.results
                done = iter(outcome)
                for item in head:
                    yield item, (next(done) if isinstance(item, RawDocument) else None)

        for item in items:
            batch.append(item)
            if sum(isinstance(i, RawDocument) for i in batch) >= size:
                submit(batch)
                batch = []
                size = min(2 * size, self.partition)
                yield from drain(block=False)
        if batch:
            submit(batch)
        yield from drain(block=True)

    def close(self) -> None:
        if self._own_client:
            self.client.close()
