"""Load an OpenAPI document from YAML or JSON, and find the line of any JSON pointer.

YAML is read with the YAML 1.2 core schema that OpenAPI specifies, not PyYAML's
default 1.1 rules: `on`, `yes` and `1:30` stay strings, `012` is twelve, and dates
stay strings, so a spec means the same thing here as in every other tool. PyYAML's
C parser is used when it is installed. Lines are found lazily: only when a
diagnostic needs one is the text parsed again into nodes that keep their marks.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Hashable

import yaml

from generator import jsonptr, yamlcache
from generator.diagnostics import GeneratorError

if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:  # the C parser when PyYAML was built with libyaml: 3-5 times faster
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE_RESOLVERS: list[tuple[str, str, list[str]]] = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", ["<"]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        list("-+0123456789"),
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
]


_STR = "tag:yaml.org,2002:str"
_SPECIAL_FIRST = frozenset("~nNtTfF-+0123456789.<")


class SpecLoader(_BaseLoader):
    """A safe loader with YAML 1.2 core-schema scalars and string mapping keys."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)

    def resolve(
        self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]
    ) -> str:
        # Most plain scalars are words: only these first characters can start
        # anything but a string under the core schema (null, bool, numbers, merge).
        if (
            kind is yaml.ScalarNode
            and implicit[0]
            and value
            and value[0] not in _SPECIAL_FIRST
        ):
            return _STR
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]

    def construct_mapping(
        self, node: yaml.MappingNode, deep: bool = False
    ) -> dict[Hashable, Any]:
        mapping: dict[Hashable, Any] = super().construct_mapping(node, deep=deep)
        if all(type(k) is str for k in mapping):
            return mapping
        return {_key_text(k): v for k, v in mapping.items()}


def _key_text(key: object) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


for _tag, _pattern, _first in _CORE_RESOLVERS:
    SpecLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
SpecLoader.add_constructor("tag:yaml.org,2002:int", SpecLoader.construct_yaml_int)


@dataclass
class Document:
    """A loaded spec: its text, its parsed tree and a way to locate pointers in it."""

    path: Path
    text: str
    data: Any
    is_json: bool
    sha256: str
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
            self._lines = _index_lines(self.text, self.is_json)
        if pointer and not pointer.startswith("/"):
            return None
        probe = pointer
        while True:
            if probe in self._lines:
                return self._lines[probe]
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
    data = _parse_json(text, shown) if is_json else _parse_yaml(text, shown, path)
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise GeneratorError.single(
            "not-an-object",
            f"the document is {kind}, not an OpenAPI object",
            file=shown,
            line=1,
            column=1,
        )
    return Document(path, text, data, is_json, hashlib.sha256(raw).hexdigest())


def _parse_json(text: str, shown: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise GeneratorError.single(
            "syntax",
            f"invalid JSON: {exc.msg}",
            file=shown,
            line=exc.lineno,
            column=exc.colno,
        )
    except RecursionError:
        raise GeneratorError.single(
            "too-deep", "the JSON document is nested too deeply", file=shown
        )


def _parse_yaml(text: str, shown: str, path: Path | None = None) -> Any:
    try:
        if path is not None:
            value = yamlcache.load(text, _yaml_tree, path)
            if value is not None:
                return value
        return _yaml_tree(text)
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
    except (ValueError, RecursionError) as exc:
        raise GeneratorError.single("syntax", f"invalid YAML: {exc}", file=shown)


def _yaml_tree(text: str) -> Any:
    loader = SpecLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        fast = _construct(node)
        return fast if fast is not _UNUSUAL else loader.construct_document(node)
    finally:
        loader.dispose()


_UNUSUAL = object()
_SCALARS: dict[str, Any] = {
    "tag:yaml.org,2002:null": lambda text: None,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:int": lambda text: (
        int(text[2:], 8)
        if text.startswith("0o")
        else int(text[2:], 16) if text.startswith("0x") else int(text, 10)
    ),
    "tag:yaml.org,2002:float": lambda text: (
        float("nan")
        if text.lower() == ".nan"
        else float(
            text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
        )
    ),
}


def _construct(root: yaml.Node) -> Any:
    """Build the document from its nodes without PyYAML's generator-based constructor.

    Handles what specs use: mappings, sequences, core-schema scalars and aliases.
    Returns _UNUSUAL for anything else (merge keys, explicit tags), which the
    standard constructor then handles.
    """
    built: dict[int, Any] = {}
    pending: list[yaml.Node] = [root]

    def value(node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            convert = _SCALARS.get(node.tag)
            if convert is None:
                raise _Unusual
            return convert(node.value)
        known = built.get(id(node))
        if known is None:
            known = {} if isinstance(node, yaml.MappingNode) else []
            built[id(node)] = known
            pending.append(node)
        return known

    try:
        top = value(root)
        while pending:
            node = pending.pop()
            target: Any = built[id(node)]
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if (
                        not isinstance(key_node, yaml.ScalarNode)
                        or key_node.tag == "tag:yaml.org,2002:merge"
                    ):
                        raise _Unusual
                    key = value(key_node)
                    target[key if type(key) is str else _key_text(key)] = value(
                        value_node
                    )
            elif isinstance(node, yaml.SequenceNode):
                target.extend(value(item) for item in node.value)
    except _Unusual:
        return _UNUSUAL
    return top


class _Unusual(Exception):
    pass


def _index_lines(text: str, is_json: bool) -> dict[str, tuple[int, int]]:
    if is_json:
        return _index_json_lines(text)
    try:
        return _index_block_yaml(text)
    except ValueError:
        return _index_composed(text)


def _index_composed(text: str) -> dict[str, tuple[int, int]]:
    """Positions from PyYAML's node tree: exact for any YAML, but a full second parse."""
    try:
        root = yaml.compose(text, Loader=SpecLoader)  # noqa: S506
    except (yaml.YAMLError, RecursionError):
        return {}
    out: dict[str, tuple[int, int]] = {}
    stack: list[tuple[str, yaml.Node]] = [("", root)] if root is not None else []
    while stack:
        pointer, node = stack.pop()
        out[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((jsonptr.join(pointer, str(key.value)), value))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                stack.append((jsonptr.join(pointer, i), value))
    return out


_YAML_KEY = re.compile(
    r"""("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\[\]{},&*!|>%@`-][^#]*?|-[^\s][^#]*?)[ \t]*:(?:[ \t]+|$)"""
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
        key = match.group(1)
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
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - starts[lo] + 1

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
