"""The examples the docs show, made by a forked process while the views are
planned: they are the examples made here, schema for schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import OPENAI_SPEC, needs_shared
from generator import forks
from generator.diagnostics import Diagnostics
from generator.examples.ahead import THRESHOLD, ExamplesAhead, shown
from generator.examples.synth import Examples
from generator.ir import Api
from generator.loader import load
from generator.parse import build_api
from generator.share import share

pytestmark = pytest.mark.skipif(not forks.can_fork(), reason="needs fork")


def _spec(tmp_path: Path, count: int) -> Path:
    """count schemas and count operations, each sending one and returning another."""
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for i in range(count):
        schemas[f"Thing{i}"] = {
            "type": "object",
            "required": ["id", "kind"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "kind": {"type": "string", "enum": [f"kind{i}", "other"]},
                "count": {"type": "integer", "minimum": i},
                "next": {"$ref": f"#/components/schemas/Thing{(i + 1) % count}"},
                "either": {
                    "oneOf": [{"type": "string"}, {"type": "array", "items": {}}]
                },
            },
            **({"example": {"id": "x", "kind": "other"}} if i % 7 == 0 else {}),
        }
        content = {
            "application/json": {"schema": {"$ref": f"#/components/schemas/Thing{i}"}}
        }
        paths[f"/things/{i}"] = {
            "post": {
                "operationId": f"make{i}",
                "requestBody": {"content": content},
                "responses": {
                    "200": {"description": "made", "content": content},
                    "default": {
                        "description": "error",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"message": {"type": "string"}},
                                }
                            }
                        },
                    },
                },
            }
        }
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }
    path = tmp_path / "things.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def _taken_and_made(api: Api, before: Api | None = None) -> tuple[list[Any], list[Any]]:
    """The examples of api taken from a process forked with before (api itself,
    or api before the share stage), and those made here."""
    named = {s.pointer: s for s in api.schemas}
    taken = Examples(named)
    ahead = ExamplesAhead(before or api)
    assert ahead.forked
    ahead.into(taken, api)
    made = Examples(named)
    pairs = shown(api)
    return (
        [taken.example(schema, for_request=r) for schema, r in pairs],
        [made.example(schema, for_request=r) for schema, r in pairs],
    )


def test_examples_made_ahead_are_the_examples_made_here(tmp_path: Path) -> None:
    api = build_api(load(_spec(tmp_path, THRESHOLD // 2)), Diagnostics())
    taken, made = _taken_and_made(api)
    assert len(taken) == len(api.schemas) + 3 * len(api.operations)
    assert taken == made
    # The spec's own example: made here it is the spec's object, taken it is a copy.
    own = api.schemas[0].schema.example
    assert taken[0] == own == {"id": "x", "kind": "other"}
    assert made[0] is own and taken[0] is not own


@needs_shared(OPENAI_SPEC)
def test_the_openai_examples_made_ahead_are_those_made_here() -> None:
    api = build_api(load(OPENAI_SPEC), Diagnostics())
    taken, made = _taken_and_made(api)
    assert taken == made


def test_examples_made_before_the_share_stage_serve_the_api_after_it(
    tmp_path: Path,
) -> None:
    """The pipeline forks the examples' process before the share stage. Each
    operation returns its own object (its own example) holding an object alike
    in every operation: sharing makes each outer object anew, so the examples
    are handed over by place in the shared API, not by the objects forked with."""
    spec = json.loads(_spec(tmp_path, THRESHOLD // 2).read_text(encoding="utf-8"))
    inner = {"type": "object", "properties": {"message": {"type": "string"}}}
    for i, item in enumerate(spec["paths"].values()):
        item["post"]["responses"]["201"] = {
            "description": "made",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "description": f"What operation {i} made.",
                        "properties": {"note": {"type": "string"}, "inner": inner},
                        "example": {"note": f"n{i}", "inner": {"message": "m"}},
                    }
                }
            },
        }
    path = tmp_path / "alike.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    before = build_api(load(path), Diagnostics())
    after = share(before)
    pairs = shown(after)
    renewed = [  # the outer objects, made anew
        i
        for i, ((a, _), (b, _)) in enumerate(zip(shown(before), pairs))
        if a is not b and (b.description or "").startswith("What operation")
    ]
    assert len(renewed) >= len(after.operations) - 1  # all but the first, or all
    taken, made = _taken_and_made(after, before)
    assert taken == made
    for i in renewed:  # taken from the forked process: copies, not the spec's own
        own = pairs[i][0].example
        assert taken[i] == own and taken[i] is not own


def test_a_small_api_makes_its_examples_on_demand(tmp_path: Path) -> None:
    api = build_api(load(_spec(tmp_path, 10)), Diagnostics())
    assert not ExamplesAhead(api).forked
