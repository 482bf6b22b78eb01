"""Lay out a long statement one element at a time, when the rest is black's layout.

The templates write collections, calls and signatures exploded: a head ending
with an opening bracket, one element a line (or an exploded element of its own)
each ending with a comma, the closing bracket. Black keeps that form (the
trailing commas are magic) and lays out each element on its own: what it does
with one element does not depend on the others. So when only a few elements
hold a long line, only those need laying out.

Laying out the whole statement instead cost time in proportion to all of it: on
Microsoft Graph, signatures of a hundred parameters and endpoint tables of ten
kilobytes, each with one long line, made formatting 39 of the run's 70 CPU
seconds.

An element is laid out inside the brackets that hold it, each bracket's line
with one neighbouring element that fits (so a tuple of one stays a tuple of
many to black's rules): the text between those lines is the element laid out.
Anything this cannot read (a string over several lines, a comment, a bracket
left open on a line that does not end with it) is left to the whole statement.
"""

from __future__ import annotations

import re
from typing import Callable
from generator.records import record

_OPENING = "([{"
_CLOSING = ")]}"
_PAIRS = {"(": ")", "[": "]", "{": "}"}
# One-line strings, replaced by empty ones so that what is left is code.
_STRING = re.compile(
    r'[rRbBuUfF]{0,2}(?:"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\\\n]*(?:\\.[^\'\\\n]*)*\')'
)
_UNREADABLE = re.compile(r"#|\\$|\"\"\"|'''")
# A lone string argument (`pattern="...",`): black has nothing to split it at.
_UNSPLITTABLE = re.compile(r' *(?:[A-Za-z_][A-Za-z_0-9]*=)?"",')


@record
class _Bracket:
    """Lines first..last: a head ending with an opening bracket, elements, a closing line."""

    first: int
    last: int
    elements: tuple[_Bracket | tuple[int, int], ...]  # nested, or a span of lines


LayOut = Callable[[str], str]  # a statement's text laid out (or raises)


@record
class _Statement:
    lines: list[str]
    codes: list[str]  # each line with its strings emptied
    long: frozenset[int]  # the lines longer than the line length (0-based)
    lay_out: LayOut


def lay_out_elements(
    lines: list[str], long: frozenset[int], lay_out: LayOut
) -> str | None:
    """The statement in `lines` (`long`: the numbers, from 0, of its lines too long)
    with each element holding a long line laid out, or None when it is not
    exploded as above (lay out all of it then)."""
    codes = [_code(line) for line in lines]
    if any(code is None for code in codes):
        return None
    statement = _Statement(lines, [c for c in codes if c is not None], long, lay_out)
    top = _bracket(statement, 0, len(lines) - 1)
    if top is None or not _fits(statement, top):
        return None
    out = list(lines)
    if not _lay_out(statement, top, out, [], []):
        return None
    return "".join(out)


def _code(line: str) -> str | None:
    """The line's code with its strings emptied, or None if it cannot be read alone."""
    code = _STRING.sub('""', line.rstrip("\r\n"))
    return None if _UNREADABLE.search(code) else code


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _balance(code: str, depth: int = 0) -> tuple[int, int, int]:
    """(lowest depth reached, depth at the end, commas at depth 0), from `depth`."""
    low = depth
    commas = 0
    for char in code:
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth -= 1
            low = min(low, depth)
        elif char == "," and depth == 0:
            commas += 1
    return low, depth, commas


def _bracket(statement: _Statement, first: int, last: int) -> _Bracket | None:
    """Lines first..last read as an exploded bracket, or None."""
    lines, codes = statement.lines, statement.codes
    head, tail = codes[first].rstrip(), codes[last].lstrip(" ")
    if last - first < 2 or not head or head[-1] not in _OPENING:
        return None
    if head[-1] == "[" and head[-2:-1] not in ("", " ", "(", "["):
        return None  # a subscript: a lone trailing comma is not magic there
    indent = _indent(lines[first])
    if (
        _balance(head)[:2] != (0, 1)
        or _indent(lines[last]) != indent
        or not tail.startswith(_PAIRS[head[-1]])
        or _balance(tail[1:])[:2] != (0, 0)
    ):
        return None
    elements: list[_Bracket | tuple[int, int]] = []
    inner = indent + 4
    start = first + 1
    depth = commas = 0
    for number in range(first + 1, last):
        if (
            _indent(lines[number]) != inner
            if depth == 0
            else _indent(lines[number]) < inner
        ):
            return None
        low, depth, more = _balance(codes[number], depth)
        commas += more
        if low < 0:
            return None
        if depth == 0:
            # One element, ending with its comma (magic: black keeps one a line).
            if commas != 1 or not codes[number].rstrip().endswith(","):
                return None
            commas = 0
            nested = _bracket(statement, start, number) if number > start else None
            elements.append(nested or (start, number))
            start = number + 1
    if depth != 0 or not elements:
        return None
    return _Bracket(first, last, tuple(elements))


def _fits(statement: _Statement, bracket: _Bracket) -> bool:
    return not ({bracket.first, bracket.last} & statement.long)


def _span(element: _Bracket | tuple[int, int]) -> tuple[int, int]:
    return (element.first, element.last) if isinstance(element, _Bracket) else element


def _has_long(statement: _Statement, element: _Bracket | tuple[int, int]) -> bool:
    first, last = _span(element)
    return any(first <= n <= last for n in statement.long)


def _lay_out(
    statement: _Statement,
    bracket: _Bracket,
    out: list[str],
    before: list[str],
    after: list[str],
) -> bool:
    """Lay out the elements of bracket holding a long line into `out` (by line);
    before and after are the lines of the brackets around it. False: give up."""
    lines = statement.lines
    fitting = [e for e in bracket.elements if not _has_long(statement, e)]
    neighbour = min(fitting, key=lambda e: _span(e)[1] - _span(e)[0], default=None)
    for element in bracket.elements:
        first, last = _span(element)
        if not _has_long(statement, element) or (
            first == last and _UNSPLITTABLE.fullmatch(statement.codes[first])
        ):
            continue
        if neighbour is None and len(bracket.elements) > 1:
            return False  # no neighbour known to stay as it is
        outer_before = before + [lines[bracket.first]]
        outer_after = [lines[bracket.last]] + after
        if neighbour is not None:
            n_first, n_last = _span(neighbour)
            kept = lines[n_first : n_last + 1]
            if n_first < first:
                outer_before = outer_before + kept
            else:
                outer_after = kept + outer_after
        if isinstance(element, _Bracket) and _fits(statement, element):
            if not _lay_out(statement, element, out, outer_before, outer_after):
                return False
            continue
        prefix, suffix = "".join(outer_before), "".join(outer_after)
        laid = statement.lay_out(prefix + "".join(lines[first : last + 1]) + suffix)
        if (
            not laid.startswith(prefix)
            or not laid.endswith(suffix)
            or len(laid) < len(prefix) + len(suffix)
        ):
            return False
        out[first] = laid[len(prefix) : len(laid) - len(suffix)]
        for number in range(first + 1, last + 1):
            out[number] = ""
    return True
