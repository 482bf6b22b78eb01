"""Requests that cannot go wrong on the wire, and secrets that stay out of errors.

Invalid header names are refused before anything is sent (sync and async alike);
a base URL's query stays a query; an API key of any length is redacted, in the
message and in the `body` and `headers` of an error whose server echoed it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from support.faults import Exchange, FaultServer
from support.sample import KEY, SPEC, run

ITEM = {"id": "item_1"}


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(SPEC, "hygiene_api")


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def get_item(client: Any, **options: Any) -> Any:
    return client.items.retrieve("item_1", **options)


@pytest.mark.parametrize(
    "name", ["X Trace", "X-Trace ", "X:Trace", "X\tTrace", "", "X-Tr\u00e4ce"]
)
@pytest.mark.parametrize("where", ["extra_headers", "default_headers"])
def test_an_invalid_header_name_is_refused_before_sending(
    api: Any, flavor: str, name: str, where: str
) -> None:
    def call(client: Any) -> Any:
        if where == "extra_headers":
            return get_item(client, extra_headers={name: "1"})
        return get_item(client)

    client_options = (
        {"default_headers": {name: "1"}} if where == "default_headers" else {}
    )
    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server:
        with pytest.raises(ValueError) as info:
            run(api, flavor, server.url, call, max_retries=2, **client_options)
    assert not isinstance(info.value, api.APIError)
    assert "invalid header name" in str(info.value) and repr(name) in str(info.value)
    assert server.connections == 0 and server.hits == []


def test_a_header_value_with_a_line_break_is_refused_without_showing_it(
    api: Any, flavor: str
) -> None:
    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server:
        with pytest.raises(ValueError) as info:
            run(
                api,
                flavor,
                server.url,
                lambda c: get_item(c, extra_headers={"X-Token": "secret\r\nX-Evil: 1"}),
            )
    assert "X-Token" in str(info.value) and "secret" not in str(info.value)
    assert server.connections == 0


@pytest.mark.parametrize(
    "base, call, expected",
    [
        ("/v1?api-version=2", get_item, "/v1/items/item_1?api-version=2"),
        ("/v1/?api-version=2", get_item, "/v1/items/item_1?api-version=2"),
        (
            "/v1?api-version=2",
            lambda c: c.items.list(limit=5),
            "/v1/items?api-version=2&limit=5",
        ),
        ("/v1#fragment", get_item, "/v1/items/item_1"),
    ],
    ids=["query", "slash-then-query", "query-and-call-query", "fragment"],
)
def test_a_base_url_with_a_query_keeps_it_after_the_path(
    api: Any, flavor: str, base: str, call: Any, expected: str
) -> None:
    body = {"data": [], "has_more": False, "id": "item_1"}
    with FaultServer(lambda ex: ex.reply(200, body)) as server:
        run(api, flavor, server.url + base, call)
    assert server.last.path == expected


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_not_followed(api: Any, flavor: str, status: int) -> None:
    with FaultServer(lambda ex: ex.reply(200, ITEM)) as elsewhere:

        def handle(ex: Exchange) -> None:
            ex.reply(status, b"", {"Location": f"{elsewhere.url}/items/item_1"})

        with FaultServer(handle) as server:
            with pytest.raises(api.APIStatusError) as info:
                run(api, flavor, server.url, get_item)
    assert info.value.status_code == status
    assert len(server.hits) == 1 and elsewhere.connections == 0


# -- secrets -------------------------------------------------------------------------


def words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9]+", text))


def echo(key: str) -> Any:
    """A 401 whose message, body fields and headers repeat the key it was sent."""

    def handle(ex: Exchange) -> None:
        body = {
            "error": {"message": f"Incorrect API key provided: {key}.", "key": key},
            key: ["as a key, too", {"nested": f"Bearer {key}"}],
        }
        ex.reply(401, body, {"X-Echo": f"key={key}", "WWW-Authenticate": "Bearer"})

    return handle


@pytest.mark.parametrize("key", ["k9", "Zq", "Q", "k9Z", KEY])
def test_a_key_the_server_echoes_is_redacted_everywhere(
    api: Any, flavor: str, key: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with FaultServer(echo(key)) as server:
        with pytest.raises(api.AuthenticationError) as info:
            run(api, flavor, server.url, get_item, api_key=key, max_retries=0)
    assert server.last.headers["authorization"] == f"Bearer {key}"  # sent as it is
    exc = info.value
    shown = [str(exc), repr(exc), repr(exc.body), repr(exc.headers), exc.url]
    shown += [r.getMessage() for r in caplog.records]
    for text in shown:
        assert key not in words(text), text
        assert len(key) < 4 or key not in text, text
    assert "<redacted>" in str(exc) and "<redacted>" in repr(exc.body)
    assert exc.headers["x-echo"] == "key=<redacted>"
    assert exc.body["error"]["message"] == "Incorrect API key provided: <redacted>."


def test_short_key_redaction_leaves_other_text_alone(api: Any, flavor: str) -> None:
    # "k9" inside longer words or numbers is not the key: it is kept.
    def handle(ex: Exchange) -> None:
        ex.reply(401, {"error": {"message": "k9x and xk9 are not k9"}})

    with FaultServer(handle) as server:
        with pytest.raises(api.AuthenticationError) as info:
            run(api, flavor, server.url, get_item, api_key="k9", max_retries=0)
    assert info.value.body["error"]["message"] == "k9x and xk9 are not <redacted>"
