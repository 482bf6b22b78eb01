"""Remember the last generation of each target, to skip work when nothing changed.

A run record (in the cache directory, never in the output) holds a key built
from what decides the output - the spec's bytes, the target's settings, the
generator's version and code (`cache.stamp()`) -, the digest of every other
file the spec's $refs named (known only once the spec is parsed), and the size
and modification time of every file written (their digests and keys are in a
file beside it, which such a run does not read). When the key matches, those files
read the same and every file is still as written, generating again has nothing
to do and skips parsing.

Such a run reads the digests of the spec, of the other files its $refs named
and of the code from status memos (generator/statusmemo.py), stats each file
written, and compares the modification time of each directory it owns with the
one recorded: a file added or taken away changes it, so the directories are
listed again only then. Like a file's, a directory's time is as fine as the
file system's clock.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from generator import statusmemo
from generator.cache import directory_fingerprint, stamp
from generator.config import Target
from generator.paths import cache_dir, write_cache_file


def key(target: Target, strict: bool) -> str | None:
    """The run's key; None without a cache, where no record is read or kept (the
    key hashed GitHub's 13 MB spec for nothing: 0.03 s)."""
    if cache_dir() is None:
        return None
    spec = _spec_digest(target)
    made = settings(target)
    if spec is None or made is None:
        return None
    digest = hashlib.sha256(made + f"strict {strict}\n".encode())
    digest.update(bytes.fromhex(spec))
    return digest.hexdigest()


def _spec_digest(target: Target) -> str | None:
    """The SHA-256 of the spec's bytes, kept beside the run record under the
    spec's status (generator/statusmemo.py): a run with nothing to do need not
    read them."""
    record = _record_path(target)
    memo = record.with_name(record.stem + ".spec") if record is not None else None
    return statusmemo.file_digest(target.spec, memo)


def settings(target: Target) -> bytes | None:
    """What decides a target's output besides its spec: the generator's code, the
    target's settings and its template overrides (None: they cannot be read)."""
    values = {k: str(v) for k, v in asdict(target).items()}
    made = stamp() + json.dumps(values, sort_keys=True).encode() + b"\n"
    if target.templates is not None:  # the overrides decide output as the spec does
        try:
            made += directory_fingerprint(target.templates).encode()
        except OSError:
            return None
    return made


def _record_path(target: Target) -> Path | None:
    cache = cache_dir()
    if cache is None:
        return None
    where = f"{target.output.resolve()}\0{target.package}".encode()
    return cache / "runs" / (hashlib.sha256(where).hexdigest() + ".json")


def _load(target: Target) -> dict[str, object] | None:
    """The target's record. A run reads it up to three times (is anything to do;
    what was kept; what was written), so the last one read is kept while its
    file stays the same."""
    global _last
    record = _record_path(target)
    if record is None:
        return None
    try:
        stat = record.stat()
        seen = (str(record), stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if _last is not None and _last[0] == seen:
            return _last[1]
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    _last = (seen, data)
    return data


_last: tuple[tuple[str, int, int, int], dict[str, object]] | None = None


def unchanged(target: Target, run_key: str | None) -> int | None:
    """The number of files, when the last run had this key and its files are untouched."""
    data = _load(target)
    if data is None or run_key is None or data.get("key") != run_key:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    base = os.path.join(target.output, "")  # strings, not Paths: 13,000 files on GitHub
    for relative, entry in files.items():  # read as they are: no copy made (`known`)
        try:
            stat = os.stat(base + relative)
            if stat.st_size != entry[0] or stat.st_mtime_ns != entry[1]:
                return None
        except (OSError, TypeError, KeyError, IndexError):
            return None
    present = data.get("present")  # files in each owned directory, users' included
    if not isinstance(present, dict):
        return None
    if not _same_directories(base, data.get("directories")):
        directories: dict[str, int] = {}
        for top, n in present.items():
            if _count(base + top, directories, base) != n:
                return None
        _keep_directories(target, data, directories)
    if not _same_documents(target, data.get("read_also")):
        return None
    return len(files)


def _same_directories(base: str, directories: object) -> bool:
    """Whether every directory under the owned ones has the modification time
    recorded: then no file was added or taken away in any of them, and they need
    not be listed again (GitHub: 13,600 entries, 0.03 s)."""
    if not isinstance(directories, dict) or not directories:
        return False
    try:
        return all(
            os.stat(base + name).st_mtime_ns == mtime
            for name, mtime in directories.items()
        )
    except OSError:
        return False


def _keep_directories(
    target: Target, data: dict[str, object], directories: dict[str, int]
) -> None:
    """The record with the directories' times just found beside the same files:
    importing the package writes `__pycache__` directories, which changes their
    parents' times, and every later run with nothing to do would list them all
    again (GitHub: 0.02-0.04 s each) until one had something to do."""
    global _last
    record = _record_path(target)
    if record is None:
        return
    if write_cache_file(
        record, json.dumps({**data, "directories": directories}).encode()
    ):
        _last = None  # else they are listed again next time


def _same_documents(target: Target, read: object) -> bool:
    """Whether the other files the spec's $refs named read as they did, present or
    absent: the key covers only the spec itself. A file is read again only when
    its status is not one kept with the digest recorded (`_documents_path`)."""
    if not isinstance(read, dict):
        return False
    if not read:
        return True
    root = target.spec.resolve().parent  # as the $refs were resolved
    record = _record_path(target)
    memo = _documents_path(record) if record is not None else None
    kept = _kept_documents(memo)
    found: dict[str, list[str]] = {}
    for name, digest in read.items():
        path = root / name
        try:
            seen = statusmemo.status(os.stat(path))
        except OSError:  # gone
            if digest is not None:
                return False
            continue
        if digest is not None and kept.get(name) == [seen, digest]:
            found[name] = [seen, digest]
            continue
        now, keepable = statusmemo.read_digest(path, seen)  # a directory: None
        if now != digest:
            return False
        if now is not None and keepable:
            found[name] = [seen, now]
    if found != kept:
        _keep_documents(memo, found)
    return True


def _documents_path(record: Path) -> Path:
    """Beside the run record: the status of each other file a run with nothing to
    do read and found settled, with its digest (generator/statusmemo.py). While
    a file has that status, it holds those bytes. 639 files split from GitHub's
    spec: read and hashed in 0.025 s, checked by their kept statuses in 0.009 s."""
    return record.with_name(record.stem + ".documents.json")


def _kept_documents(memo: Path | None) -> dict[str, list[str]]:
    if memo is None:
        return {}
    try:
        kept = json.loads(memo.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(kept, dict):
        return {}
    return {
        name: pair
        for name, pair in kept.items()
        if isinstance(pair, list)
        and len(pair) == 2
        and all(type(p) is str for p in pair)
    }


def _keep_documents(memo: Path | None, found: dict[str, list[str]]) -> None:
    if memo is not None:
        write_cache_file(memo, json.dumps(found).encode())  # else read again next time


def known(
    target: Target, data: dict[str, object] | None = None
) -> dict[str, tuple[int, int, str]]:
    """Files as the last run wrote them: path -> (size, mtime_ns, sha256)."""
    data = data if data is not None else _load(target)
    files = data.get("files") if data else None
    digests = _side(target, data).get("digests")
    if not isinstance(files, dict) or not isinstance(digests, dict):
        return {}
    return {
        path: (int(v[0]), int(v[1]), str(digests[path]))
        for path, v in files.items()
        if isinstance(v, list) and len(v) == 2 and path in digests
    }


def recorded_keys(target: Target) -> dict[str, tuple[str, str]]:
    """The files the last run keyed: path -> (key, SHA-256 of the file written)."""
    data = _load(target)
    keys = _side(target, data).get("keys")
    files = known(target, data)
    if not isinstance(keys, dict):
        return {}
    return {
        path: (key, files[path][2])
        for path, key in keys.items()
        if isinstance(key, str) and path in files
    }


def _side(target: Target, data: dict[str, object] | None) -> dict[str, object]:
    """What a run with nothing to do need not read, in a file of its own beside
    the record: the keys of the files kept by key (generator/keys.py) and the
    SHA-256 of every file written (GitHub's record: 2.2 -> 1.3 MB to parse).
    The record holds the digest of the file it was written with, so the two are
    taken together or not at all."""
    global _last_side
    record = _record_path(target)
    if record is None or data is None:
        return {}
    if _last_side is not None and _last_side[0] is data:
        return _last_side[1]
    try:
        text = _side_path(record).read_bytes()
        side = json.loads(text) if data.get("side") == _digest(text) else None
    except (OSError, ValueError):
        return {}
    if not isinstance(side, dict):
        return {}
    _last_side = (data, side)
    return side


_last_side: tuple[dict[str, object], dict[str, object]] | None = None


def _side_path(record: Path) -> Path:
    return record.with_name(record.stem + ".side.json")


def _digest(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def remember(
    target: Target,
    run_key: str | None,
    files: dict[str, bytes],
    owned: list[str],
    digests: dict[str, str] | None = None,
    read_also: dict[str, str | None] | None = None,
    keys: dict[str, str] | None = None,
    seen: dict[str, tuple[int, int]] | None = None,
) -> None:
    """Record this run; digests are the files' SHA-256 when the caller has them,
    read_also the other files the spec's $refs named (`ir.Api.documents`),
    keys those of the files kept by key (generator/keys.py), seen the size and
    modification time of files the writer left as they were (`Changes.seen`)."""
    global _last, _last_side
    _last = _last_side = None  # this process's copies are no longer the record
    record = _record_path(target)
    if record is None or run_key is None:
        return
    digests = digests or {}
    keys = keys or {}
    base = os.path.join(target.output, "")  # strings, not Paths: 13,000 files
    stats = {}
    written = {}
    seen = seen or {}
    for relative, data in files.items():
        status = seen.get(relative)
        if status is None:
            stat = os.stat(base + relative)
            status = (stat.st_size, stat.st_mtime_ns)
        stats[relative] = list(status)
        written[relative] = digests.get(relative) or hashlib.sha256(data).hexdigest()
    present = {}
    directories: dict[str, int] = {}
    for top in owned:
        present[top] = _count(base + top, directories, base)
    side = json.dumps({"keys": keys, "digests": written}).encode()
    made = {
        "key": run_key,
        "files": stats,
        "present": present,
        "directories": directories,
        "read_also": read_also or {},
        "side": _digest(side),
    }
    # The side file first: the record names its digest. Without a record the
    # next run does the full work.
    if write_cache_file(_side_path(record), side):
        write_cache_file(record, json.dumps(made).encode())


def _count(
    directory: Path | str,
    mtimes: dict[str, int] | None = None,
    base: str = "",
) -> int:
    """Files under directory, as os.walk lists them (a link to a directory is
    neither counted nor followed), bytecode and temporary files left out.
    mtimes, when given, gets each directory listed (named relative to base) and
    its modification time."""
    total = 0
    stack = [str(directory)]
    while stack:
        path = stack.pop()
        try:
            entries = os.scandir(path)
            if mtimes is not None:
                mtimes[path.removeprefix(base)] = os.stat(path).st_mtime_ns
        except OSError:
            continue
        with entries:
            for entry in entries:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    if entry.name != "__pycache__" and not entry.is_symlink():
                        stack.append(entry.path)
                elif not entry.name.endswith((".pyc", ".tmp")):
                    total += 1
    return total
