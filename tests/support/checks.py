"""The checks every generated package must pass: mypy --strict and black, run as users run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Mapping


def mypy_strict(
    cwd: Path, targets: list[str], cache: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """mypy --strict for the oldest Python the generated code supports."""
    command = [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10"]
    return subprocess.run(
        [*command, "--cache-dir", str(cache), *targets],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=None if env is None else dict(env),
    )


def black_check(
    cwd: Path, targets: list[str], env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """black --check, targeting the oldest Python the generated code supports."""
    command = [sys.executable, "-m", "black", "--check", "--target-version", "py310"]
    return subprocess.run(
        [*command, *targets],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=None if env is None else dict(env),
    )
