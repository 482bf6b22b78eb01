"""The API clients: SyncAPIClient over sockets, AsyncAPIClient over asyncio.

Generated `Client`/`AsyncClient` classes subclass these and only add one lazily
created resource per operation group. Everything that does no I/O (building the
request, retry decisions, errors, decoding) lives in base.py and is shared; the
two classes here only send, sleep between attempts, and hand the response over.

`request` returns what the endpoint's `response` kind says: the decoded body
("json", "text", "none"), a BinaryResponse streamed from the socket ("binary"),
a Stream of server-sent events ("sse") or a cursor page ("page"); with
`raw=True` (`with_raw_response`) a RawResponse whose `parse()` returns that
same thing.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Mapping, TypeVar

from .base import (
    _STREAMED,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Call,
    ClientConfig,
    MissingAPIKeyError,
    _BaseClient,
    _noop,
)
from .core import RequestOptions
from .endpoint import Endpoint

if TYPE_CHECKING:
    from .atransport import AsyncResponse, AsyncTransport
    from .hooks import RequestEvent
    from .transport import Response, SyncTransport

# The HTTP stack (socket or asyncio, ssl) is imported on the first
# request, not when the package is imported: most of an import's cost is there.

__all__ = [
    "ClientConfig",
    "MissingAPIKeyError",
    "SyncAPIClient",
    "AsyncAPIClient",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
]


_Sync = TypeVar("_Sync", bound="SyncAPIClient")
_Async = TypeVar("_Async", bound="AsyncAPIClient")


class SyncAPIClient(_BaseClient):
    _transport_: SyncTransport | None = None

    @property
    def _transport(self) -> SyncTransport:
        if self._transport_ is None:
            from .transport import SyncTransport

            self._transport_ = SyncTransport(verify=self._verify, proxy=self._proxy)
        return self._transport_

    def request(
        self,
        endpoint: Endpoint,
        args: Mapping[str, Any],
        options: RequestOptions,
        *,
        raw: bool = False,
    ) -> Any:
        """What the endpoint's method returns; with raw=True, the RawResponse."""
        call = self._build(endpoint, args, options)
        response, content = self._send(call, raw or endpoint.response not in _STREAMED)
        status, headers = response.status, response.headers
        if content is None:
            return self._deliver(
                call, status, headers, response.iter_chunks(), response.close
            )
        if not 200 <= status < 300:
            raise self._error(call.request, status, headers, content)
        if raw:
            return self._raw(call, status, headers, content)
        return self._deliver(call, status, headers, content, _noop)

    def _send(self, call: Call, read: bool) -> tuple[Response, bytes | None]:
        """The response, and its body when read (or when it is an error's)."""
        from .http11 import Deadline

        transport = self._transport  # a bad proxy setting raises here, not retried
        deadline = Deadline(call.timeout)
        attempt = 0
        while True:
            event = self._before(call, attempt)
            started = time.monotonic()
            try:
                response = transport.send(call.request, deadline)
            except Exception as exc:  # OSError and the transport's ProtocolError
                time.sleep(self._after_failure(call, exc, attempt, deadline))
                attempt += 1
                continue
            if event is not None:
                self._on_response(response, event, started)
            status, headers = response.status, response.headers
            retry = self._after_status(call, status, headers, attempt, deadline)
            if retry is None:
                try:
                    if read or not 200 <= status < 300:
                        return response, response.read(call.max_bytes)
                    deadline.lift()  # a streamed body is read as it is consumed
                    return response, None
                except Exception as exc:
                    retry = self._after_failure(call, exc, attempt, deadline)
            else:
                response.close()
            time.sleep(retry)
            attempt += 1

    def _before(self, call: Call, attempt: int) -> RequestEvent | None:
        """Log the attempt and call on_request; the event when a hook wants one."""
        self._log_request(call.request, attempt)
        if self.on_request is None and self.on_response is None:
            return None
        from .hooks import request_event

        event = request_event(call.request, attempt, self._hook_redactor)
        if self.on_request is not None:
            _sync(self.on_request(event), "on_request")
        return event

    def _on_response(
        self, response: Response, event: RequestEvent, started: float
    ) -> None:
        """Call on_response; the response is released if it raises."""
        if self.on_response is None:
            return
        from .hooks import response_event

        try:
            args = (response.status, response.headers, started, self._hook_redactor)
            _sync(self.on_response(response_event(event, *args)), "on_response")
        except BaseException:
            response.close()
            raise

    def close(self) -> None:
        if self._transport_ is not None:
            self._transport_.close()

    def __enter__(self: _Sync) -> _Sync:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncAPIClient(_BaseClient):
    """The async client: the same surface, over asyncio's own sockets (no threads)."""

    _ASYNC = True
    _transport_: AsyncTransport | None = None

    @property
    def _transport(self) -> AsyncTransport:
        if self._transport_ is None:
            from .atransport import AsyncTransport

            self._transport_ = AsyncTransport(verify=self._verify, proxy=self._proxy)
        return self._transport_

    async def request(
        self,
        endpoint: Endpoint,
        args: Mapping[str, Any],
        options: RequestOptions,
        *,
        raw: bool = False,
    ) -> Any:
        """What the endpoint's method returns; with raw=True, the RawResponse."""
        call = self._build(endpoint, args, options)
        response, content = await self._send(
            call, raw or endpoint.response not in _STREAMED
        )
        status, headers = response.status, response.headers
        if content is None:
            return self._deliver(
                call, status, headers, response.iter_chunks(), response.aclose
            )
        if not 200 <= status < 300:
            raise self._error(call.request, status, headers, content)
        if raw:
            return self._raw(call, status, headers, content)
        return self._deliver(call, status, headers, content, _noop)

    async def _send(self, call: Call, read: bool) -> tuple[AsyncResponse, bytes | None]:
        """The response, and its body when read (or when it is an error's)."""
        import asyncio

        from .http11 import Deadline

        transport = self._transport  # a bad proxy setting raises here, not retried
        deadline = Deadline(call.timeout)
        attempt = 0
        while True:
            self._log_request(call.request, attempt)
            event = None
            if self.on_request is not None or self.on_response is not None:
                event = await self._before(call, attempt)
            started = time.monotonic()
            try:
                response = await transport.send(call.request, deadline)
            except Exception as exc:  # OSError and the transport's ProtocolError
                await asyncio.sleep(self._after_failure(call, exc, attempt, deadline))
                attempt += 1
                continue
            if event is not None:
                await self._on_response(response, event, started)
            status, headers = response.status, response.headers
            retry = self._after_status(call, status, headers, attempt, deadline)
            if retry is None:
                try:
                    if read or not 200 <= status < 300:
                        return response, await response.read(call.max_bytes)
                    deadline.lift()  # a streamed body is read as it is consumed
                    return response, None
                except Exception as exc:
                    retry = self._after_failure(call, exc, attempt, deadline)
            else:
                await response.aclose()
            await asyncio.sleep(retry)
            attempt += 1

    async def _before(self, call: Call, attempt: int) -> RequestEvent:
        """Call (and await) on_request; the event the response's hook will see."""
        import inspect  # already imported by asyncio

        from .hooks import request_event

        event = request_event(call.request, attempt, self._hook_redactor)
        if self.on_request is not None:
            result = self.on_request(event)
            if inspect.isawaitable(result):
                await result
        return event

    async def _on_response(
        self, response: AsyncResponse, event: RequestEvent, started: float
    ) -> None:
        """Call (and await) on_response; the response is released if it raises."""
        if self.on_response is None:
            return
        import inspect

        from .hooks import response_event

        try:
            args = (response.status, response.headers, started, self._hook_redactor)
            result = self.on_response(response_event(event, *args))
            if inspect.isawaitable(result):
                await result
        except BaseException:
            await response.aclose()
            raise

    async def close(self) -> None:
        if self._transport_ is not None:
            await self._transport_.aclose()

    async def __aenter__(self: _Async) -> _Async:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def _sync(result: object, name: str) -> None:
    """A sync client's hook must not be a coroutine function: it would never run."""
    if result is not None and hasattr(result, "__await__"):
        close = getattr(result, "close", None)
        if close is not None:
            close()  # no "never awaited" warning on top of the error
        raise TypeError(
            f"{name} returned an awaitable: a sync Client needs a plain function"
        )
