"""Parse a large YAML spec incrementally: entries whose text did not change are not parsed again.

A spec is a block-style mapping whose big entries (`paths`, `components`, each
components section) hold many small ones (one path, one schema). The text is
split into those entries by indentation, each entry is parsed on its own, and
its value is cached (as JSON, in the cache directory) under the hash of its
text. When one schema changes, only that schema's entry is parsed again.

Entries parsed alone give the tree the whole document gives, because YAML nests
by indentation: a key at indentation n ends where the next line of indentation
n (or less) starts. What crosses entries or needs the whole document makes the
entry's parse fail: an alias (aliases are checked on the whole document), a key
given twice (reported with its line), or anything else the splitter did not
foresee. Then the document is parsed whole.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Callable

from generator.cache import stamp
from generator.linestarts import key_lines
from generator.paths import cache_dir, write_cache_file

MIN_SIZE = 200_000  # characters: smaller specs parse whole in a blink
SPLIT_SIZE = 16_000  # an entry bigger than this is split into its own entries
MAX_DEPTH = 2
_BLOCK_KEY = re.compile(
    r"[^#\n]*?:[ \t]*(?:#[^\n]*)?\n"
)  # "key:" with nothing after it
_NEXT = re.compile(r"^( *)[^ #\n\r]", re.M)  # the first line with content


class Unusual(Exception):
    """The document needs a whole parse."""


def load(text: str, parse: Callable[[str], Any], spec: Path) -> Any | None:
    """The parsed document, reusing cached entries; None when it must be parsed whole."""
    cache = cache_dir()
    if cache is None or len(text) < MIN_SIZE or not text.endswith("\n"):
        return None
    store = (
        cache
        / "yaml"
        / (hashlib.sha256(str(spec.resolve()).encode()).hexdigest() + ".json")
    )
    try:
        known: dict[str, Any] = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    used: dict[str, Any] = {}
    try:
        value = _mapping(text, 0, len(text), 0, 0, parse, known, used)
    except Unusual:
        return None
    if set(used) != set(known):
        _save(store, used)
    return value


def _mapping(
    text: str,
    start: int,
    end: int,
    indent: int,
    depth: int,
    parse: Callable[[str], Any],
    known: dict[str, Any],
    used: dict[str, Any],
) -> dict[str, Any]:
    """The block mapping in text[start:end], whose keys sit at indent."""
    starts = key_lines(indent).starts(text, start, end)
    if (
        not starts
        or text[start : starts[0]].strip(" \n\r")
        and not _only_comments(text[start : starts[0]])
    ):
        raise Unusual  # content before the first key
    out: dict[str, Any] = {}
    for first, last in zip(starts, starts[1:] + [end]):
        head = _BLOCK_KEY.match(text, first + indent, last)
        nested = _NEXT.search(text, head.end(), last) if head else None
        if (
            depth < MAX_DEPTH
            and last - first > SPLIT_SIZE
            and head
            and nested
            and len(nested.group(1)) > indent
        ):
            if text[nested.end() - 1] == "-":
                _add(out, _entry(text[first:last], indent, parse, known, used))
                continue  # a sequence: whole
            (name,) = _entry(text[first : head.end()], indent, parse, known, used)
            _add(out, {name: None})
            out[name] = _mapping(
                text,
                head.end(),
                last,
                len(nested.group(1)),
                depth + 1,
                parse,
                known,
                used,
            )
        else:
            _add(out, _entry(text[first:last], indent, parse, known, used))
    return out


def _add(out: dict[str, Any], entry: dict[str, Any]) -> None:
    if entry.keys() & out.keys():
        raise Unusual  # a key given twice: the whole parse reports it
    out.update(entry)


def _only_comments(chunk: str) -> bool:
    return all(
        not line.strip() or line.lstrip().startswith("#") for line in chunk.splitlines()
    )


def _entry(
    chunk: str,
    indent: int,
    parse: Callable[[str], Any],
    known: dict[str, Any],
    used: dict[str, Any],
) -> dict[str, Any]:
    digest = hashlib.sha256(
        stamp() + f"{indent}\n".encode() + chunk.encode("utf-8")
    ).hexdigest()
    value = known.get(digest)
    if value is None:
        # Up to `indent` spaces come off every line, blank ones too: spaces beyond
        # are content of "keep" block scalars (`|+`, `>+`).
        source = (
            re.sub(rf"^ {{1,{indent}}}", "", chunk, flags=re.M) if indent else chunk
        )
        try:
            value = parse(source)
        except Exception:  # the whole parse reports it, with the right line
            raise Unusual from None
        if not isinstance(value, dict) or len(value) != 1:
            raise Unusual
    used[digest] = value
    return dict(value)


def _save(store: Path, entries: dict[str, Any]) -> None:
    try:
        text = json.dumps(entries, allow_nan=True).encode()
    except (ValueError, TypeError):
        return  # a cache that cannot be written only costs time
    write_cache_file(store, text)
