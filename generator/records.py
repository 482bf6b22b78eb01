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
every later stage, and build ten times fewer objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
        return dataclass(c, unsafe_hash=True, slots=slots)

    return make if cls is None else make(cls)
