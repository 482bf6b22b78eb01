"""Tags and schemas named like what the generated code imports still give a working client.

Kubernetes has a tag `resource`, which once generated `class AsyncResource(AsyncResource)`.
Every name a generated module imports must be reserved in generator/naming.py; the
second test reads the imports of real generated packages to keep that list whole.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from conftest import GENERATED
from support.checks import mypy_strict
from support.sample import run
from support.operations import by_endpoint
from support.server import Reply, serve

from generator import naming

TAGS = [
    "resource",
    "sync resource",
    "Param",
    "Endpoint",
    "client config",
    "client",
    "cached property",
    "overload",
    "raw response",
    "builtins",
]
# Operations named like what a class body uses (decorators, `builtins.str`).
OPERATIONS = ["cachedProperty", "overload", "builtins", "withRawResponse"]
SCHEMAS = [
    "Param",
    "SyncResource",
    "AsyncResource",
    "ClientConfig",
    "Endpoint",
    "Stream",
]


def _spec() -> str:
    paths = []
    for i, tag in enumerate(TAGS):
        schema = SCHEMAS[i % len(SCHEMAS)]
        paths.append(
            f"""
  /things{i}/{{id}}:
    get:
      operationId: get{i}
      tags: ["{tag}"]
      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/{schema}'}}}}}}"""
        )
    for i, op_id in enumerate(OPERATIONS):
        paths.append(
            f"""
  /ops{i}:
    get:
      operationId: {op_id}
      tags: [ops]
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Param'}}}}}}"""
        )
    schemas = "".join(
        f"\n    {name}: {{type: object, properties: {{id: {{type: string}}}}}}"
        for name in SCHEMAS
    )
    return (
        "openapi: 3.1.0\ninfo: {title: Names, version: '1'}\npaths:"
        + "".join(paths)
        + "\ncomponents:\n  schemas:"
        + schemas
        + "\n"
    )


@pytest.fixture(scope="module")
def names_api(build_package_once: Any) -> Any:
    return build_package_once(_spec(), "names_api")


def test_tags_named_like_runtime_classes_type_check(
    names_api: Any, tmp_path: Path
) -> None:
    python = Path(names_api.__file__).parent.parent
    done = mypy_strict(python, ["names_api"], tmp_path / "mypy")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_every_operation_of_such_tags_works(names_api: Any, flavor: str) -> None:
    operations = by_endpoint(
        names_api.Client(api_key="k", base_url="http://127.0.0.1:9")
    )
    assert len(operations) == len(TAGS) + len(OPERATIONS)
    with serve(lambda seen: Reply(body={"id": seen.path})) as server:
        for (method, path), op in sorted(operations.items()):
            args = ["x"] if "{id}" in path else []

            def call(client: Any) -> Any:
                return by_endpoint(client)[method, path].method(*args)

            result = run(names_api, flavor, server.url, call)
            assert result.id == path.replace("{id}", "x")
            assert type(result).__name__.rstrip("_") in SCHEMAS


def _imported_names(package: Path) -> set[tuple[str, str]]:
    """(name, module) of every name a model, resource or client module imports from outside the package's own models and resources."""
    out = set()
    files = [package / "_client.py"]
    files += sorted((package / "models").glob("*.py*"))
    files += sorted((package / "resources").glob("*.py"))
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                own = node.level > 0 and (
                    module.startswith(("models", "resources"))
                    or (node.level == 1 and path.parent.name in ("models", "resources"))
                )
                if not own:
                    out |= {(a.asname or a.name, module) for a in node.names}
            elif isinstance(node, ast.Import):
                out |= {(a.asname or a.name, "") for a in node.names}
    return out


def test_every_name_generated_code_imports_is_reserved(names_api: Any) -> None:
    packages = [p for p in (GENERATED / "python").iterdir() if p.is_dir()]
    packages.append(Path(names_api.__file__).parent)
    imported: set[tuple[str, str]] = set()
    for package in packages:
        imported |= _imported_names(package)
    assert len(imported) > 20  # the walk found the imports
    free = {
        f"{name} (from {module or 'import'})"
        for name, module in imported
        if name not in naming.RESERVED_CLASS_NAMES
    }
    assert not free, sorted(free)
