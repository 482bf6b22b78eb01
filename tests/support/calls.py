"""One call of the conformance suite: the spec's operations, and what became of each call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from support.operations import Operation
from support.values import Values

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


OUTCOMES = ("ok", "rejected", "decode", "exception")


@dataclass
class Result:
    key: tuple[str, str]  # (METHOD, path)
    flavor: str
    outcome: str
    fault: str | None = None  # client, spec or prism; None when ok
    reason: str = ""

    def line(self) -> str:
        return (
            f"{self.key[0]} {self.key[1]} [{self.flavor}] {self.outcome}: {self.reason}"
        )


@dataclass
class SpecOperation:
    key: tuple[str, str]
    node: dict[str, Any]  # the operation object
    parameters: list[dict[str, Any]]  # resolved, path-level ones merged in


def spec_operations(spec: dict[str, Any], values: Values) -> list[SpecOperation]:
    out = []
    for path, item in (spec.get("paths") or {}).items():
        item = values.resolve(item)
        if not isinstance(item, dict):
            continue
        shared = [values.resolve(p) for p in item.get("parameters") or []]
        for method in METHODS:
            node = item.get(method)
            if not isinstance(node, dict):
                continue
            own = [values.resolve(p) for p in node.get("parameters") or []]
            keys = {(p.get("name"), p.get("in")) for p in own if isinstance(p, dict)}
            merged = [
                p
                for p in shared
                if isinstance(p, dict) and (p.get("name"), p.get("in")) not in keys
            ]
            merged += [p for p in own if isinstance(p, dict)]
            out.append(SpecOperation((method.upper(), path), node, merged))
    return out


def match(
    ops: dict[tuple[str, str], Operation], key: tuple[str, str]
) -> Operation | None:
    if key in ops:
        return ops[key]
    route = key[1].split("?")[0].split("#")[0]  # a path key with a query or fragment
    found = [
        op
        for (method, path), op in ops.items()
        if method == key[0] and path.split("?")[0].split("#")[0] == route
    ]
    return found[0] if len(found) == 1 else None
