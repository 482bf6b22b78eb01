"""The HTTP plan: what every output needs decided about an operation, decided once.

Between the IR and the views (the Python client, the docs): which request body
is sent and how it is encoded, which response is the success one and what kind
it is, whether the answer is a page of a list or a stream of events, and where
the operation sits in the client's resource tree. It is language-neutral: no
Python names, types or syntax.
"""

from __future__ import annotations

from dataclasses import replace

from generator import ir
from generator.plan.body import plan_body
from generator.plan.model import ApiPlan, OperationPlan
from generator.plan.resolve import Resolver
from generator.plan.response import plan_response
from generator.plan.tree import place_by_paths, place_by_tags

__all__ = ["plan_api", "plan_operation", "STRATEGIES"]

STRATEGIES = ("paths", "tags")


def plan_api(api: ir.Api, *, naming: str = "paths") -> ApiPlan:
    resolver = Resolver({s.pointer: s for s in api.schemas})
    plans = tuple(plan_operation(op, resolver) for op in api.operations)
    if naming == "tags":
        placements = place_by_tags(plans)
    else:
        placements = place_by_paths(plans, api, resolver)
    return ApiPlan(
        api=api,
        operations=tuple(
            replace(p, placement=placements[p.operation.pointer]) for p in plans
        ),
    )


def plan_operation(op: ir.Operation, resolver: Resolver) -> OperationPlan:
    body = plan_body(op.request_body, resolver)
    return OperationPlan(
        operation=op, body=body, response=plan_response(op, body, resolver)
    )
