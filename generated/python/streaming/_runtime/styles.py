"""OpenAPI serialization of parameters and form fields: `style` and `explode`.

Values arrive JSON-ready (None, bool, int, float, str, list, dict). Primitives,
arrays and objects of primitives follow the style tables of OpenAPI 3.0/3.1
(RFC 6570): path `simple`, `label`, `matrix`; query and form fields `form`,
`spaceDelimited`, `pipeDelimited`, `deepObject`; header `simple`; cookie `form`.
Where the standard says nothing (arrays inside `deepObject`, values nested in
arrays or objects), brackets are used as the official Stripe SDK does:
`a[b][0]=x`, `items[0][price]=p`; a nested value in a delimited list (which has
no brackets) is sent as JSON text. `None` inside arrays and objects is left
out, and an empty array or object is not sent (RFC 6570: undefined).

Each value is percent-encoded on its own; delimiters stay literal, so
`color=blue,black` is three values only if it was sent that way.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

__all__ = [
    "cookie_pairs",
    "default_explode",
    "encode_pairs",
    "header_value",
    "path_value",
    "query_pairs",
    "scalar_text",
]

# RFC 3986 reserved characters that may stay as they are in a query value when a
# parameter allows reserved ones (`&`, `=`, `+` and `#` would change its meaning).
_RESERVED = ":/?[]@!$'()*,;"
_DELIMITERS = {"form": ",", "spaceDelimited": "%20", "pipeDelimited": "%7C"}

Pairs = list[tuple[str, str]]  # (key as written, value percent-encoded)


def default_explode(style: str) -> bool:
    """OpenAPI's default: `explode` is true for style form and false otherwise."""
    return style == "form"


def scalar_text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    return str(value)


def _enc(value: Any, reserved: bool = False) -> str:
    """One value as text, percent-encoded; containers (nested values) as JSON."""
    if isinstance(value, (list, dict)):
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    else:
        text = scalar_text(value)
    return quote(text, safe=_RESERVED if reserved else "")


def _items(value: list[Any]) -> list[Any]:
    return [v for v in value if v is not None]


def _fields(value: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(str(k), v) for k, v in value.items() if v is not None]


def _flat(value: dict[str, Any], reserved: bool = False) -> list[str]:
    """An object as alternating keys and values: role,admin,firstName,Alex."""
    out = []
    for k, v in _fields(value):
        out += [_enc(k), _enc(v, reserved)]
    return out


def _nested(key: str, value: Any, reserved: bool = False) -> Pairs:
    """Bracketed keys for nested values, as the Stripe SDK sends them: a[b][0]=x."""
    if isinstance(value, dict):
        return [p for k, v in _fields(value) for p in _nested(f"{key}[{k}]", v)]
    if isinstance(value, list):
        return [
            p
            for i, v in enumerate(value)
            if v is not None
            for p in _nested(f"{key}[{i}]", v)
        ]
    return [(key, _enc(value, reserved))]


# -- query strings and form bodies ------------------------------------------


def query_pairs(
    name: str,
    value: Any,
    style: str = "form",
    explode: bool | None = None,
    reserved: bool = False,
) -> Pairs:
    """A query parameter (or form-body field) as key/value pairs."""
    if explode is None:
        explode = default_explode(style)
    if value is None:
        return []
    if style == "deepObject":
        return _nested(name, value, reserved)
    if isinstance(value, list):
        items = _items(value)
        if explode:
            return [
                p
                for i, v in enumerate(items)
                for p in (
                    _nested(f"{name}[{i}]", v, reserved)
                    if isinstance(v, (list, dict))
                    else [(name, _enc(v, reserved))]
                )
            ]
        delimiter = _DELIMITERS.get(style, ",")
        return (
            [(name, delimiter.join(_enc(v, reserved) for v in items))] if items else []
        )
    if isinstance(value, dict):
        if explode:
            return [
                p for k, v in _fields(value) for p in _exploded_field(k, v, reserved)
            ]
        flat = _flat(value, reserved)
        return [(name, _DELIMITERS.get(style, ",").join(flat))] if flat else []
    return [(name, _enc(value, reserved))]


def _exploded_field(key: str, value: Any, reserved: bool) -> Pairs:
    if isinstance(value, (list, dict)):
        return _nested(key, value, reserved)
    return [(key, _enc(value, reserved))]


def encode_pairs(pairs: Pairs) -> str:
    """key=value&...: keys percent-encoded here (brackets too), values already are."""
    return "&".join(f"{quote(k, safe='')}={v}" for k, v in pairs)


# -- path, header, cookie --------------------------------------------------


def path_value(
    name: str, value: Any, style: str = "simple", explode: bool = False
) -> str:
    """What replaces `{name}` in the path, percent-encoded."""
    prefix, separator = {"label": (".", "."), "matrix": (";", ";")}.get(
        style, ("", ",")
    )
    if isinstance(value, list):
        items = [_enc(v) for v in _items(value)]
        if style == "matrix":
            if explode:
                return "".join(f";{name}={v}" for v in items)
            return f";{name}=" + ",".join(items) if items else f";{name}"
        return prefix + (separator if explode else ",").join(items)
    if isinstance(value, dict):
        fields = [(_enc(k), _enc(v)) for k, v in _fields(value)]
        if explode:
            return prefix + separator.join(f"{k}={v}" for k, v in fields)
        flat = ",".join(f"{k},{v}" for k, v in fields)
        return f";{name}={flat}" if style == "matrix" else prefix + flat
    text = _enc(value)
    if style == "matrix":
        return f";{name}={text}" if text else f";{name}"
    return prefix + text


def header_value(value: Any, explode: bool = False) -> str:
    """A header parameter, style simple; not percent-encoded."""

    def text(v: Any) -> str:
        if isinstance(v, (list, dict)):
            return json.dumps(v, separators=(",", ":"), ensure_ascii=False)
        return scalar_text(v)

    if isinstance(value, list):
        return ",".join(text(v) for v in _items(value))
    if isinstance(value, dict):
        if explode:
            return ",".join(f"{k}={text(v)}" for k, v in _fields(value))
        return ",".join(f"{k},{text(v)}" for k, v in _fields(value))
    return text(value)


def cookie_pairs(name: str, value: Any, explode: bool = True) -> list[str]:
    """A cookie parameter, style form, as `name=value` cookies."""
    if isinstance(value, list):
        items = [_enc(v) for v in _items(value)]
        if explode:
            return [f"{name}={v}" for v in items]
        return [f"{name}=" + ",".join(items)] if items else []
    if isinstance(value, dict):
        if explode:
            return [f"{k}={_enc(v)}" for k, v in _fields(value)]
        flat = _flat(value)
        return [f"{name}=" + ",".join(flat)] if flat else []
    return [f"{name}={_enc(value)}"]
