"""An inline object written out again is one class (generator/share.py).

The same fields, types and texts in several places make one class, named from
the place met first, with one docs page listing every use. Any difference,
however small (a description, `1` against `1.0`), keeps them apart.
"""

from __future__ import annotations

import inspect
import json
import typing
from dataclasses import fields
from pathlib import Path
from typing import Any

from support.checks import mypy_strict
from support.server import Reply, serve

from generator import ir, share
from generator.options import Selection


def _address(description: str = "Where it goes.") -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": ["line1"],
        "properties": {
            "line1": {"type": "string"},
            "country": {"type": "string", "default": "US"},
            "geo": {
                "type": "object",
                "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}},
            },
        },
    }


def _post(op_id: str, properties: dict[str, Any], **more: Any) -> dict[str, Any]:
    body = {"type": "object", "properties": properties}
    return {
        "post": {
            "operationId": op_id,
            **more,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": body}},
            },
            "responses": {"204": {"description": "Done."}},
        }
    }


def _count(default: float) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"count": {"type": "number", "default": default}},
    }


def _kind(values: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"kind": {"type": "string", "enum": values}},
    }


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
SPEC = json.dumps(
    {
        "openapi": "3.1.0",
        "info": {"title": "Shop", "version": "1"},
        "paths": {
            "/orders": _post(
                "createOrder", {"address": _address(), "note": {"type": "string"}}
            ),
            "/orders/{id}": _post(
                "updateOrder", {"address": _address()}, parameters=[ID]
            ),
            "/quotes": _post(
                "createQuote",
                {
                    "address": _address("Where it would go."),
                    "size": _count(1),
                    "again": _count(1.0),
                    "this": _kind(["a", "b"]),
                    "that": _kind(["a", "c"]),
                },
            ),
        },
        "components": {
            "schemas": {
                "Customer": {"type": "object", "properties": {"address": _address()}}
            }
        },
    }
)


def _annotation(method: Any, name: str) -> str:
    return str(inspect.signature(method).parameters[name].annotation)


def test_an_inline_object_written_out_again_is_one_class(
    build_package: Any, tmp_path: Path
) -> None:
    pkg = build_package(SPEC, "shop", ".json", docs=True)
    models = pkg.models
    api = pkg.Client(base_url="http://127.0.0.1:9")
    classes = sorted(n for n in models._MODULES if n[0] != "_")
    # Met first in Customer (named schemas come first): held there, as are the
    # objects nested in it.
    assert _annotation(api.orders.create, "address") == "CustomerAddress | None"
    assert _annotation(api.orders.update, "address") == "CustomerAddress | None"
    assert "CustomerAddressGeo" in classes
    # A description apart: a class of its own, sharing what it nests.
    quote = _annotation(api.quotes.create, "address")
    assert quote != "CustomerAddress | None"
    assert [n for n in classes if n.endswith("Geo")] == ["CustomerAddressGeo"]
    # A default of 1 is not one of 1.0.
    size = _annotation(api.quotes.create, "size")
    again = _annotation(api.quotes.create, "again")
    assert size != again
    # Nor are the values of an enum those of another.
    this = _annotation(api.quotes.create, "this")
    that = _annotation(api.quotes.create, "that")
    assert this != that
    assert sorted(classes) == sorted(
        [
            "Customer",
            "CustomerAddress",
            "CustomerAddressGeo",
            "CreateOrderBody",
            "UpdateOrderBody",
            "CreateQuoteBody",
            quote.split(" ")[0],
            size.split(" ")[0],
            again.split(" ")[0],
            this.split(" ")[0],
            that.split(" ")[0],
        ]
    )

    sent = {"line1": "1 Main St", "geo": {"lat": 1.5, "lon": 2.5}}
    with serve(lambda seen: Reply(204)) as server:
        client = pkg.Client(base_url=server.url)
        address = models.CustomerAddress.from_dict(sent)
        client.orders.create(address=address)
        assert server.last.json() == {"address": sent}
        client.orders.update("o1", address=address)
        assert server.last.json() == {"address": sent}

    out = Path(pkg.__file__).parent.parent.parent
    pages = out / "docs" / "shop" / "schemas"
    page = (pages / "CustomerAddress.md").read_text(encoding="utf-8")
    used_by = page.split("Used by", 1)[1]
    for user in ("Customer", "orders.create", "orders.update"):
        assert user in used_by, user
    assert "quotes" not in used_by
    assert sorted(p.stem for p in pages.glob("*.md") if p.stem != "index") == sorted(
        classes
    )

    done = mypy_strict(out / "python", ["shop"], tmp_path / "mypy-cache")
    assert done.returncode == 0, done.stdout[-3000:]


def test_the_class_is_held_by_a_place_the_target_keeps(build_package: Any) -> None:
    """Shared after the select stage: with the first copies left out (the
    operation excluded, the schema it leaves unused pruned), the class is the
    first kept copy's, named from there."""
    pkg = build_package(
        SPEC, "shop_part", ".json", exclude=Selection(operations=("createOrder",))
    )
    api = pkg.Client(base_url="http://127.0.0.1:9")
    assert _annotation(api.orders.update, "address") == "UpdateOrderBodyAddress | None"
    assert not [
        n for n in pkg.models.__all__ if n.startswith(("Customer", "CreateOrder"))
    ]
    assert "UpdateOrderBodyAddressGeo" in pkg.models.__all__


def test_every_field_of_the_ir_is_keyed_for_what_it_holds() -> None:
    """A field that holds nodes is keyed through them, one that may hold JSON
    values or numbers by their JSON types; a field added to the IR later falls
    in one of the two or holds only text, flags and names."""
    kinds = [*typing.get_args(ir.Schema), ir.Property]
    for kind in kinds:
        nested = share._NESTED.get(kind, share._NEGATION)
        for f in fields(kind):
            written = str(f.type)
            if f.name in share._PLACE:
                continue
            holds_nodes = "Schema" in written or "Property" in written
            assert (f.name in nested) == holds_nodes, (kind.__name__, f.name)
            if not holds_nodes and ("Json" in written or "Constraints" in written):
                assert f.name in share._NUMERIC, (kind.__name__, f.name)
