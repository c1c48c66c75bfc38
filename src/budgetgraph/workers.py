"""Worker process pools that do not outlive their parent.

A ``ProcessPoolExecutor`` worker waits on a pipe that its sibling workers also hold open: when the
parent is killed (SIGKILL, the OOM killer), the workers never see the pipe close and would wait
forever. Each worker here watches its parent and exits as soon as it is gone.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

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
