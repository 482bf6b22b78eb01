"""Find a generated client's operations by what they send, not by what they are called.

Method and resource names are decided by the naming rules and may change; the
`Endpoint` (method and path) a method hands to the runtime does not. `walk`
visits every resource reachable from a client (nested ones too) and yields each
method with its Endpoint, so tests can look operations up by `(method, path)`.
This is the one place that knows how generated resources are laid out.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Callable, Iterator

MAX_DEPTH = 16


@dataclass(frozen=True)
class Operation:
    where: str  # attribute path from the client, e.g. "videos.remix"
    method: Callable[..., Any]  # bound to its resource
    endpoint: Any  # the package's _runtime.endpoint.Endpoint
    resource: Any
    name: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.endpoint.method.upper(), self.endpoint.path)

    @property
    def raw(self) -> Callable[..., Any]:
        """The same call, returning the raw response (whose parse() decodes it)."""
        return getattr(self.resource.with_raw_response, self.name)  # type: ignore[no-any-return]


def _runtime(client: Any, module: str) -> Any:
    package = type(client).__module__.rsplit(".", 1)[0]
    return __import__(f"{package}._runtime.{module}", fromlist=["_"])


def _endpoint(function: Any, endpoint_type: type) -> Any:
    """The Endpoint constant a generated method refers to, if any."""
    function = inspect.unwrap(function)
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    found = [
        function.__globals__.get(name)
        for name in code.co_names
        if isinstance(function.__globals__.get(name), endpoint_type)
    ]
    return found[0] if len(found) == 1 else None


def walk(client: Any) -> Iterator[Operation]:
    """Every operation of a client (sync or async), each once, in a stable order."""
    endpoint_type = _runtime(client, "endpoint").Endpoint
    resource = _runtime(client, "resource")
    bases = (resource.SyncResource, resource.AsyncResource)
    seen: set[int] = set()

    def visit(owner: Any, prefix: str, depth: int) -> Iterator[Operation]:
        if depth > MAX_DEPTH or id(owner) in seen:
            return
        seen.add(id(owner))
        for name in sorted(dir(type(owner))):
            if name.startswith("_") or name == "with_raw_response":
                continue
            attribute = inspect.getattr_static(type(owner), name)
            if isinstance(attribute, property) or hasattr(attribute, "func"):
                child = getattr(owner, name)  # a resource (cached_property)
                if isinstance(child, bases):
                    yield from visit(child, f"{prefix}{name}.", depth + 1)
            elif inspect.isfunction(attribute) and isinstance(owner, bases):
                endpoint = _endpoint(attribute, endpoint_type)
                if endpoint is not None:
                    yield Operation(
                        prefix + name, getattr(owner, name), endpoint, owner, name
                    )

    yield from visit(client, "", 0)


def by_endpoint(client: Any) -> dict[tuple[str, str], Operation]:
    """Operations keyed by (HTTP method, path template as in the spec)."""
    return {op.key: op for op in walk(client)}
