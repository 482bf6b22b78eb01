"""Validation stage: the document against the OpenAPI specification.

Two depths, both reported as diagnostics with JSON pointers:

- `structural` (what `generate` runs): openapi-spec-validator's schema stage,
  which checks the document against the OpenAPI JSON Schema, and a check of
  every Schema Object against the JSON Schema 2020-12 meta-schema (3.1). With
  jsonschema-rs both take well under a second, even on the whole OpenAI spec.
- `full` (what `validate` and `--strict` run): all of openapi-spec-validator,
  including its semantic checks (defaults against their schemas, duplicate
  operation ids, ...). It takes seconds on large specs.

References are never fetched over the network: the validator gets a registry
that only holds the document itself.

The structural depth does not import openapi-spec-validator: importing it (with
pydantic, requests and the reference machinery its semantic checks use) costs
0.3-0.5 s of CPU, where its schema stage costs 0.03-0.05 s on GitHub's 13 MB
spec. `_schema_stage` runs that stage as the library does with its jsonschema-rs
backend: the library's own OpenAPI schema file, the same jsonschema-rs
validator, errors carrying what the library's adapter gives them. Where the
library's setting picks another backend, the library runs it.

Documents that are not OpenAPI 3.0/3.1 stop here.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple

from generator import jsonptr
from generator.diagnostics import Diagnostics, GeneratorError
from generator.loader import Document

MAX_REPORTED = 200
_SCHEMA_HOLDERS = ("parameters", "requestBodies", "responses", "headers")


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
    if isinstance(version, (int, float)) and not isinstance(version, bool):
        raise GeneratorError.single(
            "openapi-not-a-string",
            f"`openapi: {version}` is read as a number; the version is a string: "
            f'quote it, as in openapi: "{_full(version)}"',
            file=where,
            pointer="/openapi",
            line=_line(document, "/openapi"),
        )
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


def validate(
    document: Document, diagnostics: Diagnostics, *, full: bool = False
) -> None:
    version = check_version(document)
    data, renamed = _with_valid_names(document.data, version)
    reported = _Reporter(diagnostics, data, renamed)
    for pointer in sorted(renamed.values()):
        name = jsonptr.split(pointer)[-1]
        if not reported.error(
            pointer,
            f"component name {name!r} may hold only letters, digits, '.', '-' and '_'",
        ):
            break
    validator = None
    stage = None if full else _schema_stage(version)
    if stage is None:
        try:
            validator = _validator(data, version)
        except Exception as exc:  # e.g. an `$id` the reference crawler cannot read
            _stopped(reported, exc)
        if validator is not None:
            stage = validator.schema_validator
    if stage is not None:
        _run(partial(stage.iter_errors, data), reported)
    if version.startswith("3.1"):
        _run(lambda: _schema_errors(document.data, reported), reported)
    if (
        full and validator is not None
    ):  # its first stage again, then the semantic checks
        _run(validator.iter_errors, reported)


def _run(errors: Callable[[], Iterable[Any]], reported: _Reporter) -> None:
    try:
        for error in errors():
            if not reported.add(error):
                return
    except Exception as exc:  # the validator can fail, e.g. on broken references
        _stopped(reported, exc)


def _stopped(reported: _Reporter, exc: Exception) -> None:
    reported.diagnostics.warning(
        "validator-stopped",
        f"openapi-spec-validator stopped early: {type(exc).__name__}: {_first_line(exc)}",
    )


_COMPONENT_NAME = re.compile(r"^[a-zA-Z0-9._-]+$")
_NAMED_SECTIONS = frozenset(
    {
        "schemas",
        "responses",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
    }
)


def _with_valid_names(data: Any, version: str) -> tuple[Any, dict[str, str]]:
    """The document for the validator, component names the 3.1 schema refuses renamed.

    jsonschema-rs reports each bad name with a copy of its whole section: a
    section of thousands of bad names took gigabytes. The names are reported
    here instead, and the validator sees placeholders; returns the document and
    {placeholder pointer: original pointer}.
    """
    components = data.get("components") if version.startswith("3.1") else None
    if not isinstance(components, dict):
        return data, {}
    sections: dict[str, dict[str, Any]] = {}
    renamed: dict[str, str] = {}
    for section, entries in components.items():
        if section not in _NAMED_SECTIONS or not isinstance(entries, dict):
            continue
        if all(_COMPONENT_NAME.match(key) for key in entries):
            continue
        out: dict[str, Any] = {}
        n = 0
        for key, value in entries.items():
            if _COMPONENT_NAME.match(key):
                out[key] = value
                continue
            n += 1
            while f"invalid-name-{n}" in entries:
                n += 1
            out[f"invalid-name-{n}"] = value
            where = jsonptr.join("/components", section)
            renamed[jsonptr.join(where, f"invalid-name-{n}")] = jsonptr.join(where, key)
        sections[section] = out
    if not sections:
        return data, {}
    return {**data, "components": {**components, **sections}}, renamed


def validator_loaded() -> bool:
    """Whether this process has what the structural validation needs loaded already
    (the library's import, where it is needed, takes 0.3 s: longer than building
    and rendering a small spec)."""
    return bool(_STAGES) or "openapi_spec_validator" in sys.modules


_BACKEND_SETTING = "OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND"
_STAGES: dict[str, "_RsSchemaStage"] = {}  # by OpenAPI minor version


class SchemaError(NamedTuple):
    """An error of the schema stage, with the fields of the library's adapter
    (`JsonschemaRsValidatorError`) that the reporter reads."""

    message: str
    absolute_path: list[Any]
    instance: Any
    context: tuple[()] = ()


class _RsSchemaStage:
    """openapi-spec-validator's schema stage, run by jsonschema-rs as the library runs it."""

    def __init__(self, checker: Any) -> None:
        self._checker = checker

    def iter_errors(self, instance: Any) -> Iterator[SchemaError]:
        for error in self._checker.iter_errors(instance):
            path = getattr(error, "instance_path", None)
            yield SchemaError(str(error), list(path) if path else [], instance)


def _fast_backend(environ: Mapping[str, str]) -> bool:
    """Whether the library's setting (read from the environment as pydantic-settings
    reads it: the name in any case) leaves its schema stage to jsonschema-rs."""
    for name, value in environ.items():
        if name.upper() == _BACKEND_SETTING:
            if value.strip().lower() not in ("auto", "jsonschema-rs"):
                return False
    return True


def _schema_stage(version: str) -> _RsSchemaStage | None:
    """The schema stage for this version without importing the library, or None
    when the library must run it (another backend chosen, files not found)."""
    minor = "3.1" if version.startswith("3.1") else "3.0"
    if minor in _STAGES:
        return _STAGES[minor]
    if not _fast_backend(os.environ):
        return None
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a dependency
        return None
    schema = _package_json(
        "openapi_spec_validator", f"resources/schemas/v{minor}/schema.json"
    )
    if not isinstance(schema, dict):
        return None
    stage = _STAGES[minor] = _RsSchemaStage(
        jsonschema_rs.validator_cls_for(schema)(schema)
    )
    return stage


def _package_json(package: str, name: str) -> Any:
    """A JSON file shipped in an installed package, read without importing it
    (finding a package does not run it); None when it is not there."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    for location in (spec and spec.submodule_search_locations) or ():
        try:
            return json.loads((Path(location) / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return None


@lru_cache(maxsize=1)
def _meta_checker() -> Any:
    """The 2020-12 meta-schema's jsonschema-rs validator, made once per process
    (11 ms: read and compiled again for each 3.1 spec a process validated)."""
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(_meta_schema_202012())


def _meta_schema_202012() -> Any:
    """The JSON Schema 2020-12 meta-schema, as `jsonschema` holds it (from the same
    file of jsonschema-specifications), without importing `jsonschema` (0.1 s)."""
    found = _package_json(
        "jsonschema_specifications", "schemas/draft202012/metaschema.json"
    )
    if found is None:  # pragma: no cover - laid out otherwise
        from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

        found = Draft202012Validator.META_SCHEMA
    return found


def _validator(data: Any, version: str) -> Any:
    from jsonschema_path import SchemaPath
    from jsonschema_path.accessors import SchemaAccessor
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    cls = (
        OpenAPIV31SpecValidator
        if version.startswith("3.1")
        else OpenAPIV30SpecValidator
    )
    # A registry with no retrieval: a remote $ref is an error, never a download.
    resource = DRAFT202012.create_resource(data)
    registry: Registry[Any] = Registry().with_resource("", resource).crawl()
    path = SchemaPath(SchemaAccessor(data, registry.resolver(base_uri="")))
    return cls(path)


class _Reporter:
    def __init__(
        self, diagnostics: Diagnostics, data: Any, renamed: dict[str, str]
    ) -> None:
        self.diagnostics = diagnostics
        self.data = data
        self.renamed = renamed
        self.count = 0
        self._index: dict[int, str] | None = None

    def error(self, pointer: str, message: str) -> bool:
        """Report one error of our own; False once too many have been reported."""
        if not self._room():
            return False
        self.diagnostics.error("invalid-spec", message, pointer)
        return True

    def _room(self) -> bool:
        self.count += 1
        if self.count > MAX_REPORTED:
            self.diagnostics.warning(
                "invalid-spec",
                f"more than {MAX_REPORTED} validation errors; the rest are not shown",
            )
            return False
        return True

    def _restore(self, pointer: str) -> str:
        """A pointer through a renamed component, pointing at the component again."""
        parts = pointer.split("/", 4)
        head = "/".join(parts[:4])
        if head in self.renamed:
            return self.renamed[head] + pointer[len(head) :]
        return pointer

    def add(self, error: Any, base: str | None = None) -> bool:
        """Report one error; False once too many have been reported."""
        if not self._room():
            return False
        if base is not None:
            pointer = jsonptr.join(base, *getattr(error, "instance_path", []))
        else:
            pointer = _pointer(error) or ""
            if not pointer:
                if self._index is None:
                    self._index = _container_index(self.data)
                pointer = _from_instance(error, self._index)
        message = _first_line(getattr(error, "message", error))
        if not pointer:
            message += " (openapi-spec-validator does not say where)"
        self.diagnostics.error("invalid-spec", message, self._restore(pointer))
        return True


def _schema_errors(data: Any, reported: _Reporter) -> Iterator[Any]:
    """Every Schema Object of a 3.1 document against the JSON Schema 2020-12 meta-schema.

    Reports its findings itself (each at its schema's pointer) and yields nothing.
    """
    try:
        import jsonschema_rs
    except (
        ImportError
    ):  # pragma: no cover - a dependency; without it the check is skipped
        return
    meta = _meta_checker()
    for pointer, schema in _schemas(data):
        for error in meta.iter_errors(schema):
            if not reported.add(error, base=pointer):
                return
    yield from ()


def _schemas(data: Any) -> Iterator[tuple[str, Any]]:
    """(pointer, Schema Object) of the schemas at the top of every place that holds one."""
    components = (
        data.get("components") if isinstance(data.get("components"), dict) else {}
    )
    schemas = components.get("schemas")
    for name, schema in schemas.items() if isinstance(schemas, dict) else ():
        yield jsonptr.join("/components/schemas", name), schema
    stack: list[tuple[str, Any]] = [
        ("/paths", data.get("paths")),
        ("/webhooks", data.get("webhooks")),
    ]
    stack += [
        (jsonptr.join("/components", kind), components.get(kind))
        for kind in _SCHEMA_HOLDERS
    ]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                where = jsonptr.join(pointer, key)
                if key == "schema" and isinstance(value, (dict, bool)):
                    yield where, value
                elif key != "examples" and key != "example":
                    stack.append((where, value))
        elif isinstance(node, list):
            stack.extend((jsonptr.join(pointer, i), v) for i, v in enumerate(node))


def _pointer(error: Any) -> str | None:
    """The pointer of an error whose path starts at the document root."""
    path = list(getattr(error, "absolute_path", []))
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
    """Locate an error of the semantic stage by the object it is about."""
    candidates = [error.instance] + [
        sub.instance for sub in getattr(error, "context", None) or ()
    ]
    for candidate in candidates:
        pointer = index.get(id(candidate))
        if pointer is not None:
            return pointer
    return ""


def _first_line(value: object) -> str:
    text = str(value).strip().splitlines()
    line = text[0] if text else type(value).__name__
    return line if len(line) <= 300 else line[:300] + "..."


def _full(version: int | float) -> str:
    """A version written as a number, as the string it was meant to be (3.1 -> 3.1.0)."""
    text = str(version)
    return text + ".0" * (2 - text.count(".")) if text.count(".") < 2 else text


def _line(document: Document, pointer: str) -> int | None:
    where = document.locate(pointer)
    return where[0] if where else None
