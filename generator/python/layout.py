"""Statements laid out the way black lays them out, so black has nothing to change.

Only shapes the templates emit in bulk are here: imports, lists of names, tuples
of literals. Everything else that may run past the line length is left to
black, which the format stage runs on those statements alone.
"""

from __future__ import annotations

LINE_LENGTH = 88


def from_import(module: str, names: list[str] | tuple[str, ...], depth: int = 0) -> str:
    indent = "    " * depth
    line = f"{indent}from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return line
    inner = "".join(f"{indent}    {name},\n" for name in names)
    return f"{indent}from {module} import (\n{inner}{indent})"


def assign_list(target: str, items: list[str] | tuple[str, ...], depth: int = 0) -> str:
    """`target = [items]` on one line, or one item per line when it does not fit."""
    indent = "    " * depth
    line = f"{indent}{target} = [{', '.join(items)}]"
    if len(line) <= LINE_LENGTH:
        return line
    inner = "".join(f"{indent}    {item},\n" for item in items)
    return f"{indent}{target} = [\n{inner}{indent}]"


def method_header(name: str, returns: str, depth: int = 1) -> str:
    """`def name(self) -> returns:`, split the way black splits it when too long."""
    indent = "    " * depth
    line = f"{indent}def {name}(self) -> {returns}:"
    if len(line) <= LINE_LENGTH:
        return line
    return f"{indent}def {name}(\n{indent}    self,\n{indent}) -> {returns}:"


def tuple_source(items: list[str] | tuple[str, ...]) -> str:
    """A tuple display: `(a,)` for one item, `(a, b)` for more (no magic trailing comma)."""
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"
