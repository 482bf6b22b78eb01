"""Cursor pagination: SyncCursorPage and AsyncCursorPage against a loopback server."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from support.faults import Exchange, FaultServer
from support.sample import KEY, SPEC, runtime

ITEMS = [f"item_{n}" for n in range(1, 8)]  # 7 items: pages of 3, 3 and 1


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(SPEC, "pagination_api")


def list_endpoint(
    api: Any, params: tuple[str, ...] = ("after", "limit"), **fields: Any
) -> Any:
    endpoint = runtime(api, "endpoint")
    return endpoint.Endpoint(
        "GET",
        "/items",
        params=tuple(endpoint.Param(name, "query") for name in params),
        response="page",
        cast_to=lambda: api.models.ItemList,
        **fields,
    )


def query(hit: Any) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(hit.path).query).items()}


def lister(cursor: str = "after", last_id: bool = False, size: int = 3) -> Any:
    """Answers GET /items?<cursor>=...: `size` items after the cursor."""

    def handle(ex: Exchange) -> None:
        after = query(ex.hit).get(cursor)
        if after is not None and after.startswith("cursor:"):
            after = after.removeprefix("cursor:")
        start = ITEMS.index(after) + 1 if after else 0
        page = ITEMS[start : start + size]
        body: dict[str, Any] = {
            "data": [{"id": i, "name": i.upper()} for i in page],
            "has_more": start + size < len(ITEMS),
        }
        if last_id:
            body["last_id"] = f"cursor:{page[-1]}"
        ex.reply(200, body)

    return handle


def sync_client(api: Any, url: str) -> Any:
    return api.Client(api_key=KEY, base_url=url, timeout=10)


def async_run(api: Any, url: str, work: Any) -> Any:
    async def main() -> Any:
        async with api.AsyncClient(api_key=KEY, base_url=url, timeout=10) as client:
            return await work(client)

    return asyncio.run(asyncio.wait_for(main(), 30))


@pytest.mark.parametrize("last_id", [False, True], ids=["item-id", "last-id"])
def test_sync_pages_through_three_pages_lazily(api: Any, last_id: bool) -> None:
    with (
        FaultServer(lister(last_id=last_id)) as server,
        sync_client(api, server.url) as client,
    ):
        page = client.request(list_endpoint(api), {"limit": 3}, {})
        assert type(page).__name__ == "SyncCursorPage"
        assert isinstance(page.body, api.models.ItemList)
        assert [i.id for i in page.data] == ITEMS[:3] and page.has_more
        items = iter(page)
        first_four = [next(items).id for _ in range(4)]
        assert len(server.hits) == 2  # the third page is not fetched yet
        rest = [i.id for i in items]
        sizes = [len(p.data) for p in page.iter_pages()]
    assert first_four + rest == ITEMS
    assert sizes == [3, 3, 1]
    cursors = [query(h).get("after") for h in server.hits[:3]]
    expected = ["cursor:item_3", "cursor:item_6"] if last_id else ["item_3", "item_6"]
    assert cursors == [None, *expected]
    assert all(query(h)["limit"] == "3" for h in server.hits)


def test_async_pages_through_three_pages(api: Any) -> None:
    async def work(client: Any) -> Any:
        page = await client.request(list_endpoint(api), {"limit": 3}, {})
        items = [i.id async for i in page]
        sizes = [len(p.data) async for p in page.iter_pages()]
        second = await page.next_page()
        third = await second.next_page()
        return type(page).__name__, items, sizes, await third.next_page(), third

    with FaultServer(lister()) as server:
        kind, items, sizes, after_last, last = async_run(api, server.url, work)
    assert kind == "AsyncCursorPage"
    assert items == ITEMS and sizes == [3, 3, 1]
    assert after_last is None and not last.has_more
    assert [query(h).get("after") for h in server.hits[:3]] == [
        None,
        "item_3",
        "item_6",
    ]


def test_next_page_is_none_on_the_last_page(api: Any) -> None:
    with FaultServer(lister(size=10)) as server, sync_client(api, server.url) as client:
        page = client.request(list_endpoint(api), {}, {})
        assert not page.has_more and page.next_page() is None
        assert [i.id for i in page] == ITEMS
    assert len(server.hits) == 1


def test_cursor_param_without_a_parameter_goes_in_extra_query(api: Any) -> None:
    endpoint = list_endpoint(api, params=(), cursor_param="starting_after")
    with (
        FaultServer(lister(cursor="starting_after")) as server,
        sync_client(api, server.url) as client,
    ):
        page = client.request(endpoint, {}, {"extra_query": {"order": "asc"}})
        assert [i.id for i in page] == ITEMS
    assert [query(h) for h in server.hits] == [
        {"order": "asc"},
        {"order": "asc", "starting_after": "item_3"},
        {"order": "asc", "starting_after": "item_6"},
    ]


def test_cursor_param_is_matched_by_wire_name(api: Any) -> None:
    param = runtime(api, "endpoint").Param
    endpoint = runtime(api, "endpoint").Endpoint(
        "GET",
        "/items",
        params=(param("after_id", "query", wire="after"),),
        response="page",
        cast_to=lambda: api.models.ItemList,
    )
    with FaultServer(lister()) as server, sync_client(api, server.url) as client:
        assert [i.id for i in client.request(endpoint, {}, {})] == ITEMS
    assert [query(h).get("after") for h in server.hits] == [None, "item_3", "item_6"]


def test_a_server_repeating_its_cursor_does_not_loop(api: Any) -> None:
    def handle(ex: Exchange) -> None:
        ex.reply(200, {"data": [{"id": "same"}], "has_more": True})

    with FaultServer(handle) as server, sync_client(api, server.url) as client:
        assert [i.id for i in client.request(list_endpoint(api), {}, {})] == [
            "same",
            "same",
        ]
    assert len(server.hits) == 2


def test_raw_response_parse_gives_a_page_that_pages_on(api: Any) -> None:
    with FaultServer(lister()) as server, sync_client(api, server.url) as client:
        raw = client.request(list_endpoint(api), {"limit": 3}, {}, raw=True)
        assert raw.status_code == 200 and raw.json()["has_more"] is True
        page = raw.parse()
        assert [i.id for i in page] == ITEMS
