"""Does a JSON value conform to an IR schema? The subset of JSON Schema the IR keeps.

Used to accept a spec's own example only when it fits its schema (a diagnostic
otherwise) and to check synthesized examples. Formats are annotations, as in
JSON Schema, and are not checked. A pattern is checked only when it cannot
backtrack catastrophically.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Any

from generator import ir
from generator.compat import assert_never

MAX_DEPTH = 64
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{?]")


Conforming = dict[tuple[int, int], tuple[Any, ir.Schema]]


def problem(
    value: Any,
    schema: ir.Schema,
    named: dict[str, ir.NamedSchema],
    depth: int = 0,
    conforming: Conforming | None = None,
) -> str | None:
    """Why value does not conform to schema (with a JSON path), or None when it does.

    conforming remembers the objects and arrays already found to conform (keyed by
    identity, holding both alive), for callers that check shared values again.
    """
    return _Checker(named, {} if conforming is None else conforming).check(
        value, schema, "$", depth
    )


class _Checker:
    def __init__(
        self, named: dict[str, ir.NamedSchema], conforming: Conforming
    ) -> None:
        self.named = named
        self.conforming = conforming

    def check(self, value: Any, schema: ir.Schema, at: str, depth: int) -> str | None:
        if depth > MAX_DEPTH:
            return None
        if isinstance(value, (dict, list)) and value:
            key = (id(value), id(schema))
            if key in self.conforming:
                return None
            found = self._check(value, schema, at, depth)
            if found is None:
                self.conforming[key] = (value, schema)
            return found
        return self._check(value, schema, at, depth)

    def _check(self, value: Any, schema: ir.Schema, at: str, depth: int) -> str | None:
        if value is None and schema.nullable:
            return None
        if schema.negation is not None and (
            self.check(value, schema.negation, at, depth + 1) is None
        ):
            return f"{at}: is what the schema's `not` forbids"
        match schema:
            case ir.RefSchema():
                target = self.named.get(schema.target)
                if target is None:
                    return None
                return self.check(value, target.schema, at, depth + 1)
            case ir.AnySchema():
                return None
            case ir.NullSchema():
                return None if value is None else f"{at}: must be null"
            case ir.PrimitiveSchema():
                return _primitive(value, schema, at)
            case ir.EnumSchema():
                return _enum(value, schema, at)
            case ir.ArraySchema():
                return self._array(value, schema, at, depth)
            case ir.MapSchema():
                return self._map(value, schema, at, depth)
            case ir.ObjectSchema():
                return self._object(value, schema, at, depth)
            case ir.UnionSchema():
                return self._union(value, schema, at, depth)
            case _:
                assert_never(schema)

    def _array(
        self, value: Any, schema: ir.ArraySchema, at: str, depth: int
    ) -> str | None:
        if not isinstance(value, list):
            return f"{at}: must be an array"
        c = schema.constraints
        if c.min_items is not None and len(value) < c.min_items:
            return f"{at}: needs at least {c.min_items} items"
        if c.max_items is not None and len(value) > c.max_items:
            return f"{at}: allows at most {c.max_items} items"
        if c.unique_items and len({_canonical(v) for v in value}) < len(value):
            return f"{at}: items must be unique"
        for i, item in enumerate(value):
            found = self.check(item, schema.items, f"{at}[{i}]", depth + 1)
            if found:
                return found
        return None

    def _map(self, value: Any, schema: ir.MapSchema, at: str, depth: int) -> str | None:
        if not isinstance(value, dict):
            return f"{at}: must be an object"
        found = _count(len(value), schema.constraints, at)
        if found:
            return found
        for key, item in value.items():
            found = self.check(item, schema.values, f"{at}.{key}", depth + 1)
            if found:
                return found
        return None

    def _object(
        self, value: Any, schema: ir.ObjectSchema, at: str, depth: int
    ) -> str | None:
        if not isinstance(value, dict):
            return f"{at}: must be an object"
        found = _count(len(value), schema.constraints, at)
        if found:
            return found
        props = {p.name: p for p in schema.properties}
        for prop in schema.properties:
            if prop.required and prop.name not in value:
                return f"{at}: misses required property {prop.name!r}"
        for name in schema.undeclared_required:
            if name not in value:
                return f"{at}: misses required property {name!r}"
        if schema.required_sets:
            present = sum(all(n in value for n in s) for s in schema.required_sets)
            if present == 0 or (schema.required_sets_exclusive and present > 1):
                how = "exactly" if schema.required_sets_exclusive else "at least"
                return f"{at}: must hold {how} one of the required property sets"
        for key, item in value.items():
            declared = props.get(key)
            if declared is not None:
                found = self.check(item, declared.schema, f"{at}.{key}", depth + 1)
            elif schema.additional is None:
                found = f"{at}: has a property the schema does not allow: {key!r}"
            else:
                found = self.check(item, schema.additional, f"{at}.{key}", depth + 1)
            if found:
                return found
        return None

    def _union(
        self, value: Any, schema: ir.UnionSchema, at: str, depth: int
    ) -> str | None:
        if schema.json_type is not None and not _json_type(value, schema.json_type):
            return f"{at}: must be of type {schema.json_type}"
        failures = []
        matched = 0
        for variant in schema.variants:
            found = self.check(value, variant, at, depth + 1)
            if found is None:
                matched += 1
                if not schema.exclusive:
                    return None
            else:
                failures.append(found)
        if matched == 1 or (matched and not schema.exclusive):
            return None
        if matched > 1:
            return f"{at}: matches {matched} variants of a oneOf, not exactly one"
        return failures[0] if len(failures) == 1 else f"{at}: matches no variant"


def _primitive(value: Any, schema: ir.PrimitiveSchema, at: str) -> str | None:
    kind = schema.type
    if kind is ir.Primitive.BOOLEAN:
        return None if isinstance(value, bool) else f"{at}: must be a boolean"
    if kind is ir.Primitive.STRING:
        return _string(value, schema.constraints, at)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{at}: must be a number"
    if kind is ir.Primitive.INTEGER and not (
        isinstance(value, int) or (math.isfinite(value) and value == int(value))
    ):
        return f"{at}: must be an integer"
    return _number(value, schema.constraints, at)


def _string(value: Any, c: ir.Constraints, at: str) -> str | None:
    if not isinstance(value, str):
        return f"{at}: must be a string"
    length = len(value)
    if c.min_length is not None and length < c.min_length:
        return f"{at}: shorter than {c.min_length} characters"
    if c.max_length is not None and length > c.max_length:
        return f"{at}: longer than {c.max_length} characters"
    if c.pattern is not None and matches(c.pattern, value) is False:
        return f"{at}: does not match the pattern {c.pattern!r}"
    return None


def _number(value: float, c: ir.Constraints, at: str) -> str | None:
    if c.minimum is not None and value < c.minimum:
        return f"{at}: less than {c.minimum}"
    if c.maximum is not None and value > c.maximum:
        return f"{at}: more than {c.maximum}"
    if c.exclusive_minimum is not None and value <= c.exclusive_minimum:
        return f"{at}: not more than {c.exclusive_minimum}"
    if c.exclusive_maximum is not None and value >= c.exclusive_maximum:
        return f"{at}: not less than {c.exclusive_maximum}"
    if c.multiple_of:
        quotient = value / c.multiple_of
        if not math.isfinite(quotient) or abs(quotient - round(quotient)) > 1e-9:
            return f"{at}: not a multiple of {c.multiple_of}"
    return None


def _enum(value: Any, schema: ir.EnumSchema, at: str) -> str | None:
    if isinstance(value, str):  # a string equals only the same string
        listed = value in schema.values
    else:
        listed = any(_same(value, v) for v in schema.values)
    if schema.open and schema.exclusive:
        if listed:
            return (
                f"{at}: matches both branches of a oneOf (a listed value and any value)"
            )
        return None if _has_type(value, schema.type) else f"{at}: has the wrong type"
    if listed:
        return None
    if schema.open and _has_type(value, schema.type):
        return None
    return f"{at}: not one of the allowed values"


def _count(size: int, c: ir.Constraints, at: str) -> str | None:
    if c.min_properties is not None and size < c.min_properties:
        return f"{at}: needs at least {c.min_properties} properties"
    if c.max_properties is not None and size > c.max_properties:
        return f"{at}: allows at most {c.max_properties} properties"
    return None


def _same(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, and 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)


def _has_type(value: Any, kind: ir.Primitive | None) -> bool:
    match kind:
        case None:
            return True
        case ir.Primitive.STRING:
            return isinstance(value, str)
        case ir.Primitive.BOOLEAN:
            return isinstance(value, bool)
        case ir.Primitive.INTEGER:
            return isinstance(value, int) and not isinstance(value, bool)
        case ir.Primitive.NUMBER:
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        case _:
            assert_never(kind)


def _json_type(value: Any, name: str) -> bool:
    kinds = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
    }
    if name in kinds:
        return isinstance(value, kinds[name])
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return name == "number" or float(value).is_integer()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


RISKY_LENGTH = 16


def matches(pattern: str, text: str) -> bool | None:
    """Whether the pattern matches somewhere in text; None when that cannot be told
    safely: the pattern is not valid in Python, or it could backtrack
    catastrophically (a quantified group holding a quantifier) and text is long."""
    compiled, risky = _compiled(pattern)
    if compiled is None or (risky and len(text) > RISKY_LENGTH):
        return None
    return compiled.search(text) is not None


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> tuple[re.Pattern[str] | None, bool]:
    if len(pattern) > 1000:
        return None, True
    try:
        return re.compile(pattern), bool(_NESTED_QUANTIFIER.search(pattern))
    except (re.error, OverflowError, RecursionError, ValueError):
        return None, True
