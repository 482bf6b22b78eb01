"""Credentials: where they come from (arguments, then the environment) and how they are sent.

An API key (or token) serves bearer and API-key schemes, in a header, the query
or a cookie. HTTP basic auth takes a username and a password; an API key of the
form "user:password" is still accepted for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import SDKError

if TYPE_CHECKING:
    from .base import ClientConfig

__all__ = ["Credentials", "MissingAPIKeyError"]


class MissingAPIKeyError(SDKError, ValueError):
    """No credentials were given and none are set in the environment."""


@dataclass(frozen=True)
class Credentials:
    api_key: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def resolve(
        cls,
        config: ClientConfig,
        api_key: str | None,
        username: str | None,
        password: str | None,
    ) -> Credentials:
        """The credentials given, else those in the environment; an error if required ones lack."""
        if api_key is None:
            api_key = os.environ.get(config.api_key_env)
        username, password = _basic(config, username, password)
        credentials = cls(api_key, username, password)
        if config.requires_api_key and not credentials:
            raise MissingAPIKeyError(_missing(config))
        return credentials

    def __bool__(self) -> bool:
        return bool(self.api_key) or self.username is not None

    def apply(self, config: ClientConfig, headers: dict[str, str], url: str) -> str:
        """Put the credentials where the API's scheme says; the URL (with them, for a query key)."""
        assert config.auth is not None
        where, name, prefix = config.auth
        key = self.api_key or ""
        if config.basic:
            import base64

            if self.username is not None:
                key = f"{self.username}:{self.password}"
            key = base64.b64encode(key.encode("utf-8")).decode("ascii")
        if where == "header":
            headers[name] = prefix + key
        elif where == "cookie":
            headers["Cookie"] = f"{name}={key}"
        else:
            from urllib.parse import quote

            url += ("&" if "?" in url else "?") + f"{quote(name)}={quote(key, safe='')}"
        return url

    def secrets(self) -> list[str]:
        """Every secret to keep out of text, as given (the forms they are sent in follow)."""
        found = [self.api_key or "", self.password or ""]
        if self.api_key and ":" in self.api_key:
            found.append(self.api_key.split(":", 1)[1])  # the password of user:password
        if self.username is not None:
            found.append(f"{self.username}:{self.password}")
        return [secret for secret in found if secret]


def _basic(
    config: ClientConfig, username: str | None, password: str | None
) -> tuple[str | None, str | None]:
    if not config.basic:
        if username is not None or password is not None:
            raise ValueError(
                f"{config.title} does not take HTTP basic auth: pass api_key instead"
            )
        return None, None
    if username is None and config.username_env:
        username = os.environ.get(config.username_env)
    if password is None and config.password_env:
        password = os.environ.get(config.password_env)
    if (username is None) != (password is None):
        given, missing = ("username", "password")
        if username is None:
            given, missing = missing, given
        raise MissingAPIKeyError(
            f"a {given} but no {missing}: pass both to the client, or set "
            f"{config.username_env} and {config.password_env}"
        )
    return username, password


def _missing(config: ClientConfig) -> str:
    if config.basic:
        return (
            "no credentials: pass username and password to the client or set the "
            f"{config.username_env} and {config.password_env} environment variables"
        )
    return (
        "no API key: pass api_key to the client or set the "
        f"{config.api_key_env} environment variable"
    )
