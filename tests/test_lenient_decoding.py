"""Lenient decoding by default, strict on request; nulls that survive; no string evaluated.

Every 2xx body becomes the model: values stay as sent and what does not match
the spec is listed by `mismatches()`. `strict_response_validation=True`, per
client or per call, raises APIResponseValidationError naming the JSON path.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from support.sample import run
from support.server import Reply, serve

SPEC = """
openapi: 3.0.3
info: {title: Lenient, version: "1"}
servers: [{url: "http://127.0.0.1:9"}]
paths:
  /things/{thing_id}:
    get:
      operationId: getThing
      tags: [things]
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}
  /things:
    get:
      operationId: listThings
      tags: [things]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Thing"}}
components:
  schemas:
    Owner:
      type: object
      required: [name]
      properties:
        name: {type: string}
        age: {type: integer}
    OwnerAlias:
      allOf: [{$ref: "#/components/schemas/Owner"}]
    NullableOwner:
      type: object
      nullable: true
      properties: {name: {type: string}}
    Shade:
      anyOf:
        - {type: string, nullable: true}
        - {type: string, enum: [dark, light]}
    Leaf:
      type: object
      required: [v]
      properties: {v: {type: integer}}
    Tree:
      oneOf:
        - $ref: "#/components/schemas/Leaf"
        - {type: array, items: {$ref: "#/components/schemas/Tree"}}
    Forest:
      type: object
      properties:
        trees: {type: array, items: {$ref: "#/components/schemas/Tree"}}
    Thing:
      type: object
      required: [id, kind, count, owner, completed_at]
      properties:
        id: {type: string}
        kind: {type: string, enum: [thing], default: thing}
        count: {type: integer}
        ratio: {type: number}
        owner: {$ref: "#/components/schemas/Owner"}
        completed_at: {type: integer, nullable: true}
        note: {type: string}
        tags: {type: array, items: {type: string}}
        alias_owner: {$ref: "#/components/schemas/OwnerAlias"}
        upload: {type: string, format: binary}
        ref_nullable: {$ref: "#/components/schemas/Owner", nullable: true}
        ref_nullable_typed:
          $ref: "#/components/schemas/Owner"
          type: object
          nullable: true
        wrapped: {allOf: [{$ref: "#/components/schemas/Owner"}], nullable: true}
        wrapped_part:
          allOf: [{$ref: "#/components/schemas/Owner"}, {nullable: true}]
        target_nullable: {$ref: "#/components/schemas/NullableOwner"}
        untyped: {nullable: true, description: anything at all}
        untyped_enum: {nullable: true, enum: [a, b]}
        shade: {$ref: "#/components/schemas/Shade"}
"""

THING = {
    "id": "t1",
    "kind": "thing",
    "count": 3,
    "owner": {"name": "ann", "age": 40},
    "completed_at": None,
}
NULLABLE = [
    "ref_nullable",
    "ref_nullable_typed",
    "wrapped",
    "wrapped_part",
    "target_nullable",
    "untyped",
    "untyped_enum",
    "shade",
]


@pytest.fixture(scope="module")
def pkg(build_package_once: Any) -> Any:
    return build_package_once(SPEC, "lenient_pkg")


# -- each construct decodes, and decode -> encode gives back what was sent ----------


def test_an_all_of_alias_decodes_again_and_again(pkg: Any) -> None:
    # allOf: [$ref] is an alias; a field typed `Alias | None` once crashed decoding,
    # and every later decode of the class then failed too (Asana GetProjectTemplateResponse).
    data = {**THING, "alias_owner": {"name": "bo"}}
    for _ in range(2):
        thing = pkg.models.Thing.from_dict(data)
        assert isinstance(thing.alias_owner, pkg.models.Owner)
        assert thing.to_dict() == data


def test_a_binary_property_decodes_and_encodes(pkg: Any) -> None:
    # format: binary is FileInput in the model; it once failed with NameError: os.
    data = {**THING, "upload": "aGVsbG8="}
    thing = pkg.models.Thing.from_dict(data)
    assert thing.upload == "aGVsbG8=" and thing.to_dict() == data
    built = pkg.models.Thing(
        id="t", count=1, owner=pkg.models.Owner(name="a"), completed_at=1, upload=b"x"
    )
    assert built.to_dict()["upload"] == b"x"
    assert pkg.mismatches(thing) == []


@pytest.mark.parametrize("name", NULLABLE)
def test_nullable_forms_are_typed_nullable_and_keep_their_null(
    pkg: Any, name: str
) -> None:
    # Optional and nullable: absent (NOT_GIVEN) and null (None) stay apart.
    assert pkg.models.Thing.__dataclass_fields__[name].default is pkg.NOT_GIVEN
    data = {**THING, name: None}
    thing = pkg.models.Thing.from_dict(data)
    assert getattr(thing, name) is None
    assert thing.to_dict() == data
    assert pkg.mismatches(thing) == []


def test_a_null_the_spec_does_not_allow_is_kept_and_reported(pkg: Any) -> None:
    data = {**THING, "note": None, "tags": None}
    thing = pkg.models.Thing.from_dict(data)
    assert thing.note is None and thing.tags is None
    assert thing.to_dict() == data  # the nulls are sent back, as they came
    assert [p for p, _ in pkg.mismatches(thing)] == ["$.note", "$.tags"]
    thing.note = "now set"
    assert thing.to_dict()["note"] == "now set"


def test_a_recursive_alias_decodes_models_at_every_depth(pkg: Any) -> None:
    data = {"trees": [{"v": 1}, [{"v": 2}, [{"v": 3}, "odd"]]]}
    forest = pkg.models.Forest.from_dict(data)
    leaf = forest.trees[1][1][0]
    assert isinstance(leaf, pkg.models.Leaf) and leaf.v == 3
    assert forest.to_dict() == data
    assert pkg.mismatches(forest) == [
        ("$.trees[1][1][1]", "expected Leaf | array, got a string")
    ]


# -- lenient by default --------------------------------------------------------------------


def test_a_missing_required_property_raises_only_when_read(pkg: Any) -> None:
    data = {k: v for k, v in THING.items() if k != "count"}
    thing = pkg.models.Thing.from_dict(data)
    assert thing.id == "t1" and thing.owner.name == "ann"
    with pytest.raises(
        AttributeError, match=r"Thing\.count: the response had no 'count'"
    ):
        thing.count
    assert getattr(thing, "count", None) is None
    assert "count=<missing>" in repr(thing)
    assert thing.to_dict() == data
    assert pkg.mismatches(thing) == [
        ("$.count", "required property 'count' of Thing is missing")
    ]
    assert thing != pkg.models.Thing.from_dict(THING)
    assert thing == pkg.models.Thing.from_dict(data)
    thing.count = 7
    assert thing.to_dict() == {**data, "count": 7} and pkg.mismatches(thing) == []


def test_a_missing_required_property_with_a_default_reads_its_default(pkg: Any) -> None:
    data = {k: v for k, v in THING.items() if k != "kind"}
    thing = pkg.models.Thing.from_dict(data)
    assert thing.kind == "thing"
    assert thing.to_dict() == data  # not sent back: the server did not send it
    assert [p for p, _ in pkg.mismatches(thing)] == ["$.kind"]


def test_a_missing_required_nullable_property_reads_as_none(pkg: Any) -> None:
    # Live APIs leave out null properties the spec marks required and nullable.
    data = {k: v for k, v in THING.items() if k != "completed_at"}
    thing = pkg.models.Thing.from_dict(data)
    assert thing.completed_at is None and thing.to_dict() == data
    assert pkg.mismatches(thing) == []


def test_wrongly_typed_values_stay_as_sent(pkg: Any) -> None:
    data = {
        **THING,
        "count": "3",
        "ratio": True,
        "owner": ["not", "an", "object"],
        "tags": ["a", 2],
        "alias_owner": {"age": "old"},
    }
    thing = pkg.models.Thing.from_dict(data)
    assert thing.count == "3" and thing.owner == ["not", "an", "object"]
    assert thing.to_dict() == data
    assert pkg.mismatches(thing) == [
        ("$.count", "expected an integer, got a string"),
        ("$.ratio", "expected a number, got a boolean"),
        ("$.owner", "expected an object for Owner, got an array"),
        ("$.tags[1]", "expected a string, got a number"),
        ("$.alias_owner.name", "required property 'name' of Owner is missing"),
        ("$.alias_owner.age", "expected an integer, got a string"),
    ]
    assert pkg.mismatches(thing.alias_owner) == [
        ("$.name", "required property 'name' of Owner is missing"),
        ("$.age", "expected an integer, got a string"),
    ]


def test_strict_from_dict_raises_with_the_json_path(pkg: Any) -> None:
    from lenient_pkg._runtime.models import DecodeError

    bad = {**THING, "owner": {"age": 1}}
    with pytest.raises(DecodeError) as info:
        pkg.models.Thing.from_dict(bad, strict=True)
    assert info.value.path == "$.owner.name"
    assert (
        str(info.value) == "$.owner.name: required property 'name' of Owner is missing"
    )
    assert pkg.models.Thing.from_dict(THING, strict=True).to_dict() == THING
    with pytest.raises(
        DecodeError, match=r"^\$: expected an object for Thing, got an array"
    ):
        pkg.models.Thing.from_dict([])  # type: ignore[arg-type]


# -- through the client: lenient by default, strict per client or per call ----------------


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_the_client_is_lenient_and_strict_on_request(pkg: Any, flavor: str) -> None:
    body = {**THING, "count": None, "owner": {"age": 1}}
    listed = [THING, body]
    with serve(
        lambda seen: Reply(200, listed if seen.path == "/things" else body)
    ) as server:
        thing = run(pkg, flavor, server.url, lambda c: c.things.retrieve("t1"))
        assert thing.to_dict() == body
        assert [p for p, _ in pkg.mismatches(thing)] == ["$.count", "$.owner.name"]
        many = run(pkg, flavor, server.url, lambda c: c.things.list())
        assert [t.to_dict() for t in many] == listed
        with pytest.raises(pkg.APIResponseValidationError) as info:
            run(
                pkg,
                flavor,
                server.url,
                lambda c: c.things.retrieve("t1"),
                strict_response_validation=True,
            )
        assert "$.count: expected an integer, got null" in str(info.value)
        assert info.value.body == body and info.value.status_code == 200
        with pytest.raises(pkg.APIResponseValidationError, match=r"\$\[1\]\.count"):
            run(
                pkg,
                flavor,
                server.url,
                lambda c: c.things.list(strict_response_validation=True),
            )
        lenient = run(
            pkg,
            flavor,
            server.url,
            lambda c: c.things.retrieve("t1", strict_response_validation=False),
            strict_response_validation=True,
        )
        assert lenient.to_dict() == body


def test_a_body_that_cannot_be_the_model_comes_back_as_sent(pkg: Any) -> None:
    body = ["not", "a", "thing"]
    with serve(lambda seen: Reply(200, body)) as server:
        assert run(pkg, "sync", server.url, lambda c: c.things.retrieve("t1")) == body
        with pytest.raises(
            pkg.APIResponseValidationError,
            match=r"\$: expected an object for Thing, got an array",
        ):
            run(
                pkg,
                "sync",
                server.url,
                lambda c: c.things.retrieve("t1"),
                strict_response_validation=True,
            )


# -- no string is evaluated at run time ------------------------------------------------------

RUNTIME = ROOT / "templates" / "runtime"
_BUILTINS = {"eval", "exec", "compile", "__import__"}
_TYPING = {"get_type_hints", "ForwardRef", "_eval_type"}


def _evaluating(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name) and node.id in _BUILTINS | _TYPING:
        return node.id
    if isinstance(node, ast.Attribute) and node.attr in _TYPING | {"eval", "exec"}:
        return node.attr
    if isinstance(node, ast.ImportFrom):
        names = {alias.name for alias in node.names} & (_BUILTINS | _TYPING)
        return ", ".join(sorted(names)) or None
    return None


def test_the_runtime_has_no_way_to_evaluate_a_string() -> None:
    found = []
    for path in sorted(RUNTIME.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = _evaluating(node)
            if name is not None:
                found.append(f"{path.name}:{getattr(node, 'lineno', 0)}: {name}")
    assert found == []


NO_EVAL = r"""
import builtins, importlib, json, sys, typing
sys.path.insert(0, sys.argv[1])
import lenient_pkg
from lenient_pkg import Client, mismatches
for name in lenient_pkg.models.__all__:
    getattr(lenient_pkg.models, name)  # every class made before the door closes
import pkgutil
import lenient_pkg._runtime as runtime
for info in pkgutil.iter_modules(runtime.__path__):  # imported before the door closes
    importlib.import_module("lenient_pkg._runtime." + info.name)
client = Client(api_key="k", base_url=sys.argv[3])
client.things.with_raw_response.retrieve("t1")  # what a call imports, without decoding

def refuse(*args, **kwargs):
    raise AssertionError("a string was evaluated")

builtins.eval = builtins.exec = builtins.compile = refuse
typing.get_type_hints = refuse
typing.ForwardRef._evaluate = refuse
body = json.loads(sys.argv[2])
thing = lenient_pkg.models.Thing.from_dict(body)
assert thing.to_dict() == body and repr(thing) and thing == thing
assert [p for p, _ in mismatches(thing)] == ["$.count"]
got = client.things.retrieve("t1")
assert got.to_dict() == body
many = client.things.list()
assert many[0].to_dict() == body
try:
    client.things.retrieve("t1", strict_response_validation=True)
except lenient_pkg.APIResponseValidationError as exc:
    assert "$.count" in str(exc)
else:
    raise AssertionError("strict decoding passed a bad body")
print("ok")
"""


def test_decoding_runs_with_eval_exec_and_type_hints_removed(pkg: Any) -> None:
    import json

    body = {**THING, "count": "three"}
    python = str(Path(pkg.__file__).parent.parent)
    reply = lambda seen: Reply(
        200, [body] if seen.path == "/things" else body
    )  # noqa: E731
    with serve(reply) as server:
        done = subprocess.run(
            [sys.executable, "-c", NO_EVAL, python, json.dumps(body), server.url],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok"
