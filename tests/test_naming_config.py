"""Names under the user's control: config keys, the spec's SDK extensions, selection."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from support.walk import method_paths

from generator.options import Selection

SPEC = """
openapi: 3.1.0
info: {title: Shop, version: '1'}
servers: [{url: 'https://shop.example.com'}]
paths:
  /orders:
    get:
      operationId: listOrders
      tags: [Orders]
      responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Order'}}}}}}
    post:
      operationId: placeOrder
      tags: [Orders]
      x-speakeasy-name-override: place
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}}
  /orders/{order_id}:
    get:
      operationId: getOrder
      tags: [Orders]
      parameters: [{name: order_id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}}
  /admin/reports/daily:
    get:
      operationId: dailyReport
      tags: [Admin]
      x-fern-sdk-group-name: [reports]
      x-fern-sdk-method-name: daily
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Report'}}}}}
  /legacy/things:
    get:
      operationId: legacyThings
      tags: [Legacy]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}}
components:
  schemas:
    Order: {type: object, properties: {id: {type: string}, line: {$ref: '#/components/schemas/Line'}}}
    Line: {type: object, properties: {sku: {type: string}}}
    Report: {type: object, properties: {total: {type: integer}}}
    Thing: {type: object, properties: {name: {type: string}}}
    Unused: {type: object, properties: {x: {type: string}}}
"""


def test_paths_give_the_tree_and_extensions_override_it(build_package: Any) -> None:
    pkg = build_package(SPEC, "shop_plain")
    client = pkg.Client(base_url="http://127.0.0.1:9")
    assert method_paths(client) == {
        "orders.list",
        "orders.place",  # x-speakeasy-name-override
        "orders.retrieve",
        "reports.daily",  # x-fern-sdk-group-name and x-fern-sdk-method-name
        "legacy.things.retrieve",
    }


def test_config_renames_regroups_and_selects(build_package: Any) -> None:
    pkg = build_package(
        SPEC,
        "shop_named",
        rename={"getOrder": "fetch", "GET /orders": "shop.orders.all"},
        groups={"/legacy": "old"},
        rename_schemas={"Order": "Purchase"},
        exclude=Selection(tags=("Admin",)),
    )
    client = pkg.Client(base_url="http://127.0.0.1:9")
    assert method_paths(client) == {
        "shop.orders.all",
        "orders.place",
        "orders.fetch",
        "old.things.retrieve",
    }
    # Report is used only by the excluded operation; Unused by nothing.
    assert sorted(pkg.models.__all__) == ["Line", "Purchase", "Thing"]


def test_include_keeps_only_what_it_names(build_package: Any) -> None:
    pkg = build_package(SPEC, "shop_orders", include=Selection(paths=("/orders",)))
    client = pkg.Client(base_url="http://127.0.0.1:9")
    assert method_paths(client) == {"orders.list", "orders.place", "orders.retrieve"}
    assert sorted(pkg.models.__all__) == ["Line", "Order"]


def test_tags_remain_a_strategy(build_package: Any) -> None:
    pkg = build_package(SPEC, "shop_tags", naming="tags")
    client = pkg.Client(base_url="http://127.0.0.1:9")
    assert method_paths(client) == {
        "orders.list",
        "orders.place",
        "orders.get",
        "reports.daily",
        "legacy.things",
    }


def test_names_that_match_nothing_are_reported(build_package: Any) -> None:
    pkg = build_package(
        SPEC,
        "shop_typos",
        rename={"getOrdr": "fetch"},
        groups={"/nowhere": "x"},
        rename_schemas={"Ordr": "Purchase"},
        include=Selection(tags=("Orders", "Ordrs")),
    )
    messages = sorted(
        d.message for d in pkg.__result__.diagnostics if d.code == "unused-config"
    )
    assert messages == [
        "groups: no path starts '/nowhere'",
        "include: no operation has tag 'Ordrs'",
        "rename: no operation is called 'getOrdr'",
        "rename_schemas: no schema is called 'Ordr'",
    ]


def test_the_keys_work_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text(SPEC)
    (tmp_path / "pyproject.toml").write_text("""
[tool.generator]
output = "gen"

[[tool.generator.targets]]
spec = "shop.yaml"
package = "shop"
docs = false
naming = "paths"
exclude = { tags = ["Admin", "Legacy"] }

[tool.generator.targets.rename]
getOrder = "fetch"

[tool.generator.targets.rename_schemas]
Order = "Purchase"
""")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "GENERATOR_CACHE_DIR": "off"},
    )
    assert done.returncode == 0, done.stderr
    resource = (tmp_path / "gen/python/shop/resources/orders.py").read_text()
    assert "def fetch(" in resource and "Purchase" in resource
    assert not (tmp_path / "gen/python/shop/resources/legacy.py").exists()


def test_a_bad_naming_key_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text(SPEC)
    (tmp_path / "pyproject.toml").write_text("""
[[tool.generator.targets]]
spec = "shop.yaml"
naming = "operationIds"
""")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "GENERATOR_CACHE_DIR": "off"},
    )
    assert done.returncode == 1
    assert '.naming: "operationIds" is not paths or tags' in done.stderr
    assert "Traceback" not in done.stderr


CLASHING = """
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Foo-Bar: {type: object, properties: {a: {type: string}}}
    foo_bar: {type: object, properties: {b: {type: string}}}
"""


def test_colliding_class_names_are_told_apart_with_a_note(build_package: Any) -> None:
    pkg = build_package(CLASHING, "clashing")
    assert sorted(pkg.models.__all__) == ["FooBar", "FooBar2"]
    notes = [d for d in pkg.__result__.diagnostics if d.code == "name-collision"]
    assert [d.message for d in notes] == [
        "class FooBar is taken: this schema is FooBar2"
    ]
    assert notes[0].pointer == "/components/schemas/foo_bar"
