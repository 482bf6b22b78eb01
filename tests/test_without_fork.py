"""A platform that cannot fork (Windows) runs everything in one process: the side
process's validation and placing, the model modules and examples made ahead, the
render workers. Its output must be the forked run's, byte for byte, with the same
diagnostics at the same places.

Each run is a command-line run in its own interpreter, the fork start method
hidden from `multiprocessing` before the generator is imported, as the platform
would have it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import OPENAI_SPEC, ROOT, needs_shared
from support.trees import files_under

_WITHOUT_FORK = """
import multiprocessing, sys
methods = [m for m in multiprocessing.get_all_start_methods() if m != "fork"]
multiprocessing.get_all_start_methods = lambda: methods
from generator import forks
assert not forks.can_fork()
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _generate(spec: Path, out: Path, forking: bool) -> str:
    args = ["generate", str(spec), "-o", str(out), "--no-cache", "-q"]
    args += ["--format", "json"]
    command = [sys.executable, "-m", "generator", *args]
    if not forking:
        command = [sys.executable, "-c", _WITHOUT_FORK, *args]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@needs_shared(OPENAI_SPEC)
def test_the_openai_spec_without_fork_is_generated_as_with_it(tmp_path: Path) -> None:
    forked = _generate(OPENAI_SPEC, tmp_path / "forked", forking=True)
    alone = _generate(OPENAI_SPEC, tmp_path / "alone", forking=False)
    assert alone.count('"line": ') >= 55  # OpenAI's placed diagnostics
    assert alone == forked
    mine, theirs = files_under(tmp_path / "alone"), files_under(tmp_path / "forked")
    assert sorted(mine) == sorted(theirs)
    assert [p for p in mine if mine[p] != theirs[p]] == []
