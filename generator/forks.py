"""Forked worker pools that never outlive the generator.

A generator killed outright (SIGKILL, an out-of-memory kill, a CI timeout)
cannot shut its pools down, and their workers would wait for work forever. Each
worker watches the process that forked it and ends soon after it is gone.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

WATCH_EVERY = 0.2  # seconds


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def pool(workers: int) -> ProcessPoolExecutor:
    """A pool of forked workers, each ending when this process does."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )


def _watch_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_EVERY)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
