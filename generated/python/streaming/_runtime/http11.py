"""HTTP/1.1 pieces both transports share: the request, its route and framing, the
response's head and how its body is delimited, TLS, the call's deadline, the
limit on a body read whole, and the pool.

Nothing here does I/O or imports anything heavy (ssl is imported when a context
is first made), so the sync transport (over sockets) and the async one (over
asyncio streams) frame requests, read responses, verify TLS, keep deadlines and
pool connections alike.
"""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass
from typing import (
    TYPE_CHECKING,
    Callable,
    Mapping,
    Generic,
    Iterable,
    Iterator,
    TypeVar,
    Union,
)
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import ssl

    from .core import Timeout

__all__ = [
    "Body",
    "BodyTooLarge",
    "Deadline",
    "Key",
    "MAX_HEADERS",
    "MAX_LINE",
    "Pool",
    "ProtocolError",
    "RemoteDisconnected",
    "Request",
    "UnsupportedURLError",
    "authority",
    "body_frames",
    "body_mode",
    "check_headers",
    "chunk_size",
    "framing",
    "head",
    "head_line",
    "parse_head",
    "replayable",
    "route",
    "ssl_context",
]

Body = Union[bytes, Callable[[], Iterable[bytes]], None]
"""bytes, or a function returning the body's chunks afresh (so a retry can send it again)."""


def replayable(body: Body) -> bool:
    """Whether the body can be sent again: a function only says so in its `replayable`."""
    return not callable(body) or getattr(body, "replayable", False) is True


Key = tuple[str, str, int]
"""(scheme, host, port): what a pooled connection can be reused for."""

MAX_HEADERS = 256  # header (or trailer) lines in one response
MAX_LINE = 1 << 16  # the longest status, header or chunk-size line

_C = TypeVar("_C")
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_BAD_VALUE = re.compile(r"[\r\n\x00]")
_BAD_TARGET = re.compile(r"[\x00-\x20\x7f]")


@dataclass
class Request:
    method: str
    url: str
    headers: dict[str, str]
    body: Body = None
    length: int | None = None  # of a streamed body, when known

    def __repr__(self) -> str:
        # No header values and no query: either may carry the API key.
        url = self.url.split("?", 1)[0]
        return f"<Request {self.method} {url} headers={sorted(self.headers)}>"


class UnsupportedURLError(ValueError):
    """The URL is not an http or https URL; nothing can be sent to it."""


class RemoteDisconnected(ConnectionResetError):
    """The server closed the connection before it answered, or inside its answer."""


class ProtocolError(ConnectionError):
    """The server's answer is not HTTP/1.1 this client can read."""


class BodyTooLarge(Exception):
    """A body to be read whole is larger than the limit: it was not read (or not all of it)."""

    def __init__(
        self, size: int | None, limit: int, status: int, headers: Mapping[str, str]
    ) -> None:
        shown = "an endless body" if size is None else f"{size} bytes"
        super().__init__(f"the body ({shown}) is over the limit of {limit} bytes")
        self.size = size  # as declared by Content-Length; None when it was not
        self.limit = limit
        self.status = status
        self.headers = headers


class Deadline:
    """When a call must be over (its total timeout), and how long one read may wait.

    One Deadline spans every attempt of a call. Each wait (to connect, for the
    next bytes, to write) is bounded by its own timeout and by the time left, so
    a server sending a byte at a time cannot stretch the call past its total.
    """

    __slots__ = ("at", "total", "read", "connect")

    def __init__(self, timeout: Timeout) -> None:
        self.connect = timeout.connect
        self.read = timeout.read
        self.total = timeout.total
        self.at = None if self.total is None else time.monotonic() + self.total

    def for_read(self) -> float | None:
        """Seconds the next read or write may wait; TimeoutError when the time is up."""
        # Inline rather than through _bounded: this runs before every read.
        at, read = self.at, self.read
        if at is None:
            return read
        left = at - time.monotonic()
        if left <= 0:
            raise TimeoutError(
                f"the call took longer than its timeout of {self.total} s"
            )
        return left if read is None or left < read else read

    def for_connect(self) -> float | None:
        return self._bounded(self.connect)

    def allows(self, pause: float) -> bool:
        """Whether another attempt could start after pausing this long."""
        return self.at is None or time.monotonic() + pause < self.at

    def lift(self) -> None:
        """Only per-read timeouts from now on: a streamed body is read as it is consumed."""
        self.at = None

    def _bounded(self, seconds: float | None) -> float | None:
        if self.at is None:
            return seconds
        left = self.at - time.monotonic()
        if left <= 0:
            raise TimeoutError(
                f"the call took longer than its timeout of {self.total} s"
            )
        return left if seconds is None or left < seconds else seconds


def route(url: str) -> tuple[Key, str]:
    """The pool key and the request target (path and query) of an absolute URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        # The URL itself may carry an API key in its query: it is not repeated here.
        raise UnsupportedURLError(
            f"cannot send a request to a {scheme or 'relative'} URL: only http and https URLs are supported"
        )
    port = parts.port or (443 if scheme == "https" else 80)
    target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
    return (scheme, parts.hostname, port), target


def framing(request: Request) -> tuple[str, str] | None:
    """The header that frames the request body: Content-Length, or chunked transfer coding."""
    body = request.body
    if body is None:
        if request.method in ("POST", "PUT", "PATCH"):
            return ("Content-Length", "0")
        return None
    if isinstance(body, bytes):
        return ("Content-Length", str(len(body)))
    if request.length is not None:
        return ("Content-Length", str(request.length))
    return ("Transfer-Encoding", "chunked")


def body_frames(request: Request) -> Iterator[bytes]:
    """The body as it goes on the wire: chunk-coded when its length is not known."""
    body = request.body
    if body is None:
        return
    if isinstance(body, bytes):
        if body:
            yield body
        return
    chunked = request.length is None
    for chunk in body():
        if chunk:
            yield b"%x\r\n%b\r\n" % (len(chunk), chunk) if chunked else chunk
    if chunked:
        yield b"0\r\n\r\n"


def check_headers(headers: Mapping[str, str]) -> None:
    """Raise ValueError, before anything is sent, for a header that is not valid HTTP.

    A name must be a token (no space, colon or control character); a value must
    not hold a line break or NUL, which could smuggle in another header.
    """
    for name, value in headers.items():
        if not _TOKEN.match(name):
            raise ValueError(
                f"invalid header name {name!r}: a header name is letters, digits and "
                "!#$%&'*+-.^_`|~ only (no spaces, colons or control characters)"
            )
        if _BAD_VALUE.search(value):
            # The value is not shown: it may be a credential.
            raise ValueError(f"the {name} header has a line break or NUL in it")


def authority(key: Key) -> str:
    """host[:port] as the Host header gives it: the port only when it is not the scheme's."""
    scheme, host, port = key
    shown = f"[{host}]" if ":" in host else host
    if port != (443 if scheme == "https" else 80):
        shown += f":{port}"
    return shown


def head(
    request: Request,
    key: Key,
    target: str,
    extra: Mapping[str, str] | None = None,
) -> bytes:
    """The request line and headers, checked so no value can smuggle in another header."""
    if _BAD_TARGET.search(target) or not _TOKEN.match(request.method):
        raise ValueError("the request line has a control character or space in it")
    lines = [f"{request.method} {target} HTTP/1.1"]
    if not any(name.lower() == "host" for name in request.headers):
        lines.append(f"Host: {authority(key)}")
    frame = framing(request)
    if frame is not None:
        lines.append(f"{frame[0]}: {frame[1]}")
    for name, value in request.headers.items():
        if not _TOKEN.match(name) or _BAD_VALUE.search(value):
            check_headers({name: value})  # raises, saying what is wrong
        lines.append(f"{name}: {value}")
    if extra:
        lines.extend(f"{name}: {value}" for name, value in extra.items())
    lines.append("\r\n")
    return "\r\n".join(lines).encode("latin-1")


def head_line(
    lines: list[str], line: bytes
) -> tuple[str, int, list[tuple[str, str]]] | None:
    """One line of a response's head, as read with its line break (CRLF or a bare
    line feed; none at the end of the connection), added to the lines so far:
    the head parsed once the blank line ends it (`parse_head`), else None. Both
    transports read a head this way, a line at a time."""
    if not line.endswith(b"\n"):
        if not lines and not line:
            raise RemoteDisconnected("the server closed the connection unanswered")
        raise RemoteDisconnected("the connection closed inside the headers")
    if line in (b"\r\n", b"\n"):
        if lines:
            return parse_head(lines)
        raise ProtocolError("the response starts with a blank line")
    if len(lines) > MAX_HEADERS:
        raise ProtocolError("the response has too many header lines")
    lines.append(line.decode("latin-1").rstrip("\r\n"))
    return None


def parse_head(lines: list[str]) -> tuple[str, int, list[tuple[str, str]]]:
    """The status line and header lines of a response (no line breaks, no blank
    line): (HTTP version, status, header fields). A line that starts with a space
    or tab continues the field before it (obsolete line folding)."""
    version, _, rest = lines[0].partition(" ")
    code = rest[:3]
    if (
        not version.startswith("HTTP/1.")
        or not code.isdigit()
        or rest[3:4] not in ("", " ")
    ):
        raise ProtocolError(f"bad status line {lines[0][:60]!r}")
    fields: list[tuple[str, str]] = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and fields:
            name, value = fields[-1]
            fields[-1] = (name, f"{value} {line.strip()}".lstrip())
            continue
        name, colon, value = line.partition(":")
        if not colon:
            raise ProtocolError(f"bad header line {line[:60]!r}")
        fields.append((name.strip(), value.strip()))
    return version, int(code), fields


def body_mode(
    method: str, version: str, status: int, headers: Mapping[str, str]
) -> tuple[str, int, bool]:
    """How a response's body is delimited: (mode, length, keep-alive).

    The mode is "none" (no body), "length" (Content-Length bytes), "chunked" or
    "eof" (to the end of the connection); keep-alive says whether the connection
    may carry another request once the body is read.
    """
    tokens = headers.get("connection", "").lower()
    if version == "HTTP/1.1":
        keep_alive = "close" not in tokens
    else:
        keep_alive = "keep-alive" in tokens
    if method == "HEAD" or status in (204, 304):
        return "none", 0, keep_alive
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return "chunked", 0, keep_alive
    if "content-length" in headers:
        # Repeated, the values must agree; digits only (int() would take "+1" or "1_0").
        values = {value.strip() for value in headers["content-length"].split(",")}
        text = values.pop()
        if values or not (text.isascii() and text.isdigit()):
            raise ProtocolError(
                f"bad Content-Length {headers['content-length'][:40]!r}"
            )
        length = int(text)
        return ("length" if length else "none"), length, keep_alive
    return "eof", 0, False


_HEX = frozenset(b"0123456789abcdefABCDEF")


def chunk_size(line: bytes) -> int:
    """The size a chunk-size line gives (extensions after ";" ignored): hex digits only."""
    text = line.split(b";", 1)[0].strip()
    if not text or not _HEX.issuperset(text) or len(text) > 16:
        raise ProtocolError(f"bad chunk size line {line[:40]!r}")
    return int(text, 16)


def ssl_context(
    verify: bool | str | os.PathLike[str] | ssl.SSLContext,
) -> ssl.SSLContext:
    """A TLS context: certificates verified unless verify is False; a path names a CA bundle."""
    import ssl

    if isinstance(verify, ssl.SSLContext):
        return verify
    if isinstance(verify, (str, os.PathLike)):
        return ssl.create_default_context(cafile=os.fspath(verify))
    context = ssl.create_default_context()
    if verify is False:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


class Pool(Generic[_C]):
    """Idle keep-alive connections by (scheme, host, port), at most max_idle of each."""

    def __init__(self, max_idle: int = 10) -> None:
        self._idle: dict[Key, list[_C]] = {}
        self._lock = threading.Lock()
        self._max_idle = max_idle

    def take(self, key: Key) -> _C | None:
        with self._lock:
            idle = self._idle.get(key)
            return idle.pop() if idle else None

    def put(self, key: Key, conn: _C) -> bool:
        """Keep conn for reuse; False when the pool is full and the caller should close it."""
        with self._lock:
            idle = self._idle.setdefault(key, [])
            if len(idle) < self._max_idle:
                idle.append(conn)
                return True
        return False

    def drain(self) -> list[_C]:
        """Every idle connection, removed from the pool (to be closed)."""
        with self._lock:
            idle, self._idle = self._idle, {}
        return [conn for conns in idle.values() for conn in conns]
