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
from typing import Iterator

from generator.pyformat import Unsupported, format_statement
from generator.pyformat.elements import lay_out_elements
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


# Strings and comments: the tokens that can hide a bracket or a quote. Between
# them is code, where a bracket is a bracket. A prefixed triple-quoted string
# leaves its prefix in the code before it, so it never counts as a lone string.
_TOKEN = re.compile(
    r'(?P<triple>"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*''')"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
    r"|#[^\n]*",
    re.S,
)
_LINE_END = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\n|$)")


# Up to and including the next triple-quoted string: the code, one-line strings
# and comments before it are matched inside a lookahead, which Python's regex
# engine never backtracks into (an atomic group that Python 3.10 also reads),
# so a text with no further triple-quoted string fails at once, not after
# retrying its every split. A one-line string never starts a triple quote.
_SHORT = (
    r'"(?!"")[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'(?!'')[^'\\\n]*(?:\\.[^'\\\n]*)*'"
    r"|#[^\n]*"
)
_SHORT_ONLY = re.compile(_SHORT)
_UPTO_TRIPLE = re.compile(
    r"(?=((?:[^\"'#]+|" + _SHORT + r")*))\1"
    r'(?P<triple>"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*''')",
    re.S,
)


def outside_lone_strings(source: str, targets: list[int]) -> list[int]:
    """The target lines (sorted) that are not inside a lone string statement.

    A long line inside a docstring is left as black leaves it, but telling that
    from the syntax tree meant parsing every such module with one: on GitHub,
    1,239 modules, of which 81 have a long line anywhere else. This scan finds
    the strings instead: one that starts its line at bracket depth 0 and ends
    its line is a statement of its own. Where the scan could be misled (a line
    continued by a backslash), every target is kept, for the tree to place.

    It steps from one triple-quoted string to the next, the brackets of the
    code between counted once its one-line strings and comments are taken out:
    a step per token took 0.27 s of Stripe's run, whose 923 modules with a
    long line have 9 with one outside a docstring. Where a quote cannot be
    placed that way (an unterminated string), the token-by-token scan decides.
    """
    ordered = sorted(targets)
    if not ordered or "\\\n" in source:
        return ordered
    try:
        return _placed(source, ordered, _triples_stepping(source))
    except _Unplaced:
        return _placed(source, ordered, _triples_by_token(source))


def _outside_lone_strings_by_token(source: str, targets: list[int]) -> list[int]:
    """`outside_lone_strings` with the token-by-token scan alone (for the tests)."""
    ordered = sorted(targets)
    if not ordered or "\\\n" in source:
        return ordered
    return _placed(source, ordered, _triples_by_token(source))


# A triple-quoted string: the line it starts on and the line it ends on, the
# bracket depth where it starts, and its offsets in the text.
_Triple = tuple[int, int, int, int, int]


class _Unplaced(Exception):
    """The stepping scan met a quote it cannot place."""


def _placed(source: str, ordered: list[int], triples: Iterator[_Triple]) -> list[int]:
    """The ordered targets outside the lone strings among triples."""
    kept: list[int] = []
    next_target = 0  # ordered[next_target:] are not placed yet
    for first, line, depth, start, end in triples:
        while next_target < len(ordered) and ordered[next_target] < first:
            kept.append(ordered[next_target])
            next_target += 1
        if next_target == len(ordered):
            return kept
        if ordered[next_target] > line:
            continue
        lone = (
            depth == 0
            and not source[source.rfind("\n", 0, start) + 1 : start].strip(" \t")
            and _LINE_END.match(source, end) is not None
        )
        while next_target < len(ordered) and ordered[next_target] <= line:
            if not lone:
                kept.append(ordered[next_target])
            next_target += 1
    return kept + ordered[next_target:]


def _triples_stepping(source: str) -> Iterator[_Triple]:
    """The triple-quoted strings, one regex match each (see `_UPTO_TRIPLE`)."""
    depth = 0
    line = 1
    at = 0
    while True:
        found = _UPTO_TRIPLE.match(source, at)
        if found is None:
            if source.find('"""', at) >= 0 or source.find("'''", at) >= 0:
                raise _Unplaced
            return
        start, end = found.span("triple")
        before = found.group(1)
        code = _SHORT_ONLY.sub("", before)
        depth += code.count("(") + code.count("[") + code.count("{")
        depth -= code.count(")") + code.count("]") + code.count("}")
        first = line + before.count("\n")
        line = first + found.group("triple").count("\n")
        at = end
        yield first, line, depth, start, end


def _triples_by_token(source: str) -> Iterator[_Triple]:
    """The triple-quoted strings, found by stepping through every token."""
    depth = 0
    line = 1
    at = 0  # the offset where `depth` and `line` hold
    for token in _TOKEN.finditer(source):
        start, end = token.span()
        code = source[at:start]
        depth += code.count("(") + code.count("[") + code.count("{")
        depth -= code.count(")") + code.count("]") + code.count("}")
        first = line + code.count("\n")
        line = first + token.group().count("\n")
        at = end
        if token.lastgroup == "triple":
            yield first, line, depth, start, end


def lay_out(tree: ast.Module, source: str, everything: bool = False) -> str:
    """`source` with its logical lines laid out as black lays them out."""
    lines = source.splitlines(keepends=True)
    if everything:
        starts = sorted(_all_starts(tree))
    else:
        targets = long_lines(lines)
        if not targets:
            return source
        starts = sorted(_starts_of(tree, targets, lines))
    return _lay_out_at(source, lines, starts, everything)


def lay_out_lines(source: str, targets: list[int]) -> str:
    """`source` with the logical lines holding these long lines (sorted, none in a
    lone string) laid out, found without a syntax tree. `source` continues no
    line with a backslash, which would mislead the scan: `lay_out` does then."""
    lines = source.splitlines(keepends=True)
    starts = [
        n
        for n in logical_starts(source, targets)
        if not lines[n - 1].lstrip(" \t").startswith("#")  # a comment is left alone
    ]
    return _lay_out_at(source, lines, starts, False)


def logical_starts(source: str, targets: list[int]) -> list[int]:
    """The first lines of the logical lines holding the target lines (sorted).

    A logical line ends at a newline outside brackets and strings, so a scan of
    those finds them: a module with a long line only needs a syntax tree to
    prove it is valid, which `symtable` does in half the time.
    """
    starts: list[int] = []
    next_target = 0
    for first, last in _logical_lines(source):
        if next_target == len(targets):
            break
        if targets[next_target] <= last:
            starts.append(first)
            while next_target < len(targets) and targets[next_target] <= last:
                next_target += 1
    return starts


def _lay_out_at(
    source: str, lines: list[str], starts: list[int], everything: bool
) -> str:
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
        if not everything and exploded(lines[start - 1 : end]):
            continue
        statement = lines[start - 1 : end]
        text = "".join(statement)
        depth = (len(text) - len(text.lstrip(" "))) // 4
        laid = None if everything else _by_elements(statement, depth)
        try:
            laid = format_statement(text, depth) if laid is None else laid
        except Unsupported:
            continue
        if laid != text and not same_code(text, laid):
            continue  # never change what the code does: keep it as written
        lines[start - 1 : end] = [laid]
    return "".join(lines)


def _by_elements(statement: list[str], depth: int) -> str | None:
    """The statement laid out element by element (see elements.py), or None."""

    def lay_out(text: str) -> str:
        laid = _LAID.get((text, depth))
        if laid is None:
            laid = format_statement(text, depth)
            if len(text) <= LAID_SIZE:
                if len(_LAID) >= LAID_ENTRIES:
                    _LAID.clear()
                _LAID[text, depth] = laid
        return laid

    long = frozenset(n - 1 for n in long_lines(statement))
    try:
        return lay_out_elements(statement, long, lay_out)
    except Unsupported:
        return None


# Elements laid out are remembered (a sync method's is laid out again in its
# async twin, and in the resources of other paths): so many, this long at most.
LAID_ENTRIES = 1024
LAID_SIZE = 16_384
_LAID: dict[tuple[str, int], str] = {}

_CLOSING = {"(": ")", "[": "]", "{": "}"}
_NOT_IN_ELEMENT = re.compile(r"[()\[\]{}#\\]")
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")


def exploded(statement: list[str]) -> bool:
    """Is this logical line black's own layout already, which black would keep?

    That is a head that fits and ends with an opening bracket, then one element
    per line, each ending with a comma (the magic trailing comma), then the closing
    bracket: the form the templates write a long collection in. Its long lines
    are elements with no bracket to split at (`Name as Name,` in an import, a
    `"key": "value",` entry), which black leaves as they are. Laying out such a
    statement again took 0.4 s on GitHub (a 3,900-entry dict, 1,800 imports).
    """
    if len(statement) < 3:
        return False
    head = statement[0].rstrip("\r\n")
    indent = len(head) - len(head.lstrip(" "))
    opening = head[-1:]
    if opening not in _CLOSING or str_width(head) > LINE_LENGTH:
        return False
    if opening == "[" and head[-2:-1] not in ("", " ", "(", "["):
        return False  # a subscript: black reads a lone trailing comma there otherwise
    if statement[-1].rstrip("\r\n") != " " * indent + _CLOSING[opening]:
        return False
    inner = " " * (indent + 4)
    for line in statement[1:-1]:
        element = line.rstrip("\r\n")
        if (
            len(element) <= len(inner)
            or not element.startswith(inner)
            or element[len(inner)] == " "
            or not element.endswith(",")
            or _NOT_IN_ELEMENT.search(element)
            or _STRING.sub("", element).count(",") != 1  # one element, no more
        ):
            return False
    return True


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


def _starts_of(tree: ast.Module, targets: list[int], lines: list[str]) -> set[int]:
    """The first lines of the logical lines holding the target lines (sorted)."""
    starts: set[int] = set()
    _collect(list(tree.body), targets, starts, lines)
    return starts


def _collect(
    body: list[ast.stmt | ast.ExceptHandler],
    targets: list[int],
    starts: set[int],
    lines: list[str],
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
        _collect(children, inside, starts, lines)
        if isinstance(node, ast.stmt) and _is_string(node):
            continue
        # A body on the header's own line (`def f(...) -> T: ...`) is laid out
        # with the header: its line belongs to both.
        body_lines = {
            line
            for child in children
            if _starts_its_line(child, lines)
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


def _starts_its_line(node: ast.stmt | ast.ExceptHandler, lines: list[str]) -> bool:
    first = _first_line(node)
    if first != node.lineno:
        return True  # decorated: the decorator begins the line
    line = lines[first - 1]
    return node.col_offset <= len(line) - len(line.lstrip(" \t"))


def _first_line(node: ast.stmt | ast.ExceptHandler) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno] + [d.lineno for d in decorators])


def _logical_end(source: str, offset: int, start: int) -> int:
    """The last line of the logical line starting at line `start` (brackets balanced)."""
    return next(_logical_lines(source, offset, start))[1]


def _logical_lines(
    source: str, offset: int = 0, line: int = 1
) -> Iterator[tuple[int, int]]:
    """The first and last line of each logical line from `offset` (at line `line`):
    each ends at a newline outside brackets and strings."""
    depth = 0
    first = line
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
                yield first, line
                first = line + 1
            line += 1
    yield first, line
