"""Long annotations are laid out exactly as black lays them out, so black never sees them."""

from __future__ import annotations

import itertools

import black
import pytest

from generator.python import layout
from generator.python.pytypes import (
    Builtin,
    DictOf,
    ListOf,
    LiteralOf,
    PyType,
    Ref,
    UnionOf,
)

MODE = black.Mode(line_length=88, target_versions={black.TargetVersion.PY310})


def _literal(count: int, width: int = 8) -> LiteralOf:
    return LiteralOf(tuple(f"v{'x' * width}{i}" for i in range(count)))


TYPES: dict[str, PyType] = {
    "literal": _literal(40),
    "short": _literal(3),
    "just over": _literal(7, 4),
    "literal | None": UnionOf((_literal(40), Builtin("None"))),
    "None | literal": UnionOf((Builtin("None"), _literal(40))),
    "list[literal] | None": UnionOf((ListOf(_literal(40)), Builtin("None"))),
    "list[literal]": ListOf(_literal(40)),
    "dict[str, literal]": DictOf(_literal(40)),
    "literal | Ref | None": UnionOf((_literal(40), Ref("SomeModel"), Builtin("None"))),
    "literal | literal": UnionOf((_literal(30), _literal(30, 3))),
}


def _black(one: str, parameter: bool) -> str:
    if parameter:
        source = f"class C:\n    def m(\n        self,\n        *,\n        {one},\n    ) -> None: ...\n"
        out = black.format_str(source, mode=MODE)
        return out.split("        *,\n", 1)[1].rsplit("\n    ) -> None", 1)[0]
    out = black.format_str(f"class C:\n    {one}\n", mode=MODE)
    return out.split("class C:\n", 1)[1].rstrip("\n")


@pytest.mark.parametrize(
    ("kind", "default", "parameter"),
    list(itertools.product(TYPES, [None, "None", "NOT_GIVEN"], [False, True])),
)
def test_annotations_match_black(
    kind: str, default: str | None, parameter: bool
) -> None:
    type_ = TYPES[kind]
    depth = 2 if parameter else 1
    ours = layout.annotated("field_name", type_, default, depth, frozenset(), parameter)
    one = f"field_name: {type_.annotation()}" + (
        f" = {default}" if default is not None else ""
    )
    assert ours == _black(one, parameter)


LONG_MODEL = "MicrosoftGraphWindowsInformationIpRangeCollection"
NESTED: dict[str, PyType] = {
    "list[union]": ListOf(
        UnionOf((Ref(LONG_MODEL), DictOf(Builtin("Any")), Builtin("None")))
    ),
    "list[long union] | None": UnionOf(
        (
            ListOf(
                UnionOf(
                    (
                        Ref(LONG_MODEL + "Long"),
                        Ref(LONG_MODEL + "Other"),
                        Builtin("None"),
                    )
                )
            ),
            Builtin("None"),
        )
    ),
    "dict[str, union] | None": UnionOf(
        (DictOf(UnionOf((Ref(LONG_MODEL), DictOf(Builtin("Any"))))), Builtin("None"))
    ),
    "list[literal] | None": UnionOf((ListOf(_literal(40)), Builtin("None"))),
    "list[list[union]]": ListOf(ListOf(UnionOf((Ref(LONG_MODEL), Builtin("str"))))),
}


@pytest.mark.parametrize(
    ("kind", "default", "shadowed"),
    list(
        itertools.product(
            NESTED,
            [None, "None", "NOT_GIVEN"],
            [frozenset(), frozenset({"list", "dict", "str"})],
        )
    ),
)
def test_annotations_with_refs_unions_and_shadowed_builtins_match_black(
    kind: str, default: str | None, shadowed: frozenset[str]
) -> None:
    """Parameters of a method named `list` write `builtins.list[...]`; unions
    inside brackets split one member a line: both laid out here, not by the
    format stage (on Microsoft Graph, 17 of its 34 CPU seconds)."""
    type_ = NESTED[kind]
    ours = layout.annotated("field_name", type_, default, 2, shadowed, True)
    one = f"field_name: {type_.annotation(shadowed)}" + (
        f" = {default}" if default is not None else ""
    )
    assert ours == _black(one, True)
    assert (len(f"        {one},") > 88) == ("\n" in ours)  # split when too long
