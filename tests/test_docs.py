"""The committed docs: the remix page carries every fact of the seed pages, every
example is valid, every link and anchor resolves, in Markdown and in HTML."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import GENERATED, ROOT
from generator.diagnostics import Diagnostics
from generator.docs.emit import docs_units
from generator.docs.view import DocsView
from generator.loader import load
from generator.parse import build_api
from generator.plan import plan_api
from generator.python.resources import ResourceView
from generator.python.models import ClassView
from generator.python.package import plan_package
from generator.writer import write
from support.docs import (
    HTML_TAGS,
    MARKDOWN_TAGS,
    broken_links,
    foreign_tags,
    read_pages,
)

DOCS = GENERATED / "docs" / "videos_remix"
SPEC: dict[str, Any] = yaml.safe_load(
    (ROOT / "specs" / "videos-remix.yaml").read_text()
)
SCHEMAS = SPEC["components"]["schemas"]
PACKAGES = sorted(p.name for p in (GENERATED / "docs").iterdir())


def _page(relative: str) -> str:
    return (DOCS / relative).read_text()


def _json_blocks(text: str) -> list[Any]:
    return [
        json.loads(block) for block in re.findall(r"```json\n(.*?)\n```", text, re.S)
    ]


def _validator(name: str) -> jsonschema.protocols.Validator:
    root = {"$ref": f"#/components/schemas/{name}", "components": SPEC["components"]}
    return jsonschema.Draft202012Validator(root)


def _descriptions(schema: dict[str, Any]) -> list[str]:
    out = []
    for prop in schema["properties"].values():
        for node in [prop] + prop.get("anyOf", []):
            if "description" in node:
                out.append(" ".join(node["description"].split()))
    return out


def test_remix_page_has_every_fact_of_the_seed_pages() -> None:
    page = _page("videos/remix.md")
    facts = [
        "POST /videos/{video_id}/remix",
        "CreateVideoRemix",
        "client.videos.remix(video_id, *, prompt, **options) -> VideoResource",
        # The Ruby page's return summary.
        "[VideoResource](../schemas/VideoResource.md) `{ id, object, model, 10 more }`",
        "Create a remix of a completed video using a refreshed prompt.",
        "The identifier of the completed video to remix.",
        "Updated text prompt that directs the remix generation.",
        "1 ≤ length ≤ 32000",
        "Deprecated",
        "`application/json`",
        "`multipart/form-data`",
        "Authorization: Bearer",
        'result = client.videos.remix("video_123", prompt=',
        'Allowed values: `"video"`',
        'Default: `"video"`',
        'Any string; known values: `"sora-2"`, `"sora-2-pro"`, `"sora-2-2025-10-06"`, `"sora-2-pro-2025-10-06"`, `"sora-2-2025-12-08"`',
        'Allowed values: `"queued"`, `"in_progress"`, `"completed"`, `"failed"`',
        'Allowed values: `"720x1280"`, `"1280x720"`, `"1024x1792"`, `"1792x1024"`',
        'Allowed values: `"4"`, `"8"`, `"12"`',
        "`NotFoundError`",
        "[ErrorResponse](../schemas/ErrorResponse.md)",
        # Facts the seed pages lack.
        "Status `200`: The new video job, queued for generation.",
        "curl -X POST https://api.openai.com/v1/videos/video_123/remix",
        '<a id="param-video_id"></a>',
        '<a id="returns-error-code"></a>',
    ]
    missing = [fact for fact in facts if fact not in page]
    assert not missing, missing
    for name in SCHEMAS["VideoResource"]["properties"]:
        assert re.search(rf"^- <a id=\"[^\"]+\"></a>`{name}`:", page, re.M), name
    for name in SCHEMAS["VideoCreateError"]["properties"]:
        assert re.search(rf"^  - <a id=\"[^\"]+\"></a>`{name}`:", page, re.M), name
    for text in _descriptions(SCHEMAS["VideoResource"]) + _descriptions(
        SCHEMAS["VideoCreateError"]
    ):
        assert text in page, text


def test_remix_examples_are_valid_and_never_null_for_a_reference() -> None:
    request, response = _json_blocks(_page("videos/remix.md"))
    _validator("CreateVideoRemixBody").validate(request)
    _validator("VideoResource").validate(response)
    for key in ("model", "size", "status", "seconds", "error"):
        assert response[key] is not None, key
    assert "string" not in json.dumps(response), "a bare type placeholder"


@pytest.mark.parametrize(
    "page",
    sorted(p.name for p in (DOCS / "schemas").glob("*.md") if p.name != "index.md"),
)
def test_schema_pages_show_valid_examples(page: str) -> None:
    name = page.removesuffix(".md")
    text = _page(f"schemas/{page}")
    assert f"from videos_remix.models import {name}" in text
    (example,) = _json_blocks(text)
    _validator(name).validate(example)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_page_is_reachable_from_the_index(package: str) -> None:
    root = GENERATED / "docs" / package
    pages = read_pages(root)
    for suffix in (".md", ".html"):
        start = "index" + suffix if suffix == ".md" else "html/index.html"
        seen, todo = {start}, [start]
        while todo:
            name = todo.pop()
            for link in pages[name].links:
                path = link.split("#")[0]
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(name), path)
                )
                if target in pages and target not in seen and "://" not in link:
                    seen.add(target)
                    todo.append(target)
        wanted = {
            p
            for p in pages
            if p.endswith(suffix) and p.startswith("html/") == (suffix == ".html")
        }
        assert wanted <= seen, sorted(wanted - seen)[:5]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_internal_link_and_anchor_resolves(package: str) -> None:
    root = GENERATED / "docs" / package
    assert not broken_links(root, read_pages(root))


@pytest.mark.parametrize("package", PACKAGES)
def test_markdown_and_html_pages_match(package: str) -> None:
    root = GENERATED / "docs" / package
    markdown = {
        p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.md")
    }
    html = {
        p.relative_to(root / "html").with_suffix("").as_posix()
        for p in (root / "html").rglob("*.html")
    }
    assert markdown == html


@pytest.mark.parametrize("package", PACKAGES)
def test_no_html_but_the_docs_own(package: str) -> None:
    root = GENERATED / "docs" / package
    for name, page in read_pages(root).items():
        allowed = HTML_TAGS if name.endswith(".html") else MARKDOWN_TAGS
        assert not foreign_tags(page, allowed), (name, foreign_tags(page, allowed))


def test_table_rows_have_as_many_cells_as_their_header() -> None:
    for page in DOCS.rglob("*.md"):
        width = None
        for line in page.read_text().splitlines():
            if not line.startswith("|"):
                width = None
                continue
            cells = len(re.split(r"(?<!\\)\|", line))
            width = width or cells
            assert cells == width, (page.name, line)


NESTED = """
openapi: 3.1.0
info: {title: Nested, version: '1'}
paths:
  /chat/completions:
    post:
      operationId: createCompletion
      requestBody:
        content: {application/json: {schema: {type: object, properties: {prompt: {type: string}}}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {text: {type: string}}}}}}}
  /market/live/ticker:
    get:
      operationId: streamTicks
      responses: {'200': {description: ok, content: {text/event-stream: {schema: {type: object, properties: {price: {type: number}}}}}}}
"""


def _docs(tmp_path: Path, text: str, package: str) -> tuple[DocsView, dict[str, bytes]]:
    """The docs view and the docs files of a spec written as text."""
    spec = tmp_path / f"{package}.yaml"
    spec.write_text(text)
    api = build_api(load(spec), Diagnostics())
    docs = DocsView(api, plan_package(plan_api(api), package))
    return docs, {path: make().encode() for path, make in docs_units(docs, spec.name)}


def test_pages_follow_nested_resource_paths(tmp_path: Path) -> None:
    _, files = _docs(tmp_path, NESTED, "streaming")
    for page in (
        "chat/index",
        "chat/completions/index",
        "chat/completions/create",
        "market/live/ticker/stream",
    ):
        assert f"docs/streaming/{page}.md" in files, page
        assert f"docs/streaming/html/{page}.html" in files, page
    create = files["docs/streaming/chat/completions/create.md"].decode()
    assert "client.chat.completions.create(" in create
    assert (
        "[Index](../../index.md) › [chat](../index.md) › [chat.completions](index.md)"
        in create
    )
    write(tmp_path, files, ["docs/streaming"])
    root = tmp_path / "docs" / "streaming"
    assert not broken_links(root, read_pages(root))


NO_SUMMARY = """
openapi: 3.0.3
info: {title: Invoices, version: '1'}
paths:
  /invoices/upcoming:
    get:
      operationId: GetInvoicesUpcoming
      description: |-
        <p>Preview the upcoming invoice for a customer.</p>

        <p>Nothing is created.</p>
      responses: {'200': {description: ok}}
  /invoices:
    get:
      operationId: ListInvoices
      summary: List invoices
      description: Every invoice, newest first.
      responses: {'200': {description: ok}}
"""


def test_a_description_is_not_repeated_as_the_summary(tmp_path: Path) -> None:
    """Without a summary (Stripe has none), the page shows the description once."""
    _, files = _docs(tmp_path, NO_SUMMARY, "invoices")
    pages = {path: data.decode() for path, data in files.items()}
    for suffix in (".md", ".html"):
        upcoming = next(
            text
            for path, text in pages.items()
            if path.endswith("/upcoming/retrieve" + suffix)
        )
        assert upcoming.count("Preview the upcoming invoice") == 1, suffix
        assert upcoming.count("Nothing is created") == 1, suffix
        listing = next(
            text
            for path, text in pages.items()
            if path.endswith("invoices/retrieve" + suffix)
        )
        assert listing.count("List invoices") >= 1, suffix
        assert listing.count("Every invoice, newest first") == 1, suffix


SHARED_RETURNS = """
openapi: 3.0.3
info: {title: Widgets, version: '1'}
paths:
  /shop/widgets/{id}:
    get:
      operationId: getWidget
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}}}
    post:
      operationId: updateWidget
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}}}
  /widget:
    get:
      operationId: anyWidget
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}}}
components:
  schemas:
    Part: {type: object, properties: {name: {type: string}}}
    Widget:
      type: object
      properties:
        id: {type: string, description: The widget.}
        part: {$ref: '#/components/schemas/Part'}
"""


def test_returned_fields_are_shared_yet_linked_from_each_page(tmp_path: Path) -> None:
    """Pages returning one class share its entries; links stay right in each directory."""
    docs, files = _docs(tmp_path, SHARED_RETURNS, "widgets")
    pages = [p for p in files if "/schemas/" not in p and p.endswith((".md", ".html"))]
    returning = [p for p in pages if b"returns-part" in files[p]]
    assert len(returning) == 6, returning  # three operations, in two directories
    write(tmp_path, files, ["docs/widgets"])
    root = tmp_path / "docs" / "widgets"
    assert not broken_links(root, read_pages(root))


def test_returned_fields_are_built_anew_when_an_anchor_is_taken(tmp_path: Path) -> None:
    from generator.docs.operations import returned_fields
    from generator.docs.types import anchors_of

    docs, _ = _docs(tmp_path, SHARED_RETURNS, "widgets")
    widget = docs.definitions["Widget"]
    assert isinstance(widget, ClassView)
    first = returned_fields(docs, widget, set())
    assert returned_fields(docs, widget, set()) is first
    assert "returns-id" in anchors_of(first.entries)
    taken = {"returns-id"}
    fresh = returned_fields(docs, widget, taken)
    assert fresh is not first
    assert "returns-id-2" in anchors_of(fresh.entries)
    assert {"returns-id", "returns-id-2", "returns-part"} <= taken


def _returning(fields: int) -> str:
    listed = "".join(f"        f{i}: {{type: string}}\n" for i in range(fields))
    return f"""
openapi: 3.0.3
info: {{title: Big, version: '1'}}
paths:
  /things/{{id}}:
    get:
      operationId: getThing
      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Thing'}}}}}}}}}}
components:
  schemas:
    Part: {{type: object, properties: {{name: {{type: string}}, size: {{type: integer}}}}}}
    Thing:
      type: object
      properties:
        part: {{$ref: '#/components/schemas/Part'}}
{listed}"""


@pytest.mark.parametrize(("fields", "nested"), [(37, True), (38, False)])
def test_nested_returned_fields_are_shown_in_place_only_on_short_lists(
    tmp_path: Path, fields: int, nested: bool
) -> None:
    # 1 + 37 fields and Part's 2 make 40 entries, the bound; one more field, 41.
    _, files = _docs(tmp_path, _returning(fields), "big")
    page = files["docs/big/things/retrieve.md"].decode()
    assert ('id="returns-part-name"' in page) is nested
    assert 'id="returns-part"' in page and "(../schemas/Part.md)" in page
    assert 'id="name"' in files["docs/big/schemas/Part.md"].decode()


EMPTY_BODY = """
openapi: 3.0.3
info: {title: Subs, version: '1'}
paths:
  /subscriptions:
    get:
      operationId: listSubscriptions
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {}, additionalProperties: false}
      responses: {'200': {description: ok}}
"""


def test_a_body_that_can_only_be_empty_is_not_documented(tmp_path: Path) -> None:
    # Stripe's list operations: nothing is sent, so there is nothing to show.
    _, files = _docs(tmp_path, EMPTY_BODY, "subs")
    page = files["docs/subs/subscriptions/retrieve.md"].decode()
    assert "Request body" not in page and "body=" not in page, page
    assert "x-www-form-urlencoded" not in page, page


CLOSED_EMPTY_RESPONSE = """
openapi: 3.0.3
info: {title: CE, version: '1'}
paths:
  /things:
    get:
      operationId: getThing
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {}, additionalProperties: false}
"""


def test_the_example_of_an_object_that_allows_no_property_is_empty(
    tmp_path: Path,
) -> None:
    # It read {"key": "value"}: the parser dropped `additionalProperties: false`.
    _, files = _docs(tmp_path, CLOSED_EMPTY_RESPONSE, "ce")
    assert _json_blocks(files["docs/ce/things/retrieve.md"].decode()) == [{}]
