"""Structured text (generator/docs/text.py) rendered as Markdown or as HTML.

These are the Jinja filters the docs templates use. Every leaf of text goes
through an escaping function of generator/escape.py chosen for where it lands
(a paragraph, a table cell, a code span, a link target, HTML); the markup around
the leaves is the renderer's own. Links to other pages are written relative to
the page being rendered, with that rendering's file extension.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from functools import lru_cache
from typing import Callable

import markupsafe

from generator import escape
from generator.compat import assert_never
from generator.docs.text import (
    Block,
    Blocks,
    Break,
    Code,
    CodeBlock,
    Emph,
    Entries,
    Entry,
    Inlines,
    Items,
    Link,
    Para,
    Ref,
    Strong,
    Table,
    Text,
    plain_text,
)
from generator.docs.model import NavItem


def relative(page: str, target: str, extension: str, anchor: str = "") -> str:
    """The link from page to target (page keys: plain relative paths without extension)."""
    path = _from_directory(page.rpartition("/")[0], target) + extension
    return path + "#" + anchor if anchor else path


# Keyed by the page's directory, which is all the link depends on: keyed by the
# page, four lookups in five missed on GitHub (84,000 links from 13,000 pages).
@lru_cache(maxsize=1 << 14)
def _from_directory(directory: str, target: str) -> str:
    here = directory.split("/") if directory else []
    there = target.split("/")
    common = 0
    while (
        common < len(here) and common < len(there) - 1 and here[common] == there[common]
    ):
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])


# Blocks that many pages share (a returned class's fields, docs/operations.py) are
# rendered once per directory of pages: their relative links are the same there.
# Pages of one directory are rendered one after the other, so the last few
# renderings are all that need keeping; each holds its block, so the block's
# identity, in the key, cannot be reused by another while it is kept.
RECENT = 32
_recent: OrderedDict[tuple[int, str, str], tuple[Entries, str]] = OrderedDict()


def _reused(node: Entries, how: str, page: str, make: Callable[[], str]) -> str:
    key = (id(node), how, page.rpartition("/")[0])
    kept = _recent.get(key)
    if kept is not None and kept[0] is node:
        _recent.move_to_end(key)
        return kept[1]
    text = make()
    _recent[key] = (node, text)
    if len(_recent) > RECENT:
        _recent.popitem(last=False)
    return text


# -- Markdown -----------------------------------------------------------------------


class MarkdownWriter:
    """Markdown for one page."""

    def __init__(self, page: str) -> None:
        self.page = page

    def inlines(
        self, nodes: Inlines, *, cell: bool = False, start: bool = False
    ) -> str:
        out: list[str] = []
        for node in nodes:
            kind = type(node)  # the common leaves here, without a call or a match
            if kind is Text:
                out.append(escape.md_text(node.text, line_start=start))  # type: ignore[union-attr]
            elif kind is Code:
                out.append(escape.md_code(node.text, cell=cell))  # type: ignore[union-attr]
            else:
                out.append(self._inline(node, cell, start))
            start = False  # only the first node starts the line
        return "".join(out)

    def _inline(self, node: object, cell: bool, start: bool) -> str:
        match node:
            case Text(text):
                return escape.md_text(text, line_start=start)
            case Code(text):
                return escape.md_code(text, cell=cell)
            case Emph(children):
                return _wrap("*", self.inlines(children, cell=cell))
            case Strong(children):
                return _wrap("**", self.inlines(children, cell=cell))
            case Link(children, url):
                label = self.inlines(children, cell=cell) or escape.md_text(url)
                target = escape.md_url(url)
                return f"[{label}]({target})"
            case Ref(children, page, anchor):
                label = self.inlines(children, cell=cell)
                target = escape.md_url(relative(self.page, page, ".md", anchor))
                return f"[{label}]({target})"
            case Break():
                return "<br>" if cell else "\\\n"
            case _:
                raise TypeError(f"not an inline node: {node!r}")

    def blocks(self, nodes: Blocks, indent: str = "") -> str:
        """Blocks separated by blank lines; lines after the first are indented."""
        parts = [self._block(node, indent) for node in nodes]
        return f"\n\n{indent}".join(p for p in parts if p)

    def _block(self, node: Block, indent: str) -> str:
        match node:
            case Para(inlines):
                text = self.inlines(inlines, start=True).strip()
                return text.replace("\\\n", "\\\n" + indent) if indent else text
            case Items(items, ordered, start):
                return self._items(items, ordered, start, indent)
            case CodeBlock(text, language):
                fence = escape.md_fence(text)
                body = text.replace("\n", "\n" + indent) if indent else text
                return f"{fence}{escape.md_info(language)}\n{indent}{body}\n{indent}{fence}"
            case Table(header, rows):
                return self._table(header, rows, indent)
            case Entries(entries):
                return _reused(
                    node,
                    "md" + indent,
                    self.page,
                    lambda: self._entries(entries, indent),
                )
            case _:
                assert_never(node)

    def _entries(self, entries: tuple[Entry, ...], indent: str) -> str:
        return f"\n{indent}".join(self._entry(e, indent) for e in entries)

    def _items(
        self, items: tuple[Blocks, ...], ordered: bool, start: int, indent: str
    ) -> str:
        loose = any(len(item) > 1 for item in items)
        out = []
        for n, item in enumerate(items):
            marker = f"{start + n}. " if ordered else "- "
            inner = indent + " " * len(marker)
            text = self.blocks(item, inner) or escape.md_text("")
            out.append(marker + text)
        return (f"\n\n{indent}" if loose else f"\n{indent}").join(out)

    def _table(
        self,
        header: tuple[Inlines, ...],
        rows: tuple[tuple[Inlines, ...], ...],
        indent: str,
    ) -> str:
        def row(cells: tuple[Inlines, ...]) -> str:
            return "| " + " | ".join(self.inlines(c, cell=True) for c in cells) + " |"

        lines = [row(header), "|" + "---|" * len(header)] + [row(r) for r in rows]
        return f"\n{indent}".join(lines)

    def _entry(self, entry: Entry, indent: str) -> str:
        """- <a id></a>term — first paragraph; then the other blocks and the children."""
        inner = indent + "  "
        head = self.inlines(entry.term).strip()
        if entry.anchor:
            head = f'<a id="{escape.html_text(entry.anchor)}"></a>{head}'
        body = list(entry.body)
        lead = body[0] if body else None
        if isinstance(lead, Para):
            body.pop(0)
            first = self.inlines(lead.inlines).strip()
            head += f" — {first}" if first else ""
        text = "- " + head
        rest = self.blocks(tuple(body), inner)
        if rest:
            text += f"\n\n{inner}{rest}"
        if entry.children:
            children = self._entries(entry.children, inner)
            text += ("\n\n" if rest else "\n") + inner + children
        return text

    def cell(self, nodes: Blocks) -> str:
        """Blocks flattened into one table cell."""
        parts: list[str] = []
        for node in nodes:
            match node:
                case Para(inlines):
                    parts.append(self.inlines(inlines, cell=True).strip())
                case Items(items, ordered, start):
                    for n, item in enumerate(items):
                        marker = f"{start + n}." if ordered else "•"
                        parts.append(f"{marker} {self.cell(item)}")
                case CodeBlock(text):
                    parts.extend(
                        escape.md_code(line, cell=True) for line in text.splitlines()
                    )
                case Table() | Entries():
                    parts.append(escape.md_text(plain_text((node,))))
                case _:
                    assert_never(node)
        return "<br>".join(p for p in parts if p)


def _wrap(marker: str, inner: str) -> str:
    """Emphasis around inner, with its outer spaces moved outside (or it would not parse)."""
    if not inner.strip():
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{inner.strip()}{marker}{trail}"


# -- HTML -----------------------------------------------------------------------------


class HtmlWriter:
    """HTML for one page: escaped text inside the writer's own elements."""

    def __init__(self, page: str) -> None:
        self.page = page

    def inlines(self, nodes: Inlines) -> markupsafe.Markup:
        out: list[str] = []
        self._inlines(nodes, out)
        return escape.html_markup(out)

    def _inlines(self, nodes: Inlines, out: list[str]) -> None:
        for node in nodes:
            kind = type(node)  # the common leaves first, without pattern matching
            if kind is Text:
                out.append(escape.html_text(node.text))  # type: ignore[union-attr]
                continue
            if kind is Code:
                out.append(f"<code>{escape.html_text(node.text)}</code>")  # type: ignore[union-attr]
                continue
            match node:
                case Text(text):
                    out.append(escape.html_text(text))
                case Code(text):
                    out.append(f"<code>{escape.html_text(text)}</code>")
                case Emph(children):
                    out.append("<em>")
                    self._inlines(children, out)
                    out.append("</em>")
                case Strong(children):
                    out.append("<strong>")
                    self._inlines(children, out)
                    out.append("</strong>")
                case Link(children, url):
                    href = escape.html_text(escape.url_text(url))
                    out.append(
                        f'<a class="external" href="{href}" rel="noopener noreferrer">'
                    )
                    self._inlines(children or (Text(url),), out)
                    out.append("</a>")
                case Ref(children, page, anchor):
                    href = escape.html_text(relative(self.page, page, ".html", anchor))
                    out.append(f'<a href="{href}">')
                    self._inlines(children, out)
                    out.append("</a>")
                case Break():
                    out.append("<br>")
                case _:
                    assert_never(node)

    def blocks(self, nodes: Blocks) -> markupsafe.Markup:
        out: list[str] = []
        self._blocks(nodes, out)
        return escape.html_markup(out)

    def _blocks(self, nodes: Blocks, out: list[str]) -> None:
        for node in nodes:
            self._block(node, out)
            out.append("\n")

    def _block(self, node: Block, out: list[str]) -> None:
        if True:
            match node:
                case Para(inlines):
                    out.append("<p>")
                    self._inlines(inlines, out)
                    out.append("</p>")
                case Items(items, ordered, start):
                    tag = "ol" if ordered else "ul"
                    first = f' start="{start}"' if ordered and start != 1 else ""
                    out.append(f"<{tag}{first}>")
                    for item in items:
                        out.append("<li>")
                        self._blocks(item, out)
                        out.append("</li>")
                    out.append(f"</{tag}>")
                case CodeBlock(text, language):
                    lang = escape.md_info(language)
                    css = f' class="language-{lang}"' if lang else ""
                    out.append(f"<pre><code{css}>{escape.html_text(text)}</code></pre>")
                case Table(header, rows):
                    out.append("<table><thead><tr>")
                    for cell in header:
                        out.append("<th>")
                        self._inlines(cell, out)
                        out.append("</th>")
                    out.append("</tr></thead><tbody>")
                    for row in rows:
                        out.append("<tr>")
                        for cell in row:
                            out.append("<td>")
                            self._inlines(cell, out)
                            out.append("</td>")
                        out.append("</tr>")
                    out.append("</tbody></table>")
                case Entries(entries):
                    out.append(
                        _reused(node, "html", self.page, lambda: self._entries(entries))
                    )
                case _:
                    assert_never(node)

    def _entries(self, entries: tuple[Entry, ...]) -> str:
        out = ['<dl class="entries">']
        for entry in entries:
            self._entry(entry, out)
        out.append("</dl>")
        return "".join(out)

    def _entry(self, entry: Entry, out: list[str]) -> None:
        anchor = escape.html_text(entry.anchor)
        ident = f' id="{anchor}"' if entry.anchor else ""
        out.append(f"<dt{ident}>")
        self._inlines(entry.term, out)
        if entry.anchor:
            out.append(
                f' <a class="anchor" href="#{anchor}" aria-label="Link here">#</a>'
            )
        out.append("</dt><dd>")
        self._blocks(entry.body, out)
        if entry.children:
            out.append(self._entries(entry.children))
            out.append("\n")
        out.append("</dd>")


class Navigation:
    """The HTML site's navigation, built in the browser from one shared script
    (assets/nav.js) so pages do not each carry the whole resource tree."""

    def __init__(self, nav: tuple[NavItem, ...]) -> None:
        self.nav = nav
        self.trails: dict[str, tuple[str, ...]] = {}
        stack: list[tuple[NavItem, tuple[str, ...]]] = [
            (item, (item.page,)) for item in nav
        ]
        while stack:
            item, trail = stack.pop()
            self.trails.setdefault(item.page, trail)
            stack.extend((child, trail + (child.page,)) for child in item.children)

    def trail(self, page: str) -> str:
        """The items on the way to page, to open (page keys, space-separated)."""
        return " ".join(self.trails.get(page, ()))

    def script(self) -> str:
        def tree(items: tuple[NavItem, ...]) -> list[object]:
            return [[item.label, item.page, tree(item.children)] for item in items]

        return (
            "// Generated by openapi-python-generator. Do not edit.\n"
            f"window.DOCS_NAV = {escape.js_json(tree(self.nav))};\n"
        )


# -- Jinja filters ---------------------------------------------------------------------


def md_blocks(nodes: Blocks, page: str, indent: str = "") -> str:
    return MarkdownWriter(page).blocks(nodes, indent)


def md_inlines(nodes: Inlines, page: str) -> str:
    return MarkdownWriter(page).inlines(nodes, start=True).strip()


def md_cell(nodes: Inlines, page: str) -> str:
    return MarkdownWriter(page).inlines(nodes, cell=True).strip()


def md_cell_blocks(nodes: Blocks, page: str) -> str:
    return MarkdownWriter(page).cell(nodes)


def html_blocks(nodes: Blocks, page: str) -> markupsafe.Markup:
    return HtmlWriter(page).blocks(nodes)


def html_inlines(nodes: Inlines, page: str) -> markupsafe.Markup:
    return HtmlWriter(page).inlines(nodes)


def json_blocks(value: object) -> Blocks:
    """A JSON value as a code block."""
    return (CodeBlock(json.dumps(value, indent=2, ensure_ascii=False), "json"),)


def href(target: str, page: str, extension: str, anchor: str = "") -> str:
    """A link from page to the page target, for a template's own links."""
    return relative(page, target, extension, anchor)


FILTERS = {
    "md": md_blocks,
    "md_inline": md_inlines,
    "md_cell": md_cell,
    "md_cell_blocks": md_cell_blocks,
    "md_heading": escape.md_heading,
    "md_comment": escape.md_comment,
    "md_text": escape.md_text,
    "md_url": escape.md_url,
    "md_code": escape.md_code,
    "json_blocks": json_blocks,
    "html": html_blocks,
    "html_inline": html_inlines,
    "href": href,
}
