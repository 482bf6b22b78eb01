"""The spec taken apart for the keys of kept files (generator/inputs.py): the text
patterns it reads from JSON say what a walk of the parsed spec says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.inputs import _TEXTS, _Places, _targets, part_of, spec_inputs

KEYS = st.sampled_from(
    ["description", "summary", "$ref", "type", "x", 'a"b', "description\\", 'summary"']
)
TEXT = st.text(alphabet=st.sampled_from('ab"\\: ,{}$/#%2F\n\u00e9'), max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(KEYS | TEXT, inner, max_size=4),
    max_leaves=20,
)


TEXTS = ("description", "summary")


def _without_texts(value: Any) -> Any:
    """value without any `description` or `summary` that holds a string."""
    if isinstance(value, dict):
        return {
            k: _without_texts(v)
            for k, v in value.items()
            if not (k in TEXTS and isinstance(v, str))
        }
    if isinstance(value, list):
        return [_without_texts(v) for v in value]
    return value


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["$ref"]] if isinstance(value.get("$ref"), str) else []
        return found + [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_texts_are_taken_out_as_a_walk_would(value: Any) -> None:
    """The text left is JSON: the value without its texts, so a text taken out
    or put in leaves the same text as one edited."""
    text = _TEXTS.sub("", json.dumps(value))
    assert json.loads(text) == _without_texts(value)


ROOT = Path("/specs/shop").resolve()  # never read: places are found by path alone
PLACES = _Places(ROOT / "openapi.json")


def _file_part(ref: str) -> list[str]:
    """The part of another file that a `$ref` names, by its path from ROOT."""
    doc = ref.partition("#")[0]
    if "://" in doc or doc.startswith("//"):
        return []
    path = (ROOT / unquote(doc)).resolve()
    if not path.is_relative_to(ROOT):
        return []
    if path == ROOT / "openapi.json":
        pointer = unquote(ref.partition("#")[2])
        return [part_of(pointer)] if pointer.startswith("/") else []
    return [path.relative_to(ROOT).as_posix() + "#"]


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_refs_are_found_as_a_walk_would(value: Any) -> None:
    refs = _refs(value)
    local = [part_of(unquote(r[1:])) for r in refs if r.startswith("#/")]  # as resolved
    named = [r for r in refs if r.partition("#")[0]]  # a file named before any "#"
    other_files = [p for r in named for p in _file_part(r)]
    found = sorted(_targets(json.dumps(value), "", PLACES))
    assert found == sorted(local + other_files)


def test_refs_lead_to_files_as_the_resolver_finds_them() -> None:
    assert PLACES.part("schemas/pet.yaml#/Pet", "") == "schemas/pet.yaml#"
    assert PLACES.part("pet.yaml", "schemas/a.yaml") == "schemas/pet.yaml#"
    assert PLACES.part("#/Cat", "schemas/a.yaml") == "schemas/a.yaml#"
    assert PLACES.part("../openapi.json#/components/schemas/Id", "schemas/a.yaml") == (
        "/components/schemas/Id"
    )
    assert PLACES.part("../../outside.yaml", "schemas/a.yaml") is None
    assert PLACES.part("https://example.com/pet.yaml", "") is None


def test_parts_of_a_spec() -> None:
    assert part_of("/components/schemas/Pet/properties/id") == "/components/schemas/Pet"
    assert part_of("/paths/~1pets~1{id}/get/responses") == "/paths/~1pets~1{id}"
    assert part_of("/info/description") == "/info"
    assert part_of("other.yaml#/Pet") == "other.yaml#"  # another file is one part


def test_two_parts_at_one_pointer_are_not_keyed() -> None:
    """YAML keys 1 and "1" are two schemas at one pointer: no keys at all."""
    spec = {
        "components": {"schemas": {1: {"type": "string"}, "1": {"type": "integer"}}}
    }
    assert spec_inputs(spec, ROOT / "openapi.json") is None
    one = {"components": {"schemas": {"1": {}}}}
    assert spec_inputs(one, ROOT / "openapi.json") is not None
