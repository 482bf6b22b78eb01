"""The pages of a package's docs, each rendered on demand."""

from __future__ import annotations

from functools import partial
from typing import Callable

from generator import ir
from generator.docs.view import DocsBuilder
from generator.python.models import AliasView, ClassView
from generator.python.operations import OperationView, ResourceView
from generator.python.package import PackageView
from generator.render import docs_header, render

Unit = tuple[str, Callable[[], str]]


def docs_units(api: ir.Api, view: PackageView, spec_name: str) -> list[Unit]:
    builder = DocsBuilder(api, view)
    base = f"docs/{view.name}/"
    comment = docs_header(spec_name)
    units: list[Unit] = []
    for resource in view.resources:
        for op in resource.operations:
            path = base + builder.operation_path(resource, op)
            units.append((path, partial(_operation, builder, resource, op, comment)))
    for module in view.models.modules:
        for definition in module.definitions:
            path = base + builder.schema_path(definition.name)
            units.append((path, partial(_schema, builder, definition, comment)))
    units.append((base + "index.md", partial(_index, builder, comment)))
    return units


def render_docs(api: ir.Api, view: PackageView, spec_name: str) -> dict[str, str]:
    return {path: make() for path, make in docs_units(api, view, spec_name)}


def _operation(
    builder: DocsBuilder, resource: ResourceView, op: OperationView, comment: str
) -> str:
    doc = builder.operation(resource, op)
    return render(
        "docs/operation.md.jinja", doc=doc, comment=comment, package=builder.view.name
    )


def _schema(
    builder: DocsBuilder, definition: ClassView | AliasView, comment: str
) -> str:
    doc = builder.schema(definition)
    return render(
        "docs/schema.md.jinja", doc=doc, comment=comment, package=builder.view.name
    )


def _index(builder: DocsBuilder, comment: str) -> str:
    return render("docs/index.md.jinja", doc=builder.index(), comment=comment)
