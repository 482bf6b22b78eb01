"""Inline Markdown from the spec (CommonMark's common subset) into structured text.

Understood: backslash escapes, entities, code spans, emphasis and strong
emphasis, links and images (shown as links), autolinks and bare http(s) URLs,
hard line breaks. Raw HTML is not a construct here: it stays text, so it is
shown, never run. Link targets go through a resolver that returns an absolute,
safe URL or None (the link text is then kept as text).

Work is linear in the text: bracket and delimiter matching are bounded, and a
paragraph with more delimiters than the bound keeps them as text.
"""

from __future__ import annotations

import html
import re
from typing import Callable

from generator.docs.emphasis import PUNCTUATION as _PUNCTUATION
from generator.docs.emphasis import Delimiter, emphasis, flanking, merge
from generator.docs.text import Break, Code, Inline, Inlines, Link, Text

Resolve = Callable[[str], "str | None"]

MAX_DELIMITERS = 1000
MAX_LINK_SCAN = 2000
MAX_NESTING = 8
_ENTITY = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_EMAIL = re.compile(
    r"<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)>"
)
_BARE_URL = re.compile(r"https?://[^\s<>\"'`]+")
_SPECIAL = re.compile(r"[\\`*_\[\]!<&\n]|https?://")


class InlineParser:
    def __init__(self, resolve: Resolve) -> None:
        self.resolve = resolve

    def parse(self, text: str, depth: int = 0) -> Inlines:
        if _SPECIAL.search(text) is None:
            return (Text(text),) if text else ()
        out: list[Inline] = []
        delimiters: list[Delimiter] = []
        buffer: list[str] = []
        i, n = 0, len(text)

        def flush() -> None:
            if buffer:
                out.append(Text("".join(buffer)))
                buffer.clear()

        while i < n:
            found = _SPECIAL.search(text, i)
            if found is None:
                buffer.append(text[i:])
                break
            start = found.start()
            buffer.append(text[i:start])
            ch = text[start]
            i = start
            if ch == "\\":
                nxt = text[i + 1 : i + 2]
                if nxt == "\n":
                    flush()
                    out.append(Break())
                    i += 2
                elif nxt and nxt in _PUNCTUATION:
                    buffer.append(nxt)
                    i += 2
                else:
                    buffer.append("\\")
                    i += 1
            elif ch == "`":
                i = self._code(text, i, buffer, out, flush)
            elif ch in "*_":
                run = _run_length(text, i, ch)
                flush()
                opens, closes = flanking(text, i, run, ch)
                out.append(Text(ch * run))
                if (opens or closes) and len(delimiters) < MAX_DELIMITERS:
                    delimiters.append(Delimiter(ch, run, len(out) - 1, opens, closes))
                i += run
            elif ch in "[!":
                i = self._link(text, i, buffer, out, flush, depth)
            elif ch == "<":
                i = self._angle(text, i, buffer, out, flush)
            elif ch == "&":
                entity = _ENTITY.match(text, i)
                if entity is not None:
                    buffer.append(html.unescape(entity.group(0)))
                    i = entity.end()
                else:
                    buffer.append("&")
                    i += 1
            elif ch == "\n":
                if "".join(buffer).endswith("  "):
                    kept = "".join(buffer).rstrip(" ")
                    buffer.clear()
                    buffer.append(kept)
                    flush()
                    out.append(Break())
                else:
                    buffer.append(" ")
                i += 1
            elif ch == "]":
                buffer.append("]")
                i += 1
            else:  # a bare URL
                i = self._bare_url(text, i, buffer, out, flush)
        flush()
        if delimiters and len(delimiters) < MAX_DELIMITERS and depth < MAX_NESTING:
            return merge(emphasis(out, delimiters))
        return merge(out)

    def _code(
        self,
        text: str,
        i: int,
        buffer: list[str],
        out: list[Inline],
        flush: Callable[[], None],
    ) -> int:
        run = _run_length(text, i, "`")
        fence = "`" * run
        j = i + run
        while True:
            k = text.find(fence, j)
            if k < 0:
                buffer.append(fence)
                return i + run
            if _run_length(text, k, "`") == run:
                break
            j = k + _run_length(text, k, "`")
        content = text[i + run : k].replace("\n", " ")
        if (
            len(content) > 2
            and content[0] == " "
            and content[-1] == " "
            and content.strip()
        ):
            content = content[1:-1]
        flush()
        out.append(Code(content))
        return k + run

    def _link(
        self,
        text: str,
        i: int,
        buffer: list[str],
        out: list[Inline],
        flush: Callable[[], None],
        depth: int,
    ) -> int:
        image = text[i] == "!"
        if image and text[i + 1 : i + 2] != "[":
            buffer.append("!")
            return i + 1
        open_at = i + 1 if image else i
        close = _matching_bracket(text, open_at)
        if close is None or text[close + 1 : close + 2] != "(":
            buffer.append(text[i : open_at + 1])
            return open_at + 1
        destination = _destination(text, close + 1)
        if destination is None:
            buffer.append(text[i : open_at + 1])
            return open_at + 1
        target, end = destination
        label = text[open_at + 1 : close]
        children = (
            self.parse(label, depth + 1) if depth < MAX_NESTING else (Text(label),)
        )
        if image and not label.strip():
            children = (Text("image"),)
        url = self.resolve(target)
        flush()
        if url is None:
            out.extend(children)
        else:
            out.append(Link(merge(_unlinked(children)), url))
        return end

    def _angle(
        self,
        text: str,
        i: int,
        buffer: list[str],
        out: list[Inline],
        flush: Callable[[], None],
    ) -> int:
        auto = _AUTOLINK.match(text, i)
        email = None if auto else _EMAIL.match(text, i)
        if auto is None and email is None:
            buffer.append("<")
            return i + 1
        if auto is not None:
            shown, target, end = auto.group(1), auto.group(1), auto.end()
        else:
            assert email is not None
            shown, target, end = email.group(1), "mailto:" + email.group(1), email.end()
        url = self.resolve(target)
        flush()
        out.append(Link((Text(shown),), url) if url is not None else Text(shown))
        return end

    def _bare_url(
        self,
        text: str,
        i: int,
        buffer: list[str],
        out: list[Inline],
        flush: Callable[[], None],
    ) -> int:
        if i > 0 and (text[i - 1].isalnum() or text[i - 1] in "([/=\"'"):
            buffer.append(text[i])
            return i + 1
        match = _BARE_URL.match(text, i)
        if match is None:  # a scheme and nothing after it
            buffer.append(text[i])
            return i + 1
        shown = match.group(0).rstrip(".,:;!?*_~")
        while shown.endswith(")") and shown.count(")") > shown.count("("):
            shown = shown[:-1]
        url = self.resolve(shown)
        if url is None:
            buffer.append(shown)
        else:
            flush()
            out.append(Link((Text(shown),), url))
        return i + len(shown)


def _run_length(text: str, i: int, ch: str) -> int:
    j = i
    while j < len(text) and text[j] == ch:
        j += 1
    return j - i


def _matching_bracket(text: str, i: int) -> int | None:
    """The `]` that closes the `[` at i, skipping escapes and code spans (bounded)."""
    level = 0
    j = i
    limit = min(len(text), i + MAX_LINK_SCAN)
    while j < limit:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "`":
            run = _run_length(text, j, "`")
            k = text.find("`" * run, j + run)
            j = (k + run) if k >= 0 else j + run
            continue
        if ch == "[":
            level += 1
        elif ch == "]":
            level -= 1
            if level == 0:
                return j
        j += 1
    return None


def _destination(text: str, i: int) -> tuple[str, int] | None:
    """`(target "title")` starting at i: the target and the index after `)`."""
    j = i + 1
    n = len(text)
    while j < n and text[j] in " \n":
        j += 1
    if j < n and text[j] == "<":
        k = text.find(">", j)
        if k < 0 or "\n" in text[j:k]:
            return None
        target, j = text[j + 1 : k], k + 1
    else:
        start, level = j, 0
        while j < n and j - i < MAX_LINK_SCAN:
            ch = text[j]
            if ch == "\\" and j + 1 < n:
                j += 2
                continue
            if ch.isspace() or ord(ch) < 0x20:
                break
            if ch == "(":
                level += 1
            elif ch == ")":
                if level == 0:
                    break
                level -= 1
            j += 1
        target = text[start:j]
    while j < n and text[j] in " \n":
        j += 1
    if j < n and text[j] in "\"'(":
        closing = ")" if text[j] == "(" else text[j]
        k = text.find(closing, j + 1)
        if k < 0:
            return None
        j = k + 1
        while j < n and text[j] in " \n":
            j += 1
    if j >= n or text[j] != ")":
        return None
    target = re.sub(r"\\([%s])" % re.escape(_PUNCTUATION), r"\1", target)
    return html.unescape(target), j + 1


def _unlinked(children: Inlines) -> list[Inline]:
    """Link text cannot hold another link: inner links keep only their text."""
    out: list[Inline] = []
    for child in children:
        if isinstance(child, Link):
            out.extend(_unlinked(child.children))
        else:
            out.append(child)
    return out
