"""Turn JSON Schema objects (OpenAPI 3.0 and 3.1 dialects) into IR schema kinds.

Every construct maps to exactly one kind. What cannot be expressed precisely falls
back to a looser kind (usually AnySchema) with a diagnostic; nothing is dropped in
silence and nothing raises.
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

from generator import ir, jsonptr
from generator.diagnostics import Diagnostics
from generator.parse import patterns
from generator.parse.refs import Resolver, split_location

MAX_DEPTH = 64
_PRIMITIVES = {p.value: p for p in ir.Primitive}
_IGNORED_WITH_NOTE = (
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "dependentSchemas",
    "prefixItems",
)
_JSON_TYPES = ("object", "array", "string", "number", "integer", "boolean")
_STRUCTURAL = (
    "type",
    "properties",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "allOf",
    "anyOf",
    "oneOf",
    "$ref",
)


class SchemaBuilder:
    """Builds schemas, registering every referenced schema as a NamedSchema once.

    A `$ref` names its target at once but builds it later (`finish`), from a
    queue: a chain of thousands of schemas, each referring to the next, costs
    no recursion, and named schemas are registered in the order they are met.
    """

    def __init__(self, resolver: Resolver, diagnostics: Diagnostics) -> None:
        self.resolver = resolver
        self.diagnostics = diagnostics
        self.named: dict[str, ir.NamedSchema] = {}
        self._building: set[str] = set()
        self._names: dict[str, str] = {}
        self._wanted: deque[str] = deque()

    # -- named schemas -------------------------------------------------------

    def add_components(self, schemas: Any, pointer: str) -> None:
        if not isinstance(schemas, dict):
            return
        for key in schemas:
            location = jsonptr.join(pointer, key)
            self._names[location] = key
        for key in schemas:
            self.named_schema(jsonptr.join(pointer, key))

    def want(self, location: str) -> str:
        """The location of a named schema, built by `finish` unless it already is."""
        if location not in self.named:
            self._wanted.append(location)
        return location

    def finish(self) -> None:
        """Build every named schema that references asked for."""
        while self._wanted:
            self.named_schema(self._wanted.popleft())

    def named_schema(self, location: str) -> str:
        """Build (once) the schema at location as a named schema; return its location."""
        if location in self.named or location in self._building:
            return location
        self._building.add(location)
        node = jsonptr.lookup(self.resolver.tree(_doc(location)), _pointer(location))
        name = self._names.get(location) or self._name_from_location(location)
        if (
            isinstance(node, dict)
            and isinstance(node.get("$ref"), str)
            and len(node) == 1
        ):
            # An alias of another named schema: keep it as its own name.
            schema: ir.Schema = self._ref(node, location, 0)
        else:
            schema = self.build(node, location, (name,), 0)
        self.named[location] = ir.NamedSchema(
            name=name, pointer=location, schema=schema
        )
        self._building.discard(location)
        return location

    def _name_from_location(self, location: str) -> str:
        """A name for a schema reached by a `$ref` into the middle of a document.

        Named from where it sits, as inline schemas are: the operation and its
        role (`sshKeys_list` response), then the properties down to it
        (`ssh_keys`, `item`), never `allOf_0` or `200_application/json`.
        """
        tree = self.resolver.tree(_doc(location))
        tokens = jsonptr.split(_pointer(location))
        words: list[str] = []
        i = 0
        if tokens[:1] == ["paths"] and len(tokens) >= 3:
            op = jsonptr.lookup(tree, jsonptr.join("", *tokens[:3]))
            op_id = op.get("operationId") if isinstance(op, dict) else None
            words.append(
                op_id
                if isinstance(op_id, str) and op_id
                else f"{tokens[2]} {tokens[1]}"
            )
            i = 3
        elif tokens[:1] == ["components"] and len(tokens) >= 3:
            words.append(tokens[2])
            if tokens[1] in _COMPONENT_ROLES:
                words.append(_COMPONENT_ROLES[tokens[1]])
            i = 3
        while i < len(tokens):
            token = tokens[i]
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if token == "responses" and following is not None:
                words.append("response" if following.startswith("2") else "error")
                i += 2
            elif token in ("content", "properties", "$defs", "definitions"):
                i += 2 if token == "content" else 1
            elif token == "allOf":
                i += 2
            elif token == "parameters" and following is not None:
                param = jsonptr.lookup(tree, jsonptr.join("", *tokens[: i + 2]))
                name = param.get("name") if isinstance(param, dict) else None
                words.append(name if isinstance(name, str) else "param")
                i += 2
            elif token in ("oneOf", "anyOf") and following is not None:
                branch = jsonptr.lookup(tree, jsonptr.join("", *tokens[: i + 2]))
                words.append(
                    _variant_hint(branch, int(following) if following.isdigit() else 0)
                )
                i += 2
            else:
                words.append(_PLACE_WORDS.get(token, token))
                i += 1
        words = [w for w in words if w]
        stem = _doc(location).rsplit("/", 1)[-1].split(".")[0]
        return " ".join(words) or stem or "Schema"

    # -- any schema ----------------------------------------------------------

    def build(
        self, node: Any, pointer: str, hint: tuple[str, ...], depth: int
    ) -> ir.Schema:
        if depth > MAX_DEPTH:
            self.diagnostics.warning(
                "too-deep",
                f"schema nested deeper than {MAX_DEPTH} levels; typed as any",
                _local(pointer),
            )
            return ir.AnySchema(pointer=pointer, approximate=True)
        if node is True or node == {}:
            return ir.AnySchema(pointer=pointer)
        if node is False:
            self.diagnostics.info(
                "false-schema",
                "schema `false` allows no value; typed as any",
                _local(pointer),
            )
            return ir.AnySchema(pointer=pointer, approximate=True)
        if not isinstance(node, dict):
            self.diagnostics.error(
                "bad-schema",
                f"a schema must be an object, not {type(node).__name__}",
                _local(pointer),
            )
            return ir.AnySchema(pointer=pointer, approximate=True)
        for key in _IGNORED_WITH_NOTE:
            if key in node:
                self.diagnostics.info(
                    "ignored-keyword",
                    f"`{key}` is not checked or typed; it is ignored",
                    jsonptr.join(_local(pointer), key),
                )
        if isinstance(node.get("$ref"), str):
            return self._ref(node, pointer, depth, hint)
        schema = self._shape(node, pointer, hint, depth)
        if isinstance(node.get("not"), dict):
            negation = self.build(
                node["not"], jsonptr.join(pointer, "not"), hint + ("not",), depth + 1
            )
            schema = ir.evolve(schema, negation=negation)
        return self._with_meta(schema, node, pointer)

    def _ref(
        self,
        node: dict[str, Any],
        pointer: str,
        depth: int,
        hint: tuple[str, ...] = (),
    ) -> ir.Schema:
        target = self.resolver.target(node["$ref"], pointer)
        if target is None:
            return self._with_meta(
                ir.AnySchema(pointer=pointer, approximate=True), node, pointer
            )
        location = self.want(target[1])
        ref = ir.RefSchema(pointer=pointer, target=location)
        meta = _restated_type_dropped(dict(node), self._target_type(location))
        meta.pop("$ref")
        if meta.keys() & set(_STRUCTURAL) or _adds_required(meta):
            # 3.1 allows siblings that narrow the target; merge as allOf does,
            # keeping what the siblings say of the whole (nullable, description).
            merged = self._all_of(
                {"allOf": [{"$ref": node["$ref"]}, meta]}, pointer, hint, depth
            )
            return self._with_meta(merged, meta, pointer)
        return self._with_meta(ref, meta, pointer)

    def _target_type(self, location: str) -> str | None:
        node = jsonptr.lookup(self.resolver.tree(_doc(location)), _pointer(location))
        return _infer_type(node) if isinstance(node, dict) else None

    def _shape(
        self, node: dict[str, Any], pointer: str, hint: tuple[str, ...], depth: int
    ) -> ir.Schema:
        if "allOf" in node:
            return _nullable_parts(self._all_of(node, pointer, hint, depth), node)
        if "anyOf" in node or "oneOf" in node:
            return self._union(node, pointer, hint, depth)
        if "const" in node and isinstance(node["const"], (dict, list)):
            self.diagnostics.info(
                "structured-enum",
                "`const` of an object or array is typed as any",
                jsonptr.join(_local(pointer), "const"),
            )
            return ir.AnySchema(pointer=pointer)
        if "const" in node:
            return ir.EnumSchema(
                pointer=pointer,
                values=(node["const"],),
                type=_enum_type(node, [node["const"]]),
            )
        if "enum" in node:
            return self._enum(node, pointer)
        types = node.get("type")
        if isinstance(types, list):
            return self._type_list(node, types, pointer, hint, depth)
        if types is None:
            types = _infer_type(node)
        if types == "object":
            return self._object(node, pointer, hint, depth)
        if types == "array":
            items = node.get("items")
            if isinstance(items, list):  # tuple form of older drafts
                self.diagnostics.info(
                    "tuple-items",
                    "`items` as a list is typed as an array of any",
                    _local(pointer),
                )
                items = {}
            item = self.build(
                {} if items is None else items,
                jsonptr.join(pointer, "items"),
                hint + ("item",),
                depth + 1,
            )
            return ir.ArraySchema(
                pointer=pointer,
                items=item,
                constraints=self._constraints(node, pointer),
            )
        if types == "null":
            return ir.NullSchema(pointer=pointer)
        if isinstance(types, str) and types in _PRIMITIVES:
            return ir.PrimitiveSchema(
                pointer=pointer,
                type=_PRIMITIVES[types],
                format=_format(node),
                constraints=self._constraints(node, pointer),
            )
        if types is not None:
            self.diagnostics.warning(
                "unknown-type",
                f"unknown type {types!r}; typed as any",
                jsonptr.join(_local(pointer), "type"),
            )
        return ir.AnySchema(pointer=pointer, approximate=types is not None)

    def _type_list(
        self,
        node: dict[str, Any],
        types: list[Any],
        pointer: str,
        hint: tuple[str, ...],
        depth: int,
    ) -> ir.Schema:
        rest = [t for t in types if t != "null"]
        nullable = len(rest) < len(types)
        if len(rest) == 1:
            schema = self._shape({**node, "type": rest[0]}, pointer, hint, depth)
        elif not rest:
            schema = ir.NullSchema(pointer=pointer)
            nullable = False
        else:
            variants = tuple(
                self._shape({**node, "type": t}, pointer, hint + (str(t),), depth)
                for t in rest
            )
            schema = ir.UnionSchema(pointer=pointer, variants=variants)
        return ir.evolve(schema, nullable=True) if nullable else schema

    def _enum(self, node: dict[str, Any], pointer: str) -> ir.Schema:
        values = node["enum"]
        if not isinstance(values, list) or not values:
            self.diagnostics.warning(
                "bad-enum",
                "`enum` must be a non-empty list; typed by its `type`",
                jsonptr.join(_local(pointer), "enum"),
            )
            return self._shape(
                {k: v for k, v in node.items() if k != "enum"}, pointer, (), 0
            )
        kept = [v for v in values if v is not None]
        unique = _distinct(kept)
        if len(unique) < len(kept):
            self.diagnostics.info(
                "duplicate-enum",
                "`enum` repeats a value; the repeat is dropped",
                jsonptr.join(_local(pointer), "enum"),
            )
        if not unique:
            return ir.NullSchema(pointer=pointer)
        if any(isinstance(v, (dict, list)) for v in unique):
            self.diagnostics.info(
                "structured-enum",
                "`enum` of objects or arrays is typed as any",
                jsonptr.join(_local(pointer), "enum"),
            )
            return ir.AnySchema(pointer=pointer, approximate=True)
        schema = ir.EnumSchema(
            pointer=pointer, values=tuple(unique), type=_enum_type(node, unique)
        )
        return ir.evolve(schema, nullable=True) if len(kept) < len(values) else schema

    def _union(
        self, node: dict[str, Any], pointer: str, hint: tuple[str, ...], depth: int
    ) -> ir.Schema:
        key = "oneOf" if "oneOf" in node else "anyOf"
        branches = node[key]
        if not isinstance(branches, list) or not branches:
            self.diagnostics.warning(
                "bad-union",
                f"`{key}` must be a non-empty list; typed as any",
                jsonptr.join(_local(pointer), key),
            )
            return ir.AnySchema(pointer=pointer, approximate=True)
        if "anyOf" in node and "oneOf" in node:
            self.diagnostics.info(
                "union-and-union",
                "both `anyOf` and `oneOf`: only `oneOf` is typed",
                _local(pointer),
            )
        if _is_constraint_only(branches) and _infer_type(node) is not None:
            # e.g. an object whose oneOf only says which properties are required.
            rest = {k: v for k, v in node.items() if k not in ("anyOf", "oneOf")}
            shape = self._shape(rest, pointer, hint, depth)
            sets = _required_sets(branches)
            if isinstance(shape, ir.ObjectSchema) and sets:
                shape = ir.evolve(
                    shape, required_sets=sets, required_sets_exclusive=key == "oneOf"
                )
            return shape
        base = pointer + "/" + key
        nullable = False
        variants: list[ir.Schema] = []
        for i, branch in enumerate(branches):
            if (
                isinstance(branch, dict)
                and branch.get("type") == "null"
                and len(_structural(branch)) == 1
            ):
                nullable = True
                continue
            variants.append(
                self.build(
                    _inherit(node, branch),
                    f"{base}/{i}",
                    hint + (_variant_hint(branch, i),),
                    depth + 1,
                )
            )
        open_enum = _open_enum(variants)
        if open_enum is not None:
            schema: ir.Schema = ir.evolve(
                open_enum, pointer=pointer, exclusive=key == "oneOf"
            )
            nullable = nullable or any(v.nullable for v in variants)
        elif not variants:
            schema = ir.NullSchema(pointer=pointer)
            nullable = False
        elif len(variants) == 1:
            schema = variants[0]
        else:
            flat: list[ir.Schema] = []
            for v in variants:
                if v.nullable:
                    nullable = True
                    v = ir.evolve(v, nullable=False)
                flat.append(v)
            own_type = node.get("type")
            schema = ir.UnionSchema(
                pointer=pointer,
                variants=tuple(flat),
                exclusive=key == "oneOf",
                discriminator=self._discriminator(node, pointer),
                json_type=own_type if own_type in _JSON_TYPES else None,
            )
        if nullable:
            schema = ir.evolve(schema, nullable=True)
        return schema

    def _discriminator(
        self, node: dict[str, Any], pointer: str
    ) -> ir.Discriminator | None:
        disc = node.get("discriminator")
        if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str):
            return None
        mapping: list[tuple[str, str]] = []
        raw = disc.get("mapping") or {}
        for value, ref in raw.items() if isinstance(raw, dict) else ():
            ref = (
                ref
                if "#" in str(ref) or "/" in str(ref)
                else f"#/components/schemas/{ref}"
            )
            target = self.resolver.target(
                str(ref), jsonptr.join(pointer, "discriminator", "mapping", value)
            )
            if target is not None:
                mapping.append((str(value), self.want(target[1])))
        return ir.Discriminator(property=disc["propertyName"], mapping=tuple(mapping))

    def _all_of(
        self, node: dict[str, Any], pointer: str, hint: tuple[str, ...], depth: int
    ) -> ir.Schema:
        parts = node["allOf"]
        if not isinstance(parts, list) or not parts:
            self.diagnostics.warning(
                "bad-allof",
                "`allOf` must be a non-empty list; typed as any",
                jsonptr.join(_local(pointer), "allOf"),
            )
            return ir.AnySchema(pointer=pointer, approximate=True)
        rest = {k: v for k, v in node.items() if k != "allOf"}
        if _structural(rest) or _adds_required(rest):
            parts = parts + [rest]
        if len(parts) == 1:
            return self._shape_or_ref(parts[0], pointer + "/allOf/0", hint, depth)
        resolved = [
            self.resolver.deref(p, f"{pointer}/allOf/{i}")[0]
            for i, p in enumerate(parts)
        ]
        meaningful = [i for i, p in enumerate(resolved) if _structural(p)]
        unions = [i for i in meaningful if {"oneOf", "anyOf"} & set(resolved[i])]
        if len(unions) == 1 and all(
            _structural(resolved[i]) == {"type"} and resolved[i]["type"] == "object"
            for i in meaningful
            if i != unions[0]
        ):
            # A union of objects, said again to be an object: the union.
            meaningful = unions
        # A part that only lists `required` names (often beside the allOf) makes
        # properties of the others required: the parts are merged, not aliased.
        requires = any(_adds_required(p) for p in resolved)
        if len(meaningful) == 1 and not requires:
            i = meaningful[0]
            return self._shape_or_ref(parts[i], f"{pointer}/allOf/{i}", hint, depth)
        if all(
            _infer_type(p) == "object" or "allOf" in p
            for p in (resolved[i] for i in meaningful)
        ):
            merged = _merge_objects(self.resolver, resolved, pointer, self.diagnostics)
            return self._object(merged, pointer, hint, depth)
        types = {_infer_type(resolved[i]) for i in meaningful}
        if len(types) == 1 and None not in types:
            merged = {}
            for i in meaningful:
                merged.update(
                    {k: v for k, v in resolved[i].items() if k != "description"}
                )
            return self._shape(merged, pointer, hint, depth)
        self.diagnostics.warning(
            "unsupported-allof",
            "`allOf` of different kinds of schema is typed as any",
            jsonptr.join(_local(pointer), "allOf"),
        )
        return ir.AnySchema(pointer=pointer, approximate=True)

    def _shape_or_ref(
        self, node: Any, pointer: str, hint: tuple[str, ...], depth: int
    ) -> ir.Schema:
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            return self._ref(node, pointer, depth)
        return self.build(node, pointer, hint, depth + 1)

    def _object(
        self, node: dict[str, Any], pointer: str, hint: tuple[str, ...], depth: int
    ) -> ir.Schema:
        props = node.get("properties") or {}
        if not isinstance(props, dict):
            self.diagnostics.error(
                "bad-properties",
                "`properties` must be an object",
                jsonptr.join(_local(pointer), "properties"),
            )
            props = {}
        extra_node = node.get("additionalProperties", True)
        additional: ir.Schema | None
        if extra_node is False:
            additional = None
        elif extra_node is True or extra_node == {}:
            additional = ir.AnySchema(
                pointer=jsonptr.join(pointer, "additionalProperties")
            )
        else:
            additional = self.build(
                extra_node,
                jsonptr.join(pointer, "additionalProperties"),
                hint + ("value",),
                depth + 1,
            )
        if not props:
            constraints = self._constraints(node, pointer)
            if additional is None:  # closed and empty: only `{}` is valid
                constraints = ir.evolve(constraints, max_properties=0)
            return ir.MapSchema(
                pointer=pointer,
                values=additional or ir.AnySchema(pointer=pointer),
                constraints=constraints,
            )
        required = self._required(node, pointer, props)
        properties = []
        for name, sub in props.items():
            sub_pointer = jsonptr.join(pointer, "properties", name)
            schema = self.build(sub, sub_pointer, hint + (name,), depth + 1)
            properties.append(
                ir.Property(
                    name=name,
                    schema=schema,
                    required=name in required,
                    description=schema.description,
                    pointer=sub_pointer,
                )
            )
        listed = node.get("required")
        return ir.ObjectSchema(
            pointer=pointer,
            properties=tuple(properties),
            additional=additional,
            name_hint=hint,
            constraints=self._constraints(node, pointer),
            undeclared_required=tuple(
                dict.fromkeys(
                    n
                    for n in (listed if isinstance(listed, list) else ())
                    if isinstance(n, str) and n not in props
                )
            ),
        )

    def _required(
        self, node: dict[str, Any], pointer: str, props: dict[str, Any]
    ) -> set[str]:
        required = node.get("required") or []
        if not isinstance(required, list):
            self.diagnostics.error(
                "bad-required",
                "`required` must be a list of names",
                jsonptr.join(_local(pointer), "required"),
            )
            return set()
        seen: set[str] = set()
        for i, name in enumerate(required):
            where = jsonptr.join(_local(pointer), "required", i)
            if not isinstance(name, str):
                self.diagnostics.error(
                    "bad-required", "`required` must list property names", where
                )
                continue
            if name in seen:
                self.diagnostics.warning(
                    "duplicate-required",
                    f"`required` lists {name!r} more than once",
                    where,
                )
            elif name not in props:
                self.diagnostics.info(
                    "unknown-required",
                    f"`required` names {name!r}, which is not a property",
                    where,
                )
            seen.add(name)
        return seen

    def _constraints(self, node: dict[str, Any], pointer: str) -> ir.Constraints:
        """The node's constraints, without a `pattern` the client must not check."""
        constraints = _constraints(node)
        if constraints.pattern is None:
            return constraints
        problem = patterns.problem(constraints.pattern)
        if problem is None:
            return constraints
        self.diagnostics.warning(
            "unsafe-pattern",
            f"`pattern` {constraints.pattern!r} is not checked by the client: {problem}",
            jsonptr.join(_local(pointer), "pattern"),
        )
        return ir.evolve(constraints, pattern=None)

    def _with_meta(
        self, schema: ir.Schema, node: dict[str, Any], pointer: str
    ) -> ir.Schema:
        changes: dict[str, Any] = {}
        for key, attr in (("title", "title"), ("description", "description")):
            value = node.get(key)
            if isinstance(value, str) and value.strip():
                changes[attr] = value.strip()
        if "default" in node:
            changes["default"] = node["default"]
        if "example" in node:
            changes["example"] = node["example"]
        elif isinstance(node.get("examples"), list) and node["examples"]:
            changes["example"] = node["examples"][0]
        for key, attr in (
            ("deprecated", "deprecated"),
            ("readOnly", "read_only"),
            ("writeOnly", "write_only"),
        ):
            if node.get(key) is True:
                changes[attr] = True
        if node.get("nullable") is True:
            changes["nullable"] = True
        # Without its own description, a schema keeps the one it already has,
        # e.g. the description inside the non-null branch of an anyOf.
        return ir.evolve(schema, **changes) if changes else schema


def _doc(location: str) -> str:
    return split_location(location)[0]


def _pointer(location: str) -> str:
    return split_location(location)[1]


def _local(location: str) -> str:
    return _pointer(location)


# What a pointer token says about the schema below it, in a name.
_PLACE_WORDS = {
    "requestBody": "body",
    "schema": "",
    "items": "item",
    "additionalProperties": "value",
    "parameters": "",
}
_COMPONENT_ROLES = {
    "responses": "response",
    "requestBodies": "body",
    "parameters": "param",
    "headers": "header",
}


def _restated_type_dropped(
    node: dict[str, Any], target_type: str | None
) -> dict[str, Any]:
    """node without a `type` beside its `$ref` that only repeats the target's type.

    OpenAPI 3.0 tools often write `{$ref: X, type: object, nullable: true}`:
    the `type` narrows nothing, so X is used as it is (and `[T, "null"]` makes
    the reference nullable).
    """
    declared = node.get("type")
    if target_type is None or set(node) & set(_STRUCTURAL) != {"$ref", "type"}:
        return node
    names = declared if isinstance(declared, list) else [declared]
    if [n for n in names if n != "null"] != [target_type]:
        return node
    out = {k: v for k, v in node.items() if k != "type"}
    if "null" in names:
        out["nullable"] = True
    return out


def _nullable_parts(schema: ir.Schema, node: dict[str, Any]) -> ir.Schema:
    """An allOf with a part that only says `nullable: true` (beside a $ref) is nullable."""
    parts = node.get("allOf")
    if isinstance(parts, list) and any(
        isinstance(p, dict) and p.get("nullable") is True and not _structural(p)
        for p in parts
    ):
        return ir.evolve(schema, nullable=True)
    return schema


def _structural(node: Any) -> set[str]:
    if not isinstance(node, dict):
        return set()
    return set(node) & set(_STRUCTURAL)


def _adds_required(node: Any) -> bool:
    """A schema with no shape of its own that lists `required` names."""
    return (
        isinstance(node, dict)
        and not _structural(node)
        and isinstance(node.get("required"), list)
        and bool(node["required"])
    )


def _is_constraint_only(branches: list[Any]) -> bool:
    return all(isinstance(b, dict) and not _structural(b) for b in branches)


def _required_sets(branches: list[Any]) -> tuple[tuple[str, ...], ...]:
    """The property sets of branches that hold nothing but `required` (and notes)."""
    sets = []
    for branch in branches:
        names = branch.get("required")
        if set(branch) - {"required", "description", "title"} or not isinstance(
            names, list
        ):
            return ()
        sets.append(tuple(n for n in names if isinstance(n, str)))
    return tuple(sets)


def _inherit(parent: dict[str, Any], branch: Any) -> Any:
    """A union branch sees its parent's `type` when it has none (common in 3.0 specs)."""
    if (
        isinstance(branch, dict)
        and "type" not in branch
        and "$ref" not in branch
        and isinstance(parent.get("type"), str)
    ):
        if _structural(branch) - {"enum", "const"} == set():
            return {"type": parent["type"], **branch}
    return branch


def _variant_hint(branch: Any, index: int) -> str:
    if isinstance(branch, dict):
        title = branch.get("title")
        if isinstance(title, str) and title.strip():
            return title
        props = branch.get("properties")
        if isinstance(props, dict):
            for key in ("type", "kind", "object"):
                const = _const_of(props.get(key))
                if isinstance(const, str):
                    return const
    return f"variant{index + 1}"


def _const_of(node: Any) -> Any:
    if isinstance(node, dict):
        if "const" in node:
            return node["const"]
        if isinstance(node.get("enum"), list) and len(node["enum"]) == 1:
            return node["enum"][0]
    return None


def _open_enum(variants: list[ir.Schema]) -> ir.EnumSchema | None:
    """`anyOf: [{type: string}, {type: string, enum: [...]}]` is an open enum."""
    enums = [v for v in variants if isinstance(v, ir.EnumSchema)]
    plain = [v for v in variants if isinstance(v, ir.PrimitiveSchema)]
    if not enums or len(plain) != 1 or len(enums) + 1 != len(variants):
        return None
    base = plain[0].type
    if not all(e.type == base for e in enums) or not plain[0].constraints.is_empty():
        return None
    values = _distinct([v for e in enums for v in e.values])
    description = plain[0].description or next(
        (e.description for e in enums if e.description), None
    )
    return ir.EnumSchema(
        pointer=plain[0].pointer,
        values=tuple(values),
        type=base,
        open=True,
        description=description,
    )


def _distinct(values: list[Any]) -> list[Any]:
    """values without repeats (equal and of the same type), in order, in linear time."""
    seen: set[Any] = set()
    out: list[Any] = []
    for v in values:
        key = _identity(v)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


def _identity(value: Any) -> Any:
    """A hashable key equal for equal JSON values of the same type (1 is not 1.0 or True)."""
    if isinstance(value, (dict, list)):
        return ("json", json.dumps(value, sort_keys=True, default=str))
    if isinstance(value, float) and value != value:
        return (float, "nan")
    return (type(value), value)


def _infer_type(node: dict[str, Any]) -> str | None:
    t = node.get("type")
    if isinstance(t, str):
        return t
    if "properties" in node or "additionalProperties" in node or "required" in node:
        return "object"
    if "items" in node:
        return "array"
    if any(k in node for k in ("minLength", "maxLength", "pattern")):
        return "string"
    if any(
        k in node
        for k in (
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        )
    ):
        return "number"
    return None


def _enum_type(node: dict[str, Any], values: list[Any]) -> ir.Primitive | None:
    t = node.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), None)
    if isinstance(t, str) and t in _PRIMITIVES:
        return _PRIMITIVES[t]
    kinds = {type(v) for v in values}
    if kinds == {str}:
        return ir.Primitive.STRING
    if kinds == {bool}:
        return ir.Primitive.BOOLEAN
    if kinds == {int}:
        return ir.Primitive.INTEGER
    if kinds <= {int, float}:
        return ir.Primitive.NUMBER
    return None


def _format(node: dict[str, Any]) -> str | None:
    fmt = node.get("format")
    if isinstance(fmt, str):
        return fmt
    if node.get("contentEncoding") == "base64":
        return "byte"
    if "contentMediaType" in node:
        return "binary"
    return None


def _number(value: Any) -> int | float | None:
    return (
        value
        if isinstance(value, (int, float)) and not isinstance(value, bool)
        else None
    )


_CONSTRAINT_KEYS = frozenset(
    (
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
    )
)
_NO_CONSTRAINTS = ir.Constraints()


def _constraints(node: dict[str, Any]) -> ir.Constraints:
    if _CONSTRAINT_KEYS.isdisjoint(node):  # most schemas: one shared, empty value
        return _NO_CONSTRAINTS

    def whole(key: str) -> int | None:
        v = node.get(key)
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    exclusive_min = node.get("exclusiveMinimum")
    exclusive_max = node.get("exclusiveMaximum")
    minimum, maximum = _number(node.get("minimum")), _number(node.get("maximum"))
    if exclusive_min is True:  # 3.0: a flag on minimum
        exclusive_min, minimum = minimum, None
    if exclusive_max is True:
        exclusive_max, maximum = maximum, None
    pattern = node.get("pattern")
    return ir.Constraints(
        min_length=whole("minLength"),
        max_length=whole("maxLength"),
        pattern=pattern if isinstance(pattern, str) else None,
        minimum=minimum,
        maximum=maximum,
        exclusive_minimum=_number(exclusive_min),
        exclusive_maximum=_number(exclusive_max),
        multiple_of=_number(node.get("multipleOf")),
        min_items=whole("minItems"),
        max_items=whole("maxItems"),
        unique_items=node.get("uniqueItems") is True,
        min_properties=whole("minProperties"),
        max_properties=whole("maxProperties"),
    )


def _merge_objects(
    resolver: Resolver,
    parts: list[dict[str, Any]],
    pointer: str,
    diagnostics: Diagnostics,
    trail: tuple[int, ...] = (),
) -> dict[str, Any]:
    """Flatten allOf parts that are all objects into one object schema node.

    trail holds the parts being flattened (by id): an allOf that reaches itself
    again is a cycle, and nesting is bounded, so no spec can exhaust the stack.
    """
    props: dict[str, Any] = {}
    required: list[str] = []
    merged: dict[str, Any] = {"type": "object"}
    additional: Any = True
    for i, part in enumerate(parts):
        part, _ = resolver.deref(part, f"{pointer}/allOf/{i}")
        if not isinstance(part, dict):
            continue
        if "allOf" in part and not _may_flatten(part, trail, pointer, diagnostics):
            continue
        if "allOf" in part:
            inner = [
                resolver.deref(p, f"{pointer}/allOf/{i}/allOf/{j}")[0]
                for j, p in enumerate(part["allOf"])
            ]
            rest = {k: v for k, v in part.items() if k != "allOf"}
            part = _merge_objects(
                resolver,
                inner + ([rest] if _structural(rest) else []),
                pointer,
                diagnostics,
                trail + (id(part),),
            )
        part_props = part.get("properties")
        for name, sub in part_props.items() if isinstance(part_props, dict) else ():
            props[name] = sub
        part_required = part.get("required")
        for name in part_required if isinstance(part_required, list) else []:
            if name not in required:
                required.append(name)
        if "additionalProperties" in part:
            additional = part["additionalProperties"]
        for key in ("description", "title"):
            if key in part:
                merged[key] = part[key]
    merged["properties"] = props
    merged["required"] = required
    if additional is not True:
        merged["additionalProperties"] = additional
    return merged


def _may_flatten(
    part: dict[str, Any], trail: tuple[int, ...], pointer: str, diagnostics: Diagnostics
) -> bool:
    """Whether an allOf met while flattening another may be flattened in turn."""
    if id(part) in trail:
        diagnostics.error(
            "allof-cycle",
            "`allOf` includes itself through its parts; the repeat is left out",
            jsonptr.join(_local(pointer), "allOf"),
        )
        return False
    if len(trail) >= MAX_DEPTH:
        diagnostics.warning(
            "too-deep",
            f"`allOf` nested deeper than {MAX_DEPTH} levels; the deeper parts are left out",
            jsonptr.join(_local(pointer), "allOf"),
        )
        return False
    return True
