"""Event hooks see every attempt (secrets redacted unless asked); default headers per client."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from support.faults import Exchange, FaultServer
from support.sample import KEY, SPEC, run

ITEM = {"id": "item_1"}


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(SPEC, "hooks_api")


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def get_item(client: Any) -> Any:
    return client.items.retrieve("item_1")


def fails_once(ex: Exchange) -> None:
    if len(ex.server.hits) == 1:
        ex.reply(503, {"error": {"message": "busy"}}, {"retry-after-ms": "5"})
    else:
        ex.reply(200, ITEM, {"Set-Cookie": "session=s3cret", "X-Request-Id": "req_2"})


def test_hooks_see_every_attempt_with_secrets_redacted(api: Any, flavor: str) -> None:
    requests: list[Any] = []
    responses: list[Any] = []
    with FaultServer(fails_once) as server:
        item = run(
            api,
            flavor,
            server.url,
            get_item,
            on_request=requests.append,
            on_response=responses.append,
        )
    assert item.id == "item_1"
    assert [e.attempt for e in requests] == [1, 2]
    assert [(e.attempt, e.status) for e in responses] == [(1, 503), (2, 200)]
    for event in requests:
        assert event.method == "GET"
        assert event.url == f"{server.url}/items/item_1"
        assert event.headers["Authorization"] == "<redacted>"
        assert event.headers["Accept"] == "application/json"
        assert KEY not in repr(event)
    last = responses[-1]
    assert last.request is requests[-1] and last.url == requests[-1].url
    assert last.headers["x-request-id"] == "req_2"
    assert last.headers["set-cookie"] == "<redacted>"
    assert 0 <= last.elapsed < 5


def test_hooks_see_secrets_when_asked(api: Any, flavor: str) -> None:
    requests: list[Any] = []
    responses: list[Any] = []
    with FaultServer(fails_once) as server:
        run(
            api,
            flavor,
            server.url,
            get_item,
            on_request=requests.append,
            on_response=responses.append,
            hooks_see_secrets=True,
        )
    assert requests[0].headers["Authorization"] == f"Bearer {KEY}"
    assert responses[-1].headers["set-cookie"] == "session=s3cret"


def test_a_request_hook_can_add_headers(api: Any, flavor: str) -> None:
    def sign(event: Any) -> None:
        event.set_header("X-Attempt", str(event.attempt))
        event.set_header(
            "user-agent", "signed/1"
        )  # replaces User-Agent, whatever its case

    with FaultServer(fails_once) as server:
        run(api, flavor, server.url, get_item, on_request=sign)
    for number, hit in enumerate(server.hits, 1):
        assert hit.headers["x-attempt"] == str(number)
        assert [v for k, v in hit.lines if k.lower() == "user-agent"] == ["signed/1"]


def test_an_exception_in_a_hook_ends_the_call_without_a_retry(
    api: Any, flavor: str
) -> None:
    class Stop(Exception):
        pass

    def refuse(event: Any) -> None:
        raise Stop(event.status)

    with FaultServer(fails_once) as server:
        with pytest.raises(Stop) as info:
            run(api, flavor, server.url, get_item, on_response=refuse, max_retries=3)
        assert info.value.args == (503,)
        assert len(server.hits) == 1
        # The connection was released: the next call on the same server works.
        assert run(api, flavor, server.url, get_item).id == "item_1"

    def bad_header(event: Any) -> None:
        event.set_header("Bad Name", "1")

    with FaultServer(fails_once) as server:
        with pytest.raises(ValueError, match="invalid header name"):
            run(api, flavor, server.url, get_item, on_request=bad_header)
    assert server.hits == []


def test_an_async_client_awaits_async_hooks(api: Any) -> None:
    seen: list[tuple[str, int]] = []

    async def on_request(event: Any) -> None:
        await asyncio.sleep(0)
        seen.append(("request", event.attempt))

    async def on_response(event: Any) -> None:
        await asyncio.sleep(0)
        seen.append(("response", event.status))

    with FaultServer(fails_once) as server:
        run(
            api,
            "async",
            server.url,
            get_item,
            on_request=on_request,
            on_response=on_response,
        )
    assert seen == [
        ("request", 1),
        ("response", 503),
        ("request", 2),
        ("response", 200),
    ]


def test_a_sync_client_refuses_an_async_hook(api: Any) -> None:
    async def on_request(event: Any) -> None:
        pass

    with FaultServer(fails_once) as server:
        with pytest.raises(TypeError, match="on_request returned an awaitable"):
            run(api, "sync", server.url, get_item, on_request=on_request)
    assert server.hits == []


# -- default headers ------------------------------------------------------------------


def test_default_headers_go_with_every_call_and_per_call_headers_win(
    api: Any, flavor: str
) -> None:
    defaults = {"X-Team": "search", "user-agent": "my-app/2", "X-Gone": "1"}

    def calls(client: Any) -> Any:
        if flavor == "sync":
            get_item(client)
            return client.items.retrieve(
                "item_1", extra_headers={"x-team": "ads", "X-Gone": None}
            )

        async def go() -> Any:
            await get_item(client)
            return await client.items.retrieve(
                "item_1", extra_headers={"x-team": "ads", "X-Gone": None}
            )

        return go()

    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server:
        run(api, flavor, server.url, calls, default_headers=defaults)
    first, second = server.hits
    assert first.headers["x-team"] == "search" and first.headers["x-gone"] == "1"
    # One User-Agent, the client's own replaced whatever the case of its name.
    assert [v for k, v in first.lines if k.lower() == "user-agent"] == ["my-app/2"]
    assert [v for k, v in second.lines if k.lower() == "x-team"] == ["ads"]
    assert "x-gone" not in second.headers
