"""The docs model: every page as data, the same for Markdown and HTML.

Pages hold structured text (generator/docs/text.py) and plain strings of the
docs' own making (titles, code); nothing is escaped or formatted here. Page
keys are paths without an extension (`videos/remix`, `schemas/VideoResource`);
each rendering adds its own.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Union

from generator.docs.text import Blocks, CodeBlock, Inlines
from generator.jsontext import dumps_unicode
from generator.records import record


@record
class Crumb:
    label: str
    page: str


@record
class Fact:
    label: str
    value: Inlines


@record
class Section:
    """A titled part of a page, with its own anchor."""

    title: str
    anchor: str
    blocks: Blocks


@record
class JsonExample:
    """A JSON example and the schema it is an example of (a JSON pointer into the spec)."""

    title: str
    value: Any
    pointer: str
    request: bool

    @cached_property
    def code(self) -> Blocks:
        """The example as a JSON code block (made once for both renderings)."""
        return (CodeBlock(pretty_json(self.value), "json"),)


def pretty_json(value: Any, indent: str = "") -> str:
    """JSON laid out for reading: indented by two, but an object or array that fits
    on one line (88 characters, and holds no object or array of its own) stays on it."""
    if isinstance(value, (dict, list)) and value:
        # The one-line form only where it may be used: made at every level of a
        # deep value, it cost as much as the levels below, again and again.
        nested = any(
            isinstance(v, (dict, list)) and v
            for v in (value.values() if isinstance(value, dict) else value)
        )
        if not nested:
            flat = dumps_unicode(value)
            if len(indent) + len(flat) <= 88:
                return flat
        inner = indent + "  "
        if isinstance(value, dict):
            items = [
                f"{inner}{dumps_unicode(k)}: {pretty_json(v, inner)}"
                for k, v in value.items()
            ]
            return "{\n" + ",\n".join(items) + "\n" + indent + "}"
        items = [inner + pretty_json(v, inner) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    return dumps_unicode(value)


@record
class Snippet:
    """Code to copy: a call, a curl command, usage of pages or streams."""

    title: str
    anchor: str
    blocks: Blocks


@record
class ErrorRow:
    status: Inlines
    exception: Inlines
    description: Inlines


@record
class OperationDoc:
    key: str
    title: str
    crumbs: tuple[Crumb, ...]
    signature: Blocks
    returns_line: Inlines
    http: Inlines
    deprecated: bool
    summary: Inlines
    description: Blocks
    facts: tuple[Fact, ...]
    sections: tuple[Section, ...]  # parameters by location, the request body
    returns: Section
    errors: tuple[ErrorRow, ...]
    standard_errors: Inlines
    snippets: tuple[Snippet, ...]
    examples: tuple[JsonExample, ...]


@record
class SchemaDoc:
    key: str
    title: str
    crumbs: tuple[Crumb, ...]
    import_line: Blocks
    summary_line: Inlines
    description: Blocks
    kind: str  # "class" or "alias"
    type: Inlines
    fields: Blocks
    notes: Blocks
    example: JsonExample | None
    used_by: Inlines


@record
class Row:
    """One line of a listing: a link, a second column, a summary."""

    link: Inlines
    detail: Inlines
    summary: Inlines


@record
class ResourceDoc:
    key: str
    title: str
    crumbs: tuple[Crumb, ...]
    description: Blocks
    operations: tuple[Row, ...]
    resources: tuple[Row, ...]


@record
class SchemaIndexDoc:
    key: str
    title: str
    crumbs: tuple[Crumb, ...]
    parts: tuple[Row, ...]  # the other pages of the listing, when it is split
    schemas: tuple[Row, ...]


@record
class IndexDoc:
    key: str
    title: str
    crumbs: tuple[Crumb, ...]
    version: str
    description: Blocks
    package: str
    facts: tuple[Fact, ...]
    quickstart: Blocks
    resources: tuple[Row, ...]
    errors: tuple[ErrorRow, ...]
    schemas_page: str
    schema_count: int


Page = Union[OperationDoc, SchemaDoc, ResourceDoc, SchemaIndexDoc, IndexDoc]


@record
class NavItem:
    """A link in the HTML site's navigation; `children` open under the current page."""

    label: str
    page: str
    children: tuple[NavItem, ...] = ()


@record
class SearchEntry:
    """One entry of the HTML site's search index."""

    label: str
    kind: str  # operation, schema, field, parameter, resource
    detail: str
    page: str
    anchor: str = ""
