"""HTTP/1.1 over `http.client`, with a pool of keep-alive connections.

The transport knows nothing of APIs: it sends one request and returns a response
whose body is read as it is consumed. A connection goes back to the pool once its
response has been read to the end; a reused connection that the server had
already closed is replaced transparently, once.

The transport opens its sockets itself (directly, or through a proxy and its
CONNECT tunnel, then TLS) and hands them to http.client, which frames the
request and parses the response. Every read and write waits no longer than the
call's Deadline allows, so no server can hold a call past its total timeout.
"""

from __future__ import annotations

import http.client
import io
import os
import socket
from typing import Any, Callable, Iterator, cast

from .http11 import (
    Body,
    BodyTooLarge,
    Deadline,
    Key,
    Pool,
    Request,
    authority,
    body_frames,
    framing,
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

_STALE = (
    http.client.RemoteDisconnected,
    BrokenPipeError,
    ConnectionResetError,
    ConnectionAbortedError,
    http.client.BadStatusLine,
)


class _Wire:
    """A connected socket as http.client sees it: each read and write within the deadline.

    Like a socket with files made from it, it is closed for good only once its
    response reader is closed too: http.client closes the connection of a
    response that ends with the connection before that body is read.
    """

    __slots__ = ("sock", "deadline", "readers", "closing", "_timeout")

    def __init__(self, sock: socket.socket, deadline: Deadline) -> None:
        self.sock = sock
        self.deadline = deadline
        self.readers = 0
        self.closing = False
        self._timeout = sock.gettimeout()

    def sendall(self, data: Any) -> None:
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

    def makefile(self, mode: str) -> io.BufferedReader:
        self.readers += 1
        return io.BufferedReader(_Reader(self))

    def close(self) -> None:
        self.closing = True
        if not self.readers:
            self.sock.close()


class _Reader(io.RawIOBase):
    """What http.client reads a response from."""

    def __init__(self, wire: _Wire) -> None:
        self._wire = wire

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        wire = self._wire
        wire.ready()
        return wire.sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            wire = self._wire
            wire.readers -= 1
            if wire.closing and not wire.readers:
                wire.sock.close()
        super().close()


class Response:
    def __init__(
        self, raw: http.client.HTTPResponse, release: Callable[[bool], None]
    ) -> None:
        self.status = raw.status
        self.headers = HeaderMap(raw.getheaders())
        self._raw = raw
        self._release = release
        self._done = False

    def iter_chunks(self) -> Iterator[bytes]:
        try:
            while chunk := self._raw.read1(CHUNK):
                yield chunk
            self._finish(reusable=True)
        finally:
            self._finish(reusable=False)

    def read(self, limit: int | None = None) -> bytes:
        """The whole body; BodyTooLarge (nothing more read) once it is over limit bytes."""
        raw = self._raw
        try:
            if raw.length is not None:
                if limit is not None and raw.length > limit:
                    raise BodyTooLarge(raw.length, limit, self.status, self.headers)
                data = raw.read()
            else:  # chunked, or to the end of the connection
                parts = []
                size = 0
                while chunk := raw.read1(CHUNK):
                    size += len(chunk)
                    if limit is not None and size > limit:
                        raise BodyTooLarge(None, limit, self.status, self.headers)
                    parts.append(chunk)
                data = b"".join(parts)
        except BaseException:
            self._finish(reusable=False)
            raise
        self._finish(reusable=True)
        return data

    def close(self) -> None:
        self._finish(reusable=False)

    def _finish(self, reusable: bool) -> None:
        if not self._done:
            self._done = True
            reusable = reusable and not self._raw.will_close
            if reusable:
                # http.client's read1() does not mark a sized body done at its end,
                # and a connection whose response is not closed refuses the next
                # request: close the response (the socket stays open).
                self._raw.close()
            self._release(reusable)


class _Connection(http.client.HTTPConnection):
    """http.client's connection over a socket the transport opened."""

    def __init__(self, key: Key, wire: _Wire, proxy: Proxy | None) -> None:
        super().__init__(key[1], key[2])
        self.wire = wire
        self.sock = cast(Any, wire)
        self.auto_open = 0  # never reconnect by itself (it would bypass the proxy)
        # An http URL through a proxy: the absolute URL, and the proxy's credentials.
        self.forward = proxy if proxy is not None and key[0] == "http" else None


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
        conn, reused = self._acquire(key, deadline)
        try:
            return self._exchange(conn, key, request, target, deadline)
        except _STALE:
            conn.close()
            if not reused or not replayable(request.body):
                raise
        conn, _ = self._acquire(key, deadline, fresh=True)
        return self._exchange(conn, key, request, target, deadline)

    def _exchange(
        self,
        conn: _Connection,
        key: Key,
        request: Request,
        target: str,
        deadline: Deadline,
    ) -> Response:
        try:
            conn.wire.deadline = deadline
            if conn.forward is not None:
                target = f"{key[0]}://{authority(key)}{target}"
            conn.putrequest(
                request.method, target, skip_host=True, skip_accept_encoding=True
            )
            headers = request.headers
            for name in headers:
                if name.lower() == "host":
                    break
            else:
                conn.putheader("Host", authority(key))
            frame = framing(request)
            if frame is not None:
                conn.putheader(*frame)
            for name, value in headers.items():
                conn.putheader(name, value)
            if conn.forward is not None:
                for name, value in conn.forward.headers.items():
                    conn.putheader(name, value)
            if request.body is None or isinstance(request.body, bytes):
                conn.endheaders(request.body)
            else:
                conn.endheaders()
                for piece in body_frames(request):
                    conn.send(piece)
            raw = conn.getresponse()
        except BaseException:
            conn.close()
            raise
        return Response(raw, lambda reusable: self._release(key, conn, reusable))

    def _acquire(
        self, key: Key, deadline: Deadline, fresh: bool = False
    ) -> tuple[_Connection, bool]:
        if not fresh:
            conn = self._pool.take(key)
            if conn is not None:
                return conn, True
        return self._connect(key, deadline), False

    def _connect(self, key: Key, deadline: Deadline) -> _Connection:
        """A new connection to key: direct, or through its proxy; TLS for https."""
        scheme, host, port = key
        proxy = self._proxies.select(key) if self._proxied else None
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
        return _Connection(key, _Wire(sock, deadline), proxy)

    def _release(self, key: Key, conn: _Connection, reusable: bool) -> None:
        if not (reusable and conn.sock is not None and self._pool.put(key, conn)):
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
