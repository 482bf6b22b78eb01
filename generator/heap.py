"""The cycle collector during a run: off while the run builds, on where garbage cycles.

A run builds a large, long-lived heap (the parsed document, the IR, the planned
views, the rendered pages) and almost no garbage that only the cycle collector
can free: on GitHub, loading and building the IR leave 218 such objects and
rendering 13,000 pages none. Yet CPython's collector walked the growing heap
again and again: on GitHub that was 0.2 s of the serial IR stage and 0.3 s of
the workers' rendering, for nothing collected; on OpenAI, 0.1 s of loading YAML.

So `long_lived` turns automatic collection off for the run, and the work that
does make garbage cycles (the formatter's trees, the full validation) runs in
`collecting`, which turns it back on for the objects made from there on.
Reference counting frees everything else as before. `settle` sets what exists
aside from later collections. On leaving `long_lived`, everything goes back to
the collector as it was.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

# Young collections after this many new container objects (CPython's default
# is 700): each is cheap, but there are millions of such objects in a large run.
YOUNG_THRESHOLD = 20_000


_in_run = False  # inside long_lived (forked workers inherit it)


@contextmanager
def long_lived() -> Iterator[None]:
    global _in_run
    enabled, outer = gc.isenabled(), _in_run
    gc.disable()
    _in_run = True
    try:
        yield
    finally:
        _in_run = outer
        gc.unfreeze()
        if enabled:
            gc.enable()


@contextmanager
def collecting() -> Iterator[None]:
    """Collect cycles in this block of a run (`long_lived` turned the collector
    off), walking only the objects made within it. Outside a run, nothing changes."""
    if not _in_run or gc.isenabled():
        yield
        return
    settle()
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, *thresholds[1:])
    gc.enable()
    try:
        yield
    finally:
        gc.disable()
        gc.set_threshold(*thresholds)


def settle() -> None:
    """Set what exists now aside from future collections (it lives to the run's end)."""
    gc.freeze()
