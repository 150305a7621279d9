"""Work spread over the machine's cores by forking: a worker inherits what the parent has built
(topics, articles) instead of unpickling it, and sends back plain data.

A process forks only while no other thread runs (a fork copies locks that another thread may hold,
and the child can deadlock on them). Workers ignore Ctrl-C and die quietly on SIGTERM: the parent
alone reports an interrupted run, in one line."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
MOST_WORKERS = 4
FORKED: list[tuple[Callable[[Any], Any], Sequence[Any]]] = []


def forked_map(function: Callable[[T], R], items: Sequence[T], least: int, chunk: int = 1) -> Iterator[R]:
    """`map(function, items)`, in order, on every core (up to four) when there are at least `least`
    items and processes can fork; in this process otherwise, where starting workers costs more."""
    workers = min(os.cpu_count() or 1, MOST_WORKERS)
    if (len(items) < least or workers < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        yield from map(function, items)
        return
    FORKED.append((function, items))  # before the pool forks its workers, which inherit it
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=quiet_worker) as pool:
            yield from pool.imap(call_forked, range(len(items)), chunksize=chunk)
    finally:
        FORKED.pop()


def call_forked(index: int) -> Any:
    """In a worker: the function on one item, both inherited, only the index sent."""
    function, items = FORKED[-1]
    return function(items[index])


def quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
