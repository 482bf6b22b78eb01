"""Lay out Python statements exactly as black 26 (stable style, line length 88) does.

`format_statement` takes the source of one logical line - a simple statement, a
decorator, or the header of a compound statement - and returns it laid out:
on one line when it fits, otherwise split at brackets and delimiters by black's
rules (right-hand splits with optional parentheses, one item a line with a
magic trailing comma, left-hand splits for definitions). Tokens are kept as
written: string quotes and numbers are the emitter's business (`escape.py`).

Black itself is not needed at run time; tests compare the two on real output.
"""

from __future__ import annotations

from generator.pyformat.lines import Line
from generator.pyformat.parens import prepare
from generator.pyformat.parser import parse
from generator.pyformat.tokens import Unsupported
from generator.pyformat.transform import transform_line
from generator.pyformat.tree import COMMENT, STANDALONE_COMMENT, Leaf, Node

__all__ = ["Unsupported", "format_statement"]


def format_statement(text: str, depth: int) -> str:
    """`text` (one logical line, any indentation) laid out at `depth` levels of 4 spaces.

    Raises Unsupported for what this module does not lay out (the caller keeps
    the text as written).
    """
    try:
        laid = _once(text, depth)
        if laid != text:
            # Black formats a changed file twice: trailing commas added by the
            # first pass are magic in the second.
            laid = _once(laid, depth)
    except RecursionError:  # brackets nested some fifty deep: not laid out
        raise Unsupported("nested too deeply") from None
    return laid


def _once(text: str, depth: int) -> str:
    tree, end = parse(text)
    prepare(tree)
    line = _line(tree, end, depth)
    return "".join(str(result) for result in transform_line(line))


def _line(tree: Node, end: Leaf, depth: int) -> Line:
    line = Line(depth)
    for leaf in list(tree.leaves()):
        _append(line, leaf)
    for comment in _comments(end):
        if comment.type != COMMENT:
            raise Unsupported("a standalone comment after a statement")
        line.append(comment)
    return line


def _append(line: Line, leaf: Leaf) -> None:
    open_brackets = line.tracker.any_open_brackets()
    for comment in _comments(leaf):
        if not open_brackets:
            raise Unsupported("a comment outside brackets inside a statement")
        if "fmt:" in comment.value:
            raise Unsupported("fmt comments")
        line.append(comment)
    if open_brackets:
        leaf.prefix = ""
    line.append(leaf)


def _comments(leaf: Leaf) -> list[Leaf]:
    comments = []
    for text, same_line in leaf.comments:
        kind = COMMENT if same_line else STANDALONE_COMMENT
        comments.append(Leaf(kind, _normalize_comment(text)))
    leaf.comments = []
    return comments


def _normalize_comment(text: str) -> str:
    """`#x` becomes `# x` and `#type:ignore` `# type: ignore`, as black writes them."""
    if "fmt:" in text:
        raise Unsupported("fmt comments")
    content = text.rstrip()[1:]
    if content.startswith("\N{NO-BREAK SPACE}") or "\N{NO-BREAK SPACE}" in content:
        raise Unsupported("a no-break space in a comment")
    if content.lstrip().startswith("type:"):
        kind, value = content.split(":", 1)
        content = kind.strip() + ": " + value.strip()
    if content and content[0] not in " !:#'":
        content = " " + content
    return "#" + content
