"""Places of the pointers diagnostics need in JSON, found without indexing the whole text.

`locate_json` walks only where the pointers lead; it must give exactly what the
full index (`lines.index`) gives, nearest parents included, on any JSON: odd
whitespace, escaped and repeated keys, nested arrays, pointers that lead nowhere.
"""

from __future__ import annotations

import json
import multiprocessing
import random
from pathlib import Path

import pytest

from generator import lines
from generator.diagnostics import Diagnostics
from generator.loader import Document
from generator.side import Side
from support.places import nearest

_KEYS = ["a", "b", "a/b", "~x", "é", "", "0", "1", 'k"q', "\\u00e9"]
_SCALARS = ["1", '"s"', "true", "null", "-2.5e3", '"x\\ny"', "[]", "{}"]


def _json(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if depth > 4 or roll < 0.3:
        return rng.choice(_SCALARS)
    ws = rng.choice(["", " ", "\n  ", "\t", "\r\n"])
    if roll < 0.65:  # keys repeat: the last member wins, as in the data
        members = [
            json.dumps(rng.choice(_KEYS)) + ws + ":" + ws + _json(rng, depth + 1)
            for _ in range(rng.randint(0, 4))
        ]
        return "{" + ws + ("," + ws).join(members) + ws + "}"
    items = [_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return "[" + ws + ("," + ws).join(items) + ws + "]"


def test_the_walk_finds_what_the_full_index_finds() -> None:
    rng = random.Random(12)
    for _ in range(1500):
        text = rng.choice(["", " ", "\n"]) + _json(rng)
        json.loads(text)  # valid JSON, as the loader accepted it
        full = lines.index(text, is_json=True)
        pointers = list(full) + [p + "/missing" for p in full] + ["/a~1b/0", "/~0x"]
        walked = lines.locate_json(text, pointers)
        for pointer in pointers:
            assert nearest(walked, pointer) == nearest(full, pointer), (text, pointer)


def test_a_document_locates_pointers_without_its_index(tmp_path: Path) -> None:
    text = '{\n  "paths": {\n    "/a": {"get": {"x": [1, {"y": 2}]}}\n  }\n}\n'
    spec = tmp_path / "spec.json"
    spec.write_text(text, encoding="utf-8")
    document = Document(spec, text, json.loads(text), True, "")
    places = document.locate_all(
        ["/paths/~1a/get/x/1/y", "/paths/~1a/get/nothing", "nonsense"]
    )
    assert document.lines() is None  # nothing indexed
    assert places == {
        "/paths/~1a/get/x/1/y": (3, 30),
        "/paths/~1a/get/nothing": (3, 12),
    }
    assert places == {
        p: document.locate(p)
        for p in ["/paths/~1a/get/x/1/y", "/paths/~1a/get/nothing"]
    }


def test_without_a_side_process_diagnostics_are_placed_without_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where processes cannot fork (Windows), the side's work runs in this process:
    placing the diagnostics there must not index the whole text either (1.3 s of
    GitHub's run, for a few hundred pointers)."""
    methods = [m for m in multiprocessing.get_all_start_methods() if m != "fork"]
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: methods)
    text = (
        '{\n  "openapi": "3.0.3",\n  "info": {"title": "t", "version": "1"},\n'
        '  "paths": {\n    "/a": {"get": {"responses": {"200": {"description": "ok"}},'
        '\n      "x": [1, {"y": 2}]}}\n  }\n}\n'
    )
    spec = tmp_path / "spec.json"
    spec.write_text(text, encoding="utf-8")
    document = Document(spec, text, json.loads(text), True, "")
    side = Side(document, validate=False, strict=False, templates=False)
    found = Diagnostics(str(spec))
    found.warning("w", "deep", "/paths/~1a/get/x/1/y")
    found.warning("w", "nowhere", "/paths/~1a/get/nothing")
    placed = side.locate(found).result()
    assert document.lines() is None  # nothing indexed
    full = lines.index(text, is_json=True)
    assert [(d.line, d.column) for d in placed] == sorted(  # sorted by place
        [nearest(full, "/paths/~1a/get/x/1/y"), nearest(full, "/paths/~1a/get/nothing")]
    )
