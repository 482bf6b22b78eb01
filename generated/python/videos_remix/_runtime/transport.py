"""HTTP/1.1 over `http.client`, with a pool of keep-alive connections.

The transport knows nothing of APIs: it sends one request and returns a response
whose body is read as it is consumed. A connection goes back to the pool once its
response has been read to the end; a reused connection that the server had
already closed is replaced transparently, once.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Union
from urllib.parse import urlsplit

from .core import Timeout
from .response import CHUNK, HeaderMap

__all__ = ["Body", "Request", "Response", "SyncTransport"]

Body = Union[bytes, Callable[[], Iterable[bytes]], None]
"""bytes, or a function returning the body's chunks afresh (so a retry can send it again)."""

_STALE = (
    http.client.RemoteDisconnected,
    BrokenPipeError,
    ConnectionResetError,
    ConnectionAbortedError,
    http.client.BadStatusLine,
)


@dataclass
class Request:
    method: str
    url: str
    headers: dict[str, str]
    body: Body = None
    length: int | None = None  # of a streamed body, when known


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
            self._release(reusable and not self._raw.will_close)


class SyncTransport:
    def __init__(
        self, *, verify: bool | ssl.SSLContext = True, max_idle: int = 10
    ) -> None:
        self._verify = verify
        self._ssl: ssl.SSLContext | None = (
            verify if isinstance(verify, ssl.SSLContext) else None
        )
        self._idle: dict[tuple[str, str, int], list[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()
        self._max_idle = max_idle

    def send(self, request: Request, timeout: Timeout) -> Response:
        parts = urlsplit(request.url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                f"cannot send a request to {request.url!r}: only http and https URLs are supported"
            )
        key = (scheme, parts.hostname, parts.port or (443 if scheme == "https" else 80))
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        conn, reused = self._acquire(key, timeout)
        try:
            return self._exchange(conn, key, request, target, timeout)
        except _STALE:
            conn.close()
            if not reused or callable(request.body):
                raise
        conn, _ = self._acquire(key, timeout, fresh=True)
        return self._exchange(conn, key, request, target, timeout)

    def _exchange(
        self,
        conn: http.client.HTTPConnection,
        key: tuple[str, str, int],
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
            body = request.body
            headers = request.headers
            if body is None:
                if request.method in ("POST", "PUT", "PATCH"):
                    conn.putheader("Content-Length", "0")
            elif isinstance(body, bytes):
                conn.putheader("Content-Length", str(len(body)))
            elif request.length is not None:
                conn.putheader("Content-Length", str(request.length))
            else:
                conn.putheader("Transfer-Encoding", "chunked")
            for name, value in headers.items():
                conn.putheader(name, value)
            if body is None or isinstance(body, bytes):
                conn.endheaders(body)
            else:
                conn.endheaders()
                chunked = request.length is None
                for chunk in body():
                    if chunk:
                        conn.send(
                            b"%x\r\n%b\r\n" % (len(chunk), chunk) if chunked else chunk
                        )
                if chunked:
                    conn.send(b"0\r\n\r\n")
            raw = conn.getresponse()
        except BaseException:
            conn.close()
            raise
        return Response(raw, lambda reusable: self._release(key, conn, reusable))

    def _acquire(
        self, key: tuple[str, str, int], timeout: Timeout, fresh: bool = False
    ) -> tuple[http.client.HTTPConnection, bool]:
        if not fresh:
            with self._lock:
                idle = self._idle.get(key)
                if idle:
                    return idle.pop(), True
        scheme, host, port = key
        if scheme == "https":
            return (
                http.client.HTTPSConnection(
                    host, port, timeout=timeout.connect, context=self._context()
                ),
                False,
            )
        return http.client.HTTPConnection(host, port, timeout=timeout.connect), False

    def _release(
        self,
        key: tuple[str, str, int],
        conn: http.client.HTTPConnection,
        reusable: bool,
    ) -> None:
        if reusable and conn.sock is not None:
            with self._lock:
                idle = self._idle.setdefault(key, [])
                if len(idle) < self._max_idle:
                    idle.append(conn)
                    return
        conn.close()

    def _context(self) -> ssl.SSLContext:
        if self._ssl is None:
            if self._verify is False:
                context = ssl.create_default_context()
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
                self._ssl = context
            else:
                self._ssl = ssl.create_default_context()
        return self._ssl

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, {}
        for conns in idle.values():
            for conn in conns:
                conn.close()
