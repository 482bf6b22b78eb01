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

from generator import __version__, statusmemo
from generator.paths import cache_dir, templates_root

# Libraries whose version changes what the generator produces or caches.
_LIBRARIES = ("jinja2", "pyyaml")
_SUFFIXES = (".py", ".pyi", ".jinja", ".typed")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of the generator's source files, its templates and runtime, and the
    versions of the libraries that shape its output; computed once per process.

    The hash of the files is kept in the cache under their status
    (generator/statusmemo.py), so a run with nothing to do reads none of them."""
    files: list[tuple[str, str, os.stat_result]] = []
    roots = (Path(__file__).resolve().parent, templates_root())
    for index, root in enumerate(roots):
        _sources(str(root), f"{index}:", files)
    files.sort()
    seen = hashlib.sha256()
    for relative, _, stat in files:
        seen.update(f"{relative}\0{statusmemo.status(stat)}\n".encode())
    cache = cache_dir()
    where = hashlib.sha256("\0".join(map(str, roots)).encode()).hexdigest()
    memo = cache / "stamps" / where if cache is not None else None
    sources = statusmemo.recall(memo, seen.hexdigest())
    if sources is None:
        digest = hashlib.sha256()
        for relative, path, stat in files:
            with open(path, "rb") as file:
                digest.update(relative.encode() + b"\0" + file.read() + b"\0")
        sources = digest.hexdigest()
        if all(statusmemo.settled(stat) for _, _, stat in files):
            statusmemo.keep(memo, seen.hexdigest(), sources)
    digest = hashlib.sha256(sources.encode())
    for library in _LIBRARIES:
        digest.update(f"{library} {_version(library)}\n".encode())
    return digest.hexdigest()


def _sources(
    directory: str, prefix: str, found: list[tuple[str, str, os.stat_result]]
) -> None:
    """The files under directory the fingerprint reads: (name, path, status).
    Links to directories are not followed, as `Path.rglob` does not."""
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    _sources(entry.path, f"{prefix}{entry.name}/", found)
            elif entry.name.endswith(_SUFFIXES) and entry.is_file():
                found.append((prefix + entry.name, entry.path, entry.stat()))


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
