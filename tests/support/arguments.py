"""Arguments for one call, made from the raw spec (never from the generator)."""

from __future__ import annotations

import json
from typing import Any

from support.calls import SpecOperation
from support.operations import Operation
from support.values import Values

IGNORED_HEADERS = {"accept", "content-type", "authorization"}  # OpenAPI: ignored


MAX_PARAMETERS = 25  # above this, optional parameters are left out (URL length)


class SpecProblem(Exception):
    """The spec itself makes a valid call impossible."""


def _media(
    node: dict[str, Any], values: Values, kind: str | None, content_type: str | None
) -> tuple[str, Any] | None:
    """The request media type the client sends, and its schema."""
    body = values.resolve(node.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict) or kind is None:
        return None

    def is_kind(media: str) -> bool:
        base = media.split(";")[0].strip().lower()
        if "*" in base and kind in ("json", "binary"):
            return True  # a media range: the client sends JSON, or bytes
        if kind == "json":
            return base == "application/json" or base.endswith("+json")
        if kind == "form":
            return base == "application/x-www-form-urlencoded"
        if kind == "multipart":
            return base.startswith("multipart/")
        return media == content_type

    for media, entry in content.items():
        if is_kind(media):
            entry = values.resolve(entry)
            return media, (
                (entry or {}).get("schema", {}) if isinstance(entry, dict) else {}
            )
    return None


def arguments(op: Operation, spec_op: SpecOperation, values: Values) -> dict[str, Any]:
    """Keyword arguments (Python names) for a call, from the spec's parameters and body."""
    return {
        name: value
        for name, value, _, _ in argument_list(op, spec_op, values)
        if name  # "" is the whole body, kept for checking only
    }


def argument_list(
    op: Operation, spec_op: SpecOperation, values: Values
) -> list[tuple[str, Any, Any, str]]:
    """(Python name, value, schema or None, where) of each argument of a call."""
    params = op.endpoint.params
    by_wire = {((p.wire or p.name), p.location): p.name for p in params}
    by_wire_any = {(p.wire or p.name): p.name for p in params if p.location != "body"}
    few = len(spec_op.parameters) <= MAX_PARAMETERS
    out: list[tuple[str, Any, Any, str]] = []
    for param in spec_op.parameters:
        name, where = param.get("name"), param.get("in")
        if where == "header" and str(name).lower() in IGNORED_HEADERS:
            continue
        python = by_wire.get((name, where)) or by_wire_any.get(name)
        if python is None or not (few or param.get("required") or where == "path"):
            continue
        schema = param.get("schema")
        if schema is None and isinstance(param.get("content"), dict):
            schema = next(iter(param["content"].values()), {}).get("schema", {})
        if values.use_examples and "example" in param:
            value = param["example"]
        else:
            value = values.value(schema or {"type": "string"}, depth=1)
        out.append((python, value, schema, f"{where} parameter {name}"))
    out += _body_arguments(op, spec_op, values)
    return out + _undeclared(op, {name for name, _, _, _ in out})


def _body_arguments(
    op: Operation, spec_op: SpecOperation, values: Values
) -> list[tuple[str, Any, Any, str]]:
    params = op.endpoint.params
    kind = op.endpoint.body
    media = _media(spec_op.node, values, kind, op.endpoint.content_type)
    if media is None:
        if kind is not None:
            _check_media_types(spec_op, values)
        return []
    schema = media[1]
    if kind == "multipart" and _type_of(values.merged(schema)) not in ("object", None):
        raise SpecProblem(f"the {media[0]} body's schema is not an object")
    body = values.value(schema, depth=0)
    root = next((p.name for p in params if p.location == "body-root"), None)
    if root is not None:
        return [(root, _root_body(body, kind), schema, "the body")]
    if not isinstance(body, dict):
        return []
    fields = [
        (p.name, body[p.wire or p.name], None, f"body property {p.wire or p.name}")
        for p in params
        if p.location == "body" and (p.wire or p.name) in body
    ]
    return fields + [("", body, schema, "the body")]  # the whole, for checking only


def _undeclared(op: Operation, given: set[str]) -> list[tuple[str, Any, Any, str]]:
    """A string for each required argument no spec parameter declares (a path
    template variable the spec forgot: the client takes it as a string)."""
    import inspect

    out = []
    for name, p in inspect.signature(op.method).parameters.items():
        if p.default is p.empty and p.kind is not p.VAR_KEYWORD and name not in given:
            out.append((name, "example", None, f"undeclared {name}"))
    return out


def _type_of(schema: Any) -> str | None:
    if not isinstance(schema, dict):
        return None
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind if isinstance(kind, str) else None


def _check_media_types(spec_op: SpecOperation, values: Values) -> None:
    body = values.resolve(spec_op.node.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    for media in content or {}:
        if "/" not in str(media):
            raise SpecProblem(f"the request body's media type {media!r} is not one")


def _root_body(body: Any, kind: str | None) -> Any:
    """A whole body as the client takes it: bytes for binary, text for text."""
    if kind == "binary" and not isinstance(body, bytes):
        text = body if isinstance(body, str) else json.dumps(body)
        return text.encode("utf-8")
    if kind == "text" and not isinstance(body, str):
        return json.dumps(body)
    return body
