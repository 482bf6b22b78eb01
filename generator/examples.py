"""Deterministic example values for schemas, valid against them.

Used for the response examples in the docs and the arguments of example calls.
A value from the spec (example, default, const, first enum value) wins; otherwise
one is made from the type, format and constraints. A reference is never shown as
null: nullable schemas get their non-null example.
"""

from __future__ import annotations

import math
from typing import Any

from generator import ir

_STRING_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "aGVsbG8=",
}
MAX_DEPTH = 6
# Examples are shown, so they stay small whatever a spec asks: a `minItems` or
# `minLength` of a billion would otherwise be built in memory.
MAX_ITEMS = 8
MAX_LENGTH = 256


class Examples:
    def __init__(self, named: dict[str, ir.NamedSchema]) -> None:
        self.named = named
        self._memo: dict[tuple[int, bool], tuple[ir.Schema, Any]] = {}

    def value(self, schema: ir.Schema, *, for_request: bool = False) -> Any:
        """An example value for schema (shared between callers: do not change it)."""
        key = (id(schema), for_request)
        if key not in self._memo:
            self._memo[key] = (schema, self._value(schema, for_request, (), 0))
        return self._memo[key][1]

    def _value(
        self, schema: ir.Schema, request: bool, stack: tuple[str, ...], depth: int
    ) -> Any:
        if not isinstance(schema.example, ir.Missing):
            return schema.example
        if isinstance(schema, ir.RefSchema):
            target = self.named.get(schema.target)
            if target is None or schema.target in stack or depth > MAX_DEPTH:
                return _minimal(target.schema if target else schema)
            return self._value(
                target.schema, request, stack + (schema.target,), depth + 1
            )
        if not isinstance(schema.default, ir.Missing) and schema.default is not None:
            return schema.default
        if isinstance(schema, ir.EnumSchema):
            return schema.values[0]
        if isinstance(schema, ir.PrimitiveSchema):
            return _primitive(schema)
        if isinstance(schema, ir.ArraySchema):
            item = self._value(schema.items, request, stack, depth + 1)
            count = min(MAX_ITEMS, max(1, schema.constraints.min_items or 1))
            return [item] * count
        if isinstance(schema, ir.MapSchema):
            if isinstance(schema.values, ir.AnySchema):
                return {}
            return {"key": self._value(schema.values, request, stack, depth + 1)}
        if isinstance(schema, ir.ObjectSchema):
            out = {}
            for prop in schema.properties:
                if (request and prop.schema.read_only) or (
                    not request and prop.schema.write_only
                ):
                    continue
                if depth > MAX_DEPTH and not prop.required:
                    continue
                out[prop.name] = self._value(prop.schema, request, stack, depth + 1)
            return out
        if isinstance(schema, ir.UnionSchema):
            return self._value(schema.variants[0], request, stack, depth + 1)
        if isinstance(schema, ir.NullSchema):
            return None
        return {}


def _minimal(schema: ir.Schema) -> Any:
    if isinstance(schema, ir.ArraySchema):
        return []
    if isinstance(schema, (ir.ObjectSchema, ir.MapSchema, ir.AnySchema)):
        return {}
    if isinstance(schema, ir.PrimitiveSchema):
        return _primitive(schema)
    if isinstance(schema, ir.EnumSchema):
        return schema.values[0]
    return None


def _primitive(schema: ir.PrimitiveSchema) -> Any:
    c = schema.constraints
    if schema.type is ir.Primitive.BOOLEAN:
        return True
    if schema.type in (ir.Primitive.INTEGER, ir.Primitive.NUMBER):
        if schema.format == "unixtime":
            value: int | float = 1704067200
        else:
            value = 0
        if c.minimum is not None and value < c.minimum:
            value = c.minimum
        if c.exclusive_minimum is not None and value <= c.exclusive_minimum:
            value = c.exclusive_minimum + 1
        if c.maximum is not None and value > c.maximum:
            value = c.maximum
        if c.exclusive_maximum is not None and value >= c.exclusive_maximum:
            value = c.exclusive_maximum - 1
        if not math.isfinite(value):
            return 0
        if schema.type is ir.Primitive.INTEGER:
            return int(value)
        return value
    text = _STRING_FORMATS.get(schema.format or "", "string")
    if c.min_length is not None and len(text) < c.min_length:
        wanted = min(c.min_length, MAX_LENGTH)
        text = (text * (wanted // len(text) + 1))[:wanted]
    if c.max_length is not None and len(text) > c.max_length:
        text = text[: c.max_length]
    return text
