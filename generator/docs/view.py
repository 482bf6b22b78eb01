"""What every docs page builder shares: the API, the Python view, the page layout.

The HTTP facts come from the IR and the HTTP plan (`OperationView.plan`); the
names a reader types (client attributes, methods, arguments, classes) from the
Python view. Page keys follow the client's attribute paths
(`chat/completions/create`), made file-safe by generator/naming.py.
"""

from __future__ import annotations


from generator import ir, naming
from generator.docs.links import LinkBase
from generator.docs.markdown import MarkdownParser
from generator.docs.text import Blocks, Entries, Inlines
from generator.examples import Examples
from generator.python.models import AliasView, ClassView
from generator.python.operations import OperationView
from generator.python.resources import ResourceView
from generator.python.package import PackageView
from generator.records import record

Definition = ClassView | AliasView
SCHEMAS_DIR = "schemas"


@record
class ResourceNode:
    """A node of the resource tree: an attribute path from the client (`chat.completions`).

    `resource` is None for a path that only holds other resources.
    """

    access: str
    page: str  # its overview page: <dirs>/index
    resource: ResourceView | None
    children: tuple[ResourceNode, ...]


class DocsView:
    def __init__(self, api: ir.Api, view: PackageView) -> None:
        self.api = api
        self.view = view
        self.mapper = view.models.mapper
        self.examples: Examples = view.examples
        self.named = {s.pointer: s for s in api.schemas}
        self.links = LinkBase(api)
        self.text = MarkdownParser(self.links.resolve)
        self.definitions: dict[str, Definition] = {
            d.name: d for m in view.models.modules for d in m.definitions
        }
        self.pointer_of = {name: ptr for ptr, name in view.models.names.items()}
        self.objects: dict[str, ir.ObjectSchema] = {}
        for s in api.schemas:
            self._collect(s.schema)
        for op in api.operations + api.webhooks:
            for schema in ir.operation_schemas(op):
                self._collect(schema)
        self.schema_pages = self._schema_pages()
        self.tree, self.operation_pages = self._resource_pages()
        # Walked once: pages look nodes up by attribute path, thousands of times.
        self._nodes = self._walk()
        self._by_access = {n.access: n for n in self._nodes}
        # A model's fields appear on its page and on every page that takes or
        # returns it: each field's term and body are built once (docs/types.py),
        # keyed by the identity of the field and property objects this view holds.
        self.field_parts: dict[tuple[int, int, int | None], tuple[Inlines, Blocks]] = {}
        # The fields of a returned class, as every operation returning it shows them.
        self.returned_fields: dict[str, Entries] = {}

    def _collect(self, schema: ir.Schema) -> None:
        stack = [schema]
        while stack:
            node = stack.pop()
            if isinstance(node, ir.ObjectSchema):
                self.objects.setdefault(node.pointer, node)
            stack.extend(ir.children(node))

    # -- pages ----------------------------------------------------------------------

    def _schema_pages(self) -> dict[str, str]:
        taken: set[str] = set()
        return {
            name: f"{SCHEMAS_DIR}/{naming.doc_segment(name, taken)}"
            for name in sorted(self.definitions)
        }

    def _resource_pages(
        self,
    ) -> tuple[tuple[ResourceNode, ...], dict[tuple[str, str], str]]:
        """The resource tree, and the page of every operation by (access, method)."""
        dirs: dict[str, str] = {"": ""}
        taken: dict[str, set[str]] = {}
        by_access = {r.access: r for r in self.view.resources}
        paths = sorted({p for a in by_access for p in _prefixes(a)})
        for access in paths:
            parent, _, last = access.rpartition(".")
            used = taken.setdefault(parent, set())
            segment = naming.doc_segment(last, used)
            dirs[access] = f"{dirs[parent]}/{segment}".lstrip("/")
        pages: dict[tuple[str, str], str] = {}
        for access, resource in by_access.items():
            used = taken.setdefault(access, set()) | {"index"}
            for op in resource.operations:
                pages[(access, op.name)] = (
                    f"{dirs[access]}/{naming.doc_segment(op.name, used)}"
                )

        below: dict[str, list[str]] = {}  # parent -> children, in sorted order
        for p in paths:
            below.setdefault(p.rpartition(".")[0], []).append(p)

        def node(access: str) -> ResourceNode:
            children = tuple(node(p) for p in below.get(access, []))
            return ResourceNode(
                access, f"{dirs[access]}/index", by_access.get(access), children
            )

        return tuple(node(p) for p in below.get("", [])), pages

    def operation_page(self, resource: ResourceView, op: OperationView) -> str:
        return self.operation_pages[(resource.access, op.name)]

    def schema_page(self, name: str) -> str | None:
        return self.schema_pages.get(name)

    def nodes(self) -> list[ResourceNode]:
        """Every node of the resource tree, parents first."""
        return list(self._nodes)

    def node_at(self, access: str) -> ResourceNode:
        """The node of an attribute path (`chat.completions`)."""
        return self._by_access[access]

    def _walk(self) -> list[ResourceNode]:
        out: list[ResourceNode] = []
        stack = list(reversed(self.tree))
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(current.children))
        return out

    # -- schemas -------------------------------------------------------------------

    def schema_of(self, name: str) -> ir.Schema | None:
        """The IR schema behind a model class or alias."""
        pointer = self.pointer_of.get(name)
        if pointer is None:
            return None
        named = self.named.get(pointer)
        return named.schema if named is not None else self.objects.get(pointer)

    def described(self, schema: ir.Schema) -> str | None:
        """A schema's description, or the one of the schema it refers to."""
        if schema.description:
            return schema.description
        target = self.mapper.resolve(schema)
        return target.description or target.title

    def blocks(self, text: str | None) -> Blocks:
        return self.text.parse(text) if text else ()

    def inline(self, text: str | None) -> Inlines:
        return self.text.parse_inline(text) if text else ()


def _prefixes(access: str) -> list[str]:
    parts = access.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]
