"""The API key stays secret (repr, exceptions, logs), and TLS is verified unless told otherwise."""

from __future__ import annotations

import logging
import shutil
import socket
import ssl
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support.faults import Exchange, FaultServer
from support.sample import KEY, SPEC, repeat, run

ITEM = {"id": "item_1"}


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(SPEC, "security_api")


def _with_auth(scheme: str) -> str:
    """SPEC with its bearer scheme swapped for another way of sending the key."""
    return SPEC.replace("bearer: {type: http, scheme: bearer}", scheme)


@pytest.fixture(scope="module")
def query_api(build_package_once: Any) -> Any:
    return build_package_once(
        _with_auth("bearer: {type: apiKey, in: query, name: key}"), "query_key_api"
    )


@pytest.fixture(scope="module")
def header_api(build_package_once: Any) -> Any:
    return build_package_once(
        _with_auth("bearer: {type: apiKey, in: header, name: X-Goog-Api-Key}"),
        "header_key_api",
    )


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def get_item(client: Any) -> Any:
    return client.items.retrieve("item_1")


def test_repr_does_not_show_the_key(api: Any) -> None:
    for cls in (api.Client, api.AsyncClient):
        client = cls(api_key=KEY, base_url="http://127.0.0.1:9")
        assert KEY not in repr(client) and "127.0.0.1:9" in repr(client)
        assert client.api_key == KEY  # still there for whoever asks for it


@pytest.mark.parametrize("which", ["bearer", "query", "header"])
def test_exceptions_never_show_the_key(
    api: Any, query_api: Any, header_api: Any, flavor: str, which: str
) -> None:
    package = {"bearer": api, "query": query_api, "header": header_api}[which]
    echo = {"error": {"message": f"Incorrect API key provided: {KEY}"}}

    def handle(ex: Exchange) -> None:
        if "wrong" in ex.hit.path:
            ex.reply(401, echo)
        else:
            ex.reply(200, b"{not json", {"Content-Type": "application/json"})

    errors: list[BaseException] = []
    with FaultServer(handle) as server:
        for call in (get_item, lambda c: c.items.retrieve("wrong")):
            with pytest.raises(package.APIError) as info:
                run(package, flavor, server.url, call, max_retries=0)
            errors.append(info.value)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        refused = f"http://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(package.APIConnectionError) as info:
        run(package, flavor, refused, get_item, max_retries=0)
    errors.append(info.value)
    assert [type(e).__name__ for e in errors] == [
        "APIResponseValidationError",
        "AuthenticationError",
        "APIConnectionError",
    ]
    if which == "query":  # the key was in the URL: it is shown redacted
        assert "key=<redacted>" in str(errors[0])
    for error in errors:
        assert KEY not in str(error) and KEY not in repr(error)
        assert KEY not in getattr(error, "url", "")


@pytest.mark.parametrize("which", ["bearer", "query", "header"])
def test_debug_logs_never_show_the_key(
    api: Any,
    query_api: Any,
    header_api: Any,
    flavor: str,
    which: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    package = {"bearer": api, "query": query_api, "header": header_api}[which]
    caplog.set_level(logging.DEBUG)
    with FaultServer(lambda ex: ex.reply(200, ITEM)) as server:
        assert run(package, flavor, server.url, get_item).id == "item_1"
    # The key was sent ...
    sent = server.last
    assert KEY in sent.path or KEY in str(sent.headers)
    # ... and logged as <redacted>.
    ours = [r for r in caplog.records if r.name == package.__name__]
    assert ours and "<redacted>" in ours[0].getMessage()
    for record in caplog.records:
        assert KEY not in record.getMessage()


def test_a_key_with_a_line_break_is_refused_without_showing_it(api: Any) -> None:
    client = api.Client(api_key=KEY + "\n", base_url="http://127.0.0.1:9")
    with pytest.raises(ValueError) as info:
        client.items.retrieve("item_1")
    assert "Authorization" in str(info.value) and KEY not in str(info.value)


# -- TLS -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed: cannot make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    done = subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0:
        pytest.skip(f"openssl could not make a certificate: {done.stderr.strip()}")
    return cert, key


def tls_server(certificate: tuple[Path, Path]) -> FaultServer:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return FaultServer(lambda ex: ex.reply(200, ITEM), tls=context)


def test_tls_is_verified_by_default(
    api: Any, flavor: str, certificate: tuple[Path, Path]
) -> None:
    with tls_server(certificate) as server:
        assert server.url.startswith("https://")
        with pytest.raises(api.APIConnectionError) as info:
            run(api, flavor, server.url, get_item, max_retries=0)
        assert "CERTIFICATE_VERIFY_FAILED" in str(info.value)
        assert server.hits == []  # nothing was sent to the unverified server


def test_a_tls_connection_is_kept_alive_across_chunked_answers(
    api: Any, flavor: str, certificate: tuple[Path, Path]
) -> None:
    # The transports read responses off the TLS socket themselves: a chunked
    # body is read whole and its connection carries the next call.
    body = b'{"id": "item_1", "name": "first"}'
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)

    def handle(ex: Exchange) -> None:
        parts = [body[:7], body[7:20], body[20:]]
        ex.stream(parts, headers={"Content-Type": "application/json"})

    with FaultServer(handle, tls=context) as server:
        ids = run(api, flavor, server.url, repeat(3), verify=str(certificate[0]))
    assert ids == ["item_1"] * 3
    assert len(server.hits) == 3 and server.connections == 1


@pytest.mark.parametrize("verify", ["off", "ca-bundle", "context"])
def test_tls_verification_can_be_configured(
    api: Any, flavor: str, certificate: tuple[Path, Path], verify: str
) -> None:
    cert = certificate[0]
    option = {
        "off": False,
        "ca-bundle": str(cert),
        "context": ssl.create_default_context(cafile=str(cert)),
    }[verify]
    with tls_server(certificate) as server:
        item = run(api, flavor, server.url, get_item, verify=option, max_retries=0)
    assert item.id == "item_1" and len(server.hits) == 1
