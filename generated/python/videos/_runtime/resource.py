"""Base classes of generated resources, and the raw-response wrappers."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Mapping, ParamSpec, TypeVar

from .client import RAW_RESPONSE

if TYPE_CHECKING:
    from .client import AsyncAPIClient, SyncAPIClient
    from .core import RequestOptions
    from .endpoint import Endpoint
    from .response import RawResponse

__all__ = ["SyncResource", "AsyncResource", "raw_response", "async_raw_response"]

P = ParamSpec("P")
R = TypeVar("R")


class SyncResource:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def _call(self, endpoint: Endpoint, args: Mapping[str, Any]) -> Any:
        """Send the request for endpoint; args are the method's locals(): its arguments."""
        return self._client.request(endpoint, args, args["options"])


class AsyncResource:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def _call(self, endpoint: Endpoint, args: Mapping[str, Any]) -> Any:
        return await self._client.request(endpoint, args, args["options"])


def raw_response(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """The method, returning the RawResponse instead of the decoded body."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        token = RAW_RESPONSE.set(True)
        try:
            result: RawResponse[R] = method(*args, **kwargs)  # type: ignore[assignment]
            return result
        finally:
            RAW_RESPONSE.reset(token)

    return call


def async_raw_response(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[RawResponse[R]]]:
    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        token = RAW_RESPONSE.set(True)
        try:
            result: RawResponse[R] = await method(*args, **kwargs)  # type: ignore[assignment]
            return result
        finally:
            RAW_RESPONSE.reset(token)

    return call
