"""The format stage's parse: a gate for invalid Python, and the docstrings it can skip.

Modules whose long lines are all inside lone strings (docstrings) are not laid
out, so they are parsed by the cheaper `symtable`; `outside_lone_strings` finds
those lines by scanning strings and brackets. It may keep a line the syntax
tree would drop (then the tree decides), never the other way round. The same
scan finds the logical lines holding the other long lines, for `lay_out_lines`
to lay out what `lay_out` lays out with a tree.
"""

from __future__ import annotations

import ast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagnostics import GeneratorError
from generator.format import format_files, format_source
from generator.paths import templates_root
from generator.pyformat.source import (
    _outside_lone_strings_by_token,
    lay_out,
    lay_out_lines,
    long_lines,
    outside_lone_strings,
)

LONG = "word " * 30  # past the line length


def _lone_by_tree(source: str) -> set[int]:
    lone = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            lone.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lone


def _dropped(source: str) -> set[int]:
    targets = long_lines(source.splitlines(keepends=True))
    assert targets, "each case has a long line"
    return set(targets) - set(outside_lone_strings(source, targets))


DOCSTRINGS = [
    f'"""{LONG}"""\n',
    f'"""Title.\n\n{LONG}\n"""\n\nx = 1\n',
    f'class A:\n    """{LONG}"""\n\n    def f(self) -> None:\n        """Title.\n\n        {LONG}\n        """\n',
    f'def f() -> None:\n    """Quotes \' and " and # and ( [ {{ inside.\n\n    {LONG}\n    """  # a comment\n',
    f'x = \'"""\'\n"""{LONG}"""\n',  # triple quotes inside a one-line string
    f'x = 1  # """ not a string\n"""{LONG}"""\n',
    f"'''{LONG}'''\n",
    f'"""{LONG} \\"\\"\\" escaped"""\n',
]


@pytest.mark.parametrize("source", DOCSTRINGS)
def test_a_long_line_in_a_docstring_is_dropped(source: str) -> None:
    targets = long_lines(source.splitlines(keepends=True))
    assert _dropped(source) == set(targets) & _lone_by_tree(source)
    assert _dropped(source)


NOT_LONE = [
    f'x = f(\n    """{LONG}"""\n)\n',  # an argument, in brackets
    f'x = [\n    "a",\n    """{LONG}""",\n]\n',
    f'x = """{LONG}"""\n',  # assigned
    f'"""{LONG}""".strip()\n',  # followed by code
    f'"""a""" """{LONG}"""\n',  # a second string on the line
    f'x = (1 +\n2)\ny = {{\n    "k": """{LONG}"""\n}}\n',
    f'r"""{LONG}"""\n',  # a prefix: kept, the tree decides
    f'x = 1 + \\\n    2\n"""{LONG}"""\n',  # a backslash continuation: kept
    f"x = ({LONG!r},)\n",
    f"x = 1  # {LONG}\n",
]


@pytest.mark.parametrize("source", NOT_LONE)
def test_a_long_line_elsewhere_is_kept(source: str) -> None:
    assert _dropped(source) <= _lone_by_tree(source)
    if source.startswith(("x = f(", "x = [", 'x = "', '"""a')):
        assert not _dropped(source)


@pytest.mark.parametrize("source", DOCSTRINGS + NOT_LONE)
def test_what_is_dropped_is_what_the_tree_calls_lone(source: str) -> None:
    assert _dropped(source) <= _lone_by_tree(source)


def test_a_module_with_only_long_docstrings_is_returned_as_written() -> None:
    source = DOCSTRINGS[2]
    assert format_source("m.py", source) == source


def test_a_long_call_is_still_laid_out_beside_a_long_docstring() -> None:
    call = "x = f(" + ", ".join(f"argument_{i}" for i in range(12)) + ")\n"
    source = DOCSTRINGS[1] + call
    laid = format_source("m.py", source)
    assert laid.startswith(DOCSTRINGS[1])
    assert "x = f(\n    argument_0,\n" in laid


def test_without_a_memo_files_are_laid_out_alike_and_nothing_is_kept() -> None:
    files = {
        "pkg/a.py": "x = f(" + ", ".join(f"argument_{i}" for i in range(12)) + ")\n",
        "pkg/b.py": "y = 1\n",
        "pkg/c.md": "not python: " + "x" * 100 + "\n",
    }
    kept = format_files(files, {})
    alone = format_files(files, None)
    assert alone[0] == kept[0] and alone[0]["pkg/a.py"] != files["pkg/a.py"]
    assert alone[2] == kept[2] == 2
    assert len(kept[1]) == 2 and alone[1] == {}


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("x = 1\ndef f(:\n    pass\n", 2),  # nothing long: the cheap parse
        (f'"""{LONG}"""\ndef f(:\n    pass\n', 2),  # only a long docstring
        ("x = f(" + ", ".join(["argument"] * 20) + ")\ny = (\n", 2),  # laid out
    ],
)
def test_invalid_python_is_reported_as_a_generator_bug(source: str, line: int) -> None:
    with pytest.raises(GeneratorError) as caught:
        format_source("pkg/m.py", source)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "internal-syntax"
    assert diagnostic.file == "pkg/m.py"
    assert diagnostic.line == line
    assert "is not valid Python" in diagnostic.message


CALL = "f(" + ", ".join(f"argument_{i}" for i in range(12)) + ")"
LOGICAL = [  # long lines the scan must place where the syntax tree places them
    f"x = {CALL}\n",
    f"if x:\n    # {LONG}\n    y = {CALL}\n",  # a long comment inside a block
    f"@decorate({CALL})\ndef g() -> None:\n    pass\n",
    f"def g(\n    a: int,\n) -> dict[str, list[tuple[int, int, int, int, int, int, int, int]]]:\n    return {CALL}\n",
    f'x = g(\n    """\n{LONG}\n""",\n    {CALL},\n)\n',  # a long string spanning lines
    f"class A:\n    def g(self) -> None: return {CALL}\n",  # a body on the header's line
    f"try:\n    pass\nexcept ({CALL}):\n    pass\n",
    f'x = """{LONG}\n"""\ny = {CALL}\n',
    f"# {LONG}\nx = 1\n",
    f"x = [\n    1,  # {LONG}\n    2,\n]\n",
    f"x = g(\n    1, {CALL}\n)\n",  # the long line is not the statement's first
    f"if (\n    a and {CALL}\n):\n    pass\n",
    f"y = 1\nx = g(1,\n    '''a\n''', {CALL})\n",
]


@pytest.mark.parametrize("source", LOGICAL)
def test_the_scan_lays_out_what_the_tree_lays_out(source: str) -> None:
    targets = outside_lone_strings(source, long_lines(source.splitlines(True)))
    assert targets
    by_tree = lay_out(ast.parse(source), source)
    assert lay_out_lines(source, targets) == by_tree
    assert format_source("m.py", source) == by_tree


def test_the_runtime_modules_need_no_formatting() -> None:
    """They are copied as `Verbatim` units, which the format stage skips: that
    loses nothing only while each is valid and laid out as the stage lays it out."""
    runtime = sorted((templates_root() / "runtime").glob("*.py"))
    assert runtime
    for path in runtime:
        source = path.read_text(encoding="utf-8")
        assert format_source(f"pkg/_runtime/{path.name}", source) == source, path.name


def test_verbatim_files_are_neither_laid_out_nor_parsed() -> None:
    long_call = "x = f(" + ", ".join(f"argument_{i}" for i in range(12)) + ")\n"
    files = {"pkg/a.py": long_call, "pkg/b.py": "def f(:\n", "pkg/c.py": "y = 1\n"}
    verbatim = {"pkg/a.py", "pkg/b.py"}
    for memo in (None, {}):
        laid, entries, fresh = format_files(files, memo, verbatim)
        assert laid == files
        assert fresh == 1
        assert len(entries) == (0 if memo is None else 1)
    with pytest.raises(GeneratorError, match="pkg/b.py"):
        format_files(files, None, {"pkg/a.py"})
    assert format_files(files, None, {"pkg/b.py"})[0]["pkg/a.py"] != long_call


def test_the_runtime_modules_are_laid_out_alike_either_way() -> None:
    for path in sorted((templates_root() / "runtime").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        targets = outside_lone_strings(source, long_lines(source.splitlines(True)))
        if targets and "\\\n" not in source:
            by_tree = lay_out(ast.parse(source), source)
            assert lay_out_lines(source, targets) == by_tree, path.name


# Pieces of Python text, valid or not, for the two scans to disagree on if they
# can: whole strings and comments holding brackets and quotes, bare brackets and
# quotes, and docstrings long and short, over one line or more.
_PIECES = [
    '"("',
    "'['",
    '"}"',
    '""',
    "''",
    "# ( '''",
    r'"a\"b"',
    "x = ",
    ",",
    ".strip()",
    '"""' + LONG + '"""',
    "'''" + LONG + "'''",
    '"""a\n' + LONG + '\n"""',
    '"""(\n"""',
    "'''\"\"\"'''",
    'r"""' + LONG + '"""',
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    '"',
    "'",
    '"""',
    "'''",
    "\n",
    "\n",
    "\n",
    "    ",
    "\\\n",
    "é",
]


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=30),
    st.lists(st.integers(min_value=1, max_value=12), max_size=6),
)
def test_stepping_between_triple_quotes_finds_what_the_token_scan_finds(
    pieces: list[str], targets: list[int]
) -> None:
    """`outside_lone_strings` steps from one triple-quoted string to the next;
    `_outside_lone_strings_by_token` (its fallback) steps through every token.
    On any text, valid Python or not, they keep the same lines."""
    source = "".join(pieces)
    every = list(range(1, source.count("\n") + 2))
    for lines in (targets, every):
        fast = outside_lone_strings(source, lines)
        assert fast == _outside_lone_strings_by_token(source, lines)


def test_both_scans_agree_on_every_golden_module() -> None:
    from conftest import GENERATED

    modules = sorted(GENERATED.rglob("*.py"))
    assert len(modules) > 100
    for path in modules:
        source = path.read_text(encoding="utf-8")
        every = list(range(1, source.count("\n") + 2))
        fast = outside_lone_strings(source, every)
        assert fast == _outside_lone_strings_by_token(source, every), path
