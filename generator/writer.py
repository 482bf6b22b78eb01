"""The one module that touches the output directory.

A target writes into its directories (`python/<package>/` and `docs/<package>/`)
under the output root, and lists every file it wrote in its manifest,
`.generator/<package>.json`. Writing makes those directories hold the rendered
files: changed files are replaced atomically (write to a temporary file, then
rename), unchanged files are not touched, and files the last manifest lists but
the spec no longer produces are removed. Files the manifest does not list were
not written by the generator (a user's own module, a build directory): they are
left alone, and reported. Nothing is ever written outside the output root.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator import forks, jsontext, naming
from generator.diagnostics import GeneratorError

IGNORED_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache"}


@dataclass
class Changes:
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # not ours: left alone
    unchanged: int = 0
    # path -> (size, mtime_ns) of files found unchanged by their status: the run
    # record takes them from here, not from a second stat of each file.
    seen: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.extra)

    def lines(self) -> list[str]:
        return (
            [f"missing: {p}" for p in self.missing]
            + [f"stale:   {p}" for p in self.stale]
            + [f"extra:   {p}" for p in self.extra]
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_relatives(paths: list[str]) -> None:
    """`_check_relative` for every path, in a few scans of them all: checking
    GitHub's 13,646 paths one by one took 13 ms after the last file rendered.
    Joined by NUL (refused in a path, so counted), with "/" made NUL too, a
    part that is empty, "." or ".." is a NUL, a NUL-dot or a NUL-dot-dot
    between NULs. If any path may be refused, each is checked alone."""
    joined = "\x00".join(paths)
    parts = "\x00" + joined.replace("/", "\x00") + "\x00"
    if (
        joined.count("\x00") == len(paths) - 1
        and "\\" not in joined
        and "\x00\x00" not in parts
        and "\x00.\x00" not in parts
        and "\x00..\x00" not in parts
    ):
        return
    for relative in paths:
        _check_relative(relative)


def _check_relative(relative: str) -> None:
    """Refuse a path that is not plain and relative: it could leave the output directory."""
    parts = relative.split("/")
    if (
        not relative
        or relative.startswith("/")
        or "\\" in relative
        or "\x00" in relative
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise GeneratorError.single(
            "unsafe-path",
            f"refusing to write {relative!r}: it is not a plain relative path",
        )


def _check_portable(root: Path, files: dict[str, bytes]) -> None:
    """Refuse paths that are one file on macOS or Windows, or that Windows cannot hold.

    Names are made portable where they are decided (generator/naming.py); this
    is the last line of defence, so that no file is overwritten by another.
    Each directory is checked once, however many files it holds.
    """
    seen: dict[str, str] = {}  # folded path -> the first path folded so
    checked: set[str] = set()  # directories
    for relative in sorted(files):
        directory, _, name = relative.rpartition("/")
        if directory and directory not in checked:
            prefix = ""
            for part in directory.split("/"):
                prefix = f"{prefix}/{part}" if prefix else part
                if prefix not in checked:
                    checked.add(prefix)
                    _check_name(root, relative, prefix, part, seen)
        _check_name(root, relative, relative, name, seen)


def _check_name(
    root: Path, relative: str, prefix: str, part: str, seen: dict[str, str]
) -> None:
    """prefix (of relative, ending in part) differs from those seen in more than
    case, and part is a name every system can hold."""
    folded = (
        prefix if prefix.isascii() else unicodedata.normalize("NFC", prefix)
    ).casefold()
    first = seen.setdefault(folded, prefix)
    if first != prefix:
        raise GeneratorError.single(
            "unsafe-path",
            f"refusing to write {relative!r}: {prefix!r} and {first!r} are "
            "the same file on case-insensitive file systems (macOS, Windows)",
            file=str(root / relative),
        )
    if naming.is_device(part) or len(part.encode("utf-8", "surrogatepass")) > 255:
        raise GeneratorError.single(
            "unsafe-path",
            f"refusing to write {relative!r}: {part!r} cannot be a file name "
            "on every system",
            file=str(root / relative),
        )


class _Directories:
    """Directories under the output root, created once and checked not to lead outside it."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.seen: set[Path] = set()

    def ensure(self, directory: Path) -> None:
        if directory in self.seen:
            return
        directory.mkdir(parents=True, exist_ok=True)
        if not directory.resolve().is_relative_to(self.root):
            raise GeneratorError.single(
                "unsafe-path",
                f"refusing to write into {directory}: it leads outside {self.root}",
            )
        self.seen.add(directory)


def existing_files(root: Path, owned: list[str]) -> set[str]:
    """Files now under the owned directories, by path relative to root."""
    found: set[str] = set()
    for top in owned:
        base = root / top
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS)
            where = Path(os.path.relpath(dirpath, root)).as_posix()
            for name in filenames:
                if not name.endswith((".pyc", ".tmp")):
                    found.add(f"{where}/{name}")
    return found


Known = dict[
    str, tuple[int, int, str]
]  # path -> (size, mtime_ns, sha256) as last written


def compare(
    root: Path,
    files: dict[str, bytes],
    owned: list[str],
    known: Known | None = None,
    digests: dict[str, str] | None = None,
) -> Changes:
    """What differs between files and the disk.

    known vouches for files left as they were last written (same size and
    modification time): those are compared by hash, without reading them.
    digests are the files' hashes when the caller has them already.
    """
    changes = Changes()
    present = existing_files(root, owned)
    known = known or {}
    digests = digests or {}
    # Nothing can be in an owned directory that does not exist: no need to look.
    absent = tuple(top + "/" for top in owned if not (root / top).is_dir())
    base = os.path.join(root, "")
    for relative in sorted(files):
        if relative not in present and (
            (absent and relative.startswith(absent))
            or not os.path.isfile(base + relative)
        ):
            changes.missing.append(relative)
            continue
        target = base + relative
        record = known.get(relative)
        if record is not None:
            stat = os.stat(target)
            if (stat.st_size, stat.st_mtime_ns) == record[:2]:
                digest = digests.get(relative) or sha256(files[relative])
                if record[2] == digest:
                    changes.unchanged += 1
                    changes.seen[relative] = record[:2]
                else:
                    changes.stale.append(relative)
                continue
        with open(target, "rb") as f:
            same = f.read() == files[relative]
        if same:
            changes.unchanged += 1
        else:
            changes.stale.append(relative)
    ours = written_before(root, files, owned)
    changes.extra = sorted(present & ours - files.keys())
    changes.foreign = sorted(present - ours - files.keys())
    return changes


MANIFESTS = ".generator/"


def written_before(root: Path, files: dict[str, bytes], owned: list[str]) -> set[str]:
    """The files the target's manifest on disk (its last run) says it wrote.

    Only plain relative paths inside the owned directories count: a manifest
    cannot claim anything else. Without a readable manifest, nothing is ours.
    """
    ours: set[str] = set()
    tops = tuple(top + "/" for top in owned)
    for relative in files:
        if not relative.startswith(MANIFESTS):
            continue
        try:
            listed = json.loads((root / relative).read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not isinstance(listed, dict):
            continue
        ours.update(
            path
            for path in listed
            if isinstance(path, str) and path.startswith(tops) and _plain(path)
        )
    return ours


def _plain(relative: str) -> bool:
    parts = relative.split("/")
    return not (
        "\\" in relative
        or "\x00" in relative
        or any(part in ("", ".", "..") for part in parts)
    )


def write(
    root: Path,
    files: dict[str, bytes],
    owned: list[str],
    known: Known | None = None,
    digests: dict[str, str] | None = None,
) -> Changes:
    """Make the owned directories hold exactly files; returns what changed.

    An owned directory that does not exist yet is written whole into a staging
    directory and renamed into place, so it appears complete or not at all.
    In one that exists, only changed files are replaced, each atomically.
    """
    _check_relatives(list(files))
    _check_portable(root, files)
    root.mkdir(parents=True, exist_ok=True)
    dirs = _Directories(root)
    changes = compare(root, files, owned, known, digests)
    fresh = [top for top in owned if not (root / top).exists()]
    if fresh:
        _stage(root, fresh, files, dirs)
    staged = tuple(top + "/" for top in fresh)
    for relative in changes.missing + changes.stale:
        if not relative.startswith(staged):
            target = root / relative
            dirs.ensure(target.parent)
            _atomic_write(target, files[relative])
    for relative in changes.extra:
        target = root / relative
        dirs.ensure(target.parent)
        target.unlink()
        _prune_empty(target.parent, root)
    return changes


def _stage(
    root: Path, tops: list[str], files: dict[str, bytes], dirs: _Directories
) -> None:
    """Write the files under each of tops into a staging directory beside it, all
    at once (by the same writers), then rename each into place."""
    stages: dict[str, str] = {}
    try:
        for top in tops:
            final = root / top
            dirs.ensure(final.parent)
            prefix = f".{final.name}.staging-"
            stages[top + "/"] = tempfile.mkdtemp(dir=final.parent, prefix=prefix)
        # Grouped by parent first: what stage a parent is under, and where that
        # is, is found once per directory, not once per file (GitHub: 13,646
        # files in 640 directories, after the last file rendered).
        by_parent: dict[str, list[tuple[str, bytes]]] = {}
        for relative, data in files.items():
            parent, _, name = relative.rpartition("/")
            by_parent.setdefault(parent, []).append((name, data))
        by_directory: dict[str, Items] = {}
        for parent, named in by_parent.items():
            under = next((t for t in stages if (parent + "/").startswith(t)), None)
            if under is None:
                continue
            directory = parent[len(under) :]
            stage = stages[under]
            where = os.path.join(stage, directory) if directory else stage
            items = by_directory.setdefault(where, [])
            items += [(os.path.join(where, name), data) for name, data in named]
        for directory in by_directory:
            os.makedirs(directory, exist_ok=True)
        _write_directories(by_directory)
        for under, stage in list(stages.items()):
            os.chmod(stage, 0o755)
            os.rename(stage, root / under)
            del stages[under]  # in place: not removed if a later rename fails
    except BaseException:
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)
        raise


Items = list[tuple[str, bytes]]  # (file to create, its bytes)


def _write_directories(by_directory: dict[str, Items]) -> None:
    """Create the files, one directory at a time per writer: the kernel serialises
    creation within a directory, not across them, so a large tree is written in a
    fraction of the time by writers in parallel.

    Where it can fork, a second process writes half the directories: threads
    contend for one interpreter (GitHub's 13,600 files on 2 cores took 0.19-0.29 s
    with two threads, 0.14-0.16 s with two processes)."""
    groups = sorted(by_directory.values(), key=len, reverse=True)
    if len(groups) == 1 or sum(map(len, groups)) < 200:
        for items in groups:
            _write_all(items)
        return
    cores = os.cpu_count() or 1
    if cores >= 2 and forks.can_fork():
        mine, theirs = _halves(groups)
        other = forks.OneCall(_write_all, theirs)
        try:
            _write_all(mine)
            other.result()
        finally:
            other.close()  # at once if writing here failed
        return
    # A thread per core, at least 2 and at most 8: on a memory file system the
    # work is the kernel's CPU time, and more threads than cores only contend.
    threads = min(len(groups), 8, max(2, cores))
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for future in [pool.submit(_write_all, items) for items in groups]:
            future.result()


def _halves(groups: list[Items]) -> tuple[Items, Items]:
    """The directories dealt into two lists of about as many files each (largest first)."""
    halves: tuple[Items, Items] = ([], [])
    for items in groups:
        halves[len(halves[0]) > len(halves[1])].extend(items)
    return halves


def _write_all(items: Items) -> None:
    for target, data in items:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)


def _atomic_write(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _prune_empty(directory: Path, root: Path) -> None:
    """Remove directories left empty (but for caches) up to, not including, root."""
    root = root.resolve()
    directory = directory.resolve()
    while directory != root and directory.is_relative_to(root):
        entries = list(directory.iterdir())
        if any(e.name not in IGNORED_DIRS for e in entries):
            return
        for entry in entries:
            shutil.rmtree(entry, ignore_errors=True)
        directory.rmdir()
        directory = directory.parent


def manifest(digests: dict[str, str], provenance: dict[str, object]) -> bytes:
    """The target's metadata file: provenance and the hash of every file it owns
    (digests: path -> SHA-256)."""
    body = {**provenance, "files": digests}
    return (jsontext.pretty(body) + "\n").encode("utf-8")
