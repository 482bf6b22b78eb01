"""The HTTP plan: what every output needs decided about an operation, decided once.

Between the IR and the views (the Python client, the docs): which request body
is sent and how it is encoded, which response is the success one and what kind
it is, and whether the answer is a page of a list or a stream of events. It is
language-neutral: no Python names, types or syntax.
"""

from __future__ import annotations

from generator import ir
from generator.plan.body import plan_body
from generator.plan.model import ApiPlan, OperationPlan
from generator.plan.resolve import Resolver
from generator.plan.response import plan_response

__all__ = ["plan_api", "plan_operation"]


def plan_api(api: ir.Api) -> ApiPlan:
    resolver = Resolver({s.pointer: s for s in api.schemas})
    return ApiPlan(
        api=api,
        operations=tuple(plan_operation(op, resolver) for op in api.operations),
    )


def plan_operation(op: ir.Operation, resolver: Resolver) -> OperationPlan:
    body = plan_body(op.request_body, resolver)
    return OperationPlan(
        operation=op, body=body, response=plan_response(op, body, resolver)
    )
