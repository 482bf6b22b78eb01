"""The generator holds itself to the standard of its output."""

from __future__ import annotations

import subprocess
import sys

from conftest import GENERATED, ROOT


def test_generator_passes_mypy_strict() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_sources_are_black_clean() -> None:
    paths = ["generator", "tests", "templates/runtime"] + (
        ["benchmarks"] if (ROOT / "benchmarks").is_dir() else []
    )
    done = subprocess.run(
        [sys.executable, "-m", "black", "--check", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_runtime_is_copied_verbatim() -> None:
    runtime = sorted((ROOT / "templates" / "runtime").glob("*.py"))
    assert runtime
    for package in (
        p for p in (GENERATED / "python").iterdir() if (p / "__init__.py").is_file()
    ):
        for source in runtime:
            assert (
                package / "_runtime" / source.name
            ).read_bytes() == source.read_bytes(), (package.name, source.name)
