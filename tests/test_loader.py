"""Loading: YAML 1.2 core semantics, and lines found for any pointer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from generator.diagnostics import GeneratorError
from generator.loader import load


def test_yaml_is_read_with_the_core_schema(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "a: on\nb: yes\nc: 012\nd: 1:30\ne: 2024-01-01\nf: 1e3\ng: 0x1f\nh: ~\n200: ok\ntrue: t\n"
    )
    data = load(spec).data
    assert data == {
        "a": "on",
        "b": "yes",
        "c": 12,
        "d": "1:30",
        "e": "2024-01-01",
        "f": 1000.0,
        "g": 31,
        "h": None,
        "200": "ok",
        "true": "t",
    }


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_locate_finds_the_line_of_a_pointer(tmp_path: Path, suffix: str) -> None:
    spec = tmp_path / f"s{suffix}"
    if suffix == ".yaml":
        spec.write_text(
            "openapi: 3.1.0\npaths:\n  /a/{id}:\n    get:\n      operationId: getA\n"
        )
    else:
        spec.write_text(
            '{\n"openapi": "3.1.0",\n"paths": {\n  "/a/{id}": {\n    "get": {\n      "operationId": "getA"}}}}\n'
        )
    document = load(spec)
    assert document.locate("/paths/~1a~1{id}/get/operationId") == (
        (5, 7) if suffix == ".yaml" else (6, 7)
    )
    assert document.locate("/paths/~1a~1{id}/get/missing") == document.locate(
        "/paths/~1a~1{id}/get"
    )


def test_json_with_tabs_is_located_too(tmp_path: Path) -> None:
    spec = tmp_path / "s.json"
    spec.write_text('{\n\t"openapi": "3.1.0",\n\t"info": {\n\t\t"title": "t"\n\t}\n}\n')
    assert load(spec).locate("/info/title") == (4, 3)


def test_non_utf8_is_reported(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_bytes(b"openapi: 3.1.0\ninfo: \xff\n")
    with pytest.raises(GeneratorError, match="not UTF-8"):
        load(spec)


def test_lines_are_found_in_linear_time_on_hostile_lines(tmp_path: Path) -> None:
    import time

    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo:\n  title: t\n  description: a plain scalar\n"
        "    k" + " " * 1_000_000 + "x\n"  # its second line
        '  "quoted"  : 1\n  plain   : 2\n'
    )
    started = time.perf_counter()
    document = load(spec)
    assert document.locate("/info/quoted") == (6, 3)
    assert document.locate("/info/plain") == (7, 3)
    assert time.perf_counter() - started < 20  # it was quadratic: hours for this line


def test_a_json_spec_is_generated_without_pyyaml(tmp_path: Path) -> None:
    """PyYAML and the readers built on it are imported only to read YAML: a
    JSON spec is loaded, validated, generated and its diagnostics placed
    without them (their import cost every run 15 ms)."""
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths":'
        ' {"/pets": {"get": {"operationId": "listPets", "responses": {"200":'
        ' {"description": "ok", "content": {"application/json": {"schema":'
        ' {"type": "object", "properties": {"id": {"type": "integer"},'
        ' "id": {"type": "string"}}}}}}}}}}}',
        encoding="utf-8",
    )
    script = (
        "import sys\n"
        "from generator.cli import main\n"
        f"code = main(['generate', {str(spec)!r}, '-o', {str(tmp_path / 'out')!r},"
        " '--package', 'p', '-q', '--no-cache', '--format', 'json'])\n"
        "loaded = sorted(m for m in sys.modules if m == 'yaml' or m.startswith("
        "('yaml.', 'generator.yaml', 'generator.aliases')))\n"
        "print(code, loaded, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stderr.strip().endswith("0 []"), done.stderr
    # The repeated key was reported, at its place in the JSON text.
    assert '"duplicate-key"' in done.stdout and '"line": 1' in done.stdout, done.stdout
