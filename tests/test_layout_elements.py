"""A long statement laid out one element at a time comes out as black lays out all of it.

Laying out a whole signature or endpoint table because one of its lines is long
cost time in proportion to the statement (on Microsoft Graph, 39 CPU seconds):
the formatter lays out only the elements holding a long line, each inside the
brackets around it. These tests check that this path is taken and that what
it gives is black's layout, at every nesting depth.
"""

from __future__ import annotations

import ast

import black
import pytest

from generator.pyformat import format_statement
from generator.pyformat.elements import lay_out_elements
from generator.pyformat.source import lay_out, long_lines

MODE = black.Mode(line_length=88, target_versions={black.TargetVersion.PY310})
VALUES = ", ".join(f'"value{i}"' for i in range(30))
LONG_TYPE = f"builtins.list[Literal[{VALUES}]] | None"
LONG_TEXT = "a long description that goes on " * 3
MODEL = "MicrosoftGraphWindowsInformationProtectionDataRecoveryCertificate"

PARAMS = "".join(f"        param_{i}: str | None = None,\n" for i in range(40))

STATEMENTS = {
    "signature": (
        "class C:\n"
        "    async def update(\n"
        "        self,\n"
        "        item_id: str,\n"
        "        *,\n"
        f"{PARAMS}"
        f"        select: {LONG_TYPE} = None,\n"
        f"        ranges: builtins.list[{MODEL} | dict[str, Any] | None] | None = None,\n"
        f"{PARAMS.replace('param_', 'other_')}"
        "    ) -> dict[str, Any]:\n"
        "        return {}\n"
    ),
    "endpoint table": (
        "_UPDATE = Endpoint(\n"
        '    "PATCH",\n'
        '    "/deviceManagement/managedDevices/{managedDevice-id}",\n'
        "    params=(\n"
        '        Param("managed_device_id", "path", wire="managedDevice-id"),\n'
        "        Param(\n"
        '            "compliance_grace_period_expiration_date_time",\n'
        '            "body",\n'
        f'            pattern="^{"[0-9]{4,}-(0[1-9]|1[012])" * 6}$",\n'
        "        ),\n"
        f'        Param("choice", "body", enum=({VALUES})),\n'
        '        Param("id", "body"),\n'
        "    ),\n"
        '    body="json",\n'
        ")\n"
    ),
    "one element at each depth": (
        "_X = Endpoint(\n"
        "    params=(\n"
        f'        Param("choice", "body", enum=({VALUES})),\n'
        "    ),\n"
        ")\n"
    ),
    "string arguments": (
        "_X = Endpoint(\n"
        "    params=(\n"
        "        Param(\n"
        '            "compliance",\n'
        f'            pattern="{LONG_TEXT}",\n'
        f'            joined=prefix + "{LONG_TEXT}",\n'
        f'            formatted="{LONG_TEXT}" % values,\n'
        f'            implicit="{LONG_TEXT}" "{LONG_TEXT}",\n'
        "        ),\n"
        '        Param("b"),\n'
        "    ),\n"
        ")\n"
    ),
    "dict": (
        "TABLE = {\n"
        '    "a": 1,\n'
        f'    "values": call_something(first_argument, [{VALUES}]),\n'
        '    "b": 2,\n'
        "}\n"
    ),
    "call in a call": (
        "result = outer(\n"
        "    first,\n"
        "    inner(\n"
        "        second,\n"
        f"        Literal[{VALUES}],\n"
        "    ),\n"
        "    third,\n"
        ")\n"
    ),
}


def _long(lines: list[str]) -> frozenset[int]:
    return frozenset(n - 1 for n in long_lines(lines))


def _statement(source: str) -> tuple[list[str], int]:
    """The lines of the first logical line holding a long line, and its depth."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.stmt,)) or isinstance(node, ast.ClassDef):
            continue
        first = node.lineno
        last = node.end_lineno or first
        if isinstance(node, ast.AsyncFunctionDef):
            last = node.body[0].lineno - 1
        span = lines[first - 1 : last]
        if any(len(line) > 89 for line in span):
            return span, node.col_offset // 4
    raise AssertionError("no long statement")


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_laid_out_by_elements(name: str) -> None:
    source = STATEMENTS[name]
    statement, depth = _statement(source)
    laid = lay_out_elements(
        statement, _long(statement), lambda text: format_statement(text, depth)
    )
    assert laid is not None, "the statement was not read as exploded"
    assert laid == format_statement("".join(statement), depth)


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_the_module_is_what_black_writes(name: str) -> None:
    source = STATEMENTS[name]
    assert lay_out(ast.parse(source), source) == black.format_str(source, mode=MODE)


NOT_EXPLODED = {
    "comment": f"x = f(\n    a,  # note\n    [{VALUES}],\n)\n",
    "no trailing comma": f"x = f(\n    a,\n    [{VALUES}]\n)\n",
    "two per line": f"x = f(\n    c,\n    a, b,\n    [{VALUES}],\n)\n",
    "long head": f"{'x' * 90} = f(\n    a,\n    [{VALUES}],\n)\n",
    "subscript": f"X = Literal[\n    a,\n    [{VALUES}],\n]\n",
    "string over lines": f'x = f(\n    """a\nb""",\n    [{VALUES}],\n)\n',
    "one line": f"x = f(a, [{VALUES}])\n",
}


@pytest.mark.parametrize("name", sorted(NOT_EXPLODED))
def test_other_statements_are_left_to_the_whole_layout(name: str) -> None:
    source = NOT_EXPLODED[name]
    lines = source.splitlines(keepends=True)
    laid = lay_out_elements(lines, _long(lines), lambda text: format_statement(text, 0))
    assert laid is None
    assert lay_out(ast.parse(source), source) == black.format_str(source, mode=MODE)
