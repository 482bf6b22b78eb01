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
