"""What generate and check print: progress on a terminal, summaries, -v, JSON lines."""

from __future__ import annotations

import json
import os
import re
import pty
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from support.bigspec import big_spec

from generator.config import Target
from generator.pipeline import run

SMALL = (ROOT / "specs" / "videos-remix.yaml").read_text(encoding="utf-8")


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**os.environ, "GENERATOR_CACHE_DIR": "off"},
        capture_output=True,
        text=True,
    )


def _on_a_terminal(cwd: Path, *args: str) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal; returns the exit code, stdout, and what the terminal got."""
    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**os.environ, "GENERATOR_CACHE_DIR": "off", "COLUMNS": "200"},
        stdout=subprocess.PIPE,
        stderr=follower,
        text=True,
        timeout=120,
    )
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed and drained
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    return done.returncode, done.stdout, screen.decode()


def test_the_pipeline_reports_its_stages_to_a_callback(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(SMALL, encoding="utf-8")
    stages: list[str] = []
    run(Target(spec=spec, package="api", output=tmp_path), progress=stages.append)
    assert stages == ["load", "IR", "validate", "render", "format"]


def test_a_big_spec_shows_stage_progress_on_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_text(big_spec(), encoding="utf-8")
    code, stdout, screen = _on_a_terminal(tmp_path, "generate", "big.yaml")
    assert code == 0, screen
    last = screen.split("\r\x1b[K")[-1]
    for stage in ("load", "IR", "validate", "render", "format", "write"):
        assert f"{stage} " in screen, screen
    assert last.startswith("big: write ") and last.rstrip().endswith("s in all"), last
    assert re.search(r"^big: [\d,]+ files in generated \(", stdout, re.M), stdout
    # Not on a terminal (CI logs), or with a small spec: no progress.
    captured = cli(tmp_path, "generate", "big.yaml", "-o", "again")
    assert captured.returncode == 0 and captured.stderr == "", captured.stderr
    (tmp_path / "small.yaml").write_text(SMALL, encoding="utf-8")
    code, _, screen = _on_a_terminal(tmp_path, "generate", "small.yaml")
    assert code == 0 and screen == "", screen


def test_the_summary_counts_in_good_english(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(SMALL, encoding="utf-8")
    done = cli(tmp_path, "generate", "api.yaml")
    assert done.returncode == 0, done.stderr
    assert "; 1 operation, 9 schemas, " in done.stdout, done.stdout
    assert "0 errors, 0 warnings, 0 notes;" in done.stdout


def _with_a_note_and_a_warning(tmp_path: Path) -> None:
    text = SMALL.replace(
        "\n  schemas:\n",
        "\n  schemas:\n"
        "    Odd:\n      not: {type: string}\n"
        "    Weird:\n      type: wibble\n",
        1,
    )
    assert "Odd" in text
    (tmp_path / "api.yaml").write_text(text, encoding="utf-8")


def test_notes_are_counted_and_shown_with_verbose(tmp_path: Path) -> None:
    _with_a_note_and_a_warning(tmp_path)
    done = cli(tmp_path, "generate", "api.yaml")
    assert done.returncode == 0, done.stderr
    assert ": warning: " in done.stderr and ": info: " not in done.stderr
    assert "1 note (-v shows them)" in done.stdout, done.stdout
    verbose = cli(tmp_path, "generate", "api.yaml", "-o", "v", "-v")
    assert ": info: " in verbose.stderr and "#/components/schemas/Odd" in verbose.stderr
    assert "1 note;" in verbose.stdout


def test_diagnostics_as_json_lines(tmp_path: Path) -> None:
    _with_a_note_and_a_warning(tmp_path)
    done = cli(tmp_path, "generate", "api.yaml", "--format", "json")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert {d["level"] for d in lines} == {"error", "warning", "info"}
    assert all(d["file"] == "api.yaml" and d["pointer"] for d in lines)
    assert "api: " in done.stderr  # the summary is for people: stderr
    (tmp_path / "api.yaml").write_text(SMALL, encoding="utf-8")
    checked = cli(tmp_path, "check", "api.yaml", "--format", "json")
    assert checked.returncode == 1
    stale = [json.loads(line) for line in checked.stdout.splitlines()]
    assert {d["code"] for d in stale} >= {"extra-output", "stale-output"}
    bad = cli(tmp_path, "generate", "nope.yaml", "--format", "json")
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["level"] == "error"


def test_makefile_says_what_it_installs() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("$(STAMP):", 1)[1].split("\n\n", 1)[0]
    assert "@echo" in recipe and "minute" in recipe


def test_quiet_prints_only_what_stops_the_run(tmp_path: Path) -> None:
    _with_a_note_and_a_warning(tmp_path)
    done = cli(tmp_path, "generate", "api.yaml", "-q")
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    bad = cli(tmp_path, "generate", "nope.yaml", "-q")
    assert bad.returncode == 1 and "nope.yaml" in bad.stderr
