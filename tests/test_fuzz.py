"""Random specs with hostile text in every slot: generation holds, and its output is inert.

Bounded for CI: a fixed number of examples, derandomized (the same examples on
every run and machine), no example database. Each example is a spec (JSON or
YAML) whose titles, descriptions, names of schemas, properties, parameters,
tags and operations, enum values, defaults, examples, server URLs, the spec's
file name and the package name are random unicode mixed with injection
fragments. Then:

- `generate` exits 0 or 1; on 1 it printed located one-line errors; never a
  traceback or an internal error (exit 3);
- nothing is written outside the output directory;
- every output file parses (Python, JSON) or is a well-formed page header;
- the package and all its modules import in a fresh interpreter with an audit
  hook that refuses any file write, network use or new process: no side effect.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "80"))
FRAGMENTS = [
    '"""',
    "'''",
    '"',
    "'",
    "\\",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "\x0c",
    "\x85",
    "\u2028",
    "#",
    "-->",
    "<!--",
    "<script>alert(1)</script>",
    "{{ x }}",
    "{% raw %}",
    "${x}",
    "`",
    "```",
    "|",
    "[x](javascript:alert(1))",
    " -*- coding: utf-7 -*- ",
    "+ACIAIgAi-",
    "__import__('pathlib').Path('PWNED').touch()",
    "'); __import__('os').system('touch PWNED'); ('",
    "\"); __import__('os').system('touch PWNED'); (\"",
    "\n__import__('os').system('touch PWNED')\n",
    "class",
    "None",
    "self",
    "con",
    "Con.txt",
    "../x",
    "/",
    "{id}",
    "?q=1",
    "#frag",
    "%2e%2e",
    "a" * 120,
    "é",
    "🎬",
    "\u202e",
    "\ufeff",
]

LIMITS = [
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "multipleOf",
    "minItems",
    "default",
    "example",
    "nullable",
    "readOnly",
]
# References that must never be fetched or read: remote, outside, odd pointers.
REFS = [
    "http://127.0.0.1:9/remote.yaml#/S",
    "https://example.com/spec.json",
    "//127.0.0.1/x",
    "file:///etc/passwd",
    "../outside.yaml#/x",
    "/etc/passwd",
    "#/info",
    "#/paths",
    "#",
    "#/components/schemas/%ZZ",
    "missing.yaml",
    "x\x00y.yaml",
]
text = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
    ),
    min_size=0,
    max_size=3,
).map("".join)
name = text.filter(bool)
scalar = st.one_of(
    text,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)


def schemas(components: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    leaf = st.one_of(
        st.builds(
            lambda t, d, e: {"type": t, "description": d, "example": e},
            st.sampled_from(["string", "integer", "number", "boolean"]),
            text,
            scalar,
        ),
        st.builds(
            lambda values, default: {
                "type": "string",
                "enum": values,
                "default": default,
            },
            st.lists(text, min_size=1, max_size=4),
            text,
        ),
        st.builds(lambda p: {"type": "string", "pattern": p}, text),
        st.builds(lambda c: {"const": c}, scalar),
        st.builds(
            lambda key, value, fmt: {"type": "string", key: value, "format": fmt},
            st.sampled_from(LIMITS),
            scalar | st.integers(-(10**30), 10**30),
            text,
        ),
        st.builds(lambda ref: {"$ref": ref}, text | st.sampled_from(REFS)),
    )
    if components:
        leaf = leaf | st.sampled_from(components).map(
            lambda n: {
                "$ref": "#/components/schemas/"
                + n.replace("~", "~0").replace("/", "~1")
            }
        )

    def nest(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[Any]:
        props = st.dictionaries(name, children, max_size=4)
        return st.one_of(
            st.builds(
                lambda p, t, req: {
                    "type": "object",
                    "title": t,
                    "properties": p,
                    "required": [k for k in p if req],
                },
                props,
                text,
                st.booleans(),
            ),
            st.builds(lambda i: {"type": "array", "items": i}, children),
            st.builds(
                lambda v: {"anyOf": v}, st.lists(children, min_size=1, max_size=3)
            ),
            st.builds(
                lambda v: {"oneOf": v}, st.lists(children, min_size=1, max_size=3)
            ),
            st.builds(
                lambda v, prop, mapping: {
                    "oneOf": v,
                    "discriminator": {"propertyName": prop, "mapping": mapping},
                },
                st.lists(children, min_size=1, max_size=3),
                text,
                st.dictionaries(text, text | st.sampled_from(REFS), max_size=2),
            ),
            st.builds(
                lambda v: {"allOf": v}, st.lists(children, min_size=1, max_size=3)
            ),
            st.builds(
                lambda v: {"type": "object", "additionalProperties": v}, children
            ),
        )

    return st.recursive(leaf, nest, max_leaves=8)


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    components = draw(st.lists(name, max_size=4, unique=True))
    schema = schemas(components)
    parameter = st.builds(
        lambda n, where, required, s, d: {
            "name": n,
            "in": where,
            "required": required or where == "path",
            "schema": s,
            "description": d,
        },
        name,
        st.sampled_from(["path", "query", "header", "cookie"]),
        st.booleans(),
        schema,
        text,
    )
    operation = st.builds(
        lambda op_id, tags, summary, params, body, response: {
            "operationId": op_id,
            "tags": tags,
            "summary": summary,
            "parameters": params,
            **(
                {"requestBody": {"content": {"application/json": {"schema": body}}}}
                if body
                else {}
            ),
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": response}},
                }
            },
        },
        text,
        st.lists(text, max_size=2),
        text,
        st.lists(parameter, max_size=3),
        st.none() | schema,
        schema,
    )
    methods = st.dictionaries(
        st.sampled_from(["get", "post", "put", "delete", "patch"]),
        operation,
        min_size=1,
        max_size=2,
    )
    return {
        "openapi": draw(st.sampled_from(["3.0.3", "3.1.0"])),
        "info": {"title": draw(text), "version": draw(text), "description": draw(text)},
        "servers": [{"url": draw(text), "description": draw(text)}],
        "tags": [
            {"name": t, "description": draw(text)}
            for t in draw(st.lists(name, max_size=3))
        ],
        "paths": draw(
            st.dictionaries(text.map(lambda p: "/" + p), methods, max_size=3)
        ),
        "components": {"schemas": {n: draw(schema) for n in components}},
    }


json_values = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(text, inner, max_size=3),
    max_leaves=5,
)


@st.composite
def broken(draw: st.DrawFn, spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with a few of its values swapped for any JSON value: a broken spec."""
    for _ in range(draw(st.integers(0, 6))):
        slots: list[tuple[Any, Any]] = []
        stack: list[Any] = [spec]
        while stack:
            node = stack.pop()
            keys = list(node) if isinstance(node, dict) else range(len(node))
            for key in keys:
                slots.append((node, key))
                if isinstance(node[key], (dict, list)):
                    stack.append(node[key])
        if not slots:
            break
        parent, key = slots[draw(st.integers(0, len(slots) - 1))]
        parent[key] = draw(json_values)
    return spec


file_names = text.map(lambda t: t.replace("/", "_").replace("\x00", "_")[:60]).filter(
    lambda t: t not in ("", ".", "..")
)

AUDIT = """
import importlib, pkgutil, sys
BLOCKED = ("socket.", "subprocess.", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
           "os.fork", "os.remove", "os.rename", "os.mkdir", "os.rmdir", "shutil.", "urllib.", "http.")
def hook(event, args):
    if event.startswith(BLOCKED) or (
        event == "open" and isinstance(args[1], str) and any(c in args[1] for c in "wax+")
    ):
        raise RuntimeError(f"side effect on import: {event} {args!r}"[:300])
sys.path.insert(0, sys.argv[1])
sys.addaudithook(hook)
package = importlib.import_module(sys.argv[2])
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(module.name)
"""


_NETWORK = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.")
_network_used: list[str] = []
_watching = False


def _no_network(event: str, args: tuple[Any, ...]) -> None:
    """An audit hook: while a spec is generated, any network use is recorded and refused.

    The validator reads its own bundled meta-schemas through `file:` URLs; those
    are the one kind of URL it may open.
    """
    if not _watching or not event.startswith(_NETWORK):
        return
    if event == "urllib.Request" and str(args[0]).startswith(f"file://{sys.prefix}/"):
        return
    _network_used.append(f"{event} {args!r}"[:200])
    raise RuntimeError("the generator must not use the network")


sys.addaudithook(_no_network)  # inert unless _watching


@contextlib.contextmanager
def _network_watched() -> Any:
    global _watching
    _watching = True
    try:
        yield
    finally:
        _watching = False


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def _check_output(out: Path) -> None:
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes().decode("utf-8")
        if path.suffix in (".py", ".pyi"):
            ast.parse(data, str(path))
        elif path.suffix == ".json":
            json.loads(data)
        elif path.suffix == ".md":
            first = data.split("\n", 1)[0]
            assert first.startswith("<!-- Generated") and first.endswith(" -->"), first
            assert first.count("-->") == 1, first


@pytest.mark.filterwarnings("ignore")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    spec=specs().flatmap(broken),
    as_yaml=st.booleans(),
    file_name=file_names,
    package=st.none() | text,
)
def test_random_hostile_specs(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    spec: dict[str, Any],
    as_yaml: bool,
    file_name: str,
    package: str | None,
) -> None:
    monkeypatch.setenv("GENERATOR_CACHE_DIR", "off")
    monkeypatch.setenv("GENERATOR_DEBUG", "1")  # an internal error shows its traceback
    work = tmp_path_factory.mktemp("fuzz")
    folder = work / "spec"
    folder.mkdir()
    path = folder / (file_name + (".yaml" if as_yaml else ".json"))
    if as_yaml:
        path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    else:
        path.write_text(json.dumps(spec), encoding="utf-8")
    out = work / "out"
    before = _files(work)
    args = ["generate", str(path), "-o", str(out), "--quiet"]
    if package is not None:
        args.append(f"--package={package}")
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        with _network_watched():
            code = main(args)
    printed = stdout.getvalue() + stderr.getvalue()
    assert _network_used == [], _network_used  # no remote $ref is ever fetched
    assert code in (0, 1), printed
    assert "Traceback" not in printed and "internal error" not in printed, printed
    assert "[internal-" not in printed, printed  # generated code that did not parse
    # Nothing but the output directory appeared.
    assert {
        p for p in _files(work) - before if p != "out" and not p.startswith("out/")
    } == set()
    if code == 1:
        assert not out.exists()
        errors = [
            line for line in stderr.getvalue().splitlines() if ": error: " in line
        ]
        assert errors, printed
        return
    _check_output(out)
    (package_dir,) = (out / "python").iterdir()
    cwd = work / "cwd"
    cwd.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", AUDIT, str(out / "python"), package_dir.name],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert list(cwd.iterdir()) == []
