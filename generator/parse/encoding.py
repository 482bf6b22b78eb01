"""How values go on the wire: parameter `style`s and the Encoding Objects of form bodies."""

from __future__ import annotations

from typing import Any

from generator import ir, jsonptr
from generator.diagnostics import Diagnostics

_QUERY_STYLES = ("form", "spaceDelimited", "pipeDelimited", "deepObject")
# The styles OpenAPI 3.0/3.1 define for each parameter location.
STYLES = {
    ir.Location.PATH: ("simple", "label", "matrix"),
    ir.Location.QUERY: _QUERY_STYLES,
    ir.Location.HEADER: ("simple",),
    ir.Location.COOKIE: ("form",),
}
FIELD_STYLES = _QUERY_STYLES  # of a property of a form body


def style(
    node: dict[str, Any],
    pointer: str,
    allowed: tuple[str, ...],
    diagnostics: Diagnostics,
) -> str | None:
    """The `style` written in node, if it is one OpenAPI defines there."""
    value = node.get("style")
    if value is None or value in allowed:
        return value if isinstance(value, str) else None
    diagnostics.warning(
        "bad-style",
        f"style {value!r} is not defined here (only {', '.join(allowed)}); "
        "the default is used",
        jsonptr.join(pointer, "style"),
    )
    return None


def encodings(
    node: Any, pointer: str, diagnostics: Diagnostics
) -> tuple[ir.Encoding, ...]:
    """The Encoding Objects of a media type, by property."""
    if node is None:
        return ()
    if not isinstance(node, dict):
        diagnostics.warning(
            "bad-encoding", "`encoding` must be an object; ignored", pointer
        )
        return ()
    out = []
    for name, raw in node.items():
        where = jsonptr.join(pointer, name)
        if not isinstance(raw, dict):
            diagnostics.warning(
                "bad-encoding", "an encoding must be an object; ignored", where
            )
            continue
        explode, kind = raw.get("explode"), raw.get("contentType")
        out.append(
            ir.Encoding(
                name=str(name),
                pointer=where,
                content_type=kind if isinstance(kind, str) else None,
                style=style(raw, where, FIELD_STYLES, diagnostics),
                explode=explode if isinstance(explode, bool) else None,
                allow_reserved=raw.get("allowReserved") is True,
            )
        )
    return tuple(out)
