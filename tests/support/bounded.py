"""Run the generator's command line under hard limits, as a build step fed a hostile spec would.

The limits are generous (a normal run needs a fraction of them): they exist so
that a regression shows up as a failed test, not as a machine out of memory.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
MEMORY = 1 << 30  # bytes of address space
SECONDS = 60


def cli(
    *args: str,
    cwd: Path = ROOT,
    memory: int = MEMORY,
    seconds: float = SECONDS,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` with its address space and wall time bounded."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    environment = {**os.environ, "GENERATOR_CACHE_DIR": "off", **(env or {})}
    environment["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), environment.get("PYTHONPATH")) if p
    )
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=seconds,
        preexec_fn=limit,
        env=environment,
    )


def assert_clean_failure(done: subprocess.CompletedProcess[str]) -> list[str]:
    """Exit 1 with located one-line messages: no traceback, no internal error."""
    output = done.stdout + done.stderr
    assert done.returncode == 1, (done.returncode, output[-2000:])
    assert "Traceback" not in output and "internal error" not in output, output
    lines = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert lines, output
    return lines
