"""Find the line and column of any JSON pointer in a spec's text, for diagnostics.

Built lazily, only when a diagnostic needs a place: block-style YAML is read by
indentation alone (about ten times faster than composing it again), other YAML
is composed into nodes that keep their marks, and JSON is scanned token by token.
For the few places a large spec's diagnostics need, `locate_json` and
`locate_yaml` read the text only where the pointers lead.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from generator import jsonptr
from generator.linestarts import LineStarts, key_lines

if TYPE_CHECKING:
    import yaml


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
    import yaml  # only here: JSON and block YAML are read without it

    # Positions only: the C parser when PyYAML was built with libyaml.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)  # noqa: S506
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
        keyed = _yaml_key(stripped)
        if keyed is None:
            continue  # a scalar: a sequence item's value, or a continuation line
        key, value = keyed
        while stack[-1][0] >= column:
            stack.pop()
        pointer = jsonptr.join(stack[-1][1], key)
        out[pointer] = (number, column + 1)
        stack.append((column, pointer, False))
        if value[:1] in ("&", "*", "!"):
            raise ValueError("anchors, aliases or tags")
        if _BLOCK_SCALAR.match(value):
            scalar_above = column
    return out


def _yaml_key(stripped: str) -> tuple[str, str] | None:
    """The key a line (its indentation stripped) starts with, and what follows its
    colon (stripped); None when the line holds no key."""
    match = _YAML_KEY.match(stripped)
    if match is None:
        return None
    key = match.group(1) or match.group(2).rstrip(" \t")
    if key[0] in "&*!?":
        raise ValueError("anchors, aliases, tags or complex keys")
    if key[0] == '"':
        key = json.loads(key)
    elif key[0] == "'":
        key = key[1:-1].replace("''", "'")
    return key, stripped[match.end() :].strip()


# -- YAML, only where pointers lead ---------------------------------------------------

SPLIT_SIZE = 16_000  # characters: an entry this large is split again, not indexed
SPLIT_DEPTH = 3  # levels split at most (`components`, `schemas`, one schema)
# Line breaks other than \n, which `splitlines` counts and `str.count` would not.
_OTHER_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _other_breaks(text: str) -> bool:
    # `in` per character: a fast search each, where a character class is tried
    # at every position (19 ms on OpenAI's 3 MB, against 2).
    return any(char in text for char in _OTHER_BREAKS)


class _Unsplit(Exception):
    """The text is not split by indentation as `locate_yaml` expects."""


# At the top: a sequence, a marker or a directive, which the splitting does not follow.
_UNUSUAL_TOP = LineStarts(r"(?:-|\.\.\.|%)")
_CONTENT = LineStarts(r" *[^ #\n]")  # a line that is neither blank nor a comment


@lru_cache(maxsize=None)
def _shallower(indent: int) -> LineStarts:
    """Lines with content indented less than this (tabs included)."""
    return LineStarts(rf" {{0,{indent - 1}}}[^ #\n]")


@lru_cache(maxsize=None)
def _dash_keys(indent: int) -> LineStarts:
    """Lines at exactly this indentation starting with `-` and no space: a plain key
    such as `-x:` (an item is `- x`), which `key_lines` passes over."""
    return LineStarts(rf" {{{indent}}}-[^ \n]")


_NEXT_CONTENT = re.compile(r"\n( *)[^ #\n]")  # the next line with content


def _tree(pointers: list[str]) -> dict[str, Any]:
    """The pointers' tokens as a tree: where each step of a walk must go on."""
    tree: dict[str, Any] = {}
    for pointer in pointers:
        node = tree
        for token in pointer.split("/")[1:] if pointer.startswith("/") else []:
            node = node.setdefault(token, {})
    return tree


def locate_yaml(text: str, pointers: list[str]) -> dict[str, tuple[int, int]]:
    """Places of these pointers and of every parent on their way, as `index` gives them.

    Block YAML nests by indentation: a large mapping splits into its entries at
    the lines holding its keys (found by a regex, in C), and only the entries the
    pointers lead into are indexed, by `_index_block_yaml` on their lines alone,
    which gives the places it gives them in the whole text. On a large spec, the
    few hundred places diagnostics need cost a fraction of indexing every line
    (OpenAI's 3 MB: 0.2 s). Text that does not split so is indexed in full, and
    so is text whose entries, read where the pointers lead, hold what block lines
    cannot follow (an anchor, an alias, a tag, a key only YAML can decode): it is
    composed. One difference remains: when only entries the pointers do not lead
    into hold such things, `index` composes the whole text, which places a
    sequence item at its value rather than at its `-` (on the same line, unless
    the value starts on the next one).
    """
    wanted = _tree(pointers)
    if _other_breaks(text) or _UNUSUAL_TOP.any(text, 0, len(text)):
        return index(text, False)
    out: dict[str, tuple[int, int]] = {"": (1, 1)}
    try:
        _split(text, 0, len(text), 0, 1, "", wanted, out, 0)
    except (_Unsplit, ValueError):
        return index(text, False)  # composed, if the lines cannot be read alone
    return out


def _split(
    text: str,
    start: int,
    end: int,
    indent: int,
    line: int,
    pointer: str,
    below: dict[str, Any],
    out: dict[str, tuple[int, int]],
    depth: int,
) -> None:
    """The block mapping whose keys sit at `indent` in text[start:end], its first
    line numbered `line`: each entry the pointers lead into is split again or indexed.
    """
    firsts = key_lines(indent).starts(text, start, end)
    if not firsts or _CONTENT.any(text, start, firsts[0]):
        raise _Unsplit  # no key, or something before the first
    if indent and _shallower(indent).any(text, start, end):
        raise _Unsplit  # a line that belongs to no entry of this mapping
    if _dash_keys(indent).any(text, start, end):
        raise _Unsplit  # a key starting with `-`
    seen: set[str] = set()
    at = start
    for first, last in zip(firsts, firsts[1:] + [end]):
        line += text.count("\n", at, first)
        at = first
        head_end = text.find("\n", first, last)
        head_end = last if head_end < 0 else head_end
        keyed = _yaml_key(text[first + indent : head_end])
        if keyed is None:
            raise _Unsplit
        token = jsonptr.escape(keyed[0])
        if token in seen:
            raise _Unsplit  # a key given twice: its items are counted across both
        seen.add(token)
        if token not in below:
            continue
        child = f"{pointer}/{token}"
        nested = _NEXT_CONTENT.search(text, head_end, last)
        if (
            below[token]
            and depth < SPLIT_DEPTH
            and last - first > SPLIT_SIZE
            and keyed[1] == ""
            and nested is not None
            and len(nested.group(1)) > indent
            and text[nested.end() - 1] != "-"
        ):
            out[child] = (line, indent + 1)
            nested_indent = len(nested.group(1))
            _split(
                text,
                head_end + 1,
                last,
                nested_indent,
                line + 1,
                child,
                below[token],
                out,
                depth + 1,
            )
            continue
        for found, (number, column) in _index_block_yaml(text[first:last]).items():
            if found:
                out[pointer + found] = (line + number - 1, column)


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
    wanted = _tree(pointers)
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
