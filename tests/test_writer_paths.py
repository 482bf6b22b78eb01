"""The writer refuses any path that is not plain and relative, checking all at once
as strictly as one by one."""

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
