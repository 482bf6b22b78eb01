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
    source = f'def f():\n    """{escape.docstring_text(text)}"""\n'
    tree = ast.parse(source)
    body = tree.body[0].body  # type: ignore[attr-defined]
    assert (
        len(body) == 1
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
    )


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
