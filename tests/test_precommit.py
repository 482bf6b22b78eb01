"""Other repositories run check and generate as pre-commit hooks from this repository.

`pre-commit try-repo` installs the generator from this checkout (its committed
HEAD) into a hook environment, as a user's `.pre-commit-config.yaml` would, and
runs the hooks in a temporary git repository holding a spec and a pyproject.toml.
Building that environment installs the generator's dependencies from the package
index, the only network this test uses: without it, it skips and says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SPEC = (ROOT / "specs" / "videos-remix.yaml").read_text(encoding="utf-8")
CONFIG = """\
[tool.generator]
output = "generated"

[[tool.generator.targets]]
spec = "specs/videos-remix.yaml"
package = "videos_remix"
"""


def _index_reachable() -> bool:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", "jinja2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode == 0


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_check_and_generate_hooks_from_this_checkout(tmp_path: Path) -> None:
    if not _index_reachable():
        pytest.skip(
            "the package index is not reachable: pre-commit cannot install the "
            "generator's dependencies into the hook environment"
        )
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    (repo / "specs" / "videos-remix.yaml").write_text(SPEC, encoding="utf-8")
    (repo / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    _git(repo, "init", "--quiet")
    _git(repo, "add", "-A")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
        "GENERATOR_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("VIRTUAL_ENV", None)
    ref = _git(ROOT, "rev-parse", "HEAD")

    def hook(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                str(ROOT),
                f"openapi-python-generator-{name}",
                "--ref",
                ref,
                "--all-files",
            ],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    first = hook("generate")  # new files are not modifications: it passes
    assert first.returncode == 0, first.stdout + first.stderr
    assert (repo / "generated" / "python" / "videos_remix" / "__init__.py").is_file()
    _git(repo, "add", "-A")
    checked = hook("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Passed" in checked.stdout

    spec = repo / "specs" / "videos-remix.yaml"
    spec.write_text(SPEC.replace("version: 2.3.0", "version: 2.4.0"), encoding="utf-8")
    _git(repo, "add", "-A")
    stale = hook("check")
    assert stale.returncode == 1
    assert "stale:" in stale.stdout and "Failed" in stale.stdout, stale.stdout

    regenerated = hook("generate")  # changes committed files: fails, to be staged
    assert regenerated.returncode == 1
    assert "files were modified by this hook" in regenerated.stdout, regenerated.stdout
    _git(repo, "add", "-A")
    assert hook("check").returncode == 0
