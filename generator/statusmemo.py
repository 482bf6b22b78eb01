"""Digests kept under the status of the files they were read from.

A run with nothing to do must know that the spec and the generator's own code
read as before, without reading them (GitHub's 13 MB spec: 0.02 s; the code's
158 files: 0.01 s). A file's status (device, inode, size, modification and
status change times) names its bytes once the file has settled: every write
sets the status change time to the time of the write, which no one can set
back, so a status recorded 2 s or more after the last change is never seen
again with other bytes. A digest is kept only for such a status; one taken
sooner, when a write in the same clock tick could go unseen, is not kept.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

from generator.paths import write_cache_file

SETTLED_NS = 2_000_000_000
_HEX = re.compile("[0-9a-f]{64}")


def status(stat: os.stat_result) -> str:
    return (
        f"{stat.st_dev} {stat.st_ino} {stat.st_size} "
        f"{stat.st_mtime_ns} {stat.st_ctime_ns}"
    )


def settled(stat: os.stat_result) -> bool:
    """Whether the file's status names its bytes: last changed 2 s ago or more."""
    return time.time_ns() - stat.st_ctime_ns >= SETTLED_NS


def recall(memo: Path | None, seen: str) -> str | None:
    """The digest kept in memo for the status seen, if that is the one kept."""
    if memo is None:
        return None
    try:
        kept, _, digest = memo.read_text(encoding="utf-8").partition("\n")
    except (OSError, ValueError):
        return None
    return digest if kept == seen and _HEX.fullmatch(digest) else None


def keep(memo: Path | None, seen: str, digest: str) -> None:
    """Keep digest in memo for the status seen (the caller checked it settled)."""
    if memo is not None:  # else the next run reads the files again
        write_cache_file(memo, f"{seen}\n{digest}".encode())


def file_digest(path: Path, memo: Path | None) -> str | None:
    """The SHA-256 of the file at path (None: it cannot be read), from memo while
    its status is the one kept there, else read and kept once it has settled."""
    try:
        before = os.stat(path)
    except OSError:
        return None
    seen = status(before)
    digest = recall(memo, seen)
    if digest is not None:
        return digest
    digest, keepable = read_digest(path, seen)
    if digest is not None and keepable:
        keep(memo, seen, digest)
    return digest


def read_digest(path: Path, seen: str) -> tuple[str | None, bool]:
    """The SHA-256 of the file at path (None: it cannot be read), and whether it
    may be kept under seen, its status before the read: the status after the
    read is the same, and the file has settled."""
    try:
        with open(path, "rb") as file:
            digest = hashlib.sha256(file.read()).hexdigest()
            after = os.fstat(file.fileno())
    except OSError:
        return None, False
    return digest, status(after) == seen and settled(after)
