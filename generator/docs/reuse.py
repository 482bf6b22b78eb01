"""Docs pages kept from the last run when nothing they show has changed.

Editing one schema's description changes a handful of pages, yet every run used
to build and render all of them (on OpenAI, 1.7 s of the 3.7 s of CPU that run
takes). Each operation and model page now gets a key: a digest of everything
its text can depend on. A page whose key is the one the last run recorded, and
whose file still holds what that run wrote, is copied from the file.

A page's key covers:
- the site: the generator's code, the target's settings, and the whole spec
  with one thing taken out, the text of the `description`s inside
  `components/schemas`;
- the page: its path, and the whole text of every schema under
  `components/schemas` that its operation or model reaches. What a page reaches
  is followed through the parts of the spec (a component, a path): the `$ref`s
  as written, since the parser copies what some lead to (an `allOf` flattened
  takes its parts' descriptions), and the references of the IR (a
  discriminator's mapping).

So an edit outside the schemas' descriptions changes every key, and all pages
are built, as before. The pages that list the whole API (the index, resources,
the model index, the search index, the navigation) are always built. A spec
whose `$ref`s name other files is not keyed: a description could come back
from one of them. Tests hold the pages kept to what a run from scratch makes,
over edits of real specs.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple
from urllib.parse import unquote

from generator import ir, jsonptr, runs
from generator.config import Target
from generator.docs.view import DocsView

Unit = tuple[str, Callable[[], str]]
SCHEMAS = "/components/schemas/"
# A `description` with a string value, in JSON as `json.dumps` writes it. Inside a
# string every quote is escaped, so this matches only a key and its value.
_DESCRIPTION = re.compile(r'"description": "[^"\\]*(?:\\.[^"\\]*)*"')


class Inputs(NamedTuple):
    """What the pages' keys are made of: the site's digest, the digest of each
    schema under `components/schemas` (by pointer), and the `$ref`s of each part
    of the spec (a component, a path, a webhook or another top-level key) as the
    parts they lead to."""

    site: bytes
    schemas: dict[str, bytes]
    refs: dict[str, frozenset[str]]


def inputs(data: Any, target: Target, documents: Iterable[object]) -> Inputs | None:
    """The digests of a parsed spec (None when it cannot be keyed: other files,
    where a description may come back from; a template directory that cannot be
    read; a value JSON cannot hold; two parts at one pointer)."""
    settings = runs.settings(target)
    if settings is None or list(documents) or not isinstance(data, dict):
        return None
    try:
        return _inputs(data, hashlib.sha256(settings))
    except (ValueError, TypeError, RecursionError):
        return None


def _inputs(data: dict[Any, Any], site: Any) -> Inputs | None:
    schemas: dict[str, bytes] = {}
    refs: dict[str, frozenset[str]] = {}
    for pointer, value, inside in _parts(data):
        if pointer in refs:
            return None
        text = json.dumps(value)
        refs[pointer] = frozenset(_targets(text)) | frozenset(inside)
        site.update(b"\0%d\0%s\0" % (len(pointer), pointer.encode()))
        if pointer.startswith(SCHEMAS):
            schemas[pointer] = hashlib.sha256(text.encode()).digest()
            text = _DESCRIPTION.sub('"description": null', text)
        site.update(text.encode())
    return Inputs(site.digest(), schemas, refs)


def _parts(data: dict[Any, Any]) -> Iterator[tuple[str, Any, list[str]]]:
    """(pointer, value, the parts within) of each part of a spec, in order; together,
    the whole spec. The parts within a map of parts (`/paths`) are its entries,
    so that a `$ref` to the map reaches them all."""
    for key, value in data.items():
        top = jsonptr.join("", str(key))
        if key in ("components", "paths", "webhooks") and isinstance(value, dict):
            middles = []
            for name, inner in value.items():
                middle = jsonptr.join(top, str(name))
                middles.append(middle)
                if key == "components" and isinstance(inner, dict):
                    entries = []
                    for entry, item in inner.items():
                        entries.append(jsonptr.join(middle, str(entry)))
                        yield entries[-1], item, []
                    yield middle, None, entries
                else:
                    yield middle, inner, []
            yield top, None, middles
        else:
            yield top, value, []


def part_of(pointer: str) -> str:
    """The part of the spec a pointer of the main document lies in."""
    if not pointer.startswith("/"):
        return ""
    tokens = pointer.split("/", 5)
    depth = 4 if pointer.startswith("/components/") else 3
    if tokens[1] in ("paths", "webhooks", "components"):
        return "/".join(tokens[:depth])
    return "/".join(tokens[:2])


_REF = re.compile(r'"\$ref": ("[^"\\]*(?:\\.[^"\\]*)*")')


def _targets(text: str) -> Iterator[str]:
    """The parts that the `$ref`s in a part's JSON lead to (in the same document)."""
    if '"$ref"' not in text:
        return
    for found in _REF.findall(text):
        ref = json.loads(found)
        if isinstance(ref, str) and ref.startswith("#/"):
            yield part_of(unquote(ref[1:]))


def page_keys(docs: DocsView, base: str, given: Inputs) -> dict[str, str]:
    """The key of every operation and model page, by the path of each of its files."""
    reach = _Reach(docs, given)
    schemas = {p: p.encode() + b"\0" + digest for p, digest in given.schemas.items()}
    keys: dict[str, str] = {}

    def add(page: str, kind: str, home: str, roots: Iterable[ir.Schema]) -> None:
        """home: the part of the spec the page's subject is in; roots: its IR."""
        parts = reach.closure({home} | reach.walk(roots, home))
        digest = hashlib.sha256(given.site + kind.encode() + b"\0" + page.encode())
        digest.update(b"".join([schemas[p] for p in sorted(parts & schemas.keys())]))
        key = digest.hexdigest()[:32]  # 128 bits: the run record holds thousands
        keys[f"{base}{page}.md"] = keys[f"{base}html/{page}.html"] = key

    for node in docs.nodes():
        if node.resource is None:
            continue
        for op in node.resource.operations:
            operation = op.operation
            page = docs.operation_page(node.resource, op)
            home = part_of(operation.pointer)
            add(page, "operation", home, ir.operation_schemas(operation))
    for name in docs.definitions:
        pointer = docs.pointer_of.get(name, "")
        if pointer in docs.named or pointer in docs.objects:
            inline = (docs.objects[pointer],) if pointer not in docs.named else ()
            add(docs.schema_pages[name], "schema", part_of(pointer), inline)
    return keys


class _Reach:
    """The parts of the spec a page's subject reaches, following both the `$ref`s
    as written and the references of the IR (a discriminator's mapping)."""

    def __init__(self, docs: DocsView, given: Inputs) -> None:
        self.refs = given.refs
        self.named: dict[str, list[ir.Schema]] = {}  # part -> its named schemas
        for named in docs.api.schemas:
            self.named.setdefault(part_of(named.pointer), []).append(named.schema)
        self._closures: dict[str, frozenset[str]] = {}

    def walk(self, roots: Iterable[ir.Schema], home: str) -> set[str]:
        """The parts IR schemas found in part `home` lie in and refer to, besides
        home (references are not followed)."""
        found: set[str] = set()
        stack = list(roots)
        within = home + "/"
        while stack:
            node = stack.pop()
            found.add(node.pointer)
            if node.negation is not None:
                stack.append(node.negation)
            if isinstance(node, ir.ObjectSchema):
                found.update([p.pointer for p in node.properties])
                stack.extend([p.schema for p in node.properties])
                if node.additional is not None:
                    stack.append(node.additional)
            elif isinstance(node, ir.RefSchema):
                found.add(node.target)
            elif isinstance(node, ir.UnionSchema):
                stack.extend(node.variants)
                if node.discriminator is not None:
                    found.update([pointer for _, pointer in node.discriminator.mapping])
            else:
                stack.extend(ir.children(node))
        return {
            part_of(p)
            for p in found
            if p.startswith("/") and not p.startswith(within) and p != home
        }

    def _next(self, part: str) -> frozenset[str]:
        return self.refs.get(part, frozenset()) | self.walk(
            self.named.get(part, ()), part
        )

    def closure(self, start: set[str]) -> set[str]:
        out: set[str] = set()
        for part in start:
            out |= self._closure(part)
        return out

    def _closure(self, part: str) -> frozenset[str]:
        """Every part reachable from part, itself included: strongly connected
        parts found by Tarjan's algorithm (iteratively), each closure made once."""
        done = self._closures.get(part)
        if done is not None:
            return done
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        edges: dict[str, list[str]] = {}
        work = [(part, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
                edges[node] = sorted(self._next(node))
            out = edges[node]
            while i < len(out):
                nxt = out[i]
                i += 1
                if nxt in self._closures:
                    continue
                if nxt not in index:
                    work.append((node, i))
                    work.append((nxt, 0))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                if low[node] == index[node]:
                    members: list[str] = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        members.append(top)
                        if top == node:
                            break
                    reached: set[str] = set(members)
                    for member in members:
                        for nxt in edges[member]:
                            if nxt not in reached:
                                reached |= self._closures[nxt]
                    closed = frozenset(reached)
                    for member in members:
                        self._closures[member] = closed
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
        return self._closures[part]


def kept(
    units: list[Unit],
    keys: dict[str, str],
    before: dict[str, tuple[str, str]],
    output: Path,
) -> tuple[list[Unit], int]:
    """units, those whose key is the one recorded before (path -> (key, SHA-256 of
    the file written)) made by reading the file back, and how many; a file that no
    longer holds what was written is built again."""
    out: list[Unit] = []
    count = 0
    for path, make in units:
        key = keys.get(path)
        was = before.get(path)
        if key is not None and was is not None and was[0] == key:
            make = partial(_read_back, output / path, was[1], make)
            count += 1
        out.append((path, make))
    return out, count


def _read_back(path: Path, digest: str, make: Callable[[], str]) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return make()
    if hashlib.sha256(data).hexdigest() != digest:
        return make()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return make()
