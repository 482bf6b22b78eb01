"""Splits at delimiters and around comments, one line per part (black's order)."""

from __future__ import annotations

from typing import Iterator

from generator.pyformat.brackets import COMMA_PRIORITY, DOT_PRIORITY, STRING_PRIORITY
from generator.pyformat.lines import Line, is_type_ignore_comment
from generator.pyformat.rhs import CannotSplit
from generator.pyformat.tree import STANDALONE_COMMENT, Leaf


def delimiter_split(line: Line, force_optional: bool) -> Iterator[Line]:
    """One line per delimiter of the highest priority (one item a line for commas)."""
    if not line.leaves:
        raise CannotSplit("empty line")
    last = line.leaves[-1]
    tracker = line.tracker
    try:
        priority = tracker.max_priority(exclude={id(last)})
    except ValueError:
        raise CannotSplit("no delimiters") from None
    if priority == DOT_PRIORITY and tracker.count_with_priority(priority) == 1:
        raise CannotSplit("splitting a single attribute from its owner looks wrong")
    return _split_at_delimiters(line, priority)


def _split_at_delimiters(line: Line, priority: int) -> Iterator[Line]:
    tracker = line.tracker
    last = line.leaves[-1]
    current = Line(line.depth, line.inside_brackets)
    trailing_comma_safe = True  # Python 3.10 allows one after *args and **kwargs
    migrate = priority in (COMMA_PRIORITY, STRING_PRIORITY)

    def append(leaf: Leaf) -> Iterator[Line]:
        nonlocal current
        try:
            current.append_safe(leaf, preformatted=True)
        except ValueError:
            yield _first_unindented(current)
            current = Line(line.depth, line.inside_brackets)
            current.append(leaf)

    last_code = _last_non_comment_index(line)
    for index, leaf in enumerate(line.leaves):
        yield from append(leaf)
        previous = index > 0 and tracker.delimiters.get(id(line.leaves[index - 1]))
        if previous != priority or migrate:
            for comment in line.comments_after(leaf):
                yield from append(comment)
        if last.type == STANDALONE_COMMENT and index == last_code:
            current = _add_trailing_comma(trailing_comma_safe, priority, current)
        if tracker.delimiters.get(id(leaf)) == priority:
            if index + 1 < len(line.leaves) and not migrate:
                for comment in line.comments_after(line.leaves[index + 1]):
                    yield from append(comment)
            yield _first_unindented(current)
            current = Line(line.depth, line.inside_brackets)
    if current:
        current = _add_trailing_comma(trailing_comma_safe, priority, current)
        yield _first_unindented(current)


def _first_unindented(line: Line) -> Line:
    line.leaves[0].prefix = ""
    return line


def _last_non_comment_index(line: Line) -> int | None:
    for index in range(len(line.leaves) - 1, 0, -1):
        if line.leaves[index].type != STANDALONE_COMMENT:
            return index
    return None


def _add_trailing_comma(safe: bool, priority: int, line: Line) -> Line:
    if (
        safe
        and priority == COMMA_PRIORITY
        and line.leaves[-1].type != "COMMA"
        and line.leaves[-1].type != STANDALONE_COMMENT
    ):
        line.append(Leaf("COMMA", ","))
    return line


def type_ignore_comment_split(line: Line, force_optional: bool) -> Iterator[Line]:
    """Keep several `type: ignore` comments on the lines they were written on."""
    if not line.contains_multiple_type_ignores_at_current_depth() or not any(
        leaf.type == "DOT" for leaf in line.leaves
    ):
        raise CannotSplit("no multiple type ignores")
    return _type_ignore_split(line)


def _type_ignore_split(line: Line) -> Iterator[Line]:
    current = Line(line.depth, line.inside_brackets)
    for leaf in line.leaves:
        current.append(leaf, preformatted=True)
        comments = line.comments_after(leaf)
        for comment in comments:
            current.append(comment, preformatted=True)
        if any(is_type_ignore_comment(comment) for comment in comments):
            yield _first_unindented(current)
            current = Line(line.depth, line.inside_brackets)
    if current:
        yield _first_unindented(current)


def standalone_comment_split(line: Line, force_optional: bool) -> Iterator[Line]:
    if not line.contains_standalone_comments():
        raise CannotSplit("no standalone comments")
    return _comment_split(line)


def _comment_split(line: Line) -> Iterator[Line]:
    current = Line(line.depth, line.inside_brackets)

    def append(leaf: Leaf) -> Iterator[Line]:
        nonlocal current
        try:
            current.append_safe(leaf, preformatted=True)
        except ValueError:
            yield _first_unindented(current)
            current = Line(line.depth, line.inside_brackets)
            current.append(leaf)

    for leaf in line.leaves:
        yield from append(leaf)
        for comment in line.comments_after(leaf):
            yield from append(comment)
    if current:
        yield _first_unindented(current)


def force_standalone_comment_split(line: Line) -> Iterator[Line]:
    current = Line(line.depth, line.inside_brackets)
    for leaf in line.leaves:
        if (
            current.leaves
            and (leaf.type == STANDALONE_COMMENT or current.is_comment)
            and not (current.is_comment and leaf.type == "COLON")
        ):
            yield current
            current = Line(line.depth, line.inside_brackets)
        current.append(leaf, preformatted=True)
        for comment in line.comments_after(leaf):
            current.append(comment, preformatted=True)
    if current:
        yield current
