"""The schema stage of validation (the document against the OpenAPI JSON Schema)
runs openapi-spec-validator's own check with its jsonschema-rs backend, without
importing the library, which costs 0.3-0.5 s of CPU per run and is needed only
by `--strict`'s semantic checks. These tests hold the two to the same findings.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from generator import validate as v
from generator.diagnostics import Diagnostics
from generator.loader import Document

GOOD = yaml.safe_load((ROOT / "specs" / "videos-remix.yaml").read_text())


def _broken(version: str) -> list[Any]:
    """Documents of this version with faults in many places of the schema."""
    base = copy.deepcopy(GOOD)
    base["openapi"] = version
    out = []
    for change in (
        lambda d: d["info"].pop("title"),
        lambda d: d["paths"].update({"no-slash": {}}),
        lambda d: d["info"].update({"version": 3}),
        lambda d: d.update({"x": 1, "servers": "here"}),
        lambda d: d["components"]["schemas"].update({"Bad": {"type": "nope"}}),
        lambda d: d["components"]["schemas"].update(
            {"Dup": {"type": "object", "required": ["a", "a"]}}
        ),
        lambda d: next(iter(d["paths"].values())).update({"get": {"responses": 7}}),
        lambda d: d.update({"security": [{"k": "not-a-list"}]}),
    ):
        doc = copy.deepcopy(base)
        change(doc)
        out.append(doc)
    return out


def _library_errors(data: Any, version: str) -> list[tuple[str, list[Any]]]:
    """What openapi-spec-validator's schema stage finds, through the library."""
    validator = v._validator(data, version)
    return [
        (e.message, list(e.absolute_path))
        for e in validator.schema_validator.iter_errors(data)
    ]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_the_schema_stage_finds_what_the_library_finds(version: str) -> None:
    checker = v._schema_stage(version)
    assert checker is not None
    found_any = 0
    for doc in _broken(version) + [copy.deepcopy(GOOD) | {"openapi": version}]:
        mine = list(checker.iter_errors(doc))
        ours = [(e.message, list(e.absolute_path)) for e in mine]
        assert ours == _library_errors(doc, version)
        # What the reporter reads besides: the instance (the whole document) and
        # no sub-errors, as the library's adapter gives them.
        assert all(e.instance is doc and not e.context for e in mine)
        found_any += bool(ours)
    assert found_any >= 6  # the faults are seen, not only agreed on


def test_the_31_meta_schema_is_jsonschemas() -> None:
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    assert v._meta_schema_202012() == Draft202012Validator.META_SCHEMA


def _diagnostics(data: Any, *, full: bool = False) -> list[str]:
    text = json.dumps(data, indent=1)
    doc = Document(Path("spec.json"), text, json.loads(text), True, "0" * 64)
    found = Diagnostics("spec.json")
    v.validate(doc, found, full=full)
    return [d.render() for d in found]


def test_validation_does_not_import_the_library(tmp_path: Path) -> None:
    """A fresh process validates (and finds the faults) without importing
    openapi-spec-validator; with `--strict`'s semantic checks it imports it."""
    docs = _broken("3.0.3") + _broken("3.1.0")
    (tmp_path / "docs.json").write_text(json.dumps(docs))
    script = (
        "import json, sys\n"
        f"sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'tests')!r}]\n"
        "from test_validate_schema_stage import _diagnostics\n"
        f"docs = json.load(open({str(tmp_path / 'docs.json')!r}))\n"
        "out = [_diagnostics(d) for d in docs]\n"
        "before = 'openapi_spec_validator' in sys.modules\n"
        "_diagnostics(docs[0], full=True)\n"
        "after = 'openapi_spec_validator' in sys.modules\n"
        "print(json.dumps([out, before, after]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    out, before, after = json.loads(done.stdout)
    assert (before, after) == (False, True)
    assert all(any("invalid-spec" in line for line in d) for d in out[:4]), out


@pytest.mark.parametrize("backend", ["jsonschema", " JsonSchema ", "bogus"])
def test_another_backend_setting_takes_the_library(backend: str) -> None:
    """The library's setting still chooses its backend: anything but auto or
    jsonschema-rs goes through the library (which warns about a bogus value)."""
    env = {"OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND": backend}
    assert v._fast_backend(env) is False
    assert v._fast_backend({}) is True
    assert (
        v._fast_backend({"openapi_spec_validator_schema_validator_backend": "x"})
        is False
    )
    assert v._fast_backend({"OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND": " Auto"})


def test_strict_still_runs_the_semantic_checks() -> None:
    doc = copy.deepcopy(GOOD) | {"openapi": "3.0.3"}
    # A path parameter the path does not declare: only the semantic stage sees it.
    path = next(iter(doc["paths"]))
    doc["paths"]["/things/{thing}"] = doc["paths"].pop(path)
    assert _diagnostics(doc) == _diagnostics(copy.deepcopy(doc))
    assert len(_diagnostics(doc, full=True)) > len(_diagnostics(doc))
