"""Dataclass models: decoding from JSON and encoding back, exactly.

Decoding is lenient, as the official SDKs' is: every JSON object becomes the
model. Unknown properties are kept in `additional_properties`, unknown enum
values and unknown union variants (as dicts) are kept as they came, and a value
of the wrong type is kept as sent. `mismatches(model)` lists where the model
does not match the spec, by JSON path (mismatches.py); `from_dict(data,
strict=True)` raises DecodeError at the first one instead.

A required property the server left out is not invented: reading it raises
MissingFieldError (an AttributeError) unless its type allows None (then it
reads None) or the class gives it a default. Encoding leaves out what was left
out and sends back every null that was sent, so decode -> encode gives back
the JSON it came from.

Each model class carries its wire description (`_wire_`, a schema.Wire): a
reader the generator wrote, copying each property onto a new instance, and a
descriptor per field. Everything unusual (a missing property, a null where the
spec has none) goes to a slower path that follows the descriptors.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from operator import attrgetter
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping, TypeVar, cast

from .core import NOT_GIVEN
from .schema import (
    Mismatch,
    Type,
    Wire,
    check as check_type,
    kind,
    resolve,
    root_mismatch,
)

__all__ = [
    "Model",
    "Discriminator",
    "DecodeError",
    "MissingFieldError",
    "decode",
    "encode",
]

_M = TypeVar("_M", bound="Model")


class DecodeError(ValueError):
    """A value that cannot be the type asked for (or, when strict, does not match it)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class MissingFieldError(AttributeError):
    """Reading a required property that the server left out of its response."""


class Discriminator:
    """Union metadata in type aliases: the property whose value names the variant."""

    __slots__ = ("property", "mapping")

    def __init__(self, property: str, mapping: Mapping[str, str]) -> None:
        self.property = property
        self.mapping = dict(mapping)

    def __repr__(self) -> str:
        return f"Discriminator({self.property!r}, {self.mapping!r})"


class _Decoded:
    __slots__ = ("_state",)
    _state: _State | None


class _State:
    """What a decoded instance remembers of its JSON beyond its values.

    absent: attribute -> the value it was given for a required property the
    server left out (None, or the class default); nulls: optional attributes
    the server sent as null although the spec does not allow it.
    """

    __slots__ = ("absent", "nulls")

    def __init__(self, absent: dict[str, Any], nulls: frozenset[str]) -> None:
        self.absent = absent
        self.nulls = nulls


class _MissingRepr:
    def __repr__(self) -> str:
        return "<missing>"


_UNSET: Any = _MissingRepr()


@dataclass(kw_only=True, slots=True, repr=False, eq=False)
class Model(_Decoded):
    """Base of every generated model."""

    additional_properties: dict[str, Any] = field(default_factory=dict, repr=False)
    """Properties the spec does not declare, kept exactly as the server sent them."""

    _wire_: ClassVar[Wire]

    def __post_init__(self) -> None:
        _decoded(self)._state = None

    @classmethod
    def from_dict(
        cls: type[_M], data: Mapping[str, Any], *, strict: bool = False
    ) -> _M:
        """Decode a JSON object; with strict, raise DecodeError where it does not match."""
        if type(data) is not dict:
            if not isinstance(data, Mapping):
                raise DecodeError(
                    "$", f"expected an object for {cls.__name__}, got {kind(data)}"
                )
            data = dict(data)
        result: _M = decode_model(cls, data)
        if strict:
            from .mismatches import check_model

            _raise_first(check_model(result, "$", []))
        return result

    def to_dict(self) -> dict[str, Any]:
        """Encode as a JSON object: what was sent, or what was set."""
        return encode(self)

    def __repr__(self) -> str:
        shown = (
            f"{f.name}={getattr(self, f.name, _UNSET)!r}"
            for f in fields(self)
            if f.repr
        )
        return f"{type(self).__qualname__}({', '.join(shown)})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(
            getattr(self, f.name, _UNSET) == getattr(other, f.name, _UNSET)
            for f in fields(self)
            if f.compare
        )

    if not TYPE_CHECKING:  # type checkers must not think any attribute exists

        def __getattr__(self, name: str) -> Any:
            raise _missing(self, name)


def _missing(obj: Model, name: str) -> AttributeError:
    cls = type(obj)
    plan = _plans.get(cls) if not name.startswith("_") else None
    wire = plan.wire_of.get(name) if plan is not None else None
    if wire is None:
        return AttributeError(f"{cls.__name__!r} object has no attribute {name!r}")
    return MissingFieldError(
        f"{cls.__name__}.{name}: the response had no {wire!r}, which the spec"
        " requires (see mismatches())"
    )


# -- plans ---------------------------------------------------------------------------


class _Field:
    __slots__ = ("attr", "wire", "type", "required", "default", "nullable", "omit_none")

    def __init__(
        self, attr: str, wire: str, tp: Type, required: bool, default: Any
    ) -> None:
        self.attr = attr
        self.wire = wire
        self.type = tp
        self.required = required
        self.default = default  # _UNSET when the class gives none
        self.nullable = tp.allows_none()
        # An optional property whose "absent" is None: None is not sent.
        self.omit_none = not required and default is None


class _Plan:
    """How one model class decodes, encodes and checks, built on first use."""

    def __init__(self, cls: type[Model]) -> None:
        wire: Wire = cls.__dict__["_wire_"]
        defaults = {f.name: _default(f) for f in fields(cls)}
        self.cls = cls
        self.reader = wire.reader
        self.fields = tuple(
            _Field(f.attr, f.wire, resolve(f.type), f.required, defaults[f.attr])
            for f in wire.fields
        )
        self.wire_of = {f.attr: f.wire for f in self.fields}
        getter = attrgetter(*(f.attr for f in self.fields))
        self.values: Callable[[Any], Any] = (
            getter if len(self.fields) > 1 else lambda obj: (getter(obj),)
        )
        self.known = frozenset(f.wire for f in self.fields)
        self.extras: Type | None = resolve(wire.extras) if wire.extras else None
        self.convs: tuple[tuple[str, str, Any], ...] = tuple(
            (f.attr, f.wire, conv)
            for f in self.fields
            if (conv := f.type.converter()) is not None
        )
        self.conv_of = {attr: conv for attr, _, conv in self.convs}
        # What the reader calls c.<attribute>(value) with: the field's converter.
        self.converters = SimpleNamespace(
            **{f.attr: self.conv_of.get(f.attr, _keep) for f in self.fields}
        )
        self.extras_conv = self.extras.converter() if self.extras else None
        self.omit_none = tuple(f for f in self.fields if f.omit_none)
        self.omit_none_wires = frozenset(f.wire for f in self.omit_none)
        self.attr_of = {f.wire: f.attr for f in self.fields}
        # For choosing a union variant by shape: what must be there, and constants.
        self.needs = frozenset(
            f.wire for f in self.fields if f.required and not f.nullable
        )
        self.consts = {f.wire: f.type.const()[0] for f in self.fields if f.type.const()}


def _keep(value: Any) -> Any:
    return value


def _default(f: Any) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return _UNSET


_plans: dict[type, _Plan] = {}


def _plan(cls: type[Model]) -> _Plan:
    plan = _plans.get(cls)
    if plan is None:
        plan = _plans[cls] = _Plan(cls)
    return plan


# -- decoding ---------------------------------------------------------------------------

_new = object.__new__


def decode_model(cls: type[_M], data: Any) -> _M:
    """A JSON object as cls, leniently: it never fails (anything else is returned as is)."""
    if data.__class__ is not dict:
        return cast(_M, data)  # kept as sent: a mismatch
    plan = _plans.get(cls) or _plan(cls)
    obj = _new(cls)
    try:
        read = plan.reader(obj, data, plan.converters)
    except KeyError:  # a required property is missing
        return cast(_M, _decode_slowly(plan, data))
    held: _Decoded = obj
    if read == len(data):  # every key read as expected: nothing more to know
        obj.additional_properties = {}
        held._state = None
    else:  # unknown properties, or nulls the spec does not allow
        extra = data.keys() - plan.known
        obj.additional_properties = _extras(plan, data, extra) if extra else {}
        held._state = None
        if len(data) - len(extra) > read:  # known keys not read as expected: nulls
            held._state = _State({}, _nulls(plan, data))
    return obj


def _decoded(obj: _Decoded) -> _Decoded:
    """obj as what holds its decoding state (a slot every model has)."""
    return obj


def _nulls(plan: _Plan, data: dict[str, Any]) -> frozenset[str]:
    """The optional attributes sent as null although the spec does not allow it."""
    present = plan.omit_none_wires.intersection(data)
    return frozenset(plan.attr_of[w] for w in present if data[w] is None)


def _extras(plan: _Plan, data: dict[str, Any], extra: Any) -> dict[str, Any]:
    conv = plan.extras_conv
    if conv is None:
        return {k: v for k, v in data.items() if k in extra}
    return {k: conv(v) for k, v in data.items() if k in extra}


def _decode_slowly(plan: _Plan, data: dict[str, Any]) -> Model:
    """The same rules as the fast path, property by property."""
    obj = _new(plan.cls)
    absent: dict[str, Any] = {}
    for f in plan.fields:
        if f.wire in data:
            value = data[f.wire]
            conv = plan.conv_of.get(f.attr)
            if conv is not None and value.__class__ in (dict, list):
                value = conv(value)
            setattr(obj, f.attr, value)
        elif not f.required:
            setattr(obj, f.attr, f.default)
        elif f.default is not _UNSET or f.nullable:
            value = f.default if f.default is not _UNSET else None
            absent[f.attr] = value
            setattr(obj, f.attr, value)
        # else: left unset; reading it raises MissingFieldError
    extra = data.keys() - plan.known
    obj.additional_properties = _extras(plan, data, extra) if extra else {}
    nulls = _nulls(plan, data)
    _decoded(obj)._state = _State(absent, nulls) if absent or nulls else None
    return obj


def best_model(models: list[type[Model]], value: dict[str, Any]) -> type[Model] | None:
    """The union variant whose constants match and whose required properties are all there."""
    best: type[Model] | None = None
    best_score = -1
    for cls in models:
        plan = _plans.get(cls) or _plan(cls)
        if any(value.get(k, _UNSET) != v for k, v in plan.consts.items()):
            continue
        if not plan.needs <= value.keys():
            continue
        score = len(plan.consts) * 1000 + len(plan.known & value.keys())
        if score > best_score:
            best, best_score = cls, score
    return best


_casts: dict[Any, Type] = {}


def cast_type(tp: Any) -> Type:
    """The Type an Endpoint's cast_to names, resolved once (cast_to is a constant)."""
    target = _casts.get(tp)
    if target is None:
        target = _casts[tp] = resolve(tp)
    return target


def decode(tp: Any, data: Any, strict: bool = False) -> Any:
    """Decode JSON data as tp: a model class, a schema Type, or a function returning one.

    Lenient unless strict: then DecodeError names the first place data does not
    match. Leniently, data that is not even the right kind of value (an object
    where an array is expected) is returned as it came.
    """
    conv = _converters.get(tp)
    if conv is None:
        conv = _converters[tp] = cast_type(tp).converter() or _keep
    if not strict:
        return conv(data)
    target = cast_type(tp)
    wrong = root_mismatch(target, data)
    if wrong is not None:
        raise DecodeError("$", wrong)
    value = conv(data)
    _raise_first(check_type(target, value))
    return value


_converters: dict[Any, Any] = {}


def _raise_first(found: list[Mismatch]) -> None:
    if found:
        raise DecodeError(found[0].path, found[0].message)


# -- encoding ----------------------------------------------------------------------------


def encode(model: Model) -> dict[str, Any]:
    """A model as a JSON object: what was decoded or set, nothing invented."""
    plan = _plans.get(type(model)) or _plan(type(model))
    state = model._state
    try:
        values = plan.values(model)
    except AttributeError:  # a required property the server left out
        values = [getattr(model, f.attr, _UNSET) for f in plan.fields]
    out: dict[str, Any] = {}
    for f, value in zip(plan.fields, values):
        if value is None:
            if f.omit_none and (state is None or f.attr not in state.nulls):
                continue
        elif value is NOT_GIVEN or value is _UNSET:
            continue
        elif value.__class__ not in _PLAIN:
            value = encode_value(value)
        if (
            state is not None
            and f.attr in state.absent
            and value is state.absent[f.attr]
        ):
            continue
        out[f.wire] = value
    for key, value in model.additional_properties.items():
        out[key] = encode_value(value)
    return out


_PLAIN = frozenset({str, int, float, bool})


def encode_value(value: Any) -> Any:
    """Any decoded value as JSON data: models become objects, the rest as it is."""
    if isinstance(value, Model):
        return encode(value)
    if type(value) is list or type(value) is tuple:
        return [encode_value(v) for v in value]
    if type(value) is dict:
        return {k: encode_value(v) for k, v in value.items()}
    return value
