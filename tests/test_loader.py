"""Loading: YAML 1.2 core semantics, and lines found for any pointer."""

from __future__ import annotations

from pathlib import Path

import pytest

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
