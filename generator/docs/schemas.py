"""The page of one model: its class or alias, fields, values, example and users."""

from __future__ import annotations

from generator import ir
from generator.docs import types as ty
from generator.docs.model import Crumb, JsonExample, SchemaDoc
from generator.docs.text import (
    Blocks,
    Code,
    CodeBlock,
    Inlines,
    Para,
    Ref,
    Text,
    join,
)
from generator.docs.view import Definition, DocsView
from generator.python.models import ClassView

USED_BY_LIMIT = 10
# Ids a schema page uses itself (and the site's layout), which fields may not take.
PAGE_IDS = ("fields", "example", "used-by", "search", "search-results", "nav")


def schema_doc(
    docs: DocsView,
    definition: Definition,
    used_by: list[tuple[str, str]],
    crumbs: tuple[Crumb, ...],
) -> SchemaDoc:
    page = docs.schema_page(definition.name)
    assert page is not None
    schema = docs.schema_of(definition.name)
    description = None
    if schema is not None:
        description = schema.description or schema.title
    taken: set[str] = set(PAGE_IDS)
    example = None
    # Named schemas show an example; an inline object's is part of its parent's.
    if schema is not None and docs.pointer_of.get(definition.name) in docs.named:
        value = docs.examples.example(schema)
        if not isinstance(value, ir.Missing):
            example = JsonExample("Example", value, schema.pointer, False)
    import_line = (
        Para((Code(f"from {docs.view.name}.models import {definition.name}"),)),
    )
    links: list[Inlines] = [
        (Ref((Text(label),), target),) for label, target in used_by[:USED_BY_LIMIT]
    ]
    if len(used_by) > USED_BY_LIMIT:
        links.append((Text(f"and {len(used_by) - USED_BY_LIMIT} more"),))
    type_: Inlines
    if isinstance(definition, ClassView):
        fields: Blocks = (ty.field_entries(docs, definition, "", taken),)
        notes = _class_notes(docs, definition)
        kind, type_ = "class", ()
        summary: Inlines = (
            Code(definition.name + " " + ty.fields_summary(docs, definition)),
        )
    else:
        fields = ()
        notes = ty.described(docs, None, ty.notes(docs, schema) if schema else [])
        notes += ty.variants_note(docs, definition.type)
        kind, type_ = "alias", ty.type_inlines(docs, definition.type)
        summary = (Code(definition.name), Text(" = "), *type_)
    return SchemaDoc(
        key=page,
        title=definition.name,
        crumbs=crumbs,
        import_line=import_line,
        summary_line=summary,
        description=docs.blocks(description),
        kind=kind,
        type=type_,
        fields=fields,
        notes=notes,
        example=example,
        used_by=join(links, (Text(", "),)),
    )


def _class_notes(docs: DocsView, cls: ClassView) -> Blocks:
    """Typed extra properties (untyped ones are kept too, as the models index says)."""
    if cls.extras is not None:
        lead: Inlines = (Text("Other properties: "), *ty.type_inlines(docs, cls.extras))
        return (Para(lead + (Text(", in "), Code("additional_properties"), Text("."))),)
    return ()


def users(docs: DocsView) -> dict[str, list[tuple[str, str]]]:
    """Who uses each model: (label, page) of the models and operations that refer to it."""
    used: dict[str, set[tuple[str, str]]] = {}
    for module in docs.view.models.modules:
        for d in module.definitions:
            types = d.types() if isinstance(d, ClassView) else [d.type]
            page = docs.schema_page(d.name)
            for py in types:
                for ref in py.refs():
                    if ref != d.name and page is not None:
                        used.setdefault(ref, set()).add((d.name, page))
    for resource in docs.view.resources:
        for op in resource.operations:
            types = [a.type for a in op.args] + (
                [op.return_type] if op.return_type else []
            )
            label = f"{resource.access}.{op.name}"
            page = docs.operation_page(resource, op)
            for py in types:
                for ref in py.refs():
                    used.setdefault(ref, set()).add((label, page))
    return {k: sorted(v) for k, v in used.items()}
