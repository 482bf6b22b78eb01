"""Generated files kept from the last run when nothing they show has changed.

Editing one description changes a handful of files, yet every run used to
render all of them (on OpenAI, 1.7 s of the 3.7 s of CPU that run took went to
the docs alone). A file that shows one operation, one model or one module of
them now has a key: the spec's site digest (generator/inputs.py: everything but
the texts, a `description` or `summary`, of the paths, webhooks and the
components a `$ref` names, with the generator's code and the target's
settings), its path, and the whole text of every such part that its subjects
reach. What a subject reaches is followed through the parts of the spec: the
`$ref`s as written and the references of the IR (a discriminator's mapping),
to the end.

A file whose key is the one the run record holds, and which still has the
digest written then, is read back instead of made (`kept`). So any edit but
such a text changes every key, and everything is made, as before. The files
that list the whole API (indexes, navigation, search) are always made. The
other files a spec's `$ref`s name are in the site's digest whole, and what
they lead back to in the spec is reached through them (generator/reach.py).
Tests hold the files kept to what a run from scratch makes, over edits of real
specs.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable, Iterable

from generator.format import Verbatim, format_source, is_python
from generator.inputs import part_of

Unit = tuple[str, Callable[[], str]]


class Keys:
    """The keys of the files of one run: the site's digest, and the digest of what
    each part of the spec reaches (generator/reach.py)."""

    def __init__(self, site: bytes, parts: dict[str, bytes]) -> None:
        self.site = site
        self.parts = parts

    def key(self, kind: str, path: str, pointers: Iterable[str]) -> str | None:
        """The key of the file at path showing what lies at these pointers (None:
        one lies in no part of the spec, and the file is always made)."""
        reached = set()
        for pointer in pointers:
            digest = self.parts.get(part_of(pointer))
            if digest is None:
                return None
            reached.add(digest)
        made = hashlib.sha256(self.site + kind.encode() + b"\0" + path.encode())
        made.update(b"".join(sorted(reached)))
        return made.hexdigest()[:32]  # 128 bits: the run record holds thousands


class ReadBack(Verbatim):
    """A file read back from the output as the last run wrote it: neither laid out
    nor parsed again (it was, when made). Made afresh, and formatted, when the
    file no longer has the digest written."""

    __slots__ = ("path", "file", "digest", "make")

    def __init__(self, path: str, file: str, digest: str, make: Callable[[], str]):
        super().__init__("")
        self.path, self.file, self.digest, self.make = path, file, digest, make

    def data(self) -> bytes | None:
        """The file as the last run wrote it (UTF-8), or None: it is not."""
        try:
            with open(self.file, "rb") as stream:
                data = stream.read()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == self.digest else None

    def afresh(self) -> str:
        """The file made again, and formatted, as it would be in its place."""
        made = self.make()
        return format_source(self.path, made) if is_python(self.path) else made

    def __call__(self) -> str:
        data = self.data()
        return data.decode("utf-8") if data is not None else self.afresh()


def kept(
    units: list[Unit],
    keys: dict[str, str],
    before: dict[str, tuple[str, str]],
    output: Path,
) -> tuple[list[Unit], int]:
    """units, those whose key is the one recorded before (path -> (key, SHA-256 of
    the file written)) made by reading the file back, and how many; a file that no
    longer holds what was written is built again."""
    out: list[Unit] = []
    count = 0
    base = os.path.join(output, "")  # strings, not Paths: thousands of files
    for path, make in units:
        key = keys.get(path)
        was = before.get(path)
        if key is not None and was is not None and was[0] == key:
            make = ReadBack(path, base + path, was[1], make)
            count += 1
        out.append((path, make))
    return out, count
