"""Dataclass models: decoding from JSON and encoding back, exactly.

Decoding is forward-compatible, as the official SDKs are: unknown properties are
kept in `additional_properties`, unknown enum values are kept as they came, an
unknown union variant stays a plain dict. What would make a typed attribute lie
raises `DecodeError` with the JSON path: an object where none was sent, a missing
required property that cannot be null. Encoding a decoded model gives back the
JSON it came from.

Annotations are resolved the first time a class is decoded, in a namespace that
imports the models package lazily, so no model module imports another at import
time. Each class then gets a decoder compiled for its fields, as `dataclasses`
compiles `__init__`; when it meets anything unusual it hands over to a slower
path that knows where in the document it is.
"""

from __future__ import annotations

import types
import typing
from dataclasses import MISSING, dataclass, field, fields
from importlib import import_module
from typing import Any, Callable, ClassVar, Mapping, TypeVar

from .core import NOT_GIVEN, FileInput, NotGiven

__all__ = ["Model", "Discriminator", "DecodeError", "decode", "encode", "resolve_type"]

_M = TypeVar("_M", bound="Model")
Converter = Callable[[Any], Any]


class DecodeError(ValueError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def at(self, prefix: str) -> DecodeError:
        """The same error, seen from an enclosing value at prefix ("$.items", "$[3]")."""
        return DecodeError(prefix + self.path[1:], self.message)


class Discriminator:
    """Union metadata: the property whose value names the variant, and value -> class name."""

    __slots__ = ("property", "mapping")

    def __init__(self, property: str, mapping: Mapping[str, str]) -> None:
        self.property = property
        self.mapping = dict(mapping)

    def __repr__(self) -> str:
        return f"Discriminator({self.property!r}, {self.mapping!r})"


@dataclass(kw_only=True, slots=True)
class Model:
    """Base of every generated model."""

    additional_properties: dict[str, Any] = field(default_factory=dict, repr=False)
    """Properties the spec does not declare, kept exactly as the server sent them."""

    _wire_names: ClassVar[dict[str, str]] = {}

    @classmethod
    def from_dict(cls: type[_M], data: Mapping[str, Any]) -> _M:
        """Decode a JSON object; raises DecodeError when it cannot be this model."""
        result: _M = decode(cls, data)
        return result

    def to_dict(self) -> dict[str, Any]:
        """Encode as a JSON object, omitting properties that were not given."""
        out: dict[str, Any] = encode(self)
        return out


# -- type resolution ----------------------------------------------------------


class _LazyNamespace(dict):  # type: ignore[type-arg]
    """Names of the models package, imported on first use (for eval of annotations)."""

    def __init__(self, package: str) -> None:
        super().__init__()
        self.package = package

    def __missing__(self, key: str) -> Any:
        module = import_module(self.package)
        try:
            value = getattr(module, key)
        except AttributeError:
            raise KeyError(key) from None
        self[key] = value
        return value


_BASE_NAMES: dict[str, Any] = {
    "Any": Any,
    "Literal": typing.Literal,
    "Union": typing.Union,
    "Optional": typing.Optional,
    "Annotated": typing.Annotated,
    "Discriminator": Discriminator,
    "NotGiven": NotGiven,
    "FileInput": FileInput,
}
_namespaces: dict[str, _LazyNamespace] = {}


def _namespace(package: str) -> _LazyNamespace:
    ns = _namespaces.get(package)
    if ns is None:
        ns = _namespaces[package] = _LazyNamespace(package)
    return ns


def resolve_type(expression: str, package: str) -> Any:
    """Evaluate a type expression (as generated code writes it) against the models package."""
    return eval(
        expression, dict(_BASE_NAMES), _namespace(package)
    )  # noqa: S307 - generated code only


def _models_package(cls: type) -> str:
    return cls.__module__.rpartition(".")[0]


def _resolve_forward(tp: Any, package: str) -> Any:
    while isinstance(tp, (str, typing.ForwardRef)):
        text = tp if isinstance(tp, str) else tp.__forward_arg__
        tp = resolve_type(text, package)
    return tp


# -- plans ----------------------------------------------------------------------


class _FieldPlan:
    __slots__ = (
        "attr",
        "wire",
        "type",
        "convert",
        "default",
        "required",
        "nullable",
        "omit_none",
    )

    def __init__(
        self,
        attr: str,
        wire: str,
        tp: Any,
        convert: Converter | None,
        default: Any,
        required: bool,
    ) -> None:
        self.attr = attr
        self.wire = wire
        self.type = tp
        self.convert = convert
        self.default = default
        self.required = required
        self.nullable = _accepts_none(tp)
        # An optional field whose "absent" is None is left out of the JSON when None.
        self.omit_none = default is None


class _ClassPlan:
    __slots__ = (
        "cls",
        "fields",
        "known",
        "extras_type",
        "extras_convert",
        "decode",
        "encode",
        "required",
        "consts",
    )

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.fields: list[_FieldPlan] = []
        self.known: frozenset[str] = frozenset()
        self.extras_type: Any = Any
        self.extras_convert: Converter | None = None
        self.decode: Converter = _unbuilt
        self.encode: Callable[[Any], dict[str, Any]] = _unbuilt
        self.required: frozenset[str] = frozenset()
        self.consts: dict[str, Any] = {}


def _unbuilt(value: Any) -> Any:  # pragma: no cover - replaced before use
    raise RuntimeError("model plan used before it was built")


_plans: dict[type, _ClassPlan] = {}
_converters: dict[Any, Converter | None] = {}


def _plan(cls: type) -> _ClassPlan:
    plan = _plans.get(cls)
    if plan is not None:
        return plan
    plan = _plans[cls] = _ClassPlan(cls)
    package = _models_package(cls)
    # Each class's annotations are evaluated in its own module, with the models
    # package as a lazy local namespace for the names only type checkers import.
    hints = typing.get_type_hints(cls, localns=_namespace(package), include_extras=True)
    wire_names: dict[str, str] = getattr(cls, "_wire_names", {})
    for f in fields(cls):
        tp = hints.get(f.name, Any)
        if f.name == "additional_properties":
            plan.extras_type = tp
            value_type = (
                typing.get_args(tp)[1] if len(typing.get_args(tp)) == 2 else Any
            )
            plan.extras_convert = _converter(value_type, package)
            continue
        if f.default is not MISSING:
            default, required = f.default, False
        elif f.default_factory is not MISSING:
            default, required = f.default_factory(), False
        else:
            default, required = MISSING, True
        wire = wire_names.get(f.name, f.name)
        plan.fields.append(
            _FieldPlan(f.name, wire, tp, _converter(tp, package), default, required)
        )
    plan.known = frozenset(fp.wire for fp in plan.fields)
    plan.required = frozenset(
        fp.wire for fp in plan.fields if fp.required and not fp.nullable
    )
    for fp in plan.fields:
        args = typing.get_args(fp.type)
        if typing.get_origin(fp.type) is typing.Literal and len(args) == 1:
            plan.consts[fp.wire] = args[0]
    plan.decode = _compile_decoder(plan)
    plan.encode = _compile_encoder(plan)
    return plan


def _accepts_none(tp: Any) -> bool:
    if tp is None or tp is type(None) or tp is Any:
        return True
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _accepts_none(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_accepts_none(a) for a in typing.get_args(tp))
    return False


# -- converters: JSON value -> Python value, fast path ----------------------------


class _Deferred:
    """Stands in for a converter still being built (recursive type aliases)."""

    __slots__ = ("target",)

    def __init__(self) -> None:
        self.target: Converter | None = None

    def __call__(self, value: Any) -> Any:
        return self.target(value) if self.target is not None else value


def _converter(tp: Any, package: str) -> Converter | None:
    """A function decoding a JSON value to tp, or None when the value is kept as is."""
    key = (tp, package)
    try:
        if key in _converters:
            return _converters[key]
    except TypeError:  # unhashable type expression
        return _build_converter(tp, package)
    deferred = _Deferred()
    _converters[key] = deferred
    conv = _build_converter(tp, package)
    deferred.target = conv
    _converters[key] = conv
    return conv


def _build_converter(tp: Any, package: str) -> Converter | None:
    tp = _resolve_forward(tp, package)
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        inner, *meta = typing.get_args(tp)
        disc = next((m for m in meta if isinstance(m, Discriminator)), None)
        return _union_converter(_resolve_forward(inner, package), package, disc)
    if isinstance(tp, type) and issubclass(tp, Model):
        return _model_converter(tp)
    if origin is list:
        (item,) = typing.get_args(tp) or (Any,)
        item_conv = _converter(item, package)
        if item_conv is None:
            return None

        def convert_list(value: Any) -> Any:
            if type(value) is not list:
                return value
            try:
                return [item_conv(x) for x in value]
            except DecodeError:
                for i, x in enumerate(value):
                    try:
                        item_conv(x)
                    except DecodeError as exc:
                        raise exc.at(f"$[{i}]") from None
                raise

        return convert_list
    if origin is dict:
        args = typing.get_args(tp)
        value_conv = _converter(args[1] if len(args) == 2 else Any, package)
        if value_conv is None:
            return None

        def convert_dict(value: Any) -> Any:
            if type(value) is not dict:
                return value
            try:
                return {k: value_conv(x) for k, x in value.items()}
            except DecodeError:
                for k, x in value.items():
                    try:
                        value_conv(x)
                    except DecodeError as exc:
                        raise exc.at(f"$.{k}") from None
                raise

        return convert_dict
    if origin in (typing.Union, types.UnionType):
        return _union_converter(tp, package, None)
    return None  # str, int, float, bool, None, Any, Literal, FileInput: kept as sent


def _model_converter(cls: type[Model]) -> Converter:
    def convert(value: Any) -> Any:
        if type(value) is not dict:
            raise DecodeError(
                "$", f"expected an object for {cls.__name__}, got {_kind(value)}"
            )
        return (_plans.get(cls) or _plan(cls)).decode(value)

    return convert


def _union_converter(
    tp: Any, package: str, disc: Discriminator | None
) -> Converter | None:
    flat: list[Any] = []
    for member in typing.get_args(tp):
        member = _resolve_forward(member, package)
        if typing.get_origin(member) in (typing.Union, types.UnionType):
            flat.extend(_resolve_forward(a, package) for a in typing.get_args(member))
        else:
            flat.append(member)
    models = [m for m in flat if isinstance(m, type) and issubclass(m, Model)]
    lists = [m for m in flat if typing.get_origin(m) is list]
    dicts = [m for m in flat if typing.get_origin(m) is dict]
    nested = [m for m in flat if typing.get_origin(m) is typing.Annotated]
    if (
        not models
        and not nested
        and all(_converter(m, package) is None for m in lists + dicts)
    ):
        return None
    # Values a member takes as they are: strings, numbers, Literal values, Any.
    scalars = any(
        m not in models
        and m not in lists
        and m not in dicts
        and m not in nested
        and m is not type(None)
        for m in flat
    )
    list_conv = _converter(lists[0], package) if len(lists) == 1 else None
    dict_conv = _converter(dicts[0], package) if len(dicts) == 1 else None
    nested_conv = [_converter(m, package) for m in nested]
    by_value: dict[str, type[Model]] = {}
    if disc is not None:
        for value, name in disc.mapping.items():
            target = _resolve_forward(name, package)
            if isinstance(target, type) and issubclass(target, Model):
                by_value[value] = target
    names = " | ".join(getattr(m, "__name__", str(m)) for m in flat)

    def convert(value: Any) -> Any:
        kind = type(value)
        if kind is dict:
            if disc is not None:
                chosen = by_value.get(value.get(disc.property))
                if chosen is not None:
                    return (_plans.get(chosen) or _plan(chosen)).decode(value)
            best = _best_model(models, value)
            if best is not None:
                return (_plans.get(best) or _plan(best)).decode(value)
            for conv in nested_conv:
                if conv is not None:
                    return conv(value)
            # No known variant fits: a variant newer than this client, kept as sent.
            return dict_conv(value) if dict_conv is not None else value
        if kind is list:
            if list_conv is not None:
                return list_conv(value)
            if lists or scalars:
                return value
        elif value is None or scalars:
            return value
        raise DecodeError("$", f"expected {names}, got {_kind(value)}")

    return convert


def _best_model(models: list[type[Model]], value: dict[str, Any]) -> type[Model] | None:
    """The variant whose constants match and whose required properties are all present."""
    best: type[Model] | None = None
    best_score = -1
    for cls in models:
        plan = _plans.get(cls) or _plan(cls)
        if any(value.get(k, _ABSENT) != v for k, v in plan.consts.items()):
            continue
        if not plan.required <= value.keys():
            continue
        score = len(plan.consts) * 1000 + len(plan.known & value.keys())
        if score > best_score:
            best, best_score = cls, score
    return best


_ABSENT = object()


def _kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        type(None): "null",
    }.get(type(value), "a number")


# -- compiled decoder and encoder per class ------------------------------------------


def _compile_decoder(plan: _ClassPlan) -> Converter:
    env: dict[str, Any] = {
        "_new": object.__new__,
        "_cls": plan.cls,
        "_known": plan.known,
        "_slow": _slow_model,
    }
    lines = ["def decode(d):", "    o = _new(_cls)", "    n = len(d)", "    try:"]
    for i, fp in enumerate(plan.fields):
        value = f"d[{fp.wire!r}]"
        if fp.convert is not None:
            env[f"_c{i}"] = fp.convert
            value = (
                f"_c{i}({value})"
                if not fp.nullable
                else f"(None if {value} is None else _c{i}({value}))"
            )
        if fp.required:
            lines.append(f"        o.{fp.attr} = {value}")
        else:
            env[f"_d{i}"] = fp.default
            lines.append(f"        if {fp.wire!r} in d:")
            lines.append(f"            o.{fp.attr} = {value}")
            lines.append("            n -= 1")
            lines.append("        else:")
            lines.append(f"            o.{fp.attr} = _d{i}")
    lines.append(f"        n -= {sum(1 for fp in plan.fields if fp.required)}")
    if plan.extras_convert is not None:
        env["_cx"] = plan.extras_convert
        lines.append(
            "        o.additional_properties = {k: _cx(v) for k, v in d.items() if k not in _known} if n else {}"
        )
    else:
        lines.append(
            "        o.additional_properties = {k: v for k, v in d.items() if k not in _known} if n else {}"
        )
    lines.append("    except Exception:")
    lines.append("        return _slow(_cls, d, '$')")
    lines.append("    return o")
    exec(
        "\n".join(lines), env
    )  # noqa: S102 - source built from the class's own field names
    decoder: Converter = env["decode"]
    return decoder


def _compile_encoder(plan: _ClassPlan) -> Callable[[Any], dict[str, Any]]:
    env: dict[str, Any] = {"_enc": _encode_value, "_NG": NOT_GIVEN}
    lines = ["def encode(o):", "    d = {}"]
    for fp in plan.fields:
        lines.append(f"    v = o.{fp.attr}")
        if fp.omit_none:
            lines.append("    if v is not None:")
        else:
            lines.append("    if v is not _NG:")
        lines.append(f"        d[{fp.wire!r}] = _enc(v)")
    lines.append("    if o.additional_properties:")
    lines.append("        for k, v in o.additional_properties.items():")
    lines.append("            d[k] = _enc(v)")
    lines.append("    return d")
    exec("\n".join(lines), env)  # noqa: S102
    encoder: Callable[[Any], dict[str, Any]] = env["encode"]
    return encoder


# -- slow path: the same rules, tracking where it is -----------------------------------


def _slow_model(cls: type[Model], data: Any, path: str) -> Any:
    if type(data) is not dict:
        raise DecodeError(
            path, f"expected an object for {cls.__name__}, got {_kind(data)}"
        )
    plan = _plans.get(cls) or _plan(cls)
    obj = object.__new__(cls)
    for fp in plan.fields:
        where = f"{path}.{fp.wire}"
        if fp.wire in data:
            setattr(
                obj,
                fp.attr,
                _slow_value(fp.type, data[fp.wire], where, _models_package(cls)),
            )
        elif not fp.required:
            setattr(obj, fp.attr, fp.default)
        elif fp.nullable:
            setattr(obj, fp.attr, None)
        else:
            raise DecodeError(
                where, f"required property {fp.wire!r} of {cls.__name__} is missing"
            )
    extras = {k: v for k, v in data.items() if k not in plan.known}
    if plan.extras_convert is not None:
        value_type = typing.get_args(plan.extras_type)[1]
        extras = {
            k: _slow_value(value_type, v, f"{path}.{k}", _models_package(cls))
            for k, v in extras.items()
        }
    obj.additional_properties = extras
    return obj


def _slow_value(tp: Any, value: Any, path: str, package: str) -> Any:
    conv = _converter(_resolve_forward(tp, package), package)
    if conv is None:
        return value
    try:
        return conv(value)
    except DecodeError as exc:
        raise exc.at(path) from None


# -- public entry points ----------------------------------------------------------------


def decode(tp: Any, data: Any, package: str | None = None) -> Any:
    """Decode JSON data as tp (a model class or a type expression of the package)."""
    if isinstance(tp, type) and issubclass(tp, Model):
        if type(data) is not dict:
            raise DecodeError(
                "$", f"expected an object for {tp.__name__}, got {_kind(data)}"
            )
        return (_plans.get(tp) or _plan(tp)).decode(data)
    if package is None:
        raise TypeError("decoding a type expression needs the models package")
    return _slow_value(tp, data, "$", package)


def encode(model: Model) -> dict[str, Any]:
    plan = _plans.get(type(model)) or _plan(type(model))
    return plan.encode(model)


def _encode_value(value: Any) -> Any:
    if isinstance(value, Model):
        return encode(value)
    if type(value) is list or type(value) is tuple:
        return [_encode_value(v) for v in value]
    if type(value) is dict:
        return {k: _encode_value(v) for k, v in value.items()}
    return value
