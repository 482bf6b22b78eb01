"""Decoding and encoding of generated models: forward-compatible, exact, and precise on errors."""

from __future__ import annotations

from typing import Any

import pytest

SPEC = """
openapi: 3.1.0
info: {title: Shapes, version: "1"}
paths: {}
components:
  schemas:
    Circle:
      type: object
      required: [kind, radius]
      properties:
        kind: {type: string, const: circle}
        radius: {type: number}
    Square:
      type: object
      required: [kind, side]
      properties:
        kind: {type: string, enum: [square]}
        side: {type: number}
    Shape:
      oneOf: [{$ref: "#/components/schemas/Circle"}, {$ref: "#/components/schemas/Square"}]
      discriminator: {propertyName: kind}
    Cat:
      type: object
      required: [name]
      properties: {name: {type: string}, lives: {type: integer}}
    Dog:
      type: object
      required: [name, barks]
      properties: {name: {type: string}, barks: {type: boolean}}
    Pet:
      anyOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
    Node:
      type: object
      required: [value]
      properties:
        value: {type: integer}
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
    Drawing:
      type: object
      required: [shapes, created-at, note]
      properties:
        shapes: {type: array, items: {$ref: "#/components/schemas/Shape"}}
        layers:
          type: object
          additionalProperties: {$ref: "#/components/schemas/Shape"}
        created-at: {type: integer, format: unixtime}
        note: {type: [string, "null"]}
        title: {type: string}
        cleared: {anyOf: [{type: string}, {type: "null"}]}
        origin:
          type: object
          properties: {x: {type: number}, y: {type: number}}
        pet: {$ref: "#/components/schemas/Pet"}
        tags:
          type: object
          properties: {main: {type: string}}
          additionalProperties: {type: integer}
"""


@pytest.fixture
def shapes(build_package: Any) -> Any:
    return build_package(SPEC, "shapes_pkg")


DRAWING = {
    "shapes": [
        {"kind": "circle", "radius": 1.5},
        {"kind": "square", "side": 2},
        {"kind": "hexagon", "sides": 6},
    ],
    "layers": {"top": {"kind": "square", "side": 1}},
    "created-at": 1700000000,
    "note": None,
    "cleared": None,
    "origin": {"x": 0, "y": 1.5, "z": 3},
    "pet": {"name": "Rex", "barks": True},
    "tags": {"main": "a", "extra": 2},
    "future": {"anything": [1, 2]},
}


def test_decode_picks_variants_and_keeps_everything(shapes: Any) -> None:
    m = shapes.models
    d = m.Drawing.from_dict(DRAWING)
    assert isinstance(d.shapes[0], m.Circle) and d.shapes[0].radius == 1.5
    assert isinstance(d.shapes[1], m.Square)
    assert d.shapes[2] == {
        "kind": "hexagon",
        "sides": 6,
    }  # an unknown variant stays a dict
    assert isinstance(d.layers["top"], m.Square)
    assert d.created_at == 1700000000  # wire name created-at
    assert isinstance(d.origin, m.DrawingOrigin) and d.origin.additional_properties == {
        "z": 3
    }
    assert isinstance(
        d.pet, m.Dog
    )  # matched by shape: Dog's required properties are all there
    assert d.tags.main == "a" and d.tags.additional_properties == {"extra": 2}
    assert d.additional_properties == {"future": {"anything": [1, 2]}}
    assert d.to_dict() == DRAWING


def test_absent_null_and_not_given_stay_distinct(shapes: Any) -> None:
    m = shapes.models
    d = m.Drawing(shapes=[], created_at=1, note=None)
    assert d.title is None and d.cleared is shapes.NOT_GIVEN
    assert d.to_dict() == {"shapes": [], "created-at": 1, "note": None}
    d.cleared = None
    assert d.to_dict()["cleared"] is None
    back = m.Drawing.from_dict(
        {"shapes": [], "created-at": 1, "note": "x", "cleared": None}
    )
    assert back.cleared is None and back.title is None
    assert back.to_dict() == {
        "shapes": [],
        "created-at": 1,
        "note": "x",
        "cleared": None,
    }


def test_recursive_schemas(shapes: Any) -> None:
    tree = {"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]}
    node = shapes.models.Node.from_dict(tree)
    assert node.children[0].children[0].value == 3
    assert node.to_dict() == tree


def test_errors_name_the_json_path(shapes: Any) -> None:
    from shapes_pkg._runtime.models import DecodeError

    bad = dict(
        DRAWING,
        shapes=[{"kind": "circle", "radius": 1}, {"kind": "square", "side": 1}],
        origin="not an object",
    )
    with pytest.raises(DecodeError) as info:
        shapes.models.Drawing.from_dict(bad, strict=True)
    assert info.value.path == "$.origin"
    lenient = shapes.models.Drawing.from_dict(bad)
    assert lenient.origin == "not an object" and lenient.to_dict() == bad
    assert shapes.mismatches(lenient) == [
        ("$.origin", "expected an object for DrawingOrigin, got a string")
    ]
    missing = {k: v for k, v in DRAWING.items() if k != "created-at"}
    with pytest.raises(
        DecodeError,
        match=r"\$\.created-at: required property 'created-at' of Drawing is missing",
    ):
        shapes.models.Drawing.from_dict(missing, strict=True)
    with pytest.raises(
        DecodeError,
        match=r"\$\.children\[0\]: expected an object for Node, got a string",
    ):
        shapes.models.Node.from_dict({"value": 1, "children": ["x"]}, strict=True)
    with pytest.raises(
        DecodeError, match=r"\$\.shapes\[1\]: expected Circle \| Square, got a number"
    ):
        shapes.models.Drawing.from_dict(
            dict(DRAWING, shapes=[DRAWING["shapes"][0], 5]), strict=True
        )


def test_union_aliases_are_typed(shapes: Any) -> None:
    import typing

    args = typing.get_args(shapes.models.Shape)
    assert [
        a.__forward_arg__ if hasattr(a, "__forward_arg__") else a for a in args
    ] == ["Circle", "Square"]
