"""The HTTP plan and the runtime speak the same words."""

from __future__ import annotations

import importlib.util
from typing import Any

from conftest import ROOT
from support.server import Reply, serve

from generator.plan.model import ArgLocation, BodyEncoding, ResponseKind, SchemeKind


def _runtime_kinds() -> Any:
    spec = importlib.util.spec_from_file_location(
        "runtime_kinds", ROOT / "templates" / "runtime" / "kinds.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_plan_enums_name_exactly_the_runtime_words() -> None:
    kinds = _runtime_kinds()
    assert [e.value for e in BodyEncoding] == list(kinds.BODY_ENCODINGS)
    assert [e.value for e in ResponseKind] == list(kinds.RESPONSE_KINDS)
    assert [e.value for e in ArgLocation] == list(kinds.LOCATIONS)
    assert [e.value for e in SchemeKind] == list(kinds.SCHEME_KINDS)


FILES_IN_JSON_AND_MULTIPART = """
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /skills:
    post:
      operationId: createSkill
      requestBody:
        content:
          multipart/form-data: {schema: {$ref: '#/components/schemas/Body'}}
          application/json: {schema: {$ref: '#/components/schemas/Body'}}
      responses: {'200': {description: ok}}
components:
  schemas:
    Body:
      type: object
      properties:
        files: {type: array, items: {type: string, format: binary}}
"""


def test_files_go_as_multipart_even_when_json_is_offered_too(
    build_package: Any,
) -> None:
    # The OpenAI spec offers both for POST /skills; JSON cannot carry a file.
    pkg = build_package(FILES_IN_JSON_AND_MULTIPART, "files_both")
    with serve(lambda seen: Reply(200)) as server:
        pkg.Client(base_url=server.url).skills.create(files=[b"zip bytes"])
    assert server.last.headers["content-type"].startswith("multipart/form-data")
    assert b"zip bytes" in server.last.body
