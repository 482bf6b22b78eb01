"""Python type expressions, rendered two ways.

`annotation()` is for annotations under `from __future__ import annotations`
(PEP 604 unions, bare class names). `runtime()` is for expressions evaluated at
import time, such as type alias values: there, classes defined in other modules
are quoted and unions use `typing.Union`, so no model module imports another.
"""

from __future__ import annotations

from typing import Union

from generator.escape import py_literal
from generator.records import record


@record
class PyType:
    def annotation(self, shadowed: frozenset[str] = frozenset()) -> str:
        """The annotation; builtins named in shadowed are written builtins.<name>."""
        raise NotImplementedError

    def runtime(self) -> str:
        raise NotImplementedError

    def refs(self) -> frozenset[str]:
        return frozenset()

    def imports(self, runtime: bool = False) -> frozenset[str]:
        """Names from typing or the package runtime that the rendering uses."""
        return frozenset()


@record
class Builtin(PyType):
    name: str  # str, int, float, bool, bytes, None, object, or Any (from typing)

    def annotation(self, shadowed: frozenset[str] = frozenset()) -> str:
        return f"builtins.{self.name}" if self.name in shadowed else self.name

    def runtime(self) -> str:
        return self.name

    def imports(self, runtime: bool = False) -> frozenset[str]:
        return frozenset({"Any"}) if self.name == "Any" else frozenset()


@record
class Ref(PyType):
    """A generated model class or type alias, by its Python name."""

    name: str

    def annotation(self, shadowed: frozenset[str] = frozenset()) -> str:
        return self.name

    def runtime(self) -> str:
        return py_literal(self.name)

    def refs(self) -> frozenset[str]:
        return frozenset({self.name})


@record
class RuntimeName(PyType):
    """A name exported by the generated package's runtime, e.g. FileInput."""

    name: str

    def annotation(self, shadowed: frozenset[str] = frozenset()) -> str:
        return self.name

    def runtime(self) -> str:
        return self.name

    def imports(self, runtime: bool = False) -> frozenset[str]:
        return frozenset({self.name})


@record
class ListOf(PyType):
    item: PyType

    def annotation(self, shadowed: frozenset[str] = frozenset()) -> str:
        outer = "builtins.list" if "list" in shadowed else "list"
        return f"{outer}[{self.item.annotation(shadowed)}]"

    def runtime(self) -> str:
        return f"list[{self.item.runtime()}]"

    def refs(self) -> frozenset[str]:
        return self.item.refs()

    def imports(self, runtime: bool = False) -> frozenset[str]:
        return self.item.imports(runtime)


@record
class DictOf(PyType):
    value: PyType

    def annotation(self, shadowed: frozenset[str] = frozenset()) -> str:
        outer = "builtins.dict" if "dict" in shadowed else "dict"
        key = "builtins.str" if "str" in shadowed else "str"
        return f"{outer}[{key}, {self.value.annotation(shadowed)}]"

    def runtime(self) -> str:
        return f"dict[str, {self.value.runtime()}]"

    def refs(self) -> frozenset[str]:
        return self.value.refs()

    def imports(self, runtime: bool = False) -> frozenset[str]:
        return self.value.imports(runtime)


@record
class LiteralOf(PyType):
    values: tuple[object, ...]

    def annotation(self, shadowed: frozenset[str] = frozenset()) -> str:
        return "Literal[" + ", ".join(py_literal(v) for v in self.values) + "]"

    def runtime(self) -> str:
        return self.annotation()

    def imports(self, runtime: bool = False) -> frozenset[str]:
        return frozenset({"Literal"})


@record
class UnionOf(PyType):
    members: tuple[PyType, ...]

    def annotation(self, shadowed: frozenset[str] = frozenset()) -> str:
        return " | ".join(m.annotation(shadowed) for m in self.members)

    def runtime(self) -> str:
        return "Union[" + ", ".join(m.runtime() for m in self.members) + "]"

    def refs(self) -> frozenset[str]:
        return frozenset().union(*(m.refs() for m in self.members))

    def imports(self, runtime: bool = False) -> frozenset[str]:
        own = frozenset({"Union"}) if runtime else frozenset()
        return own.union(*(m.imports(runtime) for m in self.members))


@record
class Discriminated(PyType):
    """A union decoded by a discriminator property: Annotated[..., Discriminator(...)]."""

    union: UnionOf
    property: str
    mapping: tuple[tuple[str, str], ...]  # wire value -> class name

    def _meta(self) -> str:
        pairs = ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in self.mapping)
        return f"Discriminator({py_literal(self.property)}, {{{pairs}}})"

    def annotation(self, shadowed: frozenset[str] = frozenset()) -> str:
        return f"Annotated[{self.union.annotation(shadowed)}, {self._meta()}]"

    def runtime(self) -> str:
        return f"Annotated[{self.union.runtime()}, {self._meta()}]"

    def refs(self) -> frozenset[str]:
        return self.union.refs()

    def imports(self, runtime: bool = False) -> frozenset[str]:
        return self.union.imports(runtime) | {"Annotated", "Discriminator"}


Concrete = Union[
    Builtin, Ref, RuntimeName, ListOf, DictOf, LiteralOf, UnionOf, Discriminated
]
_CONCRETE = (
    Builtin,
    Ref,
    RuntimeName,
    ListOf,
    DictOf,
    LiteralOf,
    UnionOf,
    Discriminated,
)


def concrete(ty: PyType) -> Concrete:
    """ty as one of the closed set of kinds, for exhaustive dispatch."""
    if not isinstance(ty, _CONCRETE):
        raise TypeError(f"not a Python type kind: {ty!r}")
    return ty


BUILTIN_TYPES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "object"}
)


def union(members: list[PyType]) -> PyType:
    """A flattened, de-duplicated union; a single member is returned as is."""
    flat: list[PyType] = []
    for m in members:
        for part in m.members if isinstance(m, UnionOf) else (m,):
            if part not in flat:
                flat.append(part)
    if any(isinstance(p, Builtin) and p.name == "Any" for p in flat):
        return Builtin("Any")
    none: list[PyType] = [p for p in flat if p == NONE]
    flat = [p for p in flat if p != NONE] + none
    return flat[0] if len(flat) == 1 else UnionOf(tuple(flat))


def optional(t: PyType) -> PyType:
    if isinstance(t, UnionOf) or t == NONE or t == ANY:
        return union([t, NONE])
    return UnionOf((t, NONE))  # what union() gives, without its search


NONE = Builtin("None")
ANY = Builtin("Any")
