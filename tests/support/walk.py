"""Every method of a generated client, found by walking its resources."""

from __future__ import annotations

from typing import Any, Iterator


def methods(client: Any) -> Iterator[tuple[str, Any, str]]:
    """(dotted path, resource, method name) of every operation method of client.

    Resources are the attributes whose values come from the package's
    `resources` modules; a resource's own public callables are its methods.
    """
    package = type(client).__module__.split(".")[0] + ".resources."
    seen: set[int] = set()
    stack: list[tuple[str, Any]] = [("", client)]
    while stack:
        prefix, owner = stack.pop()
        for name in sorted(dir(type(owner))):
            if name.startswith("_") or name == "with_raw_response":
                continue
            if owner is not client and callable(getattr(type(owner), name, None)):
                yield prefix + name, owner, name
                continue
            value = getattr(owner, name, None)
            if type(value).__module__.startswith(package) and id(value) not in seen:
                seen.add(id(value))
                stack.append((prefix + name + ".", value))


def method_paths(client: Any) -> set[str]:
    return {path for path, _, _ in methods(client)}


def endpoint_of(resource: Any, name: str) -> Any:
    """The Endpoint a resource's method sends (the module constant it calls with)."""
    import sys

    module = sys.modules[type(resource).__module__]
    return getattr(module, "_" + name.upper())
