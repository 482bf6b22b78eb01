"""Regenerating a vendored client says what it changed in the public API."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

V1 = """
openapi: 3.1.0
info: {title: Shop, version: '1'}
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Order'}}}}}}
  /orders/{order_id}:
    get:
      operationId: getOrder
      parameters: [{name: order_id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}}
    delete:
      operationId: deleteOrder
      parameters: [{name: order_id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: gone}}
components:
  schemas:
    Order:
      type: object
      required: [id]
      properties: {id: {type: string}, total: {type: integer}}
"""

# getOrder moves to a verb of its own; deleteOrder goes; limit becomes a string
# and a required query parameter appears; Order.total becomes a number; a
# schema is added.
V2 = (
    V1.replace("/orders/{order_id}:\n    get:", "/orders/{order_id}/fetch:\n    get:")
    .replace(
        """    delete:
      operationId: deleteOrder
      parameters: [{name: order_id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: gone}}
""",
        "",
    )
    .replace(
        "        - {name: limit, in: query, schema: {type: integer}}",
        "        - {name: limit, in: query, schema: {type: string}}\n"
        "        - {name: shop, in: query, required: true, schema: {type: string}}",
    )
    .replace("total: {type: integer}", "total: {type: number}")
    + "    Refund: {type: object, properties: {id: {type: string}}}\n"
)


def _cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "GENERATOR_CACHE_DIR": "off"},
    )


def test_generate_and_check_report_what_changed(tmp_path: Path) -> None:
    spec = tmp_path / "shop.yaml"
    spec.write_text(V1)
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.generator.targets]]\nspec = "shop.yaml"\ndocs = false\n'
    )
    first = _cli(tmp_path, "generate")
    assert first.returncode == 0, first.stderr
    assert "public API changes" not in first.stdout  # nothing was recorded before
    spec.write_text(V2)
    check = _cli(tmp_path, "check")
    assert check.returncode == 1
    generate = _cli(tmp_path, "generate")
    assert generate.returncode == 0, generate.stderr
    for out in (check.stdout, generate.stdout):
        report = out.split("public API changes", 1)[1].splitlines()
        assert report[0] == " (5 may break callers):"
        assert [line.strip() for line in report[1:]] == [
            "! method orders.delete removed",
            "! method orders.retrieve removed",
            "+ method orders.fetch",
            "! orders.list: shop added (required)",
            "! orders.list: limit: int | None -> str | None",
            "+ model Refund",
            "! Order: total: int | None -> float | None",
        ]
    again = _cli(tmp_path, "generate")
    assert "public API changes" not in again.stdout


def test_a_renamed_method_is_reported_as_renamed(tmp_path: Path) -> None:
    spec = tmp_path / "shop.yaml"
    spec.write_text(V1)
    config = tmp_path / "pyproject.toml"
    config.write_text('[[tool.generator.targets]]\nspec = "shop.yaml"\ndocs = false\n')
    assert _cli(tmp_path, "generate").returncode == 0
    config.write_text(
        config.read_text()
        + '[tool.generator.targets.rename]\ngetOrder = "get"\n'
        + '[tool.generator.targets.rename_schemas]\nOrder = "Purchase"\n'
    )
    done = _cli(tmp_path, "generate")
    assert "! method orders.retrieve is now orders.get" in done.stdout
    assert "! model Order is now Purchase" in done.stdout
