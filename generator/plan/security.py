"""Which credentials each operation takes, decided once for every view.

OpenAPI's `security` is a list of requirement alternatives (any one will do),
each a set of schemes sent together (all of them); `{}` among them makes
credentials optional, and an empty list means none. An operation's own list
replaces the document's. A document that declares no `security` anywhere, yet
defines schemes, is taken to accept its first scheme optionally: the key is sent
when the caller has one (most such specs simply forgot the requirement).
"""

from __future__ import annotations

from generator import ir
from generator.compat import assert_never
from generator.plan.model import NO_SECURITY, SchemeKind, SchemePlan, SecurityPlan

__all__ = ["SecurityPlanner"]

_HTTP_HEADER = "Authorization"


class SecurityPlanner:
    """Resolves the requirement of each operation of one API."""

    def __init__(self, api: ir.Api) -> None:
        self._schemes = {s.key: s for s in api.security_schemes}
        self.primary = _primary(api)
        declared = bool(api.security) or any(
            op.security is not None for op in api.operations
        )
        if declared:
            self.default = self._resolve(api.security)
        elif self.primary is not None:
            self.default = SecurityPlan(alternatives=((self.primary,), ()))
        else:
            self.default = NO_SECURITY

    def operation(self, op: ir.Operation) -> SecurityPlan:
        return self.default if op.security is None else self._resolve(op.security)

    def schemes(self, used: list[SecurityPlan]) -> tuple[SchemePlan, ...]:
        """The primary scheme, then every other scheme some plan names, as defined."""
        wanted = {k for plan in used for k in plan.keys}
        return tuple(
            _scheme_plan(s, s.key == self.primary)
            for s in sorted(self._schemes.values(), key=lambda s: s.key != self.primary)
            if s.key == self.primary or s.key in wanted
        )

    def _resolve(self, requirement: tuple[tuple[str, ...], ...]) -> SecurityPlan:
        """Each alternative as the schemes the client sends, and those it cannot.

        A scheme the client cannot send (mutual TLS, an undefined one) is the
        caller's to add; the others of its alternative are still sent.
        """
        unsent: dict[tuple[str, ...], tuple[str, ...]] = {}
        for alternative in requirement:
            keys = tuple(dict.fromkeys(alternative))
            kept = tuple(k for k in keys if k in self._schemes)
            missing = tuple(k for k in keys if k not in self._schemes)
            if kept not in unsent or len(missing) < len(unsent[kept]):
                unsent[kept] = missing  # the one that asks least of the caller
        return SecurityPlan(alternatives=tuple(unsent), unsent=tuple(unsent.values()))


def _primary(api: ir.Api) -> str | None:
    """The document's first scheme the client can send, else the first defined."""
    supported = [s.key for s in api.security_schemes]
    for key in [k for alternative in api.security for k in alternative] + supported:
        if key in supported:
            return key
    return None


def _scheme_plan(scheme: ir.SecurityScheme, primary: bool) -> SchemePlan:
    match scheme.kind:
        case ir.SecurityKind.BEARER:
            kind, location, name = SchemeKind.BEARER, ir.Location.HEADER, _HTTP_HEADER
        case ir.SecurityKind.BASIC:
            kind, location, name = SchemeKind.BASIC, ir.Location.HEADER, _HTTP_HEADER
        case ir.SecurityKind.API_KEY:
            kind = SchemeKind.API_KEY
            location = scheme.location or ir.Location.HEADER
            name = scheme.parameter_name or "api_key"
        case _ as unreachable:
            assert_never(unreachable)
    return SchemePlan(
        key=scheme.key,
        kind=kind,
        location=location,
        name=name,
        primary=primary,
    )
