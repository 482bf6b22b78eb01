"""Descriptor tables and readers are laid out exactly as black lays them out.

The format stage hands black only the statements with a line too long; the
layout of the rest must already be black's, or `black --check` fails on the
output. These cases are compared with black itself.
"""

from __future__ import annotations

import black
import pytest

from generator.python import layout
from generator.python.layout import Bracketed

MODE = black.Mode(target_versions={black.TargetVersion.PY310})


def _union(n: int, name: str = "SomeRatherLongModelName") -> Bracketed:
    return Bracketed("_s.union(", tuple(f"lambda: _m.{name}{i}" for i in range(n)))


def _field(type_: layout.Code, *extra: str) -> Bracketed:
    return Bracketed("_s.Field(", ('"attribute"', type_, *extra))


TABLE_ENTRIES = [
    _field("_s.STR", "required=True"),
    _field(_union(2), "required=True"),
    _field(_union(6), 'wire="the-attribute"', "required=True"),
    _field(Bracketed("_s.nullable(", (_union(5),))),
    _field(Bracketed("_s.list_of(", (Bracketed("_s.nullable(", (_union(4),)),))),
    _field(
        Bracketed(
            "_s.union(",
            (
                "lambda: _m.Circle",
                "lambda: _m.Square",
                'discriminator="kind"',
                Bracketed(
                    "mapping={",
                    ('"circle": lambda: _m.Circle', '"square": lambda: _m.Square'),
                    "}",
                    explode=True,
                ),
            ),
        )
    ),
]


@pytest.mark.parametrize("entry", TABLE_ENTRIES)
def test_a_table_entry_is_laid_out_as_black_does(entry: Bracketed) -> None:
    body = layout.expression(entry, 1, suffix=",")
    source = f"X._wire_ = _s.Wire(\n    _read_X,\n{body}\n)\n"
    assert black.format_str(source, mode=MODE) == source


@pytest.mark.parametrize("members", [1, 3, 8])
def test_an_alias_descriptor_is_laid_out_as_black_does(members: int) -> None:
    source = (
        layout.expression(_union(members), 0, prefix="_SomeAliasName: _s.TypeLike = ")
        + "\n"
    )
    assert black.format_str(source, mode=MODE) == source


READS = [
    ('d["id"]', None),
    (Bracketed("c.attribute(", (Bracketed("d[", ('"attribute"',), "]"),)), None),
    (
        Bracketed("d[", ('"a-rather-long-wire-name-for-the-property-at-hand"',), "]"),
        None,
    ),
    (Bracketed("c.attribute(", (Bracketed("d[", ('"attribute"',), "]"),)), "None"),
    (
        Bracketed(
            "c.some_long_attribute_name(",
            (Bracketed("d[", ('"some-long-attribute-name"',), "]"),),
        ),
        "NOT_GIVEN",
    ),
]


@pytest.mark.parametrize("value, default", READS)
def test_a_reader_line_is_laid_out_as_black_does(
    value: layout.Code, default: str | None
) -> None:
    prefix = "o.some_long_attribute_name = "
    if default is None:
        line = layout.expression(value, 1, prefix=prefix)
    else:
        line = layout.conditional(value, '"wire" in d', default, 1, prefix)
    source = f"def _read(o: X, d: dict[str, Any], c: Any) -> int:\n{line}\n"
    assert black.format_str(source, mode=MODE) == source


@pytest.mark.parametrize("terms", [1, 3, 6, 20])
def test_the_reader_count_is_laid_out_as_black_does(terms: int) -> None:
    counted = ["2"] + [f"(0 if o.attribute_{i} is None else 1)" for i in range(terms)]
    source = (
        f"def _read(o: X, d: Any, c: Any) -> int:\n{layout.sum_return(counted, 1)}\n"
    )
    assert black.format_str(source, mode=MODE) == source


@pytest.mark.parametrize("length", [5, 40, 70, 90])
def test_the_reader_signature_is_laid_out_as_black_does(length: int) -> None:
    name = "N" * length
    header = layout.signature(
        f"_read_{name}", [f"o: {name}", "d: dict[str, Any]", "c: Any"], "int"
    )
    source = f"{header}\n    return 0\n"
    assert black.format_str(source, mode=MODE) == source
