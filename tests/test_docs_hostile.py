"""Spec text is data in the docs: hostile text in every slot can neither add HTML
nor break a page's structure, in Markdown (read by a CommonMark renderer) or HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from support.docs import (
    HTML_TAGS,
    MARKDOWN_TAGS,
    Page,
    broken_links,
    foreign_tags,
    markdown_page,
    parse_html,
    read_pages,
)

from generator.config import Target
from generator.pipeline import run
from generator.writer import write

SCRIPT = "<script>alert('PWNED')</script>"
IMG = '<img src=x onerror="alert(1)">'
FENCE = "```\n# not a heading\n```"
CLOSED = "Before\n\n````md\n```\nstill code\n````\n\nAfter, as a paragraph."
HOSTILE = [
    SCRIPT,
    IMG,
    "a | pipe | in | cells",
    "line\nbreak\r\nand\ttab",
    FENCE + " and ~~~ and ````",
    "`code` with `` ticks ``` and [link](javascript:alert(1))",
    "# Heading\n\n## Another\n\n---\n\n> quote",
    "<!-- comment --> and --> and <![CDATA[ x ]]>",
    "*emph* _under_ **strong** [x]: http://ref \\ backslash $math$",
    "1. list\n- item\n+ item\n| a | b |\n|---|---|\n| c | d |",
    "&lt;entity&gt; &amp; &#60;script&#62; &nbsp;",
    "unicode \u2028 separator \u202e rtl and emoji 🎬",
    CLOSED,
]
TEXT = "\n\n".join(HOSTILE[::-1])
URL = 'https://example.com/a>b)c d"e<script>'


def _spec() -> dict[str, Any]:
    value_schema: dict[str, Any] = {
        "type": "string",
        "description": TEXT,
        "title": SCRIPT,
        "enum": HOSTILE[:6],
        "example": HOSTILE[0],
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": TEXT, "version": SCRIPT, "description": TEXT},
        "externalDocs": {"url": URL},
        "servers": [{"url": "https://api.example.com/v1?<b>x</b>"}],
        "tags": [{"name": h, "description": TEXT} for h in HOSTILE[:3]],
        "paths": {
            "/things/{id`|<b>}": {
                "post": {
                    "operationId": SCRIPT,
                    "summary": TEXT,
                    "description": TEXT,
                    "tags": HOSTILE[:3],
                    "externalDocs": {"url": URL},
                    "parameters": [
                        {
                            "name": "id`|<b>",
                            "in": "path",
                            "required": True,
                            "description": TEXT,
                            "schema": {"type": "string", "pattern": "^[a-z`|<>]+$"},
                            "example": FENCE,
                        },
                        {
                            "name": SCRIPT,
                            "in": "query",
                            "description": TEXT,
                            "schema": {"$ref": "#/components/schemas/Value"},
                        },
                        {
                            "name": "X-" + IMG,
                            "in": "header",
                            "required": True,
                            "schema": {"type": "string", "default": SCRIPT},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "description": TEXT,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Thing"}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": TEXT,
                            "headers": {
                                IMG: {"description": TEXT, "schema": {"type": "string"}}
                            },
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"},
                                    "example": {SCRIPT: FENCE, "value": IMG},
                                }
                            },
                        },
                        "404": {"description": TEXT},
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "title": TEXT,
                    "description": TEXT,
                    "required": ["value", SCRIPT],
                    "properties": {
                        "value": {"$ref": "#/components/schemas/Value"},
                        SCRIPT: {"type": "string", "description": TEXT},
                        "a|b`c\nd": {
                            "type": "object",
                            "description": TEXT,
                            "properties": {
                                FENCE: {"type": "integer", "description": TEXT}
                            },
                        },
                    },
                },
                "Value": value_schema,
                "Thing<b>": {
                    "type": "object",
                    "description": SCRIPT,
                    "properties": {"x": {"type": "string"}},
                },
            }
        },
    }


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("hostile")
    spec = work / "evil--><b>x.json"
    spec.write_text(json.dumps(_spec()), encoding="utf-8")
    out = work / "out"
    result = run(Target(spec=spec, package="hostile", output=out, docs=True))
    write(out, result.files, result.owned)
    return out / "docs" / "hostile"


def _main(page: Page) -> list[str]:
    return [tag for tag, _ in page.tags]


def test_markdown_has_no_html_but_its_own(docs: Path) -> None:
    for path in docs.rglob("*.md"):
        page = markdown_page(path.read_text())
        assert not foreign_tags(page, MARKDOWN_TAGS), (
            path.name,
            foreign_tags(page, MARKDOWN_TAGS),
        )
        for tag, attrs in page.tags:
            if tag == "a" and "id" in attrs:
                assert set(attrs) == {"id"} and re.fullmatch(
                    r"[A-Za-z0-9_.-]+", attrs["id"]
                )


def test_html_has_no_html_but_its_own(docs: Path) -> None:
    for path in (docs / "html").rglob("*.html"):
        page = parse_html(path.read_text())
        assert not foreign_tags(page, HTML_TAGS), (
            path.name,
            foreign_tags(page, HTML_TAGS),
        )
        scripts = [a.get("src", "") for tag, a in page.tags if tag == "script"]
        assert all(
            src.endswith(("assets/nav.js", "assets/site.js")) for src in scripts
        ), scripts


def test_the_header_comment_is_one_comment(docs: Path) -> None:
    for path in docs.rglob("*.md"):
        comments = markdown_page(path.read_text()).comments
        assert len(comments) == 1 and "evil" in comments[0], (path.name, comments)
    for path in (docs / "html").rglob("*.html"):
        comments = parse_html(path.read_text()).comments
        assert len(comments) == 1 and "evil" in comments[0], (path.name, comments)


def _signature(page: Page) -> dict[str, int]:
    """The structure of a page's content: headings, code blocks, tables, entries."""
    tags = _main(page)
    counts = {t: tags.count(t) for t in ("h1", "h2", "h3", "pre", "table", "td")}
    counts["entries"] = tags.count("li") + tags.count("dt")
    return counts


def test_markdown_and_html_have_the_same_structure(docs: Path) -> None:
    """The HTML is built from the model with no Markdown in between: a Markdown page
    that a CommonMark renderer reads differently has let spec text change it."""
    for path in docs.rglob("*.md"):
        key = path.relative_to(docs).with_suffix("").as_posix()
        markdown = markdown_page(path.read_text())
        html = parse_html((docs / "html" / f"{key}.html").read_text())
        main = Page(tags=[t for t in _after_main(html)])
        assert _signature(markdown) == _signature(main), key


def _after_main(page: Page) -> list[tuple[str, dict[str, str]]]:
    names = [tag for tag, _ in page.tags]
    start = names.index("main")
    return [t for t in page.tags[start:] if t[0] != "script"]


def test_spec_text_is_shown_as_text(docs: Path) -> None:
    pages = read_pages(docs)
    text = " ".join(
        " ".join(p.text) for name, p in pages.items() if name.startswith("html/")
    )
    for marker in (
        SCRIPT,
        IMG,
        "<!-- comment -->",
        "# not a heading",
        "[link](javascript:alert(1))",
    ):
        assert " ".join(marker.split()) in " ".join(text.split()), marker


def test_links_are_safe_and_resolve(docs: Path) -> None:
    pages = read_pages(docs)
    assert not broken_links(docs, pages)
    external = {link for p in pages.values() for link in p.links if "://" in link}
    for link in external:
        assert re.fullmatch(r"https?://[A-Za-z0-9:/?#\[\]@!$&*+,;=%._~-]+", link), link
    assert any(
        link.startswith("https://example.com/a%3Eb%29c%20d%22e%3Cscript%3E")
        for link in external
    )


def test_tables_keep_their_width(docs: Path) -> None:
    for path in docs.rglob("*.md"):
        width = None
        for line in path.read_text().splitlines():
            if not line.startswith("|"):
                width = None
                continue
            cells = len(re.split(r"(?<!\\)\|", line))
            width = width or cells
            assert cells == width, (path.name, line)


def test_search_index_is_data(docs: Path) -> None:
    script = (docs / "html" / "assets" / "search-index.js").read_text()
    assert "</script" not in script.lower() and "<" not in script
    body = script.split("=", 1)[1].strip().rstrip(";")
    entries = json.loads(body)
    assert entries and all(len(entry) == 4 for entry in entries)
