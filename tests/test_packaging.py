"""An installed generator (from its wheel) works outside the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from site import getsitepackages as site_packages

from conftest import ROOT


def test_wheel_carries_templates_and_runtime_and_runs_outside_the_repo(
    tmp_path: Path,
) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ROOT.glob("templates/**/*"):
        if template.is_file() and template.suffix in (".jinja", ".py"):
            assert (
                f"generator/templates/{template.relative_to(ROOT / 'templates').as_posix()}"
                in names
            )
    for source in ROOT.glob("generator/**/*.py"):
        assert source.relative_to(ROOT).as_posix() in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    spec = work / "videos-remix.yaml"
    spec.write_text((ROOT / "specs" / "videos-remix.yaml").read_text())
    # -S: no .pth files, so the checkout's editable install cannot stand in for
    # a module the wheel lacks; the dependencies come from site-packages directly.
    deps = os.pathsep.join([str(site), *site_packages()])
    env = {**os.environ, "PYTHONPATH": deps, "GENERATOR_CACHE_DIR": "off"}
    done = subprocess.run(
        [
            sys.executable,
            "-S",
            "-P",
            "-m",
            "generator",
            "generate",
            "videos-remix.yaml",
            "--package",
            "api",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    generated = (
        work / "generated" / "python" / "api" / "models" / "video_resource.py"
    ).read_text()
    assert (
        generated
        == (
            ROOT
            / "generated"
            / "python"
            / "videos_remix"
            / "models"
            / "video_resource.py"
        ).read_text()
    )
    assert (work / "generated" / "python" / "api" / "_runtime" / "client.py").is_file()
