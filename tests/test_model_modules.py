"""Where model classes go: a request body as big as Stripe's checkout session
(74 nested objects, once a 3,264-line module) is split by the property its
nested objects belong to."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from support.checks import black_check, mypy_strict
from support.server import Reply, serve

from generator.python.models import MODULE_SIZE

BRANCHES = ("payment_method_options", "shipping_options", "subscription_data")
METHODS = 20


def _branch(name: str) -> dict[str, Any]:
    """An object holding METHODS objects of three properties each, each told
    apart by its description (equal ones would be one class: share.py)."""

    def method(i: int) -> dict[str, Any]:
        return {
            "type": "object",
            "description": f"Method {i} of {name}.",
            "properties": {
                "setup_future_usage": {
                    "type": "string",
                    "enum": ["none", "on_session"],
                },
                "reference": {"type": "string"},
                "capture": {"type": "boolean"},
            },
        }

    return {
        "type": "object",
        "properties": {f"method{i}": method(i) for i in range(METHODS)},
    }


def _spec() -> str:
    body = {
        "type": "object",
        "required": ["mode"],
        "properties": {
            "mode": {"type": "string"},
            "tag": {"type": "object", "properties": {"name": {"type": "string"}}},
            **{name: _branch(name) for name in BRANCHES},
        },
    }
    content = {"application/json": {"schema": body}}
    returned = {"application/json": {"schema": {**body, "description": "Made."}}}
    spec = {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/sessions": {
                "post": {
                    "operationId": "createSession",
                    "requestBody": {"required": True, "content": content},
                    "responses": {"200": {"description": "ok", "content": returned}},
                }
            }
        },
    }
    return json.dumps(spec, indent=1)


def _size(module: Path) -> int:
    """Classes and fields defined in a module."""
    classes = [
        n for n in ast.parse(module.read_text()).body if isinstance(n, ast.ClassDef)
    ]
    return sum(1 + sum(isinstance(b, ast.AnnAssign) for b in c.body) for c in classes)


def test_a_big_body_is_split_by_the_property_its_objects_belong_to(
    build_package: Any, tmp_path: Path
) -> None:
    # The body's own 5 fields, `tag` and three branches of 1 + 20 + 20 * 4: too
    # many for one module; without the two biggest branches (the first two of
    # three of one size) it fits.
    branch = 1 + METHODS + METHODS * 4
    assert 6 + 2 + 2 * branch > MODULE_SIZE >= 6 + 2 + branch
    pkg = build_package(_spec(), "big_body")
    modules = {
        name: module for name, module in pkg.models._MODULES.items() if name[0] != "_"
    }
    root = modules["CreateSessionBody"]
    assert modules["CreateSessionBodyTag"] == root
    for name, place in [
        ("PaymentMethodOptions", f"{root}_payment_method_options"),
        ("ShippingOptions", f"{root}_shipping_options"),
        ("SubscriptionData", root),
    ]:
        assert modules[f"CreateSessionBody{name}"] == place
        assert modules[f"CreateSessionBody{name}Method0"] == place
    files = sorted((Path(pkg.__file__).parent / "models").glob("create_session_*.py"))
    # The body in three; the response in one, its nested objects the body's.
    assert len(files) == 4
    assert max(_size(f) for f in files) <= MODULE_SIZE

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
