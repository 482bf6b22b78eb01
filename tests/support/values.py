"""Valid values for a JSON Schema of an OpenAPI document, made from the spec alone.

Independent of the generator (it reads the raw document), so the conformance
suite judges the generated client with arguments the generator did not choose.
A value comes from the schema's example (or default), else from its enum,
const, format, pattern, bounds and lengths. Optional properties are left out
below the top level; readOnly properties are never sent. Every walk is bounded.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import unquote

from support.regex import sample as regex_sample

MAX_DEPTH = 8
_FORMATS: dict[str, Any] = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05Z",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com/a",
    "url": "https://example.com/a",
    "uri-reference": "https://example.com/a",
    "iri": "https://example.com/a",
    "hostname": "example.com",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "ZXhhbXBsZQ==",
    "password": "secret-1",
    "duration": "P1D",
}


class Values:
    def __init__(self, spec: dict[str, Any], use_examples: bool = True) -> None:
        self.spec = spec
        self.use_examples = use_examples

    # -- references -------------------------------------------------------

    def resolve(self, node: Any) -> Any:
        """node with local `$ref`s followed (a bounded chain); siblings of a 3.1 $ref kept."""
        for _ in range(32):
            if not isinstance(node, dict) or not isinstance(node.get("$ref"), str):
                return node
            ref = node["$ref"]
            if not ref.startswith("#/"):
                return {}
            target: Any = self.spec
            for token in ref[2:].split("/"):
                token = unquote(token).replace("~1", "/").replace("~0", "~")
                if (
                    isinstance(target, list)
                    and token.isdigit()
                    and int(token) < len(target)
                ):
                    target = target[int(token)]
                elif isinstance(target, dict) and token in target:
                    target = target[token]
                else:
                    return {}
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            node = (
                {**target, **siblings}
                if siblings and isinstance(target, dict)
                else target
            )
        return {}

    # -- values -----------------------------------------------------------

    def value(self, schema: Any, depth: int = 0, request: bool = True) -> Any:
        schema = self.merged(schema)
        if not isinstance(schema, dict):
            return "example"
        if self.use_examples:
            for key in ("example", "default"):
                if key in schema and schema[key] is not None:
                    return copy.deepcopy(schema[key])
            examples = schema.get("examples")
            if isinstance(examples, list) and examples and examples[0] is not None:
                return copy.deepcopy(examples[0])
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list):
            choices = [v for v in schema["enum"] if v is not None]
            if choices:
                return choices[0]
        kind = _type(schema)
        if kind == "object":
            return self._object(schema, depth, request)
        if kind == "array":
            return self._array(schema, depth, request)
        if kind == "integer":
            return _number(schema, integer=True)
        if kind == "number":
            return _number(schema, integer=False)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return _string(schema)

    def merged(self, schema: Any, depth: int = 0) -> Any:
        """One schema for allOf, the chosen branch of oneOf/anyOf, with $refs resolved."""
        schema = self.resolve(schema)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return schema
        if isinstance(schema.get("allOf"), list):
            rest = {k: v for k, v in schema.items() if k != "allOf"}
            out: dict[str, Any] = {}
            for part in [*schema["allOf"], rest]:
                _merge_into(out, self.merged(part, depth + 1))
            return out
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if isinstance(branches, list) and branches:
                rest = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}
                branch = self._branch(branches, depth)
                if not _shape(branch) and (rest.get("properties") or rest.get("type")):
                    out = dict(rest)
                    _merge_into(out, branch)  # a branch that only adds `required`
                    return out
                out = {k: v for k, v in rest.items() if k != "discriminator"}
                _merge_into(out, branch)
                return out
        return schema

    def _branch(self, branches: list[Any], depth: int) -> Any:
        for branch in branches:
            resolved = self.merged(branch, depth + 1)
            if isinstance(resolved, dict) and resolved.get("type") != "null":
                return resolved
        return {}

    def _object(self, schema: dict[str, Any], depth: int, request: bool) -> Any:
        out: dict[str, Any] = {}
        if depth > MAX_DEPTH:
            return out
        props = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        for name, sub in props.items():
            sub = self.merged(sub)
            if not isinstance(sub, dict):
                continue
            if request and sub.get("readOnly") or not request and sub.get("writeOnly"):
                continue
            if name in required or depth == 0:
                out[name] = self.value(sub, depth + 1, request)
        extra = schema.get("additionalProperties")
        minimum = schema.get("minProperties") or 0
        if not props and isinstance(extra, dict) or len(out) < minimum:
            for i in range(max(1, minimum - len(out))):
                out[f"key{i + 1}"] = self.value(
                    extra if isinstance(extra, dict) else {}, depth + 1, request
                )
        return out

    def _array(self, schema: dict[str, Any], depth: int, request: bool) -> Any:
        if depth > MAX_DEPTH:
            return []
        count = max(schema.get("minItems") or 0, 1)
        if isinstance(schema.get("maxItems"), int):
            count = min(count, schema["maxItems"])
        items = schema.get("items")
        item = self.merged(items if isinstance(items, dict) else {})
        values = [self.value(item, depth + 1, request) for _ in range(count)]
        if schema.get("uniqueItems") and count > 1:
            values = _distinct(item, values)
        return values


def _merge_into(out: dict[str, Any], part: Any) -> None:
    if not isinstance(part, dict):
        return
    for key, value in part.items():
        if key == "properties" and isinstance(value, dict):
            out["properties"] = {**out.get("properties", {}), **value}
        elif key == "required" and isinstance(value, list):
            out["required"] = list(dict.fromkeys([*out.get("required", []), *value]))
        elif key not in out:
            out[key] = value


def _shape(schema: Any) -> bool:
    keys = ("type", "properties", "items", "enum", "const", "additionalProperties")
    return isinstance(schema, dict) and any(k in schema for k in keys)


def _type(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    if any(k in schema for k in ("minimum", "maximum", "multipleOf")):
        return "number"
    return "string"


def _number(schema: dict[str, Any], integer: bool) -> int | float:
    low, high = schema.get("minimum"), schema.get("maximum")
    ex_low, ex_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    step = 1 if integer else 0.5
    if ex_low is True and low is not None:  # 3.0: a flag on minimum
        low += step
    elif isinstance(ex_low, (int, float)) and not isinstance(ex_low, bool):
        low = ex_low + step
    if ex_high is True and high is not None:
        high -= step
    elif isinstance(ex_high, (int, float)) and not isinstance(ex_high, bool):
        high = ex_high - step
    value = low if low is not None else (min(1, high) if high is not None else 1)
    multiple = schema.get("multipleOf")
    if isinstance(multiple, (int, float)) and multiple > 0:
        value = (int(value / multiple) + (value % multiple > 0)) * multiple
    if integer:
        return int(value) if value == int(value) else int(value) + 1
    return value


def _string(schema: dict[str, Any]) -> Any:
    low = schema.get("minLength") or 0
    high = schema.get("maxLength")
    fmt = schema.get("format")
    if fmt == "binary":
        return b"example bytes"
    pattern = schema.get("pattern")
    known = _FORMATS.get(fmt) if isinstance(fmt, str) else None
    if isinstance(pattern, str) and not _matches(pattern, known):
        text = regex_sample(pattern, low, high)
        if text is not None:
            return text
    if fmt in ("int32", "int64", "integer"):
        text = "1"
    elif fmt in ("double", "float", "decimal", "number"):
        text = "1.5"
    else:
        text = _FORMATS.get(fmt, "example") if isinstance(fmt, str) else "example"
    if len(text) < low:
        text += "x" * (low - len(text))
    if isinstance(high, int) and len(text) > high:
        text = text[:high]
    return text


def _matches(pattern: str, text: str | None) -> bool:
    """Whether a format's value also matches the schema's pattern (then it is used)."""
    if text is None:
        return False
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


def _distinct(item: dict[str, Any], values: list[Any]) -> list[Any]:
    if isinstance(item.get("enum"), list) and len(item["enum"]) >= len(values):
        return list(item["enum"][: len(values)])
    return [f"{v}{i}" if isinstance(v, str) else v for i, v in enumerate(values)]
