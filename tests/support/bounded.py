"""Run the generator's command line under hard limits, as a build step fed a hostile spec would.

The limits are generous (a normal run needs a fraction of them): they exist so
that a regression shows up as a failed test, not as a machine out of memory.
"""

from __future__ import annotations

import os
import resource
import signal
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
    # A session of its own: on a timeout the generator and the workers it forked
    # are all killed, none left behind.
    with subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="backslashreplace",
        preexec_fn=limit,
        env=environment,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def assert_clean_failure(done: subprocess.CompletedProcess[str]) -> list[str]:
    """Exit 1 with located one-line messages: no traceback, no internal error."""
    output = done.stdout + done.stderr
    assert done.returncode == 1, (done.returncode, output[-2000:])
    assert "Traceback" not in output and "internal error" not in output, output
    lines = [line for line in done.stderr.splitlines() if ": error: " in line]
    assert lines, output
    return lines
