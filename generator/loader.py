"""Load an OpenAPI document from YAML or JSON, and find the line of any JSON pointer.

YAML is read by `generator.yamlread` (the YAML 1.2 core schema), large YAML
specs entry by entry through `generator.yamlcache`, and JSON by the standard
library. Whatever the text holds, loading ends in a tree or in one located
error: a syntax error, an integer too long to read, a lone surrogate, aliases
that would make the tree infinite or far larger than its text
(`generator.aliases`). Keys given twice become warnings. Lines are found
lazily (`generator.lines`): only when a diagnostic needs one.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from generator import jsonptr, lines
from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.reading import Duplicate, too_many_digits


@dataclass
class Document:
    """A loaded spec: its text, its parsed tree and a way to locate pointers in it."""

    path: Path
    text: str
    data: Any
    is_json: bool
    sha256: str
    notes: list[Diagnostic] = field(default_factory=list)  # found while loading
    _lines: dict[str, tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    def lines(self) -> dict[str, tuple[int, int]] | None:
        """The line index, if it has been built."""
        return self._lines

    def use_lines(self, lines: dict[str, tuple[int, int]]) -> None:
        """Adopt a line index built elsewhere (in another process) for this text."""
        self._lines = lines

    def locate(self, pointer: str) -> tuple[int, int] | None:
        """1-based (line, column) of the value at pointer, or of its nearest parent."""
        if self._lines is None:
            self._lines = lines.index(self.text, self.is_json)
        return _nearest(self._lines, pointer)

    def locate_all(self, pointers: list[str]) -> dict[str, tuple[int, int]]:
        """The places of these pointers (those that have one), as `locate` gives them.

        Text not indexed yet is read only where the pointers lead.
        """
        if self._lines is None:
            locate = lines.locate_json if self.is_json else lines.locate_yaml
            found = locate(self.text, pointers)
        else:
            found = self._lines
        places = {}
        for pointer in pointers:
            place = _nearest(found, pointer)
            if place is not None:
                places[pointer] = place
        return places


def _nearest(
    places: dict[str, tuple[int, int]], pointer: str
) -> tuple[int, int] | None:
    """The place of pointer, or of its nearest parent that has one."""
    if pointer and not pointer.startswith("/"):
        return None
    probe = pointer
    while True:
        if probe in places:
            return places[probe]
        if not probe:
            return None
        probe = probe.rsplit("/", 1)[0]


def load(path: Path | str) -> Document:
    """Read and parse a spec file; raise GeneratorError with file, line and column."""
    path = Path(path)
    shown = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise GeneratorError.single(
            "file-not-found", f"no such file: {shown}", file=shown
        )
    except IsADirectoryError:
        raise GeneratorError.single(
            "file-not-found", f"{shown} is a directory, not a spec file", file=shown
        )
    except OSError as exc:
        raise GeneratorError.single(
            "file-unreadable", f"cannot read {shown}: {exc.strerror}", file=shown
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GeneratorError.single(
            "encoding",
            f"{shown} is not UTF-8 (bad byte at offset {exc.start})",
            file=shown,
        )
    is_json = path.suffix.lower() == ".json" or (
        path.suffix.lower() not in (".yaml", ".yml") and text.lstrip().startswith("{")
    )
    if is_json:
        data, duplicates = _parse_json(text, shown)
    else:
        data, duplicates = _parse_yaml(text, shown, path)
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise GeneratorError.single(
            "not-an-object",
            f"the document is {kind}, not an OpenAPI object",
            file=shown,
            line=1,
            column=1,
        )
    notes = _duplicate_notes(data, duplicates, shown)
    return Document(path, text, data, is_json, hashlib.sha256(raw).hexdigest(), notes)


# -- JSON ------------------------------------------------------------------------------

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _parse_json(text: str, shown: str) -> tuple[Any, list[Duplicate]]:
    duplicates: list[Duplicate] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(items)
        if len(mapping) < len(items):
            seen: set[str] = set()
            for key, _ in items:
                if key in seen:
                    duplicates.append(Duplicate(mapping, key, 0, 0))
                seen.add(key)
        return mapping

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise GeneratorError.single(
            "syntax",
            f"invalid JSON: {exc.msg}",
            file=shown,
            line=exc.lineno,
            column=exc.colno,
        )
    except _TooLong as exc:
        line, column = _offset_place(text, _number_offset(text, exc.args[1]))
        raise GeneratorError.single(
            "syntax",
            f"invalid JSON: {exc.args[0]}",
            file=shown,
            line=line,
            column=column,
        )
    except RecursionError:
        raise GeneratorError.single(
            "too-deep", "the JSON document is nested too deeply", file=shown
        )
    if _SURROGATE_ESCAPE.search(text):
        _refuse_surrogates(data, text, shown)
    return data, duplicates


class _TooLong(ValueError):
    pass


def _json_int(text: str) -> int:
    problem = too_many_digits(text)
    if problem is not None:
        raise _TooLong(problem, text)
    return int(text)


def _number_offset(text: str, number: str) -> int:
    """Where a number token stands in JSON text (the first such token)."""
    token = re.compile(r"[\[:,]\s*(" + re.escape(number) + r")(?![0-9.eE])")
    found = token.search(text)
    return found.start(1) if found else 0


def _offset_place(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _refuse_surrogates(data: Any, text: str, shown: str) -> None:
    """A `\\ud800` escape with no partner decodes to text no file can hold: refuse it."""
    for pointer, string in _strings(data):
        try:
            string.encode("utf-8")
        except UnicodeEncodeError as exc:
            char = f"\\u{ord(string[exc.start]):04x}"
            where = lines.index(text, True)
            probe = pointer
            while probe not in where and probe:
                probe = probe.rsplit("/", 1)[0]
            line, column = where.get(probe, (None, None))
            raise GeneratorError.single(
                "syntax",
                f"invalid JSON: a lone surrogate {char} in a string (it encodes no character)",
                file=shown,
                line=line,
                column=column,
                pointer=pointer,
            )


def _strings(data: Any) -> Iterator[tuple[str, str]]:
    """(pointer, text) of every key and string value."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                where = jsonptr.join(pointer, key)
                yield where, key
                stack.append((where, value))
        elif isinstance(node, list):
            stack.extend((jsonptr.join(pointer, i), v) for i, v in enumerate(node))
        elif isinstance(node, str):
            yield pointer, node


# -- YAML ------------------------------------------------------------------------------


def _parse_yaml(
    text: str, shown: str, path: Path | None = None
) -> tuple[Any, list[Duplicate]]:
    import yaml  # PyYAML and the readers built on it: only to read YAML

    from generator import aliases, yamlcache, yamlread

    try:
        if path is not None:
            value = yamlcache.load(text, _yaml_tree, path)
            if value is not None:
                return value, []
        tree = yamlread.read(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise GeneratorError.single(
            "syntax",
            f"invalid YAML: {problem}",
            file=shown,
            line=line,
            column=column,
        )
    except yaml.YAMLError as exc:
        raise GeneratorError.single("syntax", f"invalid YAML: {exc}", file=shown)
    except RecursionError:
        raise GeneratorError.single(
            "too-deep", "the YAML document is nested too deeply", file=shown
        )
    except ValueError as exc:
        raise GeneratorError.single("syntax", f"invalid YAML: {exc}", file=shown)
    if tree.shared:
        aliases.check(tree.value, text, shown)
    return tree.value, tree.duplicates


class _Whole(Exception):
    """An entry that must be read with the whole document (yamlcache reads it so)."""


def _yaml_tree(text: str) -> Any:
    """One entry of a large spec, for yamlcache: aliases and repeated keys need the whole."""
    from generator import yamlread

    tree = yamlread.read(text)
    if tree.shared or tree.duplicates:
        raise _Whole
    return tree.value


def _duplicate_notes(
    data: Any, duplicates: list[Duplicate], shown: str
) -> list[Diagnostic]:
    if not duplicates:
        return []
    pointers = _container_pointers(data, {id(d.mapping) for d in duplicates})
    notes = []
    for d in duplicates:
        pointer = jsonptr.join(pointers.get(id(d.mapping), ""), d.key)
        notes.append(
            Diagnostic(
                Level.WARNING,
                "duplicate-key",
                f"the key {d.key!r} is given more than once; the last one is used",
                pointer,
                shown,
                d.line or None,
                d.column or None,
            )
        )
    return notes


def _container_pointers(data: Any, wanted: set[int]) -> dict[int, str]:
    """Pointers of the wanted containers (by id), each container entered once."""
    found: dict[int, str] = {}
    entered: set[int] = set()
    stack: list[tuple[str, Any]] = [("", data)]
    while stack and len(found) < len(wanted):
        pointer, node = stack.pop()
        if not isinstance(node, (dict, list)) or id(node) in entered:
            continue
        entered.add(id(node))
        if id(node) in wanted:
            found[id(node)] = pointer
        items = node.items() if isinstance(node, dict) else enumerate(node)
        stack.extend((jsonptr.join(pointer, k), v) for k, v in items)
    return found
