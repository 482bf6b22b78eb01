"""Runtime type descriptors: what each field and response holds, as plain Python.

The generated code tells the runtime the JSON type of every model field, alias
and response with expressions built from the runtime's schema module (`_s.STR`,
`_s.list_of(...)`, `_s.union(...)`) and references to classes and alias
descriptors. References to other modules go through the models package and, in
model modules, wait in a lambda until first use (`lambda: _m.Owner`), so no
module imports another when it is imported and recursive types stay finite.
Nothing the runtime reads is a string to evaluate.

Enum values are not checked at run time (servers add values), so a closed enum
is written as its kind (`_s.STR`); a single value (a const) is kept, because it
tells union variants apart.
"""

from __future__ import annotations

from dataclasses import field
from typing import Mapping, NoReturn

from generator import naming
from generator.escape import py_literal, py_str
from generator.python import layout
from generator.python import pytypes as t
from generator.records import record

S = naming.SCHEMA_ALIAS
M = naming.MODELS_ALIAS
_BUILTINS = {
    "str": f"{S}.STR",
    "int": f"{S}.INT",
    "float": f"{S}.NUMBER",
    "bool": f"{S}.BOOL",
    "bytes": f"{S}.ANY",
    "object": f"{S}.ANY",
    "Any": f"{S}.ANY",
    "None": f"{S}.NULL",
}
_RUNTIME = {"FileInput": f"{S}.FILE"}
_KINDS = {str: "str", int: "int", bool: "bool"}


@record
class Scope:
    """Where a descriptor is written.

    aliases: every type alias of the package, by name; local: the names the
    module being written defines itself; lazy: whether references wait in a
    lambda (in model modules) or are read at once (inside a function already).
    """

    aliases: Mapping[str, t.PyType]
    local: frozenset[str] = field(default=frozenset())
    lazy: bool = True


def render(ty: t.PyType, scope: Scope) -> str:
    """The descriptor expression for ty, on one line."""
    return layout.flat(code(ty, scope))


def code(ty: t.PyType, scope: Scope) -> layout.Code:
    """The descriptor expression for ty, as nested brackets to lay out."""
    node = t.concrete(ty)
    match node:
        case t.Builtin():
            return _BUILTINS[node.name]
        case t.RuntimeName():
            return _RUNTIME.get(node.name, f"{S}.ANY")
        case t.Ref():
            return _ref(node.name, scope)
        case t.ListOf():
            return _call("list_of", [code(node.item, scope)])
        case t.DictOf():
            return _call("dict_of", [code(node.value, scope)])
        case t.LiteralOf():
            return _literal(node)
        case t.UnionOf():
            return _union(node, scope)
        case t.Discriminated():
            return _discriminated(node, scope)
        case _:
            _never(node)


def holds_models(ty: t.PyType, scope: Scope) -> bool:
    """Whether a value of ty may hold models, so that decoding must convert it."""
    node = t.concrete(ty)
    match node:
        case t.Builtin() | t.RuntimeName() | t.LiteralOf():
            return False
        case t.Ref():
            alias = scope.aliases.get(node.name)
            return alias is None or bool(alias.refs())
        case t.ListOf():
            return holds_models(node.item, scope)
        case t.DictOf():
            return holds_models(node.value, scope)
        case t.UnionOf():
            return any(holds_models(m, scope) for m in node.members)
        case t.Discriminated():
            return True
        case _:
            _never(node)


def _never(node: NoReturn) -> NoReturn:
    """Exhaustive dispatch: mypy reports a kind of type the match above forgot."""
    raise AssertionError(f"unhandled type {node!r}")


def _call(function: str, args: list[layout.Code]) -> layout.Bracketed:
    return layout.Bracketed(f"{S}.{function}(", tuple(args))


def _ref(name: str, scope: Scope) -> layout.Code:
    alias = scope.aliases.get(name)
    if alias is not None and not alias.refs():
        return code(alias, scope)  # self-contained: written out where it is used
    target = naming.type_name(name) if alias is not None else name
    ref = target if name in scope.local else f"{M}.{target}"
    return f"lambda: {ref}" if scope.lazy else ref


def _literal(node: t.LiteralOf) -> layout.Code:
    kinds = {_KINDS.get(type(v)) for v in node.values}
    if len(node.values) > 1 and len(kinds) == 1 and None not in kinds:
        return _BUILTINS[kinds.pop() or "Any"]
    return _call("enum", [py_literal(v) for v in node.values])


def _union(node: t.UnionOf, scope: Scope) -> layout.Code:
    members = [m for m in node.members if m != t.RuntimeName("NotGiven")]
    nullable = t.NONE in members
    rest = [m for m in members if m != t.NONE]
    scalars = {m.name for m in rest if isinstance(m, t.Builtin)}
    # An open enum (any string, some named): the names add nothing at run time.
    rest = [
        m
        for m in rest
        if not (
            isinstance(m, t.LiteralOf)
            and {_KINDS.get(type(v)) for v in m.values} <= scalars
        )
    ]
    rendered: list[layout.Code] = []
    for member in rest:
        item = code(member, scope)
        if item not in rendered:
            rendered.append(item)
    if not rendered:
        return f"{S}.NULL"
    body = rendered[0] if len(rendered) == 1 else _call("union", rendered)
    return _call("nullable", [body]) if nullable else body


def _discriminated(node: t.Discriminated, scope: Scope) -> layout.Code:
    members = [code(m, scope) for m in node.union.members]
    pairs = tuple(
        f"{py_str(value)}: {layout.flat(_ref(name, scope))}"
        for value, name in node.mapping
    )
    mapping = layout.Bracketed("mapping={", pairs, "}", explode=True)
    return _call("union", [*members, f"discriminator={py_str(node.property)}", mapping])
