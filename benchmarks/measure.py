"""Measure one whole process: wall time, CPU time, peak memory, exit status.

CPU time and peak RSS come from `wait4`, which on Linux reports the process
together with every descendant it waited for (forked workers, a formatter the
tool ran): CPU is their sum, peak RSS the largest single process. Since forked
workers share pages with their parent until either writes them, the memory
the whole tree really takes is sampled too: every 20 ms, the sum of the
proportional set size (PSS, shared pages split between their sharers) of the
process and its live descendants, from /proc.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SAMPLE_EVERY = 0.02


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float  # the largest single process (ru_maxrss)
    tree_mb: float  # the largest sampled sum of PSS over the process tree
    status: int
    started: float  # time.monotonic() at spawn
    ended: float  # time.monotonic() when reaped
    error: str = ""  # the last lines of stderr, when status != 0
    record: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "wall": self.wall,
            "cpu": self.cpu,
            "peak_mb": self.peak_mb,
            "tree_mb": self.tree_mb,
            "status": self.status,
            "error": self.error,
        }


def run(
    command: list[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 1800,
) -> Run:
    """Run command to its end; stdout is discarded, stderr kept for a failure."""
    with tempfile.TemporaryFile() as errors:
        started = time.monotonic()
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors
        )
        sampler = _TreeSampler(process.pid)
        sampler.start()
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
            ended = time.monotonic()
            sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        error = ""
        if process.returncode != 0:
            errors.seek(0)
            lines = errors.read().decode(errors="replace").strip().splitlines()
            error = "\n".join(lines[-3:])
    return Run(
        wall=ended - started,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
        tree_mb=sampler.peak / 2**20,
        status=process.returncode,
        started=started,
        ended=ended,
        error=error,
    )


class _TreeSampler(threading.Thread):
    """The peak of the PSS summed over a process and its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(SAMPLE_EVERY):
            self.peak = max(self.peak, sum(_pss(p) for p in _tree(self.pid)))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as children:
                    todo.extend(int(c) for c in children.read().split())
        except OSError:
            continue  # gone, or no such file on this kernel
    return out


def _pss(pid: int) -> int:
    """Bytes of proportional set size of pid, 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0
