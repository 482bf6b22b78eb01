"""What JSON each field and response holds: type descriptors built from plain references.

Generated code describes every model field and every response with these: `STR`,
`INT`, `enum("a", "b")`, `list_of(...)`, `nullable(...)`, `union(...)`, and
references to model classes and to other descriptors. A reference that may not
exist yet (another module, a recursive type) is a zero-argument function, such
as `lambda: _m.Owner`, called the first time the type is used. Nothing here
evaluates a string.

Each descriptor gives two things. `converter()`: a function turning a JSON value
into its Python value (nested objects into models), which never fails: a value
that does not fit is kept as it came. `check()`: the places where a value does
not match, as (JSON path, message) pairs. Unknown enum values and unknown union
variants are not mismatches: servers add them, and clients must keep working.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping

from .jsontypes import (
    ANY,
    BOOL,
    FILE,
    INT,
    NULL,
    NUMBER,
    STR,
    Converter,
    Mismatch,
    Type,
    _Container,
    _Dict,
    _Lazy,
    _List,
    _Nullable,
    check,
    dict_of,
    enum,
    kind,
    list_of,
    nullable,
)

if TYPE_CHECKING:
    from .jsontypes import TypeLike as TypeLike
    from .models import Model

__all__ = [
    "Type",
    "Mismatch",
    "Field",
    "Wire",
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
    "union",
    "resolve",
    "check",
    "kind",
    "root_mismatch",
]


class ModelType(_Container):
    """A generated model class, as a type."""

    def __init__(self, cls: type[Model]) -> None:
        self.cls = cls

    def label(self) -> str:
        return f"an object for {self.cls.__name__}"

    def short(self) -> str:
        return self.cls.__name__

    def accepts(self, value: Any) -> bool:
        return isinstance(value, self.cls)

    def _build(self) -> Converter:
        from .models import decode_model

        cls = self.cls

        def convert_model(value: Any) -> Any:
            return decode_model(cls, value) if value.__class__ is dict else value

        return convert_model

    def check(self, value: Any, path: str, out: list[Mismatch]) -> None:
        if isinstance(value, self.cls):
            from .mismatches import check_model

            check_model(value, path, out)
        else:
            super().check(value, path, out)


class _Union(_Container):
    """One of several types, chosen by a discriminator property or by shape."""

    def __init__(
        self,
        members: tuple[TypeLike, ...],
        discriminator: str | None,
        mapping: Mapping[str, TypeLike],
    ) -> None:
        self._members = tuple(_Lazy(m) for m in members)
        self._property = discriminator
        self._mapping = {k: _Lazy(v) for k, v in mapping.items()}
        self._flat: list[Type] | None = None

    def members(self) -> list[Type]:
        """The members, with nested unions flattened into this one."""
        if self._flat is None:
            flat: list[Type] = []
            for lazy in self._members:
                member = lazy.get()
                flat.extend(
                    member.members() if isinstance(member, _Union) else [member]
                )
            self._flat = flat
        return self._flat

    def label(self) -> str:
        return " | ".join(m.short() for m in self.members())

    def short(self) -> str:
        return self.label()

    def allows_none(self) -> bool:
        return any(m.allows_none() for m in self.members())

    def accepts(self, value: Any) -> bool:
        return any(m.accepts(value) for m in self.members())

    def _build(self) -> Converter | None:
        members = self.members()
        models = [m.cls for m in members if isinstance(m, ModelType)]
        lists = [m.converter() for m in members if isinstance(m, _List)]
        dicts = [m.converter() for m in members if isinstance(m, _Dict)]
        if not models and not any(lists) and not any(dicts):
            return None
        by_value: dict[Any, type[Model]] = {}
        for value, lazy in self._mapping.items():
            target = lazy.get()
            if isinstance(target, ModelType):
                by_value[value] = target.cls
        prop = self._property
        list_conv = lists[0] if len(lists) == 1 else None
        dict_conv = dicts[0] if len(dicts) == 1 else None
        from .models import best_model, decode_model

        def convert_union(value: Any) -> Any:
            kind_ = type(value)
            if kind_ is dict:
                if prop is not None:
                    chosen = by_value.get(value.get(prop))
                    if chosen is not None:
                        return decode_model(chosen, value)
                best = best_model(models, value)
                if best is not None:
                    return decode_model(best, value)
                # No known variant fits: one newer than this client, kept as sent.
                return dict_conv(value) if dict_conv is not None else value
            if kind_ is list and list_conv is not None:
                return list_conv(value)
            return value

        return convert_union

    def check(self, value: Any, path: str, out: list[Mismatch]) -> None:
        members = self.members()
        if value is None and self.allows_none():
            return
        for member in members:
            if isinstance(member, ModelType) and isinstance(value, member.cls):
                member.check(value, path, out)
                return
        if isinstance(value, dict) and any(
            isinstance(m, (ModelType, _Dict)) for m in members
        ):
            # An object no variant claimed: a variant newer than this client.
            dicts = [m for m in members if isinstance(m, _Dict)]
            if dicts:
                dicts[0].check(value, path, out)
            return
        for member in members:
            if not isinstance(member, ModelType) and member.accepts(value):
                member.check(value, path, out)
                return
        out.append(Mismatch(path, f"expected {self.label()}, got {kind(value)}"))


def union(
    *members: TypeLike,
    discriminator: str | None = None,
    mapping: Mapping[str, TypeLike] | None = None,
) -> Type:
    """One of members; with a discriminator, mapping names the class for each of its values."""
    return _Union(members, discriminator, mapping or {})


# -- model fields -----------------------------------------------------------------


class Field:
    """One property of a model: its attribute, its JSON type, its wire name, whether required."""

    __slots__ = ("attr", "type", "wire", "required")

    def __init__(
        self,
        attr: str,
        type: TypeLike,
        *,
        wire: str | None = None,
        required: bool = False,
    ) -> None:
        self.attr = attr
        self.type = type
        self.wire = attr if wire is None else wire
        self.required = required


Reader = Callable[[Any, dict[str, Any], Any], int]


class Wire:
    """How a model reads and writes its JSON object.

    reader(obj, data, converters) copies each property of a JSON object onto a
    new instance, raising KeyError when a required one is missing, and returns
    how many of its keys it read as expected: fewer than it has when some are
    unknown, or are nulls the spec does not allow (the fast path, written out
    by the generator; converters has, for each attribute, the function turning
    its JSON value into models). fields say, for every
    property, its type and wire name; extras is the type of properties the spec
    does not name.
    """

    __slots__ = ("reader", "fields", "extras")

    def __init__(
        self, reader: Reader, *fields: Field, extras: TypeLike | None = None
    ) -> None:
        self.reader = reader
        self.fields = fields
        self.extras = extras


# -- resolving references ---------------------------------------------------------------

_model_types: dict[type, ModelType] = {}


def resolve(source: TypeLike) -> Type:
    """The Type a type-like names: a Type, a model class, or a function returning either."""
    if isinstance(source, Type):
        return source
    if isinstance(source, type):
        from .models import Model

        if not issubclass(source, Model):
            raise TypeError(f"not a model class: {source!r}")
        found = _model_types.get(source)
        if found is None:
            found = _model_types[source] = ModelType(source)
        return found
    if callable(source):
        return resolve(source())
    raise TypeError(f"not a type: {source!r}")


def root_mismatch(tp: Type, value: Any) -> str | None:
    """Why value cannot be decoded as tp at all (an array for a model), or None."""
    if value is None:
        return None if tp.allows_none() else f"expected {tp.label()}, got null"
    inner = tp._inner.get() if isinstance(tp, _Nullable) else tp
    if isinstance(inner, ModelType) and type(value) is not dict:
        return f"expected {inner.label()}, got {kind(value)}"
    if isinstance(inner, _List) and type(value) is not list:
        return f"expected an array, got {kind(value)}"
    return None
