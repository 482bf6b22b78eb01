"""The cycle collector during a run: the spec's objects are long-lived, so set them aside.

A run builds a large, long-lived heap (the parsed document, the IR, the planned
views) and then many short-lived objects per file. CPython's collector would
walk the long-lived heap again at each full collection: on a large spec that
was a third of the run's CPU time, in the parent and in every forked worker.
`long_lived` freezes what each stage leaves behind (`settle`), so collections
look only at the objects made since, and collects less often; reference
counting still frees everything that holds no cycle. On leaving, the frozen
objects go back to the collector and the thresholds are restored.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

# Young collections after this many new container objects (CPython's default
# is 700): each is cheap, but there are millions of such objects in a large run.
YOUNG_THRESHOLD = 20_000


@contextmanager
def long_lived() -> Iterator[None]:
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def settle() -> None:
    """Set what exists now aside from future collections (it lives to the run's end)."""
    gc.freeze()
