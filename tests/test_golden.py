"""The committed output under generated/ is exactly what the specs produce."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from generator.config import load_targets
from generator.pipeline import run
from generator.writer import compare


def _diff(path: str, expected: bytes, actual: bytes) -> str:
    lines = difflib.unified_diff(
        expected.decode(errors="replace").splitlines(keepends=True),
        actual.decode(errors="replace").splitlines(keepends=True),
        fromfile=f"committed/{path}",
        tofile=f"regenerated/{path}",
    )
    return "".join(list(lines)[:80])


def test_committed_output_matches_the_specs() -> None:
    targets = load_targets(ROOT / "pyproject.toml")
    assert targets, "pyproject.toml configures no targets"
    problems = []
    for target in targets:
        result = run(target)
        changes = compare(target.output, result.files, result.owned)
        for path in changes.stale:
            problems.append(
                _diff(path, (target.output / path).read_bytes(), result.files[path])
            )
        problems += [f"missing from generated/: {p}" for p in changes.missing]
        problems += [
            f"in generated/ but no longer produced: {p}" for p in changes.extra
        ]
    assert not problems, "generated/ is stale; run `make regen`:\n" + "\n".join(
        problems
    )


def test_generation_is_deterministic(tmp_path: Path) -> None:
    target = load_targets(ROOT / "pyproject.toml")[0]
    first = run(target).files
    second = run(target).files
    assert first == second


def test_check_command_is_clean_on_what_is_committed() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "up to date" in done.stdout
