"""A realistic synthetic OpenAPI 3.1 document of any size, the same for the same seed.

    python benchmarks/synthetic.py out.yaml [--scale 2] [--seed 0]    # or out.json

Scale 1 is 50 resources: about 1,000 component schemas and 270 operations
(0.8 MB of JSON); scale n is n times that, built from the same distribution,
so a generator whose cost is linear in the spec takes n times as long. Each
resource has what real APIs have: an entity with 8-14 properties of every
kind (formats, bounds, patterns, nullable fields, open and closed enums, maps,
arrays, inline objects nested two levels, references to other resources' and
its own schemas), create and update parameters, a list envelope, a detailed
view (`allOf` of the entity and more), an event union (`oneOf` with a
discriminator and a mapping) and auxiliary objects; five operations (list
with query filters, create, retrieve, update, delete) with path, query and
header parameters, JSON or multipart bodies, shared error responses, and for
some a nested list.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

import yaml

RESOURCES_PER_SCALE = 50
AUX_PER_RESOURCE = 9

ADJECTIVES = (
    "active archived billing blue central cloud custom daily direct external fast "
    "global green hidden inbound internal legacy local manual mobile nested outbound "
    "partner primary private public quick remote shared smart static team"
).split()
NOUNS = (
    "account address agent alert asset audit badge batch booking branch bucket "
    "campaign card cart channel charge check comment contact contract coupon "
    "credit device dispute document domain draft export feed file flag folder "
    "invoice job key label ledger license list member message meter note order "
    "page payment payout plan policy price product project quote receipt record "
    "refund region report review role rule schedule secret seat session shipment "
    "snapshot source space subscription task tax team ticket token topic transfer "
    "upload user vault webhook widget"
).split()
FIELDS = (
    "name title summary email phone url locale currency country city region code "
    "label slug color note reason source target owner parent_id external_id "
    "reference version priority rank score weight quantity amount balance limit "
    "threshold ratio rate count size duration timeout attempts enabled visible "
    "archived verified locked default primary created_at updated_at expires_at "
    "starts_at ends_at deleted_at tags labels aliases hosts roles scopes channels "
    "settings options metadata attributes profile billing shipping contact "
    "preferences limits usage stats summary_text comment"
).split()
LOREM = (
    "the a this each every resource value object item field request response "
    "account user time date when after before used returned set by to of for "
    "with and or only if not may can will is are was be listed stored shown "
    "applied computed sent received updated created deleted enabled visible "
    "current previous next default maximum minimum optional required unique"
).split()
ENUM_WORDS = (
    "pending active inactive paused canceled completed failed succeeded draft "
    "open closed archived processing queued expired refunded disputed approved "
    "rejected review blocked trial standard premium basic enterprise low medium "
    "high critical daily weekly monthly yearly manual automatic"
).split()
FORMATS = ("date-time", "email", "uri", "uuid", "date", "hostname", None, None, None)


class Builder:
    def __init__(self, scale: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.scale = scale
        pairs = [(a, n) for a in ADJECTIVES for n in NOUNS]
        count = RESOURCES_PER_SCALE * scale
        if count > len(pairs):
            raise ValueError(f"scale {scale} is too large (at most {len(pairs) // 50})")
        self.resources = [f"{a}_{n}" for a, n in self.rng.sample(pairs, count)]
        self.schemas: dict[str, Any] = {}
        self.paths: dict[str, Any] = {}
        self.aux: list[str] = []  # every auxiliary object, for cross references
        self.enums: list[str] = []

    # -- text ------------------------------------------------------------------

    def sentence(self, low: int = 6, high: int = 16) -> str:
        words = [self.rng.choice(LOREM) for _ in range(self.rng.randint(low, high))]
        if self.rng.random() < 0.2:
            words.insert(self.rng.randrange(len(words)), f"`{self.rng.choice(FIELDS)}`")
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def description(self) -> str:
        if self.rng.random() < 0.15:  # a paragraph with a list, as real specs have
            items = "\n".join(f"- {self.sentence(3, 7)}" for _ in range(3))
            return f"{self.sentence()}\n\n{items}\n"
        return self.sentence()

    # -- schemas ---------------------------------------------------------------

    def enum(self, name: str) -> str:
        values = self.rng.sample(ENUM_WORDS, self.rng.randint(3, 12))
        self.schemas[name] = {
            "type": "string",
            "enum": values,
            "description": self.description(),
        }
        self.enums.append(name)
        return name

    def scalar(self) -> dict[str, Any]:
        kind = self.rng.choices(
            ("string", "integer", "number", "boolean"), (6, 3, 1, 2)
        )[0]
        out: dict[str, Any] = {"type": kind}
        if kind == "string":
            fmt = self.rng.choice(FORMATS)
            if fmt:
                out["format"] = fmt
            elif self.rng.random() < 0.3:
                out["maxLength"] = self.rng.choice((64, 255, 5000))
                out["minLength"] = 1
            elif self.rng.random() < 0.1:
                out["pattern"] = "^[a-z][a-z0-9_]*$"
        elif kind == "integer":
            out["minimum"] = 0
            if self.rng.random() < 0.5:
                out["maximum"] = self.rng.choice((100, 1000, 2147483647))
            if self.rng.random() < 0.3:
                out["format"] = "int64"
        elif kind == "number" and self.rng.random() < 0.5:
            out["format"] = "double"
        if self.rng.random() < 0.2:
            out["example"] = self.example(out)
        return out

    def example(self, schema: dict[str, Any]) -> Any:
        kind = schema["type"]
        if kind == "string":
            return {
                "date-time": "2024-01-31T12:00:00Z",
                "date": "2024-01-31",
                "email": "someone@example.com",
                "uri": "https://example.com/x",
                "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            }.get(schema.get("format", ""), self.rng.choice(FIELDS))
        if kind == "integer":
            return self.rng.randint(0, 100)
        if kind == "number":
            return round(self.rng.random() * 100, 2)
        return self.rng.random() < 0.5

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{name}"}

    def property(self, owner: str, depth: int) -> dict[str, Any]:
        """One property of any kind; inline objects nest up to two levels."""
        roll = self.rng.random()
        if roll < 0.40:
            schema = self.scalar()
        elif roll < 0.50 and self.enums:
            schema = self.ref(self.rng.choice(self.enums))
        elif roll < 0.55:  # an open enum: any string, known values named
            schema = {
                "anyOf": [
                    {"type": "string"},
                    {"type": "string", "enum": self.rng.sample(ENUM_WORDS, 4)},
                ]
            }
        elif roll < 0.63:  # nullable
            inner = self.scalar()
            inner["type"] = [inner["type"], "null"]
            schema = inner
        elif roll < 0.70 and self.aux:
            schema = {"anyOf": [self.ref(self.rng.choice(self.aux)), {"type": "null"}]}
        elif roll < 0.78 and self.aux:
            schema = self.ref(self.rng.choice(self.aux))
        elif roll < 0.85:
            items = (
                self.ref(self.rng.choice(self.aux))
                if self.aux and self.rng.random() < 0.5
                else self.scalar()
            )
            schema = {"type": "array", "items": items}
            if self.rng.random() < 0.3:
                schema["maxItems"] = 100
        elif roll < 0.90:
            values = (
                self.ref(self.rng.choice(self.aux))
                if self.aux and self.rng.random() < 0.3
                else {"type": "string"}
            )
            schema = {"type": "object", "additionalProperties": values}
        elif depth < 2:
            schema = self.object(owner, self.rng.randint(2, 5), depth + 1)
        else:
            schema = self.scalar()
        if "$ref" not in schema and self.rng.random() < 0.8:
            schema["description"] = self.description()
        return schema

    def object(self, owner: str, size: int, depth: int = 0) -> dict[str, Any]:
        names = self.rng.sample(FIELDS, size)
        properties = {name: self.property(owner, depth) for name in names}
        required = [n for n in names if self.rng.random() < 0.4]
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            out["required"] = required
        return out

    def entity(self, name: str, resource: str) -> None:
        body = self.object(name, self.rng.randint(8, 14))
        properties = {
            "id": {
                "type": "string",
                "description": f"Unique identifier of the {resource}.",
            },
            "object": {"type": "string", "enum": [resource]},
            "created": {"type": "integer", "format": "unixtime"},
            **body["properties"],
        }
        if self.rng.random() < 0.3:  # a self reference, as trees and threads have
            properties["parent"] = {"anyOf": [self.ref(name), {"type": "null"}]}
        self.schemas[name] = {
            "type": "object",
            "description": self.description(),
            "properties": properties,
            "required": ["id", "object", "created"] + body.get("required", []),
        }

    def resource(self, resource: str) -> None:
        camel = "".join(part.capitalize() for part in resource.split("_"))
        for k in range(AUX_PER_RESOURCE):
            name = f"{camel}Part{k + 1}"
            self.schemas[name] = {
                "description": self.description(),
                **self.object(name, self.rng.randint(3, 8)),
            }
            self.aux.append(name)
        status = self.enum(f"{camel}Status")
        self.enum(f"{camel}Kind")
        self.entity(camel, resource)
        self.schemas[camel]["properties"]["status"] = self.ref(status)
        self.schemas[f"{camel}Detailed"] = {
            "description": self.description(),
            "allOf": [self.ref(camel), self.object(camel, self.rng.randint(2, 5))],
        }
        self.schemas[f"{camel}List"] = {
            "type": "object",
            "required": ["object", "data", "has_more"],
            "properties": {
                "object": {"type": "string", "enum": ["list"]},
                "data": {"type": "array", "items": self.ref(camel)},
                "has_more": {"type": "boolean"},
                "next_cursor": {"type": ["string", "null"]},
            },
        }
        params = self.object(camel, self.rng.randint(3, 8))
        self.schemas[f"{camel}CreateParams"] = {
            "description": self.description(),
            **params,
        }
        update = dict(params)
        update.pop("required", None)
        self.schemas[f"{camel}UpdateParams"] = update
        variants = {}
        for event in ("created", "updated", "deleted"):
            variant = f"{camel}{event.capitalize()}Event"
            self.schemas[variant] = {
                "type": "object",
                "description": self.description(),
                "required": ["type", "data"],
                "properties": {
                    "type": {"type": "string", "enum": [f"{resource}.{event}"]},
                    "data": self.ref(camel),
                    "previous_attributes": {
                        "type": "object",
                        "additionalProperties": True,
                    },
                },
            }
            variants[f"{resource}.{event}"] = f"#/components/schemas/{variant}"
        self.schemas[f"{camel}Event"] = {
            "description": self.description(),
            "oneOf": [{"$ref": ref} for ref in variants.values()],
            "discriminator": {"propertyName": "type", "mapping": variants},
        }
        self.operations(resource, camel)

    # -- operations ------------------------------------------------------------

    def operations(self, resource: str, camel: str) -> None:
        plural = f"/{resource}s"
        item = f"{plural}/{{{resource}_id}}"
        path_param = {
            "name": f"{resource}_id",
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
            "description": f"The {resource}'s identifier.",
        }
        errors = {
            "400": {"$ref": "#/components/responses/BadRequest"},
            "404": {"$ref": "#/components/responses/NotFound"},
            "default": {"$ref": "#/components/responses/Error"},
        }
        tag = resource
        self.paths[plural] = {
            "get": {
                "operationId": f"list_{resource}s",
                "summary": f"List {resource.replace('_', ' ')}s",
                "description": self.description(),
                "tags": [tag],
                "parameters": [
                    {"$ref": "#/components/parameters/Limit"},
                    {"$ref": "#/components/parameters/Cursor"},
                    {
                        "name": "status",
                        "in": "query",
                        "schema": self.ref(f"{camel}Status"),
                    },
                    {
                        "name": "ids",
                        "in": "query",
                        "style": "form",
                        "explode": True,
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                    {
                        "name": "created_after",
                        "in": "query",
                        "schema": {"type": "string", "format": "date-time"},
                    },
                ],
                "responses": {"200": self.json(self.ref(f"{camel}List")), **errors},
            },
            "post": {
                "operationId": f"create_{resource}",
                "summary": f"Create a {resource.replace('_', ' ')}",
                "description": self.description(),
                "tags": [tag],
                "parameters": [
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "schema": {"type": "string", "maxLength": 255},
                    }
                ],
                "requestBody": self.body(camel),
                "responses": {"201": self.json(self.ref(camel)), **errors},
            },
        }
        self.paths[item] = {
            "parameters": [path_param],
            "get": {
                "operationId": f"retrieve_{resource}",
                "summary": f"Retrieve a {resource.replace('_', ' ')}",
                "tags": [tag],
                "responses": {"200": self.json(self.ref(f"{camel}Detailed")), **errors},
            },
            "patch": {
                "operationId": f"update_{resource}",
                "summary": f"Update a {resource.replace('_', ' ')}",
                "tags": [tag],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": self.ref(f"{camel}UpdateParams")}
                    },
                },
                "responses": {"200": self.json(self.ref(camel)), **errors},
            },
            "delete": {
                "operationId": f"delete_{resource}",
                "summary": f"Delete a {resource.replace('_', ' ')}",
                "tags": [tag],
                "responses": {"204": {"description": "Deleted."}, **errors},
            },
        }
        if self.rng.random() < 0.25:  # a nested list of the resource's events
            self.paths[f"{item}/events"] = {
                "get": {
                    "operationId": f"list_{resource}_events",
                    "summary": f"List the events of a {resource.replace('_', ' ')}",
                    "tags": [tag],
                    "parameters": [
                        path_param,
                        {"$ref": "#/components/parameters/Limit"},
                    ],
                    "responses": {
                        "200": self.json(
                            {
                                "type": "object",
                                "required": ["data"],
                                "properties": {
                                    "data": {
                                        "type": "array",
                                        "items": self.ref(f"{camel}Event"),
                                    }
                                },
                            }
                        ),
                        **errors,
                    },
                }
            }

    def body(self, camel: str) -> dict[str, Any]:
        if self.rng.random() < 0.15:  # an upload
            return {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {
                                "file": {"type": "string", "format": "binary"},
                                "purpose": {"type": "string"},
                            },
                        }
                    }
                },
            }
        return {
            "required": True,
            "content": {
                "application/json": {"schema": self.ref(f"{camel}CreateParams")}
            },
        }

    def json(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "description": "OK.",
            "content": {"application/json": {"schema": schema}},
        }

    # -- the document ----------------------------------------------------------

    def document(self) -> dict[str, Any]:
        self.schemas["Error"] = {
            "type": "object",
            "required": ["message"],
            "properties": {
                "message": {"type": "string"},
                "code": {"type": ["string", "null"]},
                "param": {"type": ["string", "null"]},
            },
        }
        for resource in self.resources:
            self.resource(resource)
        error = {"$ref": "#/components/schemas/Error"}
        return {
            "openapi": "3.1.0",
            "info": {
                "title": "Synthetic API",
                "version": f"{self.scale}.0.0",
                "description": "A generated benchmark spec.",
            },
            "servers": [{"url": "https://api.example.com/v1"}],
            "security": [{"bearer": []}],
            "tags": [
                {"name": r, "description": self.sentence()} for r in self.resources
            ],
            "paths": self.paths,
            "components": {
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                "parameters": {
                    "Limit": {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                    },
                    "Cursor": {
                        "name": "cursor",
                        "in": "query",
                        "schema": {"type": "string"},
                    },
                },
                "responses": {
                    name: {
                        "description": text,
                        "content": {"application/json": {"schema": error}},
                    }
                    for name, text in (
                        ("BadRequest", "The request is not valid."),
                        ("NotFound", "No such object."),
                        ("Error", "An unexpected error."),
                    )
                },
                "schemas": self.schemas,
            },
        }


def build(scale: int = 1, seed: int = 0) -> dict[str, Any]:
    """The document at this scale, deterministic for a seed."""
    return Builder(scale, seed).document()


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block-style YAML without anchors: a shared dict is written out where it is used."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(document: dict[str, Any], path: Path) -> Path:
    """Write the document as JSON or YAML (block style), by path's suffix."""
    if path.suffix == ".json":
        text = json.dumps(document, indent=2) + "\n"
    else:
        text = yaml.dump(
            document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
        )
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="where to write (.yaml or .json)")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    document = build(args.scale, args.seed)
    dump(document, args.out)
    schemas = len(document["components"]["schemas"])
    operations = sum(
        1 for item in document["paths"].values() for k in item if k != "parameters"
    )
    print(
        f"{args.out}: {schemas:,} schemas, {operations:,} operations, "
        f"{args.out.stat().st_size / 1e6:.2f} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
