"""The generated reference pages carry every fact of the seed pages, and their examples are valid."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import GENERATED, ROOT

DOCS = GENERATED / "docs" / "videos_remix"
SPEC: dict[str, Any] = yaml.safe_load(
    (ROOT / "specs" / "videos-remix.yaml").read_text()
)
SCHEMAS = SPEC["components"]["schemas"]


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
    ]
    missing = [fact for fact in facts if fact not in page]
    assert not missing, missing
    for name in SCHEMAS["VideoResource"]["properties"]:
        assert f"- `{name}`:" in page, name
    for name in SCHEMAS["VideoCreateError"]["properties"]:
        assert f"  - `{name}`:" in page, name
    for text in _descriptions(SCHEMAS["VideoResource"]) + _descriptions(
        SCHEMAS["VideoCreateError"]
    ):
        assert text in page, text


def test_response_example_is_valid_and_never_null_for_a_reference() -> None:
    (example,) = _json_blocks(_page("videos/remix.md"))
    _validator("VideoResource").validate(example)
    for key in ("model", "size", "status", "seconds", "error"):
        assert example[key] is not None, key


@pytest.mark.parametrize(
    "page", sorted(p.name for p in (DOCS / "schemas").glob("*.md"))
)
def test_schema_pages_show_valid_examples(page: str) -> None:
    name = page.removesuffix(".md")
    text = _page(f"schemas/{page}")
    assert f"from videos_remix.models import {name}" in text
    (example,) = _json_blocks(text)
    _validator(name).validate(example)


def test_index_links_every_page() -> None:
    index = _page("index.md")
    linked = set(re.findall(r"\]\(([^)]+\.md)\)", index))
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")} - {"index.md"}
    assert pages <= linked, pages - linked


def test_every_relative_link_resolves() -> None:
    broken = []
    for page in DOCS.rglob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.md)\)", page.read_text()):
            if not (page.parent / target).resolve().is_file():
                broken.append(f"{page.relative_to(DOCS)} -> {target}")
    assert not broken, broken


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
