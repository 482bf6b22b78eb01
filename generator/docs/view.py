"""The docs view: everything the Markdown templates show, precomputed and escaped.

Built from the IR (for the HTTP facts: locations, constraints, responses) and the
Python view (for the names a reader types: methods, arguments, classes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator import escape, ir, naming
from generator.python import pytypes as t
from generator.python.models import AliasView, ClassView
from generator.python.operations import ArgView, OperationView, ResourceView
from generator.python.package import PackageView

_LOCATION_TITLES = (
    ("path", "Path parameters"),
    ("query", "Query parameters"),
    ("header", "Header parameters"),
    ("cookie", "Cookie parameters"),
    ("body", "Body parameters"),
    ("body-root", "Request body"),
)
STANDARD_ERRORS = (
    ("400", "BadRequestError", "The request was malformed or broke a rule of the API."),
    ("401", "AuthenticationError", "The API key is missing or not valid."),
    ("403", "PermissionDeniedError", "The key may not use this operation or resource."),
    ("404", "NotFoundError", "The resource does not exist."),
    (
        "409",
        "ConflictError",
        "The request conflicts with the resource's state (retried).",
    ),
    (
        "422",
        "UnprocessableEntityError",
        "The request was well-formed but could not be processed.",
    ),
    ("429", "RateLimitError", "Too many requests (retried, honouring Retry-After)."),
    (">=500", "InternalServerError", "The server failed (retried)."),
    ("other", "APIStatusError", "Any other non-2xx status."),
    ("-", "APIConnectionError", "No response: the connection failed (retried)."),
    ("-", "APITimeoutError", "No response in time (retried)."),
    (
        "-",
        "ValidationError",
        "An argument breaks the spec; raised before anything is sent.",
    ),
)


@dataclass(frozen=True)
class Row:
    name: str
    type: str
    required: str
    description: str


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class ErrorRow:
    status: str
    exception: str
    description: str


@dataclass(frozen=True)
class OperationDoc:
    path: str  # page path relative to the docs root
    title: str
    signature: str
    http: str
    deprecated: bool
    summary: str
    description: str | None
    facts: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    returns: str
    return_tree: tuple[str, ...]
    errors: tuple[ErrorRow, ...]
    example: str
    response_example: str | None
    up: str


@dataclass(frozen=True)
class SchemaDoc:
    path: str
    name: str
    kind: str
    description: str | None
    type: str | None
    rows: tuple[Row, ...]
    notes: tuple[str, ...]
    example: str | None
    used_by: tuple[str, ...]
    up: str


@dataclass(frozen=True)
class IndexDoc:
    title: str
    version: str
    description: str | None
    package: str
    base_url: str
    auth: str
    groups: tuple[
        tuple[str, tuple[tuple[str, str, str, str], ...]], ...
    ]  # (group, [(link, call, http, summary)])
    schemas: tuple[tuple[str, str, str], ...]  # (name, link, summary)
    example: str | None


class DocsBuilder:
    def __init__(self, api: ir.Api, view: PackageView) -> None:
        self.api = api
        self.view = view
        self.mapper = view.models.mapper
        self.named = {s.pointer: s for s in api.schemas}
        self.pointer_of_name = {name: ptr for ptr, name in view.models.names.items()}
        self._used: dict[str, list[str]] | None = None
        # Memos for one run, by object identity (each entry keeps its object alive).
        self._types: dict[tuple[int, int], tuple[t.PyType, str]] = {}
        self._notes: dict[tuple[int, bool], tuple[ir.Schema, list[str]]] = {}
        self.classes = {
            d.name: d
            for m in view.models.modules
            for d in m.definitions
            if isinstance(d, ClassView)
        }
        self.objects: dict[str, ir.Schema] = {}
        for s in api.schemas:
            self._collect(s.schema)
        for op in api.operations + api.webhooks:
            for schema in ir.operation_schemas(op):
                self._collect(schema)

    def _collect(self, schema: ir.Schema) -> None:
        stack = [schema]
        while stack:
            node = stack.pop()
            if isinstance(node, ir.ObjectSchema):
                self.objects.setdefault(node.pointer, node)
            stack.extend(ir.children(node))

    # -- links and types -------------------------------------------------------------

    def schema_link(self, name: str, depth: int) -> str:
        return "../" * depth + f"schemas/{naming.doc_slug(name)}.md"

    def type_md(self, py: t.PyType, depth: int) -> str:
        """A Python type as Markdown, with links to the schema pages."""
        key = (id(py), depth)
        if key not in self._types:
            self._types[key] = (py, self._type_md(py, depth))  # the object pins its id
        return self._types[key][1]

    def _type_md(self, py: t.PyType, depth: int) -> str:
        if isinstance(py, t.Ref):
            return f"[{py.name}]({self.schema_link(py.name, depth)})"
        if isinstance(py, t.ListOf):
            return f"list[{self.type_md(py.item, depth)}]"
        if isinstance(py, t.DictOf):
            return f"dict[str, {self.type_md(py.value, depth)}]"
        if isinstance(py, t.UnionOf):
            return " \\| ".join(self.type_md(m, depth) for m in py.members)
        if isinstance(py, t.Discriminated):
            return self.type_md(py.union, depth)
        if isinstance(py, t.LiteralOf):
            return " \\| ".join(escape.md_code(json.dumps(v)) for v in py.values)
        return escape.md_code(py.annotation())

    def notes(self, schema: ir.Schema, *, show_default: bool = True) -> list[str]:
        """Constraints, allowed values, default and flags of a schema, as short phrases."""
        key = (id(schema), show_default)
        if key not in self._notes:
            self._notes[key] = (schema, self._notes_of(schema, show_default))
        return list(self._notes[key][1])

    def _notes_of(self, schema: ir.Schema, show_default: bool) -> list[str]:
        out: list[str] = []
        target = self.mapper.resolve(schema)
        if isinstance(target, ir.EnumSchema):
            values = ", ".join(escape.md_code(json.dumps(v)) for v in target.values)
            out.append(
                f"Any string; known values: {values}"
                if target.open
                else f"Allowed values: {values}"
            )
        if isinstance(target, ir.PrimitiveSchema) and target.format:
            out.append(f"Format: {escape.md_code(target.format)}")
        constraints = getattr(target, "constraints", None)
        if isinstance(constraints, ir.Constraints):
            out.extend(_constraint_notes(constraints))
        if schema.nullable:
            out.append("May be null")
        if show_default and not isinstance(schema.default, ir.Missing):
            out.append(f"Default: {escape.md_code(json.dumps(schema.default))}")
        if schema.deprecated:
            out.append("Deprecated")
        if schema.read_only:
            out.append("Read-only")
        if schema.write_only:
            out.append("Write-only")
        return out

    def describe(self, text: str | None, notes: list[str]) -> str:
        parts = [escape.md_inline(text)] if text else []
        parts.extend(notes)
        return "<br>".join(parts) if parts else ""

    # -- operations --------------------------------------------------------------------

    def operation_path(self, resource: ResourceView, op: OperationView) -> str:
        return f"{naming.doc_slug(resource.attribute)}/{naming.doc_slug(op.name)}.md"

    def schema_path(self, name: str) -> str:
        return f"schemas/{naming.doc_slug(name)}.md"

    def operation(self, resource: ResourceView, op: OperationView) -> OperationDoc:
        depth = 1
        ir_op = op.operation
        sections = []
        for location, title in _LOCATION_TITLES:
            args = [a for a in op.args if a.location == location]
            if args:
                sections.append(
                    Section(title, tuple(self._arg_row(a, depth) for a in args))
                )
        return OperationDoc(
            path=self.operation_path(resource, op),
            title=escape.md_inline(f"{resource.attribute}.{op.name}"),
            signature=_signature(resource, op),
            http=f"{op.http_method} {ir_op.path}",
            deprecated=op.deprecated,
            summary=escape.md_inline(op.summary),
            description=(
                escape.md_block(ir_op.description)
                if ir_op.description and ir_op.description != ir_op.summary
                else None
            ),
            facts=tuple(self._facts(ir_op)),
            sections=tuple(sections),
            returns=self._returns(op, depth),
            return_tree=(
                tuple(self._tree(op.return_type, depth))
                if op.return_type is not None
                else ()
            ),
            errors=tuple(self._errors(ir_op, depth)),
            example=self._example(resource, op),
            response_example=self._response_example(ir_op),
            up="../index.md",
        )

    def _arg_row(self, arg: ArgView, depth: int) -> Row:
        notes = self.notes(arg.schema)
        if arg.wire != arg.name:
            notes.insert(0, f"Sent as {escape.md_code(arg.wire)}")
        if not isinstance(arg.example, ir.Missing):
            notes.append(f"Example: {escape.md_code(json.dumps(arg.example))}")
        required = "required" if arg.required else "optional"
        return Row(
            escape.md_code(arg.name),
            self.type_md(arg.type, depth),
            required,
            self.describe(arg.doc, notes),
        )

    def _facts(self, op: ir.Operation) -> list[tuple[str, str]]:
        facts = []
        if op.operation_id:
            facts.append(("Operation ID", escape.md_code(op.operation_id)))
        if op.tags:
            facts.append(("Tags", ", ".join(escape.md_inline(t) for t in op.tags)))
        facts.append(("Authentication", self._auth(op)))
        if op.request_body and op.request_body.contents:
            types = [m.media_type for m in op.request_body.contents]
            facts.append(
                ("Request content types", ", ".join(escape.md_code(x) for x in types))
            )
        success = [r for r in op.responses if r.status.startswith("2")]
        types = sorted({m.media_type for r in success for m in r.contents})
        if types:
            facts.append(
                ("Response content types", ", ".join(escape.md_code(x) for x in types))
            )
        if op.external_docs:
            facts.append(("More", f"<{escape.md_inline(op.external_docs)}>"))
        return facts

    def _auth(self, op: ir.Operation) -> str:
        if op.security == () or (op.security is None and not self.api.security):
            return "none"
        auth = self.view.auth
        if auth is None:
            return "see the API's documentation"
        if auth.location == "header":
            shown = f"{auth.name}: {auth.prefix}${self.view.api_key_env}"
            return f"{escape.md_code(shown)} (from `api_key` or {escape.md_code(self.view.api_key_env)})"
        return f"{auth.location} parameter {escape.md_code(auth.name)} (from `api_key` or {escape.md_code(self.view.api_key_env)})"

    def _returns(self, op: OperationView, depth: int) -> str:
        if not op.returns_value:
            return "`None`"
        if op.return_type is None:
            return (
                f"{escape.md_code(op.sync_return)} ({escape.md_code(op.async_return)} from the async client): "
                "the body, streamed. Iterate `iter_bytes()`, call `read()` or `write_to_file(path)`."
            )
        text = self.type_md(op.return_type, depth)
        target = self._schema_of(op.return_type)
        if target is not None and target.description:
            text += ": " + escape.md_inline(target.description)
        return text

    def _schema_of(self, py: t.PyType) -> ir.Schema | None:
        if isinstance(py, t.Ref) and py.name in self.pointer_of_name:
            pointer = self.pointer_of_name[py.name]
            named = self.named.get(pointer)
            return named.schema if named is not None else self.objects.get(pointer)
        return None

    def _tree(
        self, py: t.PyType, depth: int, level: int = 0, seen: tuple[str, ...] = ()
    ) -> list[str]:
        """The fields of a returned model, expanded recursively (each class once per branch)."""
        lines: list[str] = []
        refs = sorted(py.refs())
        for name in refs:
            if name in seen or level > 3:
                continue
            cls = self._class(name)
            if cls is None:
                continue
            target = self._schema_of(t.Ref(name))
            props = (
                {p.name: p for p in target.properties}
                if isinstance(target, ir.ObjectSchema)
                else {}
            )
            for f in cls.fields:
                prop = props.get(f.wire)
                notes = self.notes(prop.schema) if prop is not None else []
                flag = "" if prop is not None and prop.required else " (optional)"
                text = _sentence(prop.description if prop else None, notes)
                indent = "  " * level
                lines.append(
                    f"{indent}- {escape.md_code(f.name)}: {self.type_md(f.type, depth)}{flag}{' — ' + text if text else ''}"
                )
                lines.extend(self._tree(f.type, depth, level + 1, seen + (name,)))
        return lines

    def _class(self, name: str) -> ClassView | None:
        return self.classes.get(name)

    def _errors(self, op: ir.Operation, depth: int) -> list[ErrorRow]:
        rows = []
        for response in op.responses:
            if response.status.startswith("2"):
                continue
            body = ""
            for media in response.contents:
                if media.schema is not None:
                    body = " Body: " + self.type_md(
                        self.mapper.map(media.schema), depth
                    )
                    break
            exception = _exception_for(response.status)
            rows.append(
                ErrorRow(
                    escape.md_code(response.status),
                    escape.md_code(exception),
                    escape.md_inline(response.description) + body,
                )
            )
        documented = {r.status.strip("`") for r in rows}
        for status, exception, text in STANDARD_ERRORS:
            if status not in documented:
                rows.append(
                    ErrorRow(
                        escape.md_code(status) if status != "-" else "—",
                        escape.md_code(exception),
                        text,
                    )
                )
        return rows

    def _example(self, resource: ResourceView, op: OperationView) -> str:
        call = self.view.example_call(resource, op)
        lines = [f"from {self.view.name} import Client", "", "client = Client()", call]
        if op.return_type is not None and op.return_type.refs():
            lines.append("print(result)")
        elif op.sync_return == "BinaryResponse":
            lines[-1] = lines[-1].replace("result = ", "with ") + " as body:"
            lines.append('    body.write_to_file("output.bin")')
        return "\n".join(lines)

    def _response_example(self, op: ir.Operation) -> str | None:
        success = sorted(
            (r for r in op.responses if r.status.startswith("2")),
            key=lambda r: r.status,
        )
        for response in success:
            for media in response.contents:
                if media.media_type.endswith("json") and media.schema is not None:
                    value = (
                        media.example
                        if not isinstance(media.example, ir.Missing)
                        else self.view.examples.value(media.schema)
                    )
                    return json.dumps(value, indent=2, ensure_ascii=False)
        return None

    # -- schemas -----------------------------------------------------------------------

    def schema(self, d: ClassView | AliasView) -> SchemaDoc:
        if self._used is None:
            self._used = self._used_by()
        return self._schema(d, self._used.get(d.name, []))

    def _schema(self, d: ClassView | AliasView, used_by: list[str]) -> SchemaDoc:
        pointer = self.pointer_of_name.get(d.name, "")
        schema = (
            self.named[pointer].schema
            if pointer in self.named
            else self.objects.get(pointer)
        )
        depth = 1
        description = schema.description or schema.title if schema is not None else None
        example = None
        if schema is not None:
            example = json.dumps(
                self.view.examples.value(schema), indent=2, ensure_ascii=False
            )
        if isinstance(d, ClassView):
            props = (
                {p.name: p for p in schema.properties}
                if isinstance(schema, ir.ObjectSchema)
                else {}
            )
            rows = []
            for f in d.fields:
                prop = props.get(f.wire)
                notes = self.notes(prop.schema) if prop is not None else []
                if f.wire != f.name:
                    notes.insert(0, f"JSON name: {escape.md_code(f.wire)}")
                required = (
                    "required" if prop is not None and prop.required else "optional"
                )
                rows.append(
                    Row(
                        escape.md_code(f.name),
                        self.type_md(f.type, depth),
                        required,
                        self.describe(prop.description if prop else None, notes),
                    )
                )
            extra = []
            if d.extras is not None:
                extra.append(
                    f"Other properties: {self.type_md(d.extras, depth)}, in `additional_properties`."
                )
            else:
                extra.append(
                    "Properties the schema does not declare are kept in `additional_properties`."
                )
            return SchemaDoc(
                path=f"schemas/{naming.doc_slug(d.name)}.md",
                name=d.name,
                kind="class",
                description=escape.md_block(description) if description else None,
                type=None,
                rows=tuple(rows),
                notes=tuple(extra),
                example=example,
                used_by=tuple(used_by),
                up="../index.md",
            )
        notes = self.notes(schema) if schema is not None else []
        return SchemaDoc(
            path=f"schemas/{naming.doc_slug(d.name)}.md",
            name=d.name,
            kind="alias",
            description=escape.md_block(description) if description else None,
            type=self.type_md(d.type, depth),
            rows=(),
            notes=tuple(notes),
            example=example,
            used_by=tuple(used_by),
            up="../index.md",
        )

    def _used_by(self) -> dict[str, list[str]]:
        used: dict[str, set[str]] = {}
        for module in self.view.models.modules:
            for d in module.definitions:
                types = d.types() if isinstance(d, ClassView) else [d.type]
                for ty in types:
                    for ref in ty.refs():
                        if ref != d.name:
                            used.setdefault(ref, set()).add(
                                f"[{d.name}]({naming.doc_slug(d.name)}.md)"
                            )
        for resource in self.view.resources:
            for op in resource.operations:
                types = [a.type for a in op.args] + (
                    [op.return_type] if op.return_type else []
                )
                for ty in types:
                    for ref in ty.refs():
                        link = f"[{resource.attribute}.{op.name}](../{self.operation_path(resource, op)})"
                        used.setdefault(ref, set()).add(link)
        return {k: sorted(v) for k, v in used.items()}

    # -- index -------------------------------------------------------------------------------

    def index(self) -> IndexDoc:
        groups = []
        for resource in self.view.resources:
            entries = []
            for op in resource.operations:
                call = f"client.{resource.attribute}.{op.name}"
                http = f"{op.http_method} {op.operation.path}"
                entries.append(
                    (
                        self.operation_path(resource, op),
                        call,
                        http,
                        escape.md_inline(op.summary),
                    )
                )
            groups.append((resource.attribute, tuple(entries)))
        schemas = []
        for module in self.view.models.modules:
            for d in module.definitions:
                summary = (d.doc or "").split("\n")[0]
                schemas.append(
                    (
                        d.name,
                        f"schemas/{naming.doc_slug(d.name)}.md",
                        escape.md_inline(summary),
                    )
                )
        auth = self.view.auth
        auth_text = "none"
        if auth is not None:
            auth_text = f"{auth.location} {escape.md_code(auth.name)}" + (
                f" ({escape.md_inline(auth.prefix.strip())})" if auth.prefix else ""
            )
            auth_text += f", from `api_key` or the {escape.md_code(self.view.api_key_env)} environment variable"
        return IndexDoc(
            title=escape.md_inline(self.api.title),
            version=escape.md_inline(self.api.version),
            description=(
                escape.md_block(self.api.description) if self.api.description else None
            ),
            package=self.view.name,
            base_url=self.view.base_url,
            auth=auth_text,
            groups=tuple(groups),
            schemas=tuple(sorted(schemas)),
            example=self.view.example,
        )


def _signature(resource: ResourceView, op: OperationView) -> str:
    parts = [a.name for a in op.positional]
    if op.keyword:
        parts.append("*")
        parts.extend(
            a.name if a.required else f"{a.name}={a.default}" for a in op.keyword
        )
    parts.append("**options")
    return (
        f"client.{resource.attribute}.{op.name}({', '.join(parts)}) -> {op.sync_return}"
    )


def _constraint_notes(c: ir.Constraints) -> list[str]:
    out = []
    if c.min_length is not None or c.max_length is not None:
        out.append(_range("length", c.min_length, c.max_length))
    if c.minimum is not None or c.maximum is not None:
        out.append(_range("value", c.minimum, c.maximum))
    if c.exclusive_minimum is not None:
        out.append(f"value > {c.exclusive_minimum}")
    if c.exclusive_maximum is not None:
        out.append(f"value < {c.exclusive_maximum}")
    if c.multiple_of is not None:
        out.append(f"multiple of {c.multiple_of}")
    if c.min_items is not None or c.max_items is not None:
        out.append(_range("items", c.min_items, c.max_items))
    if c.unique_items:
        out.append("items are unique")
    if c.pattern is not None:
        out.append(f"pattern {escape.md_code(c.pattern)}")
    return out


def _range(what: str, low: float | int | None, high: float | int | None) -> str:
    if low is not None and high is not None:
        return f"{low} ≤ {what} ≤ {high}"
    if low is not None:
        return f"{what} ≥ {low}"
    return f"{what} ≤ {high}"


def _exception_for(status: str) -> str:
    for code, exception, _ in STANDARD_ERRORS:
        if code == status:
            return exception
    if status.startswith("5"):
        return "InternalServerError"
    return "APIStatusError"


def _sentence(text: str | None, notes: list[str]) -> str:
    """A description and its notes on one line: "Text. Note; note"."""
    parts = []
    if text:
        line = escape.md_inline(text)
        parts.append(
            line if line.endswith((".", "!", "?", ":")) or not notes else line + "."
        )
    if notes:
        parts.append("; ".join(notes))
    return " ".join(parts)
