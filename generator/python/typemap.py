"""Map IR schemas to Python types.

| IR | Python |
|---|---|
| any | `Any` |
| string / integer / number / boolean | `str` / `int` / `float` / `bool` |
| string, format `binary` | `FileInput` (bytes, a file object or a path, uploaded as a file) |
| string, formats `date-time`, `date`, `byte`, ... | `str`, kept exactly as sent |
| integer, format `unixtime` | `int` (seconds since the epoch) |
| closed enum / const | `Literal[...]` |
| open enum | `str \\| Literal[...]` (any string; the known ones named) |
| array / map | `list[T]` / `dict[str, T]` |
| object | a dataclass |
| oneOf / anyOf | a union, decoded by discriminator or by shape |
| nullable | `T \\| None` |
"""

from __future__ import annotations

from typing import NoReturn

from generator import ir
from generator.plan.resolve import Resolver
from generator.python import pytypes as t

_PRIMITIVES = {
    ir.Primitive.STRING: t.Builtin("str"),
    ir.Primitive.INTEGER: t.Builtin("int"),
    ir.Primitive.NUMBER: t.Builtin("float"),
    ir.Primitive.BOOLEAN: t.Builtin("bool"),
}
FILE_INPUT = t.RuntimeName("FileInput")


class TypeMapper(Resolver):
    def __init__(self, names: dict[str, str], named: dict[str, ir.NamedSchema]) -> None:
        super().__init__(named)
        self.names = names  # pointer of a named or inline object schema -> Python name
        self._aliases: dict[str, t.PyType] | None = None

    def map(self, schema: ir.Schema) -> t.PyType:
        base = self._map(schema)
        if schema.nullable or self._nullable_object(schema):
            return t.optional(base)
        return base

    def nullable(self, schema: ir.Schema) -> bool:
        """Whether null is a value the schema allows, through references and unions.

        A type alias carries its own None; a class cannot, so a reference to an
        object schema marked nullable is nullable where it is used.
        """
        return self._nullable(schema, set())

    def _nullable(self, schema: ir.Schema, seen: set[str]) -> bool:
        # A worklist, not recursion: a chain of references may be thousands long.
        todo = [schema]
        while todo:
            if self._allows_null(todo.pop(), seen, todo):
                return True
        return False

    def _allows_null(
        self, schema: ir.Schema, seen: set[str], todo: list[ir.Schema]
    ) -> bool:
        """Whether `schema` itself admits null; queues what it refers to."""
        if schema.nullable:
            return True
        match schema:
            case ir.AnySchema() | ir.NullSchema():
                return True
            case ir.RefSchema():
                if schema.target not in seen and schema.target in self.named:
                    seen.add(schema.target)
                    todo.append(self.named[schema.target].schema)
                return False
            case ir.UnionSchema():
                todo.extend(schema.variants)
                return False
            case (
                ir.PrimitiveSchema()
                | ir.EnumSchema()
                | ir.ArraySchema()
                | ir.ObjectSchema()
                | ir.MapSchema()
            ):
                return False
            case _:
                _never(schema)

    def _nullable_object(self, schema: ir.Schema) -> bool:
        target = self.resolve(schema)
        return (
            isinstance(schema, ir.RefSchema)
            and isinstance(target, ir.ObjectSchema)
            and self.nullable(schema)
        )

    def _map(self, schema: ir.Schema) -> t.PyType:
        if isinstance(schema, ir.RefSchema):
            return t.Ref(self.names[schema.target])
        if isinstance(schema, ir.ObjectSchema):
            return t.Ref(self.names[schema.pointer])
        if isinstance(schema, ir.PrimitiveSchema):
            if schema.type is ir.Primitive.STRING and schema.format == "binary":
                return FILE_INPUT
            return _PRIMITIVES[schema.type]
        if isinstance(schema, ir.EnumSchema):
            return self._enum(schema)
        if isinstance(schema, ir.ArraySchema):
            return t.ListOf(self.map(schema.items))
        if isinstance(schema, ir.MapSchema):
            return t.DictOf(self.map(schema.values))
        if isinstance(schema, ir.UnionSchema):
            return self._union(schema)
        if isinstance(schema, ir.NullSchema):
            return t.NONE
        return t.ANY

    def _enum(self, schema: ir.EnumSchema) -> t.PyType:
        literal_values = tuple(
            v for v in schema.values if isinstance(v, (str, int, bool))
        )
        if len(literal_values) < len(schema.values):  # floats cannot be Literal values
            return _PRIMITIVES.get(schema.type or ir.Primitive.NUMBER, t.ANY)
        literal = t.LiteralOf(literal_values)
        if schema.open:
            return t.union(
                [_PRIMITIVES.get(schema.type or ir.Primitive.STRING, t.ANY), literal]
            )
        return literal

    def _union(self, schema: ir.UnionSchema) -> t.PyType:
        mapped = t.union([self.map(v) for v in schema.variants])
        disc = schema.discriminator
        if (
            disc is None
            or not isinstance(mapped, t.UnionOf)
            or self._self_describing(schema, disc.property)
        ):
            return mapped
        mapping: list[tuple[str, str]] = [
            (value, self.names[target]) for value, target in disc.mapping
        ]
        mapped_names = {name for _, name in mapping}
        for variant in schema.variants:
            if (
                isinstance(variant, ir.RefSchema)
                and self.names[variant.target] not in mapped_names
            ):
                implicit = (
                    self.named[variant.target].name
                    if variant.target in self.named
                    else None
                )
                if implicit is not None:
                    mapping.append((implicit, self.names[variant.target]))
        return t.Discriminated(mapped, disc.property, tuple(mapping))

    def _self_describing(self, schema: ir.UnionSchema, prop: str) -> bool:
        """True when every variant pins the discriminator property to one value itself."""
        for variant in schema.variants:
            target = self.object_of(variant)
            if target is None:
                return False
            field = next((p for p in target.properties if p.name == prop), None)
            if field is None or not _is_const(self.resolve(field.schema)):
                return False
        return True

    def alias_types(self) -> dict[str, t.PyType]:
        """The type of every type alias (a named schema that is not an object), by name."""
        if self._aliases is None:
            self._aliases = {
                self.names[pointer]: self.map(named.schema)
                for pointer, named in self.named.items()
                if not isinstance(named.schema, ir.ObjectSchema)
            }
        return self._aliases


def _never(schema: NoReturn) -> NoReturn:
    """Exhaustive dispatch: mypy reports a schema kind the match above forgot."""
    raise AssertionError(f"unhandled schema kind {schema!r}")


def _is_const(schema: ir.Schema) -> bool:
    return (
        isinstance(schema, ir.EnumSchema)
        and len(schema.values) == 1
        and not schema.open
    )
