"""Files read back from the last run (generator/keys.py: docs pages, model and
resource modules) are byte for byte what a run from scratch makes, after edits
of a real spec."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import SHARED, needs_shared
from support.bounded import cli
from support.trees import files_under

OPENAI_JSON = SHARED / "specs" / "openai.json"


def _generate(spec: Path, out: Path, cache: Path | str, package: str) -> dict[str, Any]:
    report = out.parent / f"{out.name}-report.json"
    done = cli(
        *("generate", str(spec), "-o", str(out), "--package", package, "-q"),
        *("--report", str(report)),
        env={"GENERATOR_CACHE_DIR": str(cache)},
        memory=4 << 30,  # the address space of a process that forks workers
    )
    assert done.returncode == 0, done.stderr
    (entry,) = json.loads(report.read_text(encoding="utf-8"))
    return dict(entry)


def _same_as_from_scratch(spec: Path, out: Path, package: str) -> None:
    fresh = out.parent / (out.name + "-fresh")
    _generate(spec, fresh, "off", package)
    made, kept = files_under(fresh), files_under(out)
    assert sorted(made) == sorted(kept)
    stale = [path for path in made if made[path] != kept[path]]
    assert stale == []


def _bases(schemas: dict[str, Any]) -> list[str]:
    """Schemas that others name as an `allOf` part: the parser copies their
    properties and descriptions into those others."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for part in node.get("allOf") or []:
                if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                    found.add(part["$ref"].rsplit("/", 1)[-1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schemas)
    return sorted(name for name in found if name in schemas)


@needs_shared(OPENAI_JSON)
def test_pages_kept_after_description_edits_match_a_run_from_scratch(
    tmp_path: Path,
) -> None:
    data = json.loads(OPENAI_JSON.read_text(encoding="utf-8"))
    schemas = data["components"]["schemas"]
    spec, out, cache = tmp_path / "openai.json", tmp_path / "out", tmp_path / "cache"
    spec.write_text(json.dumps(data), encoding="utf-8")
    first = _generate(spec, out, cache, "openai")
    assert first["kept"] == 0

    fields = [
        field
        for base in _bases(schemas)
        for field in (schemas[base].get("properties") or {}).values()
        if isinstance(field, dict) and isinstance(field.get("description"), str)
    ]
    described = sorted(
        n for n in schemas if isinstance(schemas[n].get("description"), str)
    )
    operations = [
        op
        for item in data["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and isinstance(op.get("summary"), str)
    ]
    described_parameters = [
        p
        for op in operations
        for p in op.get("parameters") or []
        if isinstance(p.get("description"), str)
    ]
    edited = [
        # a property of an allOf part: shown on the pages of the schemas that flatten it
        (fields[0], "description", "Edited: see [this](https://x.test/)."),
        # a schema's own description: shown wherever the schema is a field or result
        (schemas[described[len(described) // 2]], "description", "Edited `again`."),
        (schemas[described[0]], "description", " "),  # blank: as if there were none
        # an operation's texts: its pages, its resource's page and module
        (operations[len(operations) // 3], "summary", "Edited summary"),
        (
            [op for op in operations if isinstance(op.get("description"), str)][-1],
            "description",
            "Edited *operation*.",
        ),
        (described_parameters[0], "description", "Edited parameter."),
    ]
    for node, key, text in edited:
        node[key] = text
        spec.write_text(json.dumps(data), encoding="utf-8")
        again = _generate(spec, out, cache, "openai")
        assert again["kept"] > 0.9 * again["files"] / 2  # the test sees reuse
        _same_as_from_scratch(spec, out, "openai")

    # A text taken out or put in is an edit of that text: only what reaches it
    # is made again.
    undescribed = [n for n in schemas if "description" not in schemas[n]]
    texts_moved: list[tuple[dict[str, Any], str, str | None]] = [
        (fields[-1], "description", None),  # an allOf part's property: taken out
        (schemas[described[-1]], "description", None),  # a schema's own
        (schemas[undescribed[len(undescribed) // 2]], "description", "Now *said*."),
        (operations[0], "summary", None),  # an operation's
        (described_parameters[-1], "description", None),  # a parameter's
    ]
    for node, key, moved in texts_moved:
        if moved is None:
            node.pop(key)
        else:
            node[key] = moved
        spec.write_text(json.dumps(data), encoding="utf-8")
        again = _generate(spec, out, cache, "openai")
        assert again["kept"] > 0.9 * again["files"] / 2, (key, moved)
        _same_as_from_scratch(spec, out, "openai")

    # Anything else (here a length limit put on a property) changes every file's
    # key: all are made again, and the Python modules kept above are not
    # formatted anew (the format memo kept their entries).
    fields[0]["maxLength"] = 99
    spec.write_text(json.dumps(data), encoding="utf-8")
    again = _generate(spec, out, cache, "openai")
    assert again["kept"] == 0 and again["formatted"] < 50
    _same_as_from_scratch(spec, out, "openai")


SPEC = """
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      summary: List the items.
      parameters:
        - {name: limit, in: query, description: At most this many., schema: {type: integer}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
components:
  schemas:
    Base:
      description: What every record has.
      type: object
      properties:
        id: {type: string, description: The record's id.}
    Item:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          properties:
            price: {type: integer}
    Note:
      description: A note.
      type: object
      properties:
        text: {type: string}
"""


def test_a_page_changed_on_disk_is_built_again(tmp_path: Path) -> None:
    spec, out, cache = tmp_path / "shop.yaml", tmp_path / "out", tmp_path / "cache"
    spec.write_text(SPEC, encoding="utf-8")
    _generate(spec, out, cache, "shop")
    pages = out / "docs" / "shop" / "schemas"
    (pages / "Item.md").write_text("edited by hand\n", encoding="utf-8")
    (pages / "Base.md").unlink()
    (out / "docs" / "shop" / "html" / "schemas" / "Item.html").write_bytes(b"\xff\xfe")
    spec.write_text(SPEC.replace("A note.", "A short note."), encoding="utf-8")
    report = _generate(spec, out, cache, "shop")
    assert report["kept"] > 0
    _same_as_from_scratch(spec, out, "shop")
    assert "The record's id." in (pages / "Item.md").read_text(encoding="utf-8")


def test_a_description_copied_through_all_of_reaches_the_page(tmp_path: Path) -> None:
    spec, out, cache = tmp_path / "shop.yaml", tmp_path / "out", tmp_path / "cache"
    spec.write_text(SPEC, encoding="utf-8")
    _generate(spec, out, cache, "shop")
    spec.write_text(SPEC.replace("The record's id.", "The id."), encoding="utf-8")
    report = _generate(spec, out, cache, "shop")
    assert report["kept"] > 0  # the Note pages
    _same_as_from_scratch(spec, out, "shop")
    page = out / "docs" / "shop" / "schemas" / "Item.md"
    assert "The id." in page.read_text(encoding="utf-8")


def test_keys_from_another_run_are_not_used(tmp_path: Path) -> None:
    """The keys live beside the run record, which holds their digest: the keys
    of an earlier run, beside a later record, would call the later pages those
    of the earlier spec. They are not used at all."""
    spec, out, cache = tmp_path / "shop.yaml", tmp_path / "out", tmp_path / "cache"
    spec.write_text(SPEC, encoding="utf-8")
    _generate(spec, out, cache, "shop")
    (keys,) = (cache / "runs").glob("*.side.json")
    earlier = keys.read_bytes()
    spec.write_text(SPEC.replace("A note.", "A short note."), encoding="utf-8")
    _generate(spec, out, cache, "shop")
    keys.write_bytes(earlier)
    spec.write_text(SPEC, encoding="utf-8")
    assert _generate(spec, out, cache, "shop")["kept"] == 0
    _same_as_from_scratch(spec, out, "shop")


def test_an_operations_texts_reach_its_pages_and_module(tmp_path: Path) -> None:
    spec, out, cache = tmp_path / "shop.yaml", tmp_path / "out", tmp_path / "cache"
    spec.write_text(SPEC, encoding="utf-8")
    _generate(spec, out, cache, "shop")
    for old, new in (
        ("List the items.", "List every item."),
        ("this many", "that many"),
    ):
        text = spec.read_text(encoding="utf-8").replace(old, new)
        spec.write_text(text, encoding="utf-8")
        report = _generate(spec, out, cache, "shop")
        assert report["kept"] > 0  # the models' pages and modules
        _same_as_from_scratch(spec, out, "shop")
        for shown in (
            out / "docs" / "shop" / "items" / "retrieve.md",
            out / "python" / "shop" / "resources" / "items.py",
        ):
            assert new in shown.read_text(encoding="utf-8")


MAIN = """
openapi: 3.1.0
info: {title: Shop, version: "1"}
paths:
  /items/{id}:
    get:
      operationId: getItem
      summary: Get an item.
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "shared.yaml#/Item"}
  /notes:
    get:
      operationId: listNotes
      summary: List the notes.
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Note"}
  /combos:
    get:
      operationId: listCombos
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Combo"}
components:
  schemas:
    Combo:
      description: Items sold together.
      allOf:
        - $ref: "shared.yaml#/Item"
        - type: object
          properties:
            qty: {type: integer}
    Price:
      description: What it costs.
      type: object
      properties:
        cents: {type: integer, description: In cents.}
    Base:
      type: object
      properties:
        sku: {type: string, description: The stock keeping unit.}
    Note:
      description: A note.
      type: object
      properties:
        text: {type: string}
"""

SHARED_FILE = """
Item:
  description: A thing for sale.
  allOf:
    - $ref: "openapi.yaml#/components/schemas/Base"
  type: object
  properties:
    name: {type: string, description: Its name.}
    price: {$ref: "openapi.yaml#/components/schemas/Price"}
"""


def test_a_spec_in_two_files_keeps_pages_and_follows_refs_back(
    tmp_path: Path,
) -> None:
    """The other file is one part, keyed as a schema is. A text of the main
    file reached through it (Item's price, back in the main file, and the
    property the parser copies into Item from its allOf part) reaches the pages
    that show Item, and those of Combo, which the parser builds from Item."""
    spec, out, cache = tmp_path / "openapi.yaml", tmp_path / "out", tmp_path / "cache"
    other = tmp_path / "shared.yaml"
    spec.write_text(MAIN, encoding="utf-8")
    other.write_text(SHARED_FILE, encoding="utf-8")
    _generate(spec, out, cache, "shop")
    edits = [
        (spec, "A note.", "A short note."),  # only Note's pages and the lists
        (spec, "In cents.", "In whole cents."),  # back through shared.yaml's Item
        (spec, "What it costs.", "Its cost."),
        (spec, "The stock keeping unit.", "The SKU."),  # copied into Item
    ]
    for path, old, new in edits:
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), "utf-8")
        report = _generate(spec, out, cache, "shop")
        assert report["kept"] > 0, (old, new)
        _same_as_from_scratch(spec, out, "shop")
    item = out / "docs" / "shop" / "items" / "retrieve.md"
    assert "In whole cents." in item.read_text(encoding="utf-8")
    assert "The SKU." in item.read_text(encoding="utf-8")
    combo = out / "docs" / "shop" / "schemas" / "Combo.md"
    assert "The SKU." in combo.read_text(encoding="utf-8")
    # The other file is one part: a text of it reaches the pages that show it.
    other.write_text(SHARED_FILE.replace("Its name.", "The name."), "utf-8")
    assert _generate(spec, out, cache, "shop")["kept"] > 0  # Note's pages
    _same_as_from_scratch(spec, out, "shop")
    assert "The name." in item.read_text(encoding="utf-8")
    # Anything else in it makes everything again.
    edited = SHARED_FILE.replace(
        "{type: string, description: Its name.}", "{type: string, maxLength: 9}"
    )
    other.write_text(edited, "utf-8")
    assert _generate(spec, out, cache, "shop")["kept"] == 0
    _same_as_from_scratch(spec, out, "shop")


def _posting(op_id: str, description: str) -> str:
    return f"""
    post:
      operationId: {op_id}
      summary: {op_id}.
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                address:
                  type: object
                  description: {description}
                  properties:
                    line1: {{type: string}}
                    geo:
                      type: object
                      properties:
                        lat: {{type: number}}
      responses:
        "204": {{description: Done.}}
"""


def _three_copies(first: str, second: str, third: str) -> str:
    return (
        'openapi: 3.1.0\ninfo: {title: Shop, version: "1"}\npaths:\n'
        + "  /orders:"
        + _posting("createOrder", first)
        + "  /orders/{id}:"
        + _posting("updateOrder", second)
        + "  /quotes:"
        + _posting("createQuote", third)
        + "components:\n  schemas:\n    Note: {type: object, description: A note.}\n"
    )


def test_an_inline_object_shared_across_paths_follows_description_edits(
    tmp_path: Path,
) -> None:
    """Copies of one inline object in three paths are one class, which lives in
    the first path's module and lists its users on its page. Editing a copy's
    description takes it out (the first's page no longer lists it); editing the
    first's hands the class to the next copy; undoing both brings all back."""
    spec, out, cache = tmp_path / "shop.yaml", tmp_path / "out", tmp_path / "cache"
    same = "Where it goes."
    for texts in [
        (same, same, same),
        (same, "Where it went.", same),
        ("Where it will go.", "Where it went.", same),
        (same, same, same),
    ]:
        spec.write_text(_three_copies(*texts), encoding="utf-8")
        report = _generate(spec, out, cache, "shop")
        assert report["kept"] > 0 or texts == (same, same, same)
        _same_as_from_scratch(spec, out, "shop")
