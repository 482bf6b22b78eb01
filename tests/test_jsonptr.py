"""JSON pointers (RFC 6901): the location of everything the generator reports."""

from __future__ import annotations

import pytest

from generator import jsonptr


@pytest.mark.parametrize(
    ("tokens", "pointer"),
    [
        (("/a/{id}",), "/~1a~1{id}"),
        (("a~b", 3, "c/d"), "/a~0b/3/c~1d"),
        (("~1",), "/~01"),  # an escape in the text stays text
        (("plain", "", 0), "/plain//0"),
        ((), ""),
    ],
)
def test_tokens_are_escaped_and_read_back(
    tokens: tuple[str | int, ...], pointer: str
) -> None:
    assert jsonptr.join("", *tokens) == pointer
    assert jsonptr.split(pointer) == [str(t) for t in tokens]


def test_a_pointer_is_extended_and_looked_up() -> None:
    document = {"paths": {"/a/{id}": {"get": {"tags": ["x", "y"]}}}}
    pointer = jsonptr.join("/paths", "/a/{id}", "get", "tags", 1)
    assert pointer == "/paths/~1a~1{id}/get/tags/1"
    assert jsonptr.lookup(document, pointer) == "y"
    with pytest.raises(KeyError):
        jsonptr.lookup(document, "/paths/~1b")
