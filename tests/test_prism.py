"""Every operation of the project's specs, through the generated clients, against Prism.

Prism (npm @stoplight/prism-cli 5.16.0) is a mock server nobody here wrote: it
answers from the spec and rejects (422) requests that break it. Each spec gets
its own Prism process on 127.0.0.1, and every method of the generated client is
called, sync and async; the test fails if one is left out.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import warnings
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from conftest import ROOT
from support.prism import install, prism
from support.walk import method_paths

SPECS = ROOT / "specs"
KEY = "sk-prism"


@pytest.fixture(scope="module")
def prism_exe() -> Path:
    exe = install()
    if isinstance(exe, str):
        pytest.skip(exe)
    return exe


@pytest.fixture(scope="module")
def servers(
    prism_exe: Path, tmp_path_factory: pytest.TempPathFactory, golden_python: Path
) -> Iterator[dict[str, str]]:
    logs = tmp_path_factory.mktemp("prism")
    from contextlib import ExitStack

    with ExitStack() as stack:
        urls = {
            name: stack.enter_context(
                prism(prism_exe, SPECS / f"{spec}.yaml", logs / f"{spec}.log")
            )
            for name, spec in (
                ("videos_remix", "videos-remix"),
                ("videos", "videos"),
                ("streaming", "streaming"),
            )
        }
        yield urls


def _methods(client: Any) -> set[str]:
    return method_paths(client)


def _clients(package: str, url: str) -> tuple[Any, Any]:
    pkg = importlib.import_module(package)
    return pkg.Client(api_key=KEY, base_url=url), pkg.AsyncClient(
        api_key=KEY, base_url=url
    )


def _run_both(
    sync_client: Any, async_client: Any, calls: dict[str, Callable[[Any], Any]]
) -> dict[str, tuple[Any, Any]]:
    """Each call on the sync client, then on the async one; results by method."""
    results: dict[str, tuple[Any, Any]] = {}

    async def run_async() -> dict[str, Any]:
        out = {}
        for name, call in calls.items():
            value = call(async_client)
            out[name] = await value if inspect.isawaitable(value) else value
        await async_client.close()
        return out

    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore", DeprecationWarning
        )  # the Videos API is deprecated
        synced = {name: call(sync_client) for name, call in calls.items()}
        asynced = asyncio.run(run_async())
    for name in calls:
        results[name] = (synced[name], asynced[name])
    return results


def test_remix_against_prism(servers: dict[str, str]) -> None:
    sync_client, async_client = _clients("videos_remix", servers["videos_remix"])
    m = importlib.import_module("videos_remix.models")
    calls = {
        "videos.remix": lambda c: c.videos.remix("video_123", prompt="Extend the scene")
    }
    assert set(calls) == _methods(sync_client)
    for result in _run_both(sync_client, async_client, calls)["videos.remix"]:
        assert isinstance(result, m.VideoResource) and result.object == "video"


async def _read_async(body: Any) -> bytes:
    return await body.read()


async def _first_page_item(page: Any) -> Any:
    return page.data[0]


def test_videos_against_prism(servers: dict[str, str], tmp_path: Path) -> None:
    sync_client, async_client = _clients("videos", servers["videos"])
    m = importlib.import_module("videos.models")
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(200))
    calls: dict[str, Callable[[Any], Any]] = {
        "videos.create": lambda c: c.videos.create(
            prompt="A calico cat playing a piano", input_reference=clip, seconds="8"
        ),
        "videos.list": lambda c: c.videos.list(limit=2, order="desc"),
        "videos.retrieve": lambda c: c.videos.retrieve("video_123"),
        "videos.delete": lambda c: c.videos.delete("video_123"),
        "videos.content.retrieve": lambda c: c.videos.content.retrieve(
            "video_123", variant="thumbnail"
        ),
        "videos.remix": lambda c: c.videos.remix(
            "video_123", prompt="Extend the scene"
        ),
        "videos.edits.create": lambda c: c.videos.edits.create(
            video=m.VideoReferenceInputParam(id="video_123"), prompt="Night"
        ),
        "videos.extensions.create": lambda c: c.videos.extensions.create(
            video=clip, prompt="Longer", seconds="4"
        ),
        "videos.characters.create": lambda c: c.videos.characters.create(
            video=clip, name="Cat"
        ),
        "videos.characters.retrieve": lambda c: c.videos.characters.retrieve(
            "char_123"
        ),
    }
    assert set(calls) == _methods(sync_client)
    results = _run_both(sync_client, async_client, calls)
    for name in (
        "videos.create",
        "videos.retrieve",
        "videos.remix",
        "videos.edits.create",
        "videos.extensions.create",
    ):
        for result in results[name]:
            assert isinstance(result, m.VideoResource), name
    for page in results["videos.list"]:
        assert isinstance(page.body, m.VideoListResource) and isinstance(
            page.data[0], m.VideoResource
        )
    for deleted in results["videos.delete"]:
        assert (
            isinstance(deleted, m.DeletedVideoResource)
            and deleted.object == "video.deleted"
        )
    for character in (
        results["videos.characters.create"] + results["videos.characters.retrieve"]
    ):
        assert isinstance(character, m.VideoCharacterResource)
    sync_body, async_body = results["videos.content.retrieve"]
    assert sync_body.content_type in ("video/mp4", "image/webp")
    assert isinstance(sync_body.read(), bytes)
    assert isinstance(asyncio.run(_read_async(async_body)), bytes)


def test_streaming_against_prism(servers: dict[str, str]) -> None:
    sync_client, async_client = _clients("streaming", servers["streaming"])
    m = importlib.import_module("streaming.models")

    def collect(stream: Any) -> Any:
        if inspect.isawaitable(
            stream
        ):  # the async client: await the call, then the events

            async def drain() -> list[Any]:
                async with await stream as events:
                    return [event async for event in events]

            return drain()
        with stream:
            return list(stream)

    calls = {
        "completions.create": lambda c: c.completions.create(prompt="Once"),
        "completions.create (stream)": lambda c: collect(
            c.completions.create(prompt="Once", stream=True)
        ),
        "ticks.stream": lambda c: collect(c.ticks.stream(symbols=["ABC", "XYZ"])),
    }
    assert {name.removesuffix(" (stream)") for name in calls} == _methods(sync_client)
    results = _run_both(sync_client, async_client, calls)
    for completion in results["completions.create"]:
        assert isinstance(completion, m.Completion)
    for chunks in results["completions.create (stream)"]:
        assert [c.delta for c in chunks] == ["Once upon", " a time."]
        assert all(isinstance(c, m.CompletionChunk) for c in chunks)
    for events in results["ticks.stream"]:
        assert [type(e).__name__ for e in events] == ["Tick", "Heartbeat", "Tick"]
        assert events[2].price == 12.75


def test_prism_rejects_what_client_side_validation_would_have_caught(
    servers: dict[str, str],
) -> None:
    pkg = importlib.import_module("videos_remix")
    trusting = pkg.Client(
        api_key=KEY,
        base_url=servers["videos_remix"],
        validate_requests=False,
        max_retries=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(pkg.UnprocessableEntityError) as info:
            trusting.videos.remix("video_123", prompt="")
        with pytest.raises(pkg.ValidationError):
            pkg.Client(api_key=KEY, base_url=servers["videos_remix"]).videos.remix(
                "video_123", prompt=""
            )
    assert info.value.status_code == 422
    assert "minLength" in info.value.headers.get("sl-violations", "")


def test_readme_examples_run_against_prism(
    servers: dict[str, str], tmp_path: Path, golden_python: Path
) -> None:
    import os
    import re
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text()
    section = readme.split("### The client by example", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    (tmp_path / "cat.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    env = {
        **os.environ,
        "PYTHONPATH": str(golden_python),
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
        "OPENAI_API_KEY": KEY,
        "OPENAI_BASE_URL": servers["videos"],
        "STREAMING_API_KEY": KEY,
        "STREAMING_BASE_URL": servers["streaming"],
    }
    for block in blocks:
        done = subprocess.run(
            [sys.executable, "-c", block],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "thumbnail.webp").exists()
