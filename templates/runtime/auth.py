"""Credentials: where they come from (arguments, then the environment) and how they are sent.

An API has security schemes (ClientConfig.schemes); each takes one or two client
arguments, each read from its environment variable when not given. A "bearer"
or "api_key" scheme takes a key or token, sent as `Authorization: Bearer ...`
or in its header, query parameter or cookie; a "basic" scheme takes a username
and a password (an `api_key` of the form "user:password" still works for it
when no other scheme takes `api_key`).

Each operation asks for requirement alternatives (Endpoint.security, else
ClientConfig.security): any one will do, and each is a set of schemes sent
together. A call uses the first alternative whose credentials are all there;
an empty alternative (auth optional) is used only when no other is satisfied.
When none is and credentials are required, MissingAPIKeyError says, before
anything is sent, what to pass or set.

A scheme whose credential is fetched rather than given (OAuth2 client
credentials: a token got from a token URL with a client id and secret, then
refreshed) is a new kind: its arguments are what the user passes, `choose`
picks it like any other, the client fetches and caches the token (client.py,
the only place that does I/O) and `_sent` returns the cached token.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from .errors import SDKError

if TYPE_CHECKING:
    from .base import ClientConfig

__all__ = ["Credentials", "MissingAPIKeyError", "Scheme"]

Requirement = tuple[tuple[str, ...], ...]  # alternatives, each a set of scheme keys
_PREFIX = {"bearer": "Bearer ", "basic": "Basic "}


class MissingAPIKeyError(SDKError, ValueError):
    """Credentials a call (or every call) needs were not given and are not in the environment."""


@dataclass(frozen=True)
class Scheme:
    """A security scheme of the API, as the spec names it, and what the client takes for it."""

    key: str  # its name in the spec's securitySchemes
    kind: str  # bearer, basic or api_key (kinds.SCHEME_KINDS)
    args: tuple[str, ...]  # the client arguments: (key,) or (username, password)
    env: tuple[str, ...]  # the environment variable of each argument
    location: str = "header"  # of an api_key: header, query or cookie
    name: str = "Authorization"  # the header, query parameter or cookie


@dataclass(frozen=True)
class Credentials:
    """The values the client has, by scheme key: (key,) or (username, password)."""

    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def resolve(
        cls, config: ClientConfig, given: Mapping[str, str | None]
    ) -> Credentials:
        """The credentials given, else those in the environment; an error if required ones lack."""
        given = _legacy_basic(config, dict(given))
        values = {}
        for scheme in config.schemes:
            found = [
                value if value is not None else os.environ.get(env)
                for value, env in zip([given.get(a) for a in scheme.args], scheme.env)
            ]
            if scheme.kind != "basic" and not found[0]:
                continue  # an empty key is no key
            if all(v is not None for v in found):
                values[scheme.key] = tuple(v for v in found if v is not None)
            elif any(v is not None for v in found):
                raise MissingAPIKeyError(_half(scheme, found))
        credentials = cls(values)
        if config.requires_credentials and not values:
            what, ways = _wanted(config, config.security, credentials)
            raise MissingAPIKeyError(f"no {what}: {ways}")
        return credentials

    def value(self, argument: str, config: ClientConfig) -> str | None:
        """The value the client has for one of its arguments (api_key, username)."""
        for scheme in config.schemes:
            if argument in scheme.args and scheme.key in self.values:
                return self.values[scheme.key][scheme.args.index(argument)]
        return None

    def choose(
        self, config: ClientConfig, security: Requirement | None, call: str
    ) -> tuple[Scheme, ...]:
        """The schemes a call sends: the first alternative the client has everything for.

        call names the operation ("GET /path") in the error raised when
        credentials are required and no alternative is satisfied.
        """
        security = config.security if security is None else security
        schemes = {s.key: s for s in config.schemes}
        for alternative in security:
            if alternative and all(k in self.values for k in alternative):
                return tuple(schemes[k] for k in alternative)
        if not security or () in security:
            return ()
        _, ways = _wanted(config, security, self)
        raise MissingAPIKeyError(
            f"{call} needs credentials the client does not have: {ways}"
        )

    def apply(
        self, schemes: tuple[Scheme, ...], headers: dict[str, str], url: str
    ) -> str:
        """Put each scheme's credential where it goes; the URL (with them, for query keys)."""
        cookies = []
        for scheme in schemes:
            secret = self._sent(scheme)
            if scheme.location == "query":
                from urllib.parse import quote

                joiner = "&" if "?" in url else "?"
                url += f"{joiner}{quote(scheme.name)}={quote(secret, safe='')}"
            elif scheme.location == "cookie":
                cookies.append(f"{scheme.name}={secret}")
            else:
                headers[scheme.name] = _PREFIX.get(scheme.kind, "") + secret
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        return url

    def _sent(self, scheme: Scheme) -> str:
        """What goes on the wire for a scheme, after its prefix.

        The place for a new kind of credential: one fetched from a token URL
        returns the token the client got for it.
        """
        values = self.values[scheme.key]
        match scheme.kind:
            case "bearer" | "api_key":
                return values[0]
            case "basic":
                import base64

                pair = ":".join(values).encode("utf-8")
                return base64.b64encode(pair).decode("ascii")
            case _:
                raise ValueError(f"unknown kind of security scheme: {scheme.kind!r}")

    def secrets(self) -> list[str]:
        """Every secret to keep out of text, as given (the forms they are sent in follow)."""
        found: list[str] = []
        for values in self.values.values():
            found += values[-1:]  # the key, or the password
            if len(values) == 2:
                found.append(":".join(values))
        return [secret for secret in found if secret]


def secret_headers(config: ClientConfig) -> list[str]:
    """The headers the API's keys go in (hidden whole from logs and hooks)."""
    return [s.name for s in config.schemes if s.location == "header"]


def _legacy_basic(
    config: ClientConfig, given: dict[str, str | None]
) -> dict[str, str | None]:
    """given, with an api_key "user:password" as the username and password of basic auth.

    Only where no scheme takes api_key; username or password given to an API
    without basic auth is an error.
    """
    args = {a for s in config.schemes for a in s.args}
    if "username" not in args:
        if given.get("username") is not None or given.get("password") is not None:
            raise ValueError(
                f"{config.title} does not take HTTP basic auth: pass api_key instead"
            )
        return given
    key = given.get("api_key")
    if "api_key" not in args and key is not None and given.get("username") is None:
        username, _, password = key.partition(":")
        given.update(username=username, password=password)
    return given


def _half(scheme: Scheme, found: list[str | None]) -> str:
    """The error for a username without a password, or the other way round."""
    given = [a for a, v in zip(scheme.args, found) if v is not None]
    missing = [a for a, v in zip(scheme.args, found) if v is None]
    return (
        f"a {given[0]} but no {missing[0]}: pass both to the client, or set "
        f"{' and '.join(scheme.env)}"
    )


def _wanted(
    config: ClientConfig, security: Requirement, have: Credentials
) -> tuple[str, str]:
    """What is missing ("API key", "credentials") and, for each alternative, what to pass or set."""
    schemes = {s.key: s for s in config.schemes}
    ways = []
    for alternative in security:
        lacking = [schemes[k] for k in alternative if k not in have.values]
        args = [a for s in lacking for a in s.args]
        env = [e for s in lacking for e in s.env]
        plural = "s" if len(env) > 1 else ""
        ways.append(
            f"pass {_and(args)} to the client or set the {_and(env)} "
            f"environment variable{plural}"
        )
    lone = len(security) == 1 and len(security[0]) == 1
    key = lone and schemes[security[0][0]].kind != "basic"
    return ("API key" if key else "credentials"), "; or ".join(ways)


def _and(words: list[str]) -> str:
    return " and ".join(words)
