"""The HTTP plan: what every output needs decided about an operation, decided once.

Between the IR and the views (the Python client, the docs): which request body
is sent and how it is encoded, which response is the success one and what kind
it is, whether the answer is a page of a list or a stream of events, which
credentials it takes (plan/security.py), and where the operation sits in the
client's resource tree. It is language-neutral: no Python names, types or syntax.
"""

from __future__ import annotations

from dataclasses import replace

from generator import ir
from generator.diagnostics import Diagnostics
from generator.options import NamingOptions, operation_keys, under
from generator.plan.body import plan_body
from generator.plan.model import ApiPlan, OperationPlan, Placement
from generator.plan.resolve import Resolver
from generator.plan.response import plan_response
from generator.plan.security import SecurityPlanner
from generator.plan.tree import place_by_paths, place_by_tags

__all__ = ["plan_api", "plan_operation"]


def plan_api(
    api: ir.Api,
    options: NamingOptions = NamingOptions(),
    diagnostics: Diagnostics | None = None,
) -> ApiPlan:
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    resolver = Resolver({s.pointer: s for s in api.schemas})
    security = SecurityPlanner(api)
    plans = tuple(
        replace(plan_operation(op, resolver), security=security.operation(op))
        for op in api.operations
    )
    if options.strategy == "tags":
        placements = place_by_tags(plans)
    else:
        placements = place_by_paths(plans, api, resolver, options.groups)
    placements = _overridden(plans, placements, options, diagnostics)
    return ApiPlan(
        api=api,
        operations=tuple(
            replace(p, placement=placements[p.operation.pointer]) for p in plans
        ),
        schemes=security.schemes([p.security for p in plans]),
        security=security.default,
    )


def plan_operation(op: ir.Operation, resolver: Resolver) -> OperationPlan:
    body = plan_body(op.request_body, resolver)
    return OperationPlan(
        operation=op, body=body, response=plan_response(op, body, resolver)
    )


def _overridden(
    plans: tuple[OperationPlan, ...],
    placements: dict[str, Placement],
    options: NamingOptions,
    diagnostics: Diagnostics,
) -> dict[str, Placement]:
    """Placements after the spec's SDK extensions, then the target's `rename`."""
    out = dict(placements)
    for plan in plans:
        op = plan.operation
        placement = out[op.pointer]
        if op.sdk_group is not None:
            placement = Placement(resource=op.sdk_group, action=placement.action)
        if op.sdk_method is not None:
            placement = Placement(resource=placement.resource, action=op.sdk_method)
        out[op.pointer] = placement
    renames = dict(options.rename)
    used: set[str] = set()
    for plan in plans:
        op = plan.operation
        key = next((k for k in operation_keys(op) if k in renames), None)
        if key is None:
            continue
        used.add(key)
        *resource, action = renames[key].split(".")
        out[op.pointer] = Placement(
            resource=tuple(resource) if resource else out[op.pointer].resource,
            action=action,
        )
    for key in renames.keys() - used:
        diagnostics.warning("unused-config", f"rename: no operation is called {key!r}")
    ops = [p.operation for p in plans]
    for prefix, _ in options.groups:
        if not any(under(op.path, prefix) for op in ops):
            diagnostics.warning("unused-config", f"groups: no path starts {prefix!r}")
    return out
