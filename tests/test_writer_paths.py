"""The writer refuses any path that is not plain and relative, checking all at once
as strictly as one by one, and stages every file where it belongs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import writer
from generator.diagnostics import GeneratorError

UNSAFE = [
    "",
    "/etc/passwd",
    "../outside.py",
    "python/pkg/../../outside.py",
    "python/pkg/./a.py",
    "python/pkg//a.py",
    "python/pkg/",
    "python/pkg/..",
    "python/pkg/.",
    "python\\pkg\\a.py",
    "python/pkg/a\x00.py",
]


@pytest.mark.parametrize("bad", UNSAFE)
def test_an_unsafe_path_among_many_is_refused_and_nothing_written(
    tmp_path: Path, bad: str
) -> None:
    files = {f"python/pkg/m{i}.py": b"x\n" for i in range(50)}
    files[bad] = b"bad\n"
    with pytest.raises(GeneratorError) as info:
        writer.write(tmp_path / "out", files, ["python/pkg"])
    assert "unsafe-path" in str(info.value)
    assert repr(bad) in str(info.value)
    assert not (tmp_path / "out").exists()


def _plain(path: str) -> bool:
    try:
        writer._check_relative(path)
    except GeneratorError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.text(alphabet=["a", "B", ".", "/", "\\", "\x00", "é"], max_size=8),
        max_size=6,
    )
)
def test_checking_all_paths_at_once_refuses_what_one_by_one_refuses(
    paths: list[str],
) -> None:
    if all(_plain(p) for p in paths):
        writer._check_relatives(paths)
    else:
        with pytest.raises(GeneratorError):
            writer._check_relatives(paths)


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
    on_disk = {
        p.relative_to(tmp_path).as_posix(): p.read_bytes()
        for p in tmp_path.rglob("*")
        if p.is_file()
    }
    assert on_disk == files
