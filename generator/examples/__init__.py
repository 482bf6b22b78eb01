"""Example values for the docs and example calls: true to their schemas.

`Examples.value` gives a value for a schema (the spec's own example where it
conforms, else one made up from the schema); `spec_example_problems` lists the
spec's examples that break their schemas, for diagnostics.
"""

from __future__ import annotations

from typing import Any, Iterator

from generator import ir
from generator.examples.synth import Examples

__all__ = ["Examples", "spec_example_problems"]


def spec_example_problems(api: ir.Api, examples: Examples) -> list[tuple[str, str]]:
    """(JSON pointer, message) for every example in the spec that breaks its schema."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for pointer, value, schema in _examples(api):
        if pointer in seen:
            continue
        seen.add(pointer)
        found = examples.problem(value, schema)
        if found is not None:
            out.append(
                (
                    pointer,
                    f"the example does not match its schema ({found}); it is not shown",
                )
            )
    return out


def _examples(api: ir.Api) -> Iterator[tuple[str, Any, ir.Schema]]:
    roots: list[ir.Schema] = [s.schema for s in api.schemas]
    for op in api.operations + api.webhooks:
        roots.extend(ir.operation_schemas(op))
        for p in op.parameters:
            if (
                not isinstance(p.example, ir.Missing)
                and p.example is not p.schema.example
            ):
                yield p.pointer, p.example, p.schema
        bodies = [op.request_body] if op.request_body is not None else []
        for media in [m for b in bodies for m in b.contents] + [
            m for r in op.responses for m in r.contents
        ]:
            # An event stream's example is the stream as sent; its schema is one event's.
            stream = (
                media.media_type.split(";")[0].strip().lower() == "text/event-stream"
            )
            if (
                media.schema is not None
                and not stream
                and not isinstance(media.example, ir.Missing)
            ):
                yield media.pointer, media.example, media.schema
    seen: set[int] = set()
    stack = roots
    while stack:
        schema = stack.pop()
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        if not isinstance(schema.example, ir.Missing):
            yield schema.pointer, schema.example, schema
        stack.extend(ir.children(schema))
