"""OpenAPI schemas as JSON Schema 2020-12, so `jsonschema` can judge examples.

OpenAPI 3.1 schemas are JSON Schema already. OpenAPI 3.0 schemas differ:
`nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum`, and `$ref` siblings,
which 3.0 ignores. This converts a whole 3.0 document (a copy) so that
`{"$ref": "#/<pointer>"}` validates against any schema in it. It is written
independently of the generator, which it is used to check.
"""

from __future__ import annotations

import copy
from typing import Any

SCHEMA_KEYS = {
    "items",
    "additionalProperties",
    "not",
}
SCHEMA_LISTS = {"allOf", "anyOf", "oneOf"}
SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "definitions"}


def as_json_schema(document: dict[str, Any]) -> dict[str, Any]:
    """The document, with every 3.0 schema in it rewritten as 2020-12 (3.1: unchanged)."""
    if str(document.get("openapi", "")).startswith("3.1"):
        return document
    out = copy.deepcopy(document)
    _walk_document(out)
    return out


def _walk_document(node: Any) -> None:
    if isinstance(node, dict):
        for key, value in list(node.items()):
            if key == "schema" and isinstance(value, dict):
                node[key] = _schema(value)
            elif key == "schemas" and isinstance(value, dict):
                for name, sub in list(value.items()):
                    value[name] = _schema(sub) if isinstance(sub, dict) else sub
            else:
                _walk_document(value)
    elif isinstance(node, list):
        for item in node:
            _walk_document(item)


def _schema(node: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return {"$ref": node["$ref"]}  # 3.0: siblings of $ref are ignored
    out = dict(node)
    for key in SCHEMA_KEYS:
        if isinstance(out.get(key), dict):
            out[key] = _schema(out[key])
    if isinstance(out.get("items"), list):
        out["items"] = {}
    for key in SCHEMA_LISTS:
        if isinstance(out.get(key), list):
            out[key] = [_schema(s) if isinstance(s, dict) else s for s in out[key]]
    for key in SCHEMA_MAPS:
        if isinstance(out.get(key), dict):
            out[key] = {
                k: _schema(s) if isinstance(s, dict) else s for k, s in out[key].items()
            }
    for flag, bound in (
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ):
        if out.get(flag) is True and bound in out:
            out[flag] = out.pop(bound)
        elif isinstance(out.get(flag), bool):
            del out[flag]
    if out.get("nullable") is True:
        out.pop("nullable")
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        return {"anyOf": [out, {"type": "null"}]}
    return out
