"""Which exception a status raises, read from the runtime the client is built on.

The generated package's `_runtime/errors.py` (templates/runtime/errors.py) holds
the status -> exception table and `status_error`, and `_runtime/retry.py` says
which statuses are retried. The docs load those modules (standard library only)
and ask them, so the docs say what the client does, not what a copy says.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from types import ModuleType
from typing import Any

from generator.paths import templates_root
from generator.records import record

# What each exception means to a caller (the runtime decides which one is raised).
MEANINGS = {
    "BadRequestError": "The request was malformed or broke a rule of the API.",
    "AuthenticationError": "The API key is missing or not valid.",
    "PermissionDeniedError": "The key may not use this operation or resource.",
    "NotFoundError": "The resource does not exist.",
    "ConflictError": "The request conflicts with the resource's state.",
    "UnprocessableEntityError": "The request was well-formed but could not be processed.",
    "RateLimitError": "Too many requests.",
    "InternalServerError": "The server failed.",
    "APIStatusError": "Any other non-2xx status.",
    "APIConnectionError": "No response: the connection failed.",
    "APITimeoutError": "No response in time.",
    "ValidationError": "An argument breaks the spec; raised before anything is sent.",
}
# Raised without a response; the runtime's own classes, checked to exist.
_NO_RESPONSE = ("APIConnectionError", "APITimeoutError", "ValidationError")


@record
class StandardError:
    status: str  # "400", ">= 500", "other" or "" (no response)
    exception: str
    meaning: str
    retried: bool


@lru_cache(maxsize=1)
def _runtime() -> tuple[ModuleType, ModuleType]:
    root = templates_root() / "runtime"
    return _load(root / "errors.py", "errors"), _load(root / "retry.py", "retry")


def _load(path: Any, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_docs_runtime_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def exception_for(status: str) -> str:
    """The exception a documented status raises ("404", "4XX", "default")."""
    errors, _ = _runtime()
    code = _representative(status)
    if code is None:
        return "APIStatusError"
    error = errors.status_error(code, {}, None, method="", url="")
    return type(error).__name__


def _representative(status: str) -> int | None:
    if status.isdigit():
        return int(status)
    if len(status) == 3 and status[0].isdigit() and status[1:].upper() == "XX":
        return int(status[0]) * 100 + (0 if status[0] == "5" else 99)
    return None


@lru_cache(maxsize=1)
def standard_errors() -> tuple[StandardError, ...]:
    """Every exception the client raises, by status, as the runtime decides."""
    errors, retry = _runtime()
    out = []
    for code, cls in sorted(errors._BY_STATUS.items()):
        out.append(
            StandardError(
                str(code),
                cls.__name__,
                MEANINGS.get(cls.__name__, ""),
                bool(retry.should_retry(code, {})),
            )
        )
    server = type(errors.status_error(500, {}, None, method="", url="")).__name__
    out.append(StandardError("5xx", server, MEANINGS.get(server, ""), True))
    other = type(errors.status_error(418, {}, None, method="", url="")).__name__
    out.append(StandardError("other", other, MEANINGS.get(other, ""), False))
    for name in _NO_RESPONSE:
        assert name in errors.__all__, name
        retried = name != "ValidationError"
        out.append(StandardError("", name, MEANINGS[name], retried))
    return tuple(out)
