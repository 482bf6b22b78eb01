"""References: local pointers, relative files beside the spec, and those that are refused."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any, Callable

from support.bounded import cli

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


def _beside_the_spec(tmp_path: Path) -> tuple[Path, Callable[[], str]]:
    """MAIN with `shared/things.yaml` beside it, and a generation of it with a
    cache of its own (what it printed)."""
    root = tmp_path / "spec"
    (root / "shared").mkdir(parents=True)
    things = root / "shared" / "things.yaml"
    things.write_text(THINGS)
    main = root / "api.yaml"
    main.write_text(MAIN)
    cache = {"GENERATOR_CACHE_DIR": str(tmp_path / "cache")}

    def generate() -> str:
        out = ["-o", str(tmp_path / "out"), "--package", "refs_pkg"]
        done = cli("generate", str(main), *out, env=cache)
        assert done.returncode == 0, done.stderr
        return done.stdout

    return things, generate


def test_a_changed_file_beside_the_spec_is_generated_again(tmp_path: Path) -> None:
    """The run record skips a run only when every file the spec refers to is as
    it was: a changed `shared/things.yaml` must reach the output."""
    things, generate = _beside_the_spec(tmp_path)
    generate()
    assert "unchanged since the last run" in generate()
    things.write_text(
        THINGS.replace("name: {type: string}", "nickname: {type: string}")
    )
    assert "unchanged since the last run" not in generate()
    model = (tmp_path / "out" / "python" / "refs_pkg" / "models").rglob("*.py")
    assert any("nickname" in path.read_text() for path in model)
    assert "unchanged since the last run" in generate()
    (tmp_path / "out" / "python").joinpath("x").touch()  # not ours: no effect
    things.unlink()  # a file that is gone is a change too
    assert "unchanged since the last run" not in generate()


def test_a_settled_file_beside_the_spec_is_not_read_but_every_edit_is_seen(
    tmp_path: Path,
) -> None:
    """A run with nothing to do knows a settled `$ref`'d file by its status (kept
    beside the run record with its digest) instead of reading it again; an edit
    that keeps the file's size and modification time still changes its status,
    and reaches the output."""
    things, generate = _beside_the_spec(tmp_path)
    cache = tmp_path / "cache"
    generate()
    assert not list((cache / "runs").glob("*.documents.json"))  # kept by such runs
    time.sleep(2.1)  # settled: a status is kept only 2 s after the file's last change
    assert "unchanged since the last run" in generate()
    (memo,) = (cache / "runs").glob("*.documents.json")
    kept = json.loads(memo.read_text(encoding="utf-8"))
    digest = hashlib.sha256(things.read_bytes()).hexdigest()
    assert (
        list(kept) == ["shared/things.yaml"] and kept["shared/things.yaml"][1] == digest
    )

    # An edit that keeps the size and modification time changes the status.
    before = things.stat()
    text = things.read_text().replace("name: {type: string}", "nick: {type: string}")
    things.write_text(text)
    os.utime(things, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = things.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    # Kept under the new status with the old digest, the kept pair is believed:
    # the file is not read.
    status = f"{after.st_dev} {after.st_ino} {after.st_size} "
    status += f"{after.st_mtime_ns} {after.st_ctime_ns}"
    memo.write_text(json.dumps({"shared/things.yaml": [status, digest]}))
    assert "unchanged since the last run" in generate()
    memo.write_text(json.dumps(kept))  # the true one: the edit is seen
    assert "unchanged since the last run" not in generate()
    model = (tmp_path / "out" / "python" / "refs_pkg" / "models").rglob("*.py")
    assert any("nick:" in path.read_text() for path in model)
