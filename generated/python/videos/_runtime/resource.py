"""Base classes of generated resources, and the raw-response wrappers.

A resource sends each call through its client. `with_raw_response` holds the
same methods bound to a twin of the resource made in raw mode: its calls
return the RawResponse (status, headers, body and `parse()`) instead of the
decoded body. Raw mode is a property of that twin, never of the client or the
thread, so nothing else is affected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Awaitable, Callable, Mapping, ParamSpec, TypeVar

if TYPE_CHECKING:
    from typing_extensions import Self

    from .client import AsyncAPIClient, SyncAPIClient
    from .endpoint import Endpoint
    from .response import RawResponse

__all__ = ["SyncResource", "AsyncResource", "raw_response", "async_raw_response"]

P = ParamSpec("P")
R = TypeVar("R")


class SyncResource:
    _raw = False

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def _call(self, endpoint: Endpoint, args: Mapping[str, Any]) -> Any:
        """Send the request for endpoint; args are the method's locals(): its arguments."""
        return self._client.request(endpoint, args, args["options"], raw=self._raw)

    def _raw_twin(self) -> Self:
        twin = type(self)(self._client)
        twin._raw = True
        return twin


class AsyncResource:
    _raw = False

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def _call(self, endpoint: Endpoint, args: Mapping[str, Any]) -> Any:
        return await self._client.request(
            endpoint, args, args["options"], raw=self._raw
        )

    def _raw_twin(self) -> Self:
        twin = type(self)(self._client)
        twin._raw = True
        return twin


def raw_response(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """The method, bound to a raw-mode twin of its resource: it returns the RawResponse."""
    resource: SyncResource = getattr(method, "__self__")
    raw: Callable[P, RawResponse[R]] = getattr(
        resource._raw_twin(), getattr(method, "__name__")
    )
    return raw


def async_raw_response(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[RawResponse[R]]]:
    resource: AsyncResource = getattr(method, "__self__")
    raw: Callable[P, Awaitable[RawResponse[R]]] = getattr(
        resource._raw_twin(), getattr(method, "__name__")
    )
    return raw
