"""The intermediate model: what an OpenAPI document means, with no Python in it.

Everything is a frozen dataclass holding tuples, so stages can share it freely.
Schemas form a closed set of kinds; anything the builder cannot express exactly
becomes `AnySchema` with a diagnostic. Named schemas are referenced by `RefSchema`
(by JSON pointer), which is how recursive schemas stay finite.
"""

from __future__ import annotations

import enum
from dataclasses import field, fields, replace
from typing import Any, TypeVar, Union

from generator.records import frozen

Json = Union[None, bool, int, float, str, list["Json"], dict[str, "Json"]]
_T = TypeVar("_T")


def evolve(obj: _T, **changes: Any) -> _T:
    """`dataclasses.replace` for the IR's frozen dataclasses, at a fraction of its cost.

    They have no `__post_init__`, no slots and no field left out of `__init__`,
    so their fields copied with the changes are what replace would build; a
    class that breaks that rule gets replace itself. On GitHub the IR makes
    66,000 such copies.
    """
    cls = type(obj)
    if cls not in _FIELDS:
        plain = not (
            hasattr(cls, "__post_init__")
            or hasattr(cls, "__slots__")
            or any(not f.init for f in fields(cls))  # type: ignore[arg-type]
        )
        _FIELDS[cls] = frozenset(f.name for f in fields(cls)) if plain else None  # type: ignore[arg-type]
    names = _FIELDS[cls]
    if names is None:
        return replace(obj, **changes)  # type: ignore[type-var]
    if not changes.keys() <= names:
        unknown = sorted(changes.keys() - names)[0]
        raise TypeError(f"{cls.__name__} has no field {unknown!r}")
    state = {name: value for name, value in obj.__dict__.items() if name in names}
    state.update(changes)
    new = object.__new__(cls)
    new.__dict__.update(state)
    return new


_FIELDS: dict[type, frozenset[str] | None] = {}  # None: the class needs replace


class Missing(enum.Enum):
    """Marks "no value" where None (JSON null) is a value: defaults and examples."""

    MISSING = "MISSING"


MISSING = Missing.MISSING


class Primitive(enum.Enum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"


@frozen
class Constraints:
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: float | int | None = None
    maximum: float | int | None = None
    exclusive_minimum: float | int | None = None
    exclusive_maximum: float | int | None = None
    multiple_of: float | int | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    min_properties: int | None = None
    max_properties: int | None = None

    def is_empty(self) -> bool:
        return self == _NO_CONSTRAINTS


_NO_CONSTRAINTS = Constraints()


@frozen
class SchemaBase:
    """What every schema kind carries besides its shape."""

    pointer: str
    title: str | None = None
    description: str | None = None
    default: Json | Missing = MISSING
    example: Json | Missing = MISSING
    nullable: bool = False
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    # What `not` forbids. Not typed or checked by clients; it keeps examples true.
    negation: Schema | None = None


@frozen
class AnySchema(SchemaBase):
    """Any JSON value: an untyped schema, or one that could not be typed precisely.

    `approximate` marks the second case (a diagnostic said why): the spec does
    constrain the value, so no example value is made up for it.
    """

    approximate: bool = False


@frozen
class NullSchema(SchemaBase):
    """Only `null`."""


@frozen
class PrimitiveSchema(SchemaBase):
    type: Primitive
    format: str | None = None
    constraints: Constraints = _NO_CONSTRAINTS


@frozen
class EnumSchema(SchemaBase):
    """A fixed set of scalar values; `open` when any other value of `type` is also allowed.

    A single-value enum is also how `const` is represented.
    """

    values: tuple[Json, ...]
    type: Primitive | None = None
    open: bool = False
    # An open enum written as a `oneOf` (not `anyOf`): by JSON Schema's rules a
    # listed value then matches two branches, so only other values are valid.
    exclusive: bool = False


@frozen
class ArraySchema(SchemaBase):
    items: Schema
    constraints: Constraints = _NO_CONSTRAINTS


@frozen
class Property:
    name: str
    schema: Schema
    required: bool
    description: str | None = None
    pointer: str = ""


@frozen
class ObjectSchema(SchemaBase):
    """An object with named properties.

    `additional` is the schema of properties not listed (AnySchema when anything
    goes, which is the OpenAPI default), or None when they are forbidden.
    `name_hint` is the path of names to where an inline object sits, so the
    language layer can name it deterministically.
    """

    properties: tuple[Property, ...]
    additional: Schema | None
    name_hint: tuple[str, ...] = ()
    constraints: Constraints = _NO_CONSTRAINTS
    # Names in `required` that `properties` does not declare (any value will do).
    undeclared_required: tuple[str, ...] = ()
    # A `oneOf`/`anyOf` whose branches only say which properties are required:
    # one of these sets must be present (exactly one when `exclusive`).
    required_sets: tuple[tuple[str, ...], ...] = ()
    required_sets_exclusive: bool = False


@frozen
class MapSchema(SchemaBase):
    """An object used as a dictionary: any keys, values of one schema."""

    values: Schema
    constraints: Constraints = _NO_CONSTRAINTS


@frozen
class Discriminator:
    property: str
    mapping: tuple[tuple[str, str], ...]  # (wire value, pointer of the named schema)


@frozen
class UnionSchema(SchemaBase):
    """One of several shapes (`oneOf`, `anyOf`, or a `type` list)."""

    variants: tuple[Schema, ...]
    discriminator: Discriminator | None = None
    exclusive: bool = False  # oneOf
    # The `type` written beside the union ("object"): a value must also be of it.
    json_type: str | None = None


@frozen
class RefSchema(SchemaBase):
    """A reference to a named schema; description and nullable may sit beside it."""

    target: str


Schema = Union[
    AnySchema,
    NullSchema,
    PrimitiveSchema,
    EnumSchema,
    ArraySchema,
    ObjectSchema,
    MapSchema,
    UnionSchema,
    RefSchema,
]


@frozen
class NamedSchema:
    """A reusable schema: the components entry (or external file) it came from."""

    name: str
    pointer: str
    schema: Schema


class Location(enum.Enum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


@frozen
class Parameter:
    name: str
    location: Location
    required: bool
    schema: Schema
    pointer: str
    description: str | None = None
    deprecated: bool = False
    style: str | None = None  # as written; None: the location's default
    explode: bool | None = None
    allow_reserved: bool = False
    content_type: str | None = None  # a parameter given by `content`: its media type
    example: Json | Missing = MISSING


@frozen
class Encoding:
    """How one property of a form or multipart body is sent (an Encoding Object).

    None means not written: the runtime applies OpenAPI's defaults (style form,
    explode true; an object part of a multipart body as application/json).
    """

    name: str  # the property
    pointer: str
    content_type: str | None = None
    style: str | None = None
    explode: bool | None = None
    allow_reserved: bool = False


@frozen
class MediaType:
    media_type: str
    schema: Schema | None
    pointer: str
    example: Json | Missing = MISSING
    encoding: tuple[Encoding, ...] = ()

    def encoding_of(self, name: str) -> Encoding | None:
        return next((e for e in self.encoding if e.name == name), None)


@frozen
class RequestBody:
    required: bool
    contents: tuple[MediaType, ...]
    pointer: str
    description: str | None = None


@frozen
class Header:
    name: str
    schema: Schema
    description: str | None = None


@frozen
class Response:
    status: str  # "200", "4XX" or "default"
    description: str
    contents: tuple[MediaType, ...]
    pointer: str
    headers: tuple[Header, ...] = ()


class SecurityKind(enum.Enum):
    BEARER = "bearer"  # http bearer, oauth2 and openIdConnect tokens
    BASIC = "basic"
    API_KEY = "apiKey"


@frozen
class SecurityScheme:
    key: str
    kind: SecurityKind
    location: Location | None = None  # for apiKey
    parameter_name: str | None = None  # for apiKey
    description: str | None = None
    bearer_format: str | None = None


@frozen
class Operation:
    method: str  # lower case
    path: str
    pointer: str
    operation_id: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False
    parameters: tuple[Parameter, ...] = ()
    request_body: RequestBody | None = None
    responses: tuple[Response, ...] = ()
    security: tuple[tuple[str, ...], ...] | None = None  # None: inherit the document's
    external_docs: str | None = None
    # Where the spec asks the operation to sit in an SDK (x-speakeasy-group,
    # x-fern-sdk-group-name) and what its method is called (x-speakeasy-name-override,
    # x-fern-sdk-method-name).
    sdk_group: tuple[str, ...] | None = None
    sdk_method: str | None = None


@frozen
class Tag:
    name: str
    description: str | None = None


@frozen
class Server:
    url: str
    description: str | None = None


@frozen
class Api:
    openapi: str
    title: str
    version: str
    description: str | None = None
    external_docs: str | None = None  # the URL of the document's `externalDocs`
    servers: tuple[Server, ...] = ()
    tags: tuple[Tag, ...] = ()
    security_schemes: tuple[SecurityScheme, ...] = ()
    security: tuple[tuple[str, ...], ...] = ()
    operations: tuple[Operation, ...] = ()
    webhooks: tuple[Operation, ...] = ()
    schemas: tuple[NamedSchema, ...] = field(default=())
    # The other files the spec's $refs name, by path from the spec's directory,
    # with the SHA-256 of what was read (None: nothing could be).
    documents: tuple[tuple[str, str | None], ...] = ()
    # Inline objects written out again, each held as the one met first
    # (generator/share.py): (pointer of the copy, pointer of the one held).
    shared: tuple[tuple[str, str], ...] = ()

    def schema_by_pointer(self) -> dict[str, NamedSchema]:
        return {s.pointer: s for s in self.schemas}


def children(schema: Schema) -> tuple[Schema, ...]:
    """The schemas directly inside a schema (references are not followed)."""
    if isinstance(schema, ArraySchema):
        return (schema.items,)
    if isinstance(schema, MapSchema):
        return (schema.values,)
    if isinstance(schema, ObjectSchema):
        inner = tuple(p.schema for p in schema.properties)
        return inner + ((schema.additional,) if schema.additional is not None else ())
    if isinstance(schema, UnionSchema):
        return schema.variants
    return ()


def operation_schemas(op: Operation) -> tuple[Schema, ...]:
    """Every top-level schema an operation uses, in a fixed order."""
    out: list[Schema] = [p.schema for p in op.parameters]
    if op.request_body is not None:
        out.extend(m.schema for m in op.request_body.contents if m.schema is not None)
    for response in op.responses:
        out.extend(m.schema for m in response.contents if m.schema is not None)
        out.extend(h.schema for h in response.headers)
    return tuple(out)
