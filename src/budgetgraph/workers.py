"""Worker process pools that do not outlive their parent.

A ``ProcessPoolExecutor`` worker waits on a pipe that its sibling workers also hold open: when the
parent is killed (SIGKILL, the OOM killer), the workers never see the pipe close and would wait
forever. Each worker here watches its parent and exits as soon as it is gone.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

WATCH_INTERVAL = 0.5
"""Seconds between a worker's checks that its parent is alive."""


def _exit_with_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_INTERVAL)
        os._exit(1)  # the parent is gone: nobody will read what this worker produces

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes that exit when this process dies."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=_exit_with_parent, initargs=(os.getpid(),))


def bounded_map(function: Callable[[T], R], items: Iterable[T], jobs: int = 1) -> Iterator[R]:
    """``function`` over ``items`` in ``jobs`` worker processes (in this process when ``jobs`` is
    1), results in input order. ``items`` is consumed lazily and at most ``4 × jobs`` items are in
    flight at once, so memory stays bounded whatever their number."""
    if jobs <= 1:
        for item in items:
            yield function(item)
        return
    window = 4 * jobs
    with worker_pool(jobs) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
