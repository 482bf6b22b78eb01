"""Event hooks: a client's `on_request` and `on_response` see every attempt of every call.

`on_request(event)` runs just before each attempt is sent (retries included),
`on_response(event)` as soon as each attempt's status and headers arrive, before
its body is read. Secrets in the URL and headers (the API key or password in
every form it is sent in, Authorization, Cookie, Set-Cookie and the like) read
`<redacted>` unless the client was made with `hooks_see_secrets=True`.
`RequestEvent.set_header` adds or replaces a header of the request being sent
(a trace id, a signature). An exception a hook raises ends the call as it is,
without a retry. An AsyncClient also awaits a hook that returns an awaitable.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Awaitable, Callable, Mapping, Union

if TYPE_CHECKING:
    from .http11 import Request
    from .redact import Redactor

__all__ = ["RequestEvent", "ResponseEvent", "RequestHook", "ResponseHook"]


class RequestEvent:
    """One attempt of a call, about to be sent."""

    __slots__ = ("method", "url", "headers", "attempt", "_sent")

    def __init__(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        attempt: int,
        sent: dict[str, str],
    ) -> None:
        self.method = method
        self.url = url
        self.headers = headers
        self.attempt = attempt
        """1 for the first attempt, 2 for the first retry, and so on."""
        self._sent = sent

    def set_header(self, name: str, value: str) -> None:
        """Add a header to the request, or replace one of that name (in any case)."""
        from .http11 import check_headers

        check_headers({name: value})
        for existing in [k for k in self._sent if k.lower() == name.lower()]:
            del self._sent[existing]
        self._sent[name] = value

    def __repr__(self) -> str:
        return f"<RequestEvent {self.method} {self.url} attempt={self.attempt}>"


class ResponseEvent:
    """The status and headers of one attempt's response (its body is not read yet)."""

    __slots__ = ("request", "status", "headers", "elapsed")

    def __init__(
        self,
        request: RequestEvent,
        status: int,
        headers: Mapping[str, str],
        elapsed: float,
    ) -> None:
        self.request = request
        self.status = status
        self.headers = headers
        self.elapsed = elapsed
        """Seconds from sending the request to its response's headers."""

    @property
    def method(self) -> str:
        return self.request.method

    @property
    def url(self) -> str:
        return self.request.url

    @property
    def attempt(self) -> int:
        return self.request.attempt

    def __repr__(self) -> str:
        return f"<ResponseEvent [{self.status}] {self.method} {self.url} attempt={self.attempt}>"


RequestHook = Callable[[RequestEvent], Union[None, Awaitable[None]]]
ResponseHook = Callable[[ResponseEvent], Union[None, Awaitable[None]]]


def request_event(
    request: Request, attempt: int, redactor: Redactor | None
) -> RequestEvent:
    """The event of attempt (counted from 0); secrets shown only without a redactor."""
    url, headers = request.url, request.headers
    if redactor is not None:
        return RequestEvent(
            request.method,
            redactor.text(url),
            redactor.headers(headers),
            attempt + 1,
            headers,
        )
    return RequestEvent(request.method, url, dict(headers), attempt + 1, headers)


def response_event(
    request: RequestEvent,
    status: int,
    headers: Mapping[str, str],
    started: float,
    redactor: Redactor | None,
) -> ResponseEvent:
    shown = headers if redactor is None else redactor.headers(headers)
    return ResponseEvent(request, status, shown, time.monotonic() - started)
