"""A run sets its long-lived objects aside from the cycle collector, and only for the run."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from conftest import ROOT

from generator.config import Target
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


def test_a_failing_run_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: [\n", encoding="utf-8")
    thresholds = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with pytest.raises(GeneratorError):
        run(Target(spec=spec, package="broken", output=tmp_path / "out"))
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == frozen
