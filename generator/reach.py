"""What each part of the spec reaches, for the keys of kept files (generator/keys.py).

A part (a component, a path, a webhook: generator/inputs.py) reaches the parts
its `$ref`s lead to as written, and those its IR refers to (a discriminator's
mapping, a schema of another file, an inline object it shares with another part,
both ways: generator/share.py), and so on to the end. A file's key holds,
for each part its subjects lie in, a digest of the text of every keyed part
(`inputs.KEYED`: a path, a schema, ...; another file) that part reaches, itself
included.

They are made by a process forked once the IR is built (`Digesting`), while
this one plans the models: on OpenAI, 0.1 s of walking the IR and the graph.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator import forks, ir
from generator.inputs import Inputs, part_of, with_other_files
from generator.keys import Keys

THRESHOLD = 300  # parts: fewer are digested here, not worth a fork


class Digesting:
    """The keys of a run's files (the digest of every part of its spec,
    `Reach.digest`), being made by a forked process when the spec is large and a
    second core and a fork are there. The other files the spec's `$ref`s name
    are read and digested there too (`inputs.with_other_files`)."""

    def __init__(self, api: ir.Api, given: Inputs, spec: Path) -> None:
        self._held = (api, given, spec)
        self._made: forks.OneCall[Keys | None] | None = None
        parts = len(given.refs) + len(api.documents)
        if parts < THRESHOLD or (os.cpu_count() or 1) < 2:
            return
        if forks.can_fork():
            self._made = forks.OneCall(file_keys, self._held)

    def keys(self) -> Keys | None:
        """The keys of this run's files, once made (None: the spec's other files
        cannot be keyed)."""
        if self._made is not None:
            try:
                return self._made.result()
            except RuntimeError:  # the process ended: they are made here
                pass
        return file_keys(self._held)

    def close(self) -> None:
        if self._made is not None:
            self._made.close()


def file_keys(held: tuple[ir.Api, Inputs, Path]) -> Keys | None:
    api, given, spec = held
    full = with_other_files(given, spec, api.documents)
    if full is None:
        return None
    reach = Reach(api, full)
    return Keys(full.site, {part: reach.digest(part) for part in full.refs})


class Reach:
    """What each part of the spec reaches: the parts its `$ref`s and its IR lead
    to, to the end, and the digest of the keyed parts' text among them."""

    def __init__(self, api: ir.Api, given: Inputs) -> None:
        self.texts = {p: p.encode() + b"\0" + d for p, d in given.texts.items()}
        self.refs = given.refs
        # part -> the IR found in it: its named schemas, its operations' schemas
        self.ir: dict[str, list[ir.Schema]] = {}
        for named in api.schemas:
            self.ir.setdefault(part_of(named.pointer), []).append(named.schema)
        for op in api.operations + api.webhooks:
            schemas = self.ir.setdefault(part_of(op.pointer), [])
            schemas.extend(ir.operation_schemas(op))
        # An inline object written out in another part too is one class, which
        # shows where it is used: the part holding it reaches the copies' parts.
        self.copies: dict[str, set[str]] = {}
        for copy, held in api.shared:
            if part_of(copy) != part_of(held):
                self.copies.setdefault(part_of(held), set()).add(part_of(copy))
        self._closures: dict[str, frozenset[str]] = {}

    def digest(self, part: str) -> bytes:
        """A digest of the whole text of every keyed part that part reaches."""
        texts = self.texts
        reached = sorted(self._closure(part) & texts.keys())
        return hashlib.sha256(b"".join([texts[p] for p in reached])).digest()

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
        reached = {part_of(p) for p in found}
        reached.discard(part)
        return reached

    def _next(self, part: str) -> frozenset[str]:
        found = self.refs.get(part, frozenset()) | self._walk(part)
        return found | self.copies[part] if part in self.copies else found

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
