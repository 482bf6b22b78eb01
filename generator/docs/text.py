"""Structured text: what the docs say, with no Markdown or HTML in it.

Descriptions from the spec are parsed into these nodes (generator/docs/markdown.py)
and the docs build their own sentences from them too. Each renderer
(generator/docs/render.py) turns them into Markdown or HTML, escaping every leaf
for the place it lands, so spec text is always shown as text.
"""

from __future__ import annotations

from typing import Sequence, Union

from generator.compat import assert_never
from generator.records import record


@record(slots=True)
class Text:
    text: str


@record(slots=True)
class Code:
    """Inline code: a name, a value, a type."""

    text: str


@record(slots=True)
class Emph:
    children: Inlines


@record(slots=True)
class Strong:
    children: Inlines


@record(slots=True)
class Link:
    """A link out of the docs: an absolute http(s) or mailto URL, checked when built."""

    children: Inlines
    url: str


@record(slots=True)
class Ref:
    """A link to a page of the docs (its key: the path without extension) and an anchor."""

    children: Inlines
    page: str
    anchor: str = ""


@record(slots=True)
class Break:
    """A hard line break."""


Inline = Union[Text, Code, Emph, Strong, Link, Ref, Break]
Inlines = tuple[Inline, ...]


@record(slots=True)
class Para:
    inlines: Inlines


@record(slots=True)
class Items:
    """A list: each item is a sequence of blocks."""

    items: tuple[Blocks, ...]
    ordered: bool = False
    start: int = 1


@record(slots=True)
class CodeBlock:
    text: str
    language: str = ""


@record(slots=True)
class Table:
    """A table from a description: a header row and rows of the same width."""

    header: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]


@record(slots=True)
class Entry:
    """A named thing and what is said about it: a parameter, a field, a header.

    `anchor` is its id on the page (deep links); `children` are nested entries,
    such as the fields of a returned object.
    """

    anchor: str
    term: Inlines
    body: Blocks
    children: tuple[Entry, ...] = ()


@record(slots=True)
class Entries:
    entries: tuple[Entry, ...]


Block = Union[Para, Items, CodeBlock, Table, Entries]
Blocks = tuple[Block, ...]


def plain(text: str) -> Inlines:
    return (Text(text),) if text else ()


def para(*inlines: Inline) -> Blocks:
    return (Para(tuple(inlines)),) if inlines else ()


def join(parts: Sequence[Inlines], separator: Inlines) -> Inlines:
    """The parts with separator between them."""
    out: list[Inline] = []
    for i, part in enumerate(parts):
        if i:
            out.extend(separator)
        out.extend(part)
    return tuple(out)


def first_sentence(blocks: Blocks) -> Inlines:
    """The first paragraph's inlines up to the end of its first sentence (for summaries)."""
    for block in blocks:
        if isinstance(block, Para):
            return _sentence(block.inlines)
    return ()


def _sentence(inlines: Inlines) -> Inlines:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Break):
            break
        if isinstance(node, Text):
            cut = _sentence_end(node.text)
            if cut is not None:
                out.append(Text(node.text[:cut]))
                break
        out.append(node)
    return tuple(out)


def _sentence_end(text: str) -> int | None:
    for i, ch in enumerate(text):
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " "):
            return i + 1
    return None


def plain_text(nodes: Inlines | Blocks) -> str:
    """The words of structured text, without markup (for search and titles)."""
    out: list[str] = []
    _collect(nodes, out)
    return " ".join(" ".join(out).split())


def _collect(nodes: Inlines | Blocks, out: list[str]) -> None:
    for node in nodes:
        match node:
            case Text(text) | Code(text):
                out.append(text)
            case Emph(children) | Strong(children) | Link(children) | Ref(children):
                _collect(children, out)
            case Break():
                out.append(" ")
            case Para(inlines):
                _collect(inlines, out)
            case Items(items):
                for item in items:
                    _collect(item, out)
            case CodeBlock(text):
                out.append(text)
            case Table(header, rows):
                for row in (header, *rows):
                    for cell in row:
                        _collect(cell, out)
            case Entries(entries):
                for entry in entries:
                    _collect(entry.term, out)
                    _collect(entry.body, out)
                    _collect((Entries(entry.children),), out)
            case _:
                assert_never(node)
