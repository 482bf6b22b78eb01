"""Constructs found in real-world specs that once broke generation (regression tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from support.server import Reply, serve

HASH_PATH = """
openapi: 3.0.0
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /#Action=Get:
    post:
      operationId: get
      parameters:
        - $ref: '#/components/parameters/Date'
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Req'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Req'}
components:
  parameters:
    Date: {name: X-Date, in: header, schema: {type: string}}
  schemas:
    Req: {type: object, properties: {a: {type: string}}}
"""

NO_MODELS = """
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /ping:
    get:
      operationId: ping
      responses: {'200': {description: ok}}
"""

QUERY_IN_PATH = """
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /search?term={term}&fixed=1:
    get:
      operationId: search
      parameters:
        - {name: term, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
"""


def test_a_hash_in_a_path_key_is_not_a_file_separator(build_package: Any) -> None:
    # AWS specs make paths unique with "#Action=...": a fragment, never sent.
    pkg = build_package(HASH_PATH, "hash_path")
    assert [d for d in pkg.__result__.diagnostics if d.level.value != "info"] == []
    with serve(lambda seen: Reply(200, {"a": "x"})) as server:
        client = pkg.Client(base_url=server.url)
        result = client.default.get(a="x", x_date="today")
    assert isinstance(result, pkg.models.Req)
    assert server.last.path == "/"
    assert server.last.headers["x-date"] == "today"
    assert server.last.json() == {"a": "x"}


def test_a_spec_without_models_is_black_clean(
    build_package: Any, tmp_path: Path
) -> None:
    pkg = build_package(NO_MODELS, "no_models")
    root = Path(pkg.__file__).parent
    done = subprocess.run(
        [sys.executable, "-m", "black", "--check", str(root)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert pkg.models.__all__ == []


def test_path_parameters_in_the_query_part_become_query_parameters(
    build_package: Any,
) -> None:
    pkg = build_package(QUERY_IN_PATH, "query_in_path")
    warnings = [d for d in pkg.__result__.diagnostics if d.level.value == "warning"]
    assert [d.code for d in warnings] == ["path-param-in-query"]
    with serve(lambda seen: Reply(200, ["a"])) as server:
        assert pkg.Client(base_url=server.url).search.list(term="cats & dogs") == ["a"]
    assert server.last.path == "/search?fixed=1&term=cats%20%26%20dogs"
