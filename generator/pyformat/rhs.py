"""Bracket splits: head `(`, body, tail `)`, from the right or (definitions) the left."""

from __future__ import annotations

from dataclasses import dataclass

from generator.pyformat.brackets import (
    COMMA_PRIORITY,
    DOT_PRIORITY,
    leaves_inside_matching_brackets,
)
from generator.pyformat.lines import (
    LINE_LENGTH,
    Line,
    is_line_short_enough,
    is_type_ignore_comment,
)
from generator.pyformat.tree import (
    BRACKETS,
    CLOSING_BRACKETS,
    OPENING_BRACKETS,
    STANDALONE_COMMENT,
    Leaf,
    annotation_kind,
    ensure_visible,
    is_multiline_string,
)


class CannotSplit(Exception):
    """This split does not apply to the line (or would not help)."""


@dataclass
class RHSResult:
    head: Line
    body: Line
    tail: Line
    opening: Leaf
    closing: Leaf


def first_right_hand_split(line: Line, omit: frozenset[int] = frozenset()) -> RHSResult:
    """Split at the last bracket pair whose closing bracket is not in `omit`."""
    tail: list[Leaf] = []
    body: list[Leaf] = []
    head: list[Leaf] = []
    current = tail
    opening: Leaf | None = None
    closing: Leaf | None = None
    for leaf in reversed(line.leaves):
        if current is body and leaf is opening:
            current = head if body else tail
        current.append(leaf)
        if current is tail and leaf.type in CLOSING_BRACKETS and id(leaf) not in omit:
            opening = leaf.opening_bracket
            closing = leaf
            current = body
    if opening is None or closing is None or not head:
        raise CannotSplit("no brackets found")
    tail.reverse()
    body.reverse()
    head.reverse()
    result = RHSResult(
        build_line(head, line, opening, "head"),
        build_line(body, line, opening, "body"),
        build_line(tail, line, opening, "tail"),
        opening,
        closing,
    )
    split_succeeded_or_raise(result.head, result.body, result.tail)
    return result


def left_hand_split(line: Line) -> list[Line]:
    """Split a definition at its first bracket pair: the parameters."""
    for bracket in ("LPAR", "LSQB"):
        tail: list[Leaf] = []
        body: list[Leaf] = []
        head: list[Leaf] = []
        current = head
        matching: Leaf | None = None
        depth = 0
        for index, leaf in enumerate(line.leaves):
            if index == 2 and leaf.type == "LSQB":
                depth += 1  # type parameters
            elif depth > 0:
                if leaf.type == "LSQB":
                    depth += 1
                elif leaf.type == "RSQB":
                    depth -= 1
            if (
                current is body
                and leaf.type in CLOSING_BRACKETS
                and leaf.opening_bracket is matching
                and matching is not None
                and not (bracket == "LPAR" and depth > 0)
            ):
                ensure_visible(leaf)
                ensure_visible(matching)
                current = tail if body else head
            current.append(leaf)
            if current is head and leaf.type == bracket:
                if not (bracket == "LPAR" and depth > 0):
                    matching = leaf
                    current = body
        if matching is not None and tail:
            break
    if matching is None or not tail:
        raise CannotSplit("no brackets found")
    lines = (
        build_line(head, line, matching, "head"),
        build_line(body, line, matching, "body"),
        build_line(tail, line, matching, "tail"),
    )
    split_succeeded_or_raise(*lines)
    return [result for result in lines if result]


def split_succeeded_or_raise(head: Line, body: Line, tail: Line) -> None:
    tail_len = len(str(tail).strip())
    if not body:
        if tail_len == 0:
            raise CannotSplit("splitting brackets produced the same line")
        if tail_len < 3:
            raise CannotSplit("splitting brackets on an empty body is not worth it")


def build_line(
    leaves: list[Leaf], original: Line, opening: Leaf, component: str
) -> Line:
    """A head, body or tail line; a body is one level deeper and may get a trailing comma."""
    result = Line(original.depth)
    if component == "body":
        result.inside_brackets = True
        result.depth += 1
        if _ensure_trailing_comma(leaves, original, opening):
            for i in range(len(leaves) - 1, -1, -1):
                if leaves[i].type == STANDALONE_COMMENT:
                    continue
                if leaves[i].type != "COMMA":
                    leaves.insert(i + 1, Leaf("COMMA", ","))
                break
    tracked = leaves_inside_matching_brackets(leaves) if component == "head" else set()
    for leaf in leaves:
        result.append(leaf, preformatted=True, track_bracket=id(leaf) in tracked)
        for comment in original.comments_after(leaf):
            result.append(comment, preformatted=True)
    if component == "body" and should_split_line(result, opening):
        result.should_split_rhs = True
    return result


def _ensure_trailing_comma(leaves: list[Leaf], original: Line, opening: Leaf) -> bool:
    if not leaves:
        return False
    if original.is_import:
        return True
    if not original.is_def or opening.value != "(":
        return False
    if any(leaf.type == "COMMA" and annotation_kind(leaf) is None for leaf in leaves):
        return False
    with_parent = next((leaf for leaf in leaves if leaf.parent is not None), None)
    if with_parent is None:
        return True
    if annotation_kind(with_parent) == "return":
        return False
    parent = with_parent.parent
    if parent is not None:
        after = parent.next_sibling
        if after is not None and after.type == "VBAR":
            return False
    return True


def should_split_line(line: Line, opening: Leaf) -> bool:
    """Should a body be split at its commas right away (magic comma, collections)?"""
    if not (opening.parent is not None and opening.value in "[{("):  # "" too
        return False
    exclude = set()
    trailing_comma = False
    try:
        last = line.leaves[-1]
        if last.type == "COMMA":
            trailing_comma = True
            exclude.add(id(last))
        max_priority = line.tracker.max_priority(exclude)
    except (IndexError, ValueError):
        return False
    return max_priority == COMMA_PRIORITY and (
        trailing_comma or opening.parent.type in ("atom", "import_from")
    )


def prefer_split_rhs_oop(rhs_oop: RHSResult, rhs: RHSResult) -> bool:
    """Prefer splitting inside the right-hand side over wrapping it in parentheses?"""
    if any(
        part.contains_unsplittable_type_ignore()
        for part in (rhs_oop.head, rhs_oop.body, rhs_oop.tail)
    ):
        return True
    head = rhs.head.leaves
    if not (len(head) >= 2 and head[-2].type == "EQUAL"):
        return True
    if not any(leaf.type in BRACKETS for leaf in head[:-1]):
        return True
    if not is_line_short_enough(rhs.head, limit=LINE_LENGTH - 1):
        return True
    if rhs.head.magic_trailing_comma is not None:
        return True
    rhs_equals = sum(1 for leaf in head if leaf.type == "EQUAL")
    oop_equals = sum(1 for leaf in rhs_oop.head.leaves if leaf.type == "EQUAL")
    if rhs_equals > 1 and rhs_equals > oop_equals:
        return False
    closing_after_equal = False
    for leaf in reversed(rhs_oop.head.leaves):
        if leaf.type == "EQUAL":
            break
        if leaf.type in CLOSING_BRACKETS:
            closing_after_equal = True
            break
    return closing_after_equal or (
        any(leaf.type == "EQUAL" for leaf in rhs_oop.head.leaves)
        and is_line_short_enough(rhs_oop.head)
    )


def can_omit_invisible_parens(rhs: RHSResult) -> bool:
    """Is the body safe to lay out without the optional parentheses around it?"""
    line = rhs.body
    if (
        line.contains_multiple_type_ignores_at_current_depth()
        and not line.tracker.delimiters
        and any(leaf.type == "DOT" for leaf in line.leaves)
    ):
        return False
    if rhs.opening.type == "LPAR" and not rhs.opening.value:
        if rhs.head.comments.get(id(rhs.opening)):
            return False
    if rhs.head.leaves and _type_ignore_would_merge(rhs):
        return False
    closing: Leaf | None = None
    for leaf in reversed(line.leaves):
        if closing is not None and leaf is closing.opening_bracket:
            closing = None
        if leaf.type == STANDALONE_COMMENT and closing is None:
            return False
        if (
            closing is None
            and leaf.type in CLOSING_BRACKETS
            and leaf.opening_bracket in line.leaves
            and leaf.value
        ):
            closing = leaf
    tracker = line.tracker
    if not tracker.delimiters:
        return True
    max_priority = tracker.max_priority()
    count = tracker.count_with_priority(max_priority)
    if count > 1:
        return False
    if (
        count == 1
        and max_priority == COMMA_PRIORITY
        and rhs.head.is_with_or_async_with_stmt
    ):
        return False
    if max_priority == DOT_PRIORITY:
        return True
    first, second = line.leaves[0], line.leaves[1]
    if first.type in OPENING_BRACKETS and second.type not in CLOSING_BRACKETS:
        if _can_omit_opening_paren(line, first):
            return True
    penultimate, last = line.leaves[-2], line.leaves[-1]
    if (
        last.type == "RPAR"
        or last.type == "RBRACE"
        or (
            last.type == "RSQB"
            and last.parent is not None
            and last.parent.type != "trailer"
        )
    ):
        if penultimate.type in OPENING_BRACKETS:
            return False
        if is_multiline_string(first):
            return True
        if _can_omit_closing_paren(line, last):
            return True
    return False


def _type_ignore_would_merge(rhs: RHSResult) -> bool:
    """Would a `type: ignore` share a line with another comment without the parens?"""
    head_comments = rhs.head.comments.get(id(rhs.head.leaves[-1]), [])
    if not head_comments:
        return False
    ignore_in_head = any(is_type_ignore_comment(c) for c in head_comments)
    other_in_head = any(not is_type_ignore_comment(c) for c in head_comments)
    ignore_in_body = other_in_body = False
    for leaf in rhs.body.leaves:
        for comment in rhs.body.comments.get(id(leaf), []):
            if is_type_ignore_comment(comment):
                ignore_in_body = True
            else:
                other_in_body = True
    return (ignore_in_head and other_in_body) or (other_in_head and ignore_in_body)


def _can_omit_opening_paren(line: Line, first: Leaf) -> bool:
    remainder = False
    length = 4 * line.depth
    index = -1
    for index, leaf, leaf_length in line.enumerate_with_length():
        if leaf.type in CLOSING_BRACKETS and leaf.opening_bracket is first:
            remainder = True
        if remainder:
            length += leaf_length
            if length > LINE_LENGTH:
                break
            if leaf.type in OPENING_BRACKETS:
                remainder = False
    else:
        if len(line.leaves) == index + 1:
            return True
    return False


def _can_omit_closing_paren(line: Line, last: Leaf) -> bool:
    length = 4 * line.depth
    seen_other_brackets = False
    for _, leaf, leaf_length in line.enumerate_with_length():
        length += leaf_length
        if leaf is last.opening_bracket:
            if seen_other_brackets or length <= LINE_LENGTH:
                return True
        elif leaf.type in OPENING_BRACKETS:
            seen_other_brackets = True
    return False


def can_be_split(line: Line) -> bool:
    """False when the line surely cannot be split (a cheap check)."""
    leaves = line.leaves
    if len(leaves) < 2:
        return False
    if leaves[0].type == "STRING" and leaves[1].type == "DOT":
        calls = dots = 0
        after = leaves[-1]
        for leaf in leaves[-2::-1]:
            if leaf.type in OPENING_BRACKETS:
                if after.type not in CLOSING_BRACKETS:
                    return False
                calls += 1
            elif leaf.type == "DOT":
                dots += 1
            elif leaf.type == "NAME":
                if not (after.type == "DOT" or after.type in OPENING_BRACKETS):
                    return False
            elif leaf.type not in CLOSING_BRACKETS:
                return False
            if dots > 1 and calls > 1:
                return False
    return True
