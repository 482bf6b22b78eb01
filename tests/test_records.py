"""generator.records.record: immutable to the type checker, a value class when run."""

from __future__ import annotations

import pickle
import textwrap
from dataclasses import field, fields, replace
from pathlib import Path

from support.checks import mypy_strict

from conftest import ROOT
from generator.docs.text import Code, Text
from generator.records import record


@record
class _Pair:
    a: int
    b: tuple[str, ...] = ()
    c: list[int] = field(default_factory=list)


@record(slots=True)
class _Slotted:
    a: int


def test_records_are_values() -> None:
    assert _Pair(1, ("x",)) == _Pair(1, ("x",))
    assert hash(_Slotted(1)) == hash(_Slotted(1)) != hash(_Slotted(2))
    assert _Pair(1) != _Pair(2)
    # Same fields, another class: not equal (as with any dataclass).
    assert Text("x") != Code("x")
    assert len({Text("x"), Text("x"), Code("x")}) == 2
    assert [f.name for f in fields(_Pair)] == ["a", "b", "c"]
    assert _Pair(1).c == [] and _Pair(1).c is not _Pair(1).c
    assert replace(_Pair(1, ("x",)), a=2) == _Pair(2, ("x",))


def test_slotted_records_have_no_dict_and_cross_processes() -> None:
    assert not hasattr(_Slotted(1), "__dict__")
    assert pickle.loads(pickle.dumps(_Slotted(3))) == _Slotted(3)
    assert pickle.loads(pickle.dumps(Text("t"))) == Text("t")


def test_mypy_rejects_assigning_a_field(tmp_path: Path) -> None:
    """The immutability is the type checker's: the generator is checked with
    mypy --strict (tests/test_quality.py), which refuses writes to any field."""
    (tmp_path / "use.py").write_text(textwrap.dedent("""\
            from __future__ import annotations

            from dataclasses import field

            from generator.records import record


            @record
            class P:
                a: int
                c: list[int] = field(default_factory=list)


            @record(slots=True)
            class S:
                a: int


            p = P(1)
            s = S(2)
            ok: int = p.a + s.a + len(P(1, [2]).c)
            p.a = 3
            s.a = 4
            """))
    done = mypy_strict(
        tmp_path,
        ["use.py"],
        tmp_path / "cache",
        env={"MYPYPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert [e.split(":")[1] for e in errors] == ["22", "23"], done.stdout
    assert all("read-only" in e for e in errors), done.stdout
