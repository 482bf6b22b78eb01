"""Markdown descriptions from the spec, parsed into structured text.

A small, safe subset of CommonMark (and GFM tables): paragraphs, bullet and
ordered lists (nested), fenced code, headings (shown as a strong paragraph, so a
description cannot add sections to a page), block quotes (their content kept),
tables, and the inline constructs of generator/docs/inline.py. Raw HTML and
anything else is text. Indented code is read as paragraph text, since YAML
indentation makes it ambiguous in specs.

Parsing is memoised by text (specs repeat descriptions) and bounded in nesting.
"""

from __future__ import annotations

import re

from generator.docs.inline import InlineParser, Resolve
from generator.docs.text import (
    Block,
    Blocks,
    CodeBlock,
    Inlines,
    Items,
    Para,
    Strong,
    Table,
)

MAX_NESTING = 8
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_THEMATIC = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_QUOTE = re.compile(r"^ {0,3}> ?")
_ITEM = re.compile(r"^( {0,3})([-+*]|[0-9]{1,9}[.)])( +|$)")
_DELIMITER_ROW = re.compile(r"^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
# What may start a block other than a paragraph (or make a line blank).
_BLOCK_START = re.compile(r"\s*(?:$|[#>*+=_~`|-]|[0-9]{1,9}[.)])")


class MarkdownParser:
    def __init__(self, resolve: Resolve) -> None:
        self.inline = InlineParser(resolve)
        self._cache: dict[str, Blocks] = {}
        self._inline_cache: dict[str, Inlines] = {}

    def parse(self, text: str) -> Blocks:
        """The blocks of a description (memoised: do not change the result)."""
        found = self._cache.get(text)
        if found is None:
            if "\n" not in text and "\r" not in text and not _BLOCK_START.match(text):
                inlines = self.inline.parse(text.strip())  # one plain line: a paragraph
                found = self._cache[text] = (Para(inlines),) if inlines else ()
                return found
            lines = text.expandtabs(4).replace("\r\n", "\n").replace("\r", "\n")
            found = self._cache[text] = tuple(self._blocks(lines.split("\n"), 0))
        return found

    def parse_inline(self, text: str) -> Inlines:
        """One line of text (a summary, a title) as inlines."""
        found = self._inline_cache.get(text)
        if found is None:
            found = self._inline_cache[text] = self.inline.parse(" ".join(text.split()))
        return found

    def _blocks(self, lines: list[str], depth: int) -> list[Block]:
        out: list[Block] = []
        paragraph: list[str] = []

        def flush() -> None:
            if paragraph:
                out.append(Para(self.inline.parse("\n".join(paragraph), depth)))
                paragraph.clear()

        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            if not line.strip():
                flush()
                i += 1
                continue
            if depth >= MAX_NESTING:
                paragraph.append(line.strip())
                i += 1
                continue
            fence = _FENCE.match(line)
            if fence is not None and not (
                fence.group(2)[0] == "`" and "`" in fence.group(3)
            ):
                flush()
                code, i = _code_block(lines, i, fence)
                out.append(code)
                continue
            heading = _HEADING.match(line)
            if heading is not None:
                flush()
                inner = self.inline.parse(heading.group(2) or "", depth)
                if inner:
                    out.append(Para((Strong(inner),)))
                i += 1
                continue
            if _THEMATIC.match(line):
                flush()
                i += 1
                continue
            if _QUOTE.match(line):
                flush()
                quoted = []
                while i < n and lines[i].strip() and _QUOTE.match(lines[i]):
                    quoted.append(_QUOTE.sub("", lines[i], count=1))
                    i += 1
                out.extend(self._blocks(quoted, depth + 1))
                continue
            item = _ITEM.match(line)
            if item is not None and _may_start_list(item, line, bool(paragraph)):
                flush()
                items, i = self._list(lines, i, depth)
                out.append(items)
                continue
            if "|" in line and i + 1 < n and _DELIMITER_ROW.match(lines[i + 1]):
                table = self._table(lines, i, depth)
                if table is not None:
                    flush()
                    block_table, i = table
                    out.append(block_table)
                    continue
            paragraph.append(line.strip())
            i += 1
        flush()
        return out

    def _list(self, lines: list[str], i: int, depth: int) -> tuple[Items, int]:
        first = _ITEM.match(lines[i])
        assert first is not None
        kind = _marker_kind(first.group(2))
        ordered = kind not in "-+*"
        start = int(first.group(2)[:-1]) if ordered else 1
        items: list[Blocks] = []
        n = len(lines)
        while i < n:
            match = _ITEM.match(lines[i])
            if match is None or _marker_kind(match.group(2)) != kind:
                break
            width = len(match.group(1)) + len(match.group(2))
            spaces = len(match.group(3))
            width += spaces if 1 <= spaces <= 4 else 1
            body = [lines[i][width:] if len(lines[i]) > width else ""]
            i += 1
            while i < n:
                line = lines[i]
                if not line.strip():
                    j = i
                    while j < n and not lines[j].strip():
                        j += 1
                    if j < n and _indent(lines[j]) >= width:
                        body.extend([""] * (j - i))
                        i = j
                        continue
                    break
                if _indent(line) >= width:
                    body.append(line[width:])
                elif _ITEM.match(line) or _starts_block(line) or not body[-1].strip():
                    break
                else:  # a lazy continuation of the item's paragraph
                    body.append(line.strip())
                i += 1
            items.append(tuple(self._blocks(body, depth + 1)))
            j = i
            while j < n and not lines[j].strip():
                j += 1
            following = _ITEM.match(lines[j]) if j < n else None
            if following is None or _marker_kind(following.group(2)) != kind:
                break
            i = j
        return Items(tuple(items), ordered=ordered, start=start), i

    def _table(self, lines: list[str], i: int, depth: int) -> tuple[Table, int] | None:
        header = _cells(lines[i])
        if len(header) != len(_cells(lines[i + 1])):
            return None
        width = len(header)
        rows = []
        j = i + 2
        while j < len(lines) and lines[j].strip() and "|" in lines[j]:
            cells = (_cells(lines[j]) + [""] * width)[:width]
            rows.append(tuple(self.inline.parse(c, depth + 1) for c in cells))
            j += 1
        head = tuple(self.inline.parse(c, depth + 1) for c in header)
        return Table(head, tuple(rows)), j


def _code_block(
    lines: list[str], i: int, fence: re.Match[str]
) -> tuple[CodeBlock, int]:
    indent = len(fence.group(1))
    marker = fence.group(2)
    info = fence.group(3).strip()
    body = []
    i += 1
    while i < len(lines):
        line = lines[i]
        closing = line.strip()
        if (
            _indent(line) <= 3
            and closing.startswith(marker[0] * len(marker))
            and set(closing) == {marker[0]}
        ):
            i += 1
            break
        body.append(line[min(indent, _indent(line)) :])
        i += 1
    language = info.split()[0] if info.split() else ""
    return CodeBlock("\n".join(body), language), i


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _marker_kind(marker: str) -> str:
    return marker[-1] if marker[-1] in ".)" else marker


def _may_start_list(item: re.Match[str], line: str, in_paragraph: bool) -> bool:
    """A list item interrupts a paragraph only when it has text and (if ordered) starts at 1."""
    if not in_paragraph:
        return True
    marker = item.group(2)
    has_text = bool(line[item.end() :].strip())
    return has_text and (marker in "-+*" or marker[:-1] == "1")


def _starts_block(line: str) -> bool:
    return bool(
        _FENCE.match(line)
        or _HEADING.match(line)
        or _THEMATIC.match(line)
        or _QUOTE.match(line)
    )


def _cells(line: str) -> list[str]:
    row = line.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(row)]
