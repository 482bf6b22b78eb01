"""What a generated file's text can depend on, read from the parsed spec.

Files are kept from the last run by key (generator/keys.py). The keys are made
of digests of the spec taken apart here:
- the site: the whole spec with one thing taken out, the texts (a `description`
  or `summary` with a string value, key and all, so that one put in or taken
  out is an edit of a text too) inside the parts a file reaches by `$ref` or
  holds its subjects in: each path and webhook, and each schema, parameter,
  request body, response and header under `components`;
- each of those parts: its whole text;
- each part of the spec (a component, a path, a webhook, another top-level key):
  the parts its `$ref`s lead to, as written. The parser copies what some lead to
  (an `allOf` flattened takes its parts' properties and descriptions), so a
  file's key follows them, not only the IR's references.

Texts elsewhere (`info`, tags, security schemes, ...) stay in the site: every
file that shows them is always made, or made again when they change. So does
the whole text of each other file the spec's `$ref`s name (`keyed`).

The side process makes these (generator/side.py) while the main one builds the IR.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Iterator, NamedTuple
from urllib.parse import unquote

from generator import jsonptr, runs
from generator.config import Target

# The parts whose texts are keyed on their own (see above).
KEYED = tuple(
    f"/{top}/"
    for top in (
        "paths",
        "webhooks",
        "components/schemas",
        "components/parameters",
        "components/requestBodies",
        "components/responses",
        "components/headers",
    )
)
# A `description` or `summary` with a string value, in JSON as `json.dumps` writes
# it. Inside a string every quote is escaped, so this matches only a key and its
# value. `_TEXTS` takes the pair out with the separator before it (or, first in
# its object, the one after it): what is left is the value without its texts,
# so putting a text in or taking one out is an edit of that text.
_TEXT = r'"(?:description|summary)": "[^"\\]*(?:\\.[^"\\]*)*"'
_TEXTS = re.compile(f", {_TEXT}|{_TEXT}(?:, )?")


class Inputs(NamedTuple):
    """What files' keys are made of: the site's digest, the digest of each
    keyed part's whole text (by pointer: `KEYED`), and the `$ref`s of each part
    of the spec (a component, a path, a webhook or another top-level key) as the
    parts they lead to."""

    site: bytes
    texts: dict[str, bytes]
    refs: dict[str, frozenset[str]]


def spec_inputs(data: Any) -> Inputs | None:
    """The digests of a parsed spec, its site's not yet `keyed` (None when it
    cannot be keyed: a value JSON cannot hold, two parts at one pointer). The
    side process makes them (generator/side.py) while this one builds the IR."""
    if not isinstance(data, dict):
        return None
    try:
        return _inputs(data)
    except (ValueError, TypeError, RecursionError):
        return None


def keyed(
    given: Inputs | None,
    target: Target,
    documents: tuple[tuple[str, str | None], ...],
) -> Inputs | None:
    """The spec's inputs with the target's settings and the other files its
    `$ref`s name (`ir.Api.documents`, by path and SHA-256) in the site's digest:
    any edit of those files, a text included, changes every key. None when it
    cannot be keyed: one of them could not be read; a template directory that
    cannot be read."""
    settings = runs.settings(target)
    if given is None or settings is None:
        return None
    site = hashlib.sha256(settings + given.site)
    for name, digest in documents:
        if digest is None:
            return None
        site.update(b"\0%d\0%s\0%s" % (len(name), name.encode(), digest.encode()))
    return given._replace(site=site.digest())


def _inputs(data: dict[Any, Any]) -> Inputs | None:
    site = hashlib.sha256()
    texts: dict[str, bytes] = {}
    refs: dict[str, frozenset[str]] = {}
    for pointer, value, inside in _parts(data):
        if pointer in refs:
            return None
        text = json.dumps(value)
        refs[pointer] = frozenset(_targets(text)) | frozenset(inside)
        site.update(b"\0%d\0%s\0" % (len(pointer), pointer.encode()))
        if pointer.startswith(KEYED):
            texts[pointer] = hashlib.sha256(text.encode()).digest()
            text = _TEXTS.sub("", text)
        site.update(text.encode())
    return Inputs(site.digest(), texts, refs)


def _parts(data: dict[Any, Any]) -> Iterator[tuple[str, Any, list[str]]]:
    """(pointer, value, the parts within) of each part of a spec, in order; together,
    the whole spec. The parts within a map of parts (`/paths`) are its entries,
    so that a `$ref` to the map reaches them all."""
    for key, value in data.items():
        top = jsonptr.join("", str(key))
        if key in ("components", "paths", "webhooks") and isinstance(value, dict):
            middles = []
            for name, inner in value.items():
                middle = jsonptr.join(top, str(name))
                middles.append(middle)
                if key == "components" and isinstance(inner, dict):
                    entries = []
                    for entry, item in inner.items():
                        entries.append(jsonptr.join(middle, str(entry)))
                        yield entries[-1], item, []
                    yield middle, None, entries
                else:
                    yield middle, inner, []
            yield top, None, middles
        else:
            yield top, value, []


def part_of(pointer: str) -> str:
    """The part of the spec a pointer of the main document lies in."""
    if not pointer.startswith("/"):
        return ""
    tokens = pointer.split("/", 5)
    depth = 4 if pointer.startswith("/components/") else 3
    if tokens[1] in ("paths", "webhooks", "components"):
        return "/".join(tokens[:depth])
    return "/".join(tokens[:2])


_REF = re.compile(r'"\$ref": ("[^"\\]*(?:\\.[^"\\]*)*")')


def _targets(text: str) -> Iterator[str]:
    """The parts that the `$ref`s in a part's JSON lead to: in the same document,
    or "", the part of the other files (`part_of`, `reach.OTHER_FILES`)."""
    if '"$ref"' not in text:
        return
    for found in _REF.findall(text):
        ref = json.loads(found)
        if not isinstance(ref, str):
            continue
        if ref.startswith("#/"):
            yield part_of(unquote(ref[1:]))
        elif not ref.startswith("#"):
            yield ""
