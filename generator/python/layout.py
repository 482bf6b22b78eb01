"""Statements written in black's layout by the templates themselves.

Only shapes the templates emit in bulk are here: imports, lists of names, tuples
of literals, and the common splits of fields, parameters and calls. They save
the format stage work; they are not what makes the output right. Whatever may
run past the line length is laid out by the format stage (`generator.pyformat`,
black's rules), which gives the same result for these shapes.
"""

from __future__ import annotations

from typing import Callable, Union

from generator.escape import py_literal, py_str
from generator.python.pytypes import (
    Builtin,
    DictOf,
    ListOf,
    LiteralOf,
    PyType,
    UnionOf,
)
from generator.records import record

LINE_LENGTH = 88


def from_import(module: str, names: list[str] | tuple[str, ...], depth: int = 0) -> str:
    indent = "    " * depth
    line = f"{indent}from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return line
    inner = "".join(f"{indent}    {name},\n" for name in names)
    return f"{indent}from {module} import (\n{inner}{indent})"


def assign_list(target: str, items: list[str] | tuple[str, ...], depth: int = 0) -> str:
    """`target = [items]` on one line, or one item per line when it does not fit."""
    indent = "    " * depth
    line = f"{indent}{target} = [{', '.join(items)}]"
    if len(line) <= LINE_LENGTH:
        return line
    inner = "".join(f"{indent}    {item},\n" for item in items)
    return f"{indent}{target} = [\n{inner}{indent}]"


def method_header(name: str, returns: str, depth: int = 1) -> str:
    """`def name(self) -> returns:`, split the way black splits it when too long."""
    indent = "    " * depth
    line = f"{indent}def {name}(self) -> {returns}:"
    if len(line) <= LINE_LENGTH:
        return line
    return f"{indent}def {name}(\n{indent}    self,\n{indent}) -> {returns}:"


def tuple_source(items: list[str] | tuple[str, ...]) -> str:
    """A tuple display: `(a,)` for one item, `(a, b)` for more (no magic trailing comma)."""
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


# -- statements whose long forms are laid out here, as black lays them out ---------
#
# Each returns the statement's text. When the one-line form fits it is used;
# otherwise the split black would make is built; and when that split is one
# this module does not know, the one-line form is returned and the format stage
# lays the statement out.


def security_source(alternatives: tuple[tuple[str, ...], ...]) -> str:
    """Requirement alternatives as source: a tuple of tuples of scheme keys."""
    return tuple_source([tuple_source([py_str(k) for k in a]) for a in alternatives])


def annotated(
    name: str,
    type_: PyType,
    default: str | None,
    depth: int,
    shadowed: frozenset[str] = frozenset(),
    parameter: bool = False,
) -> str:
    """A field (`name: annotation = default`) or a parameter (the same, ending in a comma).

    As black does: a field whose line is too long keeps its annotation and wraps
    the default in parentheses when that head fits; otherwise a union annotation
    goes in parentheses, on one line inside or one member a line.
    """
    indent = "    " * depth
    text = type_.annotation(shadowed)
    value = f" = {default}" if default is not None else ""
    end = "," if parameter else ""
    line = f"{indent}{name}: {text}{value}{end}"
    if len(line) <= LINE_LENGTH:
        return line
    if (
        default is not None
        and not parameter
        and len(f"{indent}{name}: {text} = (") <= LINE_LENGTH
    ):
        return f"{indent}{name}: {text} = (\n{indent}    {default}\n{indent})"
    if not isinstance(type_, UnionOf):
        # A subscript too long for its line (a Literal of many values) splits at
        # its brackets; black takes time growing faster than such a line.
        split = _annotation_lines(f"{name}: ", type_, value + end, depth, shadowed)
        return "\n".join(split) if split else line
    inner = indent + "    "
    if len(inner + text) <= LINE_LENGTH:
        body = inner + text
    else:
        lines: list[str] = []
        for i, member in enumerate(type_.members):
            split = _annotation_lines(
                "| " if i else "", member, "", depth + 1, shadowed
            )
            if split is None:
                return line
            lines.extend(split)
        body = "\n".join(lines)
    return f"{indent}{name}: (\n{body}\n{indent}){value}{end}"


def _annotation_lines(
    prefix: str, type_: PyType, suffix: str, depth: int, shadowed: frozenset[str]
) -> list[str] | None:
    """An annotation on one line, or split at its brackets and `|` as black splits it.

    None when black's split is one this module does not know (an `Annotated`).
    """
    return _subscript_lines(prefix, type_, suffix, depth, _Annotation(shadowed))


def alias(name: str, type_: PyType) -> str:
    """`Name: TypeAlias = <runtime expression>`, its brackets split as black splits them."""
    lines = _subscript_lines(f"{name}: TypeAlias = ", type_, "", 0, _runtime)
    return "\n".join(lines) if lines else f"{name}: TypeAlias = {type_.runtime()}"


def _runtime(type_: PyType) -> str:
    return type_.runtime()


@record
class _Annotation:
    """A type written as an annotation: unions with `|`, shadowed builtins qualified."""

    shadowed: frozenset[str]

    def __call__(self, type_: PyType) -> str:
        return type_.annotation(self.shadowed)


def _subscript_lines(
    prefix: str,
    type_: PyType,
    suffix: str,
    depth: int,
    form: Callable[[PyType], str],
) -> list[str] | None:
    indent = "    " * depth
    one = f"{indent}{prefix}{form(type_)}{suffix}"
    if len(one) <= LINE_LENGTH:
        return [one]
    if isinstance(type_, UnionOf) and isinstance(form, _Annotation):
        return _union_lines(prefix, type_, suffix, depth, form)
    parts = _subscript(type_)
    if parts is None:
        return None
    head = parts[0] if isinstance(parts[0], str) else form(parts[0])
    args = parts[1]
    opening, closing = f"{indent}{prefix}{head}[", f"{indent}]{suffix}"
    inner = "    " * (depth + 1)
    texts = [a if isinstance(a, str) else form(a) for a in args]
    joined = ", ".join(texts)
    if len(inner + joined) <= LINE_LENGTH:  # the arguments on one line inside
        return [opening, inner + joined, closing]
    if len(args) == 1:  # no comma to split at: the argument is split in turn
        arg = args[0]
        nested = (
            None
            if isinstance(arg, str)
            else _subscript_lines("", arg, "", depth + 1, form)
        )
        return None if nested is None else [opening, *nested, closing]
    lines = [opening]
    for arg, text in zip(args, texts):  # one argument a line, with a trailing comma
        if len(inner + text + ",") <= LINE_LENGTH:
            lines.append(inner + text + ",")
            continue
        nested = (
            None
            if isinstance(arg, str)
            else _subscript_lines("", arg, ",", depth + 1, form)
        )
        if nested is None:
            return None
        lines.extend(nested)
    lines.append(closing)
    return lines


def _union_lines(
    prefix: str, type_: UnionOf, suffix: str, depth: int, form: _Annotation
) -> list[str] | None:
    """A union too long for its line, inside brackets: one member a line, each
    after the first led by `|`, the suffix (a comma) after the last."""
    if prefix:
        return None  # a union after a name or `|`: not a shape the templates write
    lines: list[str] = []
    last = len(type_.members) - 1
    for i, member in enumerate(type_.members):
        split = _subscript_lines(
            "| " if i else "", member, suffix if i == last else "", depth, form
        )
        if split is None:
            return None
        lines.extend(split)
    return lines


def _subscript(
    type_: PyType,
) -> tuple[str | PyType, list[PyType | str]] | None:
    """(head, arguments) of a type written `head[arguments]`: a builtin head or
    argument is a Builtin, written `builtins.list` where shadowed, as anywhere."""
    if isinstance(type_, UnionOf):
        return "Union", list(type_.members)
    if isinstance(type_, LiteralOf):
        return "Literal", [py_literal(v) for v in type_.values]
    if isinstance(type_, ListOf):
        return Builtin("list"), [type_.item]
    if isinstance(type_, DictOf):
        return Builtin("dict"), [Builtin("str"), type_.value]
    return None


def call(prefix: str, function: str, args: list[str], suffix: str, depth: int) -> str:
    """`prefix function(args)suffix`: arguments on one line inside, or one a line."""
    indent = "    " * depth
    line = f"{indent}{prefix}{function}({', '.join(args)}){suffix}"
    if len(line) <= LINE_LENGTH:
        return line
    inner = "    " * (depth + 1)
    if len(inner + ", ".join(args)) <= LINE_LENGTH:
        return (
            f"{indent}{prefix}{function}(\n{inner}{', '.join(args)}\n{indent}){suffix}"
        )
    body = "".join(f"{inner}{arg},\n" for arg in args)
    return f"{indent}{prefix}{function}(\n{body}{indent}){suffix}"


def single_param(
    name: str,
    location: str,
    options: tuple[tuple[str, str], ...],
    enum: tuple[str, ...],
    depth: int,
) -> str:
    """An Endpoint's `params=` holding one Param: on one line, or split as black splits it.

    Never left to black: black's time grows faster than the line (a closed enum
    of 50,000 values is one such line).
    """
    indent = "    " * depth
    args = [py_str(name), py_str(location)] + [f"{k}={v}" for k, v in options]
    line = f"{indent}params=(Param({', '.join(args)}),),"
    if len(line) <= LINE_LENGTH:
        return line
    inner = param(name, location, options, enum, depth + 1)
    return f"{indent}params=(\n{inner}\n{indent}),"


def param(
    name: str,
    location: str,
    options: tuple[tuple[str, str], ...],
    enum: tuple[str, ...],
    depth: int,
) -> str:
    """One `Param(...)` entry of an Endpoint's params tuple (it ends with a comma)."""
    indent = "    " * depth
    args = [py_str(name), py_str(location)] + [f"{k}={v}" for k, v in options]
    line = f"{indent}Param({', '.join(args)}),"
    if len(line) <= LINE_LENGTH:
        return line
    inner = indent + "    "
    if len(inner + ", ".join(args)) <= LINE_LENGTH:
        return f"{indent}Param(\n{inner}{', '.join(args)}\n{indent}),"
    lines = [f"{indent}Param("]
    for arg in args:
        if (
            len(inner + arg + ",") <= LINE_LENGTH
            or not enum
            or not arg.startswith("enum=")
        ):
            lines.append(inner + arg + ",")
        else:  # a tuple display: black puts each item on a line of its own
            lines.append(inner + "enum=(")
            lines.extend(f"{inner}    {value}," for value in enum)
            lines.append(inner + "),")
    lines.append(f"{indent}),")
    return "\n".join(lines)


def signature(name: str, params: list[str], returns: str) -> str:
    """`def name(params) -> returns:` at module level, split as black splits it."""
    line = f"def {name}({', '.join(params)}) -> {returns}:"
    if len(line) <= LINE_LENGTH:
        return line
    inner = "    " + ", ".join(params)
    if len(inner) <= LINE_LENGTH:
        return f"def {name}(\n{inner}\n) -> {returns}:"
    body = "".join(f"    {p},\n" for p in params)
    return f"def {name}(\n{body}) -> {returns}:"


def sum_return(terms: list[str], depth: int) -> str:
    """`return a + b + ...`, split at the `+` signs, one a line, when it is too long."""
    indent = "    " * depth
    line = f"{indent}return {' + '.join(terms)}"
    if len(line) <= LINE_LENGTH or len(terms) < 3:  # black splits two terms its own way
        return line
    inner = indent + "    "
    if len(inner + " + ".join(terms)) <= LINE_LENGTH:
        return f"{indent}return (\n{inner}{' + '.join(terms)}\n{indent})"
    body = "\n".join(inner + ("+ " if i else "") + term for i, term in enumerate(terms))
    return f"{indent}return (\n{body}\n{indent})"


# -- expressions of nested brackets (type descriptors), laid out as black does -------


@record
class Bracketed:
    """`opener items closer`: a call such as `_s.union(a, b)`, or a dict display.

    explode: a collection display, which black puts one item a line whenever
    it splits it (a call's arguments stay on one line inside when they fit).
    """

    opener: str  # "_s.union(", "mapping={", "d["
    items: tuple[Code, ...]
    closer: str = ")"
    explode: bool = False


Code = Union[str, Bracketed]


def flat(code: Code) -> str:
    """The expression on one line."""
    if isinstance(code, str):
        return code
    return code.opener + ", ".join(flat(i) for i in code.items) + code.closer


def expression(code: Code, depth: int, prefix: str = "", suffix: str = "") -> str:
    """`prefix code suffix` at depth, split at its brackets, outermost first, as black does.

    When a split leaves the items too long for one line, each goes on a line
    of its own, with a trailing comma, and is split in turn.
    """
    return "\n".join(_lines(code, "    " * depth, prefix, suffix))


def _lines(code: Code, indent: str, prefix: str, suffix: str) -> list[str]:
    one = f"{indent}{prefix}{flat(code)}{suffix}"
    if len(one) <= LINE_LENGTH or isinstance(code, str) or not code.items:
        return [one]
    inner = indent + "    "
    head = f"{indent}{prefix}{code.opener}"
    tail = f"{indent}{code.closer}{suffix}"
    together = ", ".join(flat(i) for i in code.items)
    if len(inner + together) <= LINE_LENGTH and not (
        code.explode and len(code.items) > 1
    ):
        return [head, inner + together, tail]
    if len(code.items) == 1:  # no comma to split at: the item is split in turn
        return [head, *_lines(code.items[0], inner, "", ""), tail]
    body = [line for item in code.items for line in _lines(item, inner, "", ",")]
    return [head, *body, tail]


def conditional(
    value: Code, condition: str, otherwise: str, depth: int, prefix: str
) -> str:
    """`prefix value if condition else otherwise`; when too long, in parentheses, as black does.

    Black wraps the expression in parentheses, on one line inside when it
    fits, else one part a line: the value, `if ...`, `else ...`.
    """
    indent = "    " * depth
    text = f"{flat(value)} if {condition} else {otherwise}"
    line = f"{indent}{prefix}{text}"
    if len(line) <= LINE_LENGTH:
        return line
    inner = indent + "    "
    if len(inner + text) <= LINE_LENGTH:
        return f"{indent}{prefix}(\n{inner}{text}\n{indent})"
    parts = [
        *_lines(value, inner, "", ""),
        f"{inner}if {condition}",
        f"{inner}else {otherwise}",
    ]
    return "\n".join([f"{indent}{prefix}(", *parts, f"{indent})"])
