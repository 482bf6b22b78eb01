"""A short string that a regular expression (a schema's `pattern`) matches.

Built from Python's own parse of the pattern: literals, classes, repeats (at
their minimum, at least once), groups, alternatives (the first) and back
references. Anything else gives None, and so does a result that does not match
when checked, so the caller falls back to another value.
"""

from __future__ import annotations

import sys
from typing import Any

from generator.examples.check import matches

if sys.version_info >= (3, 11):
    from re import _constants as sre_constants
    from re import _parser as sre_parse
else:  # pragma: no cover
    import sre_constants
    import sre_parse

MAX_LENGTH = 256
_C = sre_constants
_CATEGORY_CHARS = {
    _C.CATEGORY_DIGIT: "0",
    _C.CATEGORY_NOT_DIGIT: "a",
    _C.CATEGORY_WORD: "a",
    _C.CATEGORY_NOT_WORD: "-",
    _C.CATEGORY_SPACE: " ",
    _C.CATEGORY_NOT_SPACE: "a",
}
_CANDIDATES = "abcxyz0123456789ABCXYZ-_. "


class _Unsupported(Exception):
    pass


def string_matching(pattern: str, preferred: str | None = None) -> str | None:
    """preferred when the pattern matches it, else a string built from the pattern."""
    if preferred is not None and matches(pattern, preferred):
        return preferred
    try:
        parsed: Any = sre_parse.parse(pattern)
        out: list[str] = []
        _emit(list(parsed), out, {})
    except (_Unsupported, RecursionError, ValueError, TypeError, IndexError):
        return None
    except Exception:  # the parser of another Python version may differ
        return None
    text = "".join(out)
    return text if len(text) <= MAX_LENGTH and matches(pattern, text) else None


def _emit(items: list[tuple[Any, Any]], out: list[str], groups: dict[int, str]) -> None:
    for op, arg in items:
        if sum(map(len, out)) > MAX_LENGTH:
            raise _Unsupported
        if op is _C.LITERAL:
            out.append(chr(arg))
        elif op is _C.NOT_LITERAL:
            out.append("a" if chr(arg) != "a" else "b")
        elif op is _C.ANY:
            out.append("a")
        elif op is _C.IN:
            out.append(_in(arg))
        elif op in (
            _C.MAX_REPEAT,
            _C.MIN_REPEAT,
            getattr(_C, "POSSESSIVE_REPEAT", None),
        ):
            low, high, sub = arg
            count = low if low > 0 else (1 if high != 0 else 0)
            for _ in range(min(count, MAX_LENGTH)):
                _emit(list(sub), out, groups)
        elif op is _C.SUBPATTERN:
            group, _, _, sub = arg
            start = len("".join(out))
            _emit(list(sub), out, groups)
            if group is not None:
                groups[group] = "".join(out)[start:]
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            _emit(list(arg), out, groups)
        elif op is _C.BRANCH:
            _emit(list(arg[1][0]), out, groups)
        elif op is _C.GROUPREF:
            out.append(groups.get(arg, ""))
        elif op is _C.AT:
            continue
        else:
            raise _Unsupported


def _in(items: list[tuple[Any, Any]]) -> str:
    negated = any(op is _C.NEGATE for op, _ in items)
    allowed = [c for c in _CANDIDATES if _in_class(c, items) != negated]
    if allowed:
        return allowed[0]
    if not negated:  # a class of other characters: its first one
        for op, arg in items:
            if op is _C.LITERAL:
                return chr(arg)
            if op is _C.RANGE:
                return chr(arg[0])
    raise _Unsupported


def _in_class(ch: str, items: list[tuple[Any, Any]]) -> bool:
    code = ord(ch)
    for op, arg in items:
        if op is _C.LITERAL and arg == code:
            return True
        if op is _C.RANGE and arg[0] <= code <= arg[1]:
            return True
        if op is _C.CATEGORY and _CATEGORY_CHARS.get(arg) is not None:
            if _category(ch, arg):
                return True
    return False


def _category(ch: str, category: Any) -> bool:
    if category is _C.CATEGORY_DIGIT:
        return ch.isdigit()
    if category is _C.CATEGORY_NOT_DIGIT:
        return not ch.isdigit()
    if category is _C.CATEGORY_WORD:
        return ch.isalnum() or ch == "_"
    if category is _C.CATEGORY_NOT_WORD:
        return not (ch.isalnum() or ch == "_")
    if category is _C.CATEGORY_SPACE:
        return ch.isspace()
    return not ch.isspace()
