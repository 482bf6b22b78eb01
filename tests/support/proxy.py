"""A small loopback HTTP proxy: forwards absolute-form requests and opens CONNECT tunnels.

It records what it was asked (method, target, Proxy-Authorization), can demand
basic credentials (407 without them), and relays bytes both ways for a tunnel
without looking inside (the TLS stays end to end). It binds 127.0.0.1 only,
forwards only to 127.0.0.1, and every wait is bounded.
"""

from __future__ import annotations

import base64
import select
import socket
import threading
import time
from dataclasses import dataclass
from typing import BinaryIO, Callable
from urllib.parse import urlsplit

STOP_WAIT = 5.0
IDLE = 30.0  # a connection idle this long is dropped


@dataclass
class Asked:
    """One request the proxy read: CONNECT host:port, or GET http://host/path."""

    method: str
    target: str
    authorization: str | None


class Proxy:
    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        self.asked: list[Asked] = []
        self._expected = None
        if credentials is not None:
            pair = f"{credentials[0]}:{credentials[1]}".encode()
            self._expected = "Basic " + base64.b64encode(pair).decode()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._open: set[socket.socket] = set()
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def url_with(self, user: str, password: str) -> str:
        return f"http://{user}:{password}@127.0.0.1:{self.port}"

    def __enter__(self) -> Proxy:
        self._spawn(self._accept)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._listener.close()
        for sock in list(self._open):
            _shut(sock)
        deadline = time.monotonic() + STOP_WAIT
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            self._spawn(self._serve, client)

    def _serve(self, client: socket.socket) -> None:
        self._open.add(client)
        client.settimeout(IDLE)
        try:
            reader = client.makefile("rb")
            while not self._stopping.is_set():
                head = _read_head(reader)
                if head is None:
                    return
                method, target, headers = head
                asked = Asked(method, target, headers.get("proxy-authorization"))
                self.asked.append(asked)
                if self._expected is not None and asked.authorization != self._expected:
                    _answer(client, 407, {"Proxy-Authenticate": 'Basic realm="test"'})
                    return
                if method == "CONNECT":
                    self._tunnel(client, target)
                    return
                if not self._forward(client, reader, method, target, headers):
                    return
        except OSError:
            pass
        finally:
            self._open.discard(client)
            client.close()

    def _forward(
        self,
        client: socket.socket,
        reader: BinaryIO,
        method: str,
        target: str,
        headers: dict[str, str],
    ) -> bool:
        """Relay one absolute-form request and its answer; whether to keep the connection."""
        parts = urlsplit(target)
        if parts.scheme != "http" or parts.hostname != "127.0.0.1":
            _answer(client, 400)
            return False
        body = reader.read(int(headers.get("content-length") or 0))
        upstream = socket.create_connection(
            ("127.0.0.1", parts.port or 80), timeout=IDLE
        )
        with upstream:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            lines = [f"{method} {path} HTTP/1.1"]
            lines += [
                f"{k}: {v}"
                for k, v in headers.items()
                if k not in ("proxy-authorization", "connection")
            ]
            lines.append("Connection: close")
            upstream.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            answer = b""
            while chunk := upstream.recv(65536):
                answer += chunk
        # The upstream closed after one answer: so does this side (no framing to parse).
        client.sendall(answer)
        return False

    def _tunnel(self, client: socket.socket, target: str) -> None:
        host, _, port = target.rpartition(":")
        if host != "127.0.0.1":
            _answer(client, 403)
            return
        upstream = socket.create_connection((host, int(port)), timeout=IDLE)
        self._open.add(upstream)
        try:
            _answer(client, 200)
            _relay(client, upstream, self._stopping)
        finally:
            self._open.discard(upstream)
            upstream.close()


def _read_head(reader: BinaryIO) -> tuple[str, str, dict[str, str]] | None:
    line = reader.readline(65536)
    if not line.strip():
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    for _ in range(100):
        line = reader.readline(65536)
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return method, target, headers


def _answer(
    sock: socket.socket, status: int, headers: dict[str, str] | None = None
) -> None:
    lines = [f"HTTP/1.1 {status} Proxy says {status}"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if status != 200:
        lines.append("Content-Length: 0")
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))


def _relay(a: socket.socket, b: socket.socket, stopping: threading.Event) -> None:
    """Copy bytes both ways until either side closes (or the proxy stops)."""
    ends = {a: b, b: a}
    deadline = time.monotonic() + IDLE * 2
    while not stopping.is_set() and time.monotonic() < deadline:
        ready, _, _ = select.select(list(ends), [], [], 0.05)
        for sock in ready:
            data = sock.recv(65536)
            if not data:
                return
            ends[sock].sendall(data)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
