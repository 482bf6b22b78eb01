"""A target's choices about what is generated and what it is called.

Plain, frozen data read from configuration; the select stage and the HTTP plan
act on it. Operations are chosen by operationId or by `"METHOD /path"`, paths
by prefix (whole segments: `/videos` covers `/videos/{id}`, not `/videos2`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.records import frozen

if TYPE_CHECKING:  # the IR's classes cost a run with nothing to do 17 ms to make
    from generator import ir

STRATEGIES = ("paths", "tags")


def operation_keys(op: ir.Operation) -> tuple[str, ...]:
    """The names configuration may use for op: its operationId and "METHOD /path"."""
    keys = [f"{op.method.upper()} {op.path}"]
    if op.operation_id:
        keys.insert(0, op.operation_id)
    return tuple(keys)


def under(path: str, prefix: str) -> bool:
    """True when path starts with prefix at a segment boundary."""
    prefix = prefix.rstrip("/")
    return path == prefix or path.startswith(prefix + "/") or prefix == ""


@frozen
class Selection:
    """Operations picked by tag, path prefix or operation key."""

    tags: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.tags or self.paths or self.operations)

    def matches(self, op: ir.Operation) -> bool:
        return (
            any(t in op.tags for t in self.tags)
            or any(under(op.path, p) for p in self.paths)
            or any(k in self.operations for k in operation_keys(op))
        )


@frozen
class NamingOptions:
    """How operations and schemas are named and which are generated.

    `rename` maps an operation key to a method name (`"remix"`) or to a whole
    place (`"beta.threads.create"`); `groups` maps a path prefix to the resource
    its operations sit in (`"/assistants" = "beta.assistants"`);
    `rename_schemas` maps a schema's name in the spec to the name to use.
    """

    strategy: str = "paths"
    rename: tuple[tuple[str, str], ...] = ()
    groups: tuple[tuple[str, str], ...] = ()
    rename_schemas: tuple[tuple[str, str], ...] = ()
    include: Selection = Selection()
    exclude: Selection = Selection()
