"""Memoising the pure text functions that run on every docs page.

Short strings (field names, types, notes) recur thousands of times in a large
spec's docs; long ones (descriptions) rarely do, and a hostile spec may hold
many large ones. So only short arguments are remembered, and only so many:
the memory a cache holds is bounded whatever the spec.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable, TypeVar

SHORT = 200  # characters: longer arguments are computed every time
ENTRIES = 1 << 14  # per function

_R = TypeVar("_R")


def short_texts(function: Callable[[str], _R]) -> Callable[[str], _R]:
    """function(text), remembered when text is short.

    A dictionary emptied when full rather than an LRU cache: half the cost of a
    call (GitHub's docs pages make 800,000), and the texts in use come back.
    """
    remembered: dict[str, _R] = {}

    @wraps(function)
    def call(text: str) -> _R:
        try:
            return remembered[text]
        except KeyError:
            pass
        value = function(text)
        if len(text) <= SHORT:
            if len(remembered) >= ENTRIES:
                remembered.clear()
            remembered[text] = value
        return value

    return call
