"""`distribution = true`: the generated package builds into a wheel that installs and imports anywhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import GENERATED, ROOT, BuildPackage
from packaging.version import Version

from generator.python.distribution import pep440

SPEC = (ROOT / "specs" / "streaming.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("1.0.0", "1.0.0"),
        ("v2", "2"),
        ("2.3.0-beta.1", "2.3.0b1"),
        ("1.0.0-alpha", "1.0.0a0"),
        ("3.1-rc2", "3.1rc2"),
        ("1.2.3-dev", "1.2.3.dev0"),
        ("2024-01-01", "2024.1.1"),
        ("01.002", "1.2"),
        ("1.0-SNAPSHOT", "1.0+snapshot"),
        ("2.0.0 (preview build 7)", "2.0.0+preview.build.7"),
        ("latest", "0+latest"),
        ("", "0"),
        ("🙂", "0"),
    ],
)
def test_info_version_becomes_a_valid_pep440_version(
    version: str, expected: str
) -> None:
    assert pep440(version) == expected
    assert str(Version(expected)) == expected


def test_only_targets_that_ask_get_distribution_files() -> None:
    assert (GENERATED / "python" / "streaming" / "pyproject.toml").is_file()
    assert (GENERATED / "python" / "streaming" / "README.md").is_file()
    assert not (GENERATED / "python" / "videos" / "pyproject.toml").exists()


def test_spec_text_in_the_metadata_is_escaped(build_package: BuildPackage) -> None:
    text = SPEC.replace(
        "title: Streaming example API",
        'title: "Odd \\"quoted\\" \\\\ title\\nwith a newline"',
    ).replace("version: 1.0.0", "version: '2024-05-01 beta'")
    assert "Odd" in text
    module = build_package(text, "odd", distribution=True)
    files = module.__result__.files
    meta = tomllib.loads(files["python/odd/pyproject.toml"].decode())
    assert meta["project"]["name"] == "odd"
    assert meta["project"]["description"] == 'Odd "quoted" \\ title with a newline'
    assert Version(meta["project"]["version"]) == Version("2024.5.1+beta")
    readme = files["python/odd/README.md"].decode()
    # A backslash is escaped in Markdown (it shows as one).
    assert readme.splitlines()[1] == '# Odd "quoted" \\\\ title with a newline'


def test_the_package_builds_installs_and_imports_outside_the_repo(
    tmp_path: Path,
) -> None:
    source = tmp_path / "streaming"
    shutil.copytree(GENERATED / "python" / "streaming", source)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp_path / "dist").glob("streaming-1.0.0-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "streaming/py.typed",
        "streaming/models/__init__.pyi",
        "streaming/_runtime/client.py",
        "streaming/models/tick.py",
    } <= names
    assert not {"streaming/pyproject.toml", "streaming/README.md"} & names

    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True
    )
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            str(wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    imported = subprocess.run(
        [
            str(python),
            "-I",
            "-c",
            "import streaming, streaming.models as m\n"
            "from streaming import AsyncClient, Client\n"
            "print(streaming.__file__)\n"
            "print(m.Tick.from_dict({'type': 'tick', 'symbol': 'A', 'price': 1.5}))\n",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr
    where, tick = imported.stdout.splitlines()
    assert Path(where).is_relative_to(venv) and "Tick(" in tick
