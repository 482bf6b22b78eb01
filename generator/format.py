"""Format stage: every Python file is parsed, then laid out as black would.

Parsing doubles as a validity gate: a template bug that produces invalid Python
is reported with the file and line instead of being written.

The templates emit black's layout already: imports, lists, docstrings
(`escape.docstring` mirrors black's rules), one argument per line with magic
trailing commas. What they leave on one line may run past the line length (a
long annotation, a long Literal, a call): each logical line holding such a line
is laid out by `generator.pyformat`, which applies black 26's own splitting
rules. Black is not needed: the output is the same whichever black the user
has, or none. Tests run black 26.10.1 over complete outputs to prove the result
is what formatting everything with it gives.

A target's results are remembered in one memo file in the user's cache, keyed
by the text of each file and by the formatter's own code: a re-run that changes
a few files parses and lays out only those. (One file per target, read and
written once: a cache entry per file cost a cold run more than it saved.)
"""

from __future__ import annotations

import ast
import hashlib
import json
import symtable
from functools import lru_cache
from pathlib import Path
from typing import AbstractSet, Callable, TypeVar

from generator.cache import stamp
from generator.diagnostics import GeneratorError
from generator.heap import collecting
from generator.paths import cache_dir, write_cache_file
from generator.pyformat.source import (
    lay_out,
    lay_out_lines,
    long_lines,
    outside_lone_strings,
)

Memo = dict[str, "str | None"]  # source key -> laid-out text, None when unchanged


def is_python(path: str) -> bool:
    return path.endswith((".py", ".pyi"))


def format_source(path: str, source: str) -> str:
    if not is_python(path):
        return source
    # Long lines in docstrings stay as written; the others' logical lines are laid out.
    targets = outside_lone_strings(source, long_lines(source.splitlines(True)))
    if targets and "\\\n" in source:  # a continued line: the tree finds them
        return lay_out(_checked(path, lambda: ast.parse(source, filename=path)), source)
    _checked(path, lambda: symtable.symtable(source, path, "exec"))
    return lay_out_lines(source, targets) if targets else source


_T = TypeVar("_T")


def _checked(path: str, parse: Callable[[], _T]) -> _T:
    """The parse, its syntax error reported as a generator bug.

    Modules are parsed by `symtable`, which builds no Python syntax tree: a
    third of the time of `ast.parse`, and it refuses what compiling refuses at
    that stage too (a repeated argument). Only a module with a backslash
    continuation and a long line needs the tree, to find its logical lines.
    """
    try:
        return parse()
    except SyntaxError as exc:
        raise GeneratorError.single(
            "internal-syntax",
            f"generated {path} is not valid Python ({exc.msg}); this is a generator bug",
            file=path,
            line=exc.lineno,
            column=exc.offset,
        ) from None


class Verbatim:
    """A file's text, copied as it is: not a template's output, so neither laid out
    nor parsed here. The runtime's modules are such files (0.04-0.1 s of a cold
    run's CPU); tests hold them to this stage's layout and parse them."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __call__(self) -> str:
        return self.text


def format_files(
    files: dict[str, str],
    memo: Memo | None = None,
    verbatim: AbstractSet[str] = frozenset(),
) -> tuple[dict[str, str], Memo, int]:
    """Every Python file formatted (but those at the `verbatim` paths), the memo
    entries for them, and how many were new.

    Without a memo (None: no cache), no entries are made: keying each file
    hashed all of GitHub's 16 MB of Python for nothing."""
    with collecting():  # the formatter's trees hold cycles
        if memo is None:
            out = {
                p: s if p in verbatim else format_source(p, s) for p, s in files.items()
            }
            return out, {}, sum(1 for p in files if is_python(p) and p not in verbatim)
        return _format_files(files, memo, verbatim)


def _format_files(
    files: dict[str, str], memo: Memo, verbatim: AbstractSet[str]
) -> tuple[dict[str, str], Memo, int]:
    out = dict(files)
    entries: Memo = {}
    fresh = 0
    for path, source in files.items():
        if not is_python(path) or path in verbatim:
            continue
        key = source_key(path, source)
        if key in memo:
            laid = memo[key]
        else:
            formatted = format_source(path, source)
            laid = None if formatted == source else formatted
            fresh += 1
        entries[key] = laid
        out[path] = source if laid is None else laid
    return out, entries, fresh


def source_key(path: str, source: str) -> str:
    kind = b"pyi\n" if path.endswith(".pyi") else b"py\n"
    # stamp(): the generator's version and a fingerprint of its code, layout included.
    return hashlib.sha256(stamp() + kind + source.encode("utf-8")).hexdigest()


def _memo_path(paths: list[str]) -> Path | None:
    """One memo per target, named by the directories of its Python files."""
    cache = cache_dir()
    roots = sorted({"/".join(p.split("/")[:2]) for p in paths if is_python(p)})
    if cache is None or not roots:
        return None
    name = hashlib.sha256("\0".join(roots).encode()).hexdigest()
    return cache / "format" / f"{name}.json"


def load_memo(paths: list[str]) -> Memo | None:
    """The memo of the target whose files are at `paths`: empty when there is none
    yet, None when there is no cache to keep one in."""
    path = _memo_path(paths)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        return {}
    return {
        k: v
        for k, v in entries.items()
        if isinstance(k, str) and (v is None or isinstance(v, str))
    }


def save_memo(paths: list[str], entries: Memo, before: Memo | None = None) -> None:
    """Remember this run's entries, then as many of those before as there are
    Python files: a file kept from the last run (generator/keys.py) is not
    formatted, and its entry is wanted again once it is made. So the memo holds
    at most two entries per file of the target."""
    path = _memo_path(paths)
    if path is None:
        return
    room = 2 * sum(1 for p in paths if is_python(p))
    for key, laid in (before or {}).items():
        if len(entries) >= room:
            break
        entries.setdefault(key, laid)
    write_cache_file(path, json.dumps({"entries": entries}).encode())
