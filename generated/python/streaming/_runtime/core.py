"""Small shared types: the "not given" sentinel, timeouts and per-call options."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, Any, Literal, Mapping, TypedDict, Union

__all__ = [
    "NOT_GIVEN",
    "NotGiven",
    "Timeout",
    "RequestOptions",
    "FileInput",
    "Headers",
    "Query",
    "Body",
]


class NotGiven:
    """The type of NOT_GIVEN: an argument or field that is absent, as opposed to None (null)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


@dataclass(frozen=True)
class Timeout:
    """Seconds to wait; None waits forever.

    connect: to open a connection (TLS handshake included). read: between two
    reads from the server, and for each write. total: for the whole call, from
    the first attempt to the last byte of the body, retries and the pauses
    between them included; a retry that could not start before it passes is not
    made. For a streamed body (a binary download, server-sent events) total
    covers the call up to the response's headers; the body is then read as it
    is consumed, each read bounded by read. A number given as a timeout sets all
    three.
    """

    connect: float | None = 10.0
    read: float | None = 600.0
    total: float | None = 600.0

    @classmethod
    def of(cls, value: float | Timeout | None) -> Timeout:
        if isinstance(value, Timeout):
            return value
        return cls(connect=value, read=value, total=value)


Headers = Mapping[str, str]
Query = Mapping[str, Any]
Body = Mapping[str, Any]

FileInput = Union[
    bytes,
    IO[bytes],
    "os.PathLike[str]",
    tuple[str, Union[bytes, IO[bytes]]],
    tuple[str, Union[bytes, IO[bytes]], str],
]
"""A file to upload: bytes, a binary file object, a path, or (filename, content[, content type])."""


class RequestOptions(TypedDict, total=False):
    """Options every method accepts as keyword arguments, as in the official SDKs."""

    extra_headers: Headers | None
    """Headers to add to (or, with a None value, remove from) the request."""
    extra_query: Query | None
    """Query parameters to add to the request."""
    extra_body: Body | None
    """Properties to add to a JSON or form body."""
    timeout: float | Timeout | None
    """Override the client's timeout for this call, in seconds (the whole call, retries included)."""
    max_retries: int
    """Override the client's number of retries for this call."""
    max_response_bytes: int | None
    """Override the client's limit on a body read whole (JSON, text, errors); None: no limit."""
    strict_response_validation: bool
    """Raise APIResponseValidationError when the response does not match the spec."""
