"""The HTTP plan and the runtime speak the same words."""

from __future__ import annotations

import importlib.util
from typing import Any

from conftest import ROOT

from generator.plan.model import ArgLocation, BodyEncoding, ResponseKind


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
