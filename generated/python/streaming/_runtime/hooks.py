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

from dataclasses import dataclass, field
from typing import Awaitable, Callable, Mapping, Union

__all__ = ["RequestEvent", "ResponseEvent", "RequestHook", "ResponseHook"]


@dataclass(frozen=True)
class RequestEvent:
    """One attempt of a call, about to be sent."""

    method: str
    url: str
    headers: Mapping[str, str]
    attempt: int
    """1 for the first attempt, 2 for the first retry, and so on."""
    _sent: dict[str, str] = field(repr=False, compare=False)

    def set_header(self, name: str, value: str) -> None:
        """Add a header to the request, or replace one of that name (in any case)."""
        from .http11 import check_headers

        check_headers({name: value})
        for existing in [k for k in self._sent if k.lower() == name.lower()]:
            del self._sent[existing]
        self._sent[name] = value


@dataclass(frozen=True)
class ResponseEvent:
    """The status and headers of one attempt's response (its body is not read yet)."""

    request: RequestEvent
    status: int
    headers: Mapping[str, str]
    elapsed: float
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


RequestHook = Callable[[RequestEvent], Union[None, Awaitable[None]]]
ResponseHook = Callable[[ResponseEvent], Union[None, Awaitable[None]]]
