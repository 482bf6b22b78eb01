"""Memoising the pure text functions that run on every docs page.

Short strings (field names, types, notes) recur thousands of times in a large
spec's docs; long ones (descriptions) rarely do, and a hostile spec may hold
many large ones. So only short arguments are remembered, and only so many:
the memory a cache holds is bounded whatever the spec.
"""

from __future__ import annotations

from functools import lru_cache, wraps
from typing import Callable, TypeVar

SHORT = 200  # characters: longer arguments are computed every time
ENTRIES = 1 << 14  # per function

_R = TypeVar("_R")


def short_texts(function: Callable[[str], _R]) -> Callable[[str], _R]:
    """function(text), remembered when text is short."""
    remembered = lru_cache(maxsize=ENTRIES)(function)

    @wraps(function)
    def call(text: str) -> _R:
        return remembered(text) if len(text) <= SHORT else function(text)

    return call
