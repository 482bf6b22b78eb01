"""Tokens of one logical line of Python source, as leaves with their comments.

f-strings are one STRING token (black does not split or reformat them); `...`
is three DOT tokens and `async`/`await` are their own types, as in blib2to3.
"""

from __future__ import annotations

import re

from generator.pyformat.tree import ASYNC, AWAIT, NAME, NUMBER, OPERATORS, STRING
from generator.pyformat.tree import Leaf


class Unsupported(Exception):
    """Source this layout engine does not handle; the caller keeps it as written."""


_STRING = r"""(?:[rRbBuUfF]{0,2})(?:'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_NUMBER = (
    r"(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+"
    r"|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d[\d_]*)?[jJlL]?)"
)
_OPS = sorted(OPERATORS, key=len, reverse=True)
_TOKEN = re.compile(
    rf"(?P<ws>[ \t\f]+)|(?P<nl>\r?\n)|(?P<cont>\\\r?\n)|(?P<comment>#[^\r\n]*)"
    rf"|(?P<string>{_STRING})|(?P<number>{_NUMBER})|(?P<name>[^\W\d]\w*)"
    rf"|(?P<ellipsis>\.\.\.)|(?P<op>{'|'.join(re.escape(op) for op in _OPS)})",
    re.S,
)


def tokenize(text: str) -> list[Leaf]:
    """The leaves of `text` (one logical line); each carries the comments before it.

    The last leaf is an ENDMARKER holding the comments after the statement.
    """
    leaves: list[Leaf] = []
    comments: list[tuple[str, bool]] = []
    same_line = True  # no newline since the last token
    line = 1
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise Unsupported(f"cannot tokenize {text[pos:pos + 20]!r}")
        kind = match.lastgroup
        value = match.group()
        pos = match.end()
        if kind == "ws":
            continue
        if kind == "nl":
            line += 1
            same_line = False
            continue
        if kind == "cont":
            raise Unsupported("backslash continuation")
        if kind == "comment":
            comments.append((value, same_line and bool(leaves)))
            continue
        for leaf in _leaves(kind, value, line):
            leaf.comments = comments
            comments = []
            leaves.append(leaf)
        same_line = True
    end = Leaf("ENDMARKER", "", line)
    end.comments = comments
    leaves.append(end)
    return leaves


def _leaves(kind: str | None, value: str, line: int) -> list[Leaf]:
    if kind == "string":
        return [Leaf(STRING, value, line)]
    if kind == "number":
        return [Leaf(NUMBER, value, line)]
    if kind == "name":
        if value == "async":
            return [Leaf(ASYNC, value, line)]
        if value == "await":
            return [Leaf(AWAIT, value, line)]
        return [Leaf(NAME, value, line)]
    if kind == "ellipsis":
        return [Leaf("DOT", ".", line) for _ in range(3)]
    return [Leaf(OPERATORS[value], value, line)]
