"""Bracket depths and split points ("delimiters") of a line, with their priorities.

The higher a delimiter's priority, the earlier a line is split at it: commas
before ternaries, before `and`/`or`, before comparisons, before arithmetic.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from generator.pyformat.tree import (
    BRACKET,
    CLOSING_BRACKETS,
    COMPARATORS,
    LN,
    MATH_OPERATORS,
    MATH_PRIORITIES,
    NAME,
    OPENING_BRACKETS,
    STRING,
    STAR_PARENTS,
    Leaf,
    Node,
    is_vararg,
)

COMPREHENSION_PRIORITY = 20
COMMA_PRIORITY = 18
TERNARY_PRIORITY = 16
LOGIC_PRIORITY = 14
STRING_PRIORITY = 12
COMPARATOR_PRIORITY = 10
DOT_PRIORITY = 1


class BracketTracker:
    __slots__ = (
        "depth",
        "match",
        "delimiters",
        "previous",
        "_for",
        "_lambda",
        "invisible",
    )

    def __init__(self) -> None:
        self.depth = 0
        self.match: dict[tuple[int, str], Leaf] = {}
        self.delimiters: dict[int, int] = {}  # id(leaf) -> priority of a split after it
        self.previous: Leaf | None = None
        self._for: list[int] = []
        self._lambda: list[int] = []
        self.invisible: list[Leaf] = []

    def mark(self, leaf: Leaf) -> None:
        """Record `leaf`'s depth, pair a closing bracket, note a delimiter at depth 0."""
        if leaf.type == "COMMENT":
            return
        if (
            self.depth == 0
            and leaf.type in CLOSING_BRACKETS
            and (0, leaf.type) not in self.match
        ):
            return
        if self._for and self._for[-1] == self.depth and _is(leaf, "in"):
            self.depth -= 1
            self._for.pop()
        if self._lambda and self._lambda[-1] == self.depth and leaf.type == "COLON":
            self.depth -= 1
            self._lambda.pop()
        if leaf.type in CLOSING_BRACKETS:
            self.depth -= 1
            opening = self.match.pop((self.depth, leaf.type))
            leaf.opening_bracket = opening
            if not leaf.value:
                self.invisible.append(leaf)
        leaf.bracket_depth = self.depth
        if self.depth == 0:
            before = split_before_priority(leaf, self.previous)
            if before and self.previous is not None:
                self.delimiters[id(self.previous)] = before
            else:
                after = split_after_priority(leaf)
                if after:
                    self.delimiters[id(leaf)] = after
        if leaf.type in OPENING_BRACKETS:
            self.match[self.depth, BRACKET[leaf.type]] = leaf
            self.depth += 1
            if not leaf.value:
                self.invisible.append(leaf)
        self.previous = leaf
        if leaf.type == NAME and leaf.value in ("lambda", "for"):
            self.depth += 1
            (self._lambda if leaf.value == "lambda" else self._for).append(self.depth)

    def any_open_for_or_lambda(self) -> bool:
        return bool(self._for or self._lambda)

    def any_open_brackets(self) -> bool:
        return bool(self.match)

    def max_priority(self, exclude: Iterable[int] = ()) -> int:
        """The highest delimiter priority; ValueError when there is none."""
        excluded = set(exclude)
        return max(v for k, v in self.delimiters.items() if k not in excluded)

    def count_with_priority(self, priority: int = 0) -> int:
        if not self.delimiters:
            return 0
        priority = priority or self.max_priority()
        return sum(1 for p in self.delimiters.values() if p == priority)

    def open_lsqb(self) -> Leaf | None:
        return self.match.get((self.depth - 1, "RSQB"))


def _is(leaf: Leaf, word: str) -> bool:
    return leaf.type == NAME and leaf.value == word


def split_after_priority(leaf: Leaf) -> int:
    if leaf.type != "COMMA":
        return 0
    parent = leaf.parent
    if parent is not None and parent.type == "exprlist":
        grand = parent.parent
        if grand is not None and grand.type in ("comp_for", "old_comp_for", "for_stmt"):
            return 0
    return COMMA_PRIORITY


def split_before_priority(leaf: Leaf, previous: Leaf | None) -> int:
    if is_vararg(leaf, STAR_PARENTS):
        return 0
    parent = leaf.parent
    kind = leaf.type
    if (
        kind == "DOT"
        and parent is not None
        and parent.type not in ("import_from", "dotted_name")
        and (previous is None or previous.type in CLOSING_BRACKETS)
    ):
        return DOT_PRIORITY
    if kind in MATH_OPERATORS and parent is not None:
        if parent.type not in ("factor", "star_expr"):
            return MATH_PRIORITIES[kind]
    if kind in COMPARATORS:
        return COMPARATOR_PRIORITY
    if kind == STRING and previous is not None and previous.type == STRING:
        return STRING_PRIORITY
    if kind not in (NAME, "ASYNC"):
        return 0
    value = leaf.value
    ptype = parent.type if parent is not None else None
    if (value == "for" and ptype in ("comp_for", "old_comp_for")) or kind == "ASYNC":
        before = leaf.prev_sibling
        if not (isinstance(before, Leaf) and before.value == "async"):
            return COMPREHENSION_PRIORITY
    if value == "if" and ptype in ("comp_if", "old_comp_if"):
        return COMPREHENSION_PRIORITY
    if value in ("if", "else") and ptype == "test":
        return TERNARY_PRIORITY
    if value == "is":
        return COMPARATOR_PRIORITY
    if value == "in" and ptype in ("comp_op", "comparison"):
        if not (previous is not None and _is(previous, "not")):
            return COMPARATOR_PRIORITY
    if value == "not" and ptype == "comp_op":
        if not (previous is not None and _is(previous, "is")):
            return COMPARATOR_PRIORITY
    if value in ("and", "or") and parent is not None:
        return LOGIC_PRIORITY
    return 0


def max_priority_in_atom(node: LN) -> int:
    """The highest delimiter priority directly inside a parenthesized atom."""
    if node.type != "atom" or not isinstance(node, Node):
        return 0
    first, last = node.children[0], node.children[-1]
    if not (first.type == "LPAR" and last.type == "RPAR"):
        return 0
    tracker = BracketTracker()
    for leaf in _top_level_leaves(node.children[1:-1]):
        tracker.mark(leaf)
    try:
        return tracker.max_priority()
    except ValueError:
        return 0


def _top_level_leaves(children: list[LN]) -> Iterator[Leaf]:
    for child in children:
        if isinstance(child, Leaf):
            yield child
        elif child.children:
            first, last = child.children[0], child.children[-1]
            if (
                isinstance(first, Leaf)
                and isinstance(last, Leaf)
                and first.type in OPENING_BRACKETS
                and last.type in CLOSING_BRACKETS
            ):
                yield first
                yield last
            else:
                yield from _top_level_leaves(child.children)


def leaves_inside_matching_brackets(leaves: list[Leaf]) -> set[int]:
    """ids of the leaves between (and of) the matched bracket pairs of `leaves`."""
    start = next((i for i, l in enumerate(leaves) if l.type in OPENING_BRACKETS), None)
    if start is None:
        return set()
    ids: set[int] = set()
    stack: list[tuple[str, list[int]]] = []
    for leaf in leaves[start:]:
        if leaf.type in OPENING_BRACKETS:
            stack.append((BRACKET[leaf.type], [id(leaf)]))
        elif leaf.type in CLOSING_BRACKETS:
            if stack and leaf.type == stack[-1][0]:
                _, level = stack.pop()
                level.append(id(leaf))
                ids.update(level)
            else:
                break
        elif stack:
            stack[-1][1].append(id(leaf))
    return ids
