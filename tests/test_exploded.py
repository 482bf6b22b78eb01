"""A statement the formatter skips as already laid out is one black leaves as it is."""

from __future__ import annotations

import black
import pytest

from generator.pyformat.source import exploded, lay_out

MODE = black.Mode(line_length=88, target_versions={black.TargetVersion.PY310})
LONG = "Actions" + "VeryLong" * 10  # an element no line can hold

SKIPPED = {
    "from-import": f"from .a import (\n    {LONG} as {LONG},\n    B as B,\n)\n",
    "dict": f'_M: dict[str, str] = {{\n    "{LONG}": "{LONG.lower()}",\n    "B": "b",\n}}\n',
    "list": f'__all__ = [\n    "{LONG}",\n    "B",\n]\n',
    "call": f'x = f(\n    "{LONG}",\n    b,\n)\n',
    "indented": f'def f() -> None:\n    x = [\n        "{LONG}",\n        "B",\n    ]\n',
}

LAID_OUT = {  # not black's fixed point in this form, or not provably: laid out
    "no trailing comma": f'x = [\n    "{LONG}",\n    "B"\n]\n',
    "element with brackets": f'x = [\n    f("{LONG}"),\n    "B",\n]\n',
    "long head": f'{LONG}{LONG}: dict[str, str] = {{\n    "{LONG}": "b",\n}}\n',
    "comment": f'x = [\n    "{LONG}",  # note\n    "B",\n]\n',
    "two per line": f'x = [\n    "{LONG}", "B",\n]\n',
    "one line": f'x = ["{LONG}", "B"]\n',
    "subscript": f'X = Literal[\n    "{LONG}",\n]\n',
}


def _statement(source: str) -> list[str]:
    lines = source.splitlines(keepends=True)
    return lines[1:] if lines[0].startswith("def ") else lines


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_a_skipped_statement_is_what_black_writes(name: str) -> None:
    source = SKIPPED[name]
    assert exploded(_statement(source))
    assert black.format_str(source, mode=MODE) == source


@pytest.mark.parametrize("name", sorted(LAID_OUT))
def test_other_statements_are_laid_out(name: str) -> None:
    source = LAID_OUT[name]
    assert not exploded(_statement(source))


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_skipping_gives_what_laying_out_gives(name: str) -> None:
    import ast

    source = SKIPPED[name]
    assert lay_out(ast.parse(source), source) == lay_out(
        ast.parse(source), source, everything=True
    )
