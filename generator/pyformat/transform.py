"""Split a line that does not fit, recursively, the way black 26 does (stable style).

The transforms are tried in black's order; each result line is transformed
again. A right-hand split that leaves the first line too long gets a second
opinion that keeps the optional parentheses.
"""

from __future__ import annotations

from typing import Callable, Iterator

from generator.pyformat.brackets import leaves_inside_matching_brackets
from generator.pyformat.lines import (
    LINE_LENGTH,
    Line,
    is_one_sequence_between,
    is_line_short_enough,
    line_to_string,
)
from generator.pyformat.rhs import (
    CannotSplit,
    RHSResult,
    can_be_split,
    can_omit_invisible_parens,
    first_right_hand_split,
    left_hand_split,
    prefer_split_rhs_oop,
)
from generator.pyformat.tree import (
    CLOSING_BRACKETS,
    OPENING_BRACKETS,
    STANDALONE_COMMENT,
    Leaf,
    ensure_visible,
    replace,
)
from generator.pyformat.hug import hug_power_op
from generator.pyformat.splits import (
    delimiter_split,
    force_standalone_comment_split,
    standalone_comment_split,
    type_ignore_comment_split,
)
from generator.pyformat.widths import str_width

Transform = Callable[[Line, bool], Iterator[Line]]


def transform_line(
    line: Line, force_optional: bool = False, line_str: str | None = None
) -> list[Line]:
    """The lines `line` becomes: itself when it fits, else its split lines.

    `line_str` is `line_to_string(line)` when the caller has it already.
    """
    if line.is_comment:
        return [line]
    if line_str is None:
        line_str = line_to_string(line)
    has_power = any(leaf.type == "DOUBLESTAR" for leaf in line.leaves)
    hugged = _hugged_string(line) if has_power else None
    transforms: list[Transform]
    if (
        not line.contains_uncollapsable_type_comments()
        and not line.should_split_rhs
        and not line.magic_trailing_comma
        and (
            is_line_short_enough(line, hugged or line_str)
            or line.contains_unsplittable_type_ignore()
        )
        and not (line.inside_brackets and line.contains_standalone_comments())
        and not line.contains_implicit_multiline_string_with_comments()
    ):
        transforms = []
    elif line.is_def and not _split_funcdef_with_rhs(line):
        transforms = [_left_hand_split]
    elif line.inside_brackets:
        transforms = [
            delimiter_split,
            type_ignore_comment_split,
            standalone_comment_split,
            rhs_with_omits,
        ]
    else:
        transforms = [rhs_with_omits]
    if has_power:  # without `**` hugging has nothing to do
        transforms.append(_hug)
    for transform in transforms:
        try:
            return run_transformer(line, transform, force_optional, line_str)
        except CannotSplit:
            continue
    if line.contains_standalone_comments():
        return list(force_standalone_comment_split(line))
    return [line]


def _hugged_string(line: Line) -> str | None:
    try:
        return line_to_string(next(hug_power_op(line, False)))
    except CannotSplit:
        return None


def _hug(line: Line, force_optional: bool) -> Iterator[Line]:
    return hug_power_op(line, force_optional)


def _left_hand_split(line: Line, force_optional: bool) -> Iterator[Line]:
    return iter(left_hand_split(line))


def run_transformer(
    line: Line, transform: Transform, force_optional: bool, line_str: str
) -> list[Line]:
    optional_parens = [b for b in line.tracker.invisible if b.bracket_depth == 0]
    result: list[Line] = []
    for transformed in transform(line, force_optional):
        transformed_str = line_to_string(transformed)
        if transformed_str == line_str:
            raise CannotSplit("the transform returned the line unchanged")
        result.extend(transform_line(transformed, force_optional, transformed_str))
    if (
        force_optional
        or transform is not rhs_with_omits
        or not line.tracker.invisible
        or any(bracket.value for bracket in optional_parens)
        or line.contains_multiline_strings()
        or result[0].contains_uncollapsable_type_comments()
        or result[0].contains_unsplittable_type_ignore()
        or is_line_short_enough(result[0])
        or _over_length_only_due_to_subscript_comment(result[0])
        or any(leaf.parent is None for leaf in line.leaves)
    ):
        return result
    line_copy = line.clone()
    _append_copies(line_copy, line)
    second_opinion = run_transformer(line_copy, transform, True, line_str)
    if all(is_line_short_enough(ln) for ln in second_opinion):
        result = second_opinion
    return result


def _append_copies(new_line: Line, old_line: Line) -> None:
    """Copy the leaves into `new_line` (and the tree), their whitespace recomputed."""
    for old in old_line.leaves:
        new = Leaf(old.type, old.value, old.lineno)
        replace(old, new)
        new_line.append(new)
        for comment in old_line.comments_after(old):
            new_line.append(comment, preformatted=True)


def _over_length_only_due_to_subscript_comment(line: Line) -> bool:
    if not line.leaves:
        return False
    first = line.leaves[0]
    text = f"{first.prefix}{'    ' * line.depth}{first.value}"
    text += "".join(str(leaf) for leaf in line.leaves[1:])
    if str_width(text) > LINE_LENGTH:
        return False
    for leaf_id, comments in line.comments.items():
        if not comments:
            continue
        leaf = next((lf for lf in line.leaves if id(lf) == leaf_id), None)
        if leaf is None or leaf.type != "LSQB":
            return False
    return True


def _split_funcdef_with_rhs(line: Line) -> bool:
    """A return annotation with a magic trailing comma is split from the right."""
    leaves: list[Leaf] = []
    in_return = False
    for leaf in line.leaves:
        if leaf.type == "COLON":
            in_return = False
        if in_return:
            leaves.append(leaf)
        if leaf.type == "RARROW":
            in_return = True
    result = Line(line.depth)
    tracked = leaves_inside_matching_brackets(leaves)
    for leaf in leaves:
        result.append(leaf, preformatted=True, track_bracket=id(leaf) in tracked)
    first_visible = next((leaf for leaf in leaves if leaf.value), None)
    return result.magic_trailing_comma is not None or (
        first_visible is not None
        and first_visible.type == "STRING"
        and not is_line_short_enough(result)
    )


# -- right-hand split -----------------------------------------------------------


def rhs_with_omits(line: Line, force_optional: bool) -> Iterator[Line]:
    """Split at the last bracket pair, gluing trailers to the right when that fits."""
    first_lines: list[Line] | None = None
    prefix_lengths: dict[int, int] = {}
    length = 4 * line.depth
    for leaf in line.leaves:
        prefix_lengths[id(leaf)] = length
        length += len(leaf.prefix) + len(leaf.value)
    for omit in generate_trailers_to_omit(line):
        if omit:
            target: Leaf | None = None
            for leaf in reversed(line.leaves):
                if leaf.type in CLOSING_BRACKETS and id(leaf) not in omit:
                    target = leaf.opening_bracket
                    break
            if (
                target is not None
                and target.value
                and prefix_lengths.get(id(target), 0) > LINE_LENGTH
            ):
                continue
        lines = list(right_hand_split(line, force_optional, frozenset(omit)))
        if first_lines is None and not omit:
            first_lines = lines
        if is_line_short_enough(lines[0]) or (
            omit and _over_length_only_due_to_subscript_comment(lines[0])
        ):
            yield from lines
            return
    if first_lines is not None:
        yield from first_lines
    else:
        yield from right_hand_split(line, force_optional)


def right_hand_split(
    line: Line, force_optional: bool, omit: frozenset[int] = frozenset()
) -> Iterator[Line]:
    rhs = first_right_hand_split(line, omit)
    return _maybe_split_omitting_optional_parens(rhs, line, force_optional, omit)


def _maybe_split_omitting_optional_parens(
    rhs: RHSResult, line: Line, force_optional: bool, omit: frozenset[int]
) -> Iterator[Line]:
    if (
        not force_optional
        and rhs.opening.type == "LPAR"
        and not rhs.opening.value
        and rhs.closing.type == "RPAR"
        and not rhs.closing.value
        and not line.is_import
        and can_omit_invisible_parens(rhs)
    ):
        omit = frozenset({id(rhs.closing), *omit})
        try:
            rhs_oop = first_right_hand_split(line, omit)
            if prefer_split_rhs_oop(rhs_oop, rhs):
                yield from _maybe_split_omitting_optional_parens(
                    rhs_oop, line, force_optional, omit
                )
                return
        except CannotSplit as error:
            if line.is_chained_assignment:
                pass
            elif not can_be_split(rhs.body) and not is_line_short_enough(rhs.body):
                raise CannotSplit(
                    "the body is still too long and cannot be split"
                ) from error
            elif (
                rhs.head.contains_multiline_strings()
                or rhs.tail.contains_multiline_strings()
            ):
                raise CannotSplit("a multiline string never fits a line") from error
    ensure_visible(rhs.opening)
    ensure_visible(rhs.closing)
    for result in (rhs.head, rhs.body, rhs.tail):
        if result:
            yield result


def generate_trailers_to_omit(line: Line) -> Iterator[set[int]]:
    """Growing sets of closing brackets to glue to the tail instead of splitting at."""
    omit: set[int] = set()
    if not line.magic_trailing_comma:
        yield omit
    length = 4 * line.depth
    opening: Leaf | None = None
    closing: Leaf | None = None
    inner: set[int] = set()
    for index, leaf, leaf_length in line.enumerate_with_length(reverse=True):
        length += leaf_length
        if length > LINE_LENGTH:
            break
        has_inline_comment = leaf_length > len(leaf.value) + len(leaf.prefix)
        if leaf.type == STANDALONE_COMMENT or has_inline_comment:
            break
        if opening is not None:
            if leaf is opening:
                opening = None
            elif leaf.type in CLOSING_BRACKETS:
                prev = line.leaves[index - 1] if index > 0 else None
                if (
                    prev is not None
                    and prev.type == "COMMA"
                    and leaf.opening_bracket is not None
                    and not is_one_sequence_between(
                        leaf.opening_bracket, leaf, line.leaves
                    )
                ):
                    break
                inner.add(id(leaf))
        elif leaf.type in CLOSING_BRACKETS:
            prev = line.leaves[index - 1] if index > 0 else None
            if prev is not None and prev.type in OPENING_BRACKETS:
                inner.add(id(leaf))
                continue
            if closing is not None:
                omit.add(id(closing))
                omit.update(inner)
                inner.clear()
                yield omit
            if (
                prev is not None
                and prev.type == "COMMA"
                and leaf.opening_bracket is not None
                and not is_one_sequence_between(leaf.opening_bracket, leaf, line.leaves)
            ):
                break
            if leaf.value:
                opening = leaf.opening_bracket
                closing = leaf
