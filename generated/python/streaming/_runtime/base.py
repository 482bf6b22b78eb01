"""What the sync and async clients share: everything that does no I/O.

Configuration and authentication, building the request, deciding on retries
within the call's deadline, redacting secrets, the events hooks see, and turning
a response into what the method returns (a decoded model, text, a binary body,
a Stream of events or a cursor page). SyncAPIClient and AsyncAPIClient
(client.py) add only the sending, sleeping and calling of hooks.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping, cast

from .auth import Credentials, MissingAPIKeyError
from .core import RequestOptions, Timeout
from .endpoint import Endpoint, encode_body, prepare
from .errors import (
    APIConnectionError,
    APITimeoutError,
    ResponseTooLargeError,
    status_error,
)
from .response import HeaderMap, RawResponse, _charset
from .retry import retry_delay, should_retry

if TYPE_CHECKING:
    from .client import AsyncAPIClient, SyncAPIClient
    from .hooks import RequestHook, ResponseHook
    from .http11 import BodyTooLarge, Deadline, Request
    from .proxy import ProxySetting
    from .redact import Redactor

__all__ = [
    "Call",
    "ClientConfig",
    "MissingAPIKeyError",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
]

DEFAULT_TIMEOUT = Timeout(connect=10.0, read=600.0, total=600.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RESPONSE_BYTES = 100 * 1024 * 1024
_ACCEPT = {
    "json": "application/json",
    "none": "application/json",
    "page": "application/json",
    "sse": "text/event-stream",
}
_STREAMED = ("binary", "sse")


@dataclass(frozen=True)
class ClientConfig:
    """What a generated client knows about its API."""

    package: str
    title: str
    version: str
    default_base_url: str
    base_url_env: str
    api_key_env: str
    auth: tuple[str, str, str] | None = (
        None  # (where, name, prefix): header/query/cookie
    )
    requires_api_key: bool = False
    username_env: str = ""  # HTTP basic auth: where username and password are read
    password_env: str = ""

    @property
    def basic(self) -> bool:
        """Whether the API takes HTTP basic auth (a username and a password)."""
        return self.auth is not None and self.auth[2] == "Basic "


@dataclass(frozen=True)
class Call:
    """One method call: what was asked for, and the request that answers it."""

    endpoint: Endpoint
    args: Mapping[str, Any]
    options: RequestOptions
    request: Request
    timeout: Timeout
    retries: int
    max_bytes: int | None  # of a body read whole


class _BaseClient:
    config: ClientConfig
    _ASYNC: ClassVar[bool] = False

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        username: str | None = None,
        password: str | None = None,
        timeout: float | Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        validate_requests: bool = True,
        strict_response_validation: bool = False,
        verify: bool | Any = True,
        proxy: ProxySetting = None,
        on_request: RequestHook | None = None,
        on_response: ResponseHook | None = None,
        hooks_see_secrets: bool = False,
    ) -> None:
        """Make a client; every argument has a default.

        api_key: the API key or token (bearer and API-key schemes); read from the
            environment variable the class's docstring names when not given.
        base_url: the API's URL, with its path (and a query sent with every call).
        username, password: HTTP basic auth, for an API that takes it; read from
            the environment variables the class's docstring names when not given.
        timeout: seconds, or Timeout(connect=, read=, total=); a number bounds the
            whole call, retries included (see Timeout).
        max_retries: retries of a failed connection or a 408, 409, 429 or 5xx.
        max_response_bytes: the largest body read whole (JSON, text, an error's);
            ResponseTooLargeError past it; None for no limit. Streamed bodies
            (binary downloads, server-sent events) have none.
        default_headers, default_query: sent with every call (per-call
            extra_headers and extra_query win).
        validate_requests: check arguments against the spec before sending.
        verify: TLS verification: True, False, a CA bundle path, or an
            ssl.SSLContext (also for client certificates).
        proxy: an http:// proxy URL for every request (credentials in it are
            sent to the proxy only), False for none; by default HTTPS_PROXY,
            HTTP_PROXY and NO_PROXY decide, as urllib does.
        on_request, on_response: functions called with a RequestEvent before
            each attempt and a ResponseEvent after (see hooks.py).
        hooks_see_secrets: show hooks the real values of secret headers.
        strict_response_validation: raise APIResponseValidationError when a
            response does not match the spec, instead of keeping what was sent.
        """
        config = self.config
        self._credentials = Credentials.resolve(config, api_key, username, password)
        self._authenticates = config.auth is not None and bool(self._credentials)
        url = base_url or os.environ.get(config.base_url_env) or config.default_base_url
        if not url:
            raise ValueError(
                f"no base URL: pass base_url to the client or set {config.base_url_env}"
            )
        # A query in the base URL ("...?api-version=2") goes after each call's path.
        base, _, self._base_query = url.split("#", 1)[0].partition("?")
        self._base = base.rstrip("/")
        self.base_url = url.rstrip("/")
        self.timeout = Timeout.of(timeout)
        self.max_retries = max_retries
        self.max_response_bytes = max_response_bytes
        self.default_headers = dict(default_headers or {})
        self.default_query = dict(default_query or {})
        self.validate_requests = validate_requests
        self.strict_response_validation = strict_response_validation
        self._verify = verify
        if isinstance(proxy, str):
            from .proxy import parse_proxy

            parse_proxy(proxy, "proxy")  # a bad proxy URL fails here, not at a call
        self._proxy = proxy
        self.on_request = on_request
        self.on_response = on_response
        self.hooks_see_secrets = hooks_see_secrets
        self._redactor_: Redactor | None = None

    @property
    def api_key(self) -> str | None:
        return self._credentials.api_key

    @property
    def username(self) -> str | None:
        return self._credentials.username

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._redact(self.base_url)!r})"

    # -- building the request ------------------------------------------------------

    def _build(
        self, endpoint: Endpoint, args: Mapping[str, Any], options: RequestOptions
    ) -> Call:
        if (
            endpoint.stream_param is not None
            and args.get(endpoint.stream_param) is True
        ):
            endpoint = replace(
                endpoint, response="sse", cast_to=endpoint.stream_cast_to
            )
        if endpoint.deprecated:
            warnings.warn(
                f"{endpoint.method} {endpoint.path} is deprecated",
                DeprecationWarning,
                stacklevel=_caller_level(self.config.package),
            )
        query = {**self.default_query, **(options.get("extra_query") or {})}
        prepared = prepare(
            endpoint,
            args,
            extra_query=query,
            extra_body=options.get("extra_body"),
            validate=self.validate_requests,
        )
        headers = {
            "Accept": endpoint.accept or _ACCEPT.get(endpoint.response, "*/*"),
            "User-Agent": f"{self.config.package}/{self.config.version} python/{sys.version_info[0]}.{sys.version_info[1]}",
        }
        url = self._base + prepared.path
        if self._base_query:
            path, mark, query_string = url.partition("?")
            url = f"{path}?{self._base_query}" + (f"&{query_string}" if mark else "")
        if endpoint.auth and self._authenticates:
            url = self._credentials.apply(self.config, headers, url)
        if self.default_headers:
            _merge(headers, self.default_headers)
        if prepared.headers:
            _merge(headers, prepared.headers)
        body, length = encode_body(prepared, headers)
        if extra_headers := options.get("extra_headers"):
            _merge(headers, extra_headers)
        from .http11 import Request, check_headers, replayable

        check_headers(headers)  # before anything is sent
        timeout = (
            Timeout.of(options["timeout"]) if "timeout" in options else self.timeout
        )
        # A body that cannot be sent again (an upload from a pipe) is never retried.
        retries = (
            options.get("max_retries", self.max_retries) if replayable(body) else 0
        )
        max_bytes = options.get("max_response_bytes", self.max_response_bytes)
        request = Request(endpoint.method, url, headers, body, length)
        return Call(endpoint, args, options, request, timeout, retries, max_bytes)

    # -- deciding on retries ---------------------------------------------------------

    def _after_status(
        self,
        call: Call,
        status: int,
        headers: HeaderMap,
        attempt: int,
        deadline: Deadline,
    ) -> float | None:
        """The pause before retrying a response, or None to keep it."""
        if status < 400 or attempt >= call.retries or not should_retry(status, headers):
            return None
        pause = retry_delay(attempt, headers)
        return pause if deadline.allows(pause) else None

    def _after_failure(
        self, call: Call, exc: Exception, attempt: int, deadline: Deadline
    ) -> float:
        """The pause before retrying after exc; raises its APIError when no attempt is left.

        Only a failed exchange is retried: a body over the limit, a URL that
        cannot be sent to, a proxy's refusal or a MemoryError is raised at once.
        """
        from .http11 import BodyTooLarge, UnsupportedURLError
        from .proxy import ProxyError

        if isinstance(exc, (UnsupportedURLError, MemoryError)):
            raise exc
        if isinstance(exc, BodyTooLarge):
            raise self._too_large(call, exc) from None
        # A proxy that refused the tunnel with a 4xx (407: bad credentials) will again.
        refused = isinstance(exc, ProxyError) and 400 <= (exc.status or 0) < 500
        if attempt < call.retries and not refused:
            pause = retry_delay(attempt, None)
            if deadline.allows(pause):
                return pause
        raise self._connection_error(call, exc) from exc

    def _connection_error(self, call: Call, exc: Exception) -> APIConnectionError:
        method, url = call.request.method, self._redact(call.request.url)
        detail = self._redact(f"{type(exc).__name__}: {exc}")
        if isinstance(exc, TimeoutError):
            return APITimeoutError(
                f"{method} {url} timed out ({detail})", method=method, url=url
            )
        return APIConnectionError(
            f"{method} {url} failed: {detail}", method=method, url=url
        )

    def _too_large(self, call: Call, exc: BodyTooLarge) -> Exception:
        """The error for a body over the limit: the status's own error for a non-2xx."""
        method, url = call.request.method, self._redact(call.request.url)
        headers = self._redactor.values(exc.headers)
        if not 200 <= exc.status < 300:
            error = status_error(exc.status, headers, None, method=method, url=url)
            error.message = f"{error.message} ({exc}; not read)"
            error.args = (error.message,)
            return error
        return ResponseTooLargeError(
            f"{method} {url} -> {exc.status}: {exc}; pass a larger max_response_bytes to read it",
            status_code=exc.status,
            headers=headers,
            limit=exc.limit,
            method=method,
            url=url,
        )

    def _guarded(self, call: Call, chunks: Any) -> Any:
        """Chunks of a streamed body, whose connection failures raise APIConnectionError."""
        if self._ASYNC:

            async def guarded_async() -> Any:
                try:
                    async for chunk in chunks:
                        yield chunk
                except MemoryError:
                    raise
                except Exception as exc:
                    raise self._connection_error(call, exc) from exc

            return guarded_async()

        def guarded() -> Any:
            try:
                yield from chunks
            except MemoryError:
                raise
            except Exception as exc:
                raise self._connection_error(call, exc) from exc

        return guarded()

    # -- what logs and hooks see -------------------------------------------------------

    def _log_request(self, request: Request, attempt: int) -> None:
        logging = sys.modules.get("logging")
        if logging is None:  # nothing can have configured logging: nothing to do
            return
        log = logging.getLogger(self.config.package)
        if log.isEnabledFor(logging.DEBUG):
            shown = self._redactor.headers(request.headers)
            url = self._redact(request.url)
            log.debug(
                "%s %s headers=%s attempt=%d", request.method, url, shown, attempt + 1
            )

    @property
    def _hook_redactor(self) -> Redactor | None:
        """What hides secrets from hooks; None when they are to see them."""
        return None if self.hooks_see_secrets else self._redactor

    # -- keeping secrets out of text ----------------------------------------------

    @property
    def _redactor(self) -> Redactor:
        if self._redactor_ is None:
            from .redact import Redactor

            auth = self.config.auth
            header = auth[1] if auth is not None and auth[0] == "header" else ""
            self._redactor_ = Redactor(self._credentials.secrets(), header)
        return self._redactor_

    def _redact(self, text: str) -> str:
        """text with every secret (API key, password), in every form it is sent in, replaced."""
        return (self._redactor_ or self._redactor).text(text)

    # -- reading the response ------------------------------------------------------

    def _error(
        self, request: Request, status: int, headers: HeaderMap, content: bytes
    ) -> Exception:
        body: object
        try:
            body = json.loads(content) if content else None
        except (ValueError, RecursionError):
            body = content.decode(_charset(headers), errors="replace")
        error = status_error(
            status,
            self._redactor.values(headers),
            self._redactor.json(body),
            method=request.method,
            url=self._redact(request.url),
        )
        error.message = self._redact(error.message)
        error.args = (error.message,)
        return error

    def _raw(self, call: Call, status: int, headers: HeaderMap, content: bytes) -> Any:
        """The RawResponse; parse() returns what the method would have returned."""
        return RawResponse(
            status,
            headers,
            content,
            lambda r: self._deliver(call, r.status_code, r.headers, r.content, _noop),
        )

    def _deliver(
        self,
        call: Call,
        status: int,
        headers: HeaderMap,
        body: Any,
        close: Callable[[], Any],
    ) -> Any:
        """What the method returns for a 2xx response; body is its bytes, or its chunks."""
        from .decoding import ResponseDecoder

        decoder = ResponseDecoder(self, call, status, headers)
        kind = call.endpoint.response
        if kind in _STREAMED:
            body = (
                self._replay(body)
                if isinstance(body, bytes)
                else self._guarded(call, body)
            )
        if kind == "binary":
            from .response import AsyncBinaryResponse, BinaryResponse

            if self._ASYNC:
                return AsyncBinaryResponse(status, headers, body, close)
            return BinaryResponse(status, headers, body, close)
        if kind == "sse":
            from .streaming import AsyncStream, Stream

            limit = call.max_bytes
            if self._ASYNC:
                return AsyncStream(body, close, decoder.event, status, headers, limit)
            return Stream(body, close, decoder.event, status, headers, limit)
        value = decoder.body(body)
        if kind == "page":
            from .pagination import AsyncCursorPage, SyncCursorPage

            if self._ASYNC:
                return AsyncCursorPage(value, cast("AsyncAPIClient", self), call)
            return SyncCursorPage(value, cast("SyncAPIClient", self), call)
        return value

    def _replay(self, content: bytes) -> Any:
        """Chunks (sync or async, as the client is) that give back content already read."""
        if not self._ASYNC:
            return iter([content])

        async def once() -> Any:
            yield content

        return once()


def _noop() -> None:
    return None


def _merge(headers: dict[str, str], extra: Mapping[str, str | None]) -> None:
    """Add extra to headers, replacing any of the same name in another case; None removes."""
    for name, value in extra.items():
        for existing in [k for k in headers if k.lower() == name.lower()]:
            del headers[existing]
        if value is not None:
            headers[name] = value


def _caller_level(package: str) -> int:
    """The stacklevel of the first frame outside this package, for warnings."""
    level = 1
    frame = sys._getframe(1)
    while frame is not None and (frame.f_globals.get("__name__", "") + ".").startswith(
        package + "."
    ):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level
