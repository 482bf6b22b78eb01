"""Where the names generated modules use are imported from, and how imports are grouped."""

from __future__ import annotations

from typing import Iterable

# Typing and runtime names, by the module that provides them (relative to a
# module one level inside the package, as models/ and resources/ are).
SOURCES = {
    "Annotated": "typing",
    "Any": "typing",
    "ClassVar": "typing",
    "Literal": "typing",
    "TypeAlias": "typing",
    "Union": "typing",
    "Model": ".._runtime.models",
    "Discriminator": ".._runtime.models",
    "FileInput": ".._runtime.core",
    "NOT_GIVEN": ".._runtime.core",
    "NotGiven": ".._runtime.core",
    "BinaryResponse": ".._runtime.response",
    "AsyncBinaryResponse": ".._runtime.response",
    "Stream": ".._runtime.streaming",
    "AsyncStream": ".._runtime.streaming",
    "SyncCursorPage": ".._runtime.pagination",
    "AsyncCursorPage": ".._runtime.pagination",
}

ImportGroups = tuple[tuple[tuple[str, tuple[str, ...]], ...], ...]


def grouped(
    names: Iterable[str], first: Iterable[tuple[str, str]] = ()
) -> ImportGroups:
    """Imports as groups of (module, names): the standard library first, then the package.

    first: extra (module, name) pairs, such as ("typing", "TYPE_CHECKING").
    """
    by_source: dict[str, list[str]] = {}
    for source, name in first:
        by_source.setdefault(source, []).append(name)
    for name in names:
        by_source.setdefault(SOURCES[name], []).append(name)
    stdlib = tuple(
        (s, tuple(sorted(set(n), key=_order)))
        for s, n in sorted(by_source.items())
        if not s.startswith(".")
    )
    local = tuple(
        (s, tuple(sorted(set(n), key=_order)))
        for s, n in sorted(by_source.items())
        if s.startswith(".")
    )
    return tuple(group for group in (stdlib, local) if group)


def _order(name: str) -> tuple[int, str]:
    # Constants, then classes, then functions: the order isort uses.
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)
