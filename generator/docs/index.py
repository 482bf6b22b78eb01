"""The pages that list: the index, each resource, the models; and the HTML site's
navigation and search index."""

from __future__ import annotations

from generator.docs import errors as runtime_errors
from generator.docs.model import (
    Crumb,
    ErrorRow,
    Fact,
    IndexDoc,
    NavItem,
    ResourceDoc,
    Row,
    SchemaIndexDoc,
    SearchEntry,
)
from generator.docs.text import (
    Blocks,
    Code,
    CodeBlock,
    Inlines,
    Ref,
    Text,
    first_sentence,
    plain_text,
)
from generator.docs.schemas import PAGE_IDS
from generator.docs.snippets import quickstart
from generator.docs.types import field_anchors
from generator.docs.view import SCHEMAS_DIR, DocsView, ResourceNode
from generator.python.credentials import SchemeView
from generator.python.models import ClassView

SCHEMAS_PER_PAGE = 400
INDEX = "index"
SCHEMA_INDEX = f"{SCHEMAS_DIR}/{INDEX}"


def home(docs: DocsView) -> Crumb:
    return Crumb("Index", INDEX)


def index_doc(docs: DocsView) -> IndexDoc:
    view = docs.view
    facts = [
        Fact(
            "Base URL",
            (
                (Code(view.base_url),)
                if view.base_url
                else (Text("none in the spec: pass "), Code("base_url"))
            ),
        ),
        Fact("Authentication", _auth(docs)),
    ]
    first = next(((r, r.operations[0]) for r in view.resources if r.operations), None)
    start = (
        quickstart(docs, *first)
        if first is not None
        else (
            CodeBlock(f"from {view.name} import Client\n\nclient = Client()", "python"),
        )
    )
    rows = tuple(_resource_row(docs, node) for node in docs.tree)
    return IndexDoc(
        key=INDEX,
        title=docs.api.title,
        crumbs=(),
        version=docs.api.version,
        description=docs.blocks(docs.api.description),
        package=view.name,
        facts=tuple(facts),
        quickstart=start,
        resources=rows,
        errors=tuple(_error_rows()),
        schemas_page=f"{SCHEMAS_DIR}/{INDEX}",
        schema_count=len(docs.schema_pages),
    )


def _auth(docs: DocsView) -> Inlines:
    """Each scheme: where its credential goes and where the client reads it from."""
    schemes = docs.view.credentials.schemes
    if not schemes:
        return (Text("none"),)
    out: Inlines = ()
    for i, scheme in enumerate(schemes):
        if i:
            out += (Text("; "),)
        if len(schemes) > 1:
            out += (Code(scheme.key), Text(": "))
        out += (Text(f"{scheme.location} "), Code(scheme.name))
        if scheme.prefix:
            out += (Text(f" ({scheme.prefix.strip()})"),)
        out += (Text(", "),) + credentials_source(scheme)
    return out


def credentials_source(scheme: SchemeView) -> Inlines:
    """from `api_key` or `ENV`; from `username` and `password` or `U` and `P`."""
    out: Inlines = (Text("from "),)
    for i, arg in enumerate(scheme.args):
        out += ((Text(" and "),) if i else ()) + (Code(arg),)
    out += (Text(" or "),)
    for i, env in enumerate(scheme.envs):
        out += ((Text(" and "),) if i else ()) + (Code(env),)
    return out


def _error_rows() -> list[ErrorRow]:
    rows = []
    for error in runtime_errors.standard_errors():
        status: Inlines = (Code(error.status),) if error.status else (Text("—"),)
        meaning = error.meaning + (" Retried." if error.retried else "")
        rows.append(ErrorRow(status, (Code(error.exception),), (Text(meaning),)))
    return rows


def _resource_row(docs: DocsView, node: ResourceNode) -> Row:
    count = _operation_count(node)
    summary: Inlines = ()
    if node.resource is not None and node.resource.doc:
        summary = first_sentence(docs.blocks(node.resource.doc))
    detail: Inlines = (Text(f"{count} operation{'s' if count != 1 else ''}"),)
    return Row((Ref((Code(f"client.{node.access}"),), node.page),), detail, summary)


def _operation_count(node: ResourceNode) -> int:
    own = len(node.resource.operations) if node.resource is not None else 0
    return own + sum(_operation_count(c) for c in node.children)


def crumbs_of(docs: DocsView, access: str) -> tuple[Crumb, ...]:
    """The way from the index to a resource (and its parents)."""
    parts = access.split(".")
    out = [home(docs)]
    for i in range(len(parts)):
        node = docs.node_at(".".join(parts[: i + 1]))
        out.append(Crumb(node.access, node.page))
    return tuple(out)


def resource_doc(docs: DocsView, node: ResourceNode) -> ResourceDoc:
    operations = []
    description: Blocks = ()
    if node.resource is not None:
        description = docs.blocks(node.resource.doc)
        for op in node.resource.operations:
            page = docs.operation_page(node.resource, op)
            http = (Code(f"{op.http_method} {op.operation.path}"),)
            link = (Ref((Code(op.name),), page),)
            summary = docs.inline(op.summary)
            if op.deprecated:
                summary = (Text("Deprecated. "),) + summary
            operations.append(Row(link, http, summary))
    return ResourceDoc(
        key=node.page,
        title=f"client.{node.access}",
        crumbs=crumbs_of(docs, node.access)[:-1],
        description=description,
        operations=tuple(operations),
        resources=tuple(_resource_row(docs, c) for c in node.children),
    )


def schema_index_chunks(docs: DocsView) -> list[tuple[str, list[str]]]:
    """The list of models, split into pages of SCHEMAS_PER_PAGE: (page, names)."""
    names = sorted(docs.schema_pages, key=lambda n: (n.lower(), n))
    chunks = [
        names[i : i + SCHEMAS_PER_PAGE] for i in range(0, len(names), SCHEMAS_PER_PAGE)
    ] or [[]]
    keys = [f"{SCHEMAS_DIR}/{INDEX}"] + [
        f"{SCHEMAS_DIR}/{INDEX}-{n}" for n in range(2, len(chunks) + 1)
    ]
    return list(zip(keys, chunks))


def schema_index_docs(docs: DocsView) -> list[SchemaIndexDoc]:
    """Every page of the list of models."""
    chunks = schema_index_chunks(docs)
    return [schema_index_doc(docs, chunks, i) for i in range(len(chunks))]


def schema_index_doc(
    docs: DocsView, chunks: list[tuple[str, list[str]]], number: int
) -> SchemaIndexDoc:
    """Page `number` of the list of models (of `schema_index_chunks`)."""
    parts = tuple(
        Row((Ref((Text(f"{chunk[0]} … {chunk[-1]}"),), key),), (), ())
        for key, chunk in chunks
        if chunk
    )
    key, chunk = chunks[number]
    return SchemaIndexDoc(
        key=key,
        title="Models",
        crumbs=(home(docs),),
        parts=parts if len(chunks) > 1 else (),
        schemas=tuple(_schema_row(docs, name) for name in chunk),
    )


def _schema_row(docs: DocsView, name: str) -> Row:
    page = docs.schema_pages[name]
    schema = docs.schema_of(name)
    summary: Inlines = ()
    if schema is not None:
        summary = first_sentence(docs.blocks(schema.description or schema.title))
    return Row((Ref((Text(name),), page),), (), summary)


# -- the HTML site -----------------------------------------------------------------------


def navigation(docs: DocsView) -> tuple[NavItem, ...]:
    """The resource tree with each resource's operations (shown around the current page)."""

    def item(node: ResourceNode) -> NavItem:
        ops: tuple[NavItem, ...] = ()
        if node.resource is not None:
            ops = tuple(
                NavItem(op.name, docs.operation_page(node.resource, op))
                for op in node.resource.operations
            )
        return NavItem(
            node.access, node.page, ops + tuple(item(c) for c in node.children)
        )

    return tuple(item(n) for n in docs.tree) + (
        NavItem("Models", f"{SCHEMAS_DIR}/{INDEX}"),
    )


def search_entries(docs: DocsView) -> list[SearchEntry]:
    """Operations, resources, models and their fields, for the site's search box."""
    out = []
    for node in docs.nodes():
        out.append(SearchEntry(f"client.{node.access}", "resource", "", node.page))
        if node.resource is None:
            continue
        for op in node.resource.operations:
            page = docs.operation_page(node.resource, op)
            detail = f"{op.http_method} {op.operation.path} — {plain_text(docs.inline(op.summary))}"
            out.append(
                SearchEntry(f"{node.access}.{op.name}", "operation", detail[:160], page)
            )
    for name, page in sorted(docs.schema_pages.items()):
        schema = docs.schema_of(name)
        text = schema.description if schema is not None else None
        summary = plain_text(first_sentence(docs.blocks(text)))
        out.append(SearchEntry(name, "model", summary[:160], page))
        definition = docs.definitions[name]
        if isinstance(definition, ClassView):
            anchors = field_anchors(definition, PAGE_IDS)
            for f, anchor in zip(definition.fields, anchors):
                out.append(SearchEntry(f"{name}.{f.name}", "field", "", page, anchor))
    return out
