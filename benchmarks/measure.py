"""Measure one whole process: wall time, CPU time, peak memory, exit status.

CPU time and peak RSS come from `wait4` (in launch.py, a small process that
starts the command, so that its peak RSS is the command's own), which on Linux
reports the process together with every descendant it waited for (forked
workers, a formatter the tool ran): CPU is their sum, peak RSS the largest
single process. Since forked
workers share pages with their parent until either writes them, the memory
the whole tree really takes is sampled too: the sum of the proportional set
size (PSS, shared pages split between their sharers) of the process and its
live descendants, from /proc. Reading a process's PSS walks its page tables
(7 ms for 270 MB): sampling every 20 ms took most of a core from a generator
using both, so samples are at least 20 times their own cost apart.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SAMPLE_EVERY = 0.02  # at the most often
SAMPLE_SHARE = 20  # a sample's cost times this: the least time between samples
LAUNCHER = Path(__file__).resolve().parent / "launch.py"


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
    """Run command to its end (through launch.py); stdout is discarded, stderr kept."""
    with tempfile.TemporaryDirectory(prefix="bench-run-") as scratch:
        usage_file = Path(scratch) / "usage.json"
        errors_file = Path(scratch) / "stderr"
        launcher = [sys.executable, str(LAUNCHER), str(usage_file), *command]
        with errors_file.open("wb") as errors:
            process = subprocess.Popen(
                launcher,
                env=env,
                cwd=cwd,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                start_new_session=True,  # the command and its workers: one group to stop
            )
            sampler = _TreeSampler(process.pid)
            sampler.start()
            timed_out = False
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                _stop(process)
            except BaseException:  # ^C, SIGTERM: stop the whole group, then go
                _stop(process)
                raise
            finally:
                sampler.stop()
        try:
            usage = json.loads(usage_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            usage = {"status": process.returncode or -1}
        error = f"timed out after {timeout:.0f} s" if timed_out else ""
        if usage["status"] != 0 and not error:
            lines = (
                errors_file.read_bytes().decode(errors="replace").strip().splitlines()
            )
            error = "\n".join(lines[-3:]) or f"launcher exit {process.returncode}"
    return Run(
        wall=usage.get("ended", 0.0) - usage.get("started", 0.0),
        cpu=usage.get("cpu", 0.0),
        peak_mb=usage.get("maxrss_kb", 0) / 1024,
        tree_mb=sampler.peak / 2**20,
        status=usage["status"],
        started=usage.get("started", 0.0),
        ended=usage.get("ended", 0.0),
        error=error,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


class _TreeSampler(threading.Thread):
    """The peak of the PSS summed over a process's descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        wait = SAMPLE_EVERY
        while not self._done.wait(wait):
            started = time.thread_time()
            # The launcher itself (the root) is not the command's memory.
            tree = _tree(self.pid)[1:]
            self.peak = max(self.peak, sum(_pss(p) for p in tree))
            wait = max(SAMPLE_EVERY, SAMPLE_SHARE * (time.thread_time() - started))

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
