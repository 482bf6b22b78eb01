"""The place of a pointer, or of its nearest parent that has one (as diagnostics take it)."""

from __future__ import annotations


def nearest(places: dict[str, tuple[int, int]], pointer: str) -> tuple[int, int] | None:
    while pointer not in places:
        if not pointer:
            return None
        pointer = pointer.rsplit("/", 1)[0] if "/" in pointer else ""
    return places[pointer]
