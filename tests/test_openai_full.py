"""The whole OpenAI API: every operation reachable, every schema a type, type-clean, fast to import."""

from __future__ import annotations

import ast
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from conftest import OPENAI_SPEC, ROOT
from support.checks import black_check, mypy_strict
from support.identifiers import offenders, report

from generator import naming
from generator.config import Target
from generator.diagnostics import Diagnostics
from generator.loader import load
from generator.parse import build_api
from generator.pipeline import run
from generator.writer import write

PACKAGE = "openai_full"
TESTS = ROOT / "tests"
IMPORT_BUDGET_MS = 100


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Any]]:
    if not OPENAI_SPEC.exists():
        pytest.skip(
            f"{OPENAI_SPEC} is not here (../shared is only beside CI checkouts)"
        )
    out = tmp_path_factory.mktemp("openai")
    result = run(Target(spec=OPENAI_SPEC, package=PACKAGE, output=out, docs=True))
    write(out, result.files, result.owned)
    yield out / "python", build_api(load(OPENAI_SPEC), Diagnostics())


_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=_ENV)


def test_every_operation_is_a_method_with_its_path_as_a_literal(
    generated: tuple[Path, Any],
) -> None:
    python, api = generated
    assert len(api.operations) == 288
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(TESTS)!r})\n"
        "from support.walk import endpoint_of, methods\n"
        f"from {PACKAGE} import Client\n"
        "client = Client(api_key='k', base_url='http://127.0.0.1:9')\n"
        "found = {}\n"
        "for path, resource, name in methods(client):\n"
        "    endpoint = endpoint_of(resource, name)\n"
        "    found[path] = [endpoint.method, endpoint.path]\n"
        "print(json.dumps(found))\n"
    )
    done = _run([sys.executable, "-c", script], python)
    assert done.returncode == 0, done.stderr
    import json

    methods = json.loads(done.stdout)
    assert len(methods) == 288
    reached = {(m.lower(), p) for m, p in methods.values()}
    assert reached == {(op.method, op.path) for op in api.operations}
    literals: set[str] = set()
    for module in (python / PACKAGE / "resources").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    missing = [op.path for op in api.operations if op.path not in literals]
    assert not missing, missing[:5]


def test_every_component_schema_is_a_type(generated: tuple[Path, Any]) -> None:
    python, api = generated
    component_names = [
        s.name for s in api.schemas if s.pointer.startswith("/components/schemas/")
    ]
    assert len(component_names) == 1422
    stub = (python / PACKAGE / "models" / "__init__.pyi").read_text()
    exported = set(ast.literal_eval(stub.split("__all__ = ", 1)[1]))
    missing = [
        name for name in component_names if naming.class_name([name]) not in exported
    ]
    assert not missing, missing[:5]


def test_mypy_strict_finds_nothing(generated: tuple[Path, Any], tmp_path: Path) -> None:
    python, _ = generated
    done = mypy_strict(python, [PACKAGE], tmp_path, env=_ENV)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Success: no issues found" in done.stdout


def test_black_leaves_every_file_as_it_is(generated: tuple[Path, Any]) -> None:
    # The format stage hands black only what it would change: this proves it.
    python, _ = generated
    done = black_check(python, [PACKAGE], env=_ENV)
    assert done.returncode == 0, done.stderr[-3000:]


def test_importing_the_package_takes_under_100_ms(generated: tuple[Path, Any]) -> None:
    python, _ = generated
    script = (
        "import time; t = time.perf_counter(); import "
        + PACKAGE
        + "; print((time.perf_counter() - t) * 1000)"
    )
    assert (
        _run([sys.executable, "-c", script], python).returncode == 0
    )  # compiles the bytecode once
    times = [
        float(_run([sys.executable, "-c", script], python).stdout) for _ in range(5)
    ]
    median = statistics.median(times)
    print(f"import {PACKAGE}: median {median:.1f} ms over 5 runs")
    assert median <= IMPORT_BUDGET_MS, times


def test_identifiers_are_readable(generated: tuple[Path, Any]) -> None:
    python, _ = generated
    bad = offenders(python / PACKAGE)
    print(report("OpenAI", bad))
    assert not bad
