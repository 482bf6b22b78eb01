"""JSON types for the runtime's type descriptors: scalars, enums, arrays, maps, null.

See schema.py, which generated code imports, for what descriptors are for.
Each type gives `converter()`, turning a JSON value into its Python value and
never failing (a value that does not fit is kept as it came), and `check()`,
the places a value does not match as (JSON path, message) pairs.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Union

if TYPE_CHECKING:
    from .models import Model

__all__ = [
    "Mismatch",
    "Type",
    "STR",
    "INT",
    "NUMBER",
    "BOOL",
    "ANY",
    "FILE",
    "NULL",
    "enum",
    "list_of",
    "dict_of",
    "nullable",
    "check",
    "kind",
]

Converter = Callable[[Any], Any]


class Mismatch(NamedTuple):
    """Where a value does not match the spec: a JSON path ("$.data[0].id") and what is wrong."""

    path: str
    message: str


class Type:
    """A JSON type: how to turn a JSON value into Python, and how to check one."""

    def label(self) -> str:
        """What a value of this type is, for messages: "expected <label>, got ..."."""
        return "a value"

    def short(self) -> str:
        """The type's name as one member of a union: "Circle | string"."""
        return "value"

    def converter(self) -> Converter | None:
        """A function from a JSON value to the Python value; None when values are kept as sent."""
        return None

    def accepts(self, value: Any) -> bool:
        """Whether value is of this type at the top (nested values are not looked at)."""
        return True

    def check(self, value: Any, path: str, out: list[Mismatch]) -> None:
        if not self.accepts(value):
            out.append(Mismatch(path, f"expected {self.label()}, got {kind(value)}"))

    def allows_none(self) -> bool:
        return False

    def const(self) -> tuple[Any, ...]:
        """(value,) when only one value is allowed (a `const`), else ()."""
        return ()


if TYPE_CHECKING:
    TypeLike = Union[Type, type[Model], Callable[[], Any]]


class _Scalar(Type):
    def __init__(
        self, label: str, short: str, test: Callable[[Any], bool], none: bool = False
    ) -> None:
        self._label = label
        self._short = short
        self._test = test
        self._none = none

    def allows_none(self) -> bool:
        return self._none

    def label(self) -> str:
        return self._label

    def short(self) -> str:
        return self._short

    def accepts(self, value: Any) -> bool:
        return self._test(value)

    def __repr__(self) -> str:
        return self._short.upper()


def _is_int(value: Any) -> bool:
    if isinstance(value, int):
        return not isinstance(value, bool)
    return isinstance(value, float) and value.is_integer()


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


STR = _Scalar("a string", "string", lambda v: isinstance(v, str))
INT = _Scalar("an integer", "integer", _is_int)
NUMBER = _Scalar("a number", "number", _is_number)
BOOL = _Scalar("a boolean", "boolean", lambda v: isinstance(v, bool))
ANY = _Scalar("any value", "any", lambda v: True, none=True)
FILE = _Scalar("a file", "file", lambda v: True)  # `format: binary`: kept as given


class _Null(Type):
    def label(self) -> str:
        return "null"

    def short(self) -> str:
        return "null"

    def accepts(self, value: Any) -> bool:
        return value is None

    def allows_none(self) -> bool:
        return True


NULL = _Null()


class _Enum(Type):
    """A set of scalar values; only the kind of value is checked (servers add values)."""

    def __init__(self, values: tuple[Any, ...]) -> None:
        self.values = values
        kinds = {_scalar_of(v) for v in values}
        self._base = kinds.pop() if len(kinds) == 1 else ANY

    def label(self) -> str:
        return self._base.label()

    def short(self) -> str:
        return self._base.short()

    def accepts(self, value: Any) -> bool:
        return self._base.accepts(value)

    def const(self) -> tuple[Any, ...]:
        return self.values if len(self.values) == 1 else ()


def _scalar_of(value: Any) -> Type:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return NUMBER
    return STR if isinstance(value, str) else ANY


def enum(*values: Any) -> Type:
    """A closed or open enum, or (one value) a const."""
    return _Enum(values)


class _Lazy:
    """Resolves a type-like once, the first time it is needed."""

    __slots__ = ("_source", "_type")

    def __init__(self, source: TypeLike) -> None:
        self._source = source
        self._type: Type | None = None

    def get(self) -> Type:
        if self._type is None:
            from .schema import resolve

            self._type = resolve(self._source)
        return self._type


class _Container(Type):
    """A type whose converter is built once, and may refer back to itself.

    Building happens under one lock, so a thread never sees a converter that
    another is still building; within the building thread, a type met again
    (a recursive type) gets a function that calls the converter once built.
    """

    _conv: Any = None
    _building = False

    def converter(self) -> Converter | None:
        conv = self._conv
        if conv is None:
            with _BUILDING:
                if self._building:
                    return lambda value: self._conv(value)
                if self._conv is None:
                    self._building = True
                    try:
                        self._conv = self._build() or _keep
                    finally:
                        self._building = False
                conv = self._conv
        return None if conv is _keep else conv

    def _build(self) -> Converter | None:
        raise NotImplementedError


def _keep(value: Any) -> Any:
    return value


_BUILDING = threading.RLock()


class _List(_Container):
    def __init__(self, item: TypeLike) -> None:
        self._item = _Lazy(item)

    def label(self) -> str:
        return "an array"

    def short(self) -> str:
        return "array"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, (list, tuple))

    def _build(self) -> Converter | None:
        item = self._item.get().converter()
        if item is None:
            return None

        def convert_list(value: Any) -> Any:
            return [item(x) for x in value] if type(value) is list else value

        return convert_list

    def check(self, value: Any, path: str, out: list[Mismatch]) -> None:
        if not self.accepts(value):
            super().check(value, path, out)
            return
        item = self._item.get()
        for i, x in enumerate(value):
            _check(item, x, f"{path}[{i}]", out)


class _Dict(_Container):
    def __init__(self, value: TypeLike) -> None:
        self._value = _Lazy(value)

    def label(self) -> str:
        return "an object"

    def short(self) -> str:
        return "object"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, dict)

    def _build(self) -> Converter | None:
        conv = self._value.get().converter()
        if conv is None:
            return None

        def convert_dict(value: Any) -> Any:
            if type(value) is not dict:
                return value
            return {k: conv(v) for k, v in value.items()}

        return convert_dict

    def check(self, value: Any, path: str, out: list[Mismatch]) -> None:
        if not self.accepts(value):
            super().check(value, path, out)
            return
        inner = self._value.get()
        for k, v in value.items():
            _check(inner, v, f"{path}.{k}", out)


def list_of(item: TypeLike) -> Type:
    return _List(item)


def dict_of(value: TypeLike) -> Type:
    return _Dict(value)


class _Nullable(Type):
    def __init__(self, inner: TypeLike) -> None:
        self._inner = _Lazy(inner)

    def converter(self) -> Converter | None:
        return self._inner.get().converter()  # None is never converted anyway

    def accepts(self, value: Any) -> bool:
        return value is None or self._inner.get().accepts(value)

    def check(self, value: Any, path: str, out: list[Mismatch]) -> None:
        if value is not None:
            _check(self._inner.get(), value, path, out)

    def allows_none(self) -> bool:
        return True

    def label(self) -> str:
        return self._inner.get().label()

    def short(self) -> str:
        return self._inner.get().short()


def nullable(inner: TypeLike) -> Type:
    return _Nullable(inner)


def _check(tp: Type, value: Any, path: str, out: list[Mismatch]) -> None:
    if value is None:
        if not tp.allows_none():
            out.append(Mismatch(path, f"expected {tp.label()}, got null"))
        return
    tp.check(value, path, out)


def check(tp: Type, value: Any, path: str = "$") -> list[Mismatch]:
    """Every place value does not match tp."""
    out: list[Mismatch] = []
    _check(tp, value, path, out)
    return out


def kind(value: Any) -> str:
    """The JSON kind of a value, for messages: "an object", "a string", "null", ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
