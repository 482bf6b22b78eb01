"""Cursor pagination: a list response (`data`, `has_more`, maybe `last_id`) as pages.

`for item in page` (or `async for`) goes through the items of this page and of
every following page, fetching each only when it is reached; `iter_pages()`
yields the pages themselves and `next_page()` fetches one. The next page is the
same call with the cursor parameter (`Endpoint.cursor_param`, "after" by
default) set to `body.last_id` when the body has one, else to the `id` of the
last item. There is no next page unless `has_more` is true and a cursor is found.
"""

from __future__ import annotations

from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Generic,
    Iterator,
    Mapping,
    TypeVar,
)

from .core import NOT_GIVEN

if TYPE_CHECKING:
    from .base import Call
    from .client import AsyncAPIClient, SyncAPIClient
    from .core import RequestOptions

__all__ = ["SyncCursorPage", "AsyncCursorPage"]

_T = TypeVar("_T")


def _field(value: Any, name: str) -> Any:
    """An attribute of a decoded model, or a key of a plain JSON object."""
    found = (
        value.get(name) if isinstance(value, Mapping) else getattr(value, name, None)
    )
    return None if found is NOT_GIVEN else found


class _CursorPage(Generic[_T]):
    def __init__(self, body: Any, call: Call) -> None:
        self.body = body
        data = _field(body, "data")
        self.data: list[_T] = list(data) if isinstance(data, (list, tuple)) else []
        self.has_more: bool = _field(body, "has_more") is True
        self._call = call

    def next_cursor(self) -> str | None:
        """The cursor of the next page; None when there is none."""
        if not self.has_more or not self.data:
            return None
        cursor = _field(self.body, "last_id")
        if cursor is None:
            cursor = _field(self.data[-1], "id")
        if cursor is None or cursor == "":
            return None
        cursor = str(cursor)
        if cursor == self._cursor_sent():  # the same page again: stop, not loop
            return None
        return cursor

    def _cursor_sent(self) -> Any:
        name = self._param()
        if name is not None:
            return self._call.args.get(name)
        return (self._call.options.get("extra_query") or {}).get(
            self._call.endpoint.cursor_param
        )

    def _param(self) -> str | None:
        """The Python name of the endpoint's cursor parameter, if it declares one."""
        wanted = self._call.endpoint.cursor_param
        for param in self._call.endpoint.params:
            if (param.wire or param.name) == wanted or param.name == wanted:
                return param.name
        return None

    def _next_request(self, cursor: str) -> tuple[dict[str, Any], RequestOptions]:
        """The arguments and options of the call that fetches the page after this one."""
        args = dict(self._call.args)
        options = self._call.options.copy()
        name = self._param()
        if name is not None:
            args[name] = cursor
        else:
            query = dict(options.get("extra_query") or {})
            query[self._call.endpoint.cursor_param] = cursor
            options["extra_query"] = query
        return args, options

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} items={len(self.data)} has_more={self.has_more}>"
        )


class SyncCursorPage(_CursorPage[_T]):
    def __init__(self, body: Any, client: SyncAPIClient, call: Call) -> None:
        super().__init__(body, call)
        self._client = client

    def next_page(self) -> SyncCursorPage[_T] | None:
        """Fetch the next page; None when this is the last."""
        cursor = self.next_cursor()
        if cursor is None:
            return None
        args, options = self._next_request(cursor)
        page: SyncCursorPage[_T] = self._client.request(
            self._call.endpoint, args, options
        )
        return page

    def iter_pages(self) -> Iterator[SyncCursorPage[_T]]:
        """This page, then each following one as it is reached."""
        page: SyncCursorPage[_T] | None = self
        while page is not None:
            yield page
            page = page.next_page()

    def __iter__(self) -> Iterator[_T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncCursorPage(_CursorPage[_T]):
    def __init__(self, body: Any, client: AsyncAPIClient, call: Call) -> None:
        super().__init__(body, call)
        self._client = client

    async def next_page(self) -> AsyncCursorPage[_T] | None:
        cursor = self.next_cursor()
        if cursor is None:
            return None
        args, options = self._next_request(cursor)
        page: AsyncCursorPage[_T] = await self._client.request(
            self._call.endpoint, args, options
        )
        return page

    async def iter_pages(self) -> AsyncIterator[AsyncCursorPage[_T]]:
        page: AsyncCursorPage[_T] | None = self
        while page is not None:
            yield page
            page = await page.next_page()

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item
