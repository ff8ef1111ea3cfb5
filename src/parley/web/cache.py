"""Answers that change only when the store does (facet counts, store-wide counts, the analysis views),
kept in memory keyed by what was asked and the store's version, so a page of results does not recount
100,000 statements each time it is shown. Entries also expire after `ttl` seconds: an actor merge changes
counts without changing the version, and shows within that time."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Connection, func, select

from parley.store.schema import articles, developments, statements

T = TypeVar("T")


def store_version(connection: Connection) -> tuple[Any, ...]:
    """What changes whenever articles, statements or developments are written: the newest row numbers,
    read from the primary keys' ends, and the number of developments (a small table, rebuilt whole).
    Statements are only ever added, so counting them told nothing more and cost what every cached page
    then cost (12 ms on SQLite, 160 ms on PostgreSQL at a million statements); rows deleted by hand show
    once entries expire (`ttl`)."""
    return tuple(
        connection.execute(
            select(
                select(func.max(articles.c.seq)).scalar_subquery(),
                select(func.max(statements.c.seq)).scalar_subquery(),
                select(func.count()).select_from(developments).scalar_subquery(),
                select(func.max(developments.c.id)).scalar_subquery(),
            )
        ).one()
    )


class _Flight:
    """One computation of an answer, which requests asking the same meanwhile wait for."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.failed = False


class Cache:
    def __init__(
        self, size: int = 512, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.size = size
        self.ttl = ttl
        self.clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()

    def get(
        self, connection: Connection, key: Hashable, compute: Callable[[], T], version: Hashable = None
    ) -> T:
        """The cached answer to `key` for the store as it is now (`version`, read when not given),
        computed when missing or stale."""
        full = (key, version if version is not None else store_version(connection))
        now = self.clock()
        with self._lock:
            found = self._entries.get(full)
            if found is not None and now - found[0] < self.ttl:
                self._entries.move_to_end(full)
                value: T = found[1]
                return value
            flight = self._flights.get(full)
            if flight is not None and found is not None:
                stale: T = found[1]  # expired by age alone: served while another request refreshes it
                return stale
            leading = flight is None
            if flight is None:
                flight = self._flights[full] = _Flight()
        if not leading:
            # Someone is computing this answer: wait for theirs. Under load, every request for an answer
            # that expired would otherwise compute it at once, each slower for the others (a 23 s p99 at 50
            # connections in bench/load_test.py).
            flight.done.wait()
            if not flight.failed:
                shared: T = flight.value
                return shared
            # theirs failed (and was not kept): this request tries again, showing its own error if it fails
            return self.get(connection, key, compute, full[1])
        try:
            value = compute()  # outside the lock: other answers are served meanwhile
            flight.value = value
        except BaseException:
            flight.failed = True
            raise
        finally:
            with self._lock:
                if not flight.failed:
                    self._entries[full] = (now, flight.value)
                    self._entries.move_to_end(full)
                    while len(self._entries) > self.size:
                        self._entries.popitem(last=False)
                del self._flights[full]
            flight.done.set()
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
