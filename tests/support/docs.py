"""Reading generated docs as their readers' tools do.

Markdown is rendered with markdown-it-py in CommonMark mode with GFM tables and
raw HTML allowed (as GitHub renders it, before sanitising), so a page that lets
spec text through as HTML or breaks its own structure shows it here. Links and
anchors are checked in both renderings.
"""

from __future__ import annotations

import html.parser
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

MARKDOWN = (
    MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
)
# Tags Markdown syntax produces, and the raw HTML the docs write themselves
# (`<a id>` anchors, `<br>` in table cells).
MARKDOWN_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "code", "pre", "em",
    "strong", "a", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "br",
    "hr", "s",
}  # fmt: skip
HTML_TAGS = MARKDOWN_TAGS | {
    "html", "head", "body", "meta", "title", "link", "script", "header", "div",
    "input", "nav", "main", "section", "dl", "dt", "dd", "span",
}  # fmt: skip


@dataclass
class Page:
    """What a rendered page holds: tags (with attributes), ids, links, text."""

    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


class _Parser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.tags.append((tag, values))
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.page.links.append(values["href"])
        if tag in ("link", "script") and ("href" in values or "src" in values):
            self.page.links.append(values.get("href") or values["src"])

    def handle_data(self, data: str) -> None:
        self.page.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.page.comments.append(data)


def parse_html(text: str) -> Page:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.page


def markdown_page(text: str) -> Page:
    return parse_html(MARKDOWN.render(text))


def read_pages(root: Path) -> dict[str, Page]:
    """Every .md and .html page under root, parsed, by path relative to root."""
    pages = {}
    for path in sorted(root.rglob("*")):
        if path.suffix == ".md":
            pages[path.relative_to(root).as_posix()] = markdown_page(path.read_text())
        elif path.suffix == ".html":
            pages[path.relative_to(root).as_posix()] = parse_html(path.read_text())
    return pages


def broken_links(root: Path, pages: dict[str, Page]) -> list[str]:
    """Internal links whose file or anchor does not exist (`page -> target`)."""
    broken = []
    for name, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = (
                posixpath.normpath(
                    posixpath.join(posixpath.dirname(name), unquote(parts.path))
                )
                if parts.path
                else name
            )
            if target.startswith("../") or not (root / target).is_file():
                broken.append(f"{name} -> {link}")
            elif parts.fragment and (
                target not in pages or unquote(parts.fragment) not in pages[target].ids
            ):
                broken.append(f"{name} -> {link} (no such anchor)")
    return broken


def foreign_tags(page: Page, allowed: set[str]) -> list[str]:
    """Tags and attributes no rendering of the docs writes: spec text let through."""
    out = []
    for tag, attrs in page.tags:
        if tag not in allowed:
            out.append(f"<{tag}>")
        for key, value in attrs.items():
            if key.startswith("on") or key in ("style", "srcdoc", "formaction"):
                out.append(f"<{tag} {key}>")
            if key in ("href", "src") and re.match(
                r"\s*(javascript|data|vbscript):", value, re.I
            ):
                out.append(f"<{tag} {key}={value[:40]}>")
    return out
