"""Resolve `$ref`s: local pointers, and relative files beside the spec.

Remote references (http, https, ...) are never fetched: they become an error
diagnostic and the referring schema degrades to "any". A relative file must lie
inside the spec's own directory; anything else is refused the same way.

A location is a JSON pointer into the main document ("/components/schemas/A"), or
"file.yaml#/pointer" for another file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator import jsonptr
from generator.diagnostics import Diagnostics, GeneratorError
from generator.loader import Document, load

MAX_CHAIN = 64


class Resolver:
    def __init__(self, document: Document, diagnostics: Diagnostics) -> None:
        self.main = document
        self.diagnostics = diagnostics
        self.root = document.path.resolve().parent
        self._docs: dict[str, Any] = {}
        # Every other file a $ref named: its SHA-256, None when it could not be read.
        self.read: dict[str, str | None] = {}

    def tree(self, doc: str) -> Any:
        """The parsed tree of a document: "" is the main one."""
        if not doc:
            return self.main.data
        return self._docs[doc]

    def deref(self, node: Any, location: str) -> tuple[Any, str]:
        """Follow `$ref` chains from node (found at location) to a non-reference value.

        Returns (value, location of value); on failure, ({}, location) after
        reporting a diagnostic, so callers always get something to work with.
        """
        seen: list[str] = []
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            if location in seen or len(seen) >= MAX_CHAIN:
                chain = " -> ".join(seen + [location])
                self.diagnostics.error(
                    "ref-cycle", f"$ref cycle: {chain}", _local(location)
                )
                return {}, location
            seen.append(location)
            target = self.target(node["$ref"], location)
            if target is None:
                return {}, location
            node, location = target
        return node, location

    def target(self, ref: str, at: str) -> tuple[Any, str] | None:
        """Resolve one `$ref` string found at location `at`; None (reported) on failure."""
        doc, _, fragment = ref.partition("#")
        base_doc = split_location(at)[0]
        pointer_at = _local(at)
        if "://" in doc or doc.startswith("//"):
            self.diagnostics.error(
                "remote-ref",
                f"remote $ref {ref!r} is not fetched; the schema is treated as any value",
                jsonptr.join(pointer_at, "$ref"),
            )
            return None
        if doc:
            loaded = self._load_relative(doc, base_doc, pointer_at)
            if loaded is None:
                return None
            doc = loaded
        else:
            doc = base_doc
        pointer = unquote(fragment)
        if pointer and not pointer.startswith("/"):
            self.diagnostics.error(
                "bad-ref",
                f"$ref {ref!r} does not hold a JSON pointer after '#'",
                jsonptr.join(pointer_at, "$ref"),
            )
            return None
        try:
            value = jsonptr.lookup(self.tree(doc), pointer)
        except KeyError as exc:
            self.diagnostics.error(
                "dangling-ref",
                f"$ref {ref!r} points to nothing (no {exc.args[0]!r})",
                jsonptr.join(pointer_at, "$ref"),
            )
            return None
        return value, (f"{doc}#{pointer}" if doc else pointer)

    def _load_relative(self, doc: str, base_doc: str, pointer_at: str) -> str | None:
        base_dir = (self.root / base_doc).parent if base_doc else self.root
        try:
            path = (base_dir / unquote(doc)).resolve()
            name = path.relative_to(self.root).as_posix()
        except (ValueError, OSError):  # outside, or no path at all (a NUL byte)
            self.diagnostics.error(
                "ref-outside",
                f"$ref to {doc!r} leaves the spec's directory; it is not read",
                jsonptr.join(pointer_at, "$ref"),
            )
            return None
        if path == self.main.path.resolve():
            return ""
        if name not in self._docs:
            try:
                loaded = load(path)
                self._docs[name], self.read[name] = loaded.data, loaded.sha256
            except GeneratorError as exc:
                self.read[name] = None
                for d in exc.diagnostics:
                    self.diagnostics.error(
                        "bad-ref",
                        f"$ref to {doc!r}: {d.message}",
                        jsonptr.join(pointer_at, "$ref"),
                    )
                return None
        return name


def split_location(location: str) -> tuple[str, str]:
    """(document, pointer) of a location; "" is the main document.

    A location in the main document is a JSON pointer, which is empty or starts
    with "/" (and may contain "#", as in a path key "/#Action=Get"). Any other
    location is "file#/pointer".
    """
    if not location or location.startswith("/"):
        return "", location
    doc, _, pointer = location.partition("#")
    return doc, pointer


def _local(location: str) -> str:
    """The pointer part of a location, for diagnostics on the main document."""
    return split_location(location)[1]
