"""What a generated method hands to the client: an Endpoint and its arguments.

An Endpoint says where each argument goes (path, query, header, cookie, body),
how the body is encoded and what the response decodes to. `prepare` turns the
arguments into the parts of an HTTP request, checking each argument against the
spec's rules first, so a bad argument fails before anything is sent.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping
from urllib.parse import quote

from .core import NOT_GIVEN
from .errors import ValidationError
from .models import Model, encode
from .styles import (
    cookie_pairs,
    default_explode,
    encode_pairs,
    header_value,
    path_value,
    query_pairs,
    scalar_text,
)

if TYPE_CHECKING:
    from .multipart import Part

__all__ = [
    "Endpoint",
    "Param",
    "Prepared",
    "encode_body",
    "fill_path",
    "prepare",
    "to_json",
]


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    location: str  # path, query, header, cookie, body, body-root
    wire: str | None = None
    nullable: bool = False
    # How the value is serialized (OpenAPI `style`/`explode`; for a property of a
    # form or multipart body, its `encoding`). None: the location's default.
    style: str | None = None
    explode: bool | None = None
    content_type: str | None = None  # a body property's encoding.contentType
    allow_reserved: bool = False  # a query value's reserved characters stay as they are
    enum: tuple[Any, ...] | None = None
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None
    min_items: int | None = None
    max_items: int | None = None
    pattern: str | None = None


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str
    params: tuple[Param, ...] = ()
    body: str | None = None  # json, multipart, form, binary or text
    body_required: bool = False  # sent (empty: `{}`) even when no property is given
    content_type: str | None = None
    response: str = "none"  # json, binary, text, none, sse or page
    # What the body decodes to (for sse: one event; for page: the list response):
    # a model class, a schema type, or a function returning one, so that the
    # models it names are imported on first use.
    cast_to: Any = None
    deprecated: bool = False
    auth: bool = True
    cursor_param: str = "after"  # for page: the query parameter the next cursor goes in
    # An operation that answers with JSON, or with server-sent events when the
    # argument named stream_param is True: then the events decode as stream_cast_to.
    stream_param: str | None = None
    stream_cast_to: Any = None
    # The Accept header, when the operation answers with other media types than
    # the usual ones for its response kind (application/jwk-set+json).
    accept: str | None = None


@dataclass
class Prepared:
    method: str
    path: str  # with its query string
    headers: dict[str, str] = field(default_factory=dict)
    json_body: Any = NOT_GIVEN
    form: list[tuple[str, str]] | None = None  # (key, value percent-encoded)
    parts: list[Part] | None = None  # multipart/form-data
    content: Any = None


_DEFAULT_STYLE = {
    "path": "simple",
    "query": "form",
    "header": "simple",
    "cookie": "form",
}


def _style(p: Param) -> tuple[str, bool]:
    style = p.style or _DEFAULT_STYLE.get(p.location, "form")
    return style, default_explode(style) if p.explode is None else p.explode


def prepare(
    endpoint: Endpoint,
    args: Mapping[str, Any],
    *,
    extra_query: Mapping[str, Any] | None = None,
    extra_body: Mapping[str, Any] | None = None,
    validate: bool = True,
) -> Prepared:
    path_values: dict[str, str] = {}
    query: list[tuple[str, str]] = []
    headers: dict[str, str] = {}
    cookies: list[str] = []
    body: list[tuple[str, Any, Param | None]] = []
    root: Any = NOT_GIVEN
    for p in endpoint.params:
        value = args.get(p.name, NOT_GIVEN)
        if value is NOT_GIVEN or (
            value is None and not p.nullable and p.location != "path"
        ):
            continue
        if validate:
            _check(p, value)
        wire = p.wire or p.name
        style, explode = _style(p)
        if p.location == "path":
            data = _data(p, value)
            if data in (None, "", [], {}):
                raise ValidationError(
                    p.name, "required", f"expected a non-empty value, got {value!r}"
                )
            path_values[wire] = path_value(wire, data, style, explode)
        elif p.location == "query":
            query += query_pairs(
                wire, _data(p, value), style, explode, p.allow_reserved
            )
        elif p.location == "header":
            headers[wire] = header_value(_data(p, value), explode)
        elif p.location == "cookie":
            cookies += cookie_pairs(wire, _data(p, value), explode)
        elif p.location == "body":
            body.append((wire, value, p))
        else:
            root = value
    # A fragment ("/#Action=Get", which some specs use to tell paths apart) is never sent.
    path, _, fixed_query = endpoint.path.split("#", 1)[0].partition("?")
    path = fill_path(path, path_values)
    for key, value in (extra_query or {}).items():
        query += query_pairs(key, to_json(value))
    query_string = "&".join(s for s in (fixed_query, encode_pairs(query)) if s)
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    prepared = Prepared(
        endpoint.method, path + ("?" + query_string if query_string else ""), headers
    )
    _encode_body(prepared, endpoint, body, root, extra_body)
    return prepared


def _data(p: Param, value: Any) -> Any:
    """A parameter's value, JSON-ready; JSON text for one given by a JSON `content`."""
    data = to_json(value)
    if _is_json(p.content_type):
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return data


_TEMPLATE = re.compile(r"\{([^{}/]+)\}")
_DOT_SEGMENT = re.compile(r"(?:\.|%2[eE]){1,2}")


def fill_path(template: str, values: Mapping[str, str]) -> str:
    """The path with its `{name}`s replaced by encoded values.

    A segment that a value turned into `.` or `..` would make servers and
    proxies move to another path (carrying the credentials there): its dots
    are sent as %2E.
    """
    segments = []
    for segment in template.split("/"):
        filled = _TEMPLATE.sub(lambda m: values.get(m.group(1), m.group(0)), segment)
        if filled != segment and _DOT_SEGMENT.fullmatch(filled):
            filled = filled.replace(".", "%2E")
        segments.append(filled)
    return "/".join(segments)


def encode_body(prepared: Prepared, headers: dict[str, str]) -> tuple[Any, int | None]:
    """The request body (bytes, or a function giving its chunks) and its length if streamed."""
    if prepared.json_body is not NOT_GIVEN:
        headers["Content-Type"] = "application/json"
        return (
            json.dumps(
                prepared.json_body, separators=(",", ":"), ensure_ascii=False
            ).encode("utf-8"),
            None,
        )
    if prepared.parts is not None:
        from .multipart import encode_multipart

        content_type, body = encode_multipart(prepared.parts)
        headers["Content-Type"] = content_type
        return body, body.length
    if prepared.form is not None:
        return encode_pairs(prepared.form).encode("ascii"), None
    content = prepared.content
    if content is None:
        return None, None
    if isinstance(content, (bytes, bytearray)):
        return bytes(content), None
    from .multipart import StreamedBody, file_parts

    body = StreamedBody([file_parts(content)[1]])
    return body, body.length


def _encode_body(
    prepared: Prepared,
    endpoint: Endpoint,
    body: list[tuple[str, Any, Param | None]],
    root: Any,
    extra: Mapping[str, Any] | None,
) -> None:
    kind = endpoint.body
    if kind is None:
        if extra:
            prepared.json_body = dict(extra)
        return
    if kind == "json":
        if root is not NOT_GIVEN:
            value = to_json(root)
            if extra and isinstance(value, dict):
                value = {**value, **extra}
            prepared.json_body = value
        elif body or extra or endpoint.body_required:
            prepared.json_body = {
                **{k: to_json(v) for k, v, _ in body},
                **(extra or {}),
            }
        return
    if kind == "form" and isinstance(root, (str, bytes, bytearray)):
        # A form body whose schema is a string: the caller encoded it already.
        prepared.content = root.encode("utf-8") if isinstance(root, str) else root
        prepared.headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        return
    if kind in ("multipart", "form"):
        fields = body
        if root is not NOT_GIVEN:
            whole = to_json(root)
            if not isinstance(whole, dict):
                raise TypeError(
                    f"a {kind} body is a mapping of its fields, not {type(root).__name__}"
                )
            fields = [(k, v, None) for k, v in whole.items() if v is not NOT_GIVEN]
        fields = fields + [(k, v, None) for k, v in (extra or {}).items()]
        if kind == "form":
            prepared.form = [pair for f in fields for pair in _form_pairs(*f)]
            prepared.headers.setdefault(
                "Content-Type", "application/x-www-form-urlencoded"
            )
        else:
            prepared.parts = [part for f in fields for part in _parts(*f)]
        return
    if root is not NOT_GIVEN:
        prepared.content = root.encode("utf-8") if isinstance(root, str) else root
        prepared.headers.setdefault(
            "Content-Type", endpoint.content_type or "application/octet-stream"
        )


def _form_pairs(key: str, value: Any, p: Param | None) -> list[tuple[str, str]]:
    """A form-body field, by its encoding: style form and explode by default.

    A field whose encoding names a JSON content type (and no style) is JSON text.
    """
    if p is not None and p.style is None and _is_json(p.content_type):
        text = json.dumps(to_json(value), separators=(",", ":"), ensure_ascii=False)
        return [(key, quote(text, safe=""))]
    style, explode = _style(p) if p is not None else ("form", True)
    return query_pairs(key, to_json(value), style, explode)


def _parts(key: str, value: Any, p: Param | None) -> list[Part]:
    """A multipart field: a part per file, scalar or object; arrays repeat the field.

    Objects are JSON, sent with their `Content-Type` (`application/json` unless the
    encoding names another JSON type); scalars are text, with a `Content-Type`
    only when the encoding names one.
    """
    from .multipart import Part

    declared = p.content_type if p is not None else None
    items = (
        value if isinstance(value, (list, tuple)) and not _is_file(value) else [value]
    )
    out = []
    for item in items:
        if item is None:
            continue
        if _is_file(item):
            out.append(Part(key, item, declared, file=True))
        elif isinstance(item, (dict, list, Model)):
            text = json.dumps(to_json(item), separators=(",", ":"), ensure_ascii=False)
            kind = declared if _is_json(declared) else "application/json"
            out.append(Part(key, text, kind))
        else:
            out.append(Part(key, scalar_text(item), declared))
    return out


def _is_json(content_type: str | None) -> bool:
    if not content_type or "," in content_type:
        return False
    base = content_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def to_json(value: Any) -> Any:
    """A value as JSON-ready data: models become objects, NOT_GIVEN entries are dropped."""
    if isinstance(value, Model):
        return encode(value)
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items() if v is not NOT_GIVEN}
    return value


def _is_file(value: Any) -> bool:
    if (
        isinstance(value, (bytes, bytearray))
        or hasattr(value, "read")
        or hasattr(value, "__fspath__")
    ):
        return True
    return (
        isinstance(value, tuple)
        and len(value) in (2, 3)
        and isinstance(value[0], str)
        and _is_file(value[1])
    )


# -- client-side validation -------------------------------------------------------

_patterns: dict[str, re.Pattern[str] | None] = {}


def _compiled(pattern: str) -> re.Pattern[str] | None:
    if pattern not in _patterns:
        try:
            _patterns[pattern] = re.compile(pattern)
        except re.error:
            _patterns[pattern] = None  # a pattern Python cannot read is not checked
    return _patterns[pattern]


def _check(p: Param, value: Any) -> None:
    if value is None:
        return
    if (
        p.enum is not None
        and isinstance(value, (str, int, float, bool))
        and value not in p.enum
    ):
        allowed = ", ".join(repr(v) for v in p.enum)
        raise ValidationError(
            p.name, "enum", f"must be one of {allowed}; got {value!r}"
        )
    if isinstance(value, str):
        if p.min_length is not None and len(value) < p.min_length:
            raise ValidationError(
                p.name,
                "min_length",
                f"must be at least {p.min_length} characters long; got {len(value)}",
            )
        if p.max_length is not None and len(value) > p.max_length:
            raise ValidationError(
                p.name,
                "max_length",
                f"must be at most {p.max_length} characters long; got {len(value)}",
            )
        if p.pattern is not None:
            rx = _compiled(p.pattern)
            if rx is not None and rx.search(value) is None:
                raise ValidationError(
                    p.name, "pattern", f"must match the pattern {p.pattern!r}"
                )
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if p.minimum is not None and value < p.minimum:
            raise ValidationError(
                p.name, "minimum", f"must be >= {p.minimum}; got {value}"
            )
        if p.maximum is not None and value > p.maximum:
            raise ValidationError(
                p.name, "maximum", f"must be <= {p.maximum}; got {value}"
            )
        if p.exclusive_minimum is not None and value <= p.exclusive_minimum:
            raise ValidationError(
                p.name,
                "exclusive_minimum",
                f"must be > {p.exclusive_minimum}; got {value}",
            )
        if p.exclusive_maximum is not None and value >= p.exclusive_maximum:
            raise ValidationError(
                p.name,
                "exclusive_maximum",
                f"must be < {p.exclusive_maximum}; got {value}",
            )
        if (
            p.multiple_of is not None
            and p.multiple_of > 0
            and (value / p.multiple_of) % 1 != 0
        ):
            raise ValidationError(
                p.name,
                "multiple_of",
                f"must be a multiple of {p.multiple_of}; got {value}",
            )
    elif isinstance(value, (list, tuple)):
        if p.min_items is not None and len(value) < p.min_items:
            raise ValidationError(
                p.name,
                "min_items",
                f"must have at least {p.min_items} items; got {len(value)}",
            )
        if p.max_items is not None and len(value) > p.max_items:
            raise ValidationError(
                p.name,
                "max_items",
                f"must have at most {p.max_items} items; got {len(value)}",
            )
