"""HTTP/1.1 over sockets, with a pool of keep-alive connections.

The transport knows nothing of APIs: it sends one request and returns a response
whose body is read from the socket as it is consumed, sized by Content-Length,
chunked, or read to the end of the connection. A connection goes back to the
pool once its response has been read to the end; a reused connection that the
server had already closed is replaced transparently, once.

The transport opens its sockets itself (directly, or through a proxy and its
CONNECT tunnel, then TLS), writes requests and reads responses itself, with
the framing the async transport shares (http11.py). Every read and write waits
no longer than the call's Deadline allows, so no server can hold a call past its
total timeout. A first request imports socket (and ssl for an https URL), not
http.client and the email package it needs: about 20 ms of a program's start.
"""

from __future__ import annotations

import io
import os
import socket
from typing import Any, Callable, Iterator

from .http11 import (
    MAX_HEADERS,
    MAX_LINE,
    Body,
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

__all__ = ["Body", "Request", "Response", "SyncTransport"]

_STALE = (RemoteDisconnected, BrokenPipeError, ConnectionResetError)
_SMALL = 64 * 1024  # a bytes body this short goes out in one write with the head


class _Wire(io.RawIOBase):
    """A connected socket whose every read and write waits within the deadline."""

    def __init__(self, sock: socket.socket, deadline: Deadline) -> None:
        self.sock = sock
        self.deadline = deadline
        self._timeout = sock.gettimeout()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.ready()
        return self.sock.recv_into(buffer)

    def sendall(self, data: bytes) -> None:
        self.ready()
        self.sock.sendall(data)

    def ready(self) -> None:
        """Set the socket's timeout for the next read or write, within the deadline.

        The system call is saved when the timeout already set is that one, or at
        most 10 ms longer: a call's deadline may be passed by that much.
        """
        seconds = self.deadline.for_read()
        current = self._timeout
        if seconds is None or current is None:
            if seconds is current:
                return
        elif seconds <= current <= seconds + 0.01:
            return
        self.sock.settimeout(seconds)
        self._timeout = seconds

    def close(self) -> None:
        if not self.closed:
            self.sock.close()
        super().close()


class _Connection:
    """A socket and the buffered reader its responses are read from."""

    __slots__ = ("wire", "reader")

    def __init__(self, sock: socket.socket, deadline: Deadline) -> None:
        self.wire = _Wire(sock, deadline)
        self.reader = io.BufferedReader(self.wire, CHUNK)

    def line(self) -> bytes:
        """One line (a status, header or chunk-size line), its line break kept."""
        line = self.reader.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise ProtocolError("a line of the response is too long")
        return line

    def close(self) -> None:
        self.reader.close()  # and the socket with it


def _read_head(conn: _Connection) -> tuple[str, int, list[tuple[str, str]]]:
    """The status line and headers of a response: (HTTP version, status, fields)."""
    lines: list[str] = []
    while (parsed := head_line(lines, conn.line())) is None:
        pass
    return parsed


class Response:
    def __init__(
        self,
        conn: _Connection,
        status: int,
        headers: HeaderMap,
        mode: str,
        length: int,
        keep_alive: bool,
        release: Callable[[_Connection, bool], None],
    ) -> None:
        self.status = status
        self.headers = headers
        self._conn = conn
        self._mode = mode  # "none", "length", "chunked" or "eof"
        self._length = length
        self._keep_alive = keep_alive
        self._release = release
        self._done = False

    def iter_chunks(self) -> Iterator[bytes]:
        try:
            # Once released (read, or closed), the connection is another call's.
            if self._mode != "none" and not self._done:
                if self._mode == "length":
                    body = self._sized(self._length)
                elif self._mode == "chunked":
                    body = self._chunked()
                else:
                    body = self._to_eof()
                yield from body
            self._finish(reusable=self._mode != "eof")
        finally:
            self._finish(reusable=False)

    def read(self, limit: int | None = None) -> bytes:
        """The whole body; BodyTooLarge (nothing more read) once it is over limit bytes."""
        if self._mode == "length" and not self._done:
            if limit is not None and self._length > limit:
                self._finish(reusable=False)
                raise BodyTooLarge(self._length, limit, self.status, self.headers)
            try:
                data = self._conn.reader.read(self._length)
            except BaseException:
                self._finish(reusable=False)
                raise
            if len(data) < self._length:
                self._finish(reusable=False)
                raise RemoteDisconnected(
                    f"the connection closed with {self._length - len(data)} bytes of the body unread"
                )
            self._finish(reusable=True)
            return data
        parts = []
        size = 0
        for chunk in self.iter_chunks():
            size += len(chunk)
            if limit is not None and size > limit:
                self._finish(reusable=False)
                raise BodyTooLarge(None, limit, self.status, self.headers)
            parts.append(chunk)
        return b"".join(parts)

    def close(self) -> None:
        self._finish(reusable=False)

    def _finish(self, reusable: bool) -> None:
        if not self._done:
            self._done = True
            self._release(self._conn, reusable and self._keep_alive)

    def _sized(self, remaining: int) -> Iterator[bytes]:
        reader = self._conn.reader
        while remaining > 0:
            chunk = reader.read1(min(remaining, CHUNK))
            if not chunk:
                raise RemoteDisconnected(
                    f"the connection closed with {remaining} bytes of the body unread"
                )
            remaining -= len(chunk)
            yield chunk

    def _chunked(self) -> Iterator[bytes]:
        conn = self._conn
        while True:
            line = conn.line()
            if not line:
                raise RemoteDisconnected("the connection closed inside a chunked body")
            size = chunk_size(line)
            if size == 0:
                break
            yield from self._sized(size)
            if conn.line() not in (b"\r\n", b"\n"):
                raise ProtocolError("a chunk does not end with a line break")
        for _ in range(MAX_HEADERS):  # trailers, up to the blank line
            if conn.line() in (b"\r\n", b"\n", b""):
                return
        raise ProtocolError("too many trailer lines")

    def _to_eof(self) -> Iterator[bytes]:
        reader = self._conn.reader
        while chunk := reader.read1(CHUNK):
            yield chunk


class SyncTransport:
    def __init__(
        self, *, verify: Any = True, max_idle: int = 10, proxy: ProxySetting = None
    ) -> None:
        self._verify = verify
        self._ssl: Any = None
        self._pool: Pool[_Connection] = Pool(max_idle)
        self._proxies = Proxies(proxy, os.environ)
        self._proxied = bool(self._proxies)

    def send(self, request: Request, deadline: Deadline) -> Response:
        key, target = route(request.url)
        proxy = self._proxies.select(key) if self._proxied else None
        extra = None
        if proxy is not None and key[0] == "http":
            # Through a proxy, an http URL is asked for whole, with the proxy's credentials.
            target = f"http://{authority(key)}{target}"
            extra = proxy.headers
        message = head(request, key, target, extra)
        conn, reused = self._acquire(key, proxy, deadline)
        try:
            return self._exchange(conn, key, request, message, deadline)
        except _STALE:
            if not reused or not replayable(request.body):
                raise
        conn, _ = self._acquire(key, proxy, deadline, fresh=True)
        return self._exchange(conn, key, request, message, deadline)

    def _exchange(
        self,
        conn: _Connection,
        key: Key,
        request: Request,
        message: bytes,
        deadline: Deadline,
    ) -> Response:
        wire = conn.wire
        try:
            wire.deadline = deadline
            body = request.body
            if isinstance(body, bytes) and len(body) <= _SMALL:
                wire.sendall(message + body)
            else:
                wire.sendall(message)
                for piece in body_frames(request):
                    wire.sendall(piece)
            return self._response(conn, key, request)
        except BaseException:
            conn.close()
            raise

    def _response(self, conn: _Connection, key: Key, request: Request) -> Response:
        while True:  # an interim response (100 Continue, 103) is skipped
            version, status, fields = _read_head(conn)
            if not 100 <= status < 200 or status == 101:
                break
        headers = HeaderMap(fields)
        mode, length, keep_alive = body_mode(request.method, version, status, headers)
        response = Response(
            conn,
            status,
            headers,
            mode,
            length,
            keep_alive,
            lambda c, reusable: self._release(key, c, reusable),
        )
        if mode == "none":
            response._finish(reusable=True)
        return response

    def _acquire(
        self, key: Key, proxy: Proxy | None, deadline: Deadline, fresh: bool = False
    ) -> tuple[_Connection, bool]:
        if not fresh:
            conn = self._pool.take(key)
            if conn is not None:
                return conn, True
        return self._connect(key, proxy, deadline), False

    def _connect(
        self, key: Key, proxy: Proxy | None, deadline: Deadline
    ) -> _Connection:
        """A new connection to key: direct, or through its proxy; TLS for https."""
        scheme, host, port = key
        address = (host, port) if proxy is None else (proxy.host, proxy.port)
        sock = socket.create_connection(address, timeout=deadline.for_connect())
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if proxy is not None and scheme == "https":
                _tunnel(sock, key, proxy, deadline)
            if scheme == "https":
                if self._ssl is None:
                    self._ssl = ssl_context(self._verify)
                sock.settimeout(deadline.for_connect())
                sock = self._ssl.wrap_socket(sock, server_hostname=host)
        except BaseException:
            sock.close()
            raise
        return _Connection(sock, deadline)

    def _release(self, key: Key, conn: _Connection, reusable: bool) -> None:
        if not (reusable and self._pool.put(key, conn)):
            conn.close()

    def close(self) -> None:
        for conn in self._pool.drain():
            conn.close()


def _tunnel(sock: socket.socket, key: Key, proxy: Proxy, deadline: Deadline) -> None:
    """Open a CONNECT tunnel through the proxy sock is connected to."""
    sock.settimeout(deadline.for_read())
    sock.sendall(tunnel_request(key, proxy))
    reply = b""
    while not tunnel_reply(reply):
        sock.settimeout(deadline.for_read())
        data = sock.recv(4096)
        if not data:
            raise ProxyError("the proxy closed the connection before the tunnel opened")
        reply += data
