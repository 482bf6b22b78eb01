"""A fault-injecting loopback HTTP/1.1 server, written on raw sockets.

Unlike server.py it hands each request to a handler that writes the answer
itself, so a test can delay it, cut it off, reset the connection, stream a body
of any size, send server-sent events one at a time, or close a keep-alive
connection between requests. It counts TCP connections, so a test can prove
that keep-alive reuses them. It binds 127.0.0.1 only; every wait is bounded.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import socket
import ssl
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Callable, Iterable, Iterator

STOP_WAIT = 5.0  # seconds a stopping server waits for its threads


@dataclass
class Hit:
    """One request as the server read it, and the TCP connection (1, 2, ...) it came on."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    connection: int
    at: float  # time.monotonic() when it was read
    lines: list[tuple[str, str]] = field(default_factory=list)  # headers as sent

    def json(self) -> Any:
        return json.loads(self.body)

    def multipart(self) -> dict[str, tuple[str | None, str | None, bytes]]:
        """The parts of a multipart/form-data body: name -> (filename, content type, bytes)."""
        head = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            head + self.body
        )
        parts = {}
        for part in message.iter_parts():  # type: ignore[attr-defined]
            name = part.get_param("name", header="content-disposition")
            parts[name] = (
                part.get_filename(),
                part.get_content_type() if part.get("content-type") else None,
                part.get_payload(decode=True),
            )
        return parts


class Exchange:
    """The handler's side of one request: read `hit`, then answer (or fail) once."""

    def __init__(self, server: FaultServer, sock: socket.socket, hit: Hit) -> None:
        self.server = server
        self.hit = hit
        self._sock = sock
        self.keep_alive = hit.headers.get("connection", "").lower() != "close"

    def reply(
        self,
        status: int = 200,
        body: Any = b"",
        headers: dict[str, str] | None = None,
    ) -> None:
        headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            headers.setdefault("Content-Type", "application/json")
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        headers["Content-Length"] = str(len(body))
        self.write(self._head(status, headers) + body)

    def start(self, status: int = 200, headers: dict[str, str] | None = None) -> None:
        """Send the status line and headers only; the body follows with write()."""
        self.write(self._head(status, dict(headers or {})))

    def stream(
        self,
        chunks: Iterable[bytes],
        status: int = 200,
        headers: dict[str, str] | None = None,
        pause: float = 0.0,
    ) -> None:
        """A chunked body, each chunk sent as it comes (with a pause before each)."""
        headers = dict(headers or {})
        headers["Transfer-Encoding"] = "chunked"
        self.start(status, headers)
        for chunk in chunks:
            if pause:
                self.pause(pause)
            if chunk:
                self.write(b"%x\r\n%b\r\n" % (len(chunk), chunk))
        self.write(b"0\r\n\r\n")

    def trickle(self, data: bytes, every: float, limit: float = 20.0) -> None:
        """Send data a byte at a time, one every `every` seconds, for at most limit seconds."""
        end = time.monotonic() + limit
        for i in range(len(data)):
            if self.server._stopping.is_set() or time.monotonic() > end:
                return
            self.write(data[i : i + 1])
            self.pause(every)

    def pause(self, seconds: float) -> None:
        """Wait before answering; cut short when the server stops."""
        self.server._stopping.wait(seconds)

    def write(self, data: bytes) -> None:
        self._sock.sendall(data)
        self.server.sent += len(data)

    def reset(self) -> None:
        """Abort the connection: the client sees a reset (RST), not a clean close."""
        self._sock.setsockopt(
            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
        )
        self.close()

    def close(self) -> None:
        """Close the connection after this exchange."""
        self.keep_alive = False
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()

    @staticmethod
    def _head(status: int, headers: dict[str, str]) -> bytes:
        lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


Handler = Callable[[Exchange], None]


class FaultServer:
    def __init__(self, handler: Handler, tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.hits: list[Hit] = []
        self.connections = 0
        self.sent = 0  # bytes written to clients
        self.errors: list[BaseException] = []
        self._tls = tls
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._open: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        port = self._listener.getsockname()[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"

    @property
    def last(self) -> Hit:
        return self.hits[-1]

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                self.connections += 1
                number = self.connections
            thread = threading.Thread(
                target=self._serve, args=(sock, number), daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket, number: int) -> None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(STOP_WAIT * 6)  # no connection outlives a test by long
        try:
            if self._tls is not None:
                sock = self._tls.wrap_socket(sock, server_side=True)
            self._open.add(sock)
            reader = sock.makefile("rb")
            while not self._stopping.is_set():
                hit = _read_request(reader, number)
                if hit is None:
                    break
                self.hits.append(hit)
                exchange = Exchange(self, sock, hit)
                try:
                    self.handler(exchange)
                except OSError:
                    raise
                except Exception as exc:  # a broken handler: the test reports it
                    self.errors.append(exc)
                    break
                if not exchange.keep_alive:
                    break
        except (OSError, ValueError):
            pass  # the client went away, or the test reset the connection
        finally:
            self._open.discard(sock)
            sock.close()

    def __enter__(self) -> FaultServer:
        thread = threading.Thread(target=self._accept, daemon=True)
        self._threads.append(thread)
        thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._listener.close()
        for sock in list(self._open):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        deadline = time.monotonic() + STOP_WAIT
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        if self.errors and exc[0] is None:
            raise self.errors[0]


def _read_request(reader: BinaryIO, number: int) -> Hit | None:
    line = reader.readline(65536)
    if not line.strip():
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    lines: list[tuple[str, str]] = []
    while True:
        line = reader.readline(65536)
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
        lines.append((name.strip(), value.strip()))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b"".join(_chunks(reader))
    else:
        body = reader.read(int(headers.get("content-length") or 0))
    return Hit(method, target, headers, body, number, time.monotonic(), lines)


def _chunks(reader: BinaryIO) -> Iterator[bytes]:
    while True:
        size = int(reader.readline().split(b";")[0].strip(), 16)
        if size == 0:
            reader.readline()
            return
        yield reader.read(size)
        reader.readline()


def pattern(size: int, block: int = 1 << 16) -> Iterator[bytes]:
    """size bytes of a fixed pattern, generated a block at a time."""
    unit = bytes(range(256)) * (block // 256)
    while size > 0:
        yield unit[:size]
        size -= len(unit)
