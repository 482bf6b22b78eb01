"""Validation stage: the document against the OpenAPI specification.

openapi-spec-validator does the checking; this module turns what it finds into
diagnostics with a JSON pointer. Problems are errors, but generation goes on
where the meaning is still clear unless the caller asked for strictness.
Documents that are not OpenAPI 3.0/3.1 at all stop here.
"""

from __future__ import annotations

from typing import Any, Iterator

from generator import jsonptr
from generator.diagnostics import Diagnostics, GeneratorError
from generator.loader import Document

MAX_REPORTED = 200


def check_version(document: Document) -> str:
    data = document.data
    where = str(document.path)
    if "swagger" in data:
        raise GeneratorError.single(
            "unsupported-version",
            f"Swagger {data['swagger']} is not supported; convert the document to OpenAPI 3",
            file=where,
            pointer="/swagger",
            line=_line(document, "/swagger"),
        )
    version = data.get("openapi")
    if not isinstance(version, str):
        raise GeneratorError.single(
            "not-openapi",
            "not an OpenAPI document: there is no `openapi` version string",
            file=where,
            line=1,
            column=1,
        )
    if not version.startswith(("3.0", "3.1")):
        raise GeneratorError.single(
            "unsupported-version",
            f"OpenAPI {version} is not supported; 3.0.x and 3.1.x are",
            file=where,
            pointer="/openapi",
            line=_line(document, "/openapi"),
        )
    return version


def validate(document: Document, diagnostics: Diagnostics) -> None:
    version = check_version(document)
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    cls = (
        OpenAPIV31SpecValidator
        if version.startswith("3.1")
        else OpenAPIV30SpecValidator
    )
    index: dict[int, str] | None = None
    count = 0
    try:
        for error in cls(document.data).iter_errors():
            count += 1
            if count > MAX_REPORTED:
                diagnostics.warning(
                    "invalid-spec",
                    f"more than {MAX_REPORTED} validation errors; the rest are not shown",
                )
                break
            pointer = _pointer(error)
            if pointer is None:
                if index is None:
                    index = _container_index(document.data)
                pointer = _from_instance(error, index)
            diagnostics.error("invalid-spec", _message(error), pointer)
    except Exception as exc:  # the validator itself can fail on broken references
        diagnostics.warning(
            "validator-stopped",
            f"openapi-spec-validator stopped early: {type(exc).__name__}: {_first_line(exc)}",
        )


def _pointer(error: Any) -> str | None:
    """The pointer of an error found by the JSON Schema stage (absolute from the root)."""
    schema_path = list(getattr(error, "absolute_schema_path", []))
    path = list(getattr(error, "absolute_path", []))
    # Errors of the keyword stage carry paths relative to the schema they checked.
    if (
        error.__class__.__name__ == "OpenAPIValidationError"
        and not schema_path[:1] == ["properties"]
        and path
        and not _rooted(path)
    ):
        return None
    return jsonptr.join("", *path) if path and _rooted(path) else None


def _rooted(path: list[Any]) -> bool:
    return bool(path) and path[0] in (
        "openapi",
        "info",
        "paths",
        "components",
        "servers",
        "security",
        "tags",
        "webhooks",
        "externalDocs",
        "jsonSchemaDialect",
    )


def _container_index(data: Any) -> dict[int, str]:
    out: dict[int, str] = {}
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            out.setdefault(id(node), pointer)
            stack.extend((jsonptr.join(pointer, k), v) for k, v in node.items())
        elif isinstance(node, list):
            out.setdefault(id(node), pointer)
            stack.extend((jsonptr.join(pointer, i), v) for i, v in enumerate(node))
    return out


def _from_instance(error: Any, index: dict[int, str]) -> str:
    """Locate an error of the keyword stage by the object it is about."""
    for candidate in _parents(error):
        pointer = index.get(id(candidate))
        if pointer is not None:
            return pointer
    return ""


def _parents(error: Any) -> Iterator[Any]:
    yield error.instance
    for sub in getattr(error, "context", None) or ():
        yield sub.instance


def _message(error: Any) -> str:
    return _first_line(error.message if hasattr(error, "message") else error)


def _first_line(value: object) -> str:
    text = str(value).strip().splitlines()
    line = text[0] if text else type(value).__name__
    return line if len(line) <= 300 else line[:300] + "..."


def _line(document: Document, pointer: str) -> int | None:
    where = document.locate(pointer)
    return where[0] if where else None
