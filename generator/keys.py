"""Generated files kept from the last run when nothing they show has changed.

Editing one schema's description changes a handful of files, yet every run
used to render all of them (on OpenAI, 1.7 s of the 3.7 s of CPU that run took
went to the docs alone). A file that shows one operation, one model or one
module of them now has a key: the spec's site digest (generator/inputs.py:
everything but the schemas' description texts, with the generator's code and
the target's settings), its path, and the whole text of every schema under
`components/schemas` that its subjects reach. What a subject reaches is
followed through the parts of the spec: the `$ref`s as written and the
references of the IR (a discriminator's mapping), to the end.

A file whose key is the one the run record holds, and which still has the
digest written then, is read back instead of made (`kept`). So any edit but a
schema's description changes every key, and everything is made, as before. The
files that list the whole API (indexes, navigation, search) are always made.
A spec whose `$ref`s name other files is not keyed: a description could come
back from one of them. Tests hold the files kept to what a run from scratch
makes, over edits of real specs.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable, Iterable

from generator import ir
from generator.format import Verbatim, format_source, is_python
from generator.inputs import Inputs, part_of

Unit = tuple[str, Callable[[], str]]


class Keys:
    """The keys of the files of one run."""

    def __init__(self, api: ir.Api, given: Inputs) -> None:
        self.site = given.site
        self.schemas = {p: p.encode() + b"\0" + d for p, d in given.schemas.items()}
        self.refs = given.refs
        # part -> the IR found in it: its named schemas, its operations' schemas
        self.ir: dict[str, list[ir.Schema]] = {}
        for named in api.schemas:
            self.ir.setdefault(part_of(named.pointer), []).append(named.schema)
        for op in api.operations + api.webhooks:
            schemas = self.ir.setdefault(part_of(op.pointer), [])
            schemas.extend(ir.operation_schemas(op))
        self._closures: dict[str, frozenset[str]] = {}

    def key(self, kind: str, path: str, pointers: Iterable[str]) -> str:
        """The key of the file at path showing what lies at these pointers."""
        parts: set[str] = set()
        for pointer in pointers:
            parts |= self._closure(part_of(pointer))
        digest = hashlib.sha256(self.site + kind.encode() + b"\0" + path.encode())
        schemas = self.schemas
        digest.update(b"".join([schemas[p] for p in sorted(parts & schemas.keys())]))
        return digest.hexdigest()[:32]  # 128 bits: the run record holds thousands

    def _walk(self, part: str) -> set[str]:
        """The other parts the IR found in part lies in and refers to (references
        not followed)."""
        found: set[str] = set()
        stack = list(self.ir.get(part, ()))
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
        within = part + "/"
        return {
            part_of(p)
            for p in found
            if p.startswith("/") and not p.startswith(within) and p != part
        }

    def _next(self, part: str) -> frozenset[str]:
        return self.refs.get(part, frozenset()) | self._walk(part)

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


class ReadBack(Verbatim):
    """A file read back from the output as the last run wrote it: neither laid out
    nor parsed again (it was, when made). Made afresh, and formatted, when the
    file no longer has the digest written."""

    __slots__ = ("path", "file", "digest", "make")

    def __init__(self, path: str, file: str, digest: str, make: Callable[[], str]):
        super().__init__("")
        self.path, self.file, self.digest, self.make = path, file, digest, make

    def data(self) -> bytes | None:
        """The file as the last run wrote it (UTF-8), or None: it is not."""
        try:
            with open(self.file, "rb") as stream:
                data = stream.read()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == self.digest else None

    def __call__(self) -> str:
        data = self.data()
        if data is not None:
            return data.decode("utf-8")
        made = self.make()
        return format_source(self.path, made) if is_python(self.path) else made


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
    base = os.path.join(output, "")  # strings, not Paths: thousands of files
    for path, make in units:
        key = keys.get(path)
        was = before.get(path)
        if key is not None and was is not None and was[0] == key:
            make = ReadBack(path, base + path, was[1], make)
            count += 1
        out.append((path, make))
    return out, count
