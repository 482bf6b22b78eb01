"""A run keeps the cycle collector off its long-lived heap, and only for the run.

Automatic collection is off while a run builds (it makes almost no garbage
cycles) and on again, over new objects only, where cycles are made: formatting
and the full validation.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from conftest import ROOT

from generator.config import Target
from generator.format import format_files
from generator.heap import YOUNG_THRESHOLD, collecting, long_lived
from generator.diagnostics import GeneratorError
from generator.pipeline import run


def test_a_run_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    spec = ROOT / "specs" / "videos-remix.yaml"
    thresholds = gc.get_threshold()
    gc.collect()
    frozen = gc.get_freeze_count()
    result = run(Target(spec=spec, package="remix", output=tmp_path))
    assert result.files
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == frozen
    assert gc.isenabled()


def test_a_failing_run_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: [\n", encoding="utf-8")
    thresholds = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with pytest.raises(GeneratorError):
        run(Target(spec=spec, package="broken", output=tmp_path / "out"))
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == frozen
    assert gc.isenabled()


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def _churn() -> None:
    """More new containers than a young collection waits for."""
    for _ in range(3):
        kept = [[] for _ in range(YOUNG_THRESHOLD)]
        del kept


def test_long_lived_turns_automatic_collection_off_and_back_on() -> None:
    with long_lived():
        assert not gc.isenabled()
        cycle = weakref.ref(_Node())
        _churn()
        assert cycle() is not None  # not collected: the run makes almost none
    assert gc.isenabled()
    gc.collect()
    assert cycle() is None


def test_collecting_frees_cycles_within_a_run_and_then_stops() -> None:
    thresholds = gc.get_threshold()
    with long_lived():
        with collecting():
            assert gc.isenabled()
            assert gc.get_threshold()[0] == YOUNG_THRESHOLD
            cycle = weakref.ref(_Node())
            _churn()
            assert cycle() is None
        assert not gc.isenabled()
        assert gc.get_threshold() == thresholds


@pytest.mark.parametrize("enabled", [True, False])
def test_collecting_outside_a_run_changes_nothing(enabled: bool) -> None:
    """Not even where the caller turned the collector off itself."""
    thresholds = gc.get_threshold()
    frozen = gc.get_freeze_count()
    if not enabled:
        gc.disable()
    try:
        with collecting():
            assert gc.isenabled() is enabled
            assert gc.get_threshold() == thresholds
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_formatting_in_a_run_frees_its_cycles() -> None:
    """The formatter's trees link children and parents: a run must not keep them."""
    long_call = "x = f(" + ", ".join(f"argument_{i}" for i in range(30)) + ")\n"
    sources = {f"m{i}.py": long_call.replace("x", f"x{i}") for i in range(300)}
    with long_lived():
        gc.collect()
        before = len(gc.get_objects())
        laid, _, fresh = format_files(sources)
        after = len(gc.get_objects())
    assert fresh == 300
    assert all(text.count("\n") > 3 for text in laid.values())  # laid out
    assert after - before < 20_000  # the laid-out texts, not 300 trees
