"""The API clients: SyncAPIClient over http.client, AsyncAPIClient over asyncio.

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
    from .transport import Response, SyncTransport

# The HTTP stack (http.client or asyncio, ssl, email) is imported on the first
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

            self._transport_ = SyncTransport(verify=self._verify)
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
        attempt = 0
        while True:
            self._log_request(call.request, attempt)
            try:
                response = self._transport.send(call.request, call.timeout)
                retry = self._after_status(
                    call, response.status, response.headers, attempt
                )
                if retry is None:
                    if read or not 200 <= response.status < 300:
                        return response, response.read()
                    return response, None
                response.close()
            except Exception as exc:  # OSError, http.client.HTTPException and kin
                retry = self._after_failure(call, exc, attempt)
            time.sleep(retry)
            attempt += 1

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

            self._transport_ = AsyncTransport(verify=self._verify)
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

        attempt = 0
        while True:
            self._log_request(call.request, attempt)
            try:
                response = await self._transport.send(call.request, call.timeout)
                retry = self._after_status(
                    call, response.status, response.headers, attempt
                )
                if retry is None:
                    if read or not 200 <= response.status < 300:
                        return response, await response.read()
                    return response, None
                await response.aclose()
            except Exception as exc:  # OSError and the transport's ProtocolError
                retry = self._after_failure(call, exc, attempt)
            await asyncio.sleep(retry)
            attempt += 1

    async def close(self) -> None:
        if self._transport_ is not None:
            await self._transport_.aclose()

    async def __aenter__(self: _Async) -> _Async:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
