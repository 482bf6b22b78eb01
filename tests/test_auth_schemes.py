"""Several security schemes: per-operation requirements, AND and OR, optional auth.

OpenAPI's `security` is a list of alternatives (any one will do), each a set of
schemes sent together; an operation's own list replaces the document's. These
tests drive a generated package against a loopback server, sync and async.
"""

from __future__ import annotations

import base64
import inspect
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from support.sample import run
from support.server import Reply, Seen, serve

SPEC = """
openapi: 3.1.0
info: {title: Schemes, version: "1"}
servers: [{url: "http://127.0.0.1:9"}]
security: [{ApiKeyAuth: []}]
paths:
  /items:
    get:
      operationId: listItems
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Ok"}}}}
  /organization/keys:
    get:
      operationId: listAdminKeys
      security: [{AdminApiKeyAuth: []}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Ok"}}}}
  /partner/reports:
    get:
      operationId: getReports
      security: [{partnerKey: [], clientId: []}]
      parameters:
        - {name: month, in: query, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Ok"}}}}
  /partner/status:
    get:
      operationId: getStatus
      security: [{partnerKey: [], clientId: []}, {basicAuth: []}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Ok"}}}}
  /catalog:
    get:
      operationId: getCatalog
      security: [{}, {ApiKeyAuth: []}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Ok"}}}}
  /health:
    get:
      operationId: getHealth
      security: []
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Ok"}}}}
  /authenticate:
    post:
      operationId: authenticate
      security: [{basicAuth: []}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Ok"}}}}
  /session:
    get:
      operationId: getSession
      security: [{sessionCookie: []}]
      parameters:
        - {name: theme, in: cookie, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Ok"}}}}
components:
  securitySchemes:
    ApiKeyAuth: {type: http, scheme: bearer}
    AdminApiKeyAuth: {type: http, scheme: bearer}
    partnerKey: {type: apiKey, in: header, name: X-Partner-Key}
    clientId: {type: apiKey, in: query, name: client_id}
    basicAuth: {type: http, scheme: basic}
    sessionCookie: {type: apiKey, in: cookie, name: sid}
  schemas:
    Ok:
      type: object
      properties:
        ok: {type: boolean}
"""

KEY = "sk-main-0123456789"
ADMIN = "sk-admin-9876543210"
PARTNER = "partner-secret-4242"
CLIENT_ID = "client-secret-7777"
USER, PASSWORD = "velo-user", "pa55word-secret"
SESSION = "session-secret-1234"
SECRETS = (KEY, ADMIN, PARTNER, CLIENT_ID, PASSWORD, SESSION)
ALL = {
    "api_key": KEY,
    "admin_api_key": ADMIN,
    "partner_key": PARTNER,
    "client_id": CLIENT_ID,
    "username": USER,
    "password": PASSWORD,
    "session_cookie": SESSION,
}
ENV = {
    "SCHEMES_API_KEY",
    "SCHEMES_ADMIN_API_KEY",
    "SCHEMES_PARTNER_KEY",
    "SCHEMES_CLIENT_ID",
    "SCHEMES_USERNAME",
    "SCHEMES_PASSWORD",
    "SCHEMES_SESSION_COOKIE",
}


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(SPEC, "schemes", docs=True)


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def no_credentials_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def ok(seen: Seen) -> Reply:
    return Reply(200, {"ok": True})


def sent(api: Any, flavor: str, call: Any, **client: Any) -> Seen:
    """The request the server received for one call made with these client arguments."""
    options = {"api_key": None, **client}
    with serve(ok) as server:
        run(api, flavor, server.url, call, **options)
    (seen,) = server.requests
    return seen


def bearer(token: str) -> str:
    return f"Bearer {token}"


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def query(seen: Seen) -> dict[str, list[str]]:
    return parse_qs(urlsplit(seen.path).query)


# -- which credentials each call sends ---------------------------------------------------


def test_each_operation_sends_the_scheme_it_asks_for(api: Any, flavor: str) -> None:
    # The document's scheme for most operations, the admin key where an operation says so.
    plain = sent(api, flavor, lambda c: c.items.retrieve(), **ALL)
    assert plain.headers["authorization"] == bearer(KEY)
    admin = sent(api, flavor, lambda c: c.admin.organization.keys.retrieve(), **ALL)
    assert admin.headers["authorization"] == bearer(ADMIN)
    login = sent(api, flavor, lambda c: c.authenticate.create(), **ALL)
    assert login.headers["authorization"] == basic(USER, PASSWORD)


def test_two_keys_at_once_go_in_a_header_and_the_query(api: Any, flavor: str) -> None:
    seen = sent(
        api,
        flavor,
        lambda c: c.partner.reports(month="2026-01"),
        partner_key=PARTNER,
        client_id=CLIENT_ID,
    )
    assert seen.headers["x-partner-key"] == PARTNER
    assert query(seen) == {"month": ["2026-01"], "client_id": [CLIENT_ID]}
    assert "authorization" not in seen.headers


def test_the_first_alternative_whose_credentials_are_all_there_is_used(
    api: Any, flavor: str
) -> None:
    status = lambda c: c.partner.status()  # noqa: E731
    both = sent(api, flavor, status, **ALL)
    assert both.headers["x-partner-key"] == PARTNER
    assert query(both) == {"client_id": [CLIENT_ID]}
    assert "authorization" not in both.headers
    # Half of the first alternative is not enough: the second one is taken whole.
    basic_only = sent(
        api, flavor, status, partner_key=PARTNER, username=USER, password=PASSWORD
    )
    assert basic_only.headers["authorization"] == basic(USER, PASSWORD)
    assert "x-partner-key" not in basic_only.headers and not query(basic_only)


def test_optional_auth_sends_credentials_when_there_are_some(
    api: Any, flavor: str
) -> None:
    anonymous = sent(api, flavor, lambda c: c.catalog.retrieve(), admin_api_key=ADMIN)
    assert "authorization" not in anonymous.headers
    signed = sent(api, flavor, lambda c: c.catalog.retrieve(), api_key=KEY)
    assert signed.headers["authorization"] == bearer(KEY)


def test_an_operation_without_security_sends_none(api: Any, flavor: str) -> None:
    seen = sent(api, flavor, lambda c: c.health.retrieve(), **ALL)
    assert "authorization" not in seen.headers and "cookie" not in seen.headers
    assert not query(seen) and "x-partner-key" not in seen.headers


def test_a_cookie_key_and_cookie_parameters_are_both_sent(
    api: Any, flavor: str
) -> None:
    seen = sent(
        api,
        flavor,
        lambda c: c.session.retrieve(theme="dark"),
        session_cookie=SESSION,
    )
    cookies = sorted(part.strip() for part in seen.headers["cookie"].split(";"))
    assert cookies == [f"sid={SESSION}", "theme=dark"]


def test_credentials_come_from_one_environment_variable_per_scheme(
    api: Any, flavor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCHEMES_API_KEY", KEY)
    monkeypatch.setenv("SCHEMES_ADMIN_API_KEY", ADMIN)
    monkeypatch.setenv("SCHEMES_PARTNER_KEY", PARTNER)
    monkeypatch.setenv("SCHEMES_CLIENT_ID", CLIENT_ID)
    with serve(ok) as server:
        options = {"base_url": server.url}
        client = api.Client(**options)
        client.items.retrieve()
        client.admin.organization.keys.retrieve()
        client.partner.reports()
        # An argument wins over the environment.
        api.Client(
            admin_api_key="sk-given", **options
        ).admin.organization.keys.retrieve()
    first, admin, partner, given = server.requests
    assert first.headers["authorization"] == bearer(KEY)
    assert admin.headers["authorization"] == bearer(ADMIN)
    assert partner.headers["x-partner-key"] == PARTNER
    assert query(partner) == {"client_id": [CLIENT_ID]}
    assert given.headers["authorization"] == bearer("sk-given")


# -- what is missing is said before anything is sent --------------------------------------


def test_missing_credentials_are_named_before_anything_is_sent(
    api: Any, flavor: str
) -> None:
    cases = [
        (
            lambda c: c.admin.organization.keys.retrieve(),
            ["admin_api_key", "SCHEMES_ADMIN_API_KEY"],
        ),
        (lambda c: c.partner.reports(), ["client_id", "SCHEMES_CLIENT_ID"]),
        (
            lambda c: c.partner.status(),
            ["client_id", "SCHEMES_CLIENT_ID", "username and password"],
        ),
    ]
    with serve(ok) as server:
        for call, words in cases:
            with pytest.raises(api.MissingAPIKeyError) as info:
                run(api, flavor, server.url, call, api_key=KEY, partner_key=PARTNER)
            assert isinstance(info.value, (api.SDKError, ValueError))
            message = str(info.value)
            for word in words:
                assert word in message, (word, message)
            assert KEY not in message and PARTNER not in message
    assert server.requests == []


def test_a_client_with_no_credentials_at_all_is_refused_when_the_api_requires_some(
    api: Any, build_package: Any
) -> None:
    with pytest.raises(api.SDKError) as info:
        api.Client(base_url="http://127.0.0.1:9")
    assert "api_key" in str(info.value) and "SCHEMES_API_KEY" in str(info.value)
    # Any one scheme's credentials make a client; calls that need others say so.
    api.Client(admin_api_key=ADMIN, base_url="http://127.0.0.1:9")
    # Without a requirement of the document's own, operations decide, one by one.
    each = SPEC.replace("security: [{ApiKeyAuth: []}]\npaths", "paths")
    pkg = build_package(each, "schemes_each")
    client = pkg.Client(base_url="http://127.0.0.1:9")
    with pytest.raises(pkg.SDKError, match="GET /organization/keys needs"):
        client.organization.keys.retrieve()


# -- secrets stay secret -----------------------------------------------------------------


def echo(seen: Seen) -> Reply:
    """A 401 that echoes everything it was sent, as careless servers do."""
    text = f"{seen.path} {sorted(seen.headers.items())}"
    return Reply(401, {"error": {"message": text}}, {"X-Echo": text[:2000]})


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.partner.status(),
        lambda c: c.admin.organization.keys.retrieve(),
        lambda c: c.authenticate.create(),
        lambda c: c.session.retrieve(theme="dark"),
    ],
    ids=["keys", "admin", "basic", "cookie"],
)
def test_no_secret_of_any_scheme_shows_in_errors_logs_or_hooks(
    api: Any, flavor: str, call: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    events: list[Any] = []
    with serve(echo) as server:
        with pytest.raises(api.AuthenticationError) as info:
            run(
                api,
                flavor,
                server.url,
                call,
                max_retries=0,
                on_request=events.append,
                on_response=events.append,
                **ALL,
            )
    (seen,) = server.requests
    forms = SECRETS + (base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),)
    assert any(s in seen.path or s in str(seen.headers) for s in forms)  # sent ...
    error = info.value
    shown = [str(error), repr(error), repr(error.body), repr(error.headers), error.url]
    shown += [r.getMessage() for r in caplog.records]
    shown += [f"{e.url} {dict(e.headers)}" for e in events]
    shown += [repr(api.Client(**ALL, base_url=server.url))]
    assert "<redacted>" in str(error)
    for text in shown:
        for secret in SECRETS:
            assert secret not in text, (secret, text)
            assert base64.b64encode(secret.encode()).decode() not in text
        assert base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode() not in text


# -- the surface: arguments, docstrings, docs --------------------------------------------


def test_each_scheme_has_an_argument_of_its_own(api: Any) -> None:
    for cls in (api.Client, api.AsyncClient):
        params = inspect.signature(cls.__init__).parameters
        assert list(params) == [
            "self",
            "api_key",
            "base_url",
            "admin_api_key",
            "partner_key",
            "client_id",
            "session_cookie",
            "options",  # **options: Unpack[ClientOptions], what every client takes
        ]
        assert params["options"].kind is inspect.Parameter.VAR_KEYWORD
    doc = api.Client.__doc__
    for arg in ("api_key", "admin_api_key", "partner_key", "client_id", "username"):
        assert arg in doc
    for env in ENV:
        assert env in doc
    assert '"X-Partner-Key"' in doc and '"client_id"' in doc


def test_the_credential_arguments_are_typed(api: Any, tmp_path: Path) -> None:
    use = tmp_path / "use.py"
    use.write_text(
        f"from {api.__name__} import Client\n"
        "Client(api_key='a', admin_api_key='b', partner_key='c', client_id='d')\n"
        "Client(admin_api_kye='b')\n",
        encoding="utf-8",
    )
    root = Path(api.__file__).parents[1]
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(use)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"MYPYPATH": str(root), "PATH": ""},
        timeout=300,
    )
    assert done.stdout.count("error:") == 1, done.stdout
    assert 'Unexpected keyword argument "admin_api_kye"' in done.stdout


def test_the_docs_say_which_credentials_each_operation_takes(api: Any) -> None:
    docs = Path(api.__file__).parents[2] / "docs" / api.__name__
    index = (docs / "index.md").read_text(encoding="utf-8")
    for text in ("`admin_api_key`", "`SCHEMES_ADMIN_API_KEY`", "`X-Partner-Key`"):
        assert text in index, text
    status = (docs / "partner" / "status.md").read_text(encoding="utf-8")
    line = next(x for x in status.splitlines() if x.startswith("| Authentication"))
    assert "X-Partner-Key" in line and "`client_id`" in line and ", or " in line
    assert "Basic" in line
    assert '"http://127.0.0.1:9/partner/status?client_id=$SCHEMES_CLIENT_ID"' in status
    assert '-H "X-Partner-Key: $SCHEMES_PARTNER_KEY"' in status
    health = (docs / "health" / "retrieve.md").read_text(encoding="utf-8")
    line = next(x for x in health.splitlines() if x.startswith("| Authentication"))
    assert line == "| Authentication | none |"


# -- OAuth2 and OpenID Connect: the token the caller already has, as a bearer token -------

OAUTH = """
openapi: 3.0.3
info: {title: Tokens, version: "1"}
servers: [{url: "http://127.0.0.1:9"}]
security: [{oauth: [read]}]
paths:
  /reports:
    get:
      operationId: listReports
      responses: {"204": {description: ok}}
  /reports/{id}:
    delete:
      operationId: deleteReport
      security: [{oidc: [admin]}]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: ok}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: "http://127.0.0.1:9/token", scopes: {read: r}}
    oidc:
      type: openIdConnect
      openIdConnectUrl: "http://127.0.0.1:9/.well-known/openid-configuration"
"""


def test_oauth2_and_openid_connect_send_their_tokens_as_bearer_tokens(
    build_package: Any, flavor: str
) -> None:
    pkg = build_package(OAUTH, "tokens")
    tokens = {"api_key": "oauth-access-token", "oidc_token": "oidc-id-token"}
    with serve(lambda seen: Reply(204)) as server:
        run(pkg, flavor, server.url, lambda c: c.reports.list(), **tokens)
        run(pkg, flavor, server.url, lambda c: c.reports.delete("r1"), **tokens)
    listed, deleted = server.requests
    assert listed.headers["authorization"] == bearer("oauth-access-token")
    assert deleted.headers["authorization"] == bearer("oidc-id-token")


# -- what the client cannot send, and specs that forgot their requirement ----------------

UNSENT = """
openapi: 3.1.0
info: {title: Unsent, version: "1"}
servers: [{url: "http://127.0.0.1:9"}]
paths:
  /things:
    get:
      operationId: listThings
      security: [{mtls: []}, {token: []}]
      responses: {"204": {description: ok}}
  /signed:
    get:
      operationId: getSigned
      security: [{signature: []}]
      responses: {"204": {description: ok}}
  /pinned:
    get:
      operationId: getPinned
      security: [{mtls: [], token: []}]
      responses: {"204": {description: ok}}
  /either:
    get:
      operationId: getEither
      security: [{mtls: [], token: []}, {token: []}]
      responses: {"204": {description: ok}}
components:
  securitySchemes:
    mtls: {type: mutualTLS}
    token: {type: http, scheme: bearer}
"""


def test_schemes_the_client_cannot_send_leave_the_call_to_the_caller(
    build_package: Any, flavor: str
) -> None:
    pkg = build_package(UNSENT, "unsent", docs=True)
    with serve(lambda seen: Reply(204)) as server:
        # Neither a client certificate nor an undefined scheme's header is the
        # client's to send: the calls go out as they are, extra headers and all.
        run(pkg, flavor, server.url, lambda c: c.things.retrieve(), api_key=None)
        run(
            pkg,
            flavor,
            server.url,
            lambda c: c.things.retrieve(),
            api_key="t0ken-value",
        )
        signed = lambda c: c.signed.retrieve(  # noqa: E731
            extra_headers={"X-Signature": "sig"}
        )
        run(pkg, flavor, server.url, signed, api_key=None)
    bare, token, extra = server.requests
    assert "authorization" not in bare.headers
    assert token.headers["authorization"] == "Bearer t0ken-value"
    assert extra.headers["x-signature"] == "sig"
    docs = Path(pkg.__file__).parents[2] / "docs" / "unsent"
    page = (docs / "things" / "retrieve.md").read_text(encoding="utf-8")
    assert "`mtls` (not sent by the client: pass them in `extra_headers`)" in page
    assert "`Authorization: Bearer $UNSENT_API_KEY`" in page


def test_a_scheme_the_client_cannot_send_never_drops_the_one_beside_it(
    build_package: Any, flavor: str
) -> None:
    # {mtls, token}: the caller brings the certificate, the client the token.
    pkg = build_package(UNSENT, "unsent_and", docs=True)
    with serve(lambda seen: Reply(204)) as server:
        run(pkg, flavor, server.url, lambda c: c.pinned.retrieve(), api_key="t0ken")
        with pytest.raises(pkg.MissingAPIKeyError, match="GET /pinned needs"):
            run(pkg, flavor, server.url, lambda c: c.pinned.retrieve(), api_key=None)
    (pinned,) = server.requests
    assert pinned.headers["authorization"] == "Bearer t0ken"
    docs = Path(pkg.__file__).parents[2] / "docs" / "unsent_and"
    page = (docs / "pinned" / "retrieve.md").read_text(encoding="utf-8")
    assert (
        "`Authorization: Bearer $UNSENT_AND_API_KEY` (from `api_key` or"
        " `UNSENT_AND_API_KEY`) and `mtls` (not sent by the client" in page
    )
    # The token alone will do: the docs ask for nothing more.
    page = (docs / "either" / "retrieve.md").read_text(encoding="utf-8")
    assert "`UNSENT_AND_API_KEY`)" in page and "mtls" not in page


FORGOTTEN = SPEC.replace("security: [{ApiKeyAuth: []}]\npaths", "paths")
FORGOTTEN = (
    FORGOTTEN[: FORGOTTEN.index("  /organization/keys:")]
    + FORGOTTEN[FORGOTTEN.index("components:") :]
)


def test_a_spec_that_declares_no_requirement_sends_its_first_scheme_when_given(
    build_package: Any, flavor: str
) -> None:
    # Many specs define schemes and forget `security`: the key goes when there is one.
    pkg = build_package(FORGOTTEN, "forgotten")
    assert not hasattr(pkg.Client(base_url="http://127.0.0.1:9"), "admin")
    with serve(ok) as server:
        run(pkg, flavor, server.url, lambda c: c.items.retrieve(), api_key=None)
        run(pkg, flavor, server.url, lambda c: c.items.retrieve(), api_key=KEY)
    anonymous, signed = server.requests
    assert "authorization" not in anonymous.headers
    assert signed.headers["authorization"] == bearer(KEY)
