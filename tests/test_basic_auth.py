"""HTTP basic auth: `username` and `password` arguments, or <PACKAGE>_USERNAME/_PASSWORD."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from support.faults import Exchange, FaultServer
from support.sample import SPEC, run

from generator.config import load_targets

BASIC_SPEC = SPEC.replace(
    "bearer: {type: http, scheme: bearer}", "bearer: {type: http, scheme: basic}"
)
ITEM = {"id": "item_1"}
USER, PASSWORD = "AC0123", "s3cret-token-value"


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(BASIC_SPEC, "basic_api")


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def no_credentials_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ["BASIC_API_USERNAME", "BASIC_API_PASSWORD", "BASIC_API_API_KEY"]:
        monkeypatch.delenv(name, raising=False)


def get_item(client: Any) -> Any:
    return client.items.retrieve("item_1")


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def call(api: Any, flavor: str, **client: Any) -> dict[str, str]:
    """The headers the server received for one call made with these client arguments."""
    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server:
        run(api, flavor, server.url, get_item, api_key=None, **client)
    return server.last.headers


def test_username_and_password_arguments(api: Any, flavor: str) -> None:
    headers = call(api, flavor, username=USER, password=PASSWORD)
    assert headers["authorization"] == basic(USER, PASSWORD)


def test_username_and_password_from_the_environment(
    api: Any, flavor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BASIC_API_USERNAME", USER)
    monkeypatch.setenv("BASIC_API_PASSWORD", PASSWORD)
    assert call(api, flavor)["authorization"] == basic(USER, PASSWORD)
    # Arguments win over the environment.
    headers = call(api, flavor, username="other", password="pw")
    assert headers["authorization"] == basic("other", "pw")


def test_an_api_key_of_user_colon_password_still_works(api: Any, flavor: str) -> None:
    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server:
        run(api, flavor, server.url, get_item, api_key=f"{USER}:{PASSWORD}")
    assert server.last.headers["authorization"] == basic(USER, PASSWORD)


def test_missing_credentials_say_what_to_pass(api: Any) -> None:
    with pytest.raises(api.SDKError) as info:
        api.Client(base_url="http://127.0.0.1:9")
    message = str(info.value)
    assert "username and password" in message
    assert "BASIC_API_USERNAME" in message and "BASIC_API_PASSWORD" in message
    with pytest.raises(api.SDKError, match="a username but no password"):
        api.Client(username=USER, base_url="http://127.0.0.1:9")


def test_a_bearer_api_refuses_a_username(build_package: Any) -> None:
    bearer = build_package(SPEC, "bearer_only_api")
    with pytest.raises(ValueError, match="does not take HTTP basic auth: pass api_key"):
        bearer.Client(username=USER, password=PASSWORD, base_url="http://127.0.0.1:9")


def test_the_password_is_redacted(api: Any, flavor: str) -> None:
    def echo(ex: Exchange) -> None:
        ex.reply(401, {"error": {"message": f"bad password {PASSWORD}"}})

    with FaultServer(echo) as server:
        with pytest.raises(api.AuthenticationError) as info:
            run(
                api,
                flavor,
                server.url,
                get_item,
                api_key=None,
                username=USER,
                password=PASSWORD,
            )
    exc = info.value
    assert PASSWORD not in str(exc) and PASSWORD not in repr(exc.body)
    assert "bad password <redacted>" in str(exc)


def test_environment_names_are_configurable_and_documented(
    build_package: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = build_package(
        BASIC_SPEC,
        "named_basic_api",
        username_env="TWILIO_ACCOUNT_SID",
        password_env="TWILIO_AUTH_TOKEN",
        docs=True,
    )
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", USER)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", PASSWORD)
    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server:
        run(api, "sync", server.url, get_item, api_key=None)
    assert server.last.headers["authorization"] == basic(USER, PASSWORD)
    doc = api.Client.__doc__
    assert "pass username and password" in doc
    assert "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN" in doc
    assert "TWILIO_ACCOUNT_SID" in api.__doc__
    out = Path(api.__file__).parents[2]
    index = (out / "docs" / "named_basic_api" / "index.md").read_text()
    assert (
        "`username` and `password` or `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN`"
        in index
    )


def test_bearer_docstrings_name_the_api_key(build_package: Any) -> None:
    api = build_package(SPEC, "bearer_doc_api", api_key_env="SAMPLE_TOKEN")
    assert (
        'pass api_key (sent as "Authorization: Bearer <api_key>")' in api.Client.__doc__
    )
    assert "SAMPLE_TOKEN" in api.Client.__doc__


def test_pyproject_targets_take_username_env_and_password_env(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        "[[tool.generator.targets]]\n"
        'spec = "twilio.yaml"\n'
        'username_env = "TWILIO_ACCOUNT_SID"\n'
        'password_env = "TWILIO_AUTH_TOKEN"\n',
        encoding="utf-8",
    )
    (tmp_path / "twilio.yaml").write_text(SPEC, encoding="utf-8")
    (target,) = load_targets(pyproject)
    assert (target.username_env, target.password_env) == (
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
    )
