"""Plan the resource modules: one per operation group, one method per operation.

Each method is thin: its signature and docstring, and one call handing its
arguments to the runtime together with an `Endpoint` that describes the request
(where each argument goes, how the body is encoded, what the response decodes to).
"""

from __future__ import annotations

from generator.compat import assert_never

from generator import escape, ir, naming
from generator.plan.model import (
    BodyEncoding,
    BodyPlan,
    OperationPlan,
    ResponseKind,
    ResponsePlan,
    SecurityPlan,
)
from generator.python import descriptors, layout
from generator.python.imports import ImportGroups, grouped
from generator.python import pytypes as t
from generator.python.typemap import FILE_INPUT, TypeMapper
from generator.records import record

_CHECKS = (
    ("min_length", "min_length"),
    ("max_length", "max_length"),
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("exclusive_minimum", "exclusive_minimum"),
    ("exclusive_maximum", "exclusive_maximum"),
    ("multiple_of", "multiple_of"),
    ("min_items", "min_items"),
    ("max_items", "max_items"),
    ("pattern", "pattern"),
)


@record
class ArgView:
    name: str
    wire: str
    location: str  # path, query, header, cookie, body (a property) or body-root (the whole body)
    type: t.PyType
    required: bool
    default: str | None
    doc: str | None
    options: tuple[tuple[str, str], ...]  # extra Param(...) keywords, as source
    schema: ir.Schema
    example: ir.Json | ir.Missing = ir.MISSING
    shadowed: frozenset[str] = frozenset()  # builtins hidden by same-named methods
    enum: tuple[str, ...] = ()  # closed enum values checked before sending, as source
    nullable: bool = False  # None is sent as null (a body field the spec lets be null)

    @property
    def annotation(self) -> str:
        return self.type.annotation(self.shadowed)


@record
class OverloadView:
    """One typed form of an operation whose result depends on an argument (`stream`)."""

    keyword: tuple[ArgView, ...]
    sync_return: str
    async_return: str


@record
class OperationView:
    name: str
    constant: str
    http_method: str
    path: str
    positional: tuple[ArgView, ...]
    keyword: tuple[ArgView, ...]
    endpoint_options: tuple[
        tuple[str, str], ...
    ]  # Endpoint(...) keyword arguments as source
    sync_return: str
    async_return: str
    returns_value: bool
    doc: str
    deprecated: bool
    summary: str
    operation: ir.Operation
    plan: OperationPlan
    return_type: (
        t.PyType | None
    )  # the decoded body; of a page, an item; of a stream, an event
    kind: str = "json"  # json, binary, text, none, sse or page
    overloads: tuple[OverloadView, ...] = ()
    stream_type: t.PyType | None = (
        None  # the events, when `stream=True` makes it stream
    )

    @property
    def args(self) -> tuple[ArgView, ...]:
        return self.positional + self.keyword


def resource_imports(
    ops: tuple[OperationView, ...], module_of: dict[str, str]
) -> ImportGroups:
    """What a resource module imports for type checkers: models and runtime types."""
    refs: set[str] = set()
    runtime_names: set[str] = set()
    for view in ops:
        runtime_names |= _KIND_IMPORTS.get(view.kind, set())
        types = [a.type for a in view.args]
        types += [a.type for o in view.overloads for a in o.keyword]
        types += [ty for ty in (view.return_type, view.stream_type) if ty is not None]
        if view.stream_type is not None:
            runtime_names |= _KIND_IMPORTS["sse"] | {"Literal"}
        for ty in types:
            refs |= ty.refs()
            runtime_names |= ty.imports()
    first = [("typing_extensions", "Unpack"), (".._runtime.core", "RequestOptions")]
    first += [("..models." + module_of[n], n) for n in sorted(refs)]
    return grouped(runtime_names - {"Union"}, first)


def operation_view(
    plan: OperationPlan,
    name: str,
    mapper: TypeMapper,
    shadowed: frozenset[str],
    usual_security: SecurityPlan,
) -> OperationView:
    """The method of one operation; usual_security is what most operations take."""
    op = plan.operation
    taken: set[str] = set(naming.RESERVED_PARAMS)
    args = [_param_arg(p, taken, mapper) for p in op.parameters]
    body_args = _body_args(plan.body, taken, mapper)
    positional = tuple(a for a in args if a.location == "path")
    others = [a for a in args if a.location != "path"] + body_args
    keyword = tuple(
        ir.evolve(a, shadowed=shadowed) for a in others if a.required
    ) + tuple(ir.evolve(a, shadowed=shadowed) for a in others if not a.required)
    positional = tuple(ir.evolve(a, shadowed=shadowed) for a in positional)
    response = plan.response
    kind = response.kind.value
    ret = _decoded_type(response, mapper)
    events = (
        t.union([mapper.map(s) for s in response.events]) if response.events else None
    )
    endpoint: list[tuple[str, str]] = []
    if plan.body is not None:
        endpoint.append(("body", escape.py_str(plan.body.encoding.value)))
        if plan.body.required:
            endpoint.append(("body_required", "True"))
        if plan.body.content_type:
            endpoint.append(("content_type", escape.py_str(plan.body.content_type)))
    if response.page is not None:
        assert ret is not None
        endpoint.append(("response", escape.py_str(kind)))
        endpoint.append(("cast_to", _cast(ret, mapper)))
        if response.page.cursor_param != "after":
            endpoint.append(("cursor_param", escape.py_str(response.page.cursor_param)))
        ret = mapper.map(response.page.items)
    elif kind != "none":
        endpoint.append(("response", escape.py_str(kind)))
        if kind in ("json", "sse") and ret is not None:
            endpoint.append(("cast_to", _cast(ret, mapper)))
    stream = _stream_argument(keyword, response)
    if stream is not None and events is not None:
        endpoint.append(("stream_param", escape.py_str(stream.wire)))
        endpoint.append(("stream_cast_to", _cast(events, mapper)))
    if response.accept is not None:
        endpoint.append(("accept", escape.py_str(response.accept)))
    if op.deprecated:
        endpoint.append(("deprecated", "True"))
    if plan.security.alternatives != usual_security.alternatives:
        endpoint.append(("security", _security(plan.security)))
    sync_ret, async_ret = _return_annotations(kind, ret, shadowed)
    overloads: tuple[OverloadView, ...] = ()
    if stream is not None and events is not None:
        overloads, keyword, sync_ret, async_ret = _stream_overloads(
            keyword, stream, (sync_ret, async_ret), events, shadowed
        )
    summary = (
        op.summary
        or (op.description or "").split("\n")[0]
        or f"{op.method.upper()} {op.path}"
    )
    return OperationView(
        name=name,
        constant=naming.endpoint_constant(name),
        http_method=op.method.upper(),
        path=escape.py_str(op.path),
        positional=positional,
        keyword=keyword,
        endpoint_options=tuple(endpoint),
        sync_return=sync_ret,
        async_return=async_ret,
        returns_value=kind != "none",
        doc=_docstring(op, positional + keyword),
        deprecated=op.deprecated,
        summary=summary,
        operation=op,
        plan=plan,
        return_type=ret,
        kind=kind,
        overloads=overloads,
        stream_type=events if stream is not None else None,
    )


def _cast(ty: t.PyType | None, mapper: TypeMapper) -> str:
    """What a response decodes to, as a function the runtime calls on first use."""
    if ty is None:
        return "None"
    scope = descriptors.Scope(mapper.alias_types(), lazy=False)
    return f"lambda: {descriptors.render(ty, scope)}"


_KIND_IMPORTS = {
    "binary": {"BinaryResponse", "AsyncBinaryResponse"},
    "page": {"SyncCursorPage", "AsyncCursorPage"},
    "sse": {"Stream", "AsyncStream"},
}


def _decoded_type(response: ResponsePlan, mapper: TypeMapper) -> t.PyType | None:
    """The type a response's body decodes to (of a page: the whole list response)."""
    match response.kind:
        case ResponseKind.JSON | ResponseKind.PAGE:
            return t.union([mapper.map(s) for s in response.schemas])
        case ResponseKind.SSE:
            return t.union([mapper.map(s) for s in response.events])
        case ResponseKind.TEXT:
            return t.Builtin("str")
        case ResponseKind.BINARY | ResponseKind.NONE:
            return None
        case _:
            assert_never(response.kind)


def _security(security: SecurityPlan) -> str:
    """Endpoint.security as source: alternatives, each a tuple of scheme keys."""
    return layout.security_source(security.alternatives)


def _stream_argument(
    keyword: tuple[ArgView, ...], response: ResponsePlan
) -> ArgView | None:
    """The argument that turns a JSON answer into events, when there is one."""
    if response.stream is None:
        return None
    return next(
        (
            a
            for a in keyword
            if a.wire == response.stream.param and a.location == "body"
        ),
        None,
    )


def _stream_overloads(
    keyword: tuple[ArgView, ...],
    stream: ArgView,
    returns: tuple[str, str],
    events: t.PyType,
    shadowed: frozenset[str],
) -> tuple[tuple[OverloadView, ...], tuple[ArgView, ...], str, str]:
    """Typed forms: `stream=True` returns events; otherwise the JSON answer."""
    event = events.annotation(shadowed)
    streams = (f"Stream[{event}]", f"AsyncStream[{event}]")

    def with_stream(arg: ArgView) -> tuple[ArgView, ...]:
        return tuple(arg if a.name == stream.name else a for a in keyword)

    whole = ir.evolve(
        stream,
        type=t.union([t.LiteralOf((False,)), t.NONE]),
        default="None",
        required=False,
    )
    streamed = ir.evolve(stream, type=t.LiteralOf((True,)), default=None, required=True)
    general = ir.evolve(stream, type=t.optional(t.Builtin("bool")), default="None")
    overloads = (
        OverloadView(with_stream(whole), returns[0], returns[1]),
        OverloadView(with_stream(streamed), streams[0], streams[1]),
    )
    return (
        overloads,
        with_stream(general),
        f"{returns[0]} | {streams[0]}",
        f"{returns[1]} | {streams[1]}",
    )


def _param_arg(p: ir.Parameter, taken: set[str], mapper: TypeMapper) -> ArgView:
    name = naming.unique(naming.parameter_name(p.name), taken)
    required = p.required or p.location is ir.Location.PATH
    arg = _arg(
        name,
        p.name,
        p.location.value,
        p.schema,
        required,
        p.description,
        mapper,
        style=p.style,
        explode=p.explode,
        wire_options=_wire_options(p.content_type, p.allow_reserved),
    )
    return ir.evolve(arg, example=p.example)


def _arg(
    name: str,
    wire: str,
    location: str,
    schema: ir.Schema,
    required: bool,
    description: str | None,
    mapper: TypeMapper,
    style: str | None = None,
    explode: bool | None = None,
    type_: t.PyType | None = None,
    wire_options: tuple[tuple[str, str], ...] = (),
) -> ArgView:
    py = type_ or mapper.map(schema)
    default = None
    nullable = location.startswith("body") and _explicitly_nullable(schema, mapper)
    if not required:
        if nullable:
            py = t.union([py, t.RuntimeName("NotGiven")])
            default = "NOT_GIVEN"
        else:
            py = t.optional(py)
            default = "None"
    options: list[tuple[str, str]] = []
    if wire != name:
        options.append(("wire", escape.py_str(wire)))
    if nullable:
        options.append(("nullable", "True"))
    if style:
        options.append(("style", escape.py_str(style)))
    if explode is not None:
        options.append(("explode", "True" if explode else "False"))
    options.extend(wire_options)
    target = mapper.resolve(schema)
    options.extend(_checks(target))
    enum: tuple[str, ...] = ()
    if isinstance(target, ir.EnumSchema) and not target.open:
        enum = tuple(escape.py_literal(v) for v in target.values)
    return ArgView(
        name,
        wire,
        location,
        py,
        required,
        default,
        _arg_doc(schema, description, mapper),
        tuple(options),
        schema,
        enum=enum,
        nullable=nullable,
    )


def _wire_options(
    content_type: str | None, allow_reserved: bool
) -> tuple[tuple[str, str], ...]:
    """Param(...) keywords, as source, for how a value is serialized besides its style."""
    out = []
    if content_type:
        out.append(("content_type", escape.py_str(content_type)))
    if allow_reserved:
        out.append(("allow_reserved", "True"))
    return tuple(out)


def _checks(schema: ir.Schema) -> list[tuple[str, str]]:
    """Client-side validation rules for an argument, as Param(...) keyword sources."""
    out: list[tuple[str, str]] = []
    if isinstance(schema, ir.EnumSchema) and not schema.open:
        values = [escape.py_literal(v) for v in schema.values]
        out.append(("enum", layout.tuple_source(values)))
    constraints = getattr(schema, "constraints", None)
    if isinstance(constraints, ir.Constraints):
        for attr, key in _CHECKS:
            value = getattr(constraints, attr)
            if value is not None:
                out.append((key, escape.py_literal(value)))
    return out


def _arg_doc(
    schema: ir.Schema, description: str | None, mapper: TypeMapper
) -> str | None:
    text = description or schema.description
    return " ".join(text.split()) if text else None


def _body_args(
    body: BodyPlan | None, taken: set[str], mapper: TypeMapper
) -> list[ArgView]:
    if body is None:
        return []
    if body.fields is not None:
        args = []
        for prop in body.fields:
            # Form and multipart fields follow the media type's `encoding`.
            enc = (
                body.media.encoding_of(prop.name)
                if body.encoding is not BodyEncoding.JSON
                else None
            )
            args.append(
                _arg(
                    naming.unique(naming.parameter_name(prop.name), taken),
                    prop.name,
                    "body",
                    prop.schema,
                    prop.name in body.required_fields,
                    prop.description,
                    mapper,
                    style=enc.style if enc else None,
                    explode=enc.explode if enc else None,
                    wire_options=(
                        _wire_options(enc.content_type, enc.allow_reserved)
                        if enc
                        else ()
                    ),
                )
            )
        return args
    override: t.PyType | None = None
    if body.encoding is BodyEncoding.BINARY:
        override = FILE_INPUT
    elif body.encoding is BodyEncoding.TEXT:
        override = t.Builtin("str")
    arg = _arg(
        naming.unique("body", taken),
        "body",
        "body-root",
        body.schema,
        body.required,
        body.description,
        mapper,
        type_=override,
    )
    return [arg]


def _return_annotations(
    kind: str, ret: t.PyType | None, shadowed: frozenset[str]
) -> tuple[str, str]:
    if kind == "none":
        return "None", "None"
    if kind == "binary":
        return "BinaryResponse", "AsyncBinaryResponse"
    text = ret.annotation(shadowed) if ret is not None else "Any"
    if kind == "page":
        return f"SyncCursorPage[{text}]", f"AsyncCursorPage[{text}]"
    if kind == "sse":
        return f"Stream[{text}]", f"AsyncStream[{text}]"
    return text, text


def _docstring(op: ir.Operation, args: tuple[ArgView, ...]) -> str:
    parts = [op.summary or f"{op.method.upper()} {op.path}"]
    if op.description and op.description != op.summary:
        parts.append(op.description)
    if op.deprecated:
        parts.append("Deprecated: calling this warns with DeprecationWarning.")
    documented = [a for a in args if a.doc]
    if documented:
        parts.append(
            "Args:\n" + "\n".join(f"    {a.name}: {a.doc}" for a in documented)
        )
    return "\n\n".join(parts)


def _explicitly_nullable(schema: ir.Schema, mapper: TypeMapper) -> bool:
    """Whether the spec says null may be sent, here or through what this refers to.

    A schema that allows anything allows null too, but says nothing about it: its
    argument keeps None as "not given".
    """
    return mapper.nullable(schema) and not isinstance(
        mapper.resolve(schema), ir.AnySchema
    )
