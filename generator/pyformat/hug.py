"""`x**2`: black removes the spaces around `**` when both operands are simple."""

from __future__ import annotations

from typing import Iterator

from generator.pyformat.lines import Line
from generator.pyformat.tree import NAME, NUMBER, Leaf


def hug_power_op(line: Line, force_optional: bool) -> Iterator[Line]:
    from generator.pyformat.rhs import CannotSplit

    leaves = line.leaves
    hugged = {
        i
        for index, leaf in enumerate(leaves)
        if 0 < index < len(leaves) - 1
        and leaf.type == "DOUBLESTAR"
        and _simple_operand(leaves, index - 1, -1)
        and leaves[index - 1].value != "lambda"
        and _simple_operand(leaves, index + 1, 1)
        for i in (index, index + 1)
    }
    if not any(leaves[i].prefix for i in hugged):
        raise CannotSplit("no power operator to hug")  # the line would not change
    new_line = line.clone()
    for index, leaf in enumerate(leaves):
        if index in hugged:
            new = Leaf(leaf.type, leaf.value, leaf.lineno)  # outside the tree
        else:
            new = leaf
        new_line.append(new, preformatted=True)
        for comment in line.comments_after(leaf):
            new_line.append(comment, preformatted=True)
    yield new_line


def _simple_operand(leaves: list[Leaf], index: int, direction: int) -> bool:
    start = leaves[index]
    if start.type in (NAME, NUMBER):
        return _simple_lookup(leaves, index, direction)
    if start.type in ("PLUS", "MINUS", "TILDE"):
        if leaves[index + 1].type in (NAME, NUMBER):
            return _simple_lookup(leaves, index + 1, 1)
    return False


def _simple_lookup(leaves: list[Leaf], index: int, direction: int) -> bool:
    if direction == 1:
        while 0 <= index < len(leaves):
            current = leaves[index]
            if current.type in ("LPAR", "LSQB"):
                return False
            if current.type not in (NAME, "DOT") or (
                current.type == NAME and current.value == "for"
            ):
                return True
            index += 1
        return True
    disallowed = False
    chain: list[Leaf] = []
    while 0 <= index < len(leaves):
        current = leaves[index]
        chain.append(current)
        if current.type in ("RPAR", "RSQB"):
            disallowed = True
        if not _chained(chain):
            return not disallowed
        index -= 1
    return True


def _chained(chain: list[Leaf]) -> bool:
    if len(chain) < 2:
        return True
    current, past = chain[-1], chain[-2]
    if past.type == NAME:
        return current.type == "DOT"
    if past.type in ("RPAR", "RSQB"):
        return current.type in ("RSQB", "RPAR")
    if past.type in ("LPAR", "LSQB"):
        return current.type in (NAME, "LPAR", "LSQB")
    return False
