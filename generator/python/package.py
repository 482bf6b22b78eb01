"""The whole Python view of an API: what every template of the package sees."""

from __future__ import annotations


from generator import escape, ir, naming
from generator.examples import Examples
from generator.plan.model import ApiPlan
from generator.python.credentials import CredentialsView, SchemeView, plan_credentials
from generator.python.models import ModelPlan, plan_models
from generator.diagnostics import Diagnostics
from generator.python.operations import OperationView
from generator.python.resources import ChildView, ResourceView, plan_resources
from generator.records import record


@record
class PackageView:
    name: str
    title: str
    api_version: str
    base_url: str
    base_url_env: str
    api_key_env: str
    username_env: str
    password_env: str
    credentials: CredentialsView
    models: ModelPlan
    resources: tuple[ResourceView, ...]  # every resource, by access path
    roots: tuple[ChildView, ...]  # the client's own attributes
    examples: Examples

    @property
    def client_doc(self) -> str:
        title = f"A client for {self.title} {self.api_version}.".replace("  ", " ")
        return f"{title}\n\n{self.credentials.doc}"

    @property
    def auth(self) -> SchemeView | None:
        """The primary security scheme: the one whose credentials need no scheme name."""
        return self.credentials.schemes[0] if self.credentials.schemes else None

    @property
    def package_doc(self) -> str:
        lines = [
            f"A generated client for {self.title}.",
            "",
            "Usage:",
            "",
            f"    from {self.name} import Client",
            "",
            f"    client = Client()  # {self.credentials.comment}",
        ]
        if self.example:
            lines.append(f"    {self.example}")
        return "\n".join(lines)

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
    models: ModelPlan | None = None,
) -> PackageView:
    """The package's view; `models` when they are planned already (`plan_models`)."""
    api = http.api
    models = models if models is not None else plan_models(api, diagnostics)
    tree = plan_resources(
        http, models.mapper, models.module_of, diagnostics or Diagnostics()
    )
    api_key_env = api_key_env or naming.env_var(package, "API_KEY")
    username_env = username_env or naming.env_var(package, "USERNAME")
    password_env = password_env or naming.env_var(package, "PASSWORD")
    credentials = plan_credentials(
        http, package, api_key_env, username_env, password_env
    )
    return PackageView(
        name=package,
        title=api.title,
        api_version=api.version,
        base_url=api.servers[0].url if api.servers else "",
        base_url_env=base_url_env or naming.env_var(package, "BASE_URL"),
        api_key_env=api_key_env,
        username_env=username_env,
        password_env=password_env,
        credentials=credentials,
        models=models,
        resources=tree.resources,
        roots=tree.roots,
        examples=Examples({s.pointer: s for s in api.schemas}),
    )
