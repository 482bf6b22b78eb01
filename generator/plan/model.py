"""The HTTP plan's types: frozen, language-neutral decisions about each operation.

The enums' values are the runtime's words (templates/runtime/kinds.py, the source);
tests/test_plan.py checks that both sides name the same ones.
"""

from __future__ import annotations

import enum

from generator import ir
from generator.records import frozen


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


class SchemeKind(enum.Enum):
    """How a security scheme's credential is sent (the runtime's Scheme.kind).

    A kind whose credential is fetched rather than given (OAuth2 client
    credentials: a token got from a token URL, refreshed) is a new member here
    and in the runtime's kinds.py.
    """

    BEARER = "bearer"  # Authorization: Bearer <token> (http, oauth2, openIdConnect)
    BASIC = "basic"  # Authorization: Basic base64(username:password)
    API_KEY = "api_key"  # a key in a header, the query or a cookie


class ArgLocation(enum.Enum):
    """Where an argument goes: a parameter location, one body property, or the body."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"
    BODY = "body"
    BODY_ROOT = "body-root"


@frozen
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


@frozen
class PagePlan:
    """A cursor-paginated list: `data` items, `has_more`, and the cursor parameter."""

    items: ir.Schema
    cursor_param: str


@frozen
class StreamPlan:
    """A boolean body property (`stream`) that turns a JSON answer into events."""

    param: str  # the property's wire name


@frozen
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


@frozen
class Placement:
    """Where an operation sits in the client, in the spec's own words.

    `resource` names the resources from the client down (`("v1", "customers")`),
    `action` the method (`"create"`, `"cancel"`).
    """

    resource: tuple[str, ...]
    action: str


@frozen
class SchemePlan:
    """A security scheme the client can send, and where its credential goes.

    `primary` is the API's main scheme (the first of the document's `security`,
    else the first one defined): the one whose credentials need no scheme name.
    """

    key: str  # the scheme's name in components/securitySchemes
    kind: SchemeKind
    location: ir.Location  # header, query or cookie
    name: str  # the header, query parameter or cookie (http: "Authorization")
    primary: bool


@frozen
class SecurityPlan:
    """The credentials an operation takes: alternatives (any one will do), each a
    set of schemes (by key) sent together.

    An empty alternative means the operation may be called without credentials;
    no alternatives at all, that it takes none. `unsent` holds, for each
    alternative, the schemes it asks for that the client cannot send (mutual
    TLS, an unknown scheme): they are left out of the alternative, so the call
    goes out with the others and the caller adds them (extra_headers).
    """

    alternatives: tuple[tuple[str, ...], ...]
    unsent: tuple[tuple[str, ...], ...] = ()  # empty, or one per alternative

    def unsent_of(self, index: int) -> tuple[str, ...]:
        """The schemes alternative `index` asks for that the caller adds."""
        return self.unsent[index] if index < len(self.unsent) else ()

    @property
    def required(self) -> bool:
        """Whether a call without credentials is refused before it is sent."""
        return bool(self.alternatives) and all(self.alternatives)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every scheme an alternative names, once, in order."""
        return tuple(dict.fromkeys(k for alt in self.alternatives for k in alt))


NO_SECURITY = SecurityPlan(alternatives=())


@frozen
class OperationPlan:
    operation: ir.Operation
    body: BodyPlan | None
    response: ResponsePlan
    placement: Placement = Placement(resource=(), action="")
    security: SecurityPlan = NO_SECURITY

    @property
    def errors(self) -> tuple[ir.Response, ...]:
        return tuple(r for r in self.operation.responses if not _success(r.status))


@frozen
class ApiPlan:
    api: ir.Api
    operations: tuple[OperationPlan, ...]
    # The schemes operations may send, the primary first, then as defined.
    schemes: tuple[SchemePlan, ...] = ()
    # What an operation that declares no `security` of its own takes.
    security: SecurityPlan = NO_SECURITY


def _success(status: str) -> bool:
    return status.startswith("2")
