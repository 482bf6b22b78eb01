"""One inline object for every copy of it: identical inline objects become one.

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
from dataclasses import fields
from typing import Any, TypeVar

from generator import ir
from generator.compat import assert_never

_T = TypeVar("_T")

# Where a node sits, not what it is.
_PLACE = frozenset({"pointer", "name_hint"})
# Fields that hold nodes, keyed through the nodes' ids.
_NESTED = frozenset(
    {"negation", "items", "values", "properties", "additional", "variants", "schema"}
)


def share(api: ir.Api) -> ir.Api:
    """The api with every inline object that equals one met before replaced by it."""
    sharing = _Sharing()
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


class _Sharing:
    def __init__(self) -> None:
        self._ids: dict[tuple[Any, ...], int] = {}  # key -> id
        self._first: dict[int, ir.ObjectSchema] = {}  # id -> the object met first
        self._scalars: dict[type, tuple[str, ...]] = {}
        self.copies: list[tuple[str, str]] = []  # (copy, the one held)

    def root(self, schema: ir.Schema) -> ir.Schema:
        """A named schema's own object is kept; what it nests is shared."""
        return self._node(schema, shared=False)[0]

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
        return self._node(schema, shared=True)[0]

    def _node(self, schema: ir.Schema, shared: bool) -> tuple[ir.Schema, int]:
        """The node with its children shared, and its id: equal ids, equal nodes."""
        changes: dict[str, Any] = {}
        nested: list[Any] = []
        match schema:
            case ir.ObjectSchema():
                props = []
                for p in schema.properties:
                    inner, key = self._node(p.schema, True)
                    props.append(_same_or(p, schema=inner))
                    nested.append((self._values(p), key))
                changes["properties"] = tuple(props)
                if schema.additional is not None:
                    changes["additional"], key = self._node(schema.additional, True)
                    nested.append(key)
            case ir.ArraySchema():
                changes["items"], key = self._node(schema.items, True)
                nested.append(key)
            case ir.MapSchema():
                changes["values"], key = self._node(schema.values, True)
                nested.append(key)
            case ir.UnionSchema():
                variants = [self._node(v, True) for v in schema.variants]
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
            changes["negation"], key = self._node(schema.negation, True)
            nested.append(("not", key))
        node_id = self._ids.setdefault(
            (type(schema), self._values(schema), tuple(nested)), len(self._ids)
        )
        node = _same_or(schema, **changes)
        if shared and isinstance(node, ir.ObjectSchema):
            first = self._first.setdefault(node_id, node)
            if first is not node:
                self.copies.append((node.pointer, first.pointer))
            return first, node_id
        return node, node_id

    def _values(self, obj: Any) -> tuple[Any, ...]:
        """The values of obj's own fields: not its place, not the nodes it holds."""
        kind = type(obj)
        names = self._scalars.get(kind)
        if names is None:
            names = tuple(
                f.name
                for f in fields(kind)
                if f.name not in _PLACE and f.name not in _NESTED
            )
            self._scalars[kind] = names
        return tuple(_frozen(obj.__dict__[name]) for name in names)


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
    if isinstance(value, (dict, list)):
        return ("json", json.dumps(value, sort_keys=True, default=repr))
    if isinstance(value, tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, ir.Constraints):
        return tuple(_frozen(v) for v in value.__dict__.values())
    return (type(value), value)
