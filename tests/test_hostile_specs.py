"""Specs written to break the generator: each ends in working output or one located line, exit 1.

Every case runs the command line in a subprocess with its memory and time
bounded (tests/support/bounded.py): never an internal error (exit 3), a
traceback, unbounded memory or a write outside the output directory.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
from support.bounded import assert_clean_failure, cli

INFO = {"title": "t", "version": "1"}


def _json_spec(tmp_path: Path, name: str, **extra: Any) -> Path:
    spec = tmp_path / name
    spec.write_text(
        json.dumps({"openapi": "3.1.0", "info": INFO, "paths": {}, **extra}),
        encoding="utf-8",
    )
    return spec


def _generate(spec: Path, out: Path, *more: str, **limits: Any) -> Any:
    return cli(
        "generate", str(spec), "-o", str(out), "--package", "pkg", *more, **limits
    )


def _outputs_parse(out: Path) -> None:
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix in (".py", ".pyi"):
            ast.parse(text, str(path))
        elif path.suffix == ".json":
            json.loads(text)


# -- item 5: crashes become located errors or working output -------------------------


@pytest.mark.parametrize(
    ("text", "where"),
    [("hello\n", ":1:1:"), ("3.1\n", ":1:1:"), ("~\n", "")],
)
def test_a_document_that_is_a_bare_scalar(
    tmp_path: Path, text: str, where: str
) -> None:
    spec = tmp_path / "scalar.yaml"
    spec.write_text(text)
    (line,) = assert_clean_failure(_generate(spec, tmp_path / "out"))
    assert "not an OpenAPI object" in line and where in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_an_integer_too_long_to_convert(tmp_path: Path, suffix: str) -> None:
    spec = tmp_path / f"big{suffix}"
    digits = "9" * 5000
    if suffix == ".json":
        spec.write_text(
            '{"openapi": "3.1.0",\n "info": {"title": "t", "version": "1"},\n'
            f' "paths": {{}},\n "x-big": {digits}}}\n'
        )
    else:
        spec.write_text(
            'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\n'
            f"x-big: {digits}\n"
        )
    (line,) = assert_clean_failure(_generate(spec, tmp_path / "out"))
    assert f"{spec}:4:" in line and "5000 digits" in line


def test_a_lone_surrogate_in_json(tmp_path: Path) -> None:
    spec = tmp_path / "surrogate.json"
    spec.write_text(
        '{"openapi": "3.1.0",\n "info": {"title": "t", "version": "1"},\n'
        ' "paths": {},\n "components": {"schemas": {"A": {"description": "x\\ud800y"}}}}\n'
    )
    (line,) = assert_clean_failure(_generate(spec, tmp_path / "out"))
    assert f"{spec}:4:" in line and "surrogate" in line


def test_a_lone_surrogate_in_yaml(tmp_path: Path) -> None:
    spec = tmp_path / "surrogate.yaml"
    spec.write_text('openapi: 3.1.0\ninfo: {title: "t\\ud800", version: "1"}\n')
    (line,) = assert_clean_failure(_generate(spec, tmp_path / "out"))
    assert f"{spec}:2:" in line


def test_names_longer_than_a_file_name_may_be(tmp_path: Path) -> None:
    long = "Very" * 200  # 800 characters: no file system takes that as a name
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    spec = _json_spec(
        tmp_path,
        "long.json",
        tags=[{"name": long}],
        paths={
            "/x": {
                "get": {
                    "tags": [long],
                    "operationId": long,
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        components={"schemas": {long: schema, long + "2": schema}},
    )
    out = tmp_path / "out"
    done = _generate(spec, out)
    assert done.returncode == 0, done.stderr
    names = [p.name for p in out.rglob("*")]
    assert max(len(name.encode()) for name in names) <= 128
    _outputs_parse(out)


@pytest.mark.parametrize(
    ("shape", "count"),
    [("alias", 5000), ("required property", 5000), ("items", 5000), ("allOf", 300)],
)
def test_a_long_chain_of_refs(tmp_path: Path, shape: str, count: int) -> None:
    def schema(i: int) -> dict[str, Any]:
        ref = {"$ref": f"#/components/schemas/S{i + 1}"}
        if shape == "alias":
            return ref
        if shape == "items":
            return {"type": "array", "items": ref}
        if shape == "allOf":
            own = {"type": "object", "properties": {f"p{i}": {"type": "string"}}}
            return {"allOf": [ref, own]}
        return {"type": "object", "required": ["next"], "properties": {"next": ref}}

    schemas = {f"S{i}": schema(i) for i in range(count)}
    schemas[f"S{count}"] = {"type": "object", "properties": {"z": {"type": "string"}}}
    spec = _json_spec(tmp_path, "chain.json", components={"schemas": schemas})
    done = _generate(spec, tmp_path / "out", seconds=240)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    if shape == "allOf":  # inheritance is merged 64 levels deep, and says so
        assert "[too-deep] at #/components/schemas/S0/allOf" in done.stderr


def test_an_allof_that_includes_itself(tmp_path: Path) -> None:
    def part(name: str, prop: str) -> dict[str, Any]:
        own = {"type": "object", "properties": {prop: {"type": "string"}}}
        return {"allOf": [{"$ref": f"#/components/schemas/{name}"}, own]}

    spec = _json_spec(
        tmp_path,
        "cycle.json",
        components={"schemas": {"A": part("B", "a"), "B": part("A", "b")}},
    )
    done = _generate(spec, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "error: `allOf` includes itself" in done.stderr
    _outputs_parse(tmp_path / "out")


# -- item 2: YAML aliases cost what their text costs ---------------------------------

HEAD = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"


@pytest.mark.parametrize(
    "body",
    [
        "x-self: &a {properties: {self: *a}}\n",
        "components:\n  schemas:\n    A: &a\n      type: object\n      properties:\n        self: *a\n",
        "x-list: &l [1, [2, *l]]\n",
    ],
)
def test_an_alias_inside_the_node_it_names(tmp_path: Path, body: str) -> None:
    spec = tmp_path / "cycle.yaml"
    spec.write_text(HEAD + body)
    alias_line = (
        (HEAD + body)
        .splitlines()
        .index(next(line for line in body.splitlines() if "*" in line))
    )
    (line,) = assert_clean_failure(_generate(spec, tmp_path / "out", seconds=30))
    assert f"{spec}:{alias_line + 1}:" in line and "infinite" in line, line


def _laughs(depth: int, width: int = 9, *, in_schemas: bool = False) -> str:
    if in_schemas:
        lines = ["components:", "  schemas:"]
        lines.append("    L0: &l0 {type: object, properties: {a: {type: string}}}")
        for i in range(1, depth + 1):
            props = ", ".join(f"p{j}: *l{i - 1}" for j in range(width))
            lines.append(f"    L{i}: &l{i} {{type: object, properties: {{{props}}}}}")
    else:
        lines = ["x-laughs:", "  l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
        for i in range(1, depth + 1):
            lines.append(f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return HEAD + "\n".join(lines) + "\n"


@pytest.mark.parametrize("in_schemas", [False, True])
@pytest.mark.parametrize("depth", [6, 9, 40])
def test_a_billion_laughs_is_refused_in_bounded_memory_and_time(
    tmp_path: Path, depth: int, in_schemas: bool
) -> None:
    spec = tmp_path / "laughs.yaml"
    spec.write_text(_laughs(depth, 9, in_schemas=in_schemas))
    # 1 GB of address space and 30 s: the refusal needs a few MB and well under a second.
    done = _generate(spec, tmp_path / "out", memory=1 << 30, seconds=30)
    (line,) = assert_clean_failure(done)
    assert "aliases expand the document past" in line
    # Blamed on an alias of the line that crosses the budget.
    assert f"{spec}:" in line and "*l" in line
    assert not (tmp_path / "out").exists()


def test_aliases_that_reuse_small_blocks_are_fine(tmp_path: Path) -> None:
    ops = "".join(
        f"  /r{i}:\n    get:\n      operationId: get{i}\n      responses: *std\n"
        for i in range(50)
    )
    text = (
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
        "x-std: &std\n  '200': {description: ok}\n  '404': {description: missing}\n"
        "paths:\n" + ops
    )
    spec = tmp_path / "reuse.yaml"
    spec.write_text(text)
    done = _generate(spec, tmp_path / "out", seconds=60)
    assert done.returncode == 0, done.stderr
    _outputs_parse(tmp_path / "out")


def test_lines_are_found_through_aliases_without_expanding_them(tmp_path: Path) -> None:
    from generator.loader import load

    spec = tmp_path / "located.yaml"
    spec.write_text(HEAD + "x-a: &a {k: [1, 2, {deep: x}]}\nx-b: *a\nx-c:\n  key: *a\n")
    document = load(spec)
    assert document.locate("/x-b") == (5, 1)
    assert document.locate("/x-c/key") == (7, 3)
    assert document.locate("/x-c/key/k/2/deep") == (7, 3)  # inside the alias: at it
    assert document.locate("/x-a/k/2/deep") == (4, 21)


# -- item 7: nothing silent, nothing misleading --------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_keys_given_twice_are_reported_at_the_repeat(
    tmp_path: Path, suffix: str
) -> None:
    spec = tmp_path / f"dup{suffix}"
    if suffix == ".json":
        spec.write_text(
            '{"openapi": "3.1.0",\n "info": {"title": "t",\n'
            '  "version": "1",\n  "title": "u"},\n "paths": {}}\n'
        )
    else:
        spec.write_text(
            "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\n  title: u\npaths: {}\n"
        )
    done = _generate(spec, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in done.stderr.splitlines() if "duplicate-key" in line]
    expected = 4 if suffix == ".json" else 5
    assert line.startswith(f"{spec}:{expected}:3: warning:"), line
    assert "'title'" in line and "#/info/title" in line
    assert (
        "A generated client for u."
        in (tmp_path / "out" / "python" / "pkg" / "__init__.py").read_text()
    )
