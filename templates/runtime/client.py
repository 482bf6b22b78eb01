"""The API client: configuration, authentication, retries, errors and decoding.

Generated `Client`/`AsyncClient` classes subclass these and only add one lazily
created resource per operation group. Everything that does not do I/O is shared
by the sync and async clients in `_BaseClient`.
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from .core import NOT_GIVEN, RequestOptions, Timeout
from .endpoint import Endpoint, Prepared, prepare
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    SDKError,
    status_error,
)
from .models import DecodeError, decode, resolve_type
from .response import BinaryResponse, HeaderMap, RawResponse, _charset

if TYPE_CHECKING:
    from .transport import Request, Response, SyncTransport

# The HTTP stack (http.client, ssl, email) is imported on the first request, not
# when the package is imported: most of an import's cost is there.

__all__ = [
    "ClientConfig",
    "SyncAPIClient",
    "AsyncAPIClient",
    "DEFAULT_TIMEOUT",
    "RAW_RESPONSE",
]

DEFAULT_TIMEOUT = Timeout(connect=10.0, read=600.0)
DEFAULT_MAX_RETRIES = 2
MAX_RETRY_AFTER = 60.0
RAW_RESPONSE: ContextVar[bool] = ContextVar("raw_response", default=False)
_REDACTED = {
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "api-key",
    "x-api-key",
}


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


class _BaseClient:
    config: ClientConfig

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
    ) -> None:
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
        self._models = f"{config.package}.models"
        self._types: dict[str, Any] = {}

    @property
    def api_key(self) -> str | None:
        return self._api_key

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    # -- building the request ------------------------------------------------------

    def _build(
        self, endpoint: Endpoint, args: Mapping[str, Any], options: RequestOptions
    ) -> tuple[Request, Timeout, int]:
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
            "Accept": (
                "application/json" if endpoint.response in ("json", "none") else "*/*"
            ),
            "User-Agent": f"{self.config.package}/{self.config.version} python/{sys.version_info[0]}.{sys.version_info[1]}",
        }
        url = self.base_url + prepared.path
        if endpoint.auth and self._api_key and self.config.auth:
            url = self._authenticate(headers, url)
        headers.update(self.default_headers)
        headers.update(prepared.headers)
        body, length = _body(prepared, headers)
        from .transport import Request

        for name, value in (options.get("extra_headers") or {}).items():
            for existing in [k for k in headers if k.lower() == name.lower()]:
                del headers[existing]
            if value is not None:
                headers[name] = value
        timeout = (
            Timeout.of(options["timeout"]) if "timeout" in options else self.timeout
        )
        retries = options.get("max_retries", self.max_retries)
        return Request(endpoint.method, url, headers, body, length), timeout, retries

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

    @staticmethod
    def _should_retry(status: int, headers: HeaderMap) -> bool:
        forced = headers.get("x-should-retry", "").lower()
        if forced in ("true", "false"):
            return forced == "true"
        return status in (408, 409, 429) or status >= 500

    @staticmethod
    def _retry_delay(attempt: int, headers: HeaderMap | None) -> float:
        if headers is not None:
            delay = _retry_after(headers)
            if delay is not None and 0 <= delay <= MAX_RETRY_AFTER:
                return delay
        import random

        return min(0.5 * 2.0**attempt, 8.0) * (1 - 0.25 * random.random())

    def _log_request(self, request: Request, attempt: int) -> None:
        logging = sys.modules.get("logging")
        if logging is None:  # nothing can have configured logging: nothing to do
            return
        log = logging.getLogger(self.config.package)
        if log.isEnabledFor(logging.DEBUG):
            shown = {
                k: ("<redacted>" if k.lower() in _REDACTED else v)
                for k, v in request.headers.items()
            }
            url = (
                request.url.replace(self._api_key, "<redacted>")
                if self._api_key
                else request.url
            )
            log.debug(
                "%s %s headers=%s attempt=%d", request.method, url, shown, attempt + 1
            )

    # -- reading the response ------------------------------------------------------

    def _error(
        self, request: Request, status: int, headers: HeaderMap, content: bytes
    ) -> Exception:
        body: object
        try:
            body = json.loads(content) if content else None
        except ValueError:
            body = content.decode(_charset(headers), errors="replace")
        return status_error(
            status,
            headers,
            body,
            method=request.method,
            url=self._safe_url(request.url),
        )

    def _safe_url(self, url: str) -> str:
        return url.replace(self._api_key, "<redacted>") if self._api_key else url

    def _parse(
        self,
        endpoint: Endpoint,
        request: Request,
        status: int,
        headers: HeaderMap,
        content: bytes,
    ) -> Any:
        kind = endpoint.response
        if kind == "none":
            return None
        if kind == "text":
            return content.decode(_charset(headers), errors="replace")
        if kind == "binary":
            return BinaryResponse(status, headers, iter([content]), lambda: None)
        if not content.strip():
            if status == 204 or endpoint.cast_to is None:
                return None
            raise APIResponseValidationError(
                f"{request.method} {self._safe_url(request.url)} -> {status}: expected a JSON body, got an empty one",
                status_code=status,
                headers=headers,
                body=None,
            )
        try:
            data = json.loads(content)
        except ValueError as exc:
            text = content[:200].decode(_charset(headers), errors="replace")
            raise APIResponseValidationError(
                f"{request.method} {self._safe_url(request.url)} -> {status}: the body is not JSON ({exc}): {text!r}",
                status_code=status,
                headers=headers,
                body=text,
            ) from None
        if endpoint.cast_to is None:
            return data
        try:
            return decode(self._type(endpoint.cast_to), data, self._models)
        except DecodeError as exc:
            raise APIResponseValidationError(
                f"{request.method} {self._safe_url(request.url)} -> {status}: the body is not a {endpoint.cast_to}: {exc}",
                status_code=status,
                headers=headers,
                body=data,
            ) from None

    def _type(self, expression: str) -> Any:
        tp = self._types.get(expression)
        if tp is None:
            tp = self._types[expression] = resolve_type(expression, self._models)
        return tp


class SyncAPIClient(_BaseClient):
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
        verify: bool | Any = True,
    ) -> None:
        super().__init__(
            api_key,
            base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            validate_requests=validate_requests,
        )
        self._verify = verify
        self._transport_: SyncTransport | None = None

    @property
    def _transport(self) -> SyncTransport:
        if self._transport_ is None:
            from .transport import SyncTransport

            self._transport_ = SyncTransport(verify=self._verify)
        return self._transport_

    def request(
        self, endpoint: Endpoint, args: Mapping[str, Any], options: RequestOptions
    ) -> Any:
        raw = RAW_RESPONSE.get()
        request, timeout, retries = self._build(endpoint, args, options)
        response = self._send(request, timeout, retries)
        if not 200 <= response.status < 300:
            raise self._error(
                request, response.status, response.headers, response.read()
            )
        if raw:
            content = response.read()
            return RawResponse(
                response.status,
                response.headers,
                content,
                lambda r: self._parse(
                    endpoint, request, r.status_code, r.headers, r.content
                ),
            )
        if endpoint.response == "binary":
            return BinaryResponse(
                response.status,
                response.headers,
                response.iter_chunks(),
                response.close,
            )
        return self._parse(
            endpoint, request, response.status, response.headers, response.read()
        )

    def _send(self, request: Request, timeout: Timeout, retries: int) -> Response:
        attempt = 0
        while True:
            self._log_request(request, attempt)
            try:
                response = self._transport.send(request, timeout)
            except TimeoutError as exc:
                if attempt >= retries:
                    raise APITimeoutError(
                        f"{request.method} {self._safe_url(request.url)} timed out",
                        method=request.method,
                        url=self._safe_url(request.url),
                    ) from exc
                time.sleep(self._retry_delay(attempt, None))
            except (OSError, ValueError) as exc:
                if isinstance(exc, ValueError) and "only http and https" in str(exc):
                    raise
                if attempt >= retries:
                    raise APIConnectionError(
                        f"{request.method} {self._safe_url(request.url)} failed: {exc}",
                        method=request.method,
                        url=self._safe_url(request.url),
                    ) from exc
                time.sleep(self._retry_delay(attempt, None))
            except Exception as exc:  # http.client.HTTPException and kin
                if attempt >= retries:
                    raise APIConnectionError(
                        f"{request.method} {self._safe_url(request.url)} failed: {exc!r}",
                        method=request.method,
                        url=self._safe_url(request.url),
                    ) from exc
                time.sleep(self._retry_delay(attempt, None))
            else:
                if (
                    response.status < 400
                    or attempt >= retries
                    or not self._should_retry(response.status, response.headers)
                ):
                    return response
                response.close()
                time.sleep(self._retry_delay(attempt, response.headers))
            attempt += 1

    def close(self) -> None:
        if self._transport_ is not None:
            self._transport_.close()

    def __enter__(self) -> SyncAPIClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncAPIClient(_BaseClient):
    """The async client: the same surface; each call runs the blocking exchange in a worker thread."""

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
        verify: bool | Any = True,
    ) -> None:
        super().__init__(
            api_key,
            base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            validate_requests=validate_requests,
        )
        self._sync = _ThreadedSync(verify)

    async def request(
        self, endpoint: Endpoint, args: Mapping[str, Any], options: RequestOptions
    ) -> Any:
        import asyncio

        raw = RAW_RESPONSE.get()
        request, timeout, retries = self._build(endpoint, args, options)
        attempt = 0
        while True:
            self._log_request(request, attempt)
            try:
                status, headers, content = await asyncio.to_thread(
                    self._sync.exchange, request, timeout
                )
            except TimeoutError as exc:
                if attempt >= retries:
                    raise APITimeoutError(
                        f"{request.method} {self._safe_url(request.url)} timed out",
                        method=request.method,
                        url=self._safe_url(request.url),
                    ) from exc
                await asyncio.sleep(self._retry_delay(attempt, None))
            except Exception as exc:
                if attempt >= retries:
                    raise APIConnectionError(
                        f"{request.method} {self._safe_url(request.url)} failed: {exc}",
                        method=request.method,
                        url=self._safe_url(request.url),
                    ) from exc
                await asyncio.sleep(self._retry_delay(attempt, None))
            else:
                if (
                    status < 400
                    or attempt >= retries
                    or not self._should_retry(status, headers)
                ):
                    break
                await asyncio.sleep(self._retry_delay(attempt, headers))
            attempt += 1
        if not 200 <= status < 300:
            raise self._error(request, status, headers, content)
        if raw:
            return RawResponse(
                status,
                headers,
                content,
                lambda r: self._parse(
                    endpoint, request, r.status_code, r.headers, r.content
                ),
            )
        if endpoint.response == "binary":
            from .response import AsyncBinaryResponse

            async def chunks() -> Any:
                yield content

            return AsyncBinaryResponse(status, headers, chunks(), lambda: None)
        return self._parse(endpoint, request, status, headers, content)

    async def close(self) -> None:
        if self._sync._transport is not None:
            self._sync._transport.close()

    async def __aenter__(self) -> AsyncAPIClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class _ThreadedSync:
    def __init__(self, verify: Any) -> None:
        self._verify = verify
        self._transport: SyncTransport | None = None

    @property
    def transport(self) -> SyncTransport:
        if self._transport is None:
            from .transport import SyncTransport

            self._transport = SyncTransport(verify=self._verify)
        return self._transport

    def exchange(
        self, request: Request, timeout: Timeout
    ) -> tuple[int, HeaderMap, bytes]:
        response = self.transport.send(request, timeout)
        return response.status, response.headers, response.read()


def _body(prepared: Prepared, headers: dict[str, str]) -> tuple[Any, int | None]:
    if prepared.json_body is not NOT_GIVEN:
        headers["Content-Type"] = "application/json"
        return (
            json.dumps(
                prepared.json_body, separators=(",", ":"), ensure_ascii=False
            ).encode("utf-8"),
            None,
        )
    if prepared.files is not None:
        from .multipart import encode_multipart

        content_type, length, chunks = encode_multipart(
            prepared.form or [], prepared.files
        )
        headers["Content-Type"] = content_type
        return chunks, length
    if prepared.form is not None:
        from urllib.parse import urlencode

        return urlencode(prepared.form).encode("ascii"), None
    content = prepared.content
    if content is None:
        return None, None
    if isinstance(content, (bytes, bytearray)):
        return bytes(content), None
    from .multipart import _size, _stream, file_parts

    _, source, _ = file_parts(content)
    return (lambda: _stream(source)), _size(source)


def _retry_after(headers: HeaderMap) -> float | None:
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    import email.utils

    try:
        return email.utils.parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError, IndexError):
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
