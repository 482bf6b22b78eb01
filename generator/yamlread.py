"""Build a spec's tree from YAML text, with the YAML 1.2 core schema OpenAPI specifies.

Not PyYAML's default 1.1 rules: `on`, `yes` and `1:30` stay strings, `012` is
twelve, and dates stay strings, so a spec means the same thing here as in every
other tool. PyYAML's C parser is used when it is installed.

Reading also notes what the generator must report or bound: keys given twice
(the last one is used, with a warning) and aliases (a node used more than once,
checked by `generator.aliases` before anything walks the tree). An integer too
long for Python to read is an error at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Hashable

import yaml

from generator.reading import Duplicate, too_many_digits

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
_MERGE = "tag:yaml.org,2002:merge"
_SPECIAL_FIRST = frozenset("~nNtTfF-+0123456789.<")


def _int(text: str) -> int:
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    problem = too_many_digits(text)
    if problem is not None:
        raise ValueError(problem)
    return int(text, 10)


def _float(text: str) -> float:
    if text.lower() == ".nan":
        return float("nan")
    return float(
        text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
    )


_SCALARS: dict[str, Any] = {
    "tag:yaml.org,2002:null": lambda text: None,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:int": _int,
    "tag:yaml.org,2002:float": _float,
}


@dataclass
class Tree:
    value: Any
    shared: bool  # some node is used more than once (an alias): check before walking
    duplicates: list[Duplicate] = field(default_factory=list)


class SpecLoader(_BaseLoader):
    """A safe loader with YAML 1.2 core-schema scalars and string mapping keys.

    Used as is only for documents with merge keys or explicit tags; the rest
    are built by `_construct` from the composed nodes.
    """

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[Duplicate] = []

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return _int(str(self.construct_scalar(node)))
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, str(exc), node.start_mark
            ) from None

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
        own = [k for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        mapping: dict[Hashable, Any] = super().construct_mapping(node, deep=deep)
        if not all(type(k) is str for k in mapping):
            mapping = {_key_text(k): v for k, v in mapping.items()}
        seen: set[str] = set()
        for key_node in own:  # the mapping's own keys: merged ones may be overridden
            if key_node.tag == _MERGE:
                continue
            key = _key_text(self.construct_object(key_node))
            if key in seen:
                self.duplicates.append(_duplicate(mapping, key, key_node))
            seen.add(key)
        return mapping


def _key_text(key: object) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _duplicate(mapping: dict[Any, Any], key: str, node: yaml.Node) -> Duplicate:
    return Duplicate(mapping, key, node.start_mark.line + 1, node.start_mark.column + 1)


for _tag, _pattern, _first in _CORE_RESOLVERS:
    SpecLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
SpecLoader.add_constructor("tag:yaml.org,2002:int", SpecLoader.construct_yaml_int)


def read(text: str) -> Tree:
    """The document in text; raises yaml.YAMLError (with a mark) when it is not YAML."""
    loader = SpecLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Tree(None, False)
        fast = _construct(node)
        if fast is not None:
            return fast
        # Merge keys or explicit tags: PyYAML's constructor, checked as if shared.
        value = loader.construct_document(node)
        return Tree(value, True, loader.duplicates)
    finally:
        loader.dispose()


class _Unusual(Exception):
    pass


def _construct(root: yaml.Node) -> Tree | None:
    """Build the document from its nodes without PyYAML's generator-based constructor.

    Handles what specs use: mappings, sequences, core-schema scalars and aliases
    (a node reached again is the same object, never a copy). Returns None for
    anything else (merge keys, explicit tags), which the standard constructor
    then handles.
    """
    built: dict[int, Any] = {}
    pending: list[yaml.Node] = []
    duplicates: list[Duplicate] = []
    shared = False

    def value(node: yaml.Node) -> Any:
        nonlocal shared
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            convert = _SCALARS.get(node.tag)
            if convert is None:
                raise _Unusual
            try:
                return convert(node.value)
            except ValueError as exc:
                raise yaml.constructor.ConstructorError(
                    None, None, str(exc), node.start_mark
                ) from None
        known = built.get(id(node))
        if known is None:
            known = {} if isinstance(node, yaml.MappingNode) else []
            built[id(node)] = known
            pending.append(node)
        else:
            shared = True
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
                        or key_node.tag == _MERGE
                    ):
                        raise _Unusual
                    key = value(key_node)
                    if type(key) is not str:
                        key = _key_text(key)
                    if key in target:
                        duplicates.append(_duplicate(target, key, key_node))
                    target[key] = value(value_node)
            elif isinstance(node, yaml.SequenceNode):
                target.extend(value(item) for item in node.value)
    except _Unusual:
        return None
    return Tree(top, shared, duplicates)
