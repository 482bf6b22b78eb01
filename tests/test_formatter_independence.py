"""Generation does not use black: the output is the same with any black, or none.

Installing the generator must not constrain the user's black either: black is a
test tool of this project, never a dependency of the generator.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

GOLDEN = ROOT / "generated" / "python"
# Any attempt to import black fails in the generator's process.
NO_BLACK = (
    "import sys; sys.modules['black'] = None; "
    "from generator.cli import main; sys.exit(main(sys.argv[1:]))"
)


def _files(root: Path) -> set[Path]:
    return {
        p.relative_to(root)
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def _compare_with_goldens(generated: Path, package: str) -> list[str]:
    """Relative paths that differ from (or are missing in) the golden package."""
    golden = GOLDEN / package
    expected = _files(golden)
    actual = _files(generated)
    differ = [str(p) for p in sorted(expected ^ actual)]
    for rel in sorted(expected & actual):
        if (golden / rel).read_bytes() != (generated / rel).read_bytes():
            differ.append(str(rel))
    return differ


def test_black_is_no_dependency_of_the_generator() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = config["project"]["dependencies"]
    assert not [d for d in runtime if d.lower().startswith("black")]
    test = config["project"]["optional-dependencies"]["test"]
    assert "black==26.10.1" in test  # the oracle the tests compare with, pinned


def test_generating_with_black_unimportable_gives_the_goldens() -> None:
    """`check` regenerates every target of the project and compares it byte for byte."""
    done = subprocess.run(
        [sys.executable, "-c", NO_BLACK, "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "GENERATOR_CACHE_DIR": "off"},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_installed_generator_without_black_gives_the_goldens(tmp_path: Path) -> None:
    """A built wheel in a fresh virtualenv: black is not installed with it."""
    wheels = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
        + ["-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = wheels.glob("*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        + [str(wheel)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if installed.returncode != 0:
        pytest.skip(
            f"cannot install the wheel's dependencies: {installed.stderr[-300:]}"
        )
    has_black = subprocess.run(
        [str(python), "-c", "import black"], capture_output=True, text=True
    )
    assert has_black.returncode != 0, "installing the generator installed black"
    work = tmp_path / "work"
    work.mkdir()
    package = "streaming"
    shutil.copy(ROOT / "specs" / "streaming.yaml", work / "streaming.yaml")
    done = subprocess.run(
        [str(python), "-P", "-m", "generator", "generate", "streaming.yaml"]
        + ["--package", package, "--distribution", "-q"],
        cwd=work,
        capture_output=True,
        text=True,
        env={**os.environ, "GENERATOR_CACHE_DIR": "off"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert _compare_with_goldens(work / "generated" / "python" / package, package) == []
