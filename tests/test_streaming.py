"""Server-sent events: the parser on its own, and Stream/AsyncStream against a loopback server."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import pytest
from support.faults import Exchange, FaultServer
from support.sample import KEY, SPEC, runtime


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(SPEC, "streaming_api")


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# -- the parser ------------------------------------------------------------------------

WIRE = (
    b"\xef\xbb\xbf: a comment, then an event with two data lines\r\n"
    b"event: greeting\r\n"
    b"id: 7\r\n"
    b"data: hello\r\n"
    b"data:  world\r\n"
    b"\r\n"
    b"retry: 2500\n"
    b"data:no-space\n"
    b"unknown: field\n"
    b"\n"
    b"retry: soon\r"
    b"data: caf\xc3\xa9\r"
    b"\r"
    b"event: only-a-name\n"
    b"\n"
    b"data: unfinished at the end"
)


def events_of(api: Any, chunks: list[bytes]) -> list[Any]:
    decoder = runtime(api, "streaming").SSEDecoder()
    return [event for chunk in chunks for event in decoder.feed(chunk)]


def test_parser_reads_every_field_and_line_ending(api: Any) -> None:
    SSE = runtime(api, "streaming").ServerSentEvent
    assert events_of(api, [WIRE]) == [
        SSE(data="hello\n world", event="greeting", id="7"),
        SSE(data="no-space", id="7", retry=2500),  # the last id carries over
        SSE(data="café", id="7"),
        SSE(data="", event="only-a-name", id="7"),
    ]


def test_parser_gives_the_same_events_however_the_bytes_are_cut(api: Any) -> None:
    whole = events_of(api, [WIRE])
    assert events_of(api, [WIRE[i : i + 1] for i in range(len(WIRE))]) == whole
    for cut in range(1, len(WIRE)):
        assert events_of(api, [WIRE[:cut], WIRE[cut:]]) == whole, cut


# -- streams over the wire -----------------------------------------------------------------


def sse_endpoint(api: Any, **fields: Any) -> Any:
    endpoint = runtime(api, "endpoint")
    return endpoint.Endpoint(
        "POST",
        "/responses",
        params=(endpoint.Param("input", "body"),),
        body="json",
        response="sse",
        cast_to=lambda: api.models.StreamEvent,
        **fields,
    )


def event(**data: Any) -> bytes:
    return f"event: {data['type']}\ndata: {json.dumps(data)}\n\n".encode()


EVENTS = [
    event(type="response.created", sequence_number=0),
    b": keep-alive\n\n",
    # Data split over two lines, joined with a newline: still one JSON document.
    b'event: response.output_text.delta\ndata: {"type": "response.output_text.delta",\n'
    b'data: "delta": "Hel", "sequence_number": 1}\n\n',
    event(type="response.output_text.delta", delta="lo", sequence_number=2),
    event(type="response.completed", sequence_number=3),
    b"data: [DONE]\n\n",
    b"data: not JSON: never read, the stream ended at [DONE]\n\n",
]


def sse_server(chunks: list[bytes], pause: float = 0.0) -> FaultServer:
    def handle(ex: Exchange) -> None:
        ex.stream(chunks, headers={"Content-Type": "text/event-stream"}, pause=pause)

    return FaultServer(handle)


def collect(api: Any, flavor: str, url: str, consume: Any, raw: bool = False) -> Any:
    """consume(stream) on the stream the client returns, sync or async."""
    endpoint = sse_endpoint(api)
    args = {"input": "Say hello"}
    if flavor == "sync":
        with api.Client(api_key=KEY, base_url=url, timeout=10) as client:
            if raw:
                response = client.request(endpoint, args, {}, raw=True)
                return response, consume(response.parse())
            return consume(client.request(endpoint, args, {}))

    async def main() -> Any:
        async with api.AsyncClient(api_key=KEY, base_url=url, timeout=10) as client:
            if raw:
                response = await client.request(endpoint, args, {}, raw=True)
                return response, await consume(response.parse())
            return await consume(await client.request(endpoint, args, {}))

    return asyncio.run(asyncio.wait_for(main(), 30))


def typed(flavor: str) -> Any:
    if flavor == "sync":

        def read(stream: Any) -> Any:
            with stream:
                return type(stream).__name__, list(stream)

        return read

    async def read_async(stream: Any) -> Any:
        async with stream:
            return type(stream).__name__, [e async for e in stream]

    return read_async


def test_stream_yields_typed_events_until_done(api: Any, flavor: str) -> None:
    with sse_server(EVENTS) as server:
        kind, events = collect(api, flavor, server.url, typed(flavor))
    assert kind == ("Stream" if flavor == "sync" else "AsyncStream")
    assert all(isinstance(e, api.models.StreamEvent) for e in events)
    assert [e.sequence_number for e in events] == [0, 1, 2, 3]
    assert "".join(e.delta for e in events if e.delta) == "Hello"
    assert events[-1].type == "response.completed"
    seen = server.last
    assert seen.headers["accept"] == "text/event-stream"
    assert seen.json() == {"input": "Say hello"}


def test_raw_events_carry_name_and_data(api: Any, flavor: str) -> None:
    if flavor == "sync":

        def consume(stream: Any) -> Any:
            return list(stream.iter_events())

    else:

        async def consume(stream: Any) -> Any:
            return [e async for e in stream.iter_events()]

    with sse_server(EVENTS) as server:
        events = collect(api, flavor, server.url, consume)
    assert [e.event for e in events] == [
        "response.created",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.completed",
    ]
    assert events[1].data.count("\n") == 1 and events[1].json()["delta"] == "Hel"


def test_events_arrive_as_they_are_sent(api: Any, flavor: str) -> None:
    # The server holds back the rest of the stream until the client has the first
    # event: a client that buffered the body would only see it after 5 s.
    first = threading.Event()
    released: list[bool] = []

    def handle(ex: Exchange) -> None:
        ex.start(
            200, {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"}
        )
        chunk = event(type="first", sequence_number=0)
        ex.write(b"%x\r\n%b\r\n" % (len(chunk), chunk))
        released.append(first.wait(5))
        chunk = event(type="second", sequence_number=1) + b"data: [DONE]\n\n"
        ex.write(b"%x\r\n%b\r\n0\r\n\r\n" % (len(chunk), chunk))

    if flavor == "sync":

        def consume(stream: Any) -> Any:
            types = []
            for e in stream:
                types.append(e.type)
                first.set()
            return types

    else:

        async def consume(stream: Any) -> Any:
            types = []
            async for e in stream:
                types.append(e.type)
                first.set()
            return types

    with FaultServer(handle) as server:
        assert collect(api, flavor, server.url, consume) == ["first", "second"]
    assert released == [True]


def test_error_event_raises_api_error(api: Any, flavor: str) -> None:
    error = {"error": {"message": "the model is overloaded", "code": "overloaded"}}
    chunks = [
        event(type="response.created", sequence_number=0),
        f"data: {json.dumps(error)}\n\n".encode(),
        event(type="response.completed", sequence_number=2),
    ]
    got: list[Any] = []
    if flavor == "sync":

        def consume(stream: Any) -> Any:
            for e in stream:
                got.append(e)

    else:

        async def consume(stream: Any) -> Any:
            async for e in stream:
                got.append(e)

    with sse_server(chunks) as server:
        with pytest.raises(api.APIError) as info:
            collect(api, flavor, server.url, consume)
    assert [e.type for e in got] == ["response.created"]
    assert "the model is overloaded" in str(info.value)
    assert info.value.body == error
    assert not isinstance(info.value, api.APIStatusError)


def test_event_data_that_is_not_json_is_a_validation_error(
    api: Any, flavor: str
) -> None:
    with sse_server([b"data: {oops\n\n"]) as server:
        with pytest.raises(api.APIResponseValidationError, match="not JSON"):
            collect(api, flavor, server.url, typed(flavor))


def test_error_status_on_a_stream_raises_before_streaming(
    api: Any, flavor: str
) -> None:
    def handle(ex: Exchange) -> None:
        ex.reply(400, {"error": {"message": "bad input", "code": "bad"}})

    with FaultServer(handle) as server:
        with pytest.raises(api.BadRequestError, match="bad input"):
            collect(api, flavor, server.url, typed(flavor))


def test_raw_response_parse_gives_the_stream(api: Any, flavor: str) -> None:
    with sse_server(EVENTS) as server:
        response, (kind, events) = collect(
            api, flavor, server.url, typed(flavor), raw=True
        )
    assert response.status_code == 200
    assert response.content.startswith(b"event: response.created")
    assert kind == ("Stream" if flavor == "sync" else "AsyncStream")
    assert [e.sequence_number for e in events] == [0, 1, 2, 3]


def test_closing_a_stream_early_ends_it(api: Any, flavor: str) -> None:
    # A long stream: the client reads two events and closes it; nothing more comes.
    endless = (event(type="tick", sequence_number=n) for n in range(10_000))
    if flavor == "sync":

        def consume(stream: Any) -> Any:
            with stream:
                ticks = [next(stream).sequence_number, next(stream).sequence_number]
            return ticks, list(stream)

    else:

        async def consume(stream: Any) -> Any:
            async with stream:
                ticks = [
                    (await stream.__anext__()).sequence_number,
                    (await stream.__anext__()).sequence_number,
                ]
            return ticks, [e async for e in stream]

    with sse_server(list(endless)[:2000], pause=0.0005) as server:
        ticks, rest = collect(api, flavor, server.url, consume)
    assert ticks == [0, 1] and rest == []
