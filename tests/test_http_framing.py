"""How both transports read HTTP/1.1 off the wire: heads, bodies and connection reuse.

The sync transport reads responses itself, as the async one does (no
http.client), so the framing cases http.client used to handle are held here,
for both clients, against raw bytes from the loopback fault server.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.faults import Exchange, FaultServer
from support.sample import SPEC, repeat, run, runtime

ITEM = {"id": "item_1", "name": "first"}
BODY = json.dumps(ITEM).encode()


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(SPEC, "framing_api")


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def answering(raw: bytes) -> Any:
    def handle(ex: Exchange) -> None:
        ex.write(raw)

    return handle


def chunked(*parts: bytes, trailer: bytes = b"") -> bytes:
    coded = b"".join(b"%x;ext=1\r\n%b\r\n" % (len(p), p) for p in parts)
    return coded + b"0\r\n" + trailer + b"\r\n"


JSON = b"Content-Type: application/json\r\n"

KEPT_ALIVE = {
    "content-length": b"HTTP/1.1 200 OK\r\n"
    + JSON
    + b"Content-Length: %d\r\n\r\n%b" % (len(BODY), BODY),
    "chunked, extensions and trailers": b"HTTP/1.1 200 OK\r\n"
    + JSON
    + b"Transfer-Encoding: chunked\r\n\r\n"
    + chunked(BODY[:5], BODY[5:], trailer=b"X-Checksum: 1\r\nX-More: 2\r\n"),
    "100 Continue first": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
    + JSON
    + b"Content-Length: %d\r\n\r\n%b" % (len(BODY), BODY),
    "a folded header": b"HTTP/1.1 200 OK\r\nContent-Type:\r\n application/json\r\n"
    + b"Content-Length: %d\r\n\r\n%b" % (len(BODY), BODY),
    "bare line feeds": b"HTTP/1.1 200 OK\n"
    + b"Content-Type: application/json\nTransfer-Encoding: chunked\n\n"
    + chunked(BODY).replace(b"\r\n", b"\n"),
    "HTTP/1.0 keep-alive": b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n"
    + JSON
    + b"Content-Length: %d\r\n\r\n%b" % (len(BODY), BODY),
}


@pytest.mark.parametrize("case", sorted(KEPT_ALIVE))
def test_a_framed_body_is_read_and_its_connection_reused(
    api: Any, flavor: str, case: str
) -> None:
    with FaultServer(answering(KEPT_ALIVE[case])) as server:
        assert run(api, flavor, server.url, repeat(3), max_retries=0) == ["item_1"] * 3
    assert len(server.hits) == 3 and server.connections == 1


CLOSED_AFTER = {
    "Connection: close": b"HTTP/1.1 200 OK\r\nConnection: close\r\n"
    + JSON
    + b"Content-Length: %d\r\n\r\n%b" % (len(BODY), BODY),
    "HTTP/1.0 without keep-alive": b"HTTP/1.0 200 OK\r\n"
    + JSON
    + b"Content-Length: %d\r\n\r\n%b" % (len(BODY), BODY),
}


def test_a_folded_header_reads_as_one_value(api: Any, flavor: str) -> None:
    raw = (
        b"HTTP/1.1 200 OK\r\nContent-Type:\r\n application/json\r\n"
        b"X-Note: one\r\n\t two\r\nContent-Length: %d\r\n\r\n%b" % (len(BODY), BODY)
    )

    def headers(client: Any) -> Any:
        raw_items = client.items.with_raw_response
        if flavor == "sync":
            return dict(raw_items.retrieve("item_1").headers)

        async def go() -> dict[str, str]:
            return dict((await raw_items.retrieve("item_1")).headers)

        return go()

    with FaultServer(answering(raw)) as server:
        got = run(api, flavor, server.url, headers, max_retries=0)
    assert got["content-type"] == "application/json"
    assert got["x-note"] == "one two"


@pytest.mark.parametrize("case", sorted(CLOSED_AFTER))
def test_a_connection_the_server_ends_is_not_reused(
    api: Any, flavor: str, case: str
) -> None:
    def handle(ex: Exchange) -> None:
        ex.write(CLOSED_AFTER[case])
        ex.close()

    with FaultServer(handle) as server:
        assert run(api, flavor, server.url, repeat(3), max_retries=0) == ["item_1"] * 3
    assert server.connections == 3


BROKEN = {
    "a bad status line": (b"HTP/1.1 200 OK\r\n\r\n", "status line"),
    "a header line without a colon": (
        b"HTTP/1.1 200 OK\r\nContent-Length 2\r\n\r\n{}",
        "header line",
    ),
    "a bad Content-Length": (
        b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
        "Content-Length",
    ),
    "a Content-Length int() would take": (
        b"HTTP/1.1 200 OK\r\nContent-Length: 1_0\r\n\r\n{}",
        "Content-Length",
    ),
    "Content-Lengths that disagree": (
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        "Content-Length",
    ),
    "a chunk size int() would take": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\n{}\r\n0\r\n\r\n",
        "chunk size",
    ),
    "a negative chunk size": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n",
        "chunk size",
    ),
    "a bad chunk size": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "chunk size",
    ),
    "a chunk without its line break": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX",
        "line break",
    ),
    "a body cut short": (b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{}", "unread"),
    "a head cut short": (b"HTTP/1.1 200 OK\r\nContent-Le", "inside the headers"),
    "an endless header line": (
        b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
        "too long",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_answer_is_a_connection_error_saying_what_broke(
    api: Any, flavor: str, case: str
) -> None:
    raw, said = BROKEN[case]

    def handle(ex: Exchange) -> None:
        ex.write(raw)
        ex.close()

    with FaultServer(handle) as server:
        with pytest.raises(api.APIConnectionError) as info:
            run(api, flavor, server.url, repeat(1), max_retries=0)
    assert said in str(info.value)


def test_too_many_header_lines_are_refused(api: Any, flavor: str) -> None:
    raw = b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 300 + b"Content-Length: 2\r\n\r\n{}"
    with FaultServer(answering(raw)) as server:
        with pytest.raises(api.APIConnectionError) as info:
            run(api, flavor, server.url, repeat(1), max_retries=0)
    assert "too many header lines" in str(info.value)


@pytest.mark.parametrize("status", [204, 304])
def test_a_response_without_a_body_by_its_status_leaves_the_connection_usable(
    api: Any, status: int
) -> None:
    # A 204 or 304 has no body, whatever Content-Length says.
    transport = runtime(api, "transport")
    http11 = runtime(api, "http11")
    core = runtime(api, "core")

    def handle(ex: Exchange) -> None:
        if ex.hit.method == "HEAD" or ex.hit.path == "/empty":
            ex.write(b"HTTP/1.1 %d X\r\nContent-Length: 40\r\n\r\n" % status)
        else:
            ex.reply(200, ITEM)

    with FaultServer(handle) as server:
        sync = transport.SyncTransport()
        try:
            deadline = http11.Deadline(core.Timeout(5.0, 5.0, 5.0))
            for method, path in (
                ("GET", "/empty"),
                ("HEAD", "/items/1"),
                ("GET", "/items/1"),
            ):
                response = sync.send(
                    http11.Request(method, server.url + path, {}), deadline
                )
                body = response.read()
                assert body == (BODY if method == "GET" and path != "/empty" else b"")
        finally:
            sync.close()
    assert server.connections == 1 and len(server.hits) == 3


def test_a_body_read_again_is_empty_and_leaves_the_next_call_its_answer(
    api: Any, flavor: str
) -> None:
    # Once read, the response's connection is back in the pool: reading the
    # body again must not take the next answer from it (nor wait for one).
    http11 = runtime(api, "http11")
    core = runtime(api, "core")
    answers = iter([b"first", b"second"])

    def handle(ex: Exchange) -> None:
        ex.reply(200, next(answers))

    def exchange(send: Any, url: str) -> Any:
        deadline = http11.Deadline(core.Timeout(5.0, 5.0, 5.0))
        return send(http11.Request("GET", url, {}), deadline)

    with FaultServer(handle) as server:
        url = server.url + "/items/1"
        if flavor == "sync":
            sync = runtime(api, "transport").SyncTransport()
            try:
                first = exchange(sync.send, url)
                read = [first.read(), first.read(), b"".join(first.iter_chunks())]
                read.append(exchange(sync.send, url).read())
            finally:
                sync.close()
        else:

            async def go() -> list[bytes]:
                transport = runtime(api, "atransport").AsyncTransport()
                try:
                    first = await exchange(transport.send, url)
                    out = [await first.read(), await first.read()]
                    out.append(b"".join([c async for c in first.iter_chunks()]))
                    out.append(await (await exchange(transport.send, url)).read())
                    return out
                finally:
                    await transport.aclose()

            read = asyncio.run(asyncio.wait_for(go(), 30))
    assert read == [b"first", b"", b"", b"second"]
    assert server.connections == 1


def test_a_first_request_imports_neither_http_client_nor_email(api: Any) -> None:
    # What the first request costs a program's start: http.client, and the
    # email package it needs, were about 20 ms of it.
    with FaultServer(answering(KEPT_ALIVE["content-length"])) as server:
        script = (
            "import sys\n"
            f"sys.path.insert(0, {str(Path(api.__file__).resolve().parents[1])!r})\n"
            f"import {api.__name__} as api\n"
            f"client = api.Client(api_key='k', base_url={server.url!r}, max_retries=0)\n"
            "assert client.items.retrieve('item_1').id == 'item_1'\n"
            "heavy = ['http.client', 'email', 'ssl', 'asyncio']\n"
            "print([name for name in heavy if name in sys.modules])\n"
        )
        done = subprocess.run(
            [sys.executable, "-I", "-c", script],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
