"""Plan the model modules: one per named schema, holding its dataclass or type alias
and the dataclasses of the inline objects nested in it."""

from __future__ import annotations

from dataclasses import dataclass

from generator import escape, ir, naming
from generator.diagnostics import Diagnostics
from generator.python import pytypes as t
from generator.python.imports import ImportGroups, grouped
from generator.python.typemap import TypeMapper


@dataclass(frozen=True)
class FieldView:
    name: str
    wire: str
    type: t.PyType
    default: str | None  # Python source; None when the field has no default
    doc: str | None

    @property
    def annotation(self) -> str:
        return self.type.annotation()


@dataclass(frozen=True)
class ClassView:
    name: str
    doc: str | None
    fields: tuple[FieldView, ...]
    wire_names: tuple[tuple[str, str], ...]  # (attribute, wire name) where they differ
    extras: (
        t.PyType | None
    )  # type of additional_properties when narrower than dict[str, Any]

    kind = "class"

    def types(self) -> list[t.PyType]:
        return [f.type for f in self.fields] + ([self.extras] if self.extras else [])


@dataclass(frozen=True)
class AliasView:
    name: str
    type: t.PyType
    doc: str | None

    kind = "alias"

    @property
    def value(self) -> str:
        return self.type.runtime()


@dataclass(frozen=True)
class ModuleView:
    module: str
    definitions: tuple[ClassView | AliasView, ...]
    import_groups: ImportGroups
    type_imports: tuple[tuple[str, str], ...]  # (module, name) for type checkers only

    @property
    def exports(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.definitions)


@dataclass(frozen=True)
class ModelPlan:
    modules: tuple[ModuleView, ...]
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
    for objects in groups.values():
        for obj in objects:
            if obj.pointer not in names:
                wanted = naming.class_name(obj.name_hint or ("Object",))
                names[obj.pointer] = _unique(wanted, taken, obj.pointer, notes)
    mapper = TypeMapper(names, named)
    modules_taken: set[str] = set()
    module_of: dict[str, str] = {}
    drafts: list[tuple[str, tuple[ClassView | AliasView, ...]]] = []
    for root, objects in groups.items():
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
    modules = sorted(
        (_module(m, defs, module_of) for m, defs in drafts), key=lambda m: m.module
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


def _module_groups(api: ir.Api) -> dict[str, list[ir.ObjectSchema]]:
    """Module roots (pointers) and the inline objects each module holds.

    A named schema is a root holding the inline objects nested in it. An inline
    object in an operation (a body, a response) roots a module of its own.
    """
    groups: dict[str, list[ir.ObjectSchema]] = {}
    seen: set[str] = set()
    for s in api.schemas:
        objects = [o for o in _inline_objects(s.schema) if o.pointer not in seen]
        seen.update(o.pointer for o in objects)
        groups[s.pointer] = objects
    for op in api.operations + api.webhooks:
        for schema in ir.operation_schemas(op):
            objects = [o for o in _inline_objects(schema) if o.pointer not in seen]
            if objects:
                seen.update(o.pointer for o in objects)
                groups[objects[0].pointer] = objects
    return groups


def _inline_objects(schema: ir.Schema) -> list[ir.ObjectSchema]:
    """Object schemas within schema (itself included), outermost first, in spec order."""
    out: list[ir.ObjectSchema] = []
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.ObjectSchema):
            out.append(node)
        stack.extend(reversed(ir.children(node)))
    return out


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
    wire_names = []
    for prop in schema.properties:
        attr = naming.unique(naming.attribute_name(prop.name), taken)
        if attr != prop.name:
            wire_names.append((attr, prop.name))
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
        wire_names=tuple(wire_names),
        extras=extras,
    )


def _field(prop: ir.Property, attr: str, mapper: TypeMapper) -> FieldView:
    schema = prop.schema
    py = mapper.map(schema)
    default: str | None = None
    if prop.required:
        default = _scalar_default(mapper.resolve(schema), schema.default)
    elif schema.nullable:
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
    )


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
        imports.add("Model")
        if d.wire_names:
            imports.add("ClassVar")
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
    return ModuleView(
        module=module,
        definitions=definitions,
        import_groups=grouped(imports, first),
        type_imports=type_imports,
    )
