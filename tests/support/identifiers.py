"""Identifiers of generated packages that a person would not have chosen."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Iterator

# Names made from positions instead of meaning, and digits split from their word.
GENERIC = re.compile(r"AllOf\d|OneOf\d|AnyOf\d|Model\d{3}|_\d_")
LONGEST = 60


def _names(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name
        elif isinstance(node, ast.arg):
            yield node.arg
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            yield node.target.id
        elif isinstance(node, ast.Assign):
            yield from (t.id for t in node.targets if isinstance(t, ast.Name))


def offenders(package: Path) -> dict[str, str]:
    """name -> the file it is in, for every bad name in a package (runtime excluded)."""
    bad: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        if "_runtime" in path.parts:
            continue
        for name in {*_names(ast.parse(path.read_text())), path.stem}:
            if GENERIC.search(name) or len(name) > LONGEST:
                bad.setdefault(name, str(path.relative_to(package)))
    return bad


def report(label: str, bad: dict[str, str]) -> str:
    lines = [
        f"{label}: {len(bad)} identifiers match {GENERIC.pattern} or exceed {LONGEST}"
    ]
    lines += [f"  {name} ({where})" for name, where in sorted(bad.items())[:50]]
    return "\n".join(lines)
