"""Example values for schemas: the spec's own where they conform, made up otherwise.

A spec example (or default) is used where it conforms to its schema. Otherwise a
value is made from the schema: formats, patterns, bounds, lengths, item counts
and uniqueness are honoured, a discriminated union's variant carries its own
discriminator value, and strings and numbers are chosen from the field's name
and format (generator/examples/realistic.py). Every made-up value is checked
against its schema; a union tries its variants until one conforms.

Optional properties are shown down to OPTIONAL_DEPTH objects deep, and an example
larger than SIZE_BUDGET is made again with fewer of them, so examples stay
proportional to what a reader needs, not to the schema's reference graph. Each
value is a pure function of its inputs (memoised), so output never depends on
the order in which pages are rendered.
"""

from __future__ import annotations

import json
import math
from typing import Any

from generator import ir, naming
from generator.compat import assert_never
from generator.examples import realistic
from generator.examples.check import Conforming, problem
from generator.examples.regex import string_matching
from generator.records import record

OPTIONAL_DEPTH = 1  # objects at a depth below this show their optional properties
MAX_DEPTH = 24  # past this, only what a schema requires
HARD_DEPTH = 40  # a chain of required references ends here
SIZE_BUDGET = 2500  # characters of compact JSON

# Examples are shown, so they stay small whatever a spec asks: a `minItems` or
# `minLength` of a billion is not built; such a schema gets no example.
MAX_ITEMS = 64
MAX_LENGTH = 4096


Shown = tuple[ir.Schema, bool]  # a schema whose example is shown, for a request or not


@record
class _Ctx:
    request: bool
    optional: int  # object levels that still show optional properties
    minimal: bool  # only what is required; arrays empty when they may be
    depth: int
    # Within a union's fuller attempt, where nested unions make no fuller attempt
    # of their own: each would show one more level, and recursive unions whose
    # variants overlap (an expression of expressions) went on down to MAX_DEPTH,
    # each level trying every variant twice (influxdata.com: 4 s for 362 pages).
    fuller: bool = False

    def key(self) -> tuple[bool, int, bool, int, bool]:
        return (self.request, self.optional, self.minimal, self.depth, self.fuller)

    def deeper(self, objects: int = 0) -> _Ctx:
        depth = self.depth + 1
        return _Ctx(
            self.request,
            max(self.optional - objects, 0),
            self.minimal or depth > MAX_DEPTH,
            depth,
            self.fuller,
        )


class Examples:
    """Example values for the schemas of one API (memoised; never change a result)."""

    def __init__(self, named: dict[str, ir.NamedSchema]) -> None:
        self.named = named
        self._memo: dict[tuple[Any, ...], tuple[ir.Schema, Any]] = {}
        self._own_memo: dict[int, tuple[ir.Schema, Any]] = {}
        self._conforming: Conforming = {}

    def value(
        self, schema: ir.Schema, *, for_request: bool = False, name: str | None = None
    ) -> Any:
        """An example value for schema (the best there is, even when it does not conform)."""
        found = self.example(schema, for_request=for_request, name=name)
        if isinstance(found, ir.Missing):
            found = self._synth(schema, _Ctx(for_request, 0, False, 0), name, 0)
        return {} if isinstance(found, ir.Missing) else found

    def example(
        self, schema: ir.Schema, *, for_request: bool = False, name: str | None = None
    ) -> Any:
        """An example value that conforms to schema, or MISSING when none was found.

        name is the field or parameter it is for (it makes values plausible).
        """
        key = ("example", id(schema), for_request, name)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = (schema, self._example(schema, for_request, name))
        return found[1]

    def take(self, shown: list[Shown], values: list[Any]) -> None:
        """Examples made elsewhere (`examples.ahead`): values[i] is what `example`
        gives for shown[i], which need not be made here then."""
        for (schema, for_request), value in zip(shown, values, strict=True):
            key = ("example", id(schema), for_request, None)
            self._memo.setdefault(key, (schema, value))

    def _example(self, schema: ir.Schema, for_request: bool, name: str | None) -> Any:
        candidates = [
            _Ctx(for_request, optional, minimal, 0)
            for optional, minimal in (
                (OPTIONAL_DEPTH, False),
                (1, False),
                (0, False),
                (0, True),
            )
        ]
        for ctx in candidates:
            found = self._synth(schema, ctx, name, 0)
            if isinstance(found, ir.Missing):
                return found
            if _size(found) <= SIZE_BUDGET and self.problem(found, schema) is None:
                return found
        return ir.MISSING

    def given(self, value: Any, schema: ir.Schema) -> Any:
        """value when it is a usable example of schema (conforms, not too large), else MISSING."""
        if isinstance(value, ir.Missing) or _size(value) > SIZE_BUDGET:
            return ir.MISSING
        return value if self.problem(value, schema) is None else ir.MISSING

    def problem(self, value: Any, schema: ir.Schema) -> str | None:
        """Why value does not conform to schema, or None."""
        return problem(value, schema, self.named, conforming=self._conforming)

    def _own(self, schema: ir.Schema) -> Any:
        """The schema's own example or default, when it conforms and is not too large."""
        key = id(schema)
        if key not in self._own_memo:
            own: Any = ir.MISSING
            for candidate in (schema.example, schema.default):
                if candidate is None or isinstance(candidate, ir.Missing):
                    continue
                own = self.given(candidate, schema)
                if not isinstance(own, ir.Missing):
                    break
            self._own_memo[key] = (schema, own)
        return self._own_memo[key][1]

    def _synth(
        self, schema: ir.Schema, ctx: _Ctx, name: str | None, variant: int
    ) -> Any:
        own = self._own(schema)
        if not isinstance(own, ir.Missing):
            return own
        key = (id(schema), ctx.key(), name, variant)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = (schema, self._make(schema, ctx, name, variant))
        return found[1]

    def _make(
        self, schema: ir.Schema, ctx: _Ctx, name: str | None, variant: int
    ) -> Any:
        if ctx.depth > HARD_DEPTH:
            return None if schema.nullable else {}
        match schema:
            case ir.RefSchema():
                target = self.named.get(schema.target)
                if target is None:
                    return _any(name)
                return self._synth(target.schema, ctx.deeper(), name, variant)
            case ir.AnySchema():
                return ir.MISSING if schema.approximate else _any(name)
            case ir.NullSchema():
                return None
            case ir.PrimitiveSchema():
                return _primitive(schema, name, variant)
            case ir.EnumSchema():
                return _enum(schema, name, variant)
            case ir.ArraySchema():
                return self._array(schema, ctx, name)
            case ir.MapSchema():
                return self._map(schema, ctx)
            case ir.ObjectSchema():
                return self._object(schema, ctx, variant)
            case ir.UnionSchema():
                return self._union(schema, ctx, name, variant)
            case _:
                assert_never(schema)

    def _array(self, schema: ir.ArraySchema, ctx: _Ctx, name: str | None) -> Any:
        c = schema.constraints
        low = c.min_items or 0
        if low > MAX_ITEMS:
            return ir.MISSING  # no example rather than one too big to show (or build)
        count = low if ctx.minimal else max(1, low)
        if c.max_items is not None:
            count = min(count, c.max_items)
        item_name = naming.singular(name) if name else None
        inner = ctx.deeper()
        items = [self._synth(schema.items, inner, item_name, k) for k in range(count)]
        if any(isinstance(v, ir.Missing) for v in items):
            return [] if low == 0 else ir.MISSING
        if c.unique_items and len({_canonical(v) for v in items}) < len(items):
            items = items[: max(1, low)]
        return items

    def _map(self, schema: ir.MapSchema, ctx: _Ctx) -> Any:
        c = schema.constraints
        low = c.min_properties or 0
        if low > MAX_ITEMS:
            return ir.MISSING
        count = low if ctx.minimal else max(1, low)
        if c.max_properties is not None:
            count = min(count, c.max_properties)
        inner = ctx.deeper(objects=1)
        out = {
            "key" if k == 0 else f"key{k + 1}": self._synth(
                schema.values, inner, "value", k
            )
            for k in range(count)
        }
        if any(isinstance(v, ir.Missing) for v in out.values()):
            return {} if low == 0 else ir.MISSING
        return out

    def _object(self, schema: ir.ObjectSchema, ctx: _Ctx, variant: int) -> Any:
        out: dict[str, Any] = {}
        inner = ctx.deeper(objects=1)
        wanted = schema.constraints.min_properties or 0
        show_optional = not ctx.minimal and ctx.optional > 0
        chosen = set(schema.required_sets[0]) if schema.required_sets else set()
        others = {n for s in schema.required_sets[1:] for n in s} - chosen
        for prop in schema.properties:
            needed = prop.required or prop.name in chosen
            if prop.name in others and not prop.required:
                continue
            if not needed and not (
                (show_optional or len(out) < wanted) and self._shown(prop, ctx)
            ):
                continue
            made = self._synth(prop.schema, inner, prop.name, variant)
            if isinstance(made, ir.Missing):
                if needed:
                    return ir.MISSING
                continue
            out[prop.name] = made
        for name in [*schema.undeclared_required, *chosen]:
            if name not in out:
                out[name] = realistic.string(name, None)
        return out

    def _shown(self, prop: ir.Property, ctx: _Ctx) -> bool:
        """Optional properties shown: not deprecated, and sent in this direction."""
        schema = prop.schema
        target = (
            self.named[schema.target].schema
            if (isinstance(schema, ir.RefSchema) and schema.target in self.named)
            else schema
        )
        flags = (
            schema.read_only or target.read_only,
            schema.write_only or target.write_only,
        )
        if schema.deprecated or target.deprecated:
            return False
        return not (flags[0] if ctx.request else flags[1])

    def _union(
        self, schema: ir.UnionSchema, ctx: _Ctx, name: str | None, variant: int
    ) -> Any:
        first: Any = ir.MISSING
        attempts = [(choice, ctx) for choice in schema.variants]
        if not (ctx.minimal or ctx.fuller):
            # A fuller value tells overlapping variants apart.
            fuller = _Ctx(ctx.request, ctx.optional + 1, False, ctx.depth, True)
            attempts += [(choice, fuller) for choice in schema.variants]
        rejected: set[str] = set()  # values already found not to conform, as JSON
        for choice, where in attempts:
            made = self._synth(choice, where, name, variant)
            if isinstance(made, ir.Missing):
                continue
            for candidate in self._tagged(schema, choice, made):
                if isinstance(first, ir.Missing):
                    first = candidate
                # Variants that overlap often make the same value: check it once.
                text = _canonical(candidate)
                if text in rejected:
                    continue
                if self.problem(candidate, schema) is None:
                    return candidate
                rejected.add(text)
        return first

    def _tagged(self, union: ir.UnionSchema, choice: ir.Schema, made: Any) -> list[Any]:
        """A variant's value with its discriminator value set: the mapping's value
        first; else the value as made, then with the variant's schema name."""
        disc = union.discriminator
        if (
            disc is None
            or not isinstance(made, dict)
            or not isinstance(choice, ir.RefSchema)
        ):
            return [made]
        for value, target in disc.mapping:
            if target == choice.target:
                return [{**made, disc.property: value}, made]
        named = self.named.get(choice.target)
        if named is None or made.get(disc.property) == named.name:
            return [made]
        return [made, {**made, disc.property: named.name}]


def _enum(schema: ir.EnumSchema, name: str | None, variant: int) -> Any:
    if schema.open and schema.exclusive:  # only a value that is not listed is valid
        text = realistic.string(name, None)
        return text if text not in schema.values else f"{text}_{variant + 1}"
    return schema.values[variant % len(schema.values)]


def _any(name: str | None) -> Any:
    return realistic.string(name, None) if name else {}


def _primitive(schema: ir.PrimitiveSchema, name: str | None, variant: int) -> Any:
    c = schema.constraints
    match schema.type:
        case ir.Primitive.BOOLEAN:
            return variant % 2 == 0
        case ir.Primitive.STRING:
            return _string(schema, name, variant)
        case ir.Primitive.INTEGER | ir.Primitive.NUMBER:
            value = _bounded(realistic.number(name, schema.format) + variant, c)
            if not math.isfinite(value):
                return ir.MISSING
            if schema.type is ir.Primitive.INTEGER:
                return int(value)
            return value
        case _:
            assert_never(schema.type)


def _string(schema: ir.PrimitiveSchema, name: str | None, variant: int) -> Any:
    c = schema.constraints
    if c.min_length is not None and c.min_length > MAX_LENGTH:
        return ir.MISSING
    text = realistic.string(name, schema.format)
    if variant:
        text = (
            f"{text}{variant + 1}" if schema.format not in realistic.FORMATS else text
        )
    if c.pattern is not None:
        text = string_matching(c.pattern, text) or text
    if c.min_length is not None and len(text) < c.min_length:
        text = (text or "x") * (c.min_length // max(len(text), 1) + 1)
        text = text[: max(c.min_length, min(len(text), c.max_length or len(text)))]
    if c.max_length is not None and len(text) > c.max_length:
        text = text[: c.max_length]
    return text


def _bounded(value: float, c: ir.Constraints) -> float:
    low = c.minimum
    if c.exclusive_minimum is not None:
        low = c.exclusive_minimum + (c.multiple_of or 1)
    high = c.maximum
    if c.exclusive_maximum is not None:
        high = c.exclusive_maximum - (c.multiple_of or 1)
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    if c.multiple_of and c.multiple_of > 0:
        steps = math.ceil(value / c.multiple_of)
        value = steps * c.multiple_of
        if high is not None and value > high:
            value = math.floor(high / c.multiple_of) * c.multiple_of
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _size(value: Any) -> int:
    try:
        return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False))
    except (TypeError, ValueError):
        return SIZE_BUDGET + 1


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
