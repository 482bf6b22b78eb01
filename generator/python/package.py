"""The whole Python view of an API: what every template of the package sees."""

from __future__ import annotations

from dataclasses import dataclass

from generator import escape, ir, naming
from generator.examples import Examples
from generator.plan.model import ApiPlan
from generator.python.models import ModelPlan, plan_models
from generator.diagnostics import Diagnostics
from generator.python.operations import OperationView
from generator.python.resources import ChildView, ResourceView, plan_resources

_AUTH = {
    ir.SecurityKind.BEARER: ("header", "Authorization", "Bearer "),
    ir.SecurityKind.BASIC: ("header", "Authorization", "Basic "),
}


@dataclass(frozen=True)
class AuthView:
    location: str
    name: str
    prefix: str

    @property
    def basic(self) -> bool:
        """HTTP basic auth: a username and a password rather than an API key."""
        return self.prefix == _AUTH[ir.SecurityKind.BASIC][2]

    @property
    def sent_as(self) -> str:
        """How the API key goes on the wire, in words."""
        if self.location == "header" and self.prefix:
            return f'sent as "{self.name}: {self.prefix}<api_key>"'
        if self.location == "header":
            return f'sent in the "{self.name}" header'
        return f'sent as the {self.location} parameter "{self.name}"'


@dataclass(frozen=True)
class PackageView:
    name: str
    title: str
    api_version: str
    base_url: str
    base_url_env: str
    api_key_env: str
    username_env: str
    password_env: str
    auth: AuthView | None
    requires_api_key: bool
    models: ModelPlan
    resources: tuple[ResourceView, ...]  # every resource, by access path
    roots: tuple[ChildView, ...]  # the client's own attributes
    examples: Examples

    @property
    def client_doc(self) -> str:
        title = f"A client for {self.title} {self.api_version}.".replace("  ", " ")
        return f"{title}\n\n{self.credentials_doc}"

    @property
    def credentials_doc(self) -> str:
        """How a user passes credentials, for docstrings."""
        auth = self.auth
        if auth is None:
            return "The API takes no credentials."
        if auth.basic:
            return (
                "Credentials: HTTP basic auth; pass username and password, or set the\n"
                f"{self.username_env} and {self.password_env} environment variables."
            )
        return (
            f"Credentials: pass api_key ({auth.sent_as}),\n"
            f"or set the {self.api_key_env} environment variable."
        )

    @property
    def package_doc(self) -> str:
        lines = [
            f"A generated client for {self.title}.",
            "",
            "Usage:",
            "",
            f"    from {self.name} import Client",
            "",
            f"    client = Client()  # {self.credentials_comment}",
        ]
        if self.example:
            lines.append(f"    {self.example}")
        return "\n".join(lines)

    @property
    def credentials(self) -> tuple[tuple[str, str], ...]:
        """(client argument, environment variable) pairs that carry the credentials."""
        if self.auth is not None and self.auth.basic:
            return (("username", self.username_env), ("password", self.password_env))
        return (("api_key", self.api_key_env),)

    @property
    def credentials_comment(self) -> str:
        if self.auth is not None and self.auth.basic:
            return f"username and password are read from {self.username_env} and {self.password_env} if not given"
        return f"the API key is read from {self.api_key_env} if not given"

    @property
    def example(self) -> str | None:
        for resource in self.resources:
            for op in resource.operations:
                return self.example_call(resource, op)
        return None

    def example_call(
        self, resource: ResourceView, op: OperationView, client: str = "client"
    ) -> str:
        """`client.group.method(...)` with example values for the required arguments."""
        parts = []
        for arg in op.positional:
            parts.append(
                escape.py_literal(self._arg_example(op, arg.wire, arg.location))
            )
        for arg in op.keyword:
            if arg.required:
                parts.append(
                    f"{arg.name}={escape.py_literal(self._arg_example(op, arg.wire, arg.location))}"
                )
        call = f"{client}.{resource.access}.{op.name}({', '.join(parts)})"
        return f"result = {call}" if op.returns_value else call

    def _arg_example(self, op: OperationView, wire: str, location: str) -> object:
        ir_op = op.operation
        for p in ir_op.parameters:
            if p.name == wire and p.location.value == location:
                if not isinstance(p.example, ir.Missing):
                    return p.example
                return self.examples.value(p.schema, for_request=True)
        body = ir_op.request_body
        if body is not None:
            for media in body.contents:
                if media.schema is None:
                    continue
                if location == "body-root":
                    return self.examples.value(media.schema, for_request=True)
                target = self.models.mapper.object_of(media.schema)
                for prop in target.properties if target else ():
                    if prop.name == wire:
                        return self.examples.value(prop.schema, for_request=True)
        return "value"


def plan_package(
    http: ApiPlan,
    package: str,
    *,
    api_key_env: str | None = None,
    base_url_env: str | None = None,
    username_env: str | None = None,
    password_env: str | None = None,
    diagnostics: Diagnostics | None = None,
) -> PackageView:
    api = http.api
    models = plan_models(api, diagnostics)
    tree = plan_resources(
        http, models.mapper, models.module_of, diagnostics or Diagnostics()
    )
    auth, requires = _auth(api)
    return PackageView(
        name=package,
        title=api.title,
        api_version=api.version,
        base_url=api.servers[0].url if api.servers else "",
        base_url_env=base_url_env or naming.env_var(package, "BASE_URL"),
        api_key_env=api_key_env or naming.env_var(package, "API_KEY"),
        username_env=username_env or naming.env_var(package, "USERNAME"),
        password_env=password_env or naming.env_var(package, "PASSWORD"),
        auth=auth,
        requires_api_key=requires,
        models=models,
        resources=tree.resources,
        roots=tree.roots,
        examples=Examples({s.pointer: s for s in api.schemas}),
    )


def _auth(api: ir.Api) -> tuple[AuthView | None, bool]:
    schemes = {s.key: s for s in api.security_schemes}
    wanted = [k for req in api.security for k in req] or [
        s.key for s in api.security_schemes
    ]
    for key in wanted:
        scheme = schemes.get(key)
        if scheme is None:
            continue
        if scheme.kind is ir.SecurityKind.API_KEY:
            view = AuthView(
                scheme.location.value if scheme.location else "header",
                scheme.parameter_name or "api_key",
                "",
            )
        else:
            view = AuthView(*_AUTH[scheme.kind])
        requires = bool(api.security) and all(req for req in api.security)
        return view, requires
    return None, False
