"""The HTTP plan's types: frozen, language-neutral decisions about each operation.

The enums' values are the runtime's words (templates/runtime/kinds.py, the source);
tests/test_plan.py checks that both sides name the same ones.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from generator import ir


class BodyEncoding(enum.Enum):
    """How a request body is put on the wire (the runtime's Endpoint.body)."""

    JSON = "json"
    MULTIPART = "multipart"
    FORM = "form"
    TEXT = "text"
    BINARY = "binary"


class ResponseKind(enum.Enum):
    """What a successful response becomes (the runtime's Endpoint.response)."""

    JSON = "json"
    BINARY = "binary"
    TEXT = "text"
    NONE = "none"
    SSE = "sse"
    PAGE = "page"


class ArgLocation(enum.Enum):
    """Where an argument goes: a parameter location, one body property, or the body."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"
    BODY = "body"
    BODY_ROOT = "body-root"


@dataclass(frozen=True, kw_only=True)
class BodyPlan:
    """The request body that is sent: one media type of the spec's choices.

    `fields` holds the object's properties when each becomes an argument of its
    own; otherwise the whole body is one argument (`schema`).
    """

    media: ir.MediaType
    encoding: BodyEncoding
    content_type: str | None  # sent as is; None for JSON, multipart and form
    schema: ir.Schema
    fields: tuple[ir.Property, ...] | None
    required: bool
    description: str | None
    # The fields a request must send: `required` on a readOnly property applies
    # to responses only.
    required_fields: frozenset[str] = frozenset()


@dataclass(frozen=True, kw_only=True)
class PagePlan:
    """A cursor-paginated list: `data` items, `has_more`, and the cursor parameter."""

    items: ir.Schema
    cursor_param: str


@dataclass(frozen=True, kw_only=True)
class StreamPlan:
    """A boolean body property (`stream`) that turns a JSON answer into events."""

    param: str  # the property's wire name


@dataclass(frozen=True, kw_only=True)
class ResponsePlan:
    """The success response and what it decodes to.

    `schema` is the decoded body (of a page: the whole list response; absent for
    binary, text and none); `events` the schema of one server-sent event.
    """

    kind: ResponseKind
    responses: tuple[ir.Response, ...]  # the success responses, by status
    # The media type of a JSON answer when it is not plain application/json
    # (application/jwk-set+json): what to ask for in Accept.
    accept: str | None = None
    schemas: tuple[ir.Schema, ...]  # JSON bodies the success responses may hold
    events: tuple[ir.Schema, ...]  # event payloads when the answer is a stream
    page: PagePlan | None = None
    stream: StreamPlan | None = None


@dataclass(frozen=True, kw_only=True)
class Placement:
    """Where an operation sits in the client, in the spec's own words.

    `resource` names the resources from the client down (`("v1", "customers")`),
    `action` the method (`"create"`, `"cancel"`).
    """

    resource: tuple[str, ...]
    action: str


@dataclass(frozen=True, kw_only=True)
class OperationPlan:
    operation: ir.Operation
    body: BodyPlan | None
    response: ResponsePlan
    placement: Placement = Placement(resource=(), action="")

    @property
    def errors(self) -> tuple[ir.Response, ...]:
        return tuple(r for r in self.operation.responses if not _success(r.status))


@dataclass(frozen=True, kw_only=True)
class ApiPlan:
    api: ir.Api
    operations: tuple[OperationPlan, ...]


def _success(status: str) -> bool:
    return status.startswith("2")
