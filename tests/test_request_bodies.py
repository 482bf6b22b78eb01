"""Request bodies as real specs write them: `required` beside `allOf`, required bodies with no required property."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest
from support.operations import by_endpoint
from support.sample import run
from support.server import Reply, serve

# DigitalOcean's `POST /v2/projects`: the body is `allOf: [$ref]` with `required`
# beside it; the referenced schema requires nothing.
ALLOF_REQUIRED = """
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /projects:
    post:
      operationId: createProject
      requestBody:
        required: true
        content:
          application/json:
            schema:
              allOf: [{$ref: '#/components/schemas/ProjectBase'}]
              required: [name, purpose]
      responses: {'201': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/ProjectBase'}}}}}
  /projects/{id}:
    put:
      operationId: updateProject
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - {$ref: '#/components/schemas/ProjectBase'}
                - {required: [name]}
                - {properties: {is_default: {type: boolean}}}
              required: [description]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/ProjectBase'}}}}}
  /projects/{id}/touch:
    post:
      operationId: touchProject
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ProjectBase'}
      responses: {'204': {description: done}}
  /projects/{id}/ping:
    post:
      operationId: pingProject
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ProjectBase'}
      responses: {'204': {description: done}}
  /tasks:
    post:
      operationId: createTask
      parameters:
        - {name: Content-Type, in: header, required: true, schema: {type: string}}
        - {name: accept, in: header, schema: {type: string, enum: [application/json]}}
        - {name: X-Trace, in: header, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Task'}
      responses: {'201': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Task'}}}}}
  /namespaces:
    post:
      operationId: createNamespace
      requestBody:
        required: true
        content:
          '*/*':
            schema: {$ref: '#/components/schemas/ProjectBase'}
      responses: {'204': {description: done}}
  /blobs:
    put:
      operationId: putBlob
      requestBody:
        required: true
        content:
          '*/*':
            schema: {type: string, format: binary}
      responses: {'204': {description: done}}
components:
  schemas:
    Task:
      type: object
      required: [id, url, title]
      properties:
        id: {type: integer, readOnly: true}
        url: {$ref: '#/components/schemas/Url'}
        title: {type: string}
    Url: {type: string, format: uri, readOnly: true}
    ProjectBase:
      type: object
      properties:
        name: {type: string}
        purpose: {type: string}
        description: {type: string}
"""


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(ALLOF_REQUIRED, "allof_required")


def _signature(api: Any, method: str, path: str) -> inspect.Signature:
    client = api.Client(api_key="k", base_url="http://127.0.0.1:9")
    return inspect.signature(by_endpoint(client)[method, path].method)


def test_required_beside_allof_makes_those_arguments_required(api: Any) -> None:
    params = _signature(api, "POST", "/projects").parameters
    assert params["name"].default is inspect.Parameter.empty
    assert params["purpose"].default is inspect.Parameter.empty
    assert params["description"].default is None


def test_required_in_an_allof_part_and_beside_it_both_count(api: Any) -> None:
    params = _signature(api, "PUT", "/projects/{id}").parameters
    assert params["name"].default is inspect.Parameter.empty
    assert params["description"].default is inspect.Parameter.empty
    assert params["purpose"].default is None
    assert params["is_default"].default is None


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_a_required_body_is_sent_when_no_property_is_given(
    api: Any, flavor: str
) -> None:
    with serve(lambda seen: Reply(204)) as server:
        run(
            api,
            flavor,
            server.url,
            lambda c: by_endpoint(c)["POST", "/projects/{id}/touch"].method("p1"),
        )
    seen = server.last
    assert seen.headers["content-type"] == "application/json"
    assert json.loads(seen.body) == {}


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_an_optional_body_is_left_out_when_no_property_is_given(
    api: Any, flavor: str
) -> None:
    with serve(lambda seen: Reply(204)) as server:
        run(
            api,
            flavor,
            server.url,
            lambda c: by_endpoint(c)["POST", "/projects/{id}/ping"].method("p1"),
        )
    assert server.last.body == b""
    assert "content-type" not in server.last.headers


def test_read_only_properties_are_not_required_in_requests(api: Any) -> None:
    """OpenAPI: `required` on a readOnly property applies to responses only."""
    params = _signature(api, "POST", "/tasks").parameters
    assert params["title"].default is inspect.Parameter.empty
    assert params["id"].default is None
    assert params["url"].default is None


def test_accept_content_type_and_authorization_header_parameters_are_ignored(
    api: Any,
) -> None:
    """OpenAPI: such header parameters SHALL be ignored (climatekuul.com's Content-Type)."""
    params = _signature(api, "POST", "/tasks").parameters
    assert "content_type" not in params and "accept" not in params
    assert "x_trace" in params
    notes = [d for d in api.__result__.diagnostics if d.code == "ignored-header"]
    assert [d.pointer.rsplit("/", 1)[-1] for d in notes] == ["0", "1"]


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_a_wildcard_request_media_type_sends_json_or_bytes(
    api: Any, flavor: str
) -> None:
    """kubernetes.io's bodies are `*/*`, which is not a Content-Type to send."""
    with serve(lambda seen: Reply(204)) as server:
        run(
            api,
            flavor,
            server.url,
            lambda c: by_endpoint(c)["POST", "/namespaces"].method(name="ns"),
        )
        assert server.last.headers["content-type"] == "application/json"
        assert json.loads(server.last.body) == {"name": "ns"}
        run(
            api,
            flavor,
            server.url,
            lambda c: by_endpoint(c)["PUT", "/blobs"].method(body=b"\x00\x01"),
        )
        assert server.last.headers["content-type"] == "application/octet-stream"
        assert server.last.body == b"\x00\x01"


JWKS = """
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /jwks:
    get:
      operationId: getKeys
      responses:
        '200':
          description: the keys
          content:
            application/jwk-set+json: {schema: {type: object, properties: {keys: {type: array, items: {type: object}}}}}
  /plain:
    get:
      operationId: getPlain
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object}}}}
"""


def test_accept_names_the_media_types_the_operation_answers_with(
    build_package: Any,
) -> None:
    # Kubernetes' /openid/v1/jwks/ answers application/jwk-set+json only: a
    # server that negotiates refuses `Accept: application/json` (406).
    pkg = build_package(JWKS, "accept_api")
    with serve(lambda seen: Reply(200, {"keys": []})) as server:
        client = pkg.Client(base_url=server.url)
        client.jwks.retrieve()
        client.plain.retrieve()
    jwks, plain = server.requests
    assert jwks.headers["accept"] == "application/jwk-set+json"
    assert plain.headers["accept"] == "application/json"


# Stripe's list and retrieve operations (`GET /v1/subscriptions`, 236 of them)
# declare an optional form body that admits only the empty object.
CLOSED_EMPTY_BODIES = """
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /subscriptions:
    get:
      operationId: listSubscriptions
      parameters: [{name: limit, in: query, schema: {type: integer}}]
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {}, additionalProperties: false}
      responses: {'200': {description: ok}}
  /subscriptions/{id}/resume:
    post:
      operationId: resumeSubscription
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, additionalProperties: false}
      responses: {'204': {description: done}}
"""


@pytest.fixture(scope="module")
def closed(build_package_once: Any) -> Any:
    return build_package_once(CLOSED_EMPTY_BODIES, "closed_empty_bodies")


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_a_body_that_admits_only_the_empty_object_is_no_argument(
    closed: Any, flavor: str
) -> None:
    assert "body" not in _signature(closed, "GET", "/subscriptions").parameters
    resume = _signature(closed, "POST", "/subscriptions/{id}/resume")
    assert list(resume.parameters) == ["id", "options"]
    with serve(lambda seen: Reply(204)) as server:
        run(
            closed,
            flavor,
            server.url,
            lambda c: by_endpoint(c)["GET", "/subscriptions"].method(limit=3),
        )
        listed = server.last
        run(
            closed,
            flavor,
            server.url,
            lambda c: by_endpoint(c)["POST", "/subscriptions/{id}/resume"].method("s1"),
        )
        resumed = server.last
    assert listed.body == b"" and "content-type" not in listed.headers
    assert resumed.headers["content-type"] == "application/json"
    assert json.loads(resumed.body) == {}
