"""The client's credentials: its arguments and environment variables, one set per scheme.

The primary scheme (and the first basic one) take the names every client has:
`api_key`, `username` and `password`, read from the target's `api_key_env`,
`username_env` and `password_env`; every other scheme an argument named after
it (generator/naming.py), read from a variable beside `api_key_env`.
"""

from __future__ import annotations

import textwrap

from generator import naming
from generator.escape import py_str
from generator.plan.model import ApiPlan, SchemeKind, SchemePlan
from generator.python.layout import security_source, tuple_source
from generator.records import record

_PREFIX = {SchemeKind.BEARER: "Bearer ", SchemeKind.BASIC: "Basic "}
PLAIN_ARGUMENTS = ("api_key", "username", "password")


@record
class SchemeView:
    """One security scheme as the client takes it."""

    key: str  # the scheme's name in the spec
    kind: str  # the runtime's word (kinds.SCHEME_KINDS)
    location: str  # header, query or cookie
    name: str  # the header, query parameter or cookie
    prefix: str  # "Bearer ", "Basic " or ""
    args: tuple[str, ...]  # client arguments
    envs: tuple[str, ...]  # the environment variable of each
    primary: bool

    @property
    def basic(self) -> bool:
        """HTTP basic auth: a username and a password rather than an API key."""
        return self.kind == SchemeKind.BASIC.value

    @property
    def passed(self) -> str:
        """The arguments in words: `api_key`, `username and password`."""
        return " and ".join(self.args)

    @property
    def env_text(self) -> str:
        """The environment variables in words."""
        return " and ".join(self.envs)

    @property
    def source(self) -> str:
        """The runtime's `Scheme(...)` for it, as source."""
        parts = [
            f"key={py_str(self.key)}",
            f"kind={py_str(self.kind)}",
            f"args={tuple_source([py_str(a) for a in self.args])}",
            f"env={tuple_source([py_str(e) for e in self.envs])}",
        ]
        if self.kind == SchemeKind.API_KEY.value:
            parts += [f"location={py_str(self.location)}", f"name={py_str(self.name)}"]
        return f"Scheme({', '.join(parts)})"

    @property
    def sent_as(self) -> str:
        """How the credential goes on the wire, in words."""
        if self.basic:
            user, password = self.args
            return f'sent as "{self.name}: {self.prefix}base64(<{user}>:<{password}>)"'
        if self.location == "header" and self.prefix:
            return f'sent as "{self.name}: {self.prefix}<{self.args[0]}>"'
        if self.location == "header":
            return f'sent in the "{self.name}" header'
        return f'sent as the {self.location} parameter "{self.name}"'


@record
class CredentialsView:
    """Every scheme the client takes credentials for, and which ones operations use."""

    schemes: tuple[SchemeView, ...]  # the primary first
    security: tuple[tuple[str, ...], ...]  # what an operation declaring none takes
    required: bool  # a client without any credentials is refused

    @property
    def own(self) -> tuple[str, ...]:
        """The arguments beyond those every client has (`admin_api_key`), in order."""
        return tuple(
            a for s in self.schemes for a in s.args if a not in PLAIN_ARGUMENTS
        )

    def scheme(self, key: str) -> SchemeView:
        return next(s for s in self.schemes if s.key == key)

    @property
    def security_source(self) -> str:
        return security_source(self.security)

    @property
    def own_source(self) -> str:
        """The client's own credential arguments as a dict display, by name."""
        return "{" + ", ".join(f"{py_str(a)}: {a}" for a in self.own) + "}"

    @property
    def doc(self) -> str:
        """How a user passes credentials, for docstrings."""
        if not self.schemes:
            return "The API takes no credentials."
        if len(self.schemes) == 1:
            (scheme,) = self.schemes
            if scheme.basic:
                return (
                    "Credentials: HTTP basic auth; pass username and password, or set the\n"
                    f"{scheme.env_text} environment variables."
                )
            return (
                f"Credentials: pass {scheme.passed} ({scheme.sent_as}),\n"
                f"or set the {scheme.env_text} environment variable."
            )
        lines = [
            "Credentials, one set per security scheme (each operation sends those it",
            "needs; a call that needs some the client lacks raises MissingAPIKeyError):",
            "",
        ]
        for s in self.schemes:
            item = f"- {s.key}: pass {s.passed} ({s.sent_as}), or set {s.env_text}."
            lines += textwrap.wrap(item, width=80, subsequent_indent="  ")
        return "\n".join(lines)

    @property
    def comment(self) -> str:
        """A comment for `client = Client()` in examples."""
        primary = self.schemes[0] if self.schemes else None
        if primary is not None and primary.basic:
            return (
                f"username and password are read from {primary.env_text} if not given"
            )
        if primary is None:
            return "the API takes no credentials"
        return f"the API key is read from {primary.env_text} if not given"


def plan_credentials(
    http: ApiPlan,
    package: str,
    api_key_env: str,
    username_env: str,
    password_env: str,
) -> CredentialsView:
    plain = {"api_key": api_key_env, "username": username_env, "password": password_env}
    names = naming.credential_arguments((s.key, s.kind.value) for s in http.schemes)
    schemes = tuple(
        _scheme_view(
            scheme,
            args,
            tuple(
                plain.get(a) or naming.credential_env(a, package, api_key_env)
                for a in args
            ),
        )
        for scheme, args in zip(http.schemes, names)
    )
    return CredentialsView(
        schemes=schemes,
        security=http.security.alternatives,
        required=http.security.required,
    )


def _scheme_view(
    scheme: SchemePlan, args: tuple[str, ...], envs: tuple[str, ...]
) -> SchemeView:
    return SchemeView(
        key=scheme.key,
        kind=scheme.kind.value,
        location=scheme.location.value,
        name=scheme.name,
        prefix=_PREFIX.get(scheme.kind, ""),
        args=args,
        envs=envs,
        primary=scheme.primary,
    )
