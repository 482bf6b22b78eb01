"""multipart/form-data bodies whose files are streamed, never held in memory whole."""

from __future__ import annotations

import mimetypes
import os
import uuid
from typing import IO, Any, Iterator, NamedTuple

from .response import CHUNK

__all__ = ["Part", "StreamedBody", "encode_multipart", "file_parts"]


def file_parts(value: Any) -> tuple[str, Any, str]:
    """(filename, source, content type) of a FileInput; source is bytes, a file object or a path."""
    content_type = None
    if isinstance(value, tuple):
        filename, source = value[0], value[1]
        if len(value) == 3:
            content_type = value[2]
    elif isinstance(value, (bytes, bytearray)):
        filename, source = "upload", bytes(value)
    elif hasattr(value, "__fspath__"):
        filename, source = os.path.basename(os.fspath(value)), value
    else:
        filename, source = (
            os.path.basename(str(getattr(value, "name", "upload"))),
            value,
        )
    if content_type is None:
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return filename, source, content_type


def _size(source: Any) -> int | None:
    if isinstance(source, (bytes, bytearray)):
        return len(source)
    if hasattr(source, "__fspath__"):
        return os.path.getsize(source)
    try:
        position = source.tell()
        end = source.seek(0, os.SEEK_END)
        source.seek(position)
        return int(end - position)
    except (AttributeError, OSError, ValueError):
        return None


def _stream(source: Any) -> Iterator[bytes]:
    if isinstance(source, (bytes, bytearray)):
        yield bytes(source)
    elif hasattr(source, "__fspath__"):
        with open(source, "rb") as f:
            yield from _read(f)
    else:
        yield from _read(source)


def _read(f: IO[bytes]) -> Iterator[bytes]:
    while True:
        chunk = f.read(CHUNK)
        if not chunk:
            return
        yield chunk if isinstance(chunk, bytes) else str(chunk).encode("utf-8")


def _quote(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', "%22")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
    )


class Part(NamedTuple):
    """One part of a multipart/form-data body: text, or a file (a FileInput) when `file`."""

    name: str
    value: Any
    content_type: str | None = None  # the part's Content-Type; None: none for text
    file: bool = False


def encode_multipart(parts: list[Part]) -> tuple[str, StreamedBody]:
    """(content type, the body); parts in the order given."""
    boundary = uuid.uuid4().hex
    pieces: list[Any] = []
    for part in parts:
        disposition = f'form-data; name="{_quote(part.name)}"'
        kind: str | None
        if part.file:
            filename, source, guessed = file_parts(part.value)
            disposition += f'; filename="{_quote(filename)}"'
            kind = _file_type(part.value, guessed, part.content_type)
        else:
            source, kind = part.value.encode("utf-8"), part.content_type
        head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        if kind:
            head += f"Content-Type: {_header_text(kind)}\r\n"
        pieces += [(head + "\r\n").encode("utf-8"), source, b"\r\n"]
    pieces.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", StreamedBody(pieces)


def _file_type(value: Any, guessed: str, declared: str | None) -> str:
    """A file part's type: as given with the file, else as the spec's encoding
    names it (when it names one type), else guessed from the file name."""
    if isinstance(value, tuple) and len(value) == 3 or not declared:
        return guessed
    if "," in declared or "*" in declared:
        return guessed
    return declared if guessed == "application/octet-stream" else guessed


def _header_text(text: str) -> str:
    return "".join(c for c in text if c >= " " and c != "\x7f")


class StreamedBody:
    """A body sent in chunks from bytes, paths and file objects, never read whole.

    Calling it gives the chunks. A file object is sent from where it stood when
    the body was made, on every attempt; one that cannot be rewound (a pipe, a
    socket) can be sent only once, so `replayable` is False and the request is
    never retried.
    """

    def __init__(self, pieces: list[Any]) -> None:
        self.pieces = pieces
        self._files = [
            p
            for p in pieces
            if not isinstance(p, (bytes, bytearray)) and not hasattr(p, "__fspath__")
        ]
        self._starts = _positions(self._files)
        self.replayable = self._starts is not None
        sizes = [_size(p) for p in pieces]
        self.length = None if None in sizes else sum(s or 0 for s in sizes)

    def __call__(self) -> Iterator[bytes]:
        if self._starts is not None:
            for f, start in zip(self._files, self._starts):
                f.seek(start)
        for piece in self.pieces:
            yield from _stream(piece)


def _positions(files: list[Any]) -> list[int] | None:
    """Where each file object stands, or None when one of them cannot be rewound."""
    starts = []
    for f in files:
        try:
            if hasattr(f, "seekable") and not f.seekable():
                return None
            starts.append(int(f.tell()))
        except (AttributeError, OSError, ValueError):
            return None
    return starts
