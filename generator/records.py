"""`record`: the immutable dataclass of the views and the docs, built at plain speed.

A frozen dataclass sets each field through `object.__setattr__`, to get past
its own `__setattr__` that refuses: three times the cost of a plain one (a
four-field class, 0.70 against 0.22 us). The render stage builds such values by
the hundred thousand (GitHub: 883,000, mostly the docs' structured text and the
views' layout pieces): as records, Stripe generated in one process takes 34.50
-> 33.56 billion instructions (benchmarks/instructions.py).

A `record` is frozen to the type checker (PEP 681's `frozen_default`: mypy
--strict, run on the generator, rejects any assignment to a field) and a plain
dataclass with a field hash at run time. The IR and the plan (generator/ir.py,
generator/plan/) stay frozen at run time too: they are built once and shared by
every later stage, and build ten times fewer objects; `frozen` makes them.

A dataclass compiles each method it makes from source: for the generator's
114 classes, 76 ms of the 217 ms its modules took to import, a third of a
small spec's run. These two leave `__repr__`, `__eq__` and `__hash__` to
functions made without compiling, which read the class's fields as the
dataclass's own would: the same text, the same equality and the same fields
hashed.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Callable, TypeVar, overload

from generator.compat import dataclass_transform

_T = TypeVar("_T")


@overload
def record(cls: type[_T], /) -> type[_T]: ...


@overload
def record(*, slots: bool = False) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: Any = None, /, *, slots: bool = False) -> Any:
    """`@dataclass(frozen=True)` to mypy; `@dataclass(unsafe_hash=True)` when run."""

    def make(c: type[Any]) -> type[Any]:
        return _methods(dataclass(c, repr=False, eq=False, slots=slots))

    return make if cls is None else make(cls)


@overload
def frozen(cls: type[_T], /) -> type[_T]: ...


@overload
def frozen(*, kw_only: bool = True) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(
    frozen_default=True, kw_only_default=True, field_specifiers=(field,)
)
def frozen(cls: Any = None, /, *, kw_only: bool = True) -> Any:
    """`@dataclass(frozen=True, kw_only=True)`, to mypy and when run."""

    def make(c: type[Any]) -> type[Any]:
        made = dataclass(c, repr=False, eq=False, frozen=True, kw_only=kw_only)
        return _methods(made)

    return make if cls is None else make(cls)


def _methods(cls: type[Any]) -> type[Any]:
    """Give a dataclass made with neither `repr` nor `eq` the `__repr__`,
    `__eq__` and `__hash__` that `repr`, `eq` and `unsafe_hash` (or `frozen`)
    make."""
    own = fields(cls)
    compared = _key([f.name for f in own if f.compare])
    hashed = _key([f.name for f in own if (f.compare if f.hash is None else f.hash)])
    shown = tuple(f.name for f in own if f.repr)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        values = ", ".join([f"{name}={getattr(self, name)!r}" for name in shown])
        return f"{self.__class__.__qualname__}({values})"

    methods: dict[str, Any] = {
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__repr__": __repr__,
    }
    for name, method in methods.items():
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        method.__module__ = cls.__module__
        setattr(cls, name, method)
    return cls


def _key(names: list[str]) -> Callable[[Any], Any]:
    """The values of these fields of an object, as a tuple (a one-field tuple too,
    so that equality compares as the dataclass's own does)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()
