"""Places of the pointers diagnostics need in YAML, found without indexing every line.

`locate_yaml` splits block YAML into entries at the lines of each mapping's keys
and indexes only the entries the pointers lead into; it must give what the full
index (`lines.index`) gives, nearest parents included: block scalars whose lines
look like keys, sequences at their key's indentation, comments anywhere, quoted
and escaped keys, and text it cannot split (which it indexes whole).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import lines
from generator.loader import Document
from support.places import nearest

OPENAI = Path(__file__).resolve().parents[2] / "shared" / "specs" / "openai.yaml"

_KEYS = ["a", "b", "a/b", "~x", "é", "0", "1", "yes", "a: b", "#c", "'q'", 'd"', "k k"]
_TEXTS = ["x", "", "two\nlines", "key: like\n  nested: too", "- item", "# hash", "ü"]


def _data(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.3:
        return rng.choice([1, 2.5, True, None, *_TEXTS])
    if roll < 0.75:
        return {
            rng.choice(_KEYS): _data(rng, depth + 1) for _ in range(rng.randint(1, 4))
        }
    return [_data(rng, depth + 1) for _ in range(rng.randint(1, 3))]


def _block_lines_read_it(text: str) -> bool:
    try:
        lines._index_block_yaml(text)
    except ValueError:
        return False
    return True


def _same_as_the_index(text: str, pointers: list[str]) -> None:
    """The places `index` gives; only their lines when `index` composes the whole
    text because of what block lines cannot follow (see `locate_yaml`)."""
    full = lines.index(text, is_json=False)
    found = lines.locate_yaml(text, pointers)
    exact = _block_lines_read_it(text)
    for pointer in pointers:
        near, expected = nearest(found, pointer), nearest(full, pointer)
        if exact:
            assert near == expected, (text, pointer)
        else:
            assert near is not None and expected is not None, (text, pointer)
            assert near[0] == expected[0], (text, pointer)


@pytest.fixture(params=[0, 40, lines.SPLIT_SIZE])
def split_size(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Small sizes split even small documents at every level they can be split."""
    size: int = request.param
    monkeypatch.setattr(lines, "SPLIT_SIZE", size)
    return size


def test_the_entries_read_alone_give_what_the_full_index_gives(split_size: int) -> None:
    rng = random.Random(7)
    for n in range(300):
        data = {"top": _data(rng), **{k: _data(rng) for k in rng.sample(_KEYS, 3)}}
        text = yaml.safe_dump(
            data,
            default_flow_style=False,
            sort_keys=False,
            allow_unicode=n % 2 == 0,
            indent=rng.choice([2, 4]),
            width=rng.choice([20, 80]),
        )
        full = lines.index(text, is_json=False)
        pointers = list(full) + [p + "/missing" for p in full] + ["/nowhere/x"]
        _same_as_the_index(text, pointers)
        for _ in range(3):  # a few pointers, as diagnostics ask
            _same_as_the_index(text, rng.sample(pointers, min(4, len(pointers))))


HAND_WRITTEN = [
    # a block scalar whose lines look like keys, at every indentation
    "a:\n  text: |\n    b: 1\n  b: 2\n  c:\n    d: >\n      e: 3\n\n    e: 4\nb: 5\n",
    # a sequence at its key's indentation, of mappings
    "a:\n  list:\n  - x: 1\n    y: 2\n  - - 3\n    - z: 4\n  after: 5\n",
    # comments at any indentation, blank lines, a trailing comment on a key
    "# head\na:  # note\n# low\n  b:\n      # deep\n    c: 1\n\n  d: 2\n",
    # quoted and escaped keys
    "\"a/b\":\n  '~x': 1\n  \"q\\\"\": 2\n  'it''s': 3\n",
    # a multi-line plain scalar and a flow collection over two lines
    "a:\n  b: one\n    two\n  c: [1,\n    2]\n  d: {x: 1}\n",
    # a value on the key's line, then an entry that is itself a mapping
    "a: 1\nb:\n  c:\n    d: 2\n",
    # no final newline
    "a:\n  b: 1",
]

UNSPLIT = [
    "---\na:\n  b: 1\n",  # a document marker
    "a:\r\n  b: 1\r\n",  # other line breaks
    "a:\n\tb: 1\n",  # a tab
    "- a: 1\n- b: 2\n",  # a sequence at the top
    "a:\n  -x: 1\n  y: 2\n",  # a key starting with a dash
    "a:\n  b:\n  - 1\nb:\n  c: 2\na:\n  - 3\n",  # a key given twice
    "a:\n    b: [1,\n  2]\n    c: 3\n",  # a line indented less than its mapping's keys
    "a: &x\n  b: 1\nc: *x\n",  # an anchor and an alias: composed
    "text\n",  # no key
]


@pytest.mark.parametrize("text", HAND_WRITTEN + UNSPLIT)
def test_hand_written_documents(text: str, split_size: int) -> None:
    yaml.safe_load(text.replace("\t", "  "))  # YAML (tabs aside), as the loader reads
    full = lines.index(text, is_json=False)
    pointers = list(full) + [p + "/missing" for p in full] + ["/a/b/c/d"]
    _same_as_the_index(text, pointers)
    for pointer in pointers:
        _same_as_the_index(text, [pointer])


def test_an_anchor_elsewhere_changes_no_line() -> None:
    """The one difference: the whole text is composed by `index` because of an
    anchor in an entry no pointer leads into, which places items at their values."""
    text = "a:\n  list:\n  - x\n  - y\nb: &anchor 1\nc: *anchor\n"
    found = lines.locate_yaml(text, ["/a/list/1"])
    full = lines.index(text, is_json=False)
    assert found["/a/list/1"] == (4, 3)  # the `-`, as block lines place it
    assert full["/a/list/1"] == (4, 5)  # the value, as the composed nodes place it


@pytest.mark.skipif(not OPENAI.exists(), reason=f"{OPENAI} is not there")
def test_the_openai_spec() -> None:
    text = OPENAI.read_text(encoding="utf-8")
    full = lines.index(text, is_json=False)
    assert lines.locate_yaml(text, list(full)) == full
    rng = random.Random(3)
    every = list(full)
    for _ in range(20):
        pointers = rng.sample(every, 60) + [p + "/x" for p in rng.sample(every, 5)]
        found = lines.locate_yaml(text, pointers)
        assert len(found) < len(full) / 4  # only where the pointers lead
        for pointer in pointers:
            assert nearest(found, pointer) == nearest(full, pointer), pointer


def test_a_document_locates_pointers_without_its_index(tmp_path: Path) -> None:
    text = (
        "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      x:\n      - 1\n      - y: 2\n"
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    document = Document(spec, text, yaml.safe_load(text), False, "")
    pointers = ["/paths/~1a/get/x/1/y", "/paths/~1a/get/nothing", "nonsense"]
    places = document.locate_all(pointers)
    assert document.lines() is None  # nothing indexed
    assert places == {
        "/paths/~1a/get/x/1/y": (7, 9),
        "/paths/~1a/get/nothing": (4, 5),
    }
    assert places == {p: document.locate(p) for p in pointers[:2]}
    assert json.dumps(places)  # plain data, as the side process sends it
