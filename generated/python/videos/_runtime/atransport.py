"""HTTP/1.1 over asyncio streams, with a pool of keep-alive connections.

The async twin of transport.py, sharing its request framing, TLS and pool
(http11.py). A response body is read from the socket as it is consumed, sized
by Content-Length, chunked, or read to the end of the connection. A connection
goes back to the pool once its response has been read to the end; a reused
connection the server had already closed is replaced transparently, once.
Timeouts raise the builtin TimeoutError on every Python version.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any, AsyncIterator, Awaitable, Callable, TypeVar

from .core import Timeout
from .http11 import (
    Key,
    Pool,
    Request,
    body_frames,
    head,
    replayable,
    route,
    ssl_context,
)
from .response import CHUNK, HeaderMap

__all__ = ["AsyncResponse", "AsyncTransport", "RemoteDisconnected", "ProtocolError"]

_T = TypeVar("_T")
_MAX_HEADERS = 256
_LIMIT = 1 << 16  # the longest status, header or chunk-size line


class RemoteDisconnected(ConnectionResetError):
    """The server closed the connection before it answered."""


class ProtocolError(ConnectionError):
    """The server's answer is not HTTP/1.1 this client can read."""


_STALE = (RemoteDisconnected, BrokenPipeError, ConnectionResetError)


async def _timed(awaitable: Awaitable[_T], seconds: float | None) -> _T:
    if seconds is None:
        return await awaitable
    try:
        return await asyncio.wait_for(awaitable, seconds)
    except asyncio.TimeoutError:  # not TimeoutError itself before Python 3.11
        raise TimeoutError(f"no answer within {seconds} s") from None


async def _read_head(
    reader: asyncio.StreamReader, seconds: float | None
) -> tuple[str, int, list[tuple[str, str]]]:
    """The status line and headers of a response: (HTTP version, status, fields)."""
    try:
        head = await _timed(reader.readuntil(b"\r\n\r\n"), seconds)
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            raise RemoteDisconnected(
                "the server closed the connection unanswered"
            ) from None
        raise RemoteDisconnected("the connection closed inside the headers") from None
    except asyncio.LimitOverrunError:
        raise ProtocolError("the response headers are too long") from None
    lines = head.decode("latin-1").split("\r\n")[:-2]
    version, _, rest = lines[0].partition(" ")
    code = rest[:3]
    if not version.startswith("HTTP/1.") or not code.isdigit():
        raise ProtocolError(f"bad status line {lines[0][:60]!r}")
    fields: list[tuple[str, str]] = []
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon:
            raise ProtocolError(f"bad header line {line[:60]!r}")
        fields.append((name.strip(), value.strip()))
    return version, int(code), fields


async def _drain(writer: asyncio.StreamWriter, seconds: float | None) -> None:
    if writer.transport.get_write_buffer_size():  # else drain() would not wait
        await _timed(writer.drain(), seconds)
    else:
        await writer.drain()


class _Connection:
    __slots__ = ("reader", "writer", "loop")

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.loop = asyncio.get_running_loop()

    def usable(self) -> bool:
        """Open, idle and of the running loop (a client may outlive one asyncio.run)."""
        return (
            self.loop is asyncio.get_running_loop()
            and not self.writer.is_closing()
            and not self.reader.at_eof()
        )

    def close(self) -> None:
        # A closed loop can close nothing: the socket is closed when collected.
        if not self.loop.is_closed():
            self.writer.close()


class AsyncResponse:
    def __init__(
        self,
        conn: _Connection,
        status: int,
        headers: HeaderMap,
        mode: str,
        length: int,
        keep_alive: bool,
        read_timeout: float | None,
        release: Callable[[_Connection, bool], None],
    ) -> None:
        self.status = status
        self.headers = headers
        self._conn = conn
        self._mode = mode  # "none", "length", "chunked" or "eof"
        self._length = length
        self._keep_alive = keep_alive
        self._timeout = read_timeout
        self._release = release
        self._done = False

    async def iter_chunks(self) -> AsyncIterator[bytes]:
        try:
            if self._mode != "none":
                if self._mode == "length":
                    body = self._sized(self._length)
                elif self._mode == "chunked":
                    body = self._chunked()
                else:
                    body = self._to_eof()
                async for chunk in body:
                    yield chunk
            self._finish(reusable=self._mode != "eof")
        finally:
            self._finish(reusable=False)

    async def read(self) -> bytes:
        return b"".join([chunk async for chunk in self.iter_chunks()])

    async def aclose(self) -> None:
        self._finish(reusable=False)

    def _finish(self, reusable: bool) -> None:
        if not self._done:
            self._done = True
            self._release(self._conn, reusable and self._keep_alive)

    async def _sized(self, remaining: int) -> AsyncIterator[bytes]:
        reader = self._conn.reader
        while remaining > 0:
            chunk = await _timed(reader.read(min(remaining, CHUNK)), self._timeout)
            if not chunk:
                raise RemoteDisconnected(
                    f"the connection closed with {remaining} bytes of the body unread"
                )
            remaining -= len(chunk)
            yield chunk

    async def _chunked(self) -> AsyncIterator[bytes]:
        reader = self._conn.reader
        while True:
            line = await _timed(reader.readline(), self._timeout)
            if not line:
                raise RemoteDisconnected("the connection closed inside a chunked body")
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise ProtocolError(f"bad chunk size line {line[:40]!r}") from None
            if size == 0:
                break
            async for chunk in self._sized(size):
                yield chunk
            if await _timed(reader.readline(), self._timeout) not in (b"\r\n", b"\n"):
                raise ProtocolError("a chunk does not end with a line break")
        for _ in range(_MAX_HEADERS):  # trailers, up to the blank line
            if await _timed(reader.readline(), self._timeout) in (b"\r\n", b"\n", b""):
                return
        raise ProtocolError("too many trailer lines")

    async def _to_eof(self) -> AsyncIterator[bytes]:
        while chunk := await _timed(self._conn.reader.read(CHUNK), self._timeout):
            yield chunk


class AsyncTransport:
    def __init__(self, *, verify: Any = True, max_idle: int = 10) -> None:
        self._verify = verify
        self._ssl: Any = None
        self._pool: Pool[_Connection] = Pool(max_idle)

    async def send(self, request: Request, timeout: Timeout) -> AsyncResponse:
        key, target = route(request.url)
        message = head(request, key, target)
        conn, reused = await self._acquire(key, timeout)
        try:
            return await self._exchange(conn, key, request, message, timeout)
        except _STALE:
            if not reused or not replayable(request.body):
                raise
        conn, _ = await self._acquire(key, timeout, fresh=True)
        return await self._exchange(conn, key, request, message, timeout)

    async def _exchange(
        self,
        conn: _Connection,
        key: Key,
        request: Request,
        message: bytes,
        timeout: Timeout,
    ) -> AsyncResponse:
        writer = conn.writer
        try:
            if isinstance(request.body, bytes):
                writer.write(message + request.body)
            else:
                writer.write(message)
                for piece in body_frames(request):
                    writer.write(piece)
                    await _drain(writer, timeout.read)
            await _drain(writer, timeout.read)
            return await self._response(conn, key, request, timeout)
        except BaseException:
            conn.close()
            raise

    async def _response(
        self, conn: _Connection, key: Key, request: Request, timeout: Timeout
    ) -> AsyncResponse:
        while True:  # an interim response (100 Continue, 103) is skipped
            version, status, fields = await _read_head(conn.reader, timeout.read)
            if not 100 <= status < 200 or status == 101:
                break
        headers = HeaderMap(fields)
        tokens = headers.get("connection", "").lower()
        keep_alive = (
            "close" not in tokens if version == "HTTP/1.1" else "keep-alive" in tokens
        )
        mode, length = "eof", 0
        if request.method == "HEAD" or status in (204, 304):
            mode = "none"
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            mode = "chunked"
        elif "content-length" in headers:
            try:
                length = int(headers["content-length"].split(",")[0])
            except ValueError:
                raise ProtocolError("bad Content-Length") from None
            mode = "length" if length > 0 else "none"
        response = AsyncResponse(
            conn,
            status,
            headers,
            mode,
            length,
            keep_alive,
            timeout.read,
            lambda c, reusable: self._release(key, c, reusable),
        )
        if mode == "none":
            response._finish(reusable=True)
        return response

    async def _acquire(
        self, key: Key, timeout: Timeout, fresh: bool = False
    ) -> tuple[_Connection, bool]:
        while not fresh:
            conn = self._pool.take(key)
            if conn is None:
                break
            if conn.usable():
                return conn, True
            conn.close()
        scheme, host, port = key
        context = None
        if scheme == "https":
            if self._ssl is None:
                self._ssl = ssl_context(self._verify)
            context = self._ssl
        reader, writer = await _timed(
            asyncio.open_connection(
                host,
                port,
                ssl=context,
                server_hostname=host if context is not None else None,
                limit=_LIMIT,
            ),
            timeout.connect,
        )
        sock = writer.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return _Connection(reader, writer), False

    def _release(self, key: Key, conn: _Connection, reusable: bool) -> None:
        if not (
            reusable and not conn.writer.is_closing() and self._pool.put(key, conn)
        ):
            conn.close()

    async def aclose(self) -> None:
        for conn in self._pool.drain():
            conn.close()
