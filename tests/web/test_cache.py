"""The answer cache: one computation per answer however many requests ask at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from parley.web.cache import Cache

NO_CONNECTION: Any = None  # `version` is given, so the store is never read


def test_requests_asking_at_once_share_one_computation() -> None:
    cache = Cache()
    calls = 0
    lock = threading.Lock()
    started = threading.Event()

    def compute() -> list[int]:
        nonlocal calls
        with lock:
            calls += 1
        started.set()
        time.sleep(0.3)  # long enough for every other request to arrive meanwhile
        return [calls]

    with ThreadPoolExecutor(8) as pool:
        first = pool.submit(cache.get, NO_CONNECTION, "facets", compute, 1)
        started.wait(5)
        rest = [pool.submit(cache.get, NO_CONNECTION, "facets", compute, 1) for _ in range(7)]
        answers = [first.result(), *(f.result() for f in rest)]
    assert calls == 1
    assert all(answer is answers[0] for answer in answers)
    # another version of the store is another answer
    assert cache.get(NO_CONNECTION, "facets", compute, 2) == [2]


def test_a_failed_computation_is_not_kept_and_waiters_try_themselves() -> None:
    cache = Cache()
    started, release = threading.Event(), threading.Event()
    attempts: list[str] = []

    def failing() -> str:
        attempts.append("leader")
        started.set()
        release.wait(5)
        raise RuntimeError("the store went away")

    def working() -> str:
        attempts.append("waiter")
        return "counted"

    with ThreadPoolExecutor(2) as pool:
        leader = pool.submit(cache.get, NO_CONNECTION, "k", failing, 1)
        started.wait(5)
        waiter = pool.submit(cache.get, NO_CONNECTION, "k", working, 1)
        time.sleep(0.1)  # the waiter is waiting on the leader's flight
        release.set()
        with pytest.raises(RuntimeError):
            leader.result()
        assert waiter.result() == "counted"
    assert attempts == ["leader", "waiter"]
    assert cache.get(NO_CONNECTION, "k", lambda: "again", 1) == "counted"  # the waiter's answer was kept


def test_an_answer_expired_by_age_is_served_while_one_request_refreshes_it() -> None:
    now = [0.0]
    cache = Cache(ttl=60, clock=lambda: now[0])
    assert cache.get(NO_CONNECTION, "board", lambda: "old", 1) == "old"
    now[0] = 61.0
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "new"

    with ThreadPoolExecutor(2) as pool:
        refreshing = pool.submit(cache.get, NO_CONNECTION, "board", slow, 1)
        started.wait(5)
        assert cache.get(NO_CONNECTION, "board", lambda: "never", 1) == "old"  # no wait, no second count
        release.set()
        assert refreshing.result() == "new"
    assert cache.get(NO_CONNECTION, "board", lambda: "never", 1) == "new"
