"""Following references between the IR's named schemas."""

from __future__ import annotations

from generator import ir


class Resolver:
    """Looks through `RefSchema`s to the schemas they name."""

    def __init__(self, named: dict[str, ir.NamedSchema]) -> None:
        self.named = named

    def resolve(self, schema: ir.Schema) -> ir.Schema:
        """Follow references to the schema they name (a cycle stops where it closes)."""
        seen: set[str] = set()
        while (
            isinstance(schema, ir.RefSchema)
            and schema.target in self.named
            and schema.target not in seen
        ):
            seen.add(schema.target)
            schema = self.named[schema.target].schema
        return schema

    def object_of(self, schema: ir.Schema) -> ir.ObjectSchema | None:
        schema = self.resolve(schema)
        return schema if isinstance(schema, ir.ObjectSchema) else None

    def has_binary(self, schema: ir.Schema, depth: int = 0) -> bool:
        """True when a file (`format: binary`) sits in schema, near its top."""
        schema = self.resolve(schema)
        if isinstance(schema, ir.PrimitiveSchema):
            return schema.format == "binary"
        if depth > 3:
            return False
        return any(self.has_binary(child, depth + 1) for child in ir.children(schema))
