"""The keys of the docs pages kept from the last run (see generator/keys.py)."""

from __future__ import annotations

from generator.docs.view import DocsView
from generator.keys import Keys


def page_keys(docs: DocsView, base: str, keys: Keys) -> dict[str, str]:
    """The key of every operation and model page, by the path of each of its files."""
    out: dict[str, str] = {}

    def add(page: str, kind: str, pointer: str) -> None:
        out[f"{base}{page}.md"] = out[f"{base}html/{page}.html"] = keys.key(
            kind, page, (pointer,)
        )

    for node in docs.nodes():
        if node.resource is None:
            continue
        for op in node.resource.operations:
            page = docs.operation_page(node.resource, op)
            add(page, "operation", op.operation.pointer)
    for name in docs.definitions:
        pointer = docs.pointer_of.get(name, "")
        if pointer in docs.named or pointer in docs.objects:
            add(docs.schema_pages[name], "schema", pointer)
    return out
