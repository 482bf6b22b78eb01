"""Examples for unions whose variants overlap, nested in themselves (an expression of
expressions, as influxdata.com's Flux AST): the examples they had, made in bounded work.

Each union tried every variant twice, the second time showing one more level of
optional properties; nested unions did the same inside that fuller value, level
after level, and every value made was checked against all the variants again.
influxdata.com (250 kB) took 4.7 s, 1.9 s of it for one page without an
example. Now a union inside a fuller attempt makes none of its own: the
examples of that spec, and of GitHub, Stripe and OpenAI, are the same.
benchmarks/recursive_unions.py measures the cost as the union grows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostics
from generator.examples.synth import Examples
from generator.ir import Api
from generator.loader import load
from generator.parse import build_api

KINDS = ["Array", "Binary", "Call", "Member", "Paren", "Unary", "Pipe", "Index"]


def _spec(tmp_path: Path) -> Api:
    """An AST in the shape of influxdata.com's: every expression an object with no
    required property, all of them variants of one oneOf; and a document that
    holds a list of variables whose `arguments` is a oneOf of overlapping shapes."""
    schemas: dict[str, Any] = {
        "Expression": {
            "oneOf": [{"$ref": f"#/components/schemas/{k}Expression"} for k in KINDS]
        },
        "NodeType": {"type": "string"},
    }
    for kind in KINDS:
        schemas[f"{kind}Expression"] = {
            "type": "object",
            "properties": {
                "type": {"$ref": "#/components/schemas/NodeType"},
                "left": {"$ref": "#/components/schemas/Expression"},
                "right": {"$ref": "#/components/schemas/Expression"},
                "elements": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Expression"},
                },
            },
        }
    schemas["Query"] = {
        "type": "object",
        "required": ["type", "values"],
        "properties": {
            "type": {"type": "string", "enum": ["query"]},
            "values": {"type": "object", "properties": {"query": {"type": "string"}}},
        },
    }
    schemas["Constant"] = {
        "type": "object",
        "required": ["type", "values"],
        "properties": {
            "type": {"type": "string", "enum": ["constant"]},
            "values": {"type": "array", "items": {"type": "string"}},
        },
    }
    schemas["Variables"] = {
        "type": "object",
        "properties": {
            "variables": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "arguments"],
                    "properties": {
                        "name": {"type": "string"},
                        "arguments": {
                            "oneOf": [
                                {"$ref": "#/components/schemas/Query"},
                                {"$ref": "#/components/schemas/Constant"},
                            ]
                        },
                        "expression": {"$ref": "#/components/schemas/Expression"},
                    },
                },
            }
        },
    }
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "AST", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    path = tmp_path / "ast.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return build_api(load(path), Diagnostics())


def test_recursive_overlapping_unions_still_give_the_examples_they_gave(
    tmp_path: Path,
) -> None:
    api = _spec(tmp_path)
    named = {s.pointer: s for s in api.schemas}
    by_name = {s.name: s for s in api.schemas}
    examples = Examples(named)
    variables = examples.example(by_name["Variables"].schema)
    arguments = variables["variables"][0]["arguments"]
    assert arguments["type"] in ("query", "constant") and "values" in arguments
    assert examples.problem(variables, by_name["Variables"].schema) is None
    for kind in KINDS:
        value = examples.example(by_name[f"{kind}Expression"].schema)
        assert examples.problem(value, by_name[f"{kind}Expression"].schema) is None
