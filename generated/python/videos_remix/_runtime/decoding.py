"""Decoding a successful response's body, or each of its server-sent events.

Decoding is lenient: every JSON body becomes the endpoint's type, with what does
not match the spec kept as sent (see models.mismatches); a body that is not even
the right kind of value (an array for a model) is returned as it came. With
`strict_response_validation` (per client or per call) a mismatch raises
APIResponseValidationError naming its JSON path. Either way, a body (or an
event's data) that is not JSON raises APIResponseValidationError, never a bare
JSONDecodeError; an event whose data carries an `error` raises APIError.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .errors import APIError, APIResponseValidationError, _summary
from .models import DecodeError, decode
from .response import HeaderMap, _charset

if TYPE_CHECKING:
    from .base import Call, _BaseClient
    from .streaming import ServerSentEvent

__all__ = ["ResponseDecoder"]


class ResponseDecoder:
    """Decodes one 2xx response of a call as its endpoint says."""

    def __init__(
        self, client: _BaseClient, call: Call, status: int, headers: HeaderMap
    ) -> None:
        self._client = client
        self._endpoint = call.endpoint
        self._method = call.request.method
        self._url = client._redact(call.request.url)
        self._status = status
        self._headers = headers
        self._strict = call.options.get(
            "strict_response_validation", client.strict_response_validation
        )

    def body(self, content: bytes) -> Any:
        """The whole body, as the method returns it (for json, text, none and page)."""
        kind = self._endpoint.response
        if kind == "none":
            return None
        if kind == "text":
            return content.decode(_charset(self._headers), errors="replace")
        if not content.strip():
            if self._status == 204 or self._endpoint.cast_to is None:
                return None
            raise self._invalid("expected a JSON body, got an empty one", None)
        return self._decoded(self._json(content, "the body"), "the body")

    def event(self, event: ServerSentEvent) -> Any:
        """One event's data, decoded as the endpoint's event type."""
        data = self._json(event.data, "an event's data")
        if isinstance(data, dict) and data.get("error") is not None:
            message = f"{self._method} {self._url}: the stream sent an error: {_summary(data)}"
            raise APIError(
                self._client._redact(message),
                method=self._method,
                url=self._url,
                body=data,
            )
        return self._decoded(data, "an event")

    def _json(self, content: bytes | str, what: str) -> Any:
        try:
            return json.loads(content)
        except (ValueError, RecursionError) as exc:
            text = (
                content[:200].decode(_charset(self._headers), errors="replace")
                if isinstance(content, bytes)
                else content[:200]
            )
            raise self._invalid(f"{what} is not JSON ({exc}): {text!r}", text) from None

    def _decoded(self, data: Any, what: str) -> Any:
        cast_to = self._endpoint.cast_to
        if cast_to is None:
            return data
        try:
            return decode(cast_to, data, self._strict)
        except DecodeError as exc:
            raise self._invalid(
                f"{what} does not match the spec: {exc}", data
            ) from None

    def _invalid(self, message: str, body: object) -> APIResponseValidationError:
        text = f"{self._method} {self._url} -> {self._status}: {message}"
        return APIResponseValidationError(
            self._client._redact(text),
            status_code=self._status,
            headers=self._headers,
            body=body,
            method=self._method,
            url=self._url,
        )
