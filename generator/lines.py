"""Find the line and column of any JSON pointer in a spec's text, for diagnostics.

Built lazily, only when a diagnostic needs a place: block-style YAML is read by
indentation alone (about ten times faster than composing it again), other YAML
is composed into nodes that keep their marks, and JSON is scanned token by token.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Any

import yaml

from generator import jsonptr

if TYPE_CHECKING:
    _Loader = yaml.SafeLoader
else:  # positions only: the C parser when PyYAML was built with libyaml
    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def index(text: str, is_json: bool) -> dict[str, tuple[int, int]]:
    if is_json:
        return _index_json_lines(text)
    try:
        return _index_block_yaml(text)
    except ValueError:
        return _index_composed(text)


def _index_composed(text: str) -> dict[str, tuple[int, int]]:
    """Positions from PyYAML's node tree: exact for any YAML, but a full second parse.

    Every node is entered once: an alias is located where it is used and the
    node it names is not walked again, so aliases cost what their text costs.
    """
    try:
        root = yaml.compose(text, Loader=_Loader)  # noqa: S506
    except (yaml.YAMLError, RecursionError):
        return {}
    if root is None:
        return {}
    out: dict[str, tuple[int, int]] = {}
    entered: set[int] = set()
    stack: list[tuple[str, yaml.Node, yaml.Mark]] = [("", root, root.start_mark)]
    while stack:
        pointer, node, mark = stack.pop()
        out[pointer] = (mark.line + 1, mark.column + 1)
        if id(node) in entered:
            continue
        entered.add(id(node))
        if isinstance(node, yaml.MappingNode):
            # A member is located at its key; the last of repeated keys wins, as in the data.
            for key, value in reversed(node.value):
                stack.append(
                    (jsonptr.join(pointer, str(key.value)), value, key.start_mark)
                )
        elif isinstance(node, yaml.SequenceNode):
            for i in reversed(range(len(node.value))):
                value = node.value[i]
                stack.append((jsonptr.join(pointer, i), value, value.start_mark))
    return out


# A key: quoted (spaces may come before its colon), or plain (its trailing spaces are
# stripped afterwards; matching them here would make a long run of spaces quadratic).
_YAML_KEY = re.compile(
    r"""(?:("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ \t]*|([^\s#'"\[\]{},&*!|>%@`-][^#]*?|-[^\s][^#]*?)):(?:[ \t]+|$)"""
)
_BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*\s*(#.*)?$")


def _index_block_yaml(text: str) -> dict[str, tuple[int, int]]:
    """Positions (of the key, or of the `-`) in block-style YAML, from indentation alone.

    About ten times faster than composing the document again. Flow collections
    are not entered (their children resolve to the collection); documents this
    cannot follow (anchors, tags, complex keys, several documents) raise
    ValueError and are composed instead.
    """
    out: dict[str, tuple[int, int]] = {"": (1, 1)}
    stack: list[tuple[int, str, bool]] = [
        (-1, "", False)
    ]  # (column, pointer, is an item)
    counters: dict[str, int] = {}
    scalar_above = -1  # inside a block scalar: lines indented more than this are text
    started = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        column = len(line) - len(stripped)
        if not stripped or stripped.startswith("#"):
            continue
        if scalar_above >= 0:
            if column > scalar_above:
                continue
            scalar_above = -1
        if column == 0 and stripped.startswith(("---", "...", "%")):
            if started or not stripped.startswith("---"):
                raise ValueError("directives or several documents")
            continue
        started = True
        while stripped.startswith("- ") or stripped == "-":
            while stack[-1][0] > column or (stack[-1][0] == column and stack[-1][2]):
                stack.pop()
            parent = stack[-1][1]
            index = counters.get(parent, 0)
            counters[parent] = index + 1
            pointer = f"{parent}/{index}"
            out[pointer] = (number, column + 1)
            stack.append((column, pointer, True))
            rest = stripped[1:].lstrip(" ")
            column += len(stripped) - len(rest)
            stripped = rest
        if not stripped:
            continue
        match = _YAML_KEY.match(stripped)
        if match is None:
            continue  # a scalar: a sequence item's value, or a continuation line
        key = match.group(1) or match.group(2).rstrip(" \t")
        if key[0] in "&*!?":
            raise ValueError("anchors, aliases, tags or complex keys")
        if key[0] == '"':
            key = json.loads(key)
        elif key[0] == "'":
            key = key[1:-1].replace("''", "'")
        while stack[-1][0] >= column:
            stack.pop()
        pointer = jsonptr.join(stack[-1][1], key)
        out[pointer] = (number, column + 1)
        stack.append((column, pointer, False))
        value = stripped[match.end() :].strip()
        if value[:1] in ("&", "*", "!"):
            raise ValueError("anchors, aliases or tags")
        if _BLOCK_SCALAR.match(value):
            scalar_above = column
    return out


_JSON_TOKEN = re.compile(r'\s*(?:(")|([{}\[\],:])|([^\s{}\[\],:"]+))')


def _index_json_lines(text: str) -> dict[str, tuple[int, int]]:
    """Pointer positions in JSON text that YAML cannot compose (tabs, odd escapes)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(offset: int) -> tuple[int, int]:
        line = bisect_right(starts, offset)  # the C bisection: a third of the time
        return line, offset - starts[line - 1] + 1

    out: dict[str, tuple[int, int]] = {}
    frames: list[list[Any]] = (
        []
    )  # [pointer, is_object, next_index, pending_key, key_offset]
    pos = 0
    pointer = ""
    expect_value = True
    while pos < len(text):
        m = _JSON_TOKEN.match(text, pos)
        if not m:
            break
        start = m.start(1) if m.group(1) else m.start(2) if m.group(2) else m.start(3)
        if m.group(1):
            value, end = json.decoder.scanstring(text, start + 1)  # type: ignore[attr-defined]
            if frames and frames[-1][1] and not expect_value:
                frames[-1][3], frames[-1][4] = value, start
            else:
                out.setdefault(pointer, where(start))
            pos = end
            continue
        tok = m.group(2) or m.group(3)
        if tok in "{[":
            out.setdefault(pointer, where(start))
            frames.append([pointer, tok == "{", 0, None, 0])
            expect_value = tok == "["
            if tok == "[":
                pointer = jsonptr.join(frames[-1][0], 0)
        elif tok in "}]":
            frames.pop()
        elif tok == ":":
            # A member is located at its key, as in YAML.
            pointer = jsonptr.join(frames[-1][0], frames[-1][3])
            out[pointer] = where(frames[-1][4])
            expect_value = True
        elif tok == ",":
            if frames and not frames[-1][1]:
                frames[-1][2] += 1
                pointer = jsonptr.join(frames[-1][0], frames[-1][2])
            else:
                expect_value = False
        else:
            out.setdefault(pointer, where(start))
        pos = m.end()
    return out


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SCAN = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # C: one value


def locate_json(text: str, pointers: list[str]) -> dict[str, tuple[int, int]]:
    """Places of these pointers and of every parent on their way, as `index` gives them.

    One walk that descends only where a pointer leads and skips every other value
    with the C scanner: for the few hundred places diagnostics need in a large
    spec, a fraction of indexing every value of the text. Text the C scanner
    refuses is indexed in full.
    """
    wanted: dict[str, Any] = {}
    for pointer in pointers:
        node = wanted
        for token in pointer.split("/")[1:] if pointer.startswith("/") else []:
            node = node.setdefault(token, {})
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out: dict[str, tuple[int, int]] = {}

    def where(offset: int) -> tuple[int, int]:
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def walk(pos: int, pointer: str, below: dict[str, Any]) -> int:
        """The value at pos entered where pointers lead; returns the offset after it."""
        pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
        out.setdefault(pointer, where(pos))
        if not below or text[pos] not in "{[":
            return int(_SCAN(text, pos)[1])
        is_object = text[pos] == "{"
        pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
        index = 0
        while text[pos] not in "}]":
            if is_object:
                key_at = pos
                key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
                pos = _WHITESPACE.match(text, pos).end() + 1  # type: ignore[union-attr]
                token = jsonptr.escape(key)
                if token in below:  # a member is located at its key, the last one wins
                    out[pointer + "/" + token] = where(key_at)
            else:
                token = str(index)
            if token in below:
                pos = walk(pos, pointer + "/" + token, below[token])
            else:
                pos = int(_SCAN(text, _WHITESPACE.match(text, pos).end())[1])  # type: ignore[union-attr]
            pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos] == ",":
                pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            index += 1
        return pos + 1

    try:
        walk(0, "", wanted)
    except (ValueError, IndexError, StopIteration, RecursionError):
        return _index_json_lines(text)
    return out
