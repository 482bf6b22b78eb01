"""generator.records: `record`, immutable to the type checker and a value class
when run, and `frozen`, immutable both ways; their `__repr__`, `__eq__` and
`__hash__` are made without compiling code, and behave as the dataclass's own."""

from __future__ import annotations

import dataclasses
import pickle
import textwrap
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable

import pytest

from support.checks import mypy_strict

from conftest import ROOT
from generator.docs.text import Code, Text
from generator.records import frozen, record


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


def _classes(make: Callable[[type[Any]], type[Any]]) -> list[type[Any]]:
    """The same four classes, made by make: fields left out of the comparison,
    the text or the hash, fields named as an `__init__`'s own names could be
    (`self`, `d`), one field, none, and one that can hold itself."""

    class Mixed:
        a: int
        b: str = field(default="b", repr=False)
        c: tuple[int, ...] = field(default=(), compare=False)
        d: float = field(default=0.0, hash=False)
        self: int = 0

    class One:
        a: float

    class Empty:
        pass

    class Nest:
        items: list[Any]

    return [make(c) for c in (Mixed, One, Empty, Nest)]


def _instances(classes: list[type[Any]]) -> list[Any]:
    mixed, one, empty, nest = classes
    looped = nest(items=[1])
    looped.items.append(looped)
    return [
        mixed(a=1),
        mixed(a=1, b="x", c=(2,), d=1.5, self=3),
        mixed(a=1, b="x", c=(3,), d=1.5, self=3),
        mixed(a=1, b="x", c=(2,), d=2.5),
        mixed(a=2, b="x", c=(2,), d=1.5),
        one(a=1.0),
        one(a=float("nan")),
        one(a=1),
        empty(),
        nest(items=[]),
        looped,
    ]


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (record, lambda c: dataclass(c, unsafe_hash=True)),
        (frozen, lambda c: dataclass(c, frozen=True, kw_only=True)),
    ],
    ids=["record", "frozen"],
)
def test_the_methods_are_the_dataclasses_own(
    ours: Callable[[type[Any]], type[Any]], theirs: Callable[[type[Any]], type[Any]]
) -> None:
    """Text, equality and hash as a dataclass makes them, field flags included."""
    mine, stdlib = _instances(_classes(ours)), _instances(_classes(theirs))
    for a, b in zip(mine, stdlib):
        assert repr(a) == repr(b)
        assert a.__eq__(1) is NotImplemented and b.__eq__(1) is NotImplemented
        assert _hashable(a) == _hashable(b), a
        for c, d in zip(mine, stdlib):
            assert (a == c) == (b == d), (a, c)
            assert (a != c) == (b != d), (a, c)
            if b == d and _hashable(b):
                assert hash(a) == hash(c)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:  # a list among the hashed fields
        return False
    return True


def test_frozen_refuses_as_the_dataclass_does() -> None:
    point = frozen(type("Point", (), {"__annotations__": {"x": "int"}}))
    made = point(x=1)
    with pytest.raises(dataclasses.FrozenInstanceError, match="'x'"):
        made.x = 2
    with pytest.raises(dataclasses.FrozenInstanceError, match="'y'"):
        made.y = 2
    with pytest.raises(dataclasses.FrozenInstanceError, match="'x'"):
        del made.x
    with pytest.raises(TypeError):
        point(1)


def test_frozen_refuses_a_class_its_init_cannot_make() -> None:
    """Its `__init__` stores what it is given: a default factory, a positional
    field or a `__post_init__` would be skipped, so such a class is refused."""

    class Factory:
        items: list[int] = field(default_factory=list)

    class Positional:
        a: int = field(kw_only=False)

    class After:
        a: int

        def __post_init__(self) -> None:
            pass

    for cls in (Factory, Positional, After):
        with pytest.raises(TypeError, match="needs the dataclass's __init__"):
            frozen(cls)
