"""The generator as users install it: a real wheel, in a fresh virtualenv, away from the checkout.

`pip wheel` builds the wheel from the checkout; `python -m venv` makes an empty
environment; pip installs the wheel there (its dependencies from the package
registry, through pip's cache). The console script then runs from a temporary
directory that holds only a copy of the spec and a configuration naming it, so
nothing can be imported from the checkout, and its output must equal the golden
files under generated/ byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import GENERATED, ROOT
from support.trees import files_under

PACKAGE = "videos_remix"
CONFIG = """\
[tool.generator]
output = "generated"

[[tool.generator.targets]]
spec = "specs/videos-remix.yaml"
package = "videos_remix"
api_key_env = "OPENAI_API_KEY"
base_url_env = "OPENAI_BASE_URL"
"""
_NOT_SOURCE = (".git", ".venv", "generated", "build", "dist", "*.egg-info", ".*cache*")


def _run(command: list[str], cwd: Path, timeout: float = 600) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
    }
    env["GENERATOR_CACHE_DIR"] = "off"
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert (
        done.returncode == 0
    ), f"{command}: {done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ directory of a fresh virtualenv holding only the generator's wheel and its dependencies."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    source = base / "source"  # built from a copy: building leaves build/ behind
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*_NOT_SOURCE))
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(dist),
            str(source),
        ],
        base,
    )
    (wheel,) = dist.glob("*.whl")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], base)
    return bin_dir


def test_installed_wheel_generates_the_goldens_from_another_directory(
    installed: Path, tmp_path: Path
) -> None:
    work = tmp_path / "elsewhere"
    (work / "specs").mkdir(parents=True)
    (work / "specs" / "videos-remix.yaml").write_bytes(
        (ROOT / "specs" / "videos-remix.yaml").read_bytes()
    )
    (work / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    script = installed / (
        "openapi-python-generator" + (".exe" if os.name == "nt" else "")
    )
    _run([str(script), "generate"], work)
    out = work / "generated"
    for part in ("python", "docs"):
        assert files_under(out / part / PACKAGE) == files_under(
            GENERATED / part / PACKAGE
        ), part
    record = f".generator/{PACKAGE}.json"
    assert (out / record).read_bytes() == (GENERATED / record).read_bytes()


def test_installed_generator_imports_nothing_from_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    where = _run(
        [
            str(installed / "python"),
            "-c",
            "import generator, generator.paths as p; print(generator.__file__); print(p.templates_root())",
        ],
        tmp_path,
    )
    for line in where.splitlines():
        assert not Path(line).resolve().is_relative_to(ROOT), line
