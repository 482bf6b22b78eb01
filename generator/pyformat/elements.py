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
from dataclasses import dataclass
from typing import Callable

from generator.pyformat.lines import LINE_LENGTH
from generator.pyformat.widths import str_width

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


@dataclass(frozen=True)
class _Bracket:
    """Lines first..last: a head ending with an opening bracket, elements, a closing line."""

    first: int
    last: int
    elements: tuple[_Bracket | tuple[int, int], ...]  # nested, or a span of lines


LayOut = Callable[[str], str]  # a statement's text laid out (or raises)


def lay_out_elements(lines: list[str], lay_out: LayOut) -> str | None:
    """The statement in `lines` with each element holding a long line laid out,
    or None when it is not exploded as above (lay out all of it then)."""
    codes = [_code(line) for line in lines]
    if any(code is None for code in codes):
        return None
    readable = [code for code in codes if code is not None]
    top = _bracket(lines, readable, 0, len(lines) - 1)
    if top is None or not _fits(lines, top):
        return None
    out = list(lines)
    if not _lay_out(top, lines, readable, out, [], [], lay_out):
        return None
    return "".join(out)


def _code(line: str) -> str | None:
    """The line's code with its strings emptied, or None if it cannot be read alone."""
    text = line.rstrip("\r\n")
    if _UNREADABLE.search(text):
        code = _STRING.sub('""', text)
        if _UNREADABLE.search(code):
            return None
        return code
    return _STRING.sub('""', text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _long(line: str) -> bool:
    text = line.rstrip("\r\n")
    return (len(text) > LINE_LENGTH or not text.isascii()) and str_width(
        text
    ) > LINE_LENGTH


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


def _bracket(
    lines: list[str], codes: list[str], first: int, last: int
) -> _Bracket | None:
    """Lines first..last read as an exploded bracket, or None."""
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
            nested = _bracket(lines, codes, start, number) if number > start else None
            elements.append(nested or (start, number))
            start = number + 1
    if depth != 0 or not elements:
        return None
    return _Bracket(first, last, tuple(elements))


def _fits(lines: list[str], bracket: _Bracket) -> bool:
    return not (_long(lines[bracket.first]) or _long(lines[bracket.last]))


def _span(element: _Bracket | tuple[int, int]) -> tuple[int, int]:
    return (element.first, element.last) if isinstance(element, _Bracket) else element


def _has_long(lines: list[str], element: _Bracket | tuple[int, int]) -> bool:
    first, last = _span(element)
    return any(_long(lines[n]) for n in range(first, last + 1))


def _lay_out(
    bracket: _Bracket,
    lines: list[str],
    codes: list[str],
    out: list[str],
    before: list[str],
    after: list[str],
    lay_out: LayOut,
) -> bool:
    """Lay out the elements of bracket holding a long line into `out` (by line);
    before and after are the lines of the brackets around it. False: give up."""
    fitting = [e for e in bracket.elements if not _has_long(lines, e)]
    for index, element in enumerate(bracket.elements):
        if not _has_long(lines, element):
            continue
        neighbour = min(fitting, key=lambda e: _span(e)[1] - _span(e)[0], default=None)
        if neighbour is None and len(bracket.elements) > 1:
            return False  # no neighbour known to stay as it is
        first, last = _span(element)
        if first == last and _UNSPLITTABLE.fullmatch(codes[first]):
            continue
        outer_before = before + [lines[bracket.first]]
        outer_after = [lines[bracket.last]] + after
        if neighbour is not None:
            n_first, n_last = _span(neighbour)
            kept = lines[n_first : n_last + 1]
            if n_first < first:
                outer_before = outer_before + kept
            else:
                outer_after = kept + outer_after
        if isinstance(element, _Bracket) and _fits(lines, element):
            if not _lay_out(
                element, lines, codes, out, outer_before, outer_after, lay_out
            ):
                return False
            continue
        prefix, suffix = "".join(outer_before), "".join(outer_after)
        laid = lay_out(prefix + "".join(lines[first : last + 1]) + suffix)
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
