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
from typing import Any, Mapping
from urllib.parse import quote, urlencode

from .core import NOT_GIVEN
from .errors import ValidationError
from .models import Model, encode

__all__ = ["Endpoint", "Param", "Prepared", "encode_body", "prepare", "to_json"]


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    location: str  # path, query, header, cookie, body, body-root
    wire: str | None = None
    nullable: bool = False
    style: str | None = None
    explode: bool | None = None
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
    cast_to: str | None = (
        None  # for sse: one event's type; for page: the list response's
    )
    deprecated: bool = False
    auth: bool = True
    cursor_param: str = "after"  # for page: the query parameter the next cursor goes in
    # An operation that answers with JSON, or with server-sent events when the
    # argument named stream_param is True: then the events decode as stream_cast_to.
    stream_param: str | None = None
    stream_cast_to: str | None = None


@dataclass
class Prepared:
    method: str
    path: str  # with its query string
    headers: dict[str, str] = field(default_factory=dict)
    json_body: Any = NOT_GIVEN
    form: list[tuple[str, Any]] | None = None
    files: list[tuple[str, Any]] | None = None
    content: Any = None


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
    body: dict[str, Any] = {}
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
        if p.location == "path":
            if value is None or value == "":
                raise ValidationError(
                    p.name, "required", f"expected a non-empty value, got {value!r}"
                )
            path_values[wire] = quote(_scalar(value), safe="")
        elif p.location == "query":
            query.extend(
                _query_pairs(
                    wire,
                    value,
                    p.style or "form",
                    True if p.explode is None else p.explode,
                )
            )
        elif p.location == "header":
            headers[wire] = _header_value(value)
        elif p.location == "cookie":
            cookies.append(f"{wire}={quote(_scalar(value), safe='')}")
        elif p.location == "body":
            body[wire] = value
        else:
            root = value
    # A fragment ("/#Action=Get", which some specs use to tell paths apart) is never sent.
    path, _, fixed_query = endpoint.path.split("#", 1)[0].partition("?")
    path = _TEMPLATE.sub(lambda m: path_values.get(m.group(1), m.group(0)), path)
    if extra_query:
        for key, value in extra_query.items():
            query.extend(_query_pairs(key, value, "form", True))
    query_string = "&".join(s for s in (fixed_query, urlencode(query)) if s)
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    prepared = Prepared(
        endpoint.method, path + ("?" + query_string if query_string else ""), headers
    )
    _encode_body(prepared, endpoint, body, root, extra_body)
    return prepared


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
    if prepared.files is not None:
        from .multipart import encode_multipart

        content_type, body = encode_multipart(prepared.form or [], prepared.files)
        headers["Content-Type"] = content_type
        return body, body.length
    if prepared.form is not None:
        return urlencode(prepared.form).encode("ascii"), None
    content = prepared.content
    if content is None:
        return None, None
    if isinstance(content, (bytes, bytearray)):
        return bytes(content), None
    from .multipart import StreamedBody, file_parts

    body = StreamedBody([file_parts(content)[1]])
    return body, body.length


_TEMPLATE = re.compile(r"\{([^{}/]+)\}")


def _encode_body(
    prepared: Prepared,
    endpoint: Endpoint,
    body: dict[str, Any],
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
                **{k: to_json(v) for k, v in body.items()},
                **(extra or {}),
            }
        return
    if kind in ("multipart", "form"):
        fields = (
            body
            if root is NOT_GIVEN
            else (to_json(root) if isinstance(root, Model) else dict(root))
        )
        fields = {**fields, **(extra or {})}
        pairs: list[tuple[str, Any]] = []
        files: list[tuple[str, Any]] = []
        for key, value in fields.items():
            for item in (
                value if isinstance(value, list) and kind == "multipart" else [value]
            ):
                (files if _is_file(item) else pairs).append((key, item))
        if kind == "form":
            prepared.form = [(k, _form_value(v)) for k, v in pairs]
            prepared.headers.setdefault(
                "Content-Type", "application/x-www-form-urlencoded"
            )
        else:
            prepared.form = [(k, _form_value(v)) for k, v in pairs]
            prepared.files = files
        return
    if root is not NOT_GIVEN:
        prepared.content = root.encode("utf-8") if isinstance(root, str) else root
        prepared.headers.setdefault(
            "Content-Type", endpoint.content_type or "application/octet-stream"
        )


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


def _form_value(value: Any) -> str:
    if isinstance(value, (dict, list, Model)):
        return json.dumps(to_json(value), separators=(",", ":"), ensure_ascii=False)
    return _scalar(value)


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    return str(value)


def _header_value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(_scalar(v) for v in value)
    return _scalar(value)


def _query_pairs(
    name: str, value: Any, style: str, explode: bool
) -> list[tuple[str, str]]:
    if value is None:
        return []
    if isinstance(value, Model):
        value = encode(value)
    if isinstance(value, (list, tuple)):
        if explode and style == "form":
            return [(name, _scalar(v)) for v in value]
        sep = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(name, sep.join(_scalar(v) for v in value))]
    if isinstance(value, dict):
        if style == "deepObject":
            return [
                (f"{name}[{k}]", _scalar(v)) for k, v in value.items() if v is not None
            ]
        if explode:
            return [(k, _scalar(v)) for k, v in value.items() if v is not None]
        return [
            (
                name,
                ",".join(
                    f"{k},{_scalar(v)}" for k, v in value.items() if v is not None
                ),
            )
        ]
    return [(name, _scalar(value))]


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
