"""Every method of a generated client, by its attribute path (see support.operations)."""

from __future__ import annotations

import importlib
import inspect
from typing import Any, Iterator

from support.operations import _endpoint, walk


def methods(client: Any) -> Iterator[tuple[str, Any, str]]:
    """(dotted path, resource, method name) of every operation method of client."""
    for op in walk(client):
        yield op.where, op.resource, op.name


def method_paths(client: Any) -> set[str]:
    return {path for path, _, _ in methods(client)}


def endpoint_of(resource: Any, name: str) -> Any:
    """The Endpoint a resource's method sends."""
    package = type(resource).__module__.split(".")[0]
    endpoint_type = importlib.import_module(f"{package}._runtime.endpoint").Endpoint
    return _endpoint(inspect.getattr_static(type(resource), name), endpoint_type)
