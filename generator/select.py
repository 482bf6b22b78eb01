"""The select stage: the part of the API a target generates, under the names it wants.

Between the IR and the HTTP plan. Operations are kept or left out by the
target's `include`/`exclude`; schemas that nothing kept uses any more are
pruned; schemas are renamed as `rename_schemas` asks. A selector or a rename
that matches nothing is reported, since it is most likely a typo.
"""

from __future__ import annotations

from dataclasses import replace

from generator import ir
from generator.diagnostics import Diagnostics
from generator.options import NamingOptions, Selection, operation_keys, under


def select(api: ir.Api, options: NamingOptions, diagnostics: Diagnostics) -> ir.Api:
    _check_selection(api, options.include, "include", diagnostics)
    _check_selection(api, options.exclude, "exclude", diagnostics)
    operations = tuple(
        op
        for op in api.operations
        if (not options.include or options.include.matches(op))
        and not options.exclude.matches(op)
    )
    schemas = api.schemas
    if len(operations) != len(api.operations):
        used = _reachable(operations + api.webhooks, api)
        schemas = tuple(s for s in schemas if s.pointer in used)
    schemas = _renamed(schemas, options.rename_schemas, diagnostics)
    if operations == api.operations and schemas == api.schemas:
        return api
    return replace(api, operations=operations, schemas=schemas)


def _check_selection(
    api: ir.Api, selection: Selection, key: str, diagnostics: Diagnostics
) -> None:
    ops = api.operations
    for tag in selection.tags:
        if not any(tag in op.tags for op in ops):
            diagnostics.warning("unused-config", f"{key}: no operation has tag {tag!r}")
    for prefix in selection.paths:
        if not any(under(op.path, prefix) for op in ops):
            diagnostics.warning("unused-config", f"{key}: no path starts {prefix!r}")
    keys = {k for op in ops for k in operation_keys(op)}
    for name in selection.operations:
        if name not in keys:
            diagnostics.warning(
                "unused-config", f"{key}: no operation is called {name!r}"
            )


def _reachable(operations: tuple[ir.Operation, ...], api: ir.Api) -> set[str]:
    """Pointers of the named schemas the operations use, directly or not."""
    named = {s.pointer: s for s in api.schemas}
    stack: list[ir.Schema] = [s for op in operations for s in ir.operation_schemas(op)]
    used: set[str] = set()
    while stack:
        node = stack.pop()
        targets: list[str] = []
        if isinstance(node, ir.RefSchema):
            targets.append(node.target)
        if isinstance(node, ir.UnionSchema) and node.discriminator is not None:
            targets.extend(target for _, target in node.discriminator.mapping)
        for target in targets:
            if target not in used and target in named:
                used.add(target)
                stack.append(named[target].schema)
        stack.extend(ir.children(node))
    return used


def _renamed(
    schemas: tuple[ir.NamedSchema, ...],
    renames: tuple[tuple[str, str], ...],
    diagnostics: Diagnostics,
) -> tuple[ir.NamedSchema, ...]:
    if not renames:
        return schemas
    wanted = dict(renames)
    known = {s.name for s in schemas}
    for old in wanted:
        if old not in known:
            diagnostics.warning(
                "unused-config", f"rename_schemas: no schema is called {old!r}"
            )
    return tuple(
        replace(s, name=wanted[s.name]) if s.name in wanted else s for s in schemas
    )
