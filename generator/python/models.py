"""Plan the model modules: one per named schema, holding its dataclass or type alias
and the dataclasses of the inline objects nested in it.

Beside each class go its reader (a function copying the properties of a JSON
object onto a new instance, one line per property) and its wire table (each
field's attribute, wire name and type descriptor, see descriptors.py); beside
each alias, its descriptor. The runtime decodes, encodes and checks with these,
and evaluates no string.

Those are Python source, needed only by the module's own file: `ModuleDraft.
source_view` writes them out (and the imports they need) where the module is
rendered, in a worker, not while the whole API is planned on one core.
"""

from __future__ import annotations

from dataclasses import field

from generator import escape, ir, naming
from generator.diagnostics import Diagnostics
from generator.python import descriptors, layout
from generator.python import pytypes as t
from generator.python.imports import ImportGroups, grouped
from generator.python.typemap import TypeMapper
from generator.records import record


@record
class FieldView:
    name: str
    wire: str
    type: t.PyType
    default: str | None  # Python source; None when the field has no default
    doc: str | None
    required: bool = True  # on the wire
    nullable: bool = False  # null is a value the spec allows
    wire_type: t.PyType = t.ANY  # the JSON value's type, None included where allowed
    converted: bool = (
        False  # whether the value may hold models, which the reader converts
    )

    @property
    def annotation(self) -> str:
        return self.type.annotation()

    @property
    def source(self) -> layout.Code:
        """What the reader assigns: `d["wire"]`, through `c.<attribute>(...)` if it holds models.

        A required property that is missing raises KeyError, which sends the
        runtime down its slow path (it records what is missing).
        """
        value: layout.Code = layout.Bracketed("d[", (escape.py_str(self.wire),), "]")
        if self.converted:
            return layout.Bracketed(f"c.{self.name}(", (value,))
        return value

    @property
    def reading(self) -> str:
        """The reader's statement for this field, laid out.

        `o.x = d["x"]`, or for an optional property `o.x = d["x"] if "x" in d
        else <default>` (faster than d.get, and no converter call when absent).
        """
        prefix = f"o.{self.name} = "
        if self.required:
            return layout.expression(self.source, 1, prefix=prefix)
        key = escape.py_str(self.wire)
        return layout.conditional(
            self.source, f"{key} in d", self.default or "None", 1, prefix
        )

    @property
    def counted(self) -> str | None:
        """How the reader counts an optional property as read as expected (None: required).

        An optional property read as None is not counted: absent, or a null the
        spec does not allow, which the runtime then records.
        """
        if self.required:
            return None
        # (Whole numbers, not booleans: adding those is several times slower.)
        if self.default == "None":
            return f"(0 if o.{self.name} is None else 1)"
        return f"(1 if {escape.py_str(self.wire)} in d else 0)"


@record
class ClassView:
    name: str
    doc: str | None
    fields: tuple[FieldView, ...]
    extras: (
        t.PyType | None
    )  # type of additional_properties when narrower than dict[str, Any]
    reader: str = (
        ""  # the name of the function copying JSON properties onto an instance
    )
    entries: tuple[str, ...] = ()  # the Field(...) of each field, as laid-out source
    extras_type: str | None = (
        None  # `extras=` and the descriptor of additional_properties
    )

    kind = "class"

    @property
    def reader_header(self) -> str:
        """The reader's `def` line (or lines)."""
        params = [f"o: {self.name}", "d: dict[str, Any]", "c: Any"]
        return layout.signature(self.reader, params, "int")

    @property
    def count(self) -> str:
        """The reader's return statement: how many of d's keys it read as expected."""
        required = sum(1 for f in self.fields if f.required)
        terms = [str(required)] + [c for f in self.fields if (c := f.counted)]
        return layout.sum_return(terms, 1)

    def types(self) -> list[t.PyType]:
        return [f.type for f in self.fields] + ([self.extras] if self.extras else [])


@record
class AliasView:
    name: str
    type: t.PyType
    doc: str | None
    descriptor: str = ""  # the runtime type, as source

    kind = "alias"

    @property
    def value(self) -> str:
        return self.type.runtime()


@record
class ModuleView:
    module: str
    definitions: tuple[ClassView | AliasView, ...]
    import_groups: ImportGroups
    type_imports: tuple[tuple[str, str], ...]  # (module, name) for type checkers only

    schema = naming.SCHEMA_ALIAS  # the runtime's schema module, as imported

    @property
    def exports(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.definitions)


@record
class ModuleDraft:
    """A model module as planned: what it defines, all the docs and the API need."""

    module: str
    definitions: tuple[ClassView | AliasView, ...]
    aliases: dict[str, t.PyType] = field(compare=False, repr=False)  # shared
    module_of: dict[str, str] = field(compare=False, repr=False)  # shared

    @property
    def exports(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.definitions)

    def source_view(self) -> ModuleView:
        """The module with its readers, wire tables, descriptors and imports."""
        return _module(
            self.module, _described(self.definitions, self.aliases), self.module_of
        )


@record
class ModelPlan:
    modules: tuple[ModuleDraft, ...]
    names: dict[str, str]  # pointer -> Python name
    module_of: dict[str, str]  # Python name -> module
    mapper: TypeMapper


def plan_models(api: ir.Api, notes: Diagnostics | None = None) -> ModelPlan:
    named = {s.pointer: s for s in api.schemas}
    groups = _module_groups(api)
    names: dict[str, str] = {}
    taken: set[str] = set(naming.RESERVED_CLASS_NAMES)
    for s in api.schemas:
        names[s.pointer] = _unique(naming.class_name([s.name]), taken, s.pointer, notes)
    for group in groups.values():
        for obj in group.objects:
            if obj.pointer not in names:
                wanted = naming.class_name(obj.name_hint or ("Object",))
                names[obj.pointer] = _unique(wanted, taken, obj.pointer, notes)
    mapper = TypeMapper(names, named)
    modules_taken: set[str] = set()
    module_of: dict[str, str] = {}
    drafts: list[tuple[str, tuple[ClassView | AliasView, ...]]] = []
    split = [part for group in groups.items() for part in _split(*group)]
    for root, objects in split:
        module = naming.unique(naming.module_name(names[root]), modules_taken)
        definitions: list[ClassView | AliasView] = []
        if root in named:
            definitions.append(_definition(named[root], names[root], mapper))
        # A named schema's root object is its definition above; an operation's is not.
        definitions.extend(
            _class(o, names[o.pointer], mapper)
            for o in objects
            if o.pointer != root or root not in named
        )
        for d in definitions:
            module_of[d.name] = module
        drafts.append((module, tuple(definitions)))
    aliases = mapper.alias_types()
    for _, defs in drafts:
        for d in defs:
            if isinstance(d, AliasView):
                module_of[naming.type_name(d.name)] = module_of[d.name]
    modules = sorted(
        (ModuleDraft(m, defs, aliases, module_of) for m, defs in drafts),
        key=lambda m: m.module,
    )
    return ModelPlan(tuple(modules), names, module_of, mapper)


def _unique(
    wanted: str, taken: set[str], pointer: str, notes: Diagnostics | None
) -> str:
    name = naming.unique(wanted, taken)
    if name != wanted and notes is not None:
        notes.info(
            "name-collision", f"class {wanted} is taken: this schema is {name}", pointer
        )
    return name


# The most classes and fields one model module holds, when it can be split: about
# 2,000 lines. (Stripe's checkout session body, 74 classes and 236 fields, was one
# module of 3,264 lines.)
MODULE_SIZE = 200


@record
class _Group:
    """The inline objects of one module, outermost first, and the object each sits in."""

    objects: tuple[ir.ObjectSchema, ...]
    owner: dict[str, str]  # pointer -> the pointer of the object it is nested in


def _module_groups(api: ir.Api) -> dict[str, _Group]:
    """Module roots (pointers) and the inline objects each module holds.

    A named schema is a root holding the inline objects nested in it. An inline
    object in an operation (a body, a response) roots a module of its own.
    """
    groups: dict[str, _Group] = {}
    seen: set[str] = set()
    for s in api.schemas:
        group = _inline_objects(s.schema, seen)
        seen.update(o.pointer for o in group.objects)
        groups[s.pointer] = group
    for op in api.operations + api.webhooks:
        for schema in ir.operation_schemas(op):
            group = _inline_objects(schema, seen)
            if group.objects:
                seen.update(o.pointer for o in group.objects)
                groups[group.objects[0].pointer] = group
    return groups


def _inline_objects(schema: ir.Schema, seen: set[str]) -> _Group:
    """Object schemas within schema (itself included) not yet seen, outermost first,
    in spec order, with the object each is nested in."""
    out: list[ir.ObjectSchema] = []
    owner: dict[str, str] = {}
    stack: list[tuple[ir.Schema, str | None]] = [(schema, None)]
    met: set[str] = set()
    while stack:
        node, around = stack.pop()
        if isinstance(node, ir.ObjectSchema):
            if node.pointer in seen or node.pointer in met:
                continue  # one object in several places (share.py): met
            met.add(node.pointer)
            out.append(node)
            if around is not None:
                owner[node.pointer] = around
            around = node.pointer
        stack.extend((child, around) for child in reversed(ir.children(node)))
    return _Group(tuple(out), owner)


def _split(root: str, group: _Group) -> list[tuple[str, tuple[ir.ObjectSchema, ...]]]:
    """The module of root, and the modules split from it so that none holds more
    than MODULE_SIZE classes and fields where that can be helped.

    From the innermost objects out, an object whose own fields and nested
    objects come to more than MODULE_SIZE hands its biggest properties' objects
    (`payment_method_options`, with all nested in it) to modules of their own,
    until it fits. Linear in the objects but for the sorting, at any depth.
    """
    objects = group.objects
    owner = {o.pointer: group.owner.get(o.pointer, root) for o in objects}
    owner.pop(root, None)
    nested: dict[str, list[str]] = {}
    for o in objects:
        if o.pointer in owner:
            nested.setdefault(owner[o.pointer], []).append(o.pointer)
    size = {o.pointer: 1 + len(o.properties) for o in objects}
    cut = {root}
    for pointer in reversed(dict.fromkeys([root, *(o.pointer for o in objects)])):
        inner = [p for p in nested.get(pointer, []) if p not in cut]
        total = size.get(pointer, 0) + sum(size[p] for p in inner)
        for p in sorted(inner, key=lambda p: -size[p]):
            if total <= MODULE_SIZE:
                break
            cut.add(p)
            total -= size[p]
        size[pointer] = total
    module: dict[str, str] = {root: root}
    members: dict[str, list[ir.ObjectSchema]] = {root: []}
    for o in objects:
        place = o.pointer if o.pointer in cut else module[owner.get(o.pointer, root)]
        module[o.pointer] = place
        members.setdefault(place, []).append(o)
    return [(place, tuple(found)) for place, found in members.items()]


def _definition(
    named: ir.NamedSchema, name: str, mapper: TypeMapper
) -> ClassView | AliasView:
    schema = named.schema
    if isinstance(schema, ir.ObjectSchema):
        return _class(schema, name, mapper)
    return AliasView(name=name, type=mapper.map(schema), doc=_alias_doc(schema))


def _class(schema: ir.ObjectSchema, name: str, mapper: TypeMapper) -> ClassView:
    taken = set(naming.RESERVED_MEMBERS)
    fields = []
    for prop in schema.properties:
        attr = naming.unique(naming.attribute_name(prop.name), taken)
        fields.append(_field(prop, attr, mapper))
    extras = None
    if schema.additional is not None and not isinstance(
        schema.additional, ir.AnySchema
    ):
        extras = t.DictOf(mapper.map(schema.additional))
    return ClassView(
        name=name,
        doc=_doc(schema.description or schema.title),
        fields=tuple(fields),
        extras=extras,
    )


def _field(prop: ir.Property, attr: str, mapper: TypeMapper) -> FieldView:
    schema = prop.schema
    py = wire_type = mapper.map(schema)
    nullable = mapper.nullable(schema)
    default: str | None = None
    if prop.required:
        default = _scalar_default(mapper.resolve(schema), schema.default)
    elif nullable:
        py = t.union([py, NOT_GIVEN_TYPE])
        default = "NOT_GIVEN"
    else:
        py = t.optional(py)
        default = "None"
    notes = ["Deprecated."] if schema.deprecated else []
    return FieldView(
        name=attr,
        wire=prop.name,
        type=py,
        default=default,
        doc=_doc(prop.description, notes),
        required=prop.required,
        nullable=nullable,
        wire_type=wire_type,
    )


def _described(
    definitions: tuple[ClassView | AliasView, ...], aliases: dict[str, t.PyType]
) -> tuple[ClassView | AliasView, ...]:
    """The definitions with their runtime descriptors written out."""
    scope = descriptors.Scope(aliases, frozenset(d.name for d in definitions))
    readers = naming.reader_names(
        d.name for d in definitions if isinstance(d, ClassView)
    )
    out: list[ClassView | AliasView] = []
    for d in definitions:
        if isinstance(d, AliasView):
            out.append(
                ir.evolve(
                    d,
                    descriptor=layout.expression(
                        descriptors.code(d.type, scope),
                        0,
                        prefix=f"{naming.type_name(d.name)}: {naming.SCHEMA_ALIAS}.TypeLike = ",
                    ),
                )
            )
            continue
        fields = tuple(
            ir.evolve(f, converted=descriptors.holds_models(f.wire_type, scope))
            for f in d.fields
        )
        entries = tuple(_entry(f, scope) for f in fields)
        extras = (
            layout.expression(
                descriptors.code(d.extras.value, scope), 1, "extras=", ","
            )
            if isinstance(d.extras, t.DictOf)
            else None
        )
        out.append(
            ir.evolve(
                d,
                fields=fields,
                reader=readers[d.name],
                entries=entries,
                extras_type=extras,
            )
        )
    return tuple(out)


def _entry(f: FieldView, scope: descriptors.Scope) -> str:
    """`_s.Field("attr", <type>[, wire="..."][, required=True]),` laid out in the table."""
    args: list[layout.Code] = [
        escape.py_str(f.name),
        descriptors.code(f.wire_type, scope),
    ]
    if f.wire != f.name:
        args.append(f"wire={escape.py_str(f.wire)}")
    if f.required:
        args.append("required=True")
    call = layout.Bracketed(f"{naming.SCHEMA_ALIAS}.Field(", tuple(args))
    return layout.expression(call, 1, suffix=",")


NOT_GIVEN_TYPE = t.RuntimeName("NotGiven")


def _scalar_default(schema: ir.Schema, default: ir.Json | ir.Missing) -> str | None:
    """The spec default as Python source, when it is a scalar of the field's type."""
    if (
        isinstance(default, ir.Missing)
        or isinstance(default, (list, dict))
        or default is None
    ):
        return None
    if isinstance(schema, ir.EnumSchema):
        return (
            escape.py_literal(default)
            if default in schema.values or schema.open
            else None
        )
    if isinstance(schema, ir.PrimitiveSchema):
        ok = {
            ir.Primitive.STRING: isinstance(default, str),
            ir.Primitive.INTEGER: isinstance(default, int)
            and not isinstance(default, bool),
            ir.Primitive.NUMBER: isinstance(default, (int, float))
            and not isinstance(default, bool),
            ir.Primitive.BOOLEAN: isinstance(default, bool),
        }[schema.type]
        return escape.py_literal(default) if ok else None
    return None


def _doc(text: str | None, notes: list[str] | None = None) -> str | None:
    parts = [p for p in [text, *(notes or [])] if p]
    return "\n\n".join(parts) if parts else None


def _alias_doc(schema: ir.Schema) -> str | None:
    notes = []
    if isinstance(schema, ir.EnumSchema) and schema.open:
        notes.append("Any string is accepted; the known values are listed in the type.")
    return _doc(schema.description or schema.title, notes)


def _module(
    module: str,
    definitions: tuple[ClassView | AliasView, ...],
    module_of: dict[str, str],
) -> ModuleView:
    imports: set[str] = set()
    refs: set[str] = set()
    first: list[tuple[str, str]] = []
    for d in definitions:
        if isinstance(d, AliasView):
            imports |= {"TypeAlias"} | d.type.imports(runtime=True)
            refs |= d.type.refs()
            continue
        imports |= {"Model", "Any"}
        for ty in d.types():
            imports |= ty.imports()
            refs |= ty.refs()
        if any(f.default == "NOT_GIVEN" for f in d.fields):
            imports.add("NOT_GIVEN")
    if any(isinstance(d, ClassView) for d in definitions):
        first.append(("dataclasses", "dataclass"))
    if any(isinstance(d, ClassView) and d.extras is not None for d in definitions):
        first.append(("dataclasses", "field"))
    own = {d.name for d in definitions}
    type_imports = tuple(sorted((module_of[n], n) for n in refs - own))
    if type_imports:
        first.append(("typing", "TYPE_CHECKING"))
    described = [d.descriptor for d in definitions if isinstance(d, AliasView)]
    described += [e for d in definitions if isinstance(d, ClassView) for e in d.entries]
    described += [
        d.extras_type for d in definitions if isinstance(d, ClassView) and d.extras_type
    ]
    if any(f"{naming.MODELS_ALIAS}." in text for text in described):
        first.append(("..", f"models as {naming.MODELS_ALIAS}"))
    first.append((".._runtime", f"schema as {naming.SCHEMA_ALIAS}"))
    return ModuleView(
        module=module,
        definitions=definitions,
        import_groups=grouped(imports, first),
        type_imports=type_imports,
    )
