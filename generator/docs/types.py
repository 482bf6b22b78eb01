"""Types, constraints and fields as structured text, with links to schema pages."""

from __future__ import annotations

from typing import Any

from generator import ir, naming
from generator.compat import assert_never
from generator.docs.text import (
    Blocks,
    Code,
    Entries,
    Entry,
    Inline,
    Inlines,
    Para,
    Ref,
    Text,
    join,
)
from generator.docs.view import DocsView
from generator.jsontext import dumps_unicode
from generator.python import pytypes as t
from generator.python.models import ClassView, FieldView

NOT_GIVEN = t.RuntimeName("NotGiven")
SUMMARY_FIELDS = 3
NESTED_FIELDS = 8  # a nested class this small is shown in place; a larger one is linked


def type_inlines(docs: DocsView, py: t.PyType) -> Inlines:
    """A Python type as readers see it: classes linked, NotGiven left out."""
    match py:
        case t.Ref(name):
            page = docs.schema_page(name)
            return (Ref((Text(name),), page),) if page else (Code(name),)
        case t.ListOf(item):
            return (Text("list["), *type_inlines(docs, item), Text("]"))
        case t.DictOf(value):
            return (Text("dict[str, "), *type_inlines(docs, value), Text("]"))
        case t.UnionOf(members):
            shown = [m for m in members if m != NOT_GIVEN]
            return join([type_inlines(docs, m) for m in shown], (Text(" | "),))
        case t.Discriminated(union):
            return type_inlines(docs, union)
        case t.LiteralOf(values):
            return join([(Code(_json(v)),) for v in values], (Text(" | "),))
        case t.Builtin() | t.RuntimeName():
            return (Code(py.annotation()),)
        case _:
            return (Code(py.annotation()),)


def documented(py: t.PyType, nullable: bool) -> t.PyType:
    """The type a reader is told: no NotGiven, and None only when null is a value
    (an optional field's None just means it was absent; "optional" says that)."""
    if not isinstance(py, t.UnionOf):
        return py
    kept = tuple(m for m in py.members if not _absent(m, nullable))
    if len(kept) == len(py.members) or not kept:
        return py
    return kept[0] if len(kept) == 1 else t.UnionOf(kept)


def _absent(member: t.PyType, nullable: bool) -> bool:
    """NotGiven, or a None that only means "absent" (compared without deep equality)."""
    if isinstance(member, t.RuntimeName):
        return member.name == NOT_GIVEN.name
    return not nullable and isinstance(member, t.Builtin) and member.name == "None"


def summary_inlines(docs: DocsView, py: t.PyType) -> Inlines:
    """A one-line return summary: `VideoResource { id, object, model, 10 more }`."""
    if isinstance(py, t.Ref):
        definition = docs.definitions.get(py.name)
        if isinstance(definition, ClassView) and definition.fields:
            return (
                *type_inlines(docs, py),
                Text(" "),
                Code(fields_summary(docs, definition)),
            )
    return type_inlines(docs, py)


def fields_summary(docs: DocsView, cls: ClassView) -> str:
    schema = docs.schema_of(cls.name)
    required = (
        {p.name for p in schema.properties if p.required}
        if isinstance(schema, ir.ObjectSchema)
        else set()
    )
    ordered = [f for f in cls.fields if f.wire in required] + [
        f for f in cls.fields if f.wire not in required
    ]
    shown = [f.name for f in ordered[:SUMMARY_FIELDS]]
    rest = len(ordered) - len(shown)
    if rest:
        shown.append(f"{rest} more")
    return "{ " + ", ".join(shown) + " }"


def notes(
    docs: DocsView, schema: ir.Schema, *, limit: int | None = None
) -> list[Inlines]:
    """Allowed values, format, constraints, default and flags, as short phrases.

    limit summarises long enums (operation pages): the rest are on the schema page.
    """
    out: list[Inlines] = []
    target = docs.mapper.resolve(schema)
    # Schema pages (no limit) leave out what the field's Literal type already lists.
    if isinstance(target, ir.EnumSchema) and (
        limit is not None or not _literal(schema)
    ):
        out.append(_enum_note(target, limit))
    if isinstance(target, ir.PrimitiveSchema) and target.format:
        out.append((Text("Format: "), Code(target.format)))
    constraints = getattr(target, "constraints", None)
    if isinstance(constraints, ir.Constraints):
        out.extend(_constraints(constraints))
    if isinstance(target, ir.ObjectSchema) and target.required_sets:
        sets = [(Code(", ".join(s)),) for s in target.required_sets]
        word = "Exactly" if target.required_sets_exclusive else "At least"
        out.append(
            (
                Text(f"{word} one of these sets of properties: "),
                *join(sets, (Text("; "),)),
            )
        )
    if not isinstance(schema.default, ir.Missing):
        out.append((Text("Default: "), Code(_json(schema.default))))
    for flag, text in (
        (schema.deprecated, "Deprecated"),
        (schema.read_only, "Read-only"),
        (schema.write_only, "Write-only"),
    ):
        if flag:
            out.append((Text(text),))
    return out


def _literal(schema: ir.Schema) -> bool:
    """A closed enum written in place: its type is a Literal of every value already."""
    return (
        isinstance(schema, ir.EnumSchema)
        and not schema.open
        and all(isinstance(v, (str, int, bool)) for v in schema.values)
    )


def _enum_note(target: ir.EnumSchema, limit: int | None) -> Inlines:
    values = list(target.values)
    shown = values if limit is None or len(values) <= limit else values[:limit]
    parts: list[Inlines] = [(Code(_json(v)),) for v in shown]
    if len(shown) < len(values):
        parts.append((Text(f"and {len(values) - len(shown)} more"),))
    if target.open and target.exclusive:
        lead = "Any other string (the spec lists these as well): "
    elif target.open:
        lead = "Any string; known values: "
    else:
        lead = "Allowed values: "
    return (Text(lead), *join(parts, (Text(", "),)))


def _constraints(c: ir.Constraints) -> list[Inlines]:
    out: list[Inlines] = []
    for what, low, high in (
        ("length", c.min_length, c.max_length),
        ("value", c.minimum, c.maximum),
        ("items", c.min_items, c.max_items),
        ("properties", c.min_properties, c.max_properties),
    ):
        if low is not None or high is not None:
            out.append((Text(_range(what, low, high)),))
    if c.exclusive_minimum is not None:
        out.append((Text(f"value > {c.exclusive_minimum}"),))
    if c.exclusive_maximum is not None:
        out.append((Text(f"value < {c.exclusive_maximum}"),))
    if c.multiple_of is not None:
        out.append((Text(f"multiple of {c.multiple_of}"),))
    if c.unique_items:
        out.append((Text("items are unique"),))
    if c.pattern is not None:
        out.append((Text("pattern "), Code(c.pattern)))
    return out


def _range(what: str, low: float | int | None, high: float | int | None) -> str:
    if low is not None and high is not None:
        return f"{low} ≤ {what} ≤ {high}"
    if low is not None:
        return f"{what} ≥ {low}"
    return f"{what} ≤ {high}"


def described(docs: DocsView, text: str | None, extra: list[Inlines]) -> Blocks:
    """A description's blocks and the notes ("Note; note"): in its paragraph when it
    has only one, else as a paragraph of their own."""
    blocks = list(docs.blocks(text))
    if not extra:
        return tuple(blocks)
    notes = join(extra, (Text("; "),))
    if len(blocks) == 1 and isinstance(blocks[0], Para) and blocks[0].inlines:
        inlines = blocks[0].inlines
        last = inlines[-1]
        end = isinstance(last, Text) and last.text.rstrip().endswith(
            (".", "!", "?", ":")
        )
        return (Para(inlines + (Text(" " if end else ". "),) + notes),)
    return tuple(blocks) + (Para(notes),)


def field_entries(
    docs: DocsView,
    cls: ClassView,
    prefix: str,
    taken: set[str],
    *,
    depth: int = 0,
    levels: int = 1,
    limit: int | None = None,
    seen: tuple[str, ...] = (),
) -> Entries:
    """The fields of a model class; nested classes expanded `levels` deep (each once)."""
    schema = docs.schema_of(cls.name)
    props = (
        {p.name: p for p in schema.properties}
        if isinstance(schema, ir.ObjectSchema)
        else {}
    )
    entries = []
    for f in cls.fields:
        prop = props.get(f.wire)
        anchor = naming.doc_anchor(prefix, f.name, taken)
        children: tuple[Entry, ...] = ()
        # Schema pages show one level: the nested class is looked up only below.
        nested = _nested_class(docs, f) if depth + 1 < levels else None
        if (
            nested is not None
            and nested.name not in seen
            and len(nested.fields) <= NESTED_FIELDS
        ):
            children = field_entries(
                docs,
                nested,
                anchor,
                taken,
                depth=depth + 1,
                levels=levels,
                limit=limit,
                seen=seen + (cls.name,),
            ).entries
        key = (id(f), id(prop), limit)
        parts = docs.field_parts.get(key)
        if parts is None:
            parts = (_field_term(docs, f, prop), _field_body(docs, f, prop, limit))
            docs.field_parts[key] = parts
        entries.append(Entry(anchor, parts[0], parts[1], children))
    return Entries(tuple(entries))


def anchors_of(entries: tuple[Entry, ...]) -> set[str]:
    """The anchors of entries and of their children."""
    out: set[str] = set()
    stack = list(entries)
    while stack:
        entry = stack.pop()
        out.add(entry.anchor)
        stack.extend(entry.children)
    return out


def field_anchors(cls: ClassView, reserved: tuple[str, ...]) -> list[str]:
    """The anchors of a class's fields on its own page (as field_entries makes them)."""
    taken: set[str] = set(reserved)
    return [naming.doc_anchor("", f.name, taken) for f in cls.fields]


def _field_term(docs: DocsView, f: FieldView, prop: ir.Property | None) -> Inlines:
    py = documented(f.type, prop is None or f.nullable)
    term: list[Inline] = [Code(f.name), Text(": "), *type_inlines(docs, py)]
    if prop is None or not prop.required:
        term.append(Text(" (optional)"))
    return tuple(term)


def _field_body(
    docs: DocsView, f: FieldView, prop: ir.Property | None, limit: int | None
) -> Blocks:
    extra: list[Inlines] = []
    if f.wire != f.name:
        extra.append((Text("JSON name: "), Code(f.wire)))
    if prop is None:
        return described(docs, None, extra)
    extra.extend(notes(docs, prop.schema, limit=limit))
    return described(docs, prop.description or docs.described(prop.schema), extra)


def _nested_class(docs: DocsView, f: FieldView) -> ClassView | None:
    """The class of a field that holds one object (or nothing): shown in place."""
    py = documented(f.type, False)
    if isinstance(py, t.Ref):
        definition = docs.definitions.get(py.name)
        if isinstance(definition, ClassView):
            return definition
    return None


def _json(value: Any) -> str:
    return dumps_unicode(value)


def variants_note(docs: DocsView, py: t.PyType) -> Blocks:
    """How a discriminated union picks its variant: `"a"` → A, ..."""
    match py:
        case t.Discriminated(_, prop, mapping):
            pairs = [
                (Code(_json(value)), Text(" → "), *type_inlines(docs, t.Ref(name)))
                for value, name in mapping
            ]
            lead: Inlines = (Text("The variant is chosen by "), Code(prop), Text(": "))
            return (Para(lead + join(pairs, (Text(", "),))),)
        case _:
            return ()


def kind_word(schema: ir.Schema) -> str:
    """What kind of schema an alias stands for, in a word."""
    match schema:
        case ir.EnumSchema():
            return "enum"
        case ir.UnionSchema():
            return "union"
        case ir.ArraySchema():
            return "array"
        case ir.MapSchema():
            return "map"
        case ir.PrimitiveSchema() | ir.AnySchema() | ir.NullSchema() | ir.RefSchema():
            return "alias"
        case ir.ObjectSchema():
            return "class"
        case _:
            assert_never(schema)
