"""The generator's worker processes never outlive it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
    reason="needs Linux /proc and two cores, for worker processes",
)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.parametrize("stage", ["validate", "render"])
def test_workers_end_when_the_generator_is_killed(tmp_path: Path, stage: str) -> None:
    schemas = {
        f"Thing{i}": {
            "type": "object",
            "properties": {f"field{j}": {"type": "string"} for j in range(12)},
        }
        for i in range(1500)
    }
    spec = tmp_path / "big.json"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "components": {"schemas": schemas},
            }
        )
    )
    command = [sys.executable, "-m", "generator", "generate", str(spec)]
    command += ["-o", str(tmp_path / "out"), "--package", "pkg", "--no-cache"]
    parent = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    # The side process that validates comes first; the render pool later.
    wanted = 1 if stage == "validate" else 2
    seen: list[int] = []
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while parent.poll() is None and time.monotonic() < deadline:
            workers = _children(parent.pid)
            seen += sorted(workers - set(seen))
            if len(seen) >= wanted and workers - set(seen[: wanted - 1]):
                break
            time.sleep(0.02)
        assert len(seen) >= wanted, "the generator finished before its workers began"
        time.sleep(0.3)  # the workers are busy now
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 15
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)]
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)
        for w in workers:  # never leave one behind, even when the test fails
            if _alive(w):
                os.kill(w, signal.SIGKILL)
