"""The files of an output tree, to compare two trees byte for byte."""

from __future__ import annotations

from pathlib import Path


def files_under(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path, but for the bytecode importing leaves."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }
