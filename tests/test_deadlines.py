"""A call's timeout bounds the whole call, retries included; bodies read whole are bounded.

Both clients, against servers that trickle bytes, never stop sending, or
declare bodies of 10 GB: each call ends in time with a typed error, is not
retried when retrying cannot help, and never holds more than the limit in memory.
"""

from __future__ import annotations

import ssl
import time
import tracemalloc
from typing import Any

import pytest
from support.faults import Exchange, FaultServer, pattern
from support.sample import SPEC, run

ITEM = {"id": "item_1", "name": "first"}
ITEM_BYTES = b'{"id": "item_1", "name": "first"}'


# The sample API, with an operation that streams server-sent events.
EVENTS_SPEC = SPEC.replace(
    "components:",
    """  /events:
    get:
      operationId: streamEvents
      tags: [events]
      responses:
        "200":
          description: Events until the server ends the stream.
          content:
            text/event-stream:
              schema: {$ref: "#/components/schemas/StreamEvent"}
components:""",
    1,
)


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(EVENTS_SPEC, "deadline_api")


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def get_item(client: Any, **options: Any) -> Any:
    return client.items.retrieve("item_1", **options)


def timed(api: Any, flavor: str, url: str, call: Any, **client: Any) -> float:
    """Seconds until call(client) raised APITimeoutError (it must)."""
    started = time.monotonic()
    with pytest.raises(api.APITimeoutError):
        run(api, flavor, url, call, **client)
    return time.monotonic() - started


# -- the deadline ------------------------------------------------------------------------


def test_a_trickled_body_cannot_outlast_the_timeout(api: Any, flavor: str) -> None:
    # One byte every 0.1 s: each read is quick, so only a deadline on the whole call ends it.
    def handle(ex: Exchange) -> None:
        ex.start(200, {"Content-Type": "application/json", "Content-Length": "500"})
        ex.trickle(b" " * 500, every=0.1, limit=10)

    with FaultServer(handle) as server:
        took = timed(api, flavor, server.url, get_item, timeout=1, max_retries=0)
    assert 0.9 <= took < 2.0, took


def test_trickled_headers_cannot_outlast_the_timeout(api: Any, flavor: str) -> None:
    head = b"HTTP/1.1 200 OK\r\n" + b"".join(
        b"X-Padding-%d: %s\r\n" % (i, b"x" * 40) for i in range(20)
    )

    def handle(ex: Exchange) -> None:
        ex.trickle(head, every=0.05, limit=10)

    with FaultServer(handle) as server:
        took = timed(api, flavor, server.url, get_item, timeout=1, max_retries=0)
    assert 0.9 <= took < 2.0, took


def test_the_timeout_covers_retries_and_the_pauses_between_them(
    api: Any, flavor: str
) -> None:
    # Each attempt takes 0.4 s and is answered 503: ten retries would take 4 s or more.
    def handle(ex: Exchange) -> None:
        ex.pause(0.4)
        ex.reply(503, {"error": {"message": "busy"}}, {"retry-after-ms": "100"})

    with FaultServer(handle) as server:
        started = time.monotonic()
        with pytest.raises(api.APIError) as info:
            run(api, flavor, server.url, get_item, timeout=1, max_retries=10)
        took = time.monotonic() - started
    assert took < 1.6, took
    assert 2 <= len(server.hits) <= 3
    # The last answer (a 503) or the deadline, whichever came first, is what is raised.
    assert isinstance(info.value, (api.InternalServerError, api.APITimeoutError))


def test_no_retry_starts_that_would_end_past_the_deadline(
    api: Any, flavor: str
) -> None:
    # The server asks for 5 s before a retry; the call has 1 s: the 429 is raised at once.
    def handle(ex: Exchange) -> None:
        ex.reply(429, {"error": {"message": "slow down"}}, {"Retry-After": "5"})

    with FaultServer(handle) as server:
        started = time.monotonic()
        with pytest.raises(api.RateLimitError):
            run(api, flavor, server.url, get_item, timeout=1, max_retries=3)
        assert time.monotonic() - started < 0.8
    assert len(server.hits) == 1


def test_a_timeout_without_a_total_bounds_each_read_only(api: Any, flavor: str) -> None:
    # As stated in Timeout's docs: total=None lets a steady trickle finish.
    def handle(ex: Exchange) -> None:
        ex.start(200, {"Content-Type": "application/json", "Content-Length": "33"})
        ex.trickle(ITEM_BYTES, every=0.04)

    per_read = api.Timeout(connect=1, read=0.5, total=None)
    with FaultServer(handle) as server:
        started = time.monotonic()
        item = run(api, flavor, server.url, get_item, timeout=per_read)
        assert time.monotonic() - started > 1.0  # longer than any single read allowed
    assert item.id == "item_1"


def test_a_download_is_bounded_up_to_its_headers_then_read_as_consumed(
    api: Any, flavor: str
) -> None:
    # The body takes about 1.5 s, longer than timeout=0.6; each chunk comes within 0.6 s.
    chunks = [b"x" * 1000] * 10

    def handle(ex: Exchange) -> None:
        ex.stream(
            chunks, headers={"Content-Type": "application/octet-stream"}, pause=0.15
        )

    def download(client: Any) -> Any:
        if flavor == "sync":
            return client.files.content.retrieve("f", timeout=0.6).read()

        async def go() -> bytes:
            response = await client.files.content.retrieve("f", timeout=0.6)
            data: bytes = await response.read()
            return data

        return go()

    with FaultServer(handle) as server:
        assert run(api, flavor, server.url, download) == b"".join(chunks)

    def silent(ex: Exchange) -> None:  # headers, then nothing: the read timeout ends it
        ex.start(
            200, {"Content-Type": "application/octet-stream", "Content-Length": "9"}
        )
        ex.pause(5)

    with FaultServer(silent) as server:
        started = time.monotonic()
        with pytest.raises(api.APITimeoutError):
            run(api, flavor, server.url, download)
        assert time.monotonic() - started < 2.0


# -- bodies read whole have a size limit ---------------------------------------------


def endless(ex: Exchange) -> None:
    """A chunked body that does not end (until 20 s or 2 GB, to bound the test)."""
    block = b"[" * 65536
    ex.start(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
    end = time.monotonic() + 20
    while time.monotonic() < end and ex.server.sent < 2 << 30:
        ex.write(b"%x\r\n%b\r\n" % (len(block), block))


def test_an_endless_body_stops_at_the_limit(api: Any, flavor: str) -> None:
    with FaultServer(endless) as server:
        tracemalloc.start()
        started = time.monotonic()
        try:
            with pytest.raises(api.ResponseTooLargeError) as info:
                run(api, flavor, server.url, get_item, max_response_bytes=1 << 20)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert time.monotonic() - started < 10
    exc = info.value
    assert exc.status_code == 200 and exc.limit == 1 << 20
    assert "max_response_bytes" in str(exc)
    assert len(server.hits) == 1  # not retried: the next answer would be the same
    assert peak < 8 << 20, f"peak traced memory {peak / 1e6:.1f} MB"


def huge(status: int) -> Any:
    """Headers declaring a 10 GB body, then a trickle of it."""

    def handle(ex: Exchange) -> None:
        ex.start(
            status,
            {"Content-Type": "application/json", "Content-Length": str(10 << 30)},
        )
        ex.trickle(b"{" * 100, every=0.1, limit=5)

    return handle


def test_a_10_gb_content_length_is_refused_before_reading(
    api: Any, flavor: str
) -> None:
    # With the default limit (100 MiB): nothing is allocated or read.
    with FaultServer(huge(200)) as server:
        tracemalloc.start()
        started = time.monotonic()
        try:
            with pytest.raises(api.ResponseTooLargeError) as info:
                run(api, flavor, server.url, get_item)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert time.monotonic() - started < 2.0
    assert "10737418240 bytes" in str(info.value)
    assert info.value.limit == 100 * 1024 * 1024
    assert len(server.hits) == 1 and peak < 8 << 20


def test_an_error_body_over_the_limit_keeps_its_status_error(
    api: Any, flavor: str
) -> None:
    with FaultServer(huge(400)) as server:
        with pytest.raises(api.BadRequestError) as info:
            run(api, flavor, server.url, get_item)
    exc = info.value
    assert exc.status_code == 400 and exc.body is None
    assert "over the limit" in str(exc)
    assert len(server.hits) == 1


def test_the_limit_per_client_and_per_call(api: Any, flavor: str) -> None:
    body = {"id": "item_1", "name": "n" * 5000}

    def handle(ex: Exchange) -> None:
        ex.reply(200, body)

    with FaultServer(handle) as server:
        with pytest.raises(api.ResponseTooLargeError):
            run(api, flavor, server.url, get_item, max_response_bytes=1000)
        with pytest.raises(api.ResponseTooLargeError):
            run(api, flavor, server.url, lambda c: get_item(c, max_response_bytes=1000))
        unlimited = lambda c: get_item(c, max_response_bytes=None)  # noqa: E731
        item = run(api, flavor, server.url, unlimited, max_response_bytes=1000)
        assert item.name == body["name"]


def test_the_limit_applies_to_raw_responses(api: Any, flavor: str) -> None:
    def handle(ex: Exchange) -> None:
        ex.reply(200, {"id": "item_1", "name": "n" * 5000})

    def raw(client: Any) -> Any:
        return client.items.with_raw_response.retrieve(
            "item_1", max_response_bytes=1000
        )

    with FaultServer(handle) as server:
        with pytest.raises(api.ResponseTooLargeError):
            run(api, flavor, server.url, raw)


def test_downloads_are_not_limited(api: Any, flavor: str) -> None:
    size = 3 << 20

    def handle(ex: Exchange) -> None:
        ex.stream(pattern(size), headers={"Content-Type": "application/octet-stream"})

    def download(client: Any) -> Any:
        if flavor == "sync":
            return len(client.files.content.retrieve("f").read())

        async def go() -> int:
            return len(await (await client.files.content.retrieve("f")).read())

        return go()

    with FaultServer(handle) as server:
        assert (
            run(api, flavor, server.url, download, max_response_bytes=1 << 20) == size
        )


def read_events(flavor: str) -> Any:
    def consume(client: Any) -> Any:
        if flavor == "sync":
            with client.events.stream() as stream:
                return [event.type for event in stream]

        async def go() -> list[str]:
            async with await client.events.stream() as stream:
                return [event.type async for event in stream]

        return go()

    return consume


def test_a_stream_outlives_the_timeout_while_events_keep_coming(
    api: Any, flavor: str
) -> None:
    events = [b'data: {"type": "tick"}\n\n'] * 8

    def handle(ex: Exchange) -> None:
        ex.stream(events, headers={"Content-Type": "text/event-stream"}, pause=0.15)

    with FaultServer(handle) as server:
        types = run(api, flavor, server.url, read_events(flavor), timeout=0.6)
    assert types == ["tick"] * 8


@pytest.mark.parametrize("shape", ["endless line", "endless event"])
def test_no_event_of_a_stream_is_larger_than_the_limit(
    api: Any, flavor: str, shape: str
) -> None:
    piece = (
        b"x" * 65536 if shape == "endless line" else b"data: " + b"x" * 65530 + b"\n"
    )

    def handle(ex: Exchange) -> None:
        ex.start(
            200, {"Content-Type": "text/event-stream", "Transfer-Encoding": "chunked"}
        )
        first = b'data: {"type": "first"}\n\n'
        ex.write(b"%x\r\n%b\r\n" % (len(first), first))
        end = time.monotonic() + 20
        while time.monotonic() < end and ex.server.sent < 1 << 30:
            ex.write(b"%x\r\n%b\r\n" % (len(piece), piece))

    seen: list[str] = []

    def consume(client: Any) -> Any:
        if flavor == "sync":
            with client.events.stream() as stream:
                seen.extend(event.type for event in stream)
            return None

        async def go() -> None:
            async with await client.events.stream() as stream:
                async for event in stream:
                    seen.append(event.type)

        return go()

    with FaultServer(handle) as server:
        tracemalloc.start()
        started = time.monotonic()
        try:
            with pytest.raises(api.ResponseTooLargeError) as info:
                run(api, flavor, server.url, consume, max_response_bytes=1 << 20)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert time.monotonic() - started < 10
    assert seen == ["first"]  # events before the oversized one were delivered
    assert info.value.status_code == 200 and info.value.limit == 1 << 20
    assert peak < 12 << 20, f"peak traced memory {peak / 1e6:.1f} MB"


# -- MemoryError ---------------------------------------------------------------------


class ExhaustedContext(ssl.SSLContext):
    """A TLS context whose every connection runs out of memory (as a huge read would)."""

    attempts = 0

    def wrap_socket(self, *args: Any, **kwargs: Any) -> Any:
        ExhaustedContext.attempts += 1
        raise MemoryError

    def wrap_bio(self, *args: Any, **kwargs: Any) -> Any:
        ExhaustedContext.attempts += 1
        raise MemoryError


def test_a_memory_error_is_raised_as_it_is_and_never_retried(
    api: Any, flavor: str
) -> None:
    ExhaustedContext.attempts = 0
    context = ExhaustedContext(ssl.PROTOCOL_TLS_CLIENT)
    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server:
        https = server.url.replace("http://", "https://")
        with pytest.raises(MemoryError):
            run(api, flavor, https, get_item, verify=context, max_retries=3)
    assert ExhaustedContext.attempts == 1
