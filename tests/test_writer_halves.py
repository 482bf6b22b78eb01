"""A large new tree is written by two writers (two processes where they can
fork): every file arrives whole, and a failure in either leaves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import writer


def _files(conflict_in: str) -> dict[str, bytes]:
    files = {f"python/p/big/m{i}.py": f"big {i}\n".encode() for i in range(300)}
    files |= {f"python/p/mid/m{i}.py": f"mid {i}\n".encode() for i in range(200)}
    files |= {f"docs/p/page{i}.md": b"# page\n" * i for i in range(120)}
    if conflict_in:  # a file where a directory must be: it cannot be created
        files[f"python/p/{conflict_in}/clash"] = b"a file"
        files[f"python/p/{conflict_in}/clash/inside.py"] = b"under it\n"
    return files


def _on_disk(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_every_file_of_a_large_tree_is_written_whole(tmp_path: Path) -> None:
    files = _files("")
    writer.write(tmp_path, files, ["python/p", "docs/p"])
    assert _on_disk(tmp_path) == files


@pytest.mark.parametrize("conflict_in", ["big", "mid"])
def test_a_file_that_cannot_be_written_stops_the_write_and_leaves_nothing(
    tmp_path: Path, conflict_in: str
) -> None:
    with pytest.raises(OSError):
        writer.write(tmp_path, _files(conflict_in), ["python/p", "docs/p"])
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert left == ["docs", "python"]  # made for the staging directories, now gone


def test_files_are_staged_under_their_own_top_and_directory(tmp_path: Path) -> None:
    files = {
        "python/pkg/__init__.py": b"init\n",
        "python/pkg/models/a.py": b"a\n",
        "python/pkg/models/deep/b.py": b"b\n",
        "python/pkgx/c.py": b"not ours\n",  # shares a prefix with python/pkg
        "docs/pkg/index.md": b"# index\n",
        "docs/pkg/schemas/A.md": b"# A\n",
        ".generator/pkg.json": b"{}\n",
    } | {f"docs/pkg/many/p{i}.md": f"{i}\n".encode() for i in range(250)}
    writer.write(tmp_path, files, ["python/pkg", "docs/pkg"])
    assert _on_disk(tmp_path) == files
