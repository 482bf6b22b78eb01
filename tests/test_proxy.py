"""Proxies: from HTTP(S)_PROXY / NO_PROXY as urllib reads them, or the `proxy` argument.

Both clients against a loopback proxy (tests/support/proxy.py): http URLs are
forwarded in absolute form, https URLs go through a CONNECT tunnel with TLS
verified end to end, and credentials in the proxy URL reach the proxy only.
"""

from __future__ import annotations

import base64
import socket
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest
from support.faults import FaultServer
from support.proxy import Asked, Proxy
from support.sample import KEY, SPEC, run, runtime
from support.tls import make_certificate, server_context

ITEM = {"id": "item_1"}
PROXY_VARIABLES = [
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "all_proxy",
    "REQUEST_METHOD",
]


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(SPEC, "proxy_api")


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No proxy settings from the machine running the tests."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    yield


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    made = make_certificate(tmp_path_factory.mktemp("tls"))
    if isinstance(made, str):
        pytest.skip(made)
    return made


def get_item(client: Any) -> Any:
    return client.items.retrieve("item_1")


def refused_url() -> str:
    """The URL of a port nobody listens on (a proxy that must not be used)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# -- from the environment ------------------------------------------------------------


def test_http_proxy_from_the_environment(
    api: Any, flavor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server, Proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        assert run(api, flavor, server.url, get_item).id == "item_1"
    assert proxy.asked == [Asked("GET", f"{server.url}/items/item_1", None)]
    hit = server.last
    assert hit.path == "/items/item_1"
    assert hit.headers["authorization"] == f"Bearer {KEY}"
    assert hit.headers["host"] == server.url.removeprefix("http://")


def test_the_lower_case_variable_wins(
    api: Any, flavor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server, Proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", refused_url())
        monkeypatch.setenv("http_proxy", proxy.url)
        assert run(api, flavor, server.url, get_item, max_retries=0).id == "item_1"
    assert len(proxy.asked) == 1


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "example.com, .0.0.1", "*"])
def test_no_proxy_reaches_the_host_directly(
    api: Any, flavor: str, monkeypatch: pytest.MonkeyPatch, no_proxy: str
) -> None:
    monkeypatch.setenv("HTTP_PROXY", refused_url())
    monkeypatch.setenv("NO_PROXY", no_proxy)
    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server:
        assert run(api, flavor, server.url, get_item, max_retries=0).id == "item_1"


def test_https_goes_through_a_connect_tunnel_with_tls_verified_end_to_end(
    api: Any,
    flavor: str,
    monkeypatch: pytest.MonkeyPatch,
    certificate: tuple[Path, Path],
) -> None:
    tls = server_context(certificate)
    with (
        FaultServer(lambda ex: ex.reply(200, ITEM), tls=tls) as server,
        Proxy() as proxy,
    ):
        monkeypatch.setenv("https_proxy", proxy.url)
        monkeypatch.setenv("HTTP_PROXY", refused_url())  # for http URLs only
        item = run(api, flavor, server.url, get_item, verify=str(certificate[0]))
        assert item.id == "item_1"
        authority = server.url.removeprefix("https://")
        assert proxy.asked == [Asked("CONNECT", authority, None)]
        assert server.last.headers["authorization"] == f"Bearer {KEY}"
        # The tunnel does not weaken TLS: the server's certificate is still checked.
        with pytest.raises(api.APIConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
            run(api, flavor, server.url, get_item, max_retries=0)
    assert len(server.hits) == 1


# -- the proxy argument ----------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_proxy_argument_with_credentials_for_the_proxy_only(
    api: Any,
    flavor: str,
    scheme: str,
    monkeypatch: pytest.MonkeyPatch,
    certificate: tuple[Path, Path],
) -> None:
    monkeypatch.setenv("NO_PROXY", "*")  # the argument applies to every request
    tls = server_context(certificate) if scheme == "https" else None
    user, password = "team", "p@ss:w/rd"
    with (
        FaultServer(lambda ex: ex.reply(200, ITEM), tls=tls) as server,
        Proxy((user, password)) as proxy,
    ):
        url = proxy.url_with(user, "p%40ss%3Aw%2Frd")
        item = run(
            api, flavor, server.url, get_item, proxy=url, verify=str(certificate[0])
        )
    assert item.id == "item_1"
    assert [a.authorization for a in proxy.asked] == [basic(user, password)]
    assert "proxy-authorization" not in server.last.headers


def test_a_proxy_that_refuses_the_credentials(
    api: Any, flavor: str, certificate: tuple[Path, Path]
) -> None:
    tls = server_context(certificate)
    with (
        FaultServer(lambda ex: ex.reply(200, ITEM), tls=tls) as server,
        Proxy(("team", "right")) as proxy,
    ):
        wrong = proxy.url_with("team", "wrong")
        with pytest.raises(api.APIConnectionError) as info:
            run(api, flavor, server.url, get_item, proxy=wrong, max_retries=3)
        assert "407" in str(info.value) and "wrong" not in str(info.value)
        assert len(proxy.asked) == 1  # a refusal is not retried
        with pytest.raises(api.APIStatusError) as status:
            plain = server.url.replace("https://", "http://")
            run(api, flavor, plain, get_item, proxy=wrong, max_retries=3)
        assert status.value.status_code == 407
    assert server.hits == []


def test_proxy_false_ignores_the_environment(
    api: Any, flavor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", refused_url())
    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server:
        item = run(api, flavor, server.url, get_item, proxy=False, max_retries=0)
    assert item.id == "item_1"


def test_an_unsupported_proxy_is_an_error_that_hides_its_password(
    api: Any, flavor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    socks = "socks5://team:hunter2@127.0.0.1:1080"
    with pytest.raises(ValueError, match="socks5:// proxy is not supported") as info:
        api.Client(api_key=KEY, base_url="http://127.0.0.1:9", proxy=socks)
    assert "hunter2" not in str(info.value)
    monkeypatch.setenv("HTTPS_PROXY", socks)
    with pytest.raises(ValueError, match="HTTPS_PROXY") as raised:
        run(api, flavor, "http://127.0.0.1:9", get_item)
    assert not isinstance(raised.value, api.APIError)
    assert "hunter2" not in str(raised.value)


# -- the rules, against urllib's own ------------------------------------------------

ENVIRONMENTS = [
    {"HTTP_PROXY": "http://a:1"},
    {"http_proxy": "http://a:1", "HTTP_PROXY": "http://b:2"},
    {"HTTPS_PROXY": "http://a:1", "https_proxy": ""},
    {"HTTP_PROXY": "http://a:1", "REQUEST_METHOD": "GET"},
    {"http_proxy": "http://a:1", "REQUEST_METHOD": "GET"},
    {"NO_PROXY": "*", "HTTP_PROXY": "http://a:1"},
    {"no_proxy": ".example.com,localhost:8080", "NO_PROXY": "other"},
    {"NO_PROXY": " Example.COM , ,10.0.0.1"},
]
HOSTS = [
    ("http", "example.com", 80),
    ("https", "api.example.com", 443),
    ("http", "notexample.com", 80),
    ("http", "localhost", 8080),
    ("http", "localhost", 80),
    ("http", "10.0.0.1", 80),
    ("https", "other", 443),
]


@pytest.mark.parametrize("environ", ENVIRONMENTS)
def test_environment_rules_match_urllib(
    api: Any, environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy = runtime(api, "proxy")
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    theirs = urllib.request.getproxies_environment()
    assert proxy.environment(dict(**environ)) == theirs
    for key in HOSTS:
        scheme, host, port = key
        netloc = (
            host if port == (443 if scheme == "https" else 80) else f"{host}:{port}"
        )
        expected = urllib.request.proxy_bypass_environment(netloc, theirs)
        assert proxy.bypassed(key, theirs.get("no", "")) == expected, (environ, key)
