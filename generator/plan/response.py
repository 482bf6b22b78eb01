"""Which response is the success one, what it decodes to, and how it arrives:
whole, as a page of a list, or as a stream of events."""

from __future__ import annotations

from generator import ir
from generator.plan import media as mt
from generator.plan.model import (
    BodyPlan,
    PagePlan,
    ResponseKind,
    ResponsePlan,
    StreamPlan,
)
from generator.plan.resolve import Resolver

CURSOR_PARAMS = ("after", "starting_after")


def plan_response(
    op: ir.Operation, body: BodyPlan | None, resolver: Resolver
) -> ResponsePlan:
    success = tuple(
        sorted((r for r in op.responses if r.status.startswith("2")), key=_status)
    ) or tuple(r for r in op.responses if r.status == "default")
    contents = [m for r in success for m in r.contents]
    events = tuple(
        m.schema or ir.AnySchema(pointer=m.pointer)
        for m in contents
        if mt.is_event_stream(m.media_type)
    )
    contents = [m for m in contents if not mt.is_event_stream(m.media_type)]
    schemas = tuple(
        m.schema or ir.AnySchema(pointer=m.pointer)
        for m in contents
        if mt.is_json(m.media_type)
    )
    kind = _kind(contents, schemas, events)
    accept = _accept(contents) if kind is ResponseKind.JSON else None
    plan = ResponsePlan(
        kind=kind, responses=success, schemas=schemas, events=events, accept=accept
    )
    if kind is ResponseKind.JSON:
        page = _page(op, resolver)
        if page is not None:
            return ResponsePlan(
                kind=ResponseKind.PAGE,
                responses=success,
                schemas=schemas,
                events=events,
                accept=accept,
                page=page,
            )
    stream = _stream(body, events, kind, resolver)
    if stream is not None:
        return ResponsePlan(
            kind=kind,
            responses=success,
            schemas=schemas,
            events=events,
            accept=accept,
            stream=stream,
        )
    return plan


def _accept(contents: list[ir.MediaType]) -> str | None:
    """The JSON media types to accept, when they are not just application/json."""
    wanted = list(
        dict.fromkeys(m.media_type for m in contents if mt.is_json(m.media_type))
    )
    return None if wanted in ([], ["application/json"]) else ", ".join(wanted)


def _status(response: ir.Response) -> str:
    return response.status


def _kind(
    contents: list[ir.MediaType],
    schemas: tuple[ir.Schema, ...],
    events: tuple[ir.Schema, ...],
) -> ResponseKind:
    if not contents:
        return ResponseKind.SSE if events else ResponseKind.NONE
    if any(mt.is_binary(m) for m in contents):
        return ResponseKind.BINARY
    if schemas:
        return ResponseKind.JSON
    if any(m.media_type.startswith("text/") for m in contents):
        return ResponseKind.TEXT
    return ResponseKind.BINARY


def _page(op: ir.Operation, resolver: Resolver) -> PagePlan | None:
    """A cursor-paginated list: a GET with an `after` (or `starting_after`) query
    parameter whose response is an object with a `data` array and a `has_more`
    boolean."""
    if op.method != "get":
        return None
    query = [p for p in op.parameters if p.location is ir.Location.QUERY]
    ordered = [p for p in query if p.required] + [p for p in query if not p.required]
    cursor = next((p for p in ordered if p.name in CURSOR_PARAMS), None)
    if cursor is None:
        return None
    schema = next(
        (
            m.schema
            for r in op.responses
            if r.status.startswith("2")
            for m in r.contents
            if mt.is_json(m.media_type) and m.schema is not None
        ),
        None,
    )
    target = resolver.object_of(schema) if schema is not None else None
    if target is None:
        return None
    props = {p.name: resolver.resolve(p.schema) for p in target.properties}
    data, more = props.get("data"), props.get("has_more")
    if not isinstance(data, ir.ArraySchema) or not (
        isinstance(more, ir.PrimitiveSchema) and more.type is ir.Primitive.BOOLEAN
    ):
        return None
    return PagePlan(items=data.items, cursor_param=cursor.name)


def _stream(
    body: BodyPlan | None,
    events: tuple[ir.Schema, ...],
    kind: ResponseKind,
    resolver: Resolver,
) -> StreamPlan | None:
    """The boolean body property `stream` that turns a JSON answer into events."""
    if not events or kind in (ResponseKind.SSE, ResponseKind.NONE):
        return None
    if body is None or body.fields is None:
        return None
    for prop in body.fields:
        target = resolver.resolve(prop.schema)
        if (
            prop.name == "stream"
            and isinstance(target, ir.PrimitiveSchema)
            and target.type is ir.Primitive.BOOLEAN
        ):
            return StreamPlan(param=prop.name)
    return None
