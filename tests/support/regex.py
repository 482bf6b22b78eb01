"""A string that matches a regular expression (as specs write them), within length bounds."""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _constants as const  # type: ignore[attr-defined]
    from re import _parser as parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as const  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

_CATEGORY = {
    const.CATEGORY_DIGIT: "1",
    const.CATEGORY_WORD: "a",
    const.CATEGORY_SPACE: " ",
    const.CATEGORY_NOT_DIGIT: "a",
    const.CATEGORY_NOT_WORD: "-",
    const.CATEGORY_NOT_SPACE: "a",
}
MAX_STRETCH = 64


def sample(
    pattern: str, min_length: int = 0, max_length: int | None = None
) -> str | None:
    """A matching string, or None when none is found (bad pattern, no fit)."""
    try:
        tree = parser.parse(pattern)
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return None
    for stretch in range(MAX_STRETCH + 1):
        try:
            text = _emit(tree, stretch)
        except (ValueError, RecursionError):
            return None
        if compiled.search(text) is None:
            return None
        if len(text) >= min_length and (max_length is None or len(text) <= max_length):
            return text
        if max_length is not None and len(text) > max_length:
            return None
    return None


def _emit(tree: Any, stretch: int) -> str:
    return "".join(_node(op, arg, stretch) for op, arg in tree)


def _node(op: Any, arg: Any, stretch: int) -> str:
    if op is const.LITERAL:
        return chr(arg)
    if op is const.NOT_LITERAL:
        return "a" if chr(arg) != "a" else "b"
    if op is const.ANY:
        return "a"
    if op is const.IN:
        return _in(arg)
    if op in (
        const.MAX_REPEAT,
        const.MIN_REPEAT,
        getattr(const, "POSSESSIVE_REPEAT", None),
    ):
        low, high, body = arg
        count = max(low, 1) if stretch == 0 else low + stretch
        if high is not const.MAXREPEAT:
            count = min(count, high)
        return "".join(_emit(body, stretch) for _ in range(count))
    if op is const.SUBPATTERN:
        return _emit(arg[-1], stretch)
    if op is const.BRANCH:
        return _emit(arg[1][0], stretch)
    if op in (const.AT, const.ASSERT, const.ASSERT_NOT):
        return ""
    if op is const.CATEGORY:
        return _CATEGORY.get(arg, "a")
    if op is const.GROUPREF:
        raise ValueError("back references are not sampled")
    raise ValueError(f"unsupported regex node {op}")


def _in(items: list[Any]) -> str:
    negated = any(op is const.NEGATE for op, _ in items)
    if negated:
        banned = set()
        for op, arg in items:
            if op is const.LITERAL:
                banned.add(chr(arg))
            elif op is const.RANGE:
                banned |= {chr(c) for c in range(arg[0], min(arg[1], 0x7F) + 1)}
        return next(c for c in "aZ0-_x" if c not in banned)
    for op, arg in items:
        if op is const.LITERAL:
            return chr(arg)
        if op is const.RANGE:
            low, high = arg
            for preferred in ("a", "A", "1"):
                if low <= ord(preferred) <= high:
                    return preferred
            return chr(low)
        if op is const.CATEGORY:
            return _CATEGORY.get(arg, "a")
    raise ValueError("an empty character class")
