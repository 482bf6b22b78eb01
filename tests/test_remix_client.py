"""The generated remix client against a loopback server: the request it sends, what it decodes."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from support.server import Reply, Seen, serve

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


@pytest.fixture
def remix(golden_python: Any) -> Any:
    import videos_remix

    return videos_remix


def _client(remix: Any, url: str, **kw: Any) -> Any:
    return remix.Client(api_key="sk-test", base_url=url + "/v1", **kw)


def test_remix_sends_the_documented_request(remix: Any) -> None:
    with serve(lambda seen: Reply(200, VIDEO)) as server:
        client = _client(remix, server.url)
        with pytest.warns(DeprecationWarning, match="deprecated"):
            video = client.videos.remix("video_123", prompt="Extend the scene")
    seen = server.last
    assert seen.method == "POST"
    assert seen.path == "/v1/videos/video_123/remix"
    assert seen.headers["authorization"] == "Bearer sk-test"
    assert seen.headers["content-type"] == "application/json"
    assert seen.headers["accept"] == "application/json"
    assert seen.json() == {"prompt": "Extend the scene"}
    assert isinstance(video, remix.models.VideoResource)
    assert (
        video.id == "video_456"
        and video.status == "queued"
        and video.completed_at is None
    )


def test_path_parameters_are_percent_encoded(remix: Any) -> None:
    with serve(lambda seen: Reply(200, VIDEO)) as server:
        client = _client(remix, server.url)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            client.videos.remix("a/b c?d#e%", prompt="x")
    assert server.last.path == "/v1/videos/a%2Fb%20c%3Fd%23e%25/remix"


def test_forward_compatible_response_decodes_and_round_trips(remix: Any) -> None:
    body = dict(
        VIDEO,
        model="sora-3-from-the-future",
        status="archived",
        quality="high",
        error={"code": "x", "message": "y", "hint": 1},
    )
    with serve(lambda seen: Reply(200, body)) as server:
        client = _client(remix, server.url)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            video = client.videos.remix("video_123", prompt="x")
    assert video.model == "sora-3-from-the-future"
    assert video.status == "archived"
    assert video.additional_properties == {"quality": "high"}
    assert isinstance(video.error, remix.models.VideoCreateError)
    assert video.error.additional_properties == {"hint": 1}
    assert video.to_dict() == body
    assert json.loads(json.dumps(video.to_dict())) == body


def test_missing_nullable_fields_decode_as_none(remix: Any) -> None:
    # The live API omits null fields that the spec marks required and nullable.
    sparse = {k: v for k, v in VIDEO.items() if v is not None}
    video = remix.models.VideoResource.from_dict(sparse)
    assert (
        video.completed_at is None
        and video.error is None
        and video.prompt == "Extend the scene"
    )


def test_api_key_comes_from_the_environment(
    remix: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    with serve(lambda seen: Reply(200, VIDEO)) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url + "/v1")
        client = remix.Client()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            client.videos.remix("video_123", prompt="x")
    assert server.last.headers["authorization"] == "Bearer sk-from-env"
    assert "sk-from-env" not in repr(client)


def test_missing_api_key_is_a_clear_error(
    remix: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        remix.Client(base_url="http://127.0.0.1:9")


def test_error_status_raises_a_typed_exception(remix: Any) -> None:
    error = {
        "error": {
            "message": "Video not found",
            "type": "invalid_request_error",
            "param": "video_id",
            "code": "not_found",
        }
    }
    with serve(lambda seen: Reply(404, error, {"x-request-id": "req_1"})) as server:
        client = _client(remix, server.url)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            with pytest.raises(remix.NotFoundError) as info:
                client.videos.remix("video_404", prompt="x")
    exc = info.value
    assert isinstance(exc, remix.APIStatusError) and isinstance(exc, remix.APIError)
    assert exc.status_code == 404
    assert exc.body == error
    assert exc.request_id == "req_1" and exc.headers["x-request-id"] == "req_1"
    assert exc.code == "not_found" and exc.param == "video_id"
    assert "Video not found" in str(exc) and "sk-test" not in str(exc)


def test_prompt_constraints_are_checked_before_sending(remix: Any) -> None:
    with serve(lambda seen: Reply(200, VIDEO)) as server:
        client = _client(remix, server.url)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            with pytest.raises(remix.ValidationError, match="prompt") as info:
                client.videos.remix("video_123", prompt="x" * 32001)
            with pytest.raises(ValueError, match="video_id"):
                client.videos.remix("", prompt="x")
    assert info.value.rule == "max_length"
    assert server.requests == []


def test_raw_response_gives_status_headers_and_parse(remix: Any) -> None:
    with serve(lambda seen: Reply(200, VIDEO, {"x-request-id": "req_2"})) as server:
        client = _client(remix, server.url)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            raw = client.videos.with_raw_response.remix("video_123", prompt="x")
    assert raw.status_code == 200 and raw.request_id == "req_2"
    assert json.loads(raw.content) == VIDEO
    assert raw.parse() == remix.models.VideoResource.from_dict(VIDEO)


def test_same_request_as_the_official_sdk(remix: Any) -> None:
    openai = pytest.importorskip("openai")

    def answer(seen: Seen) -> Reply:
        return Reply(200, VIDEO)

    with serve(answer) as server:
        official = openai.OpenAI(
            api_key="sk-test", base_url=server.url + "/v1", max_retries=0
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            theirs_video = official.videos.remix("video_123", prompt="Extend the scene")
            ours_video = _client(remix, server.url).videos.remix(
                "video_123", prompt="Extend the scene"
            )
    theirs, ours = server.requests
    assert (ours.method, ours.path) == (theirs.method, theirs.path)
    assert ours.json() == theirs.json()
    for header in ("authorization", "content-type", "accept"):
        assert ours.headers[header] == theirs.headers[header], header
    assert (
        ours_video.id == theirs_video.id
        and ours_video.to_dict() == theirs_video.model_dump(mode="json")
    )
