"""The exceptions a client raises, with the names the official SDKs use.

SDKError
├── ValidationError (also a ValueError): a request argument breaks the spec
└── APIError
    ├── APIConnectionError ── APITimeoutError
    ├── APIResponseValidationError: a 2xx body is not what the spec promises
    ├── ResponseTooLargeError: a 2xx body is over the client's max_response_bytes
    └── APIStatusError: a non-2xx response
        ├── BadRequestError (400), AuthenticationError (401),
        ├── PermissionDeniedError (403), NotFoundError (404), ConflictError (409),
        └── UnprocessableEntityError (422), RateLimitError (429), InternalServerError (>= 500)
"""

from __future__ import annotations

from typing import Any, Mapping

__all__ = [
    "SDKError",
    "ValidationError",
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "ResponseTooLargeError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "status_error",
]


class SDKError(Exception):
    """Base of every exception the generated client raises."""


class ValidationError(SDKError, ValueError):
    """A request argument breaks a rule of the spec; nothing was sent."""

    def __init__(self, parameter: str, rule: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.rule = rule


class APIError(SDKError):
    """A request failed: no response, or a response that is an error."""

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        url: str = "",
        body: object | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url
        self.body = body


class APIConnectionError(APIError):
    """The server could not be reached, or the connection broke."""


class APITimeoutError(APIConnectionError):
    """The server did not answer in time."""


class APIResponseValidationError(APIError):
    """A successful response whose body is not what the spec promises."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        headers: Mapping[str, str],
        body: object,
        method: str = "",
        url: str = "",
    ) -> None:
        super().__init__(message, method=method, url=url, body=body)
        self.status_code = status_code
        self.headers = dict(headers)
        self.request_id = _request_id(headers)


class ResponseTooLargeError(APIError):
    """A successful response whose body is larger than max_response_bytes: it was not read."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        headers: Mapping[str, str],
        limit: int,
        method: str = "",
        url: str = "",
    ) -> None:
        super().__init__(message, method=method, url=url)
        self.status_code = status_code
        self.headers = dict(headers)
        self.limit = limit
        self.request_id = _request_id(headers)


class APIStatusError(APIError):
    """The server answered with a non-2xx status."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        headers: Mapping[str, str],
        body: object,
        method: str = "",
        url: str = "",
    ) -> None:
        super().__init__(message, method=method, url=url, body=body)
        self.status_code = status_code
        self.headers = dict(headers)
        self.request_id = _request_id(headers)
        error = body.get("error") if isinstance(body, dict) else None
        detail: Any = (
            error if isinstance(error, dict) else body if isinstance(body, dict) else {}
        )
        self.code: str | None = _text(detail.get("code"))
        self.param: str | None = _text(detail.get("param"))
        self.type: str | None = _text(detail.get("type"))


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class ConflictError(APIStatusError):
    pass


class UnprocessableEntityError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    pass


class InternalServerError(APIStatusError):
    pass


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error(
    status: int, headers: Mapping[str, str], body: object, *, method: str, url: str
) -> APIStatusError:
    """The exception for a non-2xx response, with a message taken from its body."""
    cls = _BY_STATUS.get(status) or (
        InternalServerError if status >= 500 else APIStatusError
    )
    return cls(
        f"{method} {url} -> {status}: {_summary(body)}",
        status_code=status,
        headers=headers,
        body=body,
        method=method,
        url=url,
    )


def _summary(body: object) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])
        if isinstance(error, str):
            return error
        for key in ("message", "detail", "title"):
            if isinstance(body.get(key), str):
                return str(body[key])
    text = body if isinstance(body, str) else repr(body)
    return text if len(text) <= 500 else text[:500] + "..."


def _request_id(headers: Mapping[str, str]) -> str | None:
    for key, value in headers.items():
        if key.lower() in ("x-request-id", "request-id"):
            return value
    return None


def _text(value: object) -> str | None:
    return None if value is None else str(value)
