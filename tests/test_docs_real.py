"""The docs of real specs (the whole OpenAI API and the visible corpus) as their
targets say: every JSON example valid against its schema (checked with
`jsonschema`), few bare placeholders, no broken internal link or anchor, no HTML
from spec text. The figures are printed at the end of the run."""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest
from conftest import OPENAI_SPEC, SHARED
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from support.corpus import corpus_ids, install
from support.docs import (
    HTML_TAGS,
    MARKDOWN_TAGS,
    broken_links,
    foreign_tags,
    read_pages,
)
from support.jsonschema30 import as_json_schema

from generator.config import Target
from generator.diagnostics import Diagnostics
from generator.docs.emit import docs_pages
from generator.docs.model import JsonExample, OperationDoc, SchemaDoc
from generator.loader import load
from generator.parse import build_api
from generator.pipeline import run
from generator.plan import plan_api
from generator.python.package import plan_package
from generator.writer import write

TSV = SHARED / "corpus" / "apis-guru-visible.tsv"
PLACEHOLDERS = {"string", "integer", "number", "boolean", "object", "array", ""}
REPORT: list[str] = []


def pytest_terminal_summary_lines() -> list[str]:
    return REPORT


def _specs() -> list[tuple[str, Path]]:
    specs = []
    if OPENAI_SPEC.exists():
        specs.append(("openai", OPENAI_SPEC))
    if TSV.exists():
        api = install()
        if isinstance(api, Path):
            specs += [(i, api / f"{i}.json") for i in corpus_ids(TSV)]
    return specs


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    specs = _specs()
    if not specs:
        pytest.skip("neither ../shared/specs/openai.yaml nor the corpus is here")
    out = tmp_path_factory.mktemp("docs-real")
    roots = {}
    for n, (name, spec) in enumerate(specs):
        package = f"docs_{n:02d}"
        result = run(Target(spec=spec, package=package, output=out, docs=True))
        write(out, result.files, result.owned)
        roots[name] = out / "docs" / package
    yield roots


def _examples(spec: Path) -> Iterator[JsonExample]:
    api = build_api(load(spec), Diagnostics())
    for page in docs_pages(api, plan_package(plan_api(api), "docs")):
        if isinstance(page, OperationDoc):
            yield from page.examples
        elif isinstance(page, SchemaDoc) and page.example is not None:
            yield page.example


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def test_every_json_example_is_valid_and_realistic() -> None:
    specs = _specs()
    if not specs:
        pytest.skip("neither ../shared/specs/openai.yaml nor the corpus is here")
    total = invalid = leaves = placeholders = 0
    failures = []
    for name, spec in specs:
        document = as_json_schema(load(spec).data)
        registry: Registry[Any] = Registry().with_resource(
            "urn:spec",
            Resource.from_contents(document, default_specification=DRAFT202012),
        )
        for example in _examples(spec):
            total += 1
            pointer = urllib.parse.quote(example.pointer, safe="/~")
            validator = jsonschema.Draft202012Validator(
                {"$ref": f"urn:spec#{pointer}"}, registry=registry
            )
            error = jsonschema.exceptions.best_match(
                validator.iter_errors(example.value)
            )
            if error is not None:
                invalid += 1
                failures.append(f"{name} {example.pointer}: {error.message[:200]}")
            for leaf in _leaves(example.value):
                leaves += 1
                placeholders += isinstance(leaf, str) and leaf.lower() in PLACEHOLDERS
    share = placeholders / max(leaves, 1)
    REPORT.append(
        f"docs examples: {total - invalid} of {total} JSON examples valid against their "
        f"schemas ({len(specs)} specs); bare placeholders {placeholders} of {leaves} "
        f"leaf values ({share:.1%}, target < 5%)"
    )
    assert not failures, failures[:10]
    assert share < 0.05


def test_no_broken_link_and_no_html_from_the_spec(generated: dict[str, Path]) -> None:
    broken: list[str] = []
    foreign: list[str] = []
    pages_total = 0
    for name, root in generated.items():
        pages = read_pages(root)
        pages_total += len(pages)
        broken += [f"{name}: {b}" for b in broken_links(root, pages)]
        for page_name, page in pages.items():
            allowed = HTML_TAGS if page_name.endswith(".html") else MARKDOWN_TAGS
            foreign += [f"{name}/{page_name}: {t}" for t in foreign_tags(page, allowed)]
    REPORT.append(
        f"docs links: {len(broken)} broken internal links or anchors, {len(foreign)} "
        f"pieces of HTML from spec text, in {pages_total} pages of {len(generated)} specs"
    )
    assert not broken, broken[:10]
    assert not foreign, foreign[:10]
