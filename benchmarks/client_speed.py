"""Runtime speed of the generated client, beside the official `openai` SDK and raw http.client.

    python benchmarks/client_speed.py [--calls 2000]

One loopback server (its own process, HTTP/1.1 keep-alive, TCP_NODELAY) answers
every `POST /v1/videos/{id}/remix` with the same VideoResource. Against it, in
one run: sequential calls per second for raw `http.client`, the generated
`videos_remix` client and the official SDK; the time to decode that
VideoResource into a model, generated against the SDK's default (lenient) path;
and the import time and resident memory of each package in a fresh interpreter.
Prints a table and whether the targets are met (exit status 1 if not).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import timeit
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated" / "python"
VIDEO = {
    "id": "video_456",
    "object": "video",
    "model": "sora-2",
    "status": "queued",
    "progress": 0,
    "created_at": 1712698600,
    "completed_at": None,
    "expires_at": None,
    "prompt": "Extend the scene",
    "size": "720x1280",
    "seconds": "8",
    "remixed_from_video_id": "video_123",
    "error": None,
}
TARGETS = {
    "calls/s vs SDK": 2.0,
    "calls/s vs raw": 0.6,
    "decode vs SDK": 1 / 5,
    "import vs SDK": 1 / 4,
}

SERVER = r"""
import asyncio, socket, sys
BODY = sys.argv[1].encode()
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(BODY)

async def handle(reader, writer):
    writer.transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            writer.write(HEAD + BODY)
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()

asyncio.run(main())
"""


def start_server() -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, json.dumps(VIDEO)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    return process, int(process.stdout.readline())


def rate(call: object, n: int) -> float:
    """Sequential calls per second (best of three rounds of n, after a warm-up)."""
    fn = call  # type: ignore[assignment]
    for _ in range(200):
        fn()  # type: ignore[operator]
    best = 0.0
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(n):
            fn()  # type: ignore[operator]
        best = max(best, n / (time.perf_counter() - started))
    return best


def raw_http_client(port: int) -> object:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.connect()
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    body = json.dumps({"prompt": "Extend the scene"}).encode()
    headers = {"Authorization": "Bearer sk-bench", "Content-Type": "application/json"}

    def call() -> None:
        conn.request("POST", "/v1/videos/video_123/remix", body, headers)
        json.loads(conn.getresponse().read())

    return call


def generated_client(port: int) -> object:
    import videos_remix

    client = videos_remix.Client(
        api_key="sk-bench", base_url=f"http://127.0.0.1:{port}/v1"
    )
    return lambda: client.videos.remix("video_123", prompt="Extend the scene")


def official_sdk(port: int) -> object:
    import openai

    client = openai.OpenAI(
        api_key="sk-bench", base_url=f"http://127.0.0.1:{port}/v1", max_retries=0
    )
    return lambda: client.videos.remix("video_123", prompt="Extend the scene")


def decode_times() -> tuple[float, float]:
    """Microseconds to turn the VideoResource dict into a model: generated, SDK default path."""
    import openai
    from openai._models import construct_type
    from videos_remix.models import VideoResource

    VideoResource.from_dict(
        VIDEO
    )  # compiles the decoder once, as the first response would
    ours = (
        min(
            timeit.repeat(
                lambda: VideoResource.from_dict(VIDEO), number=20000, repeat=5
            )
        )
        / 20000
    )
    theirs = (
        min(
            timeit.repeat(
                lambda: construct_type(type_=openai.types.Video, value=VIDEO),
                number=2000,
                repeat=5,
            )
        )
        / 2000
    )
    return ours * 1e6, theirs * 1e6


def import_cost(module: str) -> tuple[float, float]:
    """(median milliseconds to import module in a fresh interpreter, MB resident after)."""
    # Resident memory now, from /proc (ru_maxrss would count the forking parent's pages).
    script = (
        "import time; t = time.perf_counter(); import " + module + "\n"
        "ms = (time.perf_counter() - t) * 1000\n"
        "rss = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:'))\n"
        "print(ms, rss / 1024)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(GENERATED)
    runs = []
    for _ in range(6):
        out = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        runs.append(tuple(float(x) for x in out.stdout.split()))
    runs = runs[1:]  # the first run compiles bytecode
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    sys.path.insert(0, str(GENERATED))
    warnings.simplefilter(
        "ignore", DeprecationWarning
    )  # the remix operation is deprecated
    server, port = start_server()
    try:
        rates = {
            "raw http.client": rate(raw_http_client(port), args.calls),
            "generated client": rate(generated_client(port), args.calls),
            "openai SDK 3.51.0": rate(official_sdk(port), args.calls),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
    ours_us, sdk_us = decode_times()
    ours_ms, ours_mb = import_cost("videos_remix")
    sdk_ms, sdk_mb = import_cost("openai")
    print(
        f"{args.calls} sequential remix calls over one keep-alive loopback connection (best of 3)"
    )
    for name, value in rates.items():
        print(f"  {name:22} {value:9.0f} calls/s")
    print(
        f"decode a VideoResource:   generated {ours_us:6.2f} us   SDK default path {sdk_us:6.2f} us"
    )
    print(
        f"import:                   generated {ours_ms:6.1f} ms ({ours_mb:.0f} MB)   openai {sdk_ms:6.1f} ms ({sdk_mb:.0f} MB)"
    )
    results = {
        "calls/s vs SDK": rates["generated client"] / rates["openai SDK 3.51.0"],
        "calls/s vs raw": rates["generated client"] / rates["raw http.client"],
        "decode vs SDK": ours_us / sdk_us,
        "import vs SDK": ours_ms / sdk_ms,
    }
    missed = []
    for name, limit in TARGETS.items():
        ok = (
            results[name] >= limit
            if name.startswith("calls")
            else results[name] <= limit
        )
        missed += [] if ok else [name]
        sign = ">=" if name.startswith("calls") else "<="
        print(
            f"target {name:16} {sign} {limit:5.2f}   {results[name]:6.2f}   {'met' if ok else 'MISSED'}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
