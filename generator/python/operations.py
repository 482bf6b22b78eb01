"""Plan the resource modules: one per operation group, one method per operation.

Each method is thin: its signature and docstring, and one call handing its
arguments to the runtime together with an `Endpoint` that describes the request
(where each argument goes, how the body is encoded, what the response decodes to).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator import escape, ir, naming
from generator.python import layout
from generator.python.imports import ImportGroups, grouped
from generator.python import pytypes as t
from generator.python.typemap import FILE_INPUT, TypeMapper

_JSON = ("application/json",)
_BINARY_PREFIXES = (
    "application/octet-stream",
    "image/",
    "audio/",
    "video/",
    "application/pdf",
    "application/zip",
)
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


@dataclass(frozen=True)
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

    @property
    def annotation(self) -> str:
        return self.type.annotation(self.shadowed)


@dataclass(frozen=True)
class OverloadView:
    """One typed form of an operation whose result depends on an argument (`stream`)."""

    keyword: tuple[ArgView, ...]
    sync_return: str
    async_return: str


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class ResourceView:
    attribute: str
    module: str
    sync_class: str
    async_class: str
    sync_raw_class: str
    async_raw_class: str
    doc: str | None
    operations: tuple[OperationView, ...]
    checking_imports: ImportGroups  # imported only for type checkers
    tag: str
    shadowed: frozenset[str] = frozenset()

    @property
    def uses_overload(self) -> bool:
        return any(op.overloads for op in self.operations)

    @property
    def uses_not_given(self) -> bool:
        return any(a.default == "NOT_GIVEN" for op in self.operations for a in op.args)


def plan_resources(
    api: ir.Api, mapper: TypeMapper, module_of: dict[str, str]
) -> tuple[ResourceView, ...]:
    groups: dict[str, list[ir.Operation]] = {}
    labels: dict[str, str] = {}
    for op in api.operations:
        label = op.tags[0] if op.tags else naming.path_group(op.path)
        attr = naming.group_name(label)
        groups.setdefault(attr, []).append(op)
        labels.setdefault(attr, label)
    tag_docs = {tag.name: tag.description for tag in api.tags}
    resources = []
    for attr in sorted(groups):
        names = _method_names(groups[attr], attr)
        shadowed = frozenset(names.values()) & t.BUILTIN_TYPES
        ops = tuple(
            _operation(op, names[id(op)], mapper, shadowed) for op in groups[attr]
        )
        sync_class, async_class, sync_raw, async_raw = naming.resource_classes(
            attr, module_of
        )
        refs: set[str] = set()
        runtime_names: set[str] = set()
        for view in ops:
            runtime_names |= _KIND_IMPORTS.get(view.kind, set())
            types = [a.type for a in view.args]
            types += [a.type for o in view.overloads for a in o.keyword]
            types += [
                ty for ty in (view.return_type, view.stream_type) if ty is not None
            ]
            if view.stream_type is not None:
                runtime_names |= _KIND_IMPORTS["sse"] | {"Literal"}
            for ty in types:
                refs |= ty.refs()
                runtime_names |= ty.imports()
        first = [("typing_extensions", "Unpack"), (".._runtime.core", "RequestOptions")]
        first += [("..models." + module_of[n], n) for n in sorted(refs)]
        checking = grouped(runtime_names - {"Union"}, first)
        resources.append(
            ResourceView(
                attribute=attr,
                module=naming.resource_module(attr),
                sync_class=sync_class,
                async_class=async_class,
                sync_raw_class=sync_raw,
                async_raw_class=async_raw,
                doc=_tag_doc(tag_docs.get(labels[attr])),
                operations=ops,
                checking_imports=checking,
                tag=labels[attr],
                shadowed=shadowed,
            )
        )
    return tuple(resources)


def _tag_doc(text: str | None) -> str | None:
    return text or None


def _method_names(ops: list[ir.Operation], group: str) -> dict[int, str]:
    short = {
        id(op): naming.method_name(op.operation_id, op.method, op.path, group)
        for op in ops
    }
    counts: dict[str, int] = {}
    for name in short.values():
        counts[name] = counts.get(name, 0) + 1
    taken: set[str] = set()
    out = {}
    for op in ops:
        name = short[id(op)]
        if counts[name] > 1:
            name = naming.operation_fallback_name(op.operation_id, op.method, op.path)
        out[id(op)] = naming.unique(name, taken)
    return out


def _operation(
    op: ir.Operation, name: str, mapper: TypeMapper, shadowed: frozenset[str]
) -> OperationView:
    taken: set[str] = set(naming.RESERVED_PARAMS)
    args = [_param_arg(p, taken, mapper) for p in op.parameters]
    body_encoding, content_type, body_args = _body(op.request_body, taken, mapper)
    positional = tuple(a for a in args if a.location == "path")
    others = [a for a in args if a.location != "path"] + body_args
    keyword = tuple(
        replace(a, shadowed=shadowed) for a in others if a.required
    ) + tuple(replace(a, shadowed=shadowed) for a in others if not a.required)
    positional = tuple(replace(a, shadowed=shadowed) for a in positional)
    kind, ret, events = _response(op, mapper)
    endpoint: list[tuple[str, str]] = []
    if body_encoding:
        endpoint.append(("body", escape.py_str(body_encoding)))
    if content_type:
        endpoint.append(("content_type", escape.py_str(content_type)))
    page = _page(op, kind, keyword, mapper)
    if page is not None:
        kind, cast_to, ret, cursor = "page", ret, page[0], page[1]
        endpoint.append(("response", escape.py_str(kind)))
        endpoint.append(("cast_to", escape.py_str(cast_to.annotation())))  # type: ignore[union-attr]
        if cursor != "after":
            endpoint.append(("cursor_param", escape.py_str(cursor)))
    elif kind != "none":
        endpoint.append(("response", escape.py_str(kind)))
        if kind in ("json", "sse") and ret is not None:
            endpoint.append(("cast_to", escape.py_str(ret.annotation())))
    stream = _stream_argument(keyword, events, kind, mapper)
    if stream is not None and events is not None:
        endpoint.append(("stream_param", escape.py_str(stream.wire)))
        endpoint.append(("stream_cast_to", escape.py_str(events.annotation())))
    if op.deprecated:
        endpoint.append(("deprecated", "True"))
    if op.security == ():
        endpoint.append(("auth", "False"))
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
        return_type=ret,
        kind=kind,
        overloads=overloads,
        stream_type=events if stream is not None else None,
    )


_CURSORS = ("after", "starting_after")
_KIND_IMPORTS = {
    "binary": {"BinaryResponse", "AsyncBinaryResponse"},
    "page": {"SyncCursorPage", "AsyncCursorPage"},
    "sse": {"Stream", "AsyncStream"},
}


def _page(
    op: ir.Operation, kind: str, keyword: tuple[ArgView, ...], mapper: TypeMapper
) -> tuple[t.PyType, str] | None:
    """(item type, cursor parameter) of a cursor-paginated list operation.

    A GET with an `after` (or `starting_after`) query parameter whose response
    is an object with a `data` array and a `has_more` boolean.
    """
    if kind != "json" or op.method != "get":
        return None
    cursor = next(
        (a for a in keyword if a.location == "query" and a.wire in _CURSORS), None
    )
    if cursor is None:
        return None
    schema = next(
        (
            m.schema
            for r in op.responses
            if r.status.startswith("2")
            for m in r.contents
            if _is_json(m.media_type) and m.schema is not None
        ),
        None,
    )
    target = mapper.object_of(schema) if schema is not None else None
    if target is None:
        return None
    props = {p.name: mapper.resolve(p.schema) for p in target.properties}
    data, more = props.get("data"), props.get("has_more")
    if not isinstance(data, ir.ArraySchema) or not (
        isinstance(more, ir.PrimitiveSchema) and more.type is ir.Primitive.BOOLEAN
    ):
        return None
    return mapper.map(data.items), cursor.wire


def _stream_argument(
    keyword: tuple[ArgView, ...], events: t.PyType | None, kind: str, mapper: TypeMapper
) -> ArgView | None:
    """The boolean body property `stream` that turns a JSON answer into events."""
    if events is None or kind in ("sse", "none"):
        return None
    for arg in keyword:
        target = mapper.resolve(arg.schema)
        if (
            arg.wire == "stream"
            and arg.location == "body"
            and isinstance(target, ir.PrimitiveSchema)
            and target.type is ir.Primitive.BOOLEAN
        ):
            return arg
    return None


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

    whole = replace(
        stream,
        type=t.union([t.LiteralOf((False,)), t.NONE]),
        default="None",
        required=False,
    )
    streamed = replace(stream, type=t.LiteralOf((True,)), default=None, required=True)
    general = replace(stream, type=t.optional(t.Builtin("bool")), default="None")
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
    )
    return replace(arg, example=p.example)


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
) -> ArgView:
    py = type_ or mapper.map(schema)
    default = None
    nullable = schema.nullable and location.startswith("body")
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
    )


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


def _body(
    body: ir.RequestBody | None, taken: set[str], mapper: TypeMapper
) -> tuple[str | None, str | None, list[ArgView]]:
    if body is None or not body.contents:
        return None, None, []
    media = _choose_media(body.contents, mapper)
    encoding = _encoding(media.media_type)
    content_type = (
        None if encoding in ("json", "multipart", "form") else media.media_type
    )
    schema = media.schema or ir.AnySchema(pointer=media.pointer)
    target = mapper.object_of(schema)
    if (
        encoding in ("json", "multipart", "form")
        and target is not None
        and target.properties
        and not schema.nullable
    ):
        args = []
        for prop in target.properties:
            name = naming.unique(naming.parameter_name(prop.name), taken)
            required = prop.required
            args.append(
                _arg(
                    name,
                    prop.name,
                    "body",
                    prop.schema,
                    required,
                    prop.description,
                    mapper,
                )
            )
        return encoding, content_type, args
    name = naming.unique("body", taken)
    override: t.PyType | None = None
    if encoding == "binary":
        override = FILE_INPUT
    elif encoding == "text":
        override = t.Builtin("str")
    arg = _arg(
        name,
        "body",
        "body-root",
        schema,
        body.required,
        body.description,
        mapper,
        type_=override,
    )
    return encoding, content_type, [arg]


def _choose_media(
    contents: tuple[ir.MediaType, ...], mapper: TypeMapper
) -> ir.MediaType:
    """JSON when the API takes it, unless only another encoding can carry its files."""
    json_media = next((m for m in contents if _is_json(m.media_type)), None)
    multipart = next(
        (m for m in contents if m.media_type.startswith("multipart/")), None
    )
    if (
        multipart is not None
        and multipart.schema is not None
        and _has_binary(multipart.schema, mapper)
    ):
        if (
            json_media is None
            or json_media.schema is None
            or not _has_binary(json_media.schema, mapper)
        ):
            return multipart
    if json_media is not None:
        return json_media
    for prefix in ("multipart/", "application/x-www-form-urlencoded", "text/"):
        found = next((m for m in contents if m.media_type.startswith(prefix)), None)
        if found is not None:
            return found
    return contents[0]


def _encoding(media_type: str) -> str:
    if _is_json(media_type):
        return "json"
    if media_type.startswith("multipart/"):
        return "multipart"
    if media_type == "application/x-www-form-urlencoded":
        return "form"
    if media_type.startswith("text/") and media_type != "text/event-stream":
        return "text"
    return "binary"


def _is_json(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base in _JSON or base.endswith("+json")


def _has_binary(schema: ir.Schema, mapper: TypeMapper, depth: int = 0) -> bool:
    schema = mapper.resolve(schema)
    if isinstance(schema, ir.PrimitiveSchema):
        return schema.format == "binary"
    if depth > 3:
        return False
    return any(_has_binary(child, mapper, depth + 1) for child in ir.children(schema))


def _response(
    op: ir.Operation, mapper: TypeMapper
) -> tuple[str, t.PyType | None, t.PyType | None]:
    """The response kind (json, binary, text, sse or none), the decoded type, the event type."""
    success = sorted(
        (r for r in op.responses if r.status.startswith("2")), key=lambda r: r.status
    )
    if not success:
        success = [r for r in op.responses if r.status == "default"]
    contents = [m for r in success for m in r.contents]
    streams = [m for m in contents if _is_event_stream(m.media_type)]
    events = (
        t.union(
            [mapper.map(m.schema) if m.schema is not None else t.ANY for m in streams]
        )
        if streams
        else None
    )
    contents = [m for m in contents if not _is_event_stream(m.media_type)]
    if not contents:
        return ("sse", events, events) if events is not None else ("none", None, None)
    json_types = [
        mapper.map(m.schema) if m.schema is not None else t.ANY
        for m in contents
        if _is_json(m.media_type)
    ]
    if any(_is_binary_media(m) for m in contents):
        return "binary", None, events
    if json_types:
        return "json", t.union(json_types), events
    if any(m.media_type.startswith("text/") for m in contents):
        return "text", t.Builtin("str"), events
    return "binary", None, events


def _is_event_stream(media_type: str) -> bool:
    return media_type.split(";")[0].strip().lower() == "text/event-stream"


def _is_binary_media(media: ir.MediaType) -> bool:
    if media.media_type.startswith(_BINARY_PREFIXES):
        return True
    return (
        isinstance(media.schema, ir.PrimitiveSchema) and media.schema.format == "binary"
    )


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
