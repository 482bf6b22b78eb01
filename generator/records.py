"""`record` and `frozen`: the immutable dataclasses of the generator, built and
imported at plain speed.

A frozen dataclass sets each field through `object.__setattr__`, to get past
its own `__setattr__` that refuses: three times the cost of a plain one (a
four-field class, 0.70 against 0.22 us). The render stage builds such values by
the hundred thousand (GitHub: 883,000, mostly the docs' structured text and the
views' layout pieces): as records, Stripe generated in one process takes 34.50
-> 33.56 billion instructions (benchmarks/instructions.py).

A `record` is frozen to the type checker (PEP 681's `frozen_default`: mypy
--strict, run on the generator, rejects any assignment to a field) and a plain
dataclass with a field hash at run time. The IR, the plan and the options
(generator/ir.py, generator/plan/, generator/options.py) are `frozen`, at run
time too: they are built once and shared by every later stage, and build ten
times fewer objects; their `__init__` stores into the instance's `__dict__`.

A dataclass compiles each method it makes from source. The generator's 114
classes compiled 527 functions when imported, on every run: about a quarter of
the 204 ms its modules took, half of a small spec's run. Here `__repr__`,
`__eq__`, `__hash__` and a frozen class's refusals are functions made without
compiling, which read the class's fields as the dataclass's own do: the same
text, the same equality, the same fields hashed, the same errors. Only each
class's `__init__` is compiled still, and the modules import in 161 ms.
"""

from __future__ import annotations

import reprlib
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
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


@dataclass_transform(
    frozen_default=True, kw_only_default=True, field_specifiers=(field,)
)
def frozen(cls: type[_T], /) -> type[_T]:
    """`@dataclass(frozen=True, kw_only=True)`, to mypy and when run, with an
    `__init__` that stores the fields straight into the new instance's `__dict__`.

    The dataclass's own sets each field through `object.__setattr__`, to get past
    the `__setattr__` that refuses: an IR `PrimitiveSchema` took 3.5 us to make,
    0.7 us without. GitHub's IR makes 105,000 such objects, on the one core the
    rest waits for. The instances are as frozen (setting or deleting a field
    afterwards raises), and the signature, defaults and errors are the
    dataclass's. It holds for classes with no `__post_init__`, no slots, no
    default factory: any other is refused when made.
    """
    made: type[_T] = dataclass(cls, init=False, repr=False, eq=False, kw_only=True)
    _direct_init(made)
    _refusals(made)
    return _methods(made)


def _direct_init(cls: type[Any]) -> None:
    """Give cls the `__init__` that `frozen` promises (see there)."""
    params: list[str] = []
    stores: list[str] = []
    defaults: dict[str, Any] = {}
    for f in fields(cls):
        if not (f.init and f.kw_only) or f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name} needs the dataclass's __init__")
        if f.default is MISSING:
            params.append(f.name)
        else:
            defaults[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        stores.append(f"    __d[{f.name!r}] = {f.name}")
    if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__} needs the dataclass's __init__")
    # Names no field can have: `self` may be one (as in a dataclass), and a
    # double underscore is mangled in a class body, so `__d` is never one.
    this = "__dataclass_self__"
    signature = ", ".join([this, "*", *params] if params else [this])
    source = (
        f"def __init__({signature}) -> None:\n"
        f"    __d = {this}.__dict__\n" + "\n".join(stores) + "\n"
    )
    namespace = dict(defaults)
    exec(source, namespace)  # noqa: S102 - the fields' names, not data
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init._direct = True
    cls.__init__ = init


def _refusals(cls: type[Any]) -> None:
    """The frozen dataclass's `__setattr__` and `__delattr__`, not compiled."""
    names = frozenset(f.name for f in fields(cls))

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    _set(cls, {"__setattr__": __setattr__, "__delattr__": __delattr__})


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

    _set(cls, {"__eq__": __eq__, "__hash__": __hash__, "__repr__": __repr__})
    return cls


def _set(cls: type[Any], methods: dict[str, Any]) -> None:
    for name, method in methods.items():
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        method.__module__ = cls.__module__
        setattr(cls, name, method)


def _key(names: list[str]) -> Callable[[Any], Any]:
    """The values of these fields of an object, as a tuple (a one-field tuple too,
    so that equality compares as the dataclass's own does)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()
