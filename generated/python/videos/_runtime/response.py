"""Responses handed to users: raw responses, and binary bodies streamed from the socket."""

from __future__ import annotations

import os
from typing import Any, AsyncIterator, Callable, Generic, Iterator, Mapping, TypeVar

__all__ = ["RawResponse", "BinaryResponse", "AsyncBinaryResponse", "HeaderMap"]

_T = TypeVar("_T")
CHUNK = 64 * 1024


class HeaderMap(Mapping[str, str]):
    """Response headers, looked up without regard to case; repeated headers are joined."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self._items = items
        self._map: dict[str, str] = {}
        for key, value in items:
            low = key.lower()
            self._map[low] = f"{self._map[low]}, {value}" if low in self._map else value

    def __getitem__(self, key: str) -> str:
        return self._map[key.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._map)

    def __len__(self) -> int:
        return len(self._map)

    def __repr__(self) -> str:
        return f"HeaderMap({self._map!r})"


class RawResponse(Generic[_T]):
    """A response as it came: status, headers and body; `parse()` decodes it as the method would."""

    def __init__(
        self,
        status_code: int,
        headers: HeaderMap,
        content: bytes,
        parser: Callable[[RawResponse[Any]], _T],
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self._parser = parser

    @property
    def text(self) -> str:
        return self.content.decode(_charset(self.headers))

    @property
    def request_id(self) -> str | None:
        return self.headers.get("x-request-id")

    def json(self) -> Any:
        import json

        return json.loads(self.content)

    def parse(self) -> _T:
        return self._parser(self)

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}]>"


class BinaryResponse:
    """A binary body, read from the connection only as it is consumed.

    Use it as a context manager, or read it to the end, so the connection is released.
    """

    def __init__(
        self,
        status_code: int,
        headers: HeaderMap,
        chunks: Iterator[bytes],
        close: Callable[[], None],
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self._chunks = chunks
        self._close = close
        self._closed = False

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    def iter_bytes(self) -> Iterator[bytes]:
        try:
            yield from self._chunks
        finally:
            self.close()

    def read(self) -> bytes:
        return b"".join(self.iter_bytes())

    def write_to_file(self, path: str | os.PathLike[str]) -> int:
        """Stream the body into a file; returns the number of bytes written."""
        written = 0
        with open(path, "wb") as out:
            for chunk in self.iter_bytes():
                out.write(chunk)
                written += len(chunk)
        return written

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._close()

    def __enter__(self) -> BinaryResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<BinaryResponse [{self.status_code}] {self.content_type}>"


class AsyncBinaryResponse:
    """The async twin of BinaryResponse."""

    def __init__(
        self,
        status_code: int,
        headers: HeaderMap,
        chunks: AsyncIterator[bytes],
        close: Callable[[], Any],
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self._chunks = chunks
        self._close = close
        self._closed = False

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._chunks:
                yield chunk
        finally:
            await self.aclose()

    async def read(self) -> bytes:
        return b"".join([chunk async for chunk in self.iter_bytes()])

    async def write_to_file(self, path: str | os.PathLike[str]) -> int:
        written = 0
        with open(path, "wb") as out:
            async for chunk in self.iter_bytes():
                out.write(chunk)
                written += len(chunk)
        return written

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            result = self._close()
            if hasattr(result, "__await__"):
                await result

    async def __aenter__(self) -> AsyncBinaryResponse:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<AsyncBinaryResponse [{self.status_code}] {self.content_type}>"


def _charset(headers: Mapping[str, str]) -> str:
    for part in headers.get("content-type", "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip('"')
    return "utf-8"
