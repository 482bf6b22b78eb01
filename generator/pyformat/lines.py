"""A line of leaves being laid out: its brackets, comments and magic trailing comma."""

from __future__ import annotations

import math
from typing import Iterator

from generator.pyformat.brackets import BracketTracker
from generator.pyformat.spacing import whitespace
from generator.pyformat.widths import str_width
from generator.pyformat.tree import (
    BRACKETS,
    CLOSING_BRACKETS,
    COMMENT,
    NAME,
    STANDALONE_COMMENT,
    TEST_DESCENDANTS,
    Leaf,
    Node,
    first_leaf,
    is_multiline_string,
    last_leaf,
)

LINE_LENGTH = 88
_COMMENTS = frozenset({COMMENT, STANDALONE_COMMENT})


class Line:
    __slots__ = (
        "depth",
        "leaves",
        "comments",
        "tracker",
        "inside_brackets",
        "should_split_rhs",
        "magic_trailing_comma",
    )

    def __init__(self, depth: int = 0, inside_brackets: bool = False) -> None:
        self.depth = depth
        self.leaves: list[Leaf] = []
        self.comments: dict[int, list[Leaf]] = {}  # id(leaf) -> comments after it
        self.tracker = BracketTracker()
        self.inside_brackets = inside_brackets
        self.should_split_rhs = False
        self.magic_trailing_comma: Leaf | None = None

    def append(
        self, leaf: Leaf, preformatted: bool = False, track_bracket: bool = False
    ) -> None:
        """Add `leaf`; unless preformatted it gets its whitespace and bracket data."""
        if not (leaf.type in BRACKETS or leaf.value.strip()):
            return
        if leaf.type == "COLON" and self.is_class_paren_empty:
            del self.leaves[-2:]
        if self.leaves and not preformatted:
            leaf.prefix += whitespace(leaf, lambda: self._complex_subscript(leaf))
        if self.inside_brackets or not preformatted or track_bracket:
            self.tracker.mark(leaf)
            if leaf.type in CLOSING_BRACKETS and self.has_magic_trailing_comma(leaf):
                self.magic_trailing_comma = leaf
        if leaf.type not in _COMMENTS or not self.append_comment(leaf):
            self.leaves.append(leaf)

    def append_safe(self, leaf: Leaf, preformatted: bool = False) -> None:
        """`append`, refusing what would put code after a standalone comment."""
        if self.tracker.depth == 0 or self.tracker.any_open_for_or_lambda():
            if self.is_comment:
                raise ValueError("cannot append to standalone comments")
            if self.leaves and leaf.type == STANDALONE_COMMENT:
                raise ValueError(
                    "cannot append standalone comments to a populated line"
                )
        self.append(leaf, preformatted=preformatted)

    # -- what the line is -----------------------------------------------------

    @property
    def is_comment(self) -> bool:
        return len(self.leaves) == 1 and self.leaves[0].type == STANDALONE_COMMENT

    @property
    def is_import(self) -> bool:
        if not self.leaves:
            return False
        first = self.leaves[0]
        parent = first.parent
        return first.type == NAME and (
            (
                first.value == "import"
                and parent is not None
                and parent.type == "import_name"
            )
            or (
                first.value == "from"
                and parent is not None
                and parent.type == "import_from"
            )
        )

    @property
    def is_with_or_async_with_stmt(self) -> bool:
        if not self.leaves:
            return False
        first = self.leaves[0]
        if _is(first, "with"):
            return first.parent is not None and first.parent.type == "with_stmt"
        after = first.next_sibling
        return first.type == "ASYNC" and after is not None and after.type == "with_stmt"

    @property
    def is_class(self) -> bool:
        return bool(self.leaves) and _is(self.leaves[0], "class")

    @property
    def is_def(self) -> bool:
        if not self.leaves:
            return False
        first = self.leaves[0]
        if _is(first, "def"):
            return True
        return (
            first.type == "ASYNC"
            and len(self.leaves) > 1
            and _is(self.leaves[1], "def")
        )

    @property
    def is_class_paren_empty(self) -> bool:
        return (
            len(self.leaves) == 4
            and self.is_class
            and self.leaves[2].type == "LPAR"
            and self.leaves[2].value == "("
            and self.leaves[3].type == "RPAR"
            and self.leaves[3].value == ")"
        )

    @property
    def is_chained_assignment(self) -> bool:
        return sum(1 for leaf in self.leaves if leaf.type == "EQUAL") > 1

    def contains_standalone_comments(self) -> bool:
        return any(leaf.type == STANDALONE_COMMENT for leaf in self.leaves)

    def contains_multiline_strings(self) -> bool:
        return any(is_multiline_string(leaf) for leaf in self.leaves)

    def contains_implicit_multiline_string_with_comments(self) -> bool:
        run: list[Leaf] = []
        for leaf in self.leaves + [Leaf("ENDMARKER", "")]:
            if leaf.type == "STRING":
                run.append(leaf)
                continue
            if len(run) > 1 and any(self.comments_after(s) for s in run):
                return True
            run = []
        return False

    # -- type comments ----------------------------------------------------------

    def contains_uncollapsable_type_comments(self) -> bool:
        """A type comment that joining the line would attach to another element."""
        ignored: set[int] = set()
        try:
            last = self.leaves[-1]
            ignored.add(id(last))
            if last.type == "COMMA" or (last.type == "RPAR" and not last.value):
                last = self.leaves[-2]
                ignored.add(id(last))
        except IndexError:
            return False
        comment_seen = False
        for leaf_id, comments in self.comments.items():
            for comment in comments:
                if is_type_comment(comment):
                    if comment_seen or (
                        not is_type_ignore_comment(comment) and leaf_id not in ignored
                    ):
                        return True
                comment_seen = True
        return False

    def contains_unsplittable_type_ignore(self) -> bool:
        """A `type: ignore` at the end of a line that was one line in the source."""
        if not self.leaves:
            return False
        first = next((leaf.lineno for leaf in self.leaves if leaf.lineno != 0), 0)
        last = next(
            (leaf.lineno for leaf in reversed(self.leaves) if leaf.lineno != 0), 0
        )
        if first == last and first != 0:
            for leaf in self.leaves[-2:]:
                for comment in self.comments.get(id(leaf), []):
                    if is_type_ignore_comment(comment):
                        return True
        return False

    def contains_multiple_type_ignores_at_current_depth(self) -> bool:
        count = 0
        for leaf in self.leaves:
            if leaf.bracket_depth != 0:
                continue
            for comment in self.comments_after(leaf):
                if is_type_ignore_comment(comment):
                    count += 1
                    if count > 1:
                        return True
        return False

    # -- trailing commas and comments -----------------------------------------

    def has_magic_trailing_comma(self, closing: Leaf) -> bool:
        """A comma before `closing` that asks for one item a line."""
        if not (
            closing.type in CLOSING_BRACKETS
            and self.leaves
            and self.leaves[-1].type == "COMMA"
        ):
            return False
        if closing.type == "RBRACE":
            return True
        opening = closing.opening_bracket
        if closing.type == "RSQB":
            parent = closing.parent
            if (
                parent is not None
                and parent.type == "trailer"
                and opening is not None
                and is_one_sequence_between(
                    opening, closing, self.leaves, ("LSQB", "RSQB")
                )
            ):
                return False
            return True
        if self.is_import:
            return True
        return opening is not None and not is_one_sequence_between(
            opening, closing, self.leaves
        )

    def append_comment(self, comment: Leaf) -> bool:
        """Attach an inline comment to the last leaf; False when `comment` is a leaf."""
        if comment.type == STANDALONE_COMMENT and self.tracker.any_open_brackets():
            comment.prefix = ""
            return False
        if comment.type != COMMENT:
            return False
        if not self.leaves:
            comment.type = STANDALONE_COMMENT
            comment.prefix = ""
            return False
        last = self.leaves[-1]
        if (
            last.type == "RPAR"
            and not last.value
            and last.parent is not None
            and len(list(last.parent.leaves())) <= 3
            and not is_type_comment(comment)
            and not self.contains_standalone_comments()
        ):
            if len(self.leaves) >= 2:
                last = self.leaves[-2]
        self.comments.setdefault(id(last), []).append(comment)
        return True

    def comments_after(self, leaf: Leaf) -> list[Leaf]:
        return self.comments.get(id(leaf), [])

    def _complex_subscript(self, leaf: Leaf) -> bool:
        """Is `leaf` in a subscript holding more than names and literals?"""
        opening = self.tracker.open_lsqb()
        if opening is None:
            return False
        start = opening.next_sibling
        if isinstance(start, Node):
            if start.type == "listmaker":
                return False
            if start.type == "subscriptlist":
                start = _child_towards(start, leaf)
        if start is None:
            return False
        return _has_test_descendant(start)

    def enumerate_with_length(
        self, reverse: bool = False
    ) -> Iterator[tuple[int, Leaf, int]]:
        """(index, leaf, length with its comments); stops at a multiline string."""
        indices = (
            range(len(self.leaves) - 1, -1, -1) if reverse else range(len(self.leaves))
        )
        for index in indices:
            leaf = self.leaves[index]
            if "\n" in leaf.value:
                return
            length = len(leaf.prefix) + len(leaf.value)
            for comment in self.comments_after(leaf):
                length += len(comment.value)
            yield index, leaf, length

    def clone(self) -> Line:
        line = Line(self.depth, self.inside_brackets)
        line.should_split_rhs = self.should_split_rhs
        line.magic_trailing_comma = self.magic_trailing_comma
        return line

    def __str__(self) -> str:
        if not self.leaves and not self.comments:
            return "\n"
        first = self.leaves[0]
        text = f"{first.prefix}{'    ' * self.depth}{first.value}"
        text += "".join(str(leaf) for leaf in self.leaves[1:])
        for comments in self.comments.values():
            text += "".join(str(comment) for comment in comments)
        return text + "\n"

    def __bool__(self) -> bool:
        return bool(self.leaves or self.comments)


def _is(leaf: Leaf, word: str) -> bool:
    return leaf.type == NAME and leaf.value == word


def _child_towards(ancestor: Node, descendant: Leaf) -> Node | Leaf | None:
    node: Node | Leaf | None = descendant
    while node is not None and node.parent is not ancestor:
        node = node.parent
    return node


def _has_test_descendant(node: Node | Leaf) -> bool:
    if node.type in TEST_DESCENDANTS:
        return True
    if isinstance(node, Node):
        return any(_has_test_descendant(child) for child in node.children)
    return False


def is_type_comment(leaf: Leaf) -> bool:
    return leaf.value.startswith("#") and leaf.value[1:].lstrip().startswith("type:")


def is_type_ignore_comment(leaf: Leaf) -> bool:
    return is_type_comment(leaf) and leaf.value.split(":", 1)[1].lstrip().startswith(
        "ignore"
    )


def is_one_sequence_between(
    opening: Leaf,
    closing: Leaf,
    leaves: list[Leaf],
    brackets: tuple[str, str] = ("LPAR", "RPAR"),
) -> bool:
    """Is the content between the brackets one item (no comma, or only a trailing one)?"""
    if (opening.type, closing.type) != brackets:
        return False
    depth = closing.bracket_depth + 1
    start = next((i for i, leaf in enumerate(leaves) if leaf is opening), -1)
    if start < 0:
        return False
    commas = 0
    for leaf in leaves[start + 1 :]:
        if leaf is closing:
            break
        if leaf.bracket_depth == depth and leaf.type == "COMMA":
            commas += 1
            if leaf.parent is not None and leaf.parent.type in (
                "arglist",
                "typedargslist",
            ):
                commas += 1
                break
    return commas < 2


def line_to_string(line: Line) -> str:
    return str(line).strip("\n")


def is_line_short_enough(
    line: Line, line_str: str = "", limit: int = LINE_LENGTH
) -> bool:
    """Does the line fit? (A line holding a multiline string never does here.)"""
    if not line_str:
        line_str = line_to_string(line)
    if line.contains_standalone_comments():
        return False
    if "\n" not in line_str:
        return str_width(line_str) <= limit
    return _multiline_string_fits(line, line_str, limit)


def _multiline_string_fits(line: Line, line_str: str, limit: int) -> bool:
    """Black's rule for a line holding a multiline string: its first and last lines
    fit, and no comma around the string asks for one item a line."""
    first, *_, last = line_str.split("\n")
    if str_width(first) > limit or str_width(last) > limit:
        return False
    commas: list[int] = []  # per bracket depth
    multiline: Leaf | None = None
    contexts: list[Leaf | Node] = []  # the string and the nodes it fills on this line
    ids = {id(leaf) for leaf in line.leaves}
    max_level: float = math.inf
    for i, leaf in enumerate(line.leaves):
        if max_level == math.inf:
            had_comma: int | None = None
            if leaf.bracket_depth + 1 > len(commas):
                commas.append(0)
            elif leaf.bracket_depth + 1 < len(commas):
                had_comma = commas.pop()
            if (
                had_comma is not None
                and multiline is not None
                and multiline.bracket_depth == leaf.bracket_depth + 1
            ):
                max_level = leaf.bracket_depth
                if had_comma > 0:
                    return False
        if leaf.bracket_depth <= max_level and leaf.type == "COMMA":
            ignored: list[Leaf | Node | None] = [None, *contexts]
            if (line.inside_brackets or leaf.bracket_depth > 0) and (
                i != len(line.leaves) - 1
                or not any(leaf.prev_sibling is c for c in ignored)
            ):
                commas[leaf.bracket_depth] += 1
        if max_level != math.inf:
            max_level = min(max_level, leaf.bracket_depth)
        if is_multiline_string(leaf):
            parent = leaf.parent
            if parent is not None and (
                parent.type == "test"
                or (parent.parent is not None and parent.parent.type == "dictsetmaker")
            ):
                return False
            if contexts:
                return False
            multiline = leaf
            context: Leaf | Node = leaf
            while id(first_leaf(context)) in ids and id(last_leaf(context)) in ids:
                contexts.append(context)
                if context.parent is None:
                    break
                context = context.parent
    if not contexts:
        return True
    return all(count == 0 for count in commas)
