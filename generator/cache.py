"""What every cache key starts with: the generator's version and a fingerprint of its code.

An entry in any cache (formatted sources, parsed YAML entries, compiled templates,
run records) was produced by some build of the generator. A different build (an
upgrade, a local edit, another formatter or YAML library) may produce something
else from the same input, so its keys must differ: each key is prefixed with
`stamp()` (compiled templates: their directory is named by `fingerprint()`).
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path

from generator import __version__
from generator.paths import templates_root

# Libraries whose version changes what the generator produces or caches.
_LIBRARIES = ("jinja2", "pyyaml")
_SUFFIXES = (".py", ".pyi", ".jinja", ".typed")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of the generator's source files, its templates and runtime, and the
    versions of the libraries that shape its output; computed once per process
    (a few milliseconds)."""
    digest = hashlib.sha256()
    for root in (Path(__file__).resolve().parent, templates_root()):
        for path in sorted(root.rglob("*")):
            if path.suffix in _SUFFIXES and "__pycache__" not in path.parts:
                relative = path.relative_to(root).as_posix().encode()
                digest.update(relative + b"\0" + path.read_bytes() + b"\0")
    for library in _LIBRARIES:
        digest.update(f"{library} {_version(library)}\n".encode())
    return digest.hexdigest()


def _version(library: str) -> str:
    """The installed version of library, or "absent". Read from the name of its
    `.dist-info` directory, found on sys.path as importlib.metadata finds it:
    importing that costs every run, a run with nothing to do included, 20 ms."""
    wanted = _project(library)
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and "-" in name:
                project, _, found = name[: -len(".dist-info")].partition("-")
                if _project(project) == wanted:
                    return found
    from importlib.metadata import PackageNotFoundError, version

    try:  # installed another way (an egg)
        return version(library)
    except PackageNotFoundError:
        return "absent"


def _project(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


@lru_cache(maxsize=1)
def stamp() -> bytes:
    """The prefix of every cache key: `openapi-python-generator <version> <fingerprint>`."""
    return f"openapi-python-generator {__version__} {fingerprint()}\n".encode()


def directory_fingerprint(directory: Path) -> str:
    """A hash of the names and contents of every file under directory."""
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(directory).as_posix().encode()
            digest.update(relative + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
