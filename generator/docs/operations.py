"""The page of one operation: its call, HTTP facts, parameters, result, errors, examples.

Which body is sent, which response is the success one and what it becomes come
from the HTTP plan (`op.plan`); the docs only say it.
"""

from __future__ import annotations

import urllib.parse

from generator import ir, naming
from generator.docs import errors as runtime_errors
from generator.docs import types as ty
from generator.docs.index import credentials_source
from generator.docs.model import Crumb, ErrorRow, Fact, OperationDoc, Section
from generator.docs.snippets import operation_snippets
from generator.docs.text import (
    Block,
    Blocks,
    Code,
    CodeBlock,
    Entries,
    Entry,
    Inline,
    Inlines,
    Link,
    Para,
    Ref,
    Text,
    join,
)
from generator.docs.view import DocsView
from generator.plan.model import ResponseKind, SecurityPlan
from generator.compat import assert_never
from generator.python import pytypes as t
from generator.python.credentials import SchemeView
from generator.python.models import ClassView
from generator.python.operations import ArgView, OperationView
from generator.python.resources import ResourceView

LINE_LENGTH = 88
ENUM_LIMIT = 12  # enum values listed on an operation page; the rest on the schema page
RETURN_LEVELS = 2  # levels of the returned object's fields shown on the page
# Nested fields are shown in place only while the whole list stays this short: a
# big object's nested objects have their own pages, one link away. Without the
# bound, Stripe's operation pages repeated 4,391 nested fields, each also on its
# model's page.
RETURN_ENTRIES = 40
_LOCATIONS = (
    ("path", "Path parameters"),
    ("query", "Query parameters"),
    ("header", "Header parameters"),
    ("cookie", "Cookie parameters"),
    ("body", "Body parameters"),
    ("body-root", "Request body"),
)


def operation_doc(
    docs: DocsView, resource: ResourceView, op: OperationView, crumbs: tuple[Crumb, ...]
) -> OperationDoc:
    page = docs.operation_page(resource, op)
    taken: set[str] = set()
    ir_op = op.operation
    snippets, examples = operation_snippets(docs, resource, op)
    returns = _returns(docs, op, taken)
    return OperationDoc(
        key=page,
        title=f"{resource.access}.{op.name}",
        crumbs=crumbs,
        signature=(CodeBlock(signature(resource, op), "python"),),
        returns_line=_returns_line(docs, op),
        http=(Code(f"{op.http_method} {ir_op.path}"),),
        deprecated=op.deprecated,
        # Without a summary in the spec, the view's is the description's first
        # line (or the method and path): shown below, it would say it twice.
        summary=docs.inline(op.summary) if ir_op.summary else (),
        description=(
            docs.blocks(ir_op.description)
            if ir_op.description and ir_op.description != ir_op.summary
            else ()
        ),
        facts=tuple(_facts(docs, op)),
        sections=tuple(_sections(docs, op, taken)),
        returns=returns,
        errors=tuple(_errors(docs, op)),
        standard_errors=_standard_errors(op),
        snippets=snippets,
        examples=examples,
    )


def signature(resource: ResourceView, op: OperationView) -> str:
    """The method's signature, one argument a line when it does not fit on one."""
    parts = [a.name for a in op.positional]
    if op.keyword:
        parts.append("*")
        parts.extend(
            a.name if a.required else f"{a.name}={a.default}" for a in op.keyword
        )
    parts.append("**options")
    head = f"client.{resource.access}.{op.name}("
    tail = f") -> {op.sync_return}"
    line = head + ", ".join(parts) + tail
    if len(line) <= LINE_LENGTH:
        return line
    return head + "\n" + "".join(f"    {p},\n" for p in parts) + tail


def _returns_line(docs: DocsView, op: OperationView) -> Inlines:
    lead: Inlines = (Text("Returns "),)
    kind = op.plan.response.kind
    if op.return_type is None or kind is ResponseKind.NONE:
        return lead + (Code(op.sync_return),)
    summary = ty.summary_inlines(docs, op.return_type)
    match kind:
        case ResponseKind.PAGE:
            return lead + (Code("SyncCursorPage"), Text(" of "), *summary)
        case ResponseKind.SSE:
            return lead + (Code("Stream"), Text(" of "), *summary)
        case _:
            return lead + summary


def _facts(docs: DocsView, op: OperationView) -> list[Fact]:
    ir_op = op.operation
    facts = []
    if ir_op.operation_id:
        facts.append(Fact("Operation ID", (Code(ir_op.operation_id),)))
    if ir_op.tags:
        facts.append(
            Fact("Tags", join([(Text(t),) for t in ir_op.tags], (Text(", "),)))
        )
    facts.append(Fact("Authentication", _auth(docs, op.plan.security)))
    # Content types are shown when they are other than the usual JSON, and when
    # a body is sent at all (not for one that can only be empty, plan/body.py).
    body = op.plan.body
    if (
        body is not None
        and ir_op.request_body
        and _not_just_json(ir_op.request_body.contents)
    ):
        sent = [(Code(m.media_type),) for m in ir_op.request_body.contents]
        facts.append(Fact("Request content types", join(sent, (Text(", "),))))
    if body is not None and ir_op.request_body and len(ir_op.request_body.contents) > 1:
        facts.append(Fact("Sent as", (Code(body.media.media_type),)))
    responses = op.plan.response.responses
    types = sorted({m.media_type for r in responses for m in r.contents})
    if types and types != [_JSON]:
        facts.append(
            Fact(
                "Response content types",
                join([(Code(x),) for x in types], (Text(", "),)),
            )
        )
    if ir_op.external_docs:
        url = docs.links.resolve(ir_op.external_docs)
        if url is not None:
            host = urllib.parse.urlsplit(url).hostname or url
            facts.append(Fact("More", (Link((Text(f"on {host}"),), url),)))
    return facts


_JSON = "application/json"


def _not_just_json(contents: tuple[ir.MediaType, ...]) -> bool:
    return [m.media_type for m in contents] != [_JSON]


def _auth(docs: DocsView, security: SecurityPlan) -> Inlines:
    """The alternatives ("or"), each the credentials sent together ("and")."""
    ways: list[Inlines] = []
    for index, alternative in enumerate(security.alternatives):
        parts = [_sent(docs.view.credentials.scheme(k)) for k in alternative]
        if security.unsent_of(index):
            parts.append(_unsent(security.unsent_of(index)))
        ways.append(join(parts, (Text(" and "),)) if parts else (Text("none"),))
    return join(ways, (Text(", or "),)) if ways else (Text("none"),)


def _sent(scheme: SchemeView) -> Inlines:
    """`Authorization: Bearer $ENV` (from `api_key` or `ENV`)."""
    source: Inlines = (Text(" ("),) + credentials_source(scheme) + (Text(")"),)
    if scheme.basic:
        user, password = scheme.envs
        shown = f"{scheme.name}: {scheme.prefix}base64(${user}:${password})"
        return (Code(shown),) + source
    if scheme.location == "header":
        return (Code(f"{scheme.name}: {scheme.prefix}${scheme.envs[0]}"),) + source
    return (Text(f"{scheme.location} parameter "), Code(scheme.name)) + source


def _unsent(keys: tuple[str, ...]) -> Inlines:
    """Schemes the client cannot send: the caller adds them."""
    named = join([(Code(k),) for k in keys], (Text(", "),))
    return named + (
        Text(" (not sent by the client: pass them in "),
        Code("extra_headers"),
        Text(")"),
    )


# -- parameters ------------------------------------------------------------------------


def _sections(docs: DocsView, op: OperationView, taken: set[str]) -> list[Section]:
    out = []
    for location, title in _LOCATIONS:
        args = [a for a in op.args if a.location == location]
        if not args:
            continue
        entries = tuple(_param(docs, a, taken) for a in args)
        blocks: Blocks = (Entries(entries),)
        if location in ("body", "body-root"):
            blocks = _body_intro(docs, op) + blocks
        anchor = naming.doc_anchor("", title.lower().replace(" ", "-"), taken)
        out.append(Section(title, anchor, blocks))
    return out


def _param(docs: DocsView, arg: ArgView, taken: set[str]) -> Entry:
    notes: list[Inlines] = []
    if arg.wire != arg.name:
        notes.append((Text("Sent as "), Code(arg.wire)))
    notes.extend(ty.notes(docs, arg.schema))
    given = docs.examples.given(arg.example, arg.schema)
    if not isinstance(given, ir.Missing):
        notes.append((Text("Example: "), Code(ty._json(given))))
    py = ty.documented(arg.type, arg.nullable)
    term: list[Inline] = [Code(arg.name), Text(": "), *ty.type_inlines(docs, py)]
    term.append(Text(", required" if arg.required else ", optional"))
    anchor = naming.doc_anchor("param", arg.name, taken)
    return Entry(anchor, tuple(term), ty.described(docs, arg.doc, notes))


def _body_intro(docs: DocsView, op: OperationView) -> Blocks:
    body = op.plan.body
    if body is None:
        return ()
    parts: list[Inline] = [Text("Sent as "), Code(body.media.media_type)]
    if body.fields is not None:
        py = docs.mapper.map(body.schema)
        parts += [Text(", an object: "), *ty.type_inlines(docs, py)]
    if not body.required:
        parts.append(Text(" (the body is optional)"))
    parts.append(Text("."))
    return (Para(tuple(parts)),) + docs.blocks(body.description)


# -- result ------------------------------------------------------------------------------


def _returns(docs: DocsView, op: OperationView, taken: set[str]) -> Section:
    blocks: list[Block] = []
    response = op.plan.response
    for r in response.responses:
        lead: Inlines = (Text("Status "), Code(r.status), Text(": "))
        blocks.append(
            Para(lead + docs.inline(" ".join(r.description.split()) or "success"))
        )
    blocks.extend(_result(docs, op))
    headers = [h for r in response.responses for h in r.headers]
    if headers:
        blocks.append(Para((Text("Response headers:"),)))
        blocks.append(
            Entries(
                tuple(
                    Entry(
                        naming.doc_anchor("header", h.name, taken),
                        (
                            Code(h.name),
                            Text(": "),
                            *ty.type_inlines(docs, docs.mapper.map(h.schema)),
                        ),
                        ty.described(
                            docs,
                            h.description,
                            ty.notes(docs, h.schema, limit=ENUM_LIMIT),
                        ),
                    )
                    for h in headers
                )
            )
        )
    py = op.return_type
    if py is not None and op.plan.response.kind is not ResponseKind.TEXT:
        blocks.extend(ty.variants_note(docs, py))
        cls = _returned_class(docs, py)
        if cls is not None:
            blocks.append(returned_fields(docs, cls, taken))
    anchor = naming.doc_anchor("", "returns", taken)
    return Section("Returns", anchor, tuple(blocks))


def returned_fields(docs: DocsView, cls: ClassView, taken: set[str]) -> Entries:
    """The fields of a returned class, expanded. Every operation that returns the
    class shows the same entries: they are built once, so that the renderers can
    reuse what they made of them on the pages of one directory (Stripe's
    `Invoice`, 79 fields and 30 kB of Markdown, is returned by 15 operations).
    Built anew only when one of their anchors is already taken on this page."""
    entries = docs.returned_fields.get(cls.name)
    if entries is None:
        entries = _bounded(docs, cls, set())
        docs.returned_fields[cls.name] = entries
    anchors = ty.anchors_of(entries.entries)
    if not anchors.isdisjoint(taken):
        return _bounded(docs, cls, taken)
    taken |= anchors
    return entries


def _bounded(docs: DocsView, cls: ClassView, taken: set[str]) -> Entries:
    """The class's fields with their small nested objects' fields, or without
    those when all together would be more than RETURN_ENTRIES."""
    before = set(taken)
    entries = ty.field_entries(
        docs, cls, "returns", taken, levels=RETURN_LEVELS, limit=ENUM_LIMIT
    )
    if len(ty.anchors_of(entries.entries)) <= RETURN_ENTRIES:
        return entries
    taken.intersection_update(before)
    return ty.field_entries(docs, cls, "returns", taken, levels=1, limit=ENUM_LIMIT)


def _result(docs: DocsView, op: OperationView) -> Blocks:
    kind = op.plan.response.kind
    py = op.return_type
    match kind:
        case ResponseKind.NONE:
            return (Para((Code("None"), Text(": the response has no body."))),)
        case ResponseKind.BINARY:
            return (
                Para(
                    (
                        Code(op.sync_return),
                        Text(" ("),
                        Code(op.async_return),
                        Text(" from the async client): the body, streamed. Iterate "),
                        Code("iter_bytes()"),
                        Text(", call "),
                        Code("read()"),
                        Text(" or "),
                        Code("write_to_file(path)"),
                        Text("."),
                    )
                ),
            )
        case ResponseKind.TEXT:
            return (Para((Code("str"), Text(": the body as text."))),)
        case ResponseKind.PAGE | ResponseKind.SSE | ResponseKind.JSON:
            return _decoded(docs, op, py)
        case _:
            assert_never(kind)


def _decoded(docs: DocsView, op: OperationView, py: t.PyType | None) -> Blocks:
    kind = op.plan.response.kind
    parts: list[Inline] = []
    if kind is ResponseKind.PAGE:
        parts += [
            Code(op.sync_return),
            Text(
                ": a page of a list; iterating it goes through every item of every page. Each item is "
            ),
        ]
    elif kind is ResponseKind.SSE:
        parts += [Code(op.sync_return), Text(": server-sent events, each decoded as ")]
    if py is None:
        return (Para(tuple(parts) + (Code("Any"),)),)
    parts += ty.type_inlines(docs, py)
    target = _returned_schema(docs, py)
    description = docs.described(target) if target is not None else None
    blocks: list[Para] = [
        Para(tuple(parts) + ((Text("."),) if kind is not ResponseKind.JSON else ()))
    ]
    if op.stream_type is not None and op.plan.response.stream is not None:
        blocks.append(
            Para(
                (
                    Text("With "),
                    Code(f"{op.plan.response.stream.param}=True"),
                    Text(": "),
                    Code(f"Stream[{op.stream_type.annotation()}]"),
                    Text(", server-sent events, each decoded as "),
                    *ty.type_inlines(docs, op.stream_type),
                    Text("."),
                )
            )
        )
    return tuple(blocks) + (docs.blocks(description) if description else ())


def _returned_schema(docs: DocsView, py: t.PyType) -> ir.Schema | None:
    if isinstance(py, t.Ref):
        return docs.schema_of(py.name)
    return None


def _returned_class(docs: DocsView, py: t.PyType) -> ClassView | None:
    if isinstance(py, t.Ref):
        definition = docs.definitions.get(py.name)
        return definition if isinstance(definition, ClassView) else None
    return None


# -- errors ------------------------------------------------------------------------------


def _errors(docs: DocsView, op: OperationView) -> list[ErrorRow]:
    rows = []
    for response in op.plan.errors:
        text: list[Inline] = list(docs.inline(" ".join(response.description.split())))
        for media in response.contents:
            if media.schema is not None:
                text += [
                    Text(" Body: "),
                    *ty.type_inlines(docs, docs.mapper.map(media.schema)),
                ]
                break
        exception = runtime_errors.exception_for(response.status)
        rows.append(ErrorRow((Code(response.status),), (Code(exception),), tuple(text)))
    return rows


def _standard_errors(op: OperationView) -> Inlines:
    """The exceptions the spec does not document for this operation, in one line."""
    documented = {r.status for r in op.plan.errors}
    parts: list[Inlines] = []
    for error in runtime_errors.standard_errors():
        if error.status in documented or not error.status[:1].isdigit():
            continue
        parts.append((Code(error.exception), Text(f" {error.status}")))
    lead: Inlines = (Text("Other statuses raise "),)
    tail: Inlines = (
        Text("; see "),
        Ref((Text("errors"),), "index", "errors"),
        Text("."),
    )
    return lead + join(parts, (Text(", "),)) + tail
