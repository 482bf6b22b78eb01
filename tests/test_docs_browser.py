"""The HTML docs used as a person would, in headless Chromium from file://: the remix
page, the index and the largest page of the OpenAI docs load without a console
error, every internal link and anchor resolves, search finds `remix`. A
screenshot of each page is saved in .artifacts/docs/ (git-ignored)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

import pytest
from conftest import GENERATED, OPENAI_SPEC, ROOT
from support.browser import Browser, Tab, chromium
from support.docs import parse_html

from generator.diagnostics import Diagnostics
from generator.docs.emit import docs_units
from generator.docs.view import DocsView
from generator.loader import load
from generator.parse import build_api
from generator.plan import plan_api
from generator.python.package import plan_package
from generator.writer import write

ARTIFACTS = ROOT / ".artifacts" / "docs"
REMIX = GENERATED / "docs" / "videos_remix" / "html"

pytestmark = pytest.mark.skipif(
    chromium() is None,
    reason="chromium is not installed (apt-get install -y chromium; .ci/run does it)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    assert executable is not None
    browser = Browser(executable)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def openai_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not OPENAI_SPEC.exists():
        pytest.skip(
            f"{OPENAI_SPEC} is not here (../shared is only beside CI checkouts)"
        )
    api = build_api(load(OPENAI_SPEC), Diagnostics())
    view = plan_package(plan_api(api), "openai_docs")
    files = {
        path: make().encode("utf-8")
        for path, make in docs_units(DocsView(api, view), OPENAI_SPEC.name)
        if "/html/" in path
    }
    out = tmp_path_factory.mktemp("openai-html")
    write(out, files, ["docs/openai_docs"])
    return out / "docs" / "openai_docs" / "html"


def _visit(browser: Browser, page: Path, shot: str) -> Tab:
    tab = browser.open(page.resolve().as_uri())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(ARTIFACTS / f"{shot}.png")
    return tab


def _check_links(tab: Tab, page: Path) -> int:
    """Every link the browser sees (static and built by scripts) that stays in the
    site must reach a file, and its anchor an element of that file."""
    links = tab.evaluate(
        "Array.from(document.querySelectorAll('a[href],link[href],script[src]'))"
        ".map(e => e.href || e.src)"
    )
    broken = []
    for link in links:
        parts = urlsplit(link)
        if parts.scheme != "file":
            continue
        target = Path(unquote(parts.path))
        if not target.is_file():
            broken.append(link)
        elif (
            parts.fragment
            and unquote(parts.fragment) not in parse_html(target.read_text()).ids
        ):
            broken.append(link)
    assert not broken, (page.name, broken[:10])
    return len(links)


@pytest.mark.parametrize(
    "relative, shot",
    [("videos/remix.html", "remix"), ("index.html", "index")],
)
def test_remix_docs_in_a_browser(browser: Browser, relative: str, shot: str) -> None:
    page = REMIX / relative
    tab = _visit(browser, page, shot)
    assert tab.evaluate("document.querySelectorAll('#nav li').length") >= 2
    assert _check_links(tab, page) > 5
    assert not tab.errors()


def test_search_finds_remix(browser: Browser) -> None:
    tab = _visit(browser, REMIX / "index.html", "search")
    tab.evaluate("document.getElementById('search').focus()")
    tab.type("remix")
    deadline = time.monotonic() + 10
    found: list[list[str]] = []
    while time.monotonic() < deadline and not found:
        found = tab.evaluate(
            "Array.from(document.querySelectorAll('#search-results a'))"
            ".map(a => [a.textContent, a.href])"
        )
        time.sleep(0.1)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(ARTIFACTS / "search-remix.png")
    assert found and found[0][0] == "videos.remix", found
    assert (
        Path(unquote(urlsplit(found[0][1]).path))
        == (REMIX / "videos" / "remix.html").resolve()
    )
    assert not tab.errors()


def test_a_large_openai_page_in_a_browser(browser: Browser, openai_html: Path) -> None:
    pages = [p for p in openai_html.rglob("*.html") if "schemas" not in p.parts]
    largest = max(pages, key=lambda p: p.stat().st_size)
    tab = _visit(browser, largest, "openai-largest")
    assert _check_links(tab, largest) > 20
    assert not tab.errors()
