"""Spec text that lands in code can never break out of its literal or docstring."""

from __future__ import annotations

import ast

import pytest

from generator import escape

HOSTILE = [
    "plain",
    'quote " and backslash \\ and \\"',
    '"""; import os; os.system("rm -rf /"); """',
    'ends with a quote"',
    "ends with a backslash\\",
    "line\nbreaks\r\nand\ttabs",
    "nul \x00 bell \x07 del \x7f",
    "unicode \u2028 line separator \ud800 surrogate",
    "emoji 🎬 and accents é",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_string_literals_round_trip(text: str) -> None:
    literal = escape.py_str(text)
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal


@pytest.mark.parametrize("text", HOSTILE)
def test_docstrings_stay_docstrings(text: str) -> None:
    for depth in (0, 1, 2):
        indent = "    " * depth
        literal = escape.docstring(text, depth)
        source = (
            "".join(f"{'    ' * d}class C{d}:\n" for d in range(depth))
            + f"{indent}{literal}\n"
        )
        tree = ast.parse(source)
        node = tree.body[0]
        for _ in range(depth):
            node = node.body[0]  # type: ignore[attr-defined]
        assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        # The docstring says what the spec said, whitespace aside.
        assert node.value.value.split() == text.split()


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -3,
        1.5,
        float("inf"),
        "x",
        [1, "a", None],
        {"k": [True, {"n": 1.0}]},
    ],
)
def test_json_literals(value: object) -> None:
    source = escape.py_literal(value)
    result = eval(source, {"float": float})  # noqa: S307 - our own literal
    assert result == value


def test_markdown_cells_cannot_break_tables() -> None:
    assert escape.md_inline("a | b\nc") == "a \\| b c"
    assert escape.md_code("has `ticks`") == "`` has `ticks` ``"


@pytest.mark.parametrize(
    "text",
    HOSTILE
    + [
        "x --> <b>y</b> --!> ---",
        "a -*- coding: utf-7 -*- b",
        "coding=latin-1 CODING: x",
        "form\x0cfeed and next\x85line",
    ],
)
def test_comment_lines_stay_one_inert_line(text: str) -> None:
    line = escape.comment_line(text)
    assert len(line.splitlines()) <= 1 and "\n" not in line
    assert "--" not in line and "<" not in line and ">" not in line
    assert "coding:" not in line.lower() and "coding=" not in line.lower()
    line.encode("utf-8")  # no lone surrogate left
    source = f"# {line}\nx = 1\n"
    assert [type(n) for n in ast.parse(source).body] == [ast.Assign]


def test_one_line_keeps_printable_text_as_it_is() -> None:
    assert escape.one_line("plain é 🎬 \"'") == "plain é 🎬 \"'"
    assert escape.one_line("a\nb\\c\u2028") == "a\\nb\\\\c\\u2028"


def test_escaping_is_linear_on_hostile_text() -> None:
    # Runs of backticks, spaces and dashes a megabyte long are escaped at once.
    import time

    started = time.perf_counter()
    assert escape.md_code("`" * 200_000).startswith("`" * 200_001)
    escape.comment_line("-" * 1_000_000 + "coding:" * 10_000)
    escape.py_str("\\" * 1_000_000)
    assert time.perf_counter() - started < 20  # generous: a fraction of a second here
