"""Where a decoded value does not match the spec: `mismatches()`.

Decoding keeps what the server sent even where it breaks the spec (a value of
the wrong type, a missing required property, a null where none is allowed).
This module finds those places, looking at the values as they are now, so a
value the user has since fixed is no longer reported.
"""

from __future__ import annotations

from typing import Any

from .core import NOT_GIVEN
from .models import _UNSET, Model, _plan, _plans, cast_type
from .schema import Mismatch, check as check_type

__all__ = ["Mismatch", "mismatches", "check_model", "check"]


def check_model(model: Model, path: str, out: list[Mismatch]) -> list[Mismatch]:
    """Append to out where model does not match its schema; return out."""
    plan = _plans.get(type(model)) or _plan(type(model))
    state = model._state
    name = type(model).__name__
    for f in plan.fields:
        where = f"{path}.{f.wire}"
        value = getattr(model, f.attr, _UNSET)
        left_out = (
            value is _UNSET
            or state is not None
            and f.attr in state.absent
            and value is state.absent[f.attr]
        )
        if left_out:
            if not (f.nullable and value is None):
                out.append(
                    Mismatch(
                        where, f"required property {f.wire!r} of {name} is missing"
                    )
                )
            continue
        if value is NOT_GIVEN or (
            value is None
            and f.omit_none
            and (state is None or f.attr not in state.nulls)
        ):
            continue
        out.extend(check_type(f.type, value, where))
    if plan.extras is not None:
        for key, value in model.additional_properties.items():
            out.extend(check_type(plan.extras, value, f"{path}.{key}"))
    return out


def check(tp: Any, value: Any) -> list[Mismatch]:
    """Every place a decoded value does not match tp (as models.decode takes it)."""
    return check_type(cast_type(tp), value)


def mismatches(value: Any) -> list[Mismatch]:
    """Where a decoded model (or a list or dict of them) does not match the spec.

    Each is a (JSON path, message) pair, the path starting at value:
    `[Mismatch(path='$.count', message='expected an integer, got a string')]`.
    Unknown properties, enum values and union variants are not mismatches.
    """
    if isinstance(value, Model):
        return check_model(value, "$", [])
    out: list[Mismatch] = []
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            out.extend(_prefixed(mismatches(item), f"$[{i}]"))
    elif isinstance(value, dict):
        for key, item in value.items():
            out.extend(_prefixed(mismatches(item), f"$.{key}"))
    return out


def _prefixed(found: list[Mismatch], prefix: str) -> list[Mismatch]:
    return [Mismatch(prefix + m.path[1:], m.message) for m in found]
