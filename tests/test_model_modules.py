"""Where model classes go: a request body as big as Stripe's checkout session
(74 nested objects, once a 3,264-line module) is split by the property its
nested objects belong to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from support.checks import black_check, mypy_strict
from support.server import Reply, serve

from generator.python.models import MODULE_SIZE

BRANCHES = ("payment_method_options", "shipping_options", "subscription_data")
METHODS = 20


def _branch() -> dict[str, Any]:
    """An object holding METHODS objects of three properties each."""
    method = {
        "type": "object",
        "properties": {
            "setup_future_usage": {"type": "string", "enum": ["none", "on_session"]},
            "reference": {"type": "string"},
            "capture": {"type": "boolean"},
        },
    }
    return {
        "type": "object",
        "properties": {f"method{i}": method for i in range(METHODS)},
    }


def _spec() -> str:
    body = {
        "type": "object",
        "required": ["mode"],
        "properties": {
            "mode": {"type": "string"},
            "tag": {"type": "object", "properties": {"name": {"type": "string"}}},
            **{name: _branch() for name in BRANCHES},
        },
    }
    content = {"application/json": {"schema": body}}
    spec = {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/sessions": {
                "post": {
                    "operationId": "createSession",
                    "requestBody": {"required": True, "content": content},
                    "responses": {"200": {"description": "ok", "content": content}},
                }
            }
        },
    }
    return json.dumps(spec, indent=1)


def test_a_big_body_is_split_by_the_property_its_objects_belong_to(
    build_package: Any, tmp_path: Path
) -> None:
    # 1 + 3 * (1 + 20 * 4) + 2 classes and properties: too many for one module.
    assert 2 + 3 + 3 * (1 + METHODS * 4) > MODULE_SIZE
    pkg = build_package(_spec(), "big_body")
    modules = {
        name: module for name, module in pkg.models._MODULES.items() if name[0] != "_"
    }
    root = modules["CreateSessionBody"]
    assert modules["CreateSessionBodyTag"] == root  # one object: stays beside its owner
    for branch in BRANCHES:
        name = "CreateSessionBody" + "".join(w.title() for w in branch.split("_"))
        assert modules[name] == f"{root}_{branch}"
        assert modules[name + "Method0"] == modules[name]

    wire = {
        "mode": "payment",
        "payment_method_options": {"method3": {"reference": "r", "capture": True}},
        "subscription_data": {"method19": {"setup_future_usage": "none"}},
    }
    with serve(lambda seen: Reply(200, seen.json())) as server:
        client = pkg.Client(base_url=server.url)
        got = client.sessions.create(
            mode="payment",
            payment_method_options=pkg.models.CreateSessionBodyPaymentMethodOptions(
                method3=pkg.models.CreateSessionBodyPaymentMethodOptionsMethod3(
                    reference="r", capture=True
                )
            ),
            subscription_data=pkg.models.CreateSessionBodySubscriptionData.from_dict(
                wire["subscription_data"]
            ),
        )
    assert server.last.json() == wire
    assert got.to_dict() == wire
    assert got.payment_method_options.method3.capture is True

    python = Path(pkg.__file__).parent.parent
    done = mypy_strict(python, ["big_body"], tmp_path / "mypy-cache")
    assert done.returncode == 0, done.stdout[-3000:]
    done = black_check(python, ["big_body"])
    assert done.returncode == 0, done.stderr[-3000:]
