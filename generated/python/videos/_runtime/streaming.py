"""Server-sent events: `text/event-stream` bodies parsed as they arrive.

`Stream[T]` (sync) and `AsyncStream[T]` (async) yield each event's data decoded
as T; `iter_events()` yields the raw `ServerSentEvent`s. A `data: [DONE]` event
ends the stream; an event whose JSON data has an `error` raises APIError. The
connection is released when the stream ends or is closed: use a stream as a
context manager, or read it to the end. A stream may last as long as the server
sends, but no one event (nor a line without its end) may be larger than the
client's max_response_bytes: ResponseTooLargeError.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import (
    Any,
    AsyncIterator,
    Callable,
    Generic,
    Iterator,
    Mapping,
    TypeVar,
)

from .errors import ResponseTooLargeError

__all__ = ["ServerSentEvent", "SSEDecoder", "Stream", "AsyncStream"]

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    """One event: its data lines joined with newlines, and its event, id and retry fields."""

    data: str = ""
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        import json

        return json.loads(self.data)


class SSEDecoder:
    """Turns the bytes of an event stream, in chunks cut anywhere, into events.

    Follows the WHATWG rules: lines end in CRLF, LF or CR; `:` starts a comment;
    one space after the colon is dropped; a blank line dispatches the event; the
    last event id carries over to later events; an unfinished event at the end
    of the stream is dropped. An event (or a line) over max_bytes raises
    EventTooLarge.
    """

    def __init__(self, max_bytes: int | None = None) -> None:
        self._max_bytes = max_bytes
        self._size = 0  # of the data of the event being read
        self._pending: list[bytes] = []  # the start of a line, in the pieces it came in
        self._pending_size = 0
        self._after_cr = False
        self._first = True
        self._data: list[str] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None
        self._seen = False

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        if self._after_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]  # the LF of a CRLF cut between two chunks
        self._after_cr = False
        if b"\n" not in chunk and b"\r" not in chunk:
            # Still inside one line: kept in pieces, so a long line costs linear time.
            self._pending.append(chunk)
            self._pending_size += len(chunk)
            self._check(self._pending_size)
            return []
        self._pending.append(chunk)
        lines = b"".join(self._pending).splitlines(keepends=True)
        self._pending, self._pending_size = [], 0
        if lines and not lines[-1].endswith((b"\n", b"\r")):
            self._pending.append(lines.pop())
            self._pending_size = len(self._pending[0])
        elif lines and lines[-1].endswith(b"\r"):
            self._after_cr = True  # the chunk ends in CR: an LF may follow in the next
        events = []
        for line in lines:
            event = self._line(line.rstrip(b"\r\n").decode("utf-8", "replace"))
            if event is not None:
                events.append(event)
        return events

    def _line(self, line: str) -> ServerSentEvent | None:
        if self._first:
            self._first = False
            line = line.removeprefix("\ufeff")
        if not line:
            if not self._seen:
                return None
            event = ServerSentEvent(
                "\n".join(self._data), self._event, self._id, self._retry
            )
            self._data, self._event, self._retry, self._seen = [], None, None, False
            self._size = 0
            return event
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
            self._size += len(value) + 1
            self._check(self._size)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        else:
            return None
        self._seen = True
        return None

    def _check(self, size: int) -> None:
        if self._max_bytes is not None and size > self._max_bytes:
            raise EventTooLarge(self._max_bytes)


class EventTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"an event of the stream is over the limit of {limit} bytes")
        self.limit = limit


def _too_large(exc: EventTooLarge, stream: Stream[Any] | AsyncStream[Any]) -> Exception:
    return ResponseTooLargeError(
        f"{exc}; pass a larger max_response_bytes to read it",
        status_code=stream.status_code,
        headers=stream.headers,
        limit=exc.limit,
    )


def _done(event: ServerSentEvent) -> bool:
    return event.data.startswith("[DONE]")


class Stream(Generic[_T]):
    """Typed events of a server-sent event stream, read from the connection as they come."""

    def __init__(
        self,
        chunks: Iterator[bytes],
        close: Callable[[], None],
        decode: Callable[[ServerSentEvent], _T],
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        max_event_bytes: int | None = None,
    ) -> None:
        self.status_code = status_code
        self.headers: Mapping[str, str] = headers or {}
        self._max_event_bytes = max_event_bytes
        self._chunks = chunks
        self._close = close
        self._decode = decode
        self._items: Iterator[_T] | None = None
        self._closed = False

    def iter_events(self) -> Iterator[ServerSentEvent]:
        """The raw events, up to `data: [DONE]` or the end of the body."""
        decoder = SSEDecoder(self._max_event_bytes)
        try:
            for chunk in self._chunks:
                for event in decoder.feed(chunk):
                    if _done(event):
                        return
                    yield event
        except EventTooLarge as exc:
            raise _too_large(exc, self) from None
        finally:
            self.close()

    def _typed(self) -> Iterator[_T]:
        for event in self.iter_events():
            if event.data:
                yield self._decode(event)

    def __iter__(self) -> Iterator[_T]:
        return self

    def __next__(self) -> _T:
        if self._closed:
            raise StopIteration
        if self._items is None:
            self._items = self._typed()
        return next(self._items)

    def close(self) -> None:
        """Release the connection; iteration ends."""
        if not self._closed:
            self._closed = True
            self._close()

    def __enter__(self) -> Stream[_T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Stream [{self.status_code}]>"


class AsyncStream(Generic[_T]):
    """The async twin of Stream: `async for event in stream`."""

    def __init__(
        self,
        chunks: AsyncIterator[bytes],
        close: Callable[[], Any],
        decode: Callable[[ServerSentEvent], _T],
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        max_event_bytes: int | None = None,
    ) -> None:
        self.status_code = status_code
        self.headers: Mapping[str, str] = headers or {}
        self._max_event_bytes = max_event_bytes
        self._chunks = chunks
        self._close = close
        self._decode = decode
        self._items: AsyncIterator[_T] | None = None
        self._closed = False

    async def iter_events(self) -> AsyncIterator[ServerSentEvent]:
        decoder = SSEDecoder(self._max_event_bytes)
        try:
            async for chunk in self._chunks:
                for event in decoder.feed(chunk):
                    if _done(event):
                        return
                    yield event
        except EventTooLarge as exc:
            raise _too_large(exc, self) from None
        finally:
            await self.aclose()

    async def _typed(self) -> AsyncIterator[_T]:
        async for event in self.iter_events():
            if event.data:
                yield self._decode(event)

    def __aiter__(self) -> AsyncIterator[_T]:
        return self

    async def __anext__(self) -> _T:
        if self._closed:
            raise StopAsyncIteration
        if self._items is None:
            self._items = self._typed()
        return await self._items.__anext__()

    async def aclose(self) -> None:
        if not self._closed:
            self._closed = True
            result = self._close()
            if hasattr(result, "__await__"):
                await result

    async def __aenter__(self) -> AsyncStream[_T]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<AsyncStream [{self.status_code}]>"
