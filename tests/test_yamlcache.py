"""The incremental YAML parse gives the tree a whole parse gives, and reparses only what changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import yamlcache, yamlread
from generator.loader import _yaml_tree, load

from conftest import OPENAI_SPEC, needs_shared


class Counting:
    """A parser that counts the chunks it was asked to parse."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, text: str) -> Any:
        self.calls += 1
        return _yaml_tree(text)


def _schema(i: int) -> str:
    # Every schema is big enough that `schemas` is split into one entry per schema.
    return (
        f"    Schema{i}:\n"
        "      # a comment at the entry's own indentation\n"
        "      type: object\n"
        "      description: >+\n"
        f"        folded text {i}\n"
        "\n"
        "          more indented, kept\n"
        "\n"
        "      properties:\n"
        + "".join(
            f"        field_{j}:\n"
            "          type: string\n"
            f"          enum: [a{j}, 'b: {j}', \"c # {j}\"]\n"
            "          example: |\n"
            "            line one\n"
            "              line two\n"
            for j in range(40)
        )
        + "      required:\n      - field_0\n      - field_1\n"
    )


def _spec(schemas: int = 120, *, changed: int | None = None) -> str:
    body = "".join(_schema(i) for i in range(schemas))
    if changed is not None:
        body = body.replace(f"folded text {changed}\n", f"folded text {changed}!\n")
    return (
        "# leading comment\n"
        "openapi: 3.1.0\n"
        "info: {title: T, version: '1'}\n"
        "tags:\n- name: a\n- name: b\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n" + body + "  responses: {}\n"
    )


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_entries_parse_to_the_whole_documents_tree(tmp_path: Path, cache: Path) -> None:
    text = _spec()
    assert len(text) > yamlcache.MIN_SIZE
    parse = Counting()
    assert yamlcache.load(text, parse, tmp_path / "s.yaml") == _yaml_tree(text)
    assert parse.calls > 120  # it really went entry by entry


def test_only_the_changed_entry_is_parsed_again(tmp_path: Path, cache: Path) -> None:
    spec = tmp_path / "s.yaml"
    yamlcache.load(_spec(), Counting(), spec)
    again = Counting()
    assert yamlcache.load(_spec(), again, spec) == _yaml_tree(_spec())
    assert again.calls == 0
    text = _spec(changed=7)
    one = Counting()
    value = yamlcache.load(text, one, spec)
    assert value == _yaml_tree(text)
    assert value["components"]["schemas"]["Schema7"]["description"].startswith(
        "folded text 7!"
    )
    assert one.calls == 1


def test_an_alias_across_entries_falls_back_to_a_whole_parse(
    tmp_path: Path, cache: Path
) -> None:
    text = _spec().replace(
        "    Schema3:\n", "    Schema3: &shared\n      x-anchor: 1\n    Schema3b:\n", 1
    )
    text = text.replace("  responses: {}\n", "  responses:\n    R: *shared\n")
    assert yamlcache.load(text, Counting(), tmp_path / "s.yaml") is None
    spec = tmp_path / "s.yaml"
    spec.write_text(text, encoding="utf-8")
    assert load(spec).data == yamlread.read(text).value


@pytest.mark.parametrize("where", ["inside an entry", "across entries"])
def test_a_key_given_twice_is_reported_even_from_the_cache(
    tmp_path: Path, cache: Path, where: str
) -> None:
    if where == "inside an entry":
        text = _spec().replace(
            "      type: object\n", "      type: object\n      type: object\n", 1
        )
        expected = "/components/schemas/Schema0/type"
    else:
        text = _spec().replace("    Schema1:\n", "    Schema0:\n", 1)
        expected = "/components/schemas/Schema0"
    spec = tmp_path / "s.yaml"
    spec.write_text(text, encoding="utf-8")
    for _ in range(2):  # the second time with every other entry cached
        notes = load(spec).notes
        assert [(d.code, d.pointer) for d in notes] == [("duplicate-key", expected)]
        assert notes[0].line is not None


def test_a_syntax_error_is_reported_by_the_whole_parse(
    tmp_path: Path, cache: Path
) -> None:
    text = _spec().replace("      type: object\n", "      type: [object\n", 1)
    assert yamlcache.load(text, Counting(), tmp_path / "s.yaml") is None


def test_small_specs_and_a_disabled_cache_parse_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GENERATOR_CACHE_DIR", "off")
    assert yamlcache.load(_spec(), Counting(), tmp_path / "s.yaml") is None
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path / "cache"))
    assert yamlcache.load(_spec(3), Counting(), tmp_path / "s.yaml") is None


@needs_shared(OPENAI_SPEC)
def test_the_openai_spec_parses_the_same_in_entries(
    tmp_path: Path, cache: Path
) -> None:
    text = OPENAI_SPEC.read_text(encoding="utf-8")
    whole = _yaml_tree(text)
    spec = tmp_path / "openai.yaml"
    assert yamlcache.load(text, _yaml_tree, spec) == whole
    assert yamlcache.load(text, _yaml_tree, spec) == whole  # from the cache
