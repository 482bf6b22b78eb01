"""multipart/form-data bodies whose files are streamed, never held in memory whole."""

from __future__ import annotations

import mimetypes
import os
import uuid
from typing import IO, Any, Callable, Iterable, Iterator

from .response import CHUNK

__all__ = ["encode_multipart", "file_parts"]


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


def encode_multipart(
    fields: list[tuple[str, str]], files: list[tuple[str, Any]]
) -> tuple[str, int | None, Callable[[], Iterable[bytes]]]:
    """(content type, length if known, a function yielding the body's chunks)."""
    boundary = uuid.uuid4().hex
    pieces: list[bytes | tuple[Any, int | None]] = []
    for name, value in fields:
        pieces.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_quote(name)}"\r\n\r\n'.encode()
            + value.encode("utf-8")
            + b"\r\n"
        )
    starts: list[int] = []
    for name, value in files:
        filename, source, content_type = file_parts(value)
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_quote(name)}"; filename="{_quote(filename)}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        pieces.append(head)
        if not isinstance(source, (bytes, bytearray)) and not hasattr(
            source, "__fspath__"
        ):
            try:
                starts.append(source.tell())
            except (AttributeError, OSError, ValueError):
                starts.append(-1)
        pieces.append((source, _size(source)))
        pieces.append(b"\r\n")
    pieces.append(f"--{boundary}--\r\n".encode())
    sizes = [len(p) if isinstance(p, bytes) else p[1] for p in pieces]
    length = (
        None
        if any(s is None for s in sizes)
        else sum(s for s in sizes if s is not None)
    )
    file_objects = [
        p[0]
        for p in pieces
        if isinstance(p, tuple)
        and not isinstance(p[0], (bytes, bytearray))
        and not hasattr(p[0], "__fspath__")
    ]

    def body() -> Iterator[bytes]:
        # A retry sends the body again: rewind file objects to where they started.
        for f, start in zip(file_objects, starts):
            if start >= 0:
                f.seek(start)
        for piece in pieces:
            if isinstance(piece, bytes):
                yield piece
            else:
                yield from _stream(piece[0])

    return f"multipart/form-data; boundary={boundary}", length, body
