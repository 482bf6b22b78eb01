"""Descriptions from the spec read as CommonMark, and written back so a CommonMark
renderer shows exactly the text: the docs' Markdown round trip."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.docs import MARKDOWN, markdown_page

from generator import escape
from generator.docs.markdown import MarkdownParser
from generator.docs.render import MarkdownWriter, relative
from generator.docs.text import (
    Code,
    CodeBlock,
    Emph,
    Items,
    Link,
    Para,
    Strong,
    Table,
    Text,
    plain_text,
)


def _parse(text: str) -> tuple[object, ...]:
    base = "https://example.com/docs/"

    def resolve(target: str) -> str | None:
        if target.startswith(("http://", "https://")):
            return target
        return None if ":" in target or target.startswith("#") else base + target

    return MarkdownParser(resolve).parse(text)


def test_paragraphs_lists_code_and_links() -> None:
    blocks = _parse(
        "Intro *em* and **strong**, `code`, [a link](guide) and <https://x.y/z>.\n"
        '\n- one\n- two\n\n```json\n{"a": 1}\n```'
    )
    assert blocks == (
        Para(
            (
                Text("Intro "),
                Emph((Text("em"),)),
                Text(" and "),
                Strong((Text("strong"),)),
                Text(", "),
                Code("code"),
                Text(", "),
                Link((Text("a link"),), "https://example.com/docs/guide"),
                Text(" and "),
                Link((Text("https://x.y/z"),), "https://x.y/z"),
                Text("."),
            )
        ),
        Items(((Para((Text("one"),)),), (Para((Text("two"),)),))),
        CodeBlock('{"a": 1}', "json"),
    )


def test_tables_and_headings() -> None:
    blocks = _parse("# Title\n\n| a | b |\n|---|---|\n| 1 | x \\| y |")
    assert blocks[0] == Para((Strong((Text("Title"),)),))
    assert blocks[1] == Table(
        ((Text("a"),), (Text("b"),)), (((Text("1"),), (Text("x | y"),)),)
    )


@pytest.mark.parametrize(
    "text",
    [
        "http:// and nothing after the scheme",
        "[unclosed link(",
        "**unclosed strong",
        "`unclosed code",
        "<not a tag",
        "&unknown; &#99999999;",
        "* * *",
        "1) x\n2) y\n\n3. z",
        "> quote\nlazy",
        "[x](javascript:alert(1))",
        "_" * 5000 + "*" * 5000,
        "[" * 3000 + "]" * 3000,
    ],
)
def test_odd_input_is_text_and_never_raises(text: str) -> None:
    blocks = _parse(text)
    assert "javascript" not in repr([b for b in blocks if isinstance(b, Link)])
    assert plain_text(blocks) or not text.strip("*_-> ")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "a_b_c _d_ *e* [f](g) `h` ~~i~~ $j$ | k",
        "# heading\n- item\n1. item\n> quote\n---\n===",
        "&amp; &lt; &#60; \\ \\\\ \\*",
        "<!-- x --> <https://a.b> ![i](j)",
    ],
)
def test_text_written_as_markdown_reads_back_as_the_same_text(text: str) -> None:
    written = MarkdownWriter("index").blocks((Para((Text(text),)),))
    page = markdown_page(written)
    assert [t for t, _ in page.tags] == ["p"], (written, MARKDOWN.render(written))
    assert " ".join("".join(page.text).split()) == " ".join(text.split())


@pytest.mark.parametrize("text", ["a`b", "``", "` x `", "a | b", "x" * 10])
def test_code_spans_keep_their_text(text: str) -> None:
    page = markdown_page(escape.md_code(text))
    assert [t for t, _ in page.tags] == ["p", "code"]
    assert "".join(page.text).rstrip("\n") == text


def test_code_blocks_cannot_be_closed_by_their_text() -> None:
    body = "```\n````\n~~~\nend"
    written = MarkdownWriter("index").blocks(
        (CodeBlock(body, "py`thon"), Para((Text("after"),)))
    )
    page = markdown_page(written)
    assert [t for t, _ in page.tags][:3] == ["pre", "code", "p"]
    assert "".join(page.text).startswith(body)


_SEGMENTS = st.lists(
    st.sampled_from(["a", "b", "index", "x_y"]), min_size=1, max_size=4
)


@settings(max_examples=300, deadline=None)
@given(page=_SEGMENTS, target=_SEGMENTS, anchor=st.sampled_from(["", "param-id"]))
def test_links_lead_from_their_page_to_the_target(
    page: list[str], target: list[str], anchor: str
) -> None:
    """Relative links are cached by the page's directory: each still leads from its
    page to the target, and climbs no higher than the two paths' common directory."""
    here, there = "/".join(page), "/".join(target)
    link = relative(here, there, ".md", anchor)
    path, _, fragment = link.partition("#")
    assert fragment == anchor
    assert posixpath.normpath(posixpath.join(posixpath.dirname(here), path)) == (
        there + ".md"
    )
    here_dir, there_dir = page[:-1], target[:-1]
    shared = 0
    while shared < min(len(here_dir), len(there_dir)):
        if here_dir[shared] != there_dir[shared]:
            break
        shared += 1
    assert path.count("../") == len(here_dir) - shared
