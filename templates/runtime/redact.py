"""Keeping secrets out of text: messages, logs, hook events, and what a server echoes back.

A secret (an API key, a password) is replaced by `<redacted>` in every form it
is sent in: as it is, percent-encoded and base64-encoded. One under 4
characters is only replaced where it stands alone (not inside a longer word or
number), so that ordinary text stays readable. Headers that carry credentials
(Authorization, cookies, the API's own key header) are hidden whole.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

__all__ = ["REDACTED", "Redactor"]

REDACTED = "<redacted>"
_SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "api-key",
        "x-api-key",
    }
)


class Redactor:
    def __init__(self, secrets: Iterable[str], header: str = "") -> None:
        """secrets: as given; header: the name of the header the API key goes in."""
        import base64
        from urllib.parse import quote

        forms: set[str] = set()
        for secret in secrets:
            encoded = base64.b64encode(secret.encode()).decode()
            forms.update((secret, quote(secret, safe=""), encoded))
        by_length = sorted(forms, key=len, reverse=True)
        self._long = tuple(f for f in by_length if len(f) >= 4)
        short = [re.escape(f) for f in by_length if len(f) < 4]
        self._short = (
            re.compile(f"(?<![A-Za-z0-9])(?:{'|'.join(short)})(?![A-Za-z0-9])")
            if short
            else None
        )
        self._headers = (
            _SECRET_HEADERS | {header.lower()} if header else _SECRET_HEADERS
        )

    def text(self, text: str) -> str:
        for secret in self._long:
            text = text.replace(secret, REDACTED)
        if self._short is not None:
            text = self._short.sub(REDACTED, text)
        return text

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Headers to show: a credential header, or one holding a secret, as <redacted>."""
        return {
            name: (
                REDACTED
                if name.lower() in self._headers or self.text(value) != value
                else value
            )
            for name, value in headers.items()
        }

    def values(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Headers a server sent, each secret in their values replaced."""
        return {name: self.text(value) for name, value in headers.items()}

    def json(self, value: Any) -> Any:
        """A decoded JSON value with every secret in its strings and keys replaced, in place."""
        if isinstance(value, str):
            return self.text(value)
        stack = [value]
        while stack:  # not recursive: a body may nest as deep as the JSON parser allows
            node = stack.pop()
            if isinstance(node, dict):
                for key in list(node):
                    item = node[key]
                    if isinstance(item, str):
                        node[key] = self.text(item)
                    elif isinstance(item, (dict, list)):
                        stack.append(item)
                    clean = self.text(key) if isinstance(key, str) else key
                    if clean != key:
                        node[clean] = node.pop(key)
            elif isinstance(node, list):
                for i, item in enumerate(node):
                    if isinstance(item, str):
                        node[i] = self.text(item)
                    elif isinstance(item, (dict, list)):
                        stack.append(item)
        return value
