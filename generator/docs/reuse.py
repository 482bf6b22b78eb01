"""The keys of the docs pages kept from the last run (see generator/keys.py)."""

from __future__ import annotations

from typing import Iterable

from generator.docs import index as listing
from generator.docs.view import DocsView
from generator.keys import Keys


def page_keys(docs: DocsView, base: str, keys: Keys) -> dict[str, str]:
    """The key of every page but the index, by the path of each of its files: an
    operation's, a model's, a resource's (by its operations) and each page of
    the list of models (by the models it lists)."""
    out: dict[str, str] = {}

    def add(page: str, kind: str, pointers: Iterable[str]) -> None:
        key = keys.key(kind, page, pointers)
        if key is not None:
            out[f"{base}{page}.md"] = out[f"{base}html/{page}.html"] = key

    for node in docs.nodes():
        if node.resource is None:
            add(node.page, "resource", ())
            continue
        pointers = [op.operation.pointer for op in node.resource.operations]
        add(node.page, "resource", pointers)
        for op in node.resource.operations:
            page = docs.operation_page(node.resource, op)
            add(page, "operation", (op.operation.pointer,))
    for name in docs.definitions:
        pointer = docs.pointer_of.get(name, "")
        if pointer in docs.named or pointer in docs.objects:
            add(docs.schema_pages[name], "schema", (pointer,))
    for page, names in listing.schema_index_chunks(docs):
        listed = [docs.pointer_of.get(name, "") for name in names]
        if all(pointer in docs.named or pointer in docs.objects for pointer in listed):
            add(page, "schema index", listed)
    return out
