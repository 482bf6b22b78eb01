"""The share stage: one inline object for every copy of it.

Between the select stage and the plan, so that only what the target generates
is met, and the first copy met is one it keeps.

Specs write the same inline object out again and again: Stripe repeats each
operation's `payment_method_options` in its create, update and confirm bodies,
so 2,008 inline objects hold 737 distinct ones. Each copy used to be a class
of its own (`...PaymentMethodOptionsParam2` to `Param28`), with a docs page.

Two inline objects are the same when everything but where they sit is: their
fields, types, titles, descriptions, defaults, examples and constraints, and
the same of everything nested in them. All the copies then hold the first one
met (named schemas in order, then operations, then webhooks), with its
pointer, as a `$ref` would: every output names it once and from there. A named
schema itself stays as it is, even where an inline object equals it.

The diagnostics were made while building, at each copy's place. Linear in the
IR: each node's key is made of its own values and its children's small ids.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import fields
from operator import attrgetter
from typing import Any, Callable, TypeVar

from generator import ir
from generator.compat import assert_never

_T = TypeVar("_T")

# Where a node sits, not what it is.
_PLACE = frozenset({"pointer", "name_hint"})
# Fields that may hold JSON values or numbers, where 1, 1.0 and true are equal in
# Python but not in a spec (an enum's `values`); the others hold text, flags and
# names.
_NUMERIC = frozenset({"default", "example", "values", "constraints"})
_UNCONSTRAINED = ir.Constraints()
_ABSENT = ("missing",)
_LEAVES = (
    ir.AnySchema,
    ir.NullSchema,
    ir.PrimitiveSchema,
    ir.EnumSchema,
    ir.RefSchema,
)
# The fields of each kind that hold nodes, keyed through the nodes' ids (a map's
# `values` is a node, an enum's are values).
_NESTED: dict[type, frozenset[str]] = {
    ir.ObjectSchema: frozenset({"negation", "properties", "additional"}),
    ir.ArraySchema: frozenset({"negation", "items"}),
    ir.MapSchema: frozenset({"negation", "values"}),
    ir.UnionSchema: frozenset({"negation", "variants"}),
    ir.Property: frozenset({"schema"}),
}
_NEGATION = frozenset({"negation"})


def share(api: ir.Api) -> ir.Api:
    """The api with every inline object that equals one met before replaced by it."""
    trees = [s.schema for s in api.schemas]
    for op in api.operations + api.webhooks:
        trees.extend(ir.operation_schemas(op))
    sharing = _Sharing(_alike(trees))
    schemas = tuple(
        s if (new := sharing.root(s.schema)) is s.schema else ir.evolve(s, schema=new)
        for s in api.schemas
    )
    return ir.evolve(
        api,
        schemas=schemas,
        operations=tuple(sharing.operation(op) for op in api.operations),
        webhooks=tuple(sharing.operation(op) for op in api.webhooks),
        shared=tuple(sharing.copies),
    )


def _looks(obj: ir.ObjectSchema) -> tuple[Any, ...]:
    """What an object looks like at a glance: equal objects look alike."""
    return (obj.title, obj.description, tuple([p.name for p in obj.properties]))


def _alike(trees: list[ir.Schema]) -> Counter[tuple[Any, ...]]:
    """How many objects of the trees look like each: only those that look like
    another are keyed whole (on OpenAI, 705 of 1,703)."""
    looks: Counter[tuple[Any, ...]] = Counter()
    stack = list(trees)
    while stack:
        node = stack.pop()
        if isinstance(node, ir.ObjectSchema):
            looks[_looks(node)] += 1
        stack.extend(ir.children(node))
        if node.negation is not None:
            stack.append(node.negation)
    return looks


class _Sharing:
    def __init__(self, alike: Counter[tuple[Any, ...]]) -> None:
        self._alike = alike
        self._ids: dict[tuple[Any, ...], int] = {}  # key -> id
        self._first: dict[int, ir.ObjectSchema] = {}  # id -> the object met first
        self._scalars: dict[type, tuple[Callable[[Any], Any], tuple[str, ...]]] = {}
        self.copies: list[tuple[str, str]] = []  # (copy, the one held)

    def root(self, schema: ir.Schema) -> ir.Schema:
        """A named schema's own object is kept; what it nests is shared."""
        return self._node(schema, shared=False, keyed=False)[0]

    def operation(self, op: ir.Operation) -> ir.Operation:
        params = tuple(_same_or(p, schema=self.schema(p.schema)) for p in op.parameters)
        body = op.request_body
        if body is not None:
            body = _same_or(body, contents=self._contents(body.contents))
        responses = tuple(
            _same_or(
                r,
                contents=self._contents(r.contents),
                headers=tuple(
                    _same_or(h, schema=self.schema(h.schema)) for h in r.headers
                ),
            )
            for r in op.responses
        )
        return _same_or(op, parameters=params, request_body=body, responses=responses)

    def _contents(self, contents: tuple[ir.MediaType, ...]) -> tuple[ir.MediaType, ...]:
        return tuple(
            m if m.schema is None else _same_or(m, schema=self.schema(m.schema))
            for m in contents
        )

    def schema(self, schema: ir.Schema) -> ir.Schema:
        return self._node(schema, shared=True, keyed=False)[0]

    def _node(
        self, schema: ir.Schema, shared: bool, keyed: bool
    ) -> tuple[ir.Schema, int | None]:
        """The node with its children shared, and its id when keyed or it may be
        shared (equal ids, equal nodes); only such nodes' subtrees are keyed."""
        if schema.negation is None and isinstance(schema, _LEAVES):  # most nodes
            if not keyed:
                return schema, None
            leaf = (type(schema), self._values(schema))
            return schema, self._ids.setdefault(leaf, len(self._ids))
        candidate = (
            shared
            and isinstance(schema, ir.ObjectSchema)
            and self._alike[_looks(schema)] > 1
        )
        keyed = keyed or candidate
        changes: dict[str, Any] = {}
        nested: list[Any] = []
        match schema:
            case ir.ObjectSchema():
                props = []
                for p in schema.properties:
                    inner, key = self._node(p.schema, True, keyed)
                    props.append(_same_or(p, schema=inner))
                    nested.append((self._values(p), key) if keyed else None)
                changes["properties"] = tuple(props)
                if schema.additional is not None:
                    changes["additional"], key = self._node(
                        schema.additional, True, keyed
                    )
                    nested.append(key)
            case ir.ArraySchema():
                changes["items"], key = self._node(schema.items, True, keyed)
                nested.append(key)
            case ir.MapSchema():
                changes["values"], key = self._node(schema.values, True, keyed)
                nested.append(key)
            case ir.UnionSchema():
                variants = [self._node(v, True, keyed) for v in schema.variants]
                changes["variants"] = tuple(v for v, _ in variants)
                nested.extend(key for _, key in variants)
            case (
                ir.AnySchema()
                | ir.NullSchema()
                | ir.PrimitiveSchema()
                | ir.EnumSchema()
                | ir.RefSchema()
            ):
                pass
            case _:
                assert_never(schema)
        if schema.negation is not None:
            changes["negation"], key = self._node(schema.negation, True, keyed)
            nested.append(("not", key))
        node = _same_or(schema, **changes)
        if not keyed:
            return node, None
        node_id = self._ids.setdefault(
            (type(schema), self._values(schema), tuple(nested)), len(self._ids)
        )
        if candidate:
            assert isinstance(node, ir.ObjectSchema)
            first = self._first.setdefault(node_id, node)
            if first is not node:
                self.copies.append((node.pointer, first.pointer))
            return first, node_id
        return node, node_id

    def _values(self, obj: Any) -> tuple[Any, ...]:
        """The values of obj's own fields: not its place, not the nodes it holds."""
        kind = type(obj)
        found = self._scalars.get(kind)
        if found is None:
            nested = _NESTED.get(kind, _NEGATION)
            names = [
                f.name
                for f in fields(kind)
                if f.name not in _PLACE and f.name not in nested
            ]
            # Every kind has text or flags (a title, a name): never none to get.
            plain = [name for name in names if name not in _NUMERIC]
            found = (
                attrgetter(*plain),
                tuple(name for name in names if name in _NUMERIC),
            )
            self._scalars[kind] = found
        plain_values, numeric = found
        held = obj.__dict__
        return plain_values(obj), tuple([_frozen(held[name]) for name in numeric])


def _same_or(obj: _T, **changes: Any) -> _T:
    """obj itself when no change replaces a field (or a member of a tuple field)
    with another object."""
    if all(_same(obj.__dict__[name], value) for name, value in changes.items()):
        return obj
    return ir.evolve(obj, **changes)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, tuple) and isinstance(new, tuple):
        return len(old) == len(new) and all(a is b for a, b in zip(old, new))
    return old is new


def _frozen(value: Any) -> Any:
    """A hashable value equal only to an equal value of the same JSON type
    (`1`, `1.0` and `true` differ)."""
    if value is None or isinstance(value, str):
        return value
    if value is ir.MISSING:
        return _ABSENT  # hashed in C, where the enum's hash is Python's
    if isinstance(value, (dict, list)):
        return ("json", json.dumps(value, sort_keys=True, default=repr))
    if isinstance(value, tuple):
        return tuple([_frozen(v) for v in value])
    if isinstance(value, ir.Constraints):
        if value == _UNCONSTRAINED:
            return None
        return tuple([_frozen(v) for v in value.__dict__.values()])
    return (type(value), value)
