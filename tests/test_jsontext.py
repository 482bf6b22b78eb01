"""generator.jsontext writes what json.dumps(indent=2, sort_keys=True) writes."""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import jsontext

_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=5)
    | st.lists(st.text(), max_size=5)
    | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(_VALUES)
def test_same_text_as_json_dumps(value: Any) -> None:
    assert jsontext.pretty(value) == json.dumps(value, indent=2, sort_keys=True)


@settings(max_examples=400, deadline=None)
@given(_VALUES)
def test_the_shared_unicode_encoder_writes_what_json_dumps_writes(value: Any) -> None:
    assert jsontext.dumps_unicode(value) == json.dumps(value, ensure_ascii=False)


def test_what_the_c_paths_do_not_cover_goes_to_json_dumps() -> None:
    value = {
        "ints as keys": {2: "b", 1: ["a", {}]},
        "tuple": ("x", "é", "\u2028"),
        "ordered": OrderedDict([("b", 1), ("a", [])]),
        "nested": [[], {}, [1.5, None, True]],
    }
    assert jsontext.pretty(value) == json.dumps(value, indent=2, sort_keys=True)


def test_manifest_is_the_json_it_was() -> None:
    from generator.writer import manifest

    digests = {"b/x.py": "1" * 64, "a/y.md": "2" * 64}
    provenance = {"api": {"methods": {"a.b": {"args": ["x: int", 'y: "z"']}}}}
    expected = (
        json.dumps({**provenance, "files": digests}, indent=2, sort_keys=True) + "\n"
    )
    assert manifest(digests, provenance) == expected.encode("utf-8")
