"""The one place where spec text becomes code or Markdown.

Names, descriptions, defaults, enum values and path templates come from the spec,
which may hold anything. Templates only ever emit them through these functions
(registered as Jinja filters), so no spec text can end a string or a docstring
early, or inject code.
"""

from __future__ import annotations

import html
import json
import math
import re
import shlex
import urllib.parse
from functools import lru_cache
from typing import Any

import markupsafe

from generator.memo import short_texts

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
    joined = "\n".join(lines)
    if "\\" not in joined and "".join(lines).isprintable():  # nearly all text
        return joined.replace('"""', '\\"\\"\\"')
    out = []
    for ch in joined:
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


# -- Markdown ---------------------------------------------------------------------
#
# Spec text reaches Markdown only as the leaves of the docs' structured text
# (generator/docs/text.py): each leaf is escaped here for the context it lands in,
# so no text can start a construct (HTML, a link, emphasis, a list, a fence) or
# end the one it sits in (a table cell, a code span, a code block, a comment).

# Backslash-escaped everywhere: they open inline constructs (emphasis, links,
# code, strikethrough, math) or end table cells; `<` and `>` become entities.
_MD_TABLE = str.maketrans(
    {**{ch: "\\" + ch for ch in "\\`*[]~|$"}, "<": "&lt;", ">": "&gt;"}
)
# `_` opens or closes emphasis unless it sits between two letters or digits.
_MD_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_ENTITY = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});"
)
_SPACES = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]|  ")
# What makes a line a block of another kind when it starts with it.
_MD_LINE_START = re.compile(r"^(?:[#>+=:-]|[0-9]{1,9}[.)])")


def md_text(text: str, *, line_start: bool = False) -> str:
    """Plain text inside a Markdown paragraph, list item, heading or table cell.

    Whitespace (newlines included) collapses to single spaces; `<`, `>` and
    entity-like `&` become entities; punctuation that opens or closes an inline
    construct is backslash-escaped (`_` only where it could open or close
    emphasis). With line_start, what would make the line a heading, quote,
    list item or thematic break is escaped too.
    """
    return _md_line_start(text) if line_start else _md_text(text)


@short_texts
def _md_text(text: str) -> str:
    if "&" in text:
        text = _ENTITY.sub(_escape_entity, text)
    if _ODD_SPACE.search(text):
        text = _SPACES.sub(" ", text)
    escaped = text.translate(_MD_TABLE)
    if "_" in escaped:
        escaped = _MD_UNDERSCORE.sub(r"\\_", escaped)
    return escaped


@short_texts
def _md_line_start(text: str) -> str:
    return _MD_LINE_START.sub(_escape_line_start, _md_text(text), count=1)


def _escape_entity(match: re.Match[str]) -> str:
    return "&amp;" + match.group(0)[1:]


def _escape_line_start(match: re.Match[str]) -> str:
    token = match.group(0)
    return token[:-1] + "\\" + token[-1] if token[0].isdigit() else "\\" + token


def md_heading(text: str) -> str:
    """Text for an ATX heading: one line, and no `#` that could close it."""
    return md_text(text).replace("#", "\\#")


def md_inline(text: str) -> str:
    """Plain text for one Markdown line or table cell (an alias of md_text)."""
    return md_text(text)


def md_code(text: str, *, cell: bool = False) -> str:
    """A code span that shows text exactly, whatever backticks it holds.

    In a table cell (cell=True) a `|` is escaped too: GFM ends a cell at a pipe
    even inside a code span.
    """
    if "\n" in text or "\r" in text:
        text = " ".join(text.splitlines())
    if not text:
        return ""
    if cell and "|" in text:
        text = text.replace("|", "\\|")
    if "`" not in text:
        pad = " " if text[0] == " " and text[-1] == " " else ""
        return f"`{pad}{text}{pad}`"
    longest = max(len(run) for run in re.findall(r"`+", text))
    fence = "`" * (longest + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def toml_str(text: str) -> str:
    """A TOML basic string for any text: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        elif 0xD800 <= ord(ch) <= 0xDFFF:  # a lone surrogate has no TOML form
            out.append("\ufffd")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def md_fence(text: str) -> str:
    """A backtick fence for a code block holding text: longer than any run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def md_info(language: str) -> str:
    """A code block's info string (its language): a plain word or nothing."""
    word = re.sub(
        r"[^A-Za-z0-9_+.#-]", "", language.split()[0] if language.split() else ""
    )
    return word[:32]


@lru_cache(maxsize=64)  # one comment heads every page of a target
def md_comment(text: str) -> str:
    """Text inside an HTML comment `<!-- ... -->`: one line that cannot end it."""
    line = " ".join(text.split())
    if not line.isprintable():
        line = "".join(ch if ch.isprintable() else "\ufffd" for ch in line)
    while "--" in line:
        line = line.replace("--", "- -")
    return line.replace(">", "&gt;").replace("<", "&lt;")


_URL_SCHEMES = ("http://", "https://", "mailto:")
_URL_SAFE = ":/?#[]@!$&*+,;=%-._~"


def safe_url(url: str) -> str | None:
    """An absolute link target that is safe to follow (http, https or mailto), or None.

    Characters that could end it where it is written are percent-encoded then
    (url_text); a control character makes it no link at all."""
    url = url.strip()
    if not url.lower().startswith(_URL_SCHEMES) or not url.isprintable():
        return None
    return url


_URL_PLAIN = re.compile(r"[A-Za-z0-9:/?#\[\]@!$&*+,;=%._~-]*")


def url_text(url: str) -> str:
    """A link target percent-encoded so that no character can end it in Markdown or HTML."""
    if _URL_PLAIN.fullmatch(url):
        return url
    return urllib.parse.quote(url, safe=_URL_SAFE)


def md_url(url: str) -> str:
    """A Markdown link destination: `(...)` can neither close early nor hold a title."""
    return url_text(url).replace("|", "%7C")


# -- HTML -------------------------------------------------------------------------


@short_texts
def html_text(text: str) -> str:
    """Text or an attribute value in HTML (`&`, `<`, `>`, quotes escaped)."""
    return html.escape(text, quote=True)


def html_markup(parts: list[str]) -> markupsafe.Markup:
    """Joins pieces that are each already escaped HTML (built here and in docs/render.py)."""
    return markupsafe.Markup("".join(parts))


def js_json(value: Any) -> str:
    """JSON that is also safe inside an HTML `<script>` element and any JS source."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- shell ------------------------------------------------------------------------


def sh_quote(text: str) -> str:
    """One shell word holding text exactly (single-quoted unless it needs no quotes)."""
    return shlex.quote(text)


def sh_double(text: str) -> str:
    """Text inside a double-quoted shell word: nothing in it expands or ends the word."""
    return re.sub(r'(["\\$`])', r"\\\1", " ".join(text.splitlines()))
