"""What the sync and async clients share: everything that does no I/O.

Configuration and authentication, building the request, deciding on retries,
redacting the API key, and turning a response into what the method returns
(a decoded model, text, a binary body, a Stream of events or a cursor page).
SyncAPIClient and AsyncAPIClient (client.py) add only the sending and sleeping.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping, cast

from .core import RequestOptions, Timeout
from .endpoint import Endpoint, encode_body, prepare
from .errors import APIConnectionError, APITimeoutError, SDKError, status_error
from .response import HeaderMap, RawResponse, _charset
from .retry import retry_delay, should_retry

if TYPE_CHECKING:
    from .client import AsyncAPIClient, SyncAPIClient
    from .http11 import Request

__all__ = [
    "Call",
    "ClientConfig",
    "MissingAPIKeyError",
    "DEFAULT_TIMEOUT",
    "RAW_RESPONSE",
]

DEFAULT_TIMEOUT = Timeout(connect=10.0, read=600.0)
DEFAULT_MAX_RETRIES = 2
RAW_RESPONSE: ContextVar[bool] = ContextVar("raw_response", default=False)
_REDACTED = {
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "api-key",
    "x-api-key",
}
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


class MissingAPIKeyError(SDKError, ValueError):
    """No API key was given and none is set in the environment."""


@dataclass(frozen=True)
class Call:
    """One method call: what was asked for, and the request that answers it."""

    endpoint: Endpoint
    args: Mapping[str, Any]
    options: RequestOptions
    request: Request
    timeout: Timeout
    retries: int


class _BaseClient:
    config: ClientConfig
    _ASYNC: ClassVar[bool] = False

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float | Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        validate_requests: bool = True,
        strict_response_validation: bool = False,
        verify: bool | Any = True,
    ) -> None:
        """verify: False to skip TLS verification, a CA bundle path, or an ssl.SSLContext.

        strict_response_validation: raise APIResponseValidationError when a
        response does not match the spec, instead of keeping what was sent.
        """
        config = self.config
        key = api_key if api_key is not None else os.environ.get(config.api_key_env)
        if config.requires_api_key and not key:
            raise MissingAPIKeyError(
                f"no API key: pass api_key to the client or set the {config.api_key_env} environment variable"
            )
        self._api_key = key
        url = base_url or os.environ.get(config.base_url_env) or config.default_base_url
        if not url:
            raise ValueError(
                f"no base URL: pass base_url to the client or set {config.base_url_env}"
            )
        self.base_url = url.rstrip("/")
        self.timeout = Timeout.of(timeout)
        self.max_retries = max_retries
        self.default_headers = dict(default_headers or {})
        self.default_query = dict(default_query or {})
        self.validate_requests = validate_requests
        self.strict_response_validation = strict_response_validation
        self._verify = verify
        self._secrets_: tuple[str, ...] | None = None

    @property
    def api_key(self) -> str | None:
        return self._api_key

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
            "Accept": _ACCEPT.get(endpoint.response, "*/*"),
            "User-Agent": f"{self.config.package}/{self.config.version} python/{sys.version_info[0]}.{sys.version_info[1]}",
        }
        url = self.base_url + prepared.path
        if endpoint.auth and self._api_key and self.config.auth:
            url = self._authenticate(headers, url)
        headers.update(self.default_headers)
        headers.update(prepared.headers)
        body, length = encode_body(prepared, headers)
        for name, value in (options.get("extra_headers") or {}).items():
            for existing in [k for k in headers if k.lower() == name.lower()]:
                del headers[existing]
            if value is not None:
                headers[name] = value
        for name, value in headers.items():
            if "\r" in value or "\n" in value or "\0" in value:
                # Not shown: the value may be the API key (read from a file, with its newline).
                raise ValueError(f"the {name} header has a line break or NUL in it")
        from .http11 import Request, replayable

        timeout = (
            Timeout.of(options["timeout"]) if "timeout" in options else self.timeout
        )
        # A body that cannot be sent again (an upload from a pipe) is never retried.
        retries = (
            options.get("max_retries", self.max_retries) if replayable(body) else 0
        )
        request = Request(endpoint.method, url, headers, body, length)
        return Call(endpoint, args, options, request, timeout, retries)

    def _authenticate(self, headers: dict[str, str], url: str) -> str:
        assert self.config.auth is not None and self._api_key is not None
        where, name, prefix = self.config.auth
        key = self._api_key
        if prefix == "Basic ":
            import base64

            key = base64.b64encode(key.encode("utf-8")).decode("ascii")
        if where == "header":
            headers[name] = prefix + key
        elif where == "cookie":
            headers["Cookie"] = f"{name}={key}"
        else:
            from urllib.parse import quote

            url += ("&" if "?" in url else "?") + f"{quote(name)}={quote(key, safe='')}"
        return url

    # -- deciding on retries ---------------------------------------------------------

    def _after_status(
        self, call: Call, status: int, headers: HeaderMap, attempt: int
    ) -> float | None:
        """The pause before retrying a response, or None to keep it."""
        if status < 400 or attempt >= call.retries or not should_retry(status, headers):
            return None
        return retry_delay(attempt, headers)

    def _after_failure(self, call: Call, exc: Exception, attempt: int) -> float:
        """The pause before retrying after exc; raises its APIError when no attempt is left."""
        from .http11 import UnsupportedURLError

        if isinstance(exc, UnsupportedURLError):
            raise exc
        if attempt < call.retries:
            return retry_delay(attempt, None)
        raise self._connection_error(call, exc) from exc

    def _connection_error(self, call: Call, exc: Exception) -> APIConnectionError:
        method, url = call.request.method, self._redact(call.request.url)
        if isinstance(exc, TimeoutError):
            return APITimeoutError(f"{method} {url} timed out", method=method, url=url)
        detail = self._redact(f"{type(exc).__name__}: {exc}")
        return APIConnectionError(
            f"{method} {url} failed: {detail}", method=method, url=url
        )

    def _guarded(self, call: Call, chunks: Any) -> Any:
        """Chunks of a streamed body, whose connection failures raise APIConnectionError."""
        if self._ASYNC:

            async def guarded_async() -> Any:
                try:
                    async for chunk in chunks:
                        yield chunk
                except Exception as exc:
                    raise self._connection_error(call, exc) from exc

            return guarded_async()

        def guarded() -> Any:
            try:
                yield from chunks
            except Exception as exc:
                raise self._connection_error(call, exc) from exc

        return guarded()

    def _log_request(self, request: Request, attempt: int) -> None:
        logging = sys.modules.get("logging")
        if logging is None:  # nothing can have configured logging: nothing to do
            return
        log = logging.getLogger(self.config.package)
        if log.isEnabledFor(logging.DEBUG):
            shown = {
                k: (
                    "<redacted>"
                    if k.lower() in _REDACTED or self._redact(v) != v
                    else v
                )
                for k, v in request.headers.items()
            }
            url = self._redact(request.url)
            log.debug(
                "%s %s headers=%s attempt=%d", request.method, url, shown, attempt + 1
            )

    # -- keeping the API key out of text ----------------------------------------------

    def _redact(self, text: str) -> str:
        """text with the API key, in every form it is sent in, replaced."""
        if self._secrets_ is None:
            key = self._api_key or ""
            if len(key) < 4:  # a key this short cannot be told from ordinary text
                self._secrets_ = ()
            else:
                import base64
                from urllib.parse import quote

                forms = {
                    key,
                    quote(key, safe=""),
                    base64.b64encode(key.encode()).decode(),
                }
                self._secrets_ = tuple(sorted(forms, key=len, reverse=True))
        for secret in self._secrets_:
            text = text.replace(secret, "<redacted>")
        return text

    # -- reading the response ------------------------------------------------------

    def _error(
        self, request: Request, status: int, headers: HeaderMap, content: bytes
    ) -> Exception:
        body: object
        try:
            body = json.loads(content) if content else None
        except ValueError:
            body = content.decode(_charset(headers), errors="replace")
        error = status_error(
            status, headers, body, method=request.method, url=self._redact(request.url)
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

            if self._ASYNC:
                return AsyncStream(body, close, decoder.event, status, headers)
            return Stream(body, close, decoder.event, status, headers)
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
