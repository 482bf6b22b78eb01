"""Both clients against a server that misbehaves: retries, timeouts, broken connections.

Every test runs the sync Client and the AsyncClient (its own asyncio transport)
against the fault-injecting loopback server, and is bounded in count and time.
"""

from __future__ import annotations

import email.utils
import hashlib
import io
import json
import socket
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from support.faults import Exchange, FaultServer, pattern
from support.sample import SPEC, repeat, run

ITEM = {"id": "item_1", "name": "first"}


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(SPEC, "faults_api")


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def get_item(client: Any, **options: Any) -> Any:
    return client.items.retrieve("item_1", **options)


def failing_then_ok(failures: int, status: int, headers: dict[str, str]) -> Any:
    """A handler: `failures` answers of status (with headers), then ITEM."""

    def handle(ex: Exchange) -> None:
        if len(ex.server.hits) <= failures:
            ex.reply(status, {"error": {"message": "try again"}}, headers)
        else:
            ex.reply(200, ITEM)

    return handle


# -- retries ---------------------------------------------------------------------


def http_date(seconds_from_now: float) -> str:
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


@pytest.mark.parametrize(
    "headers, at_least, at_most",
    [
        ({"Retry-After": "1"}, 0.95, 3.0),
        ({"Retry-After": "<date in 2 s>"}, 0.9, 3.0),
        ({"retry-after-ms": "250"}, 0.24, 1.5),
        # Past the cap (60 s): ignored, the usual backoff (at most 0.5 s) applies.
        ({"Retry-After": "3600"}, 0.3, 1.5),
    ],
    ids=["seconds", "http-date", "ms", "capped"],
)
def test_429_waits_as_the_server_asks(
    api: Any, flavor: str, headers: dict[str, str], at_least: float, at_most: float
) -> None:
    if headers.get("Retry-After", "").startswith("<date"):
        headers = {"Retry-After": http_date(2)}
    with FaultServer(failing_then_ok(1, 429, headers)) as server:
        item = run(api, flavor, server.url, get_item)
    assert item.id == "item_1"
    assert len(server.hits) == 2
    waited = server.hits[1].at - server.hits[0].at
    assert at_least <= waited <= at_most, waited


def test_500s_are_retried_with_exponential_backoff(api: Any, flavor: str) -> None:
    with FaultServer(failing_then_ok(2, 500, {})) as server:
        item = run(api, flavor, server.url, get_item)
    assert item.id == "item_1" and len(server.hits) == 3
    first = server.hits[1].at - server.hits[0].at
    second = server.hits[2].at - server.hits[1].at
    # 0.5 s then 1 s, less up to a quarter of jitter.
    assert 0.35 <= first <= 1.0 and 0.7 <= second <= 1.6, (first, second)


FAST_RETRY = {"retry-after-ms": "5"}


@pytest.mark.parametrize(
    "client_retries, call_retries, attempts",
    [(1, None, 2), (1, 3, 4), (3, 0, 1), (0, None, 1)],
)
def test_max_retries_per_client_and_per_call(
    api: Any,
    flavor: str,
    client_retries: int,
    call_retries: int | None,
    attempts: int,
) -> None:
    options = {} if call_retries is None else {"max_retries": call_retries}
    with FaultServer(failing_then_ok(99, 503, FAST_RETRY)) as server:
        with pytest.raises(api.InternalServerError):
            run(
                api,
                flavor,
                server.url,
                lambda c: get_item(c, **options),
                max_retries=client_retries,
            )
    assert len(server.hits) == attempts


def test_x_should_retry_overrides_the_status(api: Any, flavor: str) -> None:
    never = {"x-should-retry": "false", **FAST_RETRY}
    with FaultServer(failing_then_ok(1, 500, never)) as server:
        with pytest.raises(api.InternalServerError):
            run(api, flavor, server.url, get_item)
    assert len(server.hits) == 1
    always = {"x-should-retry": "true", **FAST_RETRY}
    with FaultServer(failing_then_ok(1, 400, always)) as server:
        assert run(api, flavor, server.url, get_item).id == "item_1"
    assert len(server.hits) == 2


def test_500s_beyond_max_retries_raise_internal_server_error(
    api: Any, flavor: str
) -> None:
    body = {"error": {"message": "the kitchen is on fire", "code": "fire"}}

    def handle(ex: Exchange) -> None:
        ex.reply(
            500, body, {"x-request-id": f"req_{len(ex.server.hits)}", **FAST_RETRY}
        )

    with FaultServer(handle) as server:
        with pytest.raises(api.InternalServerError) as info:
            run(api, flavor, server.url, get_item, max_retries=2)
    exc = info.value
    assert len(server.hits) == 3
    assert exc.status_code == 500 and exc.body == body and exc.code == "fire"
    assert exc.request_id == "req_3" and exc.headers["x-request-id"] == "req_3"
    assert "the kitchen is on fire" in str(exc) and "/items/item_1" in str(exc)


# -- timeouts and broken connections ---------------------------------------------------


def slow(seconds: float) -> Any:
    def handle(ex: Exchange) -> None:
        ex.pause(seconds)
        ex.reply(200, ITEM)

    return handle


def test_read_timeout_per_client(api: Any, flavor: str) -> None:
    with FaultServer(slow(1.5)) as server:
        started = time.monotonic()
        with pytest.raises(api.APITimeoutError):
            run(api, flavor, server.url, get_item, timeout=0.3, max_retries=0)
        assert time.monotonic() - started < 1.2


def test_read_timeout_per_call_overrides_the_client(api: Any, flavor: str) -> None:
    per_attempt = api.Timeout(connect=0.3, read=0.3, total=None)
    with FaultServer(slow(1.0)) as server:
        started = time.monotonic()
        with pytest.raises(api.APITimeoutError) as info:
            run(
                api,
                flavor,
                server.url,
                lambda c: get_item(c, timeout=per_attempt),
                max_retries=1,
            )
        assert time.monotonic() - started < 2.0  # two attempts of 0.3 s, a backoff
        assert isinstance(info.value, api.APIConnectionError)
        item = run(
            api,
            flavor,
            server.url,
            lambda c: get_item(c, timeout=5.0, max_retries=0),
            timeout=0.3,
        )
    assert item.id == "item_1"
    assert len(server.hits) == 3


def test_connection_reset_mid_response(api: Any, flavor: str) -> None:
    def handle(ex: Exchange) -> None:
        if len(ex.server.hits) == 1:
            ex.start(200, {"Content-Type": "application/json", "Content-Length": "500"})
            ex.write(b'{"id": "item_1", "name": "')
            time.sleep(0.05)
            ex.reset()
        else:
            ex.reply(200, ITEM)

    with FaultServer(handle) as server:
        with pytest.raises(api.APIConnectionError) as info:
            run(api, flavor, server.url, get_item, max_retries=0)
        assert not isinstance(info.value, api.APITimeoutError)
        # With a retry left, the next attempt succeeds.
        assert run(api, flavor, server.url, get_item, max_retries=1).id == "item_1"


def test_connection_refused(api: Any, flavor: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(api.APIConnectionError) as info:
        run(api, flavor, f"http://127.0.0.1:{port}", get_item, max_retries=0)
    assert time.monotonic() - started < 5
    assert "refused" in str(info.value).lower()


@pytest.mark.parametrize("body", [b'{"id": "item_1", "na', b"<html>oops</html>"])
def test_malformed_json_in_a_2xx_body(api: Any, flavor: str, body: bytes) -> None:
    def handle(ex: Exchange) -> None:
        ex.reply(200, body, {"Content-Type": "application/json"})

    with FaultServer(handle) as server:
        with pytest.raises(api.APIResponseValidationError) as info:
            run(api, flavor, server.url, get_item)
    exc = info.value
    assert not isinstance(exc, json.JSONDecodeError)
    assert exc.status_code == 200 and "not JSON" in str(exc)
    assert exc.__cause__ is None and exc.__suppress_context__
    assert len(server.hits) == 1  # a bad body is not retried


# -- streaming a large download --------------------------------------------------------

SIZE = 50 * 1024 * 1024


def big_download(ex: Exchange) -> None:
    ex.start(200, {"Content-Type": "video/mp4", "Content-Length": str(SIZE)})
    for block in pattern(SIZE):
        ex.write(block)


def expected_digest() -> str:
    digest = hashlib.sha256()
    for block in pattern(SIZE):
        digest.update(block)
    return digest.hexdigest()


def test_large_download_streams_with_bounded_memory(
    api: Any, flavor: str, tmp_path: Path
) -> None:
    target = tmp_path / "video.mp4"
    progress: dict[str, int] = {}

    def download(client: Any) -> Any:
        # Read 1 MB, note how much the server has sent, then stream the rest to a file.
        if flavor == "sync":
            response = client.files.content.retrieve("file_1")
            chunks = response.iter_bytes()
            with open(target, "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
                    if "sent" not in progress and out.tell() >= 1 << 20:
                        progress["read"], progress["sent"] = out.tell(), server.sent
            return response

        async def go() -> Any:
            response = await client.files.content.retrieve("file_1")
            with open(target, "wb") as out:
                async for chunk in response.iter_bytes():
                    out.write(chunk)
                    if "sent" not in progress and out.tell() >= 1 << 20:
                        progress["read"], progress["sent"] = out.tell(), server.sent
            return response

        return go()

    with FaultServer(big_download) as server:
        tracemalloc.start()
        try:
            response = run(api, flavor, server.url, download)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert response.status_code == 200 and response.content_type == "video/mp4"
    assert target.stat().st_size == SIZE
    # The server was still sending (held back by TCP flow control) when the client
    # had read 1 MB: the body came from the socket, not from a buffer of it all.
    assert progress["sent"] < SIZE // 2, progress
    assert peak < 8 * 1024 * 1024, f"peak traced memory {peak / 1e6:.1f} MB"
    digest = hashlib.sha256()
    with open(target, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    assert digest.hexdigest() == expected_digest()


def test_write_to_file_helper(api: Any, flavor: str, tmp_path: Path) -> None:
    size = 3 * 1024 * 1024 + 7

    def handle(ex: Exchange) -> None:
        ex.stream(pattern(size), headers={"Content-Type": "application/octet-stream"})

    def download(client: Any) -> Any:
        if flavor == "sync":
            return client.files.content.retrieve("f").write_to_file(tmp_path / "out")

        async def go() -> int:
            response = await client.files.content.retrieve("f")
            written: int = await response.write_to_file(tmp_path / "out")
            return written

        return go()

    with FaultServer(handle) as server:
        written = run(api, flavor, server.url, download)
        # A chunked body read to its end leaves the connection reusable.
        assert run(api, flavor, server.url, download) == size
    assert written == size == (tmp_path / "out").stat().st_size


def test_a_sized_download_read_to_its_end_leaves_the_connection_usable(
    api: Any, flavor: str
) -> None:
    # Regression: http.client's read1() never marks a Content-Length body done,
    # so the pooled connection refused the next request (ResponseNotReady).
    def handle(ex: Exchange) -> None:
        if "/files/" in ex.hit.path:
            body = b"".join(pattern(100_000))
            ex.reply(200, body, {"Content-Type": "application/octet-stream"})
        else:
            ex.reply(200, ITEM)

    def download_then_get(client: Any) -> Any:
        if flavor == "sync":
            data = b"".join(client.files.content.retrieve("f").iter_bytes())
            return len(data), client.items.retrieve("item_1").id

        async def go() -> tuple[int, str]:
            response = await client.files.content.retrieve("f")
            data = b"".join([chunk async for chunk in response.iter_bytes()])
            return len(data), (await client.items.retrieve("item_1")).id

        return go()

    with FaultServer(handle) as server:
        assert run(api, flavor, server.url, download_then_get) == (100_000, "item_1")
    assert server.connections == 1


# -- keep-alive ------------------------------------------------------------------------


def test_keep_alive_reuses_one_connection(api: Any, flavor: str) -> None:
    def many(client: Any) -> Any:
        if flavor == "sync":
            return [client.items.retrieve(f"i{n}").id for n in range(50)]

        async def go() -> list[str]:
            return [(await client.items.retrieve(f"i{n}")).id for n in range(50)]

        return go()

    def handle(ex: Exchange) -> None:
        ex.reply(200, {"id": ex.hit.path.rsplit("/", 1)[1]})

    with FaultServer(handle) as server:
        ids = run(api, flavor, server.url, many)
    assert ids == [f"i{n}" for n in range(50)]
    assert len(server.hits) == 50 and server.connections == 1


def test_connection_closed_while_idle_is_replaced(api: Any, flavor: str) -> None:
    def handle(ex: Exchange) -> None:
        ex.reply(200, ITEM)  # keep-alive, as far as the client can tell ...
        ex.close()  # ... but closed straight after, as an idle timeout would

    with FaultServer(handle) as server:
        ids = run(api, flavor, server.url, repeat(5), max_retries=0)
    assert ids == ["item_1"] * 5 and server.connections == 5


def test_stale_connection_is_retried_once_transparently(api: Any, flavor: str) -> None:
    def handle(ex: Exchange) -> None:
        on_this = [h for h in ex.server.hits if h.connection == ex.hit.connection]
        if ex.hit.connection == 1 and len(on_this) == 2:
            ex.close()  # closed as the second request arrived: no answer at all
        else:
            ex.reply(200, ITEM)

    with FaultServer(handle) as server:
        # max_retries=0: the replay on a fresh connection is not a retry.
        ids = run(api, flavor, server.url, repeat(3), max_retries=0)
    assert ids == ["item_1"] * 3
    assert len(server.hits) == 4 and server.connections == 2


# -- multipart uploads ---------------------------------------------------------------

CONTENT = bytes(range(256)) * 1200  # 300 KB


class Unseekable(io.RawIOBase):
    """A stream whose length cannot be known: its body goes chunked."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.name = "piped.bin"

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._data.read(size)


@pytest.mark.parametrize("source", ["path", "file", "unseekable"])
def test_multipart_upload_streams_the_file(
    api: Any, flavor: str, source: str, tmp_path: Path
) -> None:
    path = tmp_path / "clip.bin"
    path.write_bytes(CONTENT)
    handles: list[Any] = []

    def file_input() -> Any:
        if source == "path":
            return path
        if source == "file":
            handles.append(open(path, "rb"))
            return handles[-1]
        return Unseekable(CONTENT)

    def handle(ex: Exchange) -> None:
        ex.reply(200, {"id": "file_1"})

    def upload(client: Any) -> Any:
        return client.files.create(file=file_input(), purpose="fine-tune")

    with FaultServer(handle) as server:
        try:
            item = run(api, flavor, server.url, upload)
        finally:
            for f in handles:
                f.close()
    assert item.id == "file_1"
    hit = server.last
    assert hit.headers["content-type"].startswith("multipart/form-data; boundary=")
    if source == "unseekable":
        assert hit.headers["transfer-encoding"] == "chunked"
    else:
        assert int(hit.headers["content-length"]) == len(hit.body)
    parts = hit.multipart()
    assert parts["purpose"] == (None, None, b"fine-tune")
    filename, _, data = parts["file"]
    assert filename == ("piped.bin" if source == "unseekable" else "clip.bin")
    assert data == CONTENT


def _upload(kind: str, source: Any) -> Any:
    if kind == "multipart":
        return lambda client: client.files.create(file=source, purpose="fine-tune")
    return lambda client: client.files.content.update("file_1", body=source)


def _sent(kind: str, hit: Any) -> bytes:
    return bytes(hit.multipart()["file"][2] if kind == "multipart" else hit.body)


@pytest.mark.parametrize("kind", ["multipart", "raw"])
@pytest.mark.parametrize("source", ["path", "file"])
def test_a_retried_upload_sends_the_whole_file_again(
    api: Any, flavor: str, kind: str, source: str, tmp_path: Path
) -> None:
    path = tmp_path / "clip.bin"
    path.write_bytes(CONTENT)
    with open(path, "rb") as f:
        f.read(10)  # a file object is sent from where it stands, on every attempt
        given: Any = path if source == "path" else f
        expected = CONTENT if source == "path" else CONTENT[10:]
        with FaultServer(failing_then_ok(1, 500, {})) as server:
            run(api, flavor, server.url, _upload(kind, given), max_retries=1)
    assert [_sent(kind, hit) for hit in server.hits] == [expected, expected]


@pytest.mark.parametrize("kind", ["multipart", "raw"])
def test_an_upload_from_an_unseekable_stream_is_never_retried(
    api: Any, flavor: str, kind: str
) -> None:
    # Sending it again would send only what is left of the stream: a corrupt file.
    with FaultServer(failing_then_ok(5, 500, {})) as server:
        with pytest.raises(api.InternalServerError):
            run(
                api,
                flavor,
                server.url,
                _upload(kind, Unseekable(CONTENT)),
                max_retries=2,
            )
    assert len(server.hits) == 1
    assert _sent(kind, server.hits[0]) == CONTENT


def test_async_client_outlives_its_event_loop(api: Any) -> None:
    # One AsyncClient used from two asyncio.run calls: the connection pooled in the
    # first (now closed) loop is not reused in the second; a fresh one is made.
    import asyncio

    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server:
        client = api.AsyncClient(api_key="sk-x", base_url=server.url, timeout=10)
        first = asyncio.run(asyncio.wait_for(get_item(client), 30))
        second = asyncio.run(asyncio.wait_for(get_item(client), 30))
        asyncio.run(client.close())
    assert first.id == second.id == "item_1"
    assert server.connections == 2


@pytest.mark.parametrize("version", ["HTTP/1.1", "HTTP/1.0"])
def test_a_body_read_to_the_end_of_the_connection(
    api: Any, flavor: str, version: str
) -> None:
    # No Content-Length, no chunks: the body ends when the server closes.
    def handle(ex: Exchange) -> None:
        head = f"{version} 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
        ex.write(head.encode() + json.dumps(ITEM).encode())
        ex.close()

    with FaultServer(handle) as server:
        ids = run(api, flavor, server.url, repeat(3))
    assert ids == ["item_1"] * 3 and server.connections == 3
