"""The one module that touches the output directory.

A target owns whole directories (`python/<package>/` and `docs/<package>/`) under
the output root, plus its manifest `.generator/<package>.json`. Writing makes
the owned directories match the rendered files exactly: changed files are
replaced atomically (write to a temporary file, then rename), unchanged files
are not touched, and files no longer produced are removed. Nothing is ever
written outside the output root.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import GeneratorError

IGNORED_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache"}


@dataclass
class Changes:
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.extra)

    def lines(self) -> list[str]:
        return (
            [f"missing: {p}" for p in self.missing]
            + [f"stale:   {p}" for p in self.stale]
            + [f"extra:   {p}" for p in self.extra]
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _safe_target(root: Path, relative: str) -> Path:
    """The path of a relative file under root; refuses anything that would leave it."""
    if (
        not relative
        or relative.startswith(("/", "\\"))
        or ".." in Path(relative).parts
        or "\\" in relative
    ):
        raise GeneratorError.single(
            "unsafe-path",
            f"refusing to write {relative!r}: it is not a plain relative path",
        )
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise GeneratorError.single(
            "unsafe-path",
            f"refusing to write {relative!r}: it leaves the output directory",
        )
    return target


def existing_files(root: Path, owned: list[str]) -> dict[str, Path]:
    """Files now under the owned directories, by path relative to root."""
    found: dict[str, Path] = {}
    for top in owned:
        base = root / top
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS)
            for name in filenames:
                if name.endswith((".pyc", ".tmp")):
                    continue
                path = Path(dirpath) / name
                found[path.relative_to(root).as_posix()] = path
    return found


def compare(root: Path, files: dict[str, bytes], owned: list[str]) -> Changes:
    changes = Changes()
    present = existing_files(root, owned)
    for relative in sorted(files):
        target = root / relative
        if relative not in present and not target.is_file():
            changes.missing.append(relative)
        elif target.read_bytes() != files[relative]:
            changes.stale.append(relative)
        else:
            changes.unchanged += 1
    changes.extra = sorted(set(present) - set(files))
    return changes


def write(root: Path, files: dict[str, bytes], owned: list[str]) -> Changes:
    """Make the owned directories hold exactly files; returns what changed."""
    for relative in files:
        _safe_target(root, relative)
    changes = compare(root, files, owned)
    for relative in changes.missing + changes.stale:
        _atomic_write(_safe_target(root, relative), files[relative])
    for relative in changes.extra:
        target = _safe_target(root, relative)
        target.unlink()
        _prune_empty(target.parent, root)
    return changes


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _prune_empty(directory: Path, root: Path) -> None:
    """Remove directories left empty (but for caches) up to, not including, root."""
    root = root.resolve()
    directory = directory.resolve()
    while directory != root and directory.is_relative_to(root):
        entries = list(directory.iterdir())
        if any(e.name not in IGNORED_DIRS for e in entries):
            return
        for entry in entries:
            shutil.rmtree(entry, ignore_errors=True)
        directory.rmdir()
        directory = directory.parent


def manifest(files: dict[str, bytes], provenance: dict[str, str]) -> bytes:
    """The target's metadata file: provenance and the hash of every file it owns."""
    body = {
        **provenance,
        "files": {path: sha256(data) for path, data in sorted(files.items())},
    }
    return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode("utf-8")
