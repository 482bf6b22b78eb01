"""Find the logical lines of a module that need laying out, and lay them out.

A logical line is a simple statement, a decorator, or the header of a compound
statement. Only those holding a physical line longer than the line length are
touched, unless `everything` is asked for (the tests use that to compare every
statement with black). Docstrings and other lone strings are left as they are:
black never splits a string.
"""

from __future__ import annotations

import ast
import re

from generator.pyformat import Unsupported, format_statement
from generator.pyformat.lines import LINE_LENGTH, str_width

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
        if len(line) > LINE_LENGTH + 1 and str_width(line.rstrip("\r\n")) > LINE_LENGTH
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
        starts = sorted({s for t in targets if (s := _start_of(tree, t)) is not None})
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
        lines[start - 1 : end] = [laid]
    return "".join(lines)


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


def _start_of(tree: ast.Module, line: int) -> int | None:
    """The first line of the logical line holding `line`, if that is code to lay out."""
    body: list[ast.stmt | ast.ExceptHandler] = list(tree.body)
    found: ast.stmt | ast.ExceptHandler | None = None
    while True:
        inner = next(
            (s for s in body if _first_line(s) <= line <= (s.end_lineno or s.lineno)),
            None,
        )
        if inner is None:
            break
        found = inner
        body = [
            child
            for field in ("body", "orelse", "finalbody", "handlers")
            for child in getattr(inner, field, [])
        ]
        for case in getattr(inner, "cases", []):
            body += case.body
    if found is None or (isinstance(found, ast.stmt) and _is_string(found)):
        return None
    for decorator in getattr(found, "decorator_list", []):
        if decorator.lineno <= line <= (decorator.end_lineno or decorator.lineno):
            return _decorator_line(decorator)
    if line < found.lineno:
        return None
    return found.lineno


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
