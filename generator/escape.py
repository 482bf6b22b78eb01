"""The one place where spec text becomes code or Markdown.

Names, descriptions, defaults, enum values and path templates come from the spec,
which may hold anything. Templates only ever emit them through these functions
(registered as Jinja filters), so no spec text can end a string or a docstring
early, or inject code.
"""

from __future__ import annotations

import math
from typing import Any

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch.isprintable():
        return ch
    code = ord(ch)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    )


def py_str(text: str) -> str:
    """A double-quoted Python string literal for any text."""
    return '"' + "".join(_escape_char(c) for c in text) + '"'


def py_literal(value: Any) -> str:
    """Python source for a JSON value (defaults, examples, enum values)."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else 'float("-inf")'
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{py_str(str(k))}: {py_literal(v)}" for k, v in value.items())
            + "}"
        )
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def docstring_text(text: str) -> str:
    """Text that is safe between triple double quotes and reads as written."""
    lines = [line.rstrip().replace("\t", "    ") for line in text.strip().splitlines()]
    body = "\n".join(lines)
    out = []
    for ch in body:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n" or ch.isprintable():
            out.append(ch)
        else:
            out.append(_escape_char(ch))
    escaped = "".join(out).replace('"""', '\\"\\"\\"')
    if escaped.endswith('"'):
        backslashes = len(escaped[:-1]) - len(escaped[:-1].rstrip("\\"))
        if backslashes % 2 == 0:  # the final quote is bare: it would end the docstring
            escaped = escaped[:-1] + '\\"'
    return escaped


def comment_text(text: str) -> str:
    """One line of text for a `#` comment."""
    return " ".join(text.split())


def md_inline(text: str) -> str:
    """Text for one Markdown line or table cell: no newlines, no stray pipes."""
    return " ".join(text.replace("|", "\\|").split())


def md_block(text: str) -> str:
    """A description as a Markdown block; stray HTML is shown, not run."""
    return text.strip().replace("<", "&lt;")


def md_code(text: str) -> str:
    """Inline code that survives backticks inside it."""
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
