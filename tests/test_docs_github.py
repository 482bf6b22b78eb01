"""Docs stay proportional to the spec: GitHub's REST API (npm `@octokit/openapi`,
13 MB of JSON, over 1,000 operations) gets at most 12 MB of Markdown, and no
page over 100 KB. The figures are printed at the end of the run."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import npm

from generator.diagnostics import Diagnostics
from generator.docs.emit import docs_units
from generator.docs.view import DocsView
from generator.loader import load
from generator.parse import build_api
from generator.plan import plan_api
from generator.python.package import plan_package

PACKAGE = "@octokit/openapi@23.0.2"
TOTAL_LIMIT = 12_000_000
PAGE_LIMIT = 100_000
REPORT: list[str] = []


def pytest_terminal_summary_lines() -> list[str]:
    return REPORT


def _spec() -> Path:
    found = npm.install(PACKAGE, "octokit-openapi-23.0.2", "@octokit/openapi")
    if isinstance(found, str):
        pytest.skip(found)
    return found / "generated" / "api.github.com.json"


def test_github_markdown_is_bounded() -> None:
    spec = _spec()
    api = build_api(load(spec), Diagnostics())
    view = plan_package(plan_api(api), "github")
    sizes = {
        path: len(make().encode("utf-8"))
        for path, make in docs_units(DocsView(api, view), spec.name)
        if path.endswith(".md")
    }
    total = sum(sizes.values())
    largest = max(sizes, key=sizes.__getitem__)
    REPORT.append(
        f"docs size (GitHub, {len(api.operations)} operations): {total / 1e6:.2f} MB of "
        f"Markdown in {len(sizes)} pages (limit 12 MB); largest page {sizes[largest] / 1e3:.0f} KB "
        f"({largest.split('/', 2)[-1]}; limit 100 KB)"
    )
    assert total <= TOTAL_LIMIT
    assert sizes[largest] <= PAGE_LIMIT
