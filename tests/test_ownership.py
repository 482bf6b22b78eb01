"""A target removes only files its manifest says it wrote; files users add are left alone."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Callable

from support import bounded

SPEC = """
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      tags: [items]
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
components:
  schemas:
    Item:
      type: object
      properties:
        id: {type: string}
    Extra:
      type: object
      properties:
        note: {type: string}
"""


def cli(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS shop.yaml -o out` in tmp_path, bounded in time
    and memory (the cache off unless env names one)."""
    return bounded.cli(*args, "shop.yaml", "-o", "out", cwd=tmp_path, env=env)


def _generated(tmp_path: Path) -> Path:
    (tmp_path / "shop.yaml").write_text(SPEC, encoding="utf-8")
    done = cli(tmp_path, "generate")
    assert done.returncode == 0, done.stderr
    return tmp_path / "out"


def test_files_users_add_survive_and_are_reported(tmp_path: Path) -> None:
    out = _generated(tmp_path)
    mine = out / "python" / "shop" / "custom.py"
    mine.write_text("HELLO = 1\n")
    notes = out / "docs" / "shop" / "notes" / "faq.md"
    notes.parent.mkdir()
    notes.write_text("# FAQ\n")
    checked = cli(tmp_path, "check")
    assert checked.returncode == 0, checked.stdout  # not "extra": not ours
    done = cli(tmp_path, "generate", "-v")
    assert done.returncode == 0, done.stderr
    assert mine.read_text() == "HELLO = 1\n" and notes.read_text() == "# FAQ\n"
    assert (
        "out/python/shop/custom.py: info: not written by the generator; "
        "left alone [not-generated]" in done.stderr
    ), done.stderr
    assert (
        "python/shop/custom.py"
        not in json.loads((out / ".generator" / "shop.json").read_text())["files"]
    )
    (tmp_path / "shop.yaml").write_text(
        SPEC.replace("Item:", "Thing:").replace("/Item", "/Thing")
    )
    assert cli(tmp_path, "generate").returncode == 0
    assert mine.is_file() and notes.is_file()


def test_files_the_generator_wrote_and_no_longer_produces_are_removed(
    tmp_path: Path,
) -> None:
    out = _generated(tmp_path)
    extra = out / "python" / "shop" / "models" / "extra.py"
    assert extra.is_file()
    (tmp_path / "shop.yaml").write_text(SPEC.split("    Extra:")[0], encoding="utf-8")
    checked = cli(tmp_path, "check")
    assert checked.returncode == 1
    assert "extra:   python/shop/models/extra.py" in checked.stdout
    assert "extra:   docs/shop/schemas/Extra.md" in checked.stdout
    done = cli(tmp_path, "generate")
    assert done.returncode == 0, done.stderr
    assert not extra.exists()
    assert not (out / "docs" / "shop" / "schemas" / "Extra.md").exists()
    assert cli(tmp_path, "check").returncode == 0


def test_without_a_manifest_nothing_is_removed(tmp_path: Path) -> None:
    out = _generated(tmp_path)
    (out / ".generator" / "shop.json").unlink()
    (tmp_path / "shop.yaml").write_text(SPEC.split("    Extra:")[0], encoding="utf-8")
    done = cli(tmp_path, "generate", "-v")
    assert done.returncode == 0, done.stderr
    assert (out / "python" / "shop" / "models" / "extra.py").is_file()
    assert (
        "python/shop/models/extra.py: info: not written by the generator" in done.stderr
    )


def test_a_manifest_cannot_claim_files_outside_the_target(tmp_path: Path) -> None:
    out = _generated(tmp_path)
    other = out / "python" / "other" / "keep.py"
    other.parent.mkdir()
    other.write_text("")
    outside = tmp_path / "outside.txt"
    outside.write_text("")
    manifest = out / ".generator" / "shop.json"
    data = json.loads(manifest.read_text())
    data["files"]["python/other/keep.py"] = "0" * 64
    data["files"]["python/shop/../../../outside.txt"] = "0" * 64
    manifest.write_text(json.dumps(data))
    assert cli(tmp_path, "generate").returncode == 0
    assert other.is_file() and outside.is_file()


def _cached_run(tmp_path: Path) -> Callable[[], str]:
    """A generation of SPEC in tmp_path with a cache of its own: what it printed."""
    (tmp_path / "shop.yaml").write_text(SPEC, encoding="utf-8")
    cache = {"GENERATOR_CACHE_DIR": str(tmp_path / "cache")}

    def generate() -> str:
        done = cli(tmp_path, "generate", env=cache)
        assert done.returncode == 0, done.stderr
        return done.stdout

    return generate


def test_a_users_file_does_not_defeat_the_run_record(tmp_path: Path) -> None:
    generate = _cached_run(tmp_path)
    generate()
    (tmp_path / "out" / "python" / "shop" / "custom.py").write_text("")
    assert "1 not ours left alone" in generate()
    assert "unchanged since the last run" in generate()
    (tmp_path / "out" / "python" / "shop" / "more.py").write_text("")
    assert "2 not ours left alone" in generate()


def _walked(directory: Path) -> int:
    """Files under directory as os.walk lists them, bytecode and temporaries left out."""
    total = 0
    for _, dirnames, filenames in os.walk(directory):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        total += sum(1 for name in filenames if not name.endswith((".pyc", ".tmp")))
    return total


def test_the_run_record_counts_files_as_os_walk_lists_them(tmp_path: Path) -> None:
    from generator import runs

    top = tmp_path / "top"
    (top / "a" / "b" / "__pycache__").mkdir(parents=True)
    (top / "a" / "b" / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"")
    (top / "a" / "b" / "__pycache__" / "notes.txt").write_bytes(b"")
    (top / "a" / "b" / "m.py").write_text("")
    (top / "a" / "x.tmp").write_text("")
    (top / "a" / "y.pyc").write_text("")
    (top / "c.md").write_text("")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "deep").mkdir(parents=True)
    (elsewhere / "deep" / "f.txt").write_text("")
    (top / "linked").symlink_to(elsewhere, target_is_directory=True)
    (top / "broken").symlink_to(tmp_path / "missing")
    (top / "file-link").symlink_to(top / "c.md")
    assert runs._count(top) == _walked(top) == 4
    assert runs._count(tmp_path / "absent") == _walked(tmp_path / "absent") == 0


def test_an_edited_file_defeats_the_run_record(tmp_path: Path) -> None:
    generate = _cached_run(tmp_path)
    generate()
    cache = tmp_path / "out" / "python" / "shop" / "__pycache__"
    cache.mkdir(exist_ok=True)
    (cache / "client.cpython-311.pyc").write_bytes(b"")
    assert "unchanged since the last run" in generate()
    client = next((tmp_path / "out" / "python" / "shop").glob("*.py"))
    client.write_text(
        client.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8"
    )
    assert "unchanged since the last run" not in generate()
    assert "unchanged since the last run" in generate()


def test_bytecode_written_beside_the_output_is_listed_once(tmp_path: Path) -> None:
    """Importing the package writes `__pycache__` directories, which changes their
    parents' modification times: the next run with nothing to do lists the
    directories to be sure no file came or went, and keeps the times it found,
    so the runs after it need not list them again."""
    generate = _cached_run(tmp_path)
    generate()
    package = tmp_path / "out" / "python" / "shop"
    for directory in [package] + [p for p in package.iterdir() if p.is_dir()]:
        (directory / "__pycache__").mkdir(exist_ok=True)
        (directory / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"")
    assert "unchanged since the last run" in generate()
    (record,) = [
        p
        for p in (tmp_path / "cache" / "runs").glob("*.json")
        if p.suffixes == [".json"]
    ]
    directories = json.loads(record.read_text(encoding="utf-8"))["directories"]
    out = tmp_path / "out"
    assert "python/shop" in directories
    assert all(
        os.stat(out / name).st_mtime_ns == mtime for name, mtime in directories.items()
    )
    assert "unchanged since the last run" in generate()
