"""The TOML form of a configuration key's type annotation: check, convert, describe.

A key annotated `str` takes a TOML string, `Path` a string (resolved against the
configuration's directory), `bool` true or false, `int` an integer,
`tuple[X, ...]` an array, `Mapping[str, X]` a table, and a dataclass a table of
its fields (each optional, by its own type); `X | None` takes what X takes (TOML
has no null); `Any` takes anything, for a table its caller reads.
"""

from __future__ import annotations

import dataclasses
import datetime
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints


def _members(hint: Any) -> tuple[Any, ...] | None:
    """The members of a union, None left out; None when hint is not a union."""
    if get_origin(hint) in (Union, types.UnionType):
        return tuple(a for a in get_args(hint) if a is not type(None))
    return None


def conforms(value: Any, hint: Any) -> bool:
    members = _members(hint)
    if members is not None:
        return any(conforms(value, m) for m in members)
    origin, args = get_origin(hint), get_args(hint)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint in (str, Path):
        return isinstance(value, str)
    if origin is tuple:
        return isinstance(value, list) and all(conforms(v, args[0]) for v in value)
    if origin in (dict, Mapping):
        return isinstance(value, dict) and all(
            isinstance(k, str) and conforms(v, args[1]) for k, v in value.items()
        )
    if dataclasses.is_dataclass(hint):
        fields = get_type_hints(hint)
        return isinstance(value, dict) and all(
            k in fields and conforms(v, fields[k]) for k, v in value.items()
        )
    if hint is Any:
        return True
    raise TypeError(f"a configuration key of type {hint!r} has no TOML form")


def convert(value: Any, hint: Any, base: Path) -> Any:
    """A conforming TOML value as the key's type; paths are resolved against base."""
    members = _members(hint)
    if members is not None:
        return convert(value, next(m for m in members if conforms(value, m)), base)
    origin, args = get_origin(hint), get_args(hint)
    if hint is Path:
        return base / value
    if origin is tuple:
        return tuple(convert(v, args[0], base) for v in value)
    if origin in (dict, Mapping):
        return {k: convert(v, args[1], base) for k, v in value.items()}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        fields = get_type_hints(hint)
        return hint(**{k: convert(v, fields[k], base) for k, v in value.items()})
    return value


def describe(hint: Any) -> str:
    """The type as a message names it: "a string", "an array of strings"."""
    return _names(hint)[0]


def _names(hint: Any) -> tuple[str, str]:
    members = _members(hint)
    if members is not None:
        names = [_names(m) for m in members]
        return " or ".join(n[0] for n in names), " or ".join(n[1] for n in names)
    origin, args = get_origin(hint), get_args(hint)
    if hint is bool:
        return "true or false", "booleans"
    if hint is int:
        return "an integer", "integers"
    if hint is str:
        return "a string", "strings"
    if hint is Path:
        return "a path (a string)", "paths"
    if origin is tuple:
        inner = _names(args[0])[1]
        return f"an array of {inner}", f"arrays of {inner}"
    if origin in (dict, Mapping):
        inner = _names(args[1])[1]
        return f"a table of {inner}", f"tables of {inner}"
    if dataclasses.is_dataclass(hint):
        fields = get_type_hints(hint)
        keys = ", ".join(f"{k} ({_names(h)[0]})" for k, h in fields.items())
        return f"a table with the keys {keys}", f"tables with the keys {keys}"
    return "anything", "anything"


def toml_type(value: Any) -> str:
    """What a TOML value is, for a message: "a string", "an array"."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (datetime.date, datetime.time)):
        return "a date or time"
    return type(value).__name__
