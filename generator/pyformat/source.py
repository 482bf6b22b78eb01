"""Find the logical lines of a module that need laying out, and lay them out.

A logical line is a simple statement, a decorator, or the header of a compound
statement. Only those holding a physical line longer than the line length are
touched, unless `everything` is asked for (the tests use that to compare every
statement with black). Docstrings and other lone strings are left as they are:
black never splits a string.
"""

from __future__ import annotations

import ast
import bisect
import re

from generator.pyformat import Unsupported, format_statement
from generator.pyformat.lines import LINE_LENGTH
from generator.pyformat.widths import str_width

_OPEN = re.compile(
    r"""(?x)
    (?P<string>[rRbBuUfF]{0,2}(?:'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
        |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"))
    |(?P<comment>\#[^\n]*)
    |(?P<open>[(\[{])|(?P<close>[)\]}])|(?P<nl>\n)|(?P<other>[^'"\#()\[\]{}\n]+|.)
    """,
    re.S,
)


def long_lines(lines: list[str]) -> list[int]:
    """1-based numbers of the lines wider than the line length."""
    return [
        number
        for number, line in enumerate(lines, 1)
        if (len(line) > LINE_LENGTH + 1 or not line.isascii())
        and str_width(line.rstrip("\r\n")) > LINE_LENGTH
    ]


def lay_out(tree: ast.Module, source: str, everything: bool = False) -> str:
    """`source` with its logical lines laid out as black lays them out."""
    lines = source.splitlines(keepends=True)
    if everything:
        starts = sorted(_all_starts(tree))
    else:
        targets = long_lines(lines)
        if not targets:
            return source
        starts = sorted(_starts_of(tree, targets))
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    spans = []
    covered = 0
    for start in starts:
        if start <= covered:
            continue
        end = _logical_end(source, offsets[start - 1], start)
        spans.append((start, end))
        covered = end
    for start, end in reversed(spans):
        text = "".join(lines[start - 1 : end])
        indent = len(text) - len(text.lstrip(" "))
        try:
            laid = format_statement(text, indent // 4)
        except Unsupported:
            continue
        if laid != text and not same_code(text, laid):
            continue  # never change what the code does: keep it as written
        lines[start - 1 : end] = [laid]
    return "".join(lines)


def same_code(before: str, after: str) -> bool:
    """Do the two texts of one logical line parse to the same syntax tree?"""
    try:
        return ast.dump(_snippet(before)) == ast.dump(_snippet(after))
    except SyntaxError:
        return False


def _snippet(text: str) -> ast.Module:
    """Parse a logical line alone: a header gets a body, a decorator a function.

    Only the first line loses its indentation: the others continue it inside
    brackets or strings, where a multiline string's lines may sit further left
    than the statement and must stay as they are.
    """
    code = text.lstrip(" \t")
    first = code.split(None, 1)[0].rstrip(":") if code.strip() else ""
    before = ""
    if first in ("elif", "else"):
        before = "if _:\n    pass\n"
    elif first in ("except", "finally"):
        before = "try:\n    pass\n"
    after = "def _():\n    pass\n" if code.startswith("@") else "    pass\n"
    try:
        return ast.parse(before + code)
    except SyntaxError:
        return ast.parse(before + code + after)


def _is_string(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _all_starts(tree: ast.Module) -> set[int]:
    starts = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) or (
            isinstance(node, ast.stmt) and not _is_string(node)
        ):
            starts.add(node.lineno)
            for decorator in getattr(node, "decorator_list", []):
                starts.add(_decorator_line(decorator))
    return starts


def _decorator_line(decorator: ast.expr) -> int:
    return decorator.lineno  # the `@` is on the line its expression starts on


def _starts_of(tree: ast.Module, targets: list[int]) -> set[int]:
    """The first lines of the logical lines holding the target lines (sorted)."""
    starts: set[int] = set()
    _collect(list(tree.body), targets, starts)
    return starts


def _collect(
    body: list[ast.stmt | ast.ExceptHandler], targets: list[int], starts: set[int]
) -> None:
    for node in body:
        first, last = _first_line(node), node.end_lineno or node.lineno
        lo = bisect.bisect_left(targets, first)
        hi = bisect.bisect_right(targets, last)
        if lo == hi:
            continue
        inside = targets[lo:hi]
        children: list[ast.stmt | ast.ExceptHandler] = [
            child
            for field in ("body", "orelse", "finalbody", "handlers")
            for child in getattr(node, field, [])
        ]
        for case in getattr(node, "cases", []):
            children += case.body
        _collect(children, inside, starts)
        if isinstance(node, ast.stmt) and _is_string(node):
            continue
        body_lines = {
            line
            for child in children
            for line in range(
                _first_line(child), (child.end_lineno or child.lineno) + 1
            )
        }
        for line in inside:
            if line in body_lines:
                continue
            decorator = next(
                (
                    d
                    for d in getattr(node, "decorator_list", [])
                    if d.lineno <= line <= (d.end_lineno or d.lineno)
                ),
                None,
            )
            if decorator is not None:
                starts.add(_decorator_line(decorator))
            elif line >= node.lineno:
                starts.add(node.lineno)


def _first_line(node: ast.stmt | ast.ExceptHandler) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno] + [d.lineno for d in decorators])


def _logical_end(source: str, offset: int, start: int) -> int:
    """The last line of the logical line starting at line `start` (brackets balanced)."""
    depth = 0
    line = start
    for match in _OPEN.finditer(source, offset):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "string":
            line += match.group().count("\n")
        elif kind == "nl":
            if depth <= 0:
                return line
            line += 1
    return line
