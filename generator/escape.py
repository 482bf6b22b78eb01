"""The one place where spec text becomes code or Markdown.

Names, descriptions, defaults, enum values and path templates come from the spec,
which may hold anything. Templates only ever emit them through these functions
(registered as Jinja filters), so no spec text can end a string or a docstring
early, or inject code.
"""

from __future__ import annotations

import math
import re
from typing import Any

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(ch: str, quote: str = '"') -> str:
    if ch == quote:
        return "\\" + ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch.isprintable():
        return ch
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def py_str(text: str) -> str:
    """A Python string literal for any text, quoted as black would quote it.

    Double quotes, unless single quotes need fewer backslashes (black's rule), so
    black leaves every literal exactly as written here.
    """
    if text.isprintable() and '"' not in text and "\\" not in text:
        return '"' + text + '"'  # most spec text: nothing to escape
    double = "".join(_escape_char(c, '"') for c in text)
    if '"' in text:
        single = "".join(_escape_char(c, "'") for c in text)
        if single.count("\\") < double.count("\\"):
            return "'" + single + "'"
    return '"' + double + '"'


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
    """Spec text made safe between triple double quotes (backslashes, control characters)."""
    lines = [line.rstrip().replace("\t", "    ") for line in text.strip().splitlines()]
    out = []
    for ch in "\n".join(lines):
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n" or ch.isprintable():
            out.append(ch)
        else:
            out.append(_escape_char(ch))
    return "".join(out).replace('"""', '\\"\\"\\"')


def docstring(text: str, depth: int = 0, line_length: int = 88) -> str:
    """A complete docstring literal, laid out exactly as black lays out docstrings.

    The text is made safe, then continuation lines are re-indented to depth
    (PEP 257), a leading or trailing quote is padded with a space, and the
    closing quotes of a multi-line docstring get a line of their own.
    """
    indent = "    " * depth
    body = docstring_text(text)
    lines = body.splitlines() or [""]
    if len(lines) > 1:
        rest = [line for line in lines[1:] if line.strip()]
        common = min((len(line) - len(line.lstrip()) for line in rest), default=0)
        trimmed = [lines[0].strip()]
        for line in lines[1:]:
            kept = line[common:].rstrip()
            trimmed.append(indent + kept if kept else "")
        # PEP 257: the closing quotes of a multi-line docstring on a line of their own.
        body = "\n".join(trimmed) + "\n" + indent
    else:
        body = body.strip()
    if body.startswith('"'):
        body = " " + body
    if body.endswith('"'):
        body += " "
    return '"""' + body + '"""'


def comment_text(text: str) -> str:
    """One line of text for a `#` comment."""
    return " ".join(text.split())


_CODING = re.compile(r"(?<=codin)g(?=[:=])", re.IGNORECASE)


def one_line(text: str, *, backslashes: bool = True) -> str:
    """Any text on one line, as data: line breaks and unprintable characters escaped.

    Every character that is not printable (line and paragraph separators,
    control characters, lone surrogates) becomes its backslash escape, so the
    text cannot start a new line in any reader; backslashes are doubled unless
    told otherwise (messages, whose spec text is already quoted with repr).
    """
    if text.isprintable() and (not backslashes or "\\" not in text):
        return text
    return "".join(
        (
            "\\\\"
            if ch == "\\" and backslashes
            else ch if ch.isprintable() else _escape_char(ch)
        )
        for ch in text
    )


def comment_line(text: str) -> str:
    """Spec or path text (a file name) inside a one-line `#` or `<!-- -->` comment.

    On one line (`one_line`); with `<`, `>` and `--` escaped, so it cannot end an
    HTML comment; and never a source-encoding declaration (`coding:` in the first
    two lines of a Python file decides how the file is read).
    """
    safe = one_line(text).replace("<", "\\x3c").replace(">", "\\x3e")
    while "--" in safe:
        safe = safe.replace("--", "-\\x2d")
    return _CODING.sub("\\\\x67", safe)


def md_inline(text: str) -> str:
    """Text for one Markdown line or table cell: no newlines, no stray pipes."""
    return " ".join(text.replace("|", "\\|").split())


def md_block(text: str) -> str:
    """A description as a Markdown block; stray HTML is shown, not run."""
    return text.strip().replace("<", "&lt;")


def md_code(text: str) -> str:
    """Inline code that survives backticks inside it."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)  # longer than any run inside, found in one pass
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
