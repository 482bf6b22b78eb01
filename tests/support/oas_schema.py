"""Check a JSON value against a schema of an OpenAPI document, with the `jsonschema` package.

OpenAPI 3.0 schemas are JSON Schema draft 4 plus `nullable`; 3.1 schemas are
draft 2020-12. The whole document is registered as `urn:spec`, and its local references
(`#/components/...`) are rewritten to point there, so they resolve from any
schema of the document.
"""

from __future__ import annotations

from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

MAX_ERRORS = 20


BASE = "urn:spec"


def _convert(node: Any, v30: bool) -> Any:
    """Local $refs pointed at the registered document; for 3.0, `nullable: true`
    written as draft 4 can read it."""
    if isinstance(node, list):
        return [_convert(v, v30) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _convert(v, v30) for k, v in node.items()}
    ref = out.get("$ref")
    if isinstance(ref, str) and ref.startswith("#"):
        out["$ref"] = BASE + ref
    if not v30:
        return out
    if out.pop("nullable", None) is True:
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
            if isinstance(out.get("enum"), list) and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        elif kind is None:
            return {"anyOf": [out, {"type": "null"}]}
    return out


class SchemaCheck:
    def __init__(self, spec: dict[str, Any]) -> None:
        v30 = str(spec.get("openapi", "3.0")).startswith("3.0")
        contents = _convert(spec, v30)
        draft = DRAFT4 if v30 else DRAFT202012
        self._registry: Registry[Any] = Registry().with_resource(
            BASE, Resource.from_contents(contents, default_specification=draft)
        )
        self._cls = (
            jsonschema.Draft4Validator if v30 else jsonschema.Draft202012Validator
        )
        self._v30 = v30

    def errors(
        self, schema: Any, instance: Any, formats: bool = False
    ) -> list[tuple[str, str]] | None:
        """(JSON pointer, message) of each way instance breaks schema (a bounded few),
        [] when it is valid, None when the schema cannot be checked."""
        schema = _convert(schema, self._v30)
        checker = jsonschema.FormatChecker() if formats else None
        validator = self._cls(schema, registry=self._registry, format_checker=checker)
        out = []
        try:
            for error in validator.iter_errors(instance):
                where = "".join(f"/{p}" for p in error.absolute_path)
                out.append((where, error.message[:200]))
                if len(out) >= MAX_ERRORS:
                    break
        except Exception:  # a schema error, an unresolvable $ref, a deep recursion
            return None
        return out
