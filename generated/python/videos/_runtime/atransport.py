"""HTTP/1.1 over asyncio streams, with a pool of keep-alive connections.

The async twin of transport.py, sharing its request framing, TLS and pool
(http11.py). A response body is read from the socket as it is consumed, sized
by Content-Length, chunked, or read to the end of the connection. A connection
goes back to the pool once its response has been read to the end; a reused
connection the server had already closed is replaced transparently, once.
Every wait is bounded by the call's Deadline; timeouts raise the builtin
TimeoutError on every Python version. An https URL behind a proxy goes through
a CONNECT tunnel opened on a plain socket, then TLS, so it works on every
supported Python.
"""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any, AsyncIterator, Awaitable, Callable, TypeVar

from .http11 import (
    MAX_HEADERS,
    MAX_LINE,
    BodyTooLarge,
    Deadline,
    Key,
    Pool,
    ProtocolError,
    RemoteDisconnected,
    Request,
    authority,
    body_frames,
    body_mode,
    chunk_size,
    head,
    head_line,
    replayable,
    route,
    ssl_context,
)
from .proxy import (
    Proxies,
    Proxy,
    ProxyError,
    ProxySetting,
    tunnel_reply,
    tunnel_request,
)
from .response import CHUNK, HeaderMap

__all__ = ["AsyncResponse", "AsyncTransport", "RemoteDisconnected", "ProtocolError"]

_T = TypeVar("_T")

_STALE = (RemoteDisconnected, BrokenPipeError, ConnectionResetError)


async def _timed(awaitable: Awaitable[_T], seconds: float | None) -> _T:
    if seconds is None:
        return await awaitable
    try:
        return await asyncio.wait_for(awaitable, seconds)
    except asyncio.TimeoutError:  # not TimeoutError itself before Python 3.11
        raise TimeoutError(f"no answer within {seconds:.3g} s") from None


async def _read_head(
    reader: asyncio.StreamReader, deadline: Deadline
) -> tuple[str, int, list[tuple[str, str]]]:
    """The status line and headers of a response: (HTTP version, status, fields).

    Read line by line, as the sync transport reads them: a line may end with a
    bare line feed, and the limits are per line (the reader's, MAX_LINE) and in
    lines (MAX_HEADERS). One timeout covers the whole head."""
    return await _timed(_head_lines(reader), deadline.for_read())


async def _head_lines(
    reader: asyncio.StreamReader,
) -> tuple[str, int, list[tuple[str, str]]]:
    lines: list[str] = []
    while True:
        try:
            line = await reader.readline()
        except ValueError:  # a LimitOverrunError: the line is over MAX_LINE
            raise ProtocolError("a line of the response is too long") from None
        parsed = head_line(lines, line)
        if parsed is not None:
            return parsed


async def _drain(writer: asyncio.StreamWriter, deadline: Deadline) -> None:
    if writer.transport.get_write_buffer_size():  # else drain() would not wait
        await _timed(writer.drain(), deadline.for_read())
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
        deadline: Deadline,
        release: Callable[[_Connection, bool], None],
    ) -> None:
        self.status = status
        self.headers = headers
        self._conn = conn
        self._mode = mode  # "none", "length", "chunked" or "eof"
        self._length = length
        self._keep_alive = keep_alive
        self._deadline = deadline
        self._release = release
        self._done = False

    async def iter_chunks(self) -> AsyncIterator[bytes]:
        try:
            # Once released (read, or closed), the connection is another call's.
            if self._mode != "none" and not self._done:
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

    async def read(self, limit: int | None = None) -> bytes:
        """The whole body; BodyTooLarge (nothing more read) once it is over limit bytes."""
        if limit is not None and self._mode == "length" and self._length > limit:
            self._finish(reusable=False)
            raise BodyTooLarge(self._length, limit, self.status, self.headers)
        parts = []
        size = 0
        async for chunk in self.iter_chunks():
            size += len(chunk)
            if limit is not None and size > limit:
                self._finish(reusable=False)
                raise BodyTooLarge(None, limit, self.status, self.headers)
            parts.append(chunk)
        return b"".join(parts)

    async def aclose(self) -> None:
        self._finish(reusable=False)

    def _finish(self, reusable: bool) -> None:
        if not self._done:
            self._done = True
            self._release(self._conn, reusable and self._keep_alive)

    async def _sized(self, remaining: int) -> AsyncIterator[bytes]:
        reader = self._conn.reader
        while remaining > 0:
            chunk = await _timed(
                reader.read(min(remaining, CHUNK)), self._deadline.for_read()
            )
            if not chunk:
                raise RemoteDisconnected(
                    f"the connection closed with {remaining} bytes of the body unread"
                )
            remaining -= len(chunk)
            yield chunk

    async def _chunked(self) -> AsyncIterator[bytes]:
        reader = self._conn.reader
        while True:
            line = await _timed(reader.readline(), self._deadline.for_read())
            if not line:
                raise RemoteDisconnected("the connection closed inside a chunked body")
            size = chunk_size(line)
            if size == 0:
                break
            async for chunk in self._sized(size):
                yield chunk
            if await _timed(reader.readline(), self._deadline.for_read()) not in (
                b"\r\n",
                b"\n",
            ):
                raise ProtocolError("a chunk does not end with a line break")
        for _ in range(MAX_HEADERS):  # trailers, up to the blank line
            if await _timed(reader.readline(), self._deadline.for_read()) in (
                b"\r\n",
                b"\n",
                b"",
            ):
                return
        raise ProtocolError("too many trailer lines")

    async def _to_eof(self) -> AsyncIterator[bytes]:
        while chunk := await _timed(
            self._conn.reader.read(CHUNK), self._deadline.for_read()
        ):
            yield chunk


class AsyncTransport:
    def __init__(
        self, *, verify: Any = True, max_idle: int = 10, proxy: ProxySetting = None
    ) -> None:
        self._verify = verify
        self._ssl: Any = None
        self._pool: Pool[_Connection] = Pool(max_idle)
        self._proxies = Proxies(proxy, os.environ)
        self._proxied = bool(self._proxies)

    async def send(self, request: Request, deadline: Deadline) -> AsyncResponse:
        key, target = route(request.url)
        proxy = self._proxies.select(key) if self._proxied else None
        extra = None
        if proxy is not None and key[0] == "http":
            # Through a proxy, an http URL is asked for whole, with the proxy's credentials.
            target = f"http://{authority(key)}{target}"
            extra = proxy.headers
        message = head(request, key, target, extra)
        conn, reused = await self._acquire(key, proxy, deadline)
        try:
            return await self._exchange(conn, key, request, message, deadline)
        except _STALE:
            if not reused or not replayable(request.body):
                raise
        conn, _ = await self._acquire(key, proxy, deadline, fresh=True)
        return await self._exchange(conn, key, request, message, deadline)

    async def _exchange(
        self,
        conn: _Connection,
        key: Key,
        request: Request,
        message: bytes,
        deadline: Deadline,
    ) -> AsyncResponse:
        writer = conn.writer
        try:
            if isinstance(request.body, bytes):
                writer.write(message + request.body)
            else:
                writer.write(message)
                for piece in body_frames(request):
                    writer.write(piece)
                    await _drain(writer, deadline)
            await _drain(writer, deadline)
            return await self._response(conn, key, request, deadline)
        except BaseException:
            conn.close()
            raise

    async def _response(
        self, conn: _Connection, key: Key, request: Request, deadline: Deadline
    ) -> AsyncResponse:
        while True:  # an interim response (100 Continue, 103) is skipped
            version, status, fields = await _read_head(conn.reader, deadline)
            if not 100 <= status < 200 or status == 101:
                break
        headers = HeaderMap(fields)
        mode, length, keep_alive = body_mode(request.method, version, status, headers)
        response = AsyncResponse(
            conn,
            status,
            headers,
            mode,
            length,
            keep_alive,
            deadline,
            lambda c, reusable: self._release(key, c, reusable),
        )
        if mode == "none":
            response._finish(reusable=True)
        return response

    async def _acquire(
        self, key: Key, proxy: Proxy | None, deadline: Deadline, fresh: bool = False
    ) -> tuple[_Connection, bool]:
        while not fresh:
            conn = self._pool.take(key)
            if conn is None:
                break
            if conn.usable():
                return conn, True
            conn.close()
        return await self._connect(key, proxy, deadline), False

    async def _connect(
        self, key: Key, proxy: Proxy | None, deadline: Deadline
    ) -> _Connection:
        """A new connection to key: direct, or through its proxy; TLS for https."""
        scheme, host, port = key
        context = None
        if scheme == "https":
            if self._ssl is None:
                self._ssl = ssl_context(self._verify)
            context = self._ssl
        if proxy is not None and context is not None:
            sock = await _tunnel(key, proxy, deadline)
            opened = asyncio.open_connection(
                sock=sock, ssl=context, server_hostname=host, limit=MAX_LINE
            )
        else:
            address = (host, port) if proxy is None else (proxy.host, proxy.port)
            opened = asyncio.open_connection(
                *address,
                ssl=context,
                server_hostname=host if context is not None else None,
                limit=MAX_LINE,
            )
        reader, writer = await _timed(opened, deadline.for_connect())
        sock = writer.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return _Connection(reader, writer)

    def _release(self, key: Key, conn: _Connection, reusable: bool) -> None:
        if not (
            reusable and not conn.writer.is_closing() and self._pool.put(key, conn)
        ):
            conn.close()

    async def aclose(self) -> None:
        for conn in self._pool.drain():
            conn.close()


async def _tunnel(key: Key, proxy: Proxy, deadline: Deadline) -> socket.socket:
    """A socket to the proxy, with a CONNECT tunnel to key's host open through it."""
    loop = asyncio.get_running_loop()
    sock = await _timed(_open_socket(proxy.host, proxy.port), deadline.for_connect())
    try:
        await _timed(
            loop.sock_sendall(sock, tunnel_request(key, proxy)), deadline.for_read()
        )
        reply = b""
        while not tunnel_reply(reply):
            data = await _timed(loop.sock_recv(sock, 4096), deadline.for_read())
            if not data:
                raise ProxyError(
                    "the proxy closed the connection before the tunnel opened"
                )
            reply += data
    except BaseException:
        sock.close()
        raise
    return sock


async def _open_socket(host: str, port: int) -> socket.socket:
    """A non-blocking TCP socket connected to host and port (each address in turn)."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    error: OSError = OSError(f"no address for {host}")
    for family, kind, proto, _, address in infos:
        sock = socket.socket(family, kind, proto)
        try:
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            await loop.sock_connect(sock, address)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        except BaseException:
            sock.close()
            raise
        return sock
    raise error
