"""Caches are keyed by what produced their entries: another generator never reuses them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT
from support.bigspec import big_spec


def _generate(
    code: Path, spec: Path, out: Path, cache: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            str(spec),
            "-o",
            str(out),
            *extra,
        ],
        cwd=code,
        env={**os.environ, "GENERATOR_CACHE_DIR": str(cache), "PYTHONPATH": str(code)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _tree(out: Path) -> dict[str, str]:
    return {  # a cache holds binary files too (compiled templates)
        p.relative_to(out).as_posix(): p.read_bytes().decode("utf-8", "replace")
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def _poison(cache: Path) -> None:
    """Make every cached entry wrong, as entries from a generator that parsed or
    formatted differently would be."""
    for store in (cache / "yaml").glob("*.json"):
        entries = json.loads(store.read_text(encoding="utf-8"))
        for value in entries.values():
            for schema in value.values():
                if isinstance(schema, dict) and "description" in schema:
                    schema["description"] = "POISONED"
        store.write_text(json.dumps(entries), encoding="utf-8")
    for memo in (cache / "format").glob("*.json"):  # laid-out text by source key
        data = json.loads(memo.read_text(encoding="utf-8"))
        data["entries"] = {
            key: (text or "") + "# POISONED\n" for key, text in data["entries"].items()
        }
        memo.write_text(json.dumps(data), encoding="utf-8")


def _changed_copy(tmp_path: Path) -> Path:
    """This generator with one comment added: a different build of the same version."""
    copy = tmp_path / "copy"
    shutil.copytree(
        ROOT / "generator",
        copy / "generator",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(
        ROOT / "templates",
        copy / "templates",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    loader = copy / "generator" / "loader.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "# a newer build\n")
    return copy


def test_entries_from_other_generator_code_are_not_reused(tmp_path: Path) -> None:
    spec = tmp_path / "big.yaml"
    spec.write_text(big_spec(), encoding="utf-8")
    cache = tmp_path / "cache"
    _generate(ROOT, spec, tmp_path / "first", cache)
    expected = _tree(tmp_path / "first")
    _poison(cache)

    # The same code reuses its own entries (so the poison is where the caches look).
    _generate(ROOT, spec, tmp_path / "same", cache)
    same = "".join(_tree(tmp_path / "same").values())
    assert "# POISONED" in same and "POISONED" in same.replace("# POISONED", "")

    _generate(_changed_copy(tmp_path), spec, tmp_path / "other", cache)
    assert _tree(tmp_path / "other") == expected


def test_no_cache_reads_and_writes_no_cache(tmp_path: Path) -> None:
    spec = tmp_path / "big.yaml"
    spec.write_text(big_spec(), encoding="utf-8")
    cache = tmp_path / "cache"
    _generate(ROOT, spec, tmp_path / "first", cache)
    _poison(cache)
    before = _tree(cache)
    _generate(ROOT, spec, tmp_path / "fresh", cache, "--no-cache")
    assert _tree(tmp_path / "fresh") == _tree(tmp_path / "first")
    assert _tree(cache) == before
    _generate(ROOT, spec, tmp_path / "again", cache, "--no-cache")
    assert "POISONED" not in "".join(_tree(tmp_path / "again").values())


def test_library_versions_in_the_key_are_the_installed_ones() -> None:
    """The versions that key every cache are read from install records' names;
    they are what importlib.metadata reports, and an absent library says so."""
    from importlib.metadata import version

    from generator import cache

    assert cache._version("jinja2") == version("jinja2")
    assert cache._version("PyYAML") == cache._version("pyyaml") == version("pyyaml")
    assert cache._version("no-such-library-here") == "absent"


def test_library_versions_are_read_without_importing_importlib_metadata() -> None:
    """The point of reading install records' names: the key of a run with nothing
    to do costs no import of importlib.metadata (20 ms)."""
    probe = (
        "import sys; from generator import cache; "
        "print(cache._version('Jinja2'), cache._version('PyYAML'), "
        "'importlib.metadata' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    *versions, imported = done.stdout.split()
    assert all(versions) and imported == "False", done.stdout


def _fingerprint(code: Path, cache: Path) -> str:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from generator import cache; print(cache.fingerprint())",
        ],
        cwd=code,
        env={**os.environ, "GENERATOR_CACHE_DIR": str(cache), "PYTHONPATH": str(code)},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _edit_in_place(path: Path, old: bytes, new: bytes) -> None:
    """Rewrite path with the same size and modification time: only the status
    change time tells the edit."""
    assert len(old) == len(new)
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(old, new, 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _poison_memo(memo: Path) -> None:
    """The digest a status memo keeps, made wrong; the status left as it is."""
    seen, _, _ = memo.read_text(encoding="utf-8").partition("\n")
    memo.write_text(f"{seen}\n{'0' * 64}", encoding="utf-8")


def test_the_code_fingerprint_kept_by_status_sees_every_edit(tmp_path: Path) -> None:
    """The hash of settled code is kept in the cache under the files' status and
    used while that status holds; an edit that keeps a file's size and
    modification time still changes its status, and the fingerprint."""
    code, cache = _changed_copy(tmp_path), tmp_path / "cache"
    time.sleep(2.1)  # settled: kept only when every file is 2 s old
    first = _fingerprint(code, cache)
    assert first == _fingerprint(code, Path("off"))  # off: read every time
    (memo,) = (cache / "stamps").iterdir()
    _poison_memo(memo)
    wrong = _fingerprint(code, cache)
    assert wrong != first  # the kept one is used
    _edit_in_place(code / "generator" / "loader.py", b"a newer", b"a later")
    edited = _fingerprint(code, cache)
    assert edited == _fingerprint(code, Path("off")) and edited not in (first, wrong)


def test_a_spec_digest_kept_by_status_sees_every_edit(tmp_path: Path) -> None:
    """The settled spec's digest is kept beside the run record under its status;
    a run with nothing to do uses it instead of reading the spec, and an edit
    that keeps the spec's size and modification time is still seen."""
    spec, cache = tmp_path / "big.yaml", tmp_path / "cache"
    spec.write_text(big_spec(), encoding="utf-8")
    out = tmp_path / "out"
    _generate(ROOT, spec, out, cache)
    assert not list((cache / "runs").glob("*.spec"))  # just written: not settled
    time.sleep(2.1)
    assert "unchanged since the last run" in _generate(ROOT, spec, out, cache).stdout
    (memo,) = (cache / "runs").glob("*.spec")
    digest = hashlib.sha256(spec.read_bytes()).hexdigest()
    assert memo.read_text(encoding="utf-8").endswith("\n" + digest)

    _poison_memo(memo)  # a wrong digest under the same status is used
    assert "since the last run" not in _generate(ROOT, spec, out, cache).stdout

    _edit_in_place(spec, b"Thing number 0.", b"Thing Number 0.")
    assert "since the last run" not in _generate(ROOT, spec, out, cache).stdout
    assert "Thing Number 0." in "".join(_tree(out).values())
