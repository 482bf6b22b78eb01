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
file that shows them is always made, or made again when they change. Each other
file the spec's `$ref`s name is one part of its own, keyed as a schema is
(`with_other_files`).

The side process makes these (generator/side.py) while the main one builds the IR.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Iterator, NamedTuple
from urllib.parse import unquote

from generator import jsonptr, runs
from generator.config import Target
from generator.diagnostics import GeneratorError
from generator.loader import load

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


def spec_inputs(data: Any, path: Path) -> Inputs | None:
    """The digests of a parsed spec (read from path), its site's not yet `keyed`
    (None when it cannot be keyed: a value JSON cannot hold, two parts at one
    pointer). The side process makes them (generator/side.py) while this one
    builds the IR."""
    if not isinstance(data, dict):
        return None
    try:
        return _inputs(data, _Places(path))
    except (ValueError, TypeError, RecursionError):
        return None


def keyed(
    given: Inputs | None,
    target: Target,
    documents: tuple[tuple[str, str | None], ...],
) -> Inputs | None:
    """The spec's inputs with the target's settings in the site's digest (None
    when it cannot be keyed: another file its `$ref`s name could not be read; a
    template directory that cannot be read). The other files themselves are
    added by `with_other_files`."""
    settings = runs.settings(target)
    if given is None or settings is None or any(d is None for _, d in documents):
        return None
    return given._replace(site=hashlib.sha256(settings + given.site).digest())


def with_other_files(
    given: Inputs, spec: Path, documents: tuple[tuple[str, str | None], ...]
) -> Inputs | None:
    """given with the other files its `$ref`s name (`ir.Api.documents`) as parts
    of their own (`_other_files`); None when one cannot be read as the parser
    read it. Made with the digests of the parts (generator/reach.py), beside
    the main process: on OpenAI with each schema in a file of its own, reading
    the 1,221 files again took 0.42 s."""
    if not documents:
        return given
    others = _other_files(spec, documents)
    if others is None:
        return None
    return Inputs(
        hashlib.sha256(given.site + others.site).digest(),
        {**given.texts, **others.texts},
        {**given.refs, **others.refs},
    )


def _other_files(
    spec: Path, documents: tuple[tuple[str, str | None], ...]
) -> Inputs | None:
    """Each other file as one keyed part, `name#`: its texts out of the site, its
    whole text digested, the parts its `$ref`s lead to (the spec's, or other
    files). Each is read again, and used only if it still has the digest the
    parser read (a file edited meanwhile would key this run's files by text
    they do not show)."""
    places = _Places(spec)
    site = hashlib.sha256()
    texts: dict[str, bytes] = {}
    refs: dict[str, frozenset[str]] = {}
    for name, digest in documents:
        if digest is None:
            return None
        try:
            loaded = load(places.root / name)
            text = json.dumps(loaded.data)
        except (GeneratorError, ValueError, TypeError, RecursionError):
            return None
        if loaded.sha256 != digest:
            return None
        part = name + "#"
        texts[part] = hashlib.sha256(text.encode()).digest()
        refs[part] = frozenset(_targets(text, name, places)) - {part}
        site.update(b"\0%d\0%s\0" % (len(part), part.encode()))
        site.update(_TEXTS.sub("", text).encode())
    return Inputs(site.digest(), texts, refs)


def _inputs(data: dict[Any, Any], places: _Places) -> Inputs | None:
    site = hashlib.sha256()
    texts: dict[str, bytes] = {}
    refs: dict[str, frozenset[str]] = {}
    for pointer, value, inside in _parts(data):
        if pointer in refs:
            return None
        text = json.dumps(value)
        refs[pointer] = frozenset(_targets(text, "", places)) | frozenset(inside)
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
    """The part of the spec a pointer lies in: a pointer of the main document in
    its component, path, webhook or top-level key; one of another file
    ("file#/pointer") in that file, `file#`, which is one part."""
    if not pointer.startswith("/"):
        name, mark, _ = pointer.partition("#")
        return name + "#" if name and mark else ""
    tokens = pointer.split("/", 5)
    depth = 4 if pointer.startswith("/components/") else 3
    if tokens[1] in ("paths", "webhooks", "components"):
        return "/".join(tokens[:depth])
    return "/".join(tokens[:2])


class _Places:
    """Where a relative `$ref` leads, found as the parser's resolver finds it
    (generator/parse/refs.py): files by path from the spec's directory."""

    def __init__(self, spec: Path) -> None:
        self.main = spec.resolve()
        self.root = self.main.parent

    def part(self, ref: str, base: str) -> str | None:
        """The part a `$ref` found in file base ("": the spec) leads to; None when
        it leads to nothing that is read (a remote or refused reference)."""
        doc, _, fragment = ref.partition("#")
        if "://" in doc or doc.startswith("//"):
            return None
        if doc:
            directory = (self.root / base).parent if base else self.root
            try:
                path = (directory / unquote(doc)).resolve()
                name = path.relative_to(self.root).as_posix()
            except (ValueError, OSError):  # outside the spec's directory
                return None
            if path != self.main:
                return name + "#"
        elif base:
            return base + "#"
        pointer = unquote(fragment)
        return part_of(pointer) if pointer.startswith("/") else None


_REF = re.compile(r'"\$ref": ("[^"\\]*(?:\\.[^"\\]*)*")')


def _targets(text: str, base: str, places: _Places) -> Iterator[str]:
    """The parts that the `$ref`s in the JSON of a part of file base ("": the
    spec) lead to."""
    if '"$ref"' not in text:
        return
    for found in _REF.findall(text):
        ref = json.loads(found)
        if isinstance(ref, str):
            part = places.part(ref, base)
            if part is not None:
                yield part
