"""References: local pointers, relative files beside the spec, and those that are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.config import Target
from generator.pipeline import run

MAIN = """
openapi: 3.1.0
info: {title: refs, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'shared/things.yaml#/Thing'}
components:
  schemas:
    Local: {$ref: '#/components/schemas/Other'}
    Other: {type: object, properties: {n: {type: integer}}}
    Remote: {$ref: 'https://example.com/schemas.yaml#/Thing'}
    Outside: {$ref: '../outside.yaml#/Thing'}
    Missing: {$ref: '#/components/schemas/Nowhere'}
"""

THINGS = """
Thing:
  type: object
  required: [id]
  properties:
    id: {type: string}
    owner: {$ref: '#/Owner'}
Owner:
  type: object
  properties:
    name: {type: string}
"""


def test_relative_files_resolve_and_the_rest_is_refused(
    tmp_path: Path, build_package: Any
) -> None:
    root = tmp_path / "spec"
    (root / "shared").mkdir(parents=True)
    (root / "shared" / "things.yaml").write_text(THINGS)
    (tmp_path / "outside.yaml").write_text(THINGS)
    main = root / "api.yaml"
    main.write_text(MAIN)
    pkg = build_package(main, "refs_pkg")
    thing = pkg.models.Thing.from_dict({"id": "t", "owner": {"name": "ann"}})
    assert isinstance(thing.owner, pkg.models.Owner)
    found = {(d.code, d.pointer) for d in pkg.__result__.diagnostics}
    assert ("remote-ref", "/components/schemas/Remote/$ref") in found
    assert ("ref-outside", "/components/schemas/Outside/$ref") in found
    assert ("dangling-ref", "/components/schemas/Missing/$ref") in found
    assert (
        pkg.models.Remote is Any
        and pkg.models.Outside is Any
        and pkg.models.Missing is Any
    )


def test_a_ref_cycle_is_reported_not_followed_forever(tmp_path: Path) -> None:
    spec = tmp_path / "cycle.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /a:\n    $ref: '#/paths/~1b'\n  /b:\n    $ref: '#/paths/~1a'\n"
    )
    result = run(
        Target(spec=spec, package="cycle", output=tmp_path / "out", docs=False)
    )
    assert any(d.code == "ref-cycle" for d in result.diagnostics)
