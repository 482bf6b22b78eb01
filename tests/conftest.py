"""Shared fixtures: paths, the shared directory, and building packages from specs."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from generator.config import Target
from generator.pipeline import run
from generator.writer import write

sys.dont_write_bytecode = True  # importing generated code must not litter generated/

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
SHARED = ROOT.parent / "shared"
OPENAI_SPEC = SHARED / "specs" / "openai.yaml"


def needs_shared(path: Path) -> Any:
    return pytest.mark.skipif(
        not path.exists(),
        reason=f"{path} is not here (../shared is only beside CI checkouts)",
    )


@pytest.fixture(scope="session")
def golden_python() -> Path:
    path = GENERATED / "python"
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
    return path


BuildPackage = Callable[..., Any]


def _builder(tmp_path: Path, added: list[str]) -> BuildPackage:
    def build(
        spec: str | Path, package: str, suffix: str = ".yaml", **options: Any
    ) -> Any:
        if isinstance(spec, Path):
            spec_path = spec
        else:
            spec_path = tmp_path / f"{package}{suffix}"
            spec_path.write_text(spec, encoding="utf-8")
        out = tmp_path / "out"
        target = Target(
            spec=spec_path,
            package=package,
            output=out,
            docs=options.pop("docs", False),
            **options,
        )
        result = run(target)
        write(out, result.files, result.owned)
        python = str(out / "python")
        if python not in sys.path:
            sys.path.insert(0, python)
            added.append(python)
        for name in [
            m for m in sys.modules if m == package or m.startswith(package + ".")
        ]:
            del sys.modules[name]
        importlib.invalidate_caches()
        module = importlib.import_module(package)
        module.__result__ = result  # type: ignore[attr-defined]
        return module

    return build


@pytest.fixture
def build_package(tmp_path: Path) -> Iterator[BuildPackage]:
    """Generate a package from spec text (or a spec path) into tmp_path and import it."""
    added: list[str] = []
    yield _builder(tmp_path, added)
    for path in added:
        sys.path.remove(path)


@pytest.fixture(scope="module")
def build_package_once(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[BuildPackage]:
    """build_package for a whole test module: generate once, share the package."""
    added: list[str] = []
    yield _builder(tmp_path_factory.mktemp("package"), added)
    for path in added:
        sys.path.remove(path)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """What the real-world suites found, one line (or table) per spec, when they ran."""
    for modules, title in (
        (("test_corpus",), "real-world specs"),
        (("test_conformance",), "conformance against Prism"),
        (("test_docs_real", "test_docs_github"), "docs targets"),
    ):
        lines = [
            line
            for name in modules
            if name in sys.modules
            for line in sys.modules[name].pytest_terminal_summary_lines()
        ]
        if lines:
            terminalreporter.section(title)
            for line in lines:
                terminalreporter.write_line(line)
