"""HTTP/1.1 over `http.client`, with a pool of keep-alive connections.

The transport knows nothing of APIs: it sends one request and returns a response
whose body is read as it is consumed. A connection goes back to the pool once its
response has been read to the end; a reused connection that the server had
already closed is replaced transparently, once.
"""

from __future__ import annotations

import http.client
import socket
from typing import Any, Callable, Iterator

from .core import Timeout
from .http11 import (
    Body,
    Key,
    Pool,
    Request,
    body_frames,
    framing,
    replayable,
    route,
    ssl_context,
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
            while True:
                chunk = (
                    self._raw.read1(CHUNK)
                    if hasattr(self._raw, "read1")
                    else self._raw.read(CHUNK)
                )
                if not chunk:
                    break
                yield chunk
            self._finish(reusable=True)
        finally:
            self._finish(reusable=False)

    def read(self) -> bytes:
        try:
            data = self._raw.read()
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


class SyncTransport:
    def __init__(self, *, verify: Any = True, max_idle: int = 10) -> None:
        self._verify = verify
        self._ssl: Any = None
        self._pool: Pool[http.client.HTTPConnection] = Pool(max_idle)

    def send(self, request: Request, timeout: Timeout) -> Response:
        key, target = route(request.url)
        conn, reused = self._acquire(key, timeout)
        try:
            return self._exchange(conn, key, request, target, timeout)
        except _STALE:
            conn.close()
            if not reused or not replayable(request.body):
                raise
        conn, _ = self._acquire(key, timeout, fresh=True)
        return self._exchange(conn, key, request, target, timeout)

    def _exchange(
        self,
        conn: http.client.HTTPConnection,
        key: Key,
        request: Request,
        target: str,
        timeout: Timeout,
    ) -> Response:
        try:
            if conn.sock is None:
                conn.timeout = timeout.connect
                conn.connect()
            sock: socket.socket = conn.sock
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(timeout.read)
            conn.putrequest(request.method, target, skip_accept_encoding=True)
            frame = framing(request)
            if frame is not None:
                conn.putheader(*frame)
            for name, value in request.headers.items():
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
        self, key: Key, timeout: Timeout, fresh: bool = False
    ) -> tuple[http.client.HTTPConnection, bool]:
        if not fresh:
            conn = self._pool.take(key)
            if conn is not None:
                return conn, True
        scheme, host, port = key
        if scheme == "https":
            if self._ssl is None:
                self._ssl = ssl_context(self._verify)
            return (
                http.client.HTTPSConnection(
                    host, port, timeout=timeout.connect, context=self._ssl
                ),
                False,
            )
        return http.client.HTTPConnection(host, port, timeout=timeout.connect), False

    def _release(
        self, key: Key, conn: http.client.HTTPConnection, reusable: bool
    ) -> None:
        if not (reusable and conn.sock is not None and self._pool.put(key, conn)):
            conn.close()

    def close(self) -> None:
        for conn in self._pool.drain():
            conn.close()
