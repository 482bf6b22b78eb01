"""Parse stage: a loaded document in, the language-neutral IR out."""

from __future__ import annotations

from typing import Any

from generator import ir, jsonptr
from generator.diagnostics import Diagnostics
from generator.loader import Document
from generator.parse.operations import OperationBuilder
from generator.parse.refs import Resolver
from generator.parse.schemas import SchemaBuilder

_SCHEMES = {"bearer": ir.SecurityKind.BEARER, "basic": ir.SecurityKind.BASIC}


def build_api(document: Document, diagnostics: Diagnostics) -> ir.Api:
    data = document.data
    diagnostics.extend(document.notes)  # found while loading: keys given twice
    resolver = Resolver(document, diagnostics)
    schemas = SchemaBuilder(resolver, diagnostics)
    components = (
        data.get("components") if isinstance(data.get("components"), dict) else {}
    )
    schemas.add_components(components.get("schemas"), "/components/schemas")
    if "definitions" in data:  # Swagger 2 leftovers sometimes ride along
        schemas.add_components(data.get("definitions"), "/definitions")
    ops = OperationBuilder(resolver, schemas, diagnostics)
    operations = ops.paths(data.get("paths"), "/paths")
    webhooks = _webhooks(ops, data.get("webhooks"))
    schemas.finish()
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    return ir.Api(
        openapi=str(data.get("openapi", "")),
        title=str(info.get("title") or document.path.stem),
        version=str(info.get("version") or ""),
        description=_text(info.get("description")),
        external_docs=_url(data.get("externalDocs")),
        servers=_servers(data.get("servers")),
        tags=_tags(data.get("tags")),
        security_schemes=_security_schemes(
            components.get("securitySchemes"), resolver, diagnostics
        ),
        security=tuple(
            tuple(str(k) for k in req)
            for req in _list(data.get("security"))
            if isinstance(req, dict)
        ),
        operations=tuple(operations),
        webhooks=tuple(webhooks),
        schemas=tuple(schemas.named.values()),
        documents=tuple(sorted(resolver.read.items())),
    )


def _webhooks(ops: OperationBuilder, node: Any) -> list[ir.Operation]:
    if not isinstance(node, dict):
        return []
    out = []
    for name, item in node.items():
        item, location = ops.resolver.deref(item, jsonptr.join("/webhooks", name))
        if not isinstance(item, dict):
            continue
        for method in ("post", "put", "get", "patch", "delete"):
            if method in item:
                op = ops.operation(
                    name,
                    method,
                    item[method],
                    jsonptr.join(location, method),
                    [],
                    webhook=True,
                )
                if op is not None:
                    out.append(op)
    return out


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _url(node: Any) -> str | None:
    url = node.get("url") if isinstance(node, dict) else None
    return url.strip() if isinstance(url, str) and url.strip() else None


def _servers(node: Any) -> tuple[ir.Server, ...]:
    out = []
    for server in _list(node):
        if isinstance(server, dict) and isinstance(server.get("url"), str):
            url = server["url"]
            variables = server.get("variables")
            for name, var in variables.items() if isinstance(variables, dict) else ():
                if isinstance(var, dict) and "default" in var:
                    url = url.replace("{" + name + "}", str(var["default"]))
            out.append(ir.Server(url=url, description=_text(server.get("description"))))
    return tuple(out)


def _tags(node: Any) -> tuple[ir.Tag, ...]:
    return tuple(
        ir.Tag(name=t["name"], description=_text(t.get("description")))
        for t in _list(node)
        if isinstance(t, dict) and isinstance(t.get("name"), str)
    )


def _security_schemes(
    node: Any, resolver: Resolver, diagnostics: Diagnostics
) -> tuple[ir.SecurityScheme, ...]:
    if not isinstance(node, dict):
        return ()
    out = []
    for key, raw in node.items():
        pointer = jsonptr.join("/components/securitySchemes", key)
        scheme, _ = resolver.deref(raw, pointer)
        if not isinstance(scheme, dict):
            continue
        kind = scheme.get("type")
        description = _text(scheme.get("description"))
        if kind == "http" and str(scheme.get("scheme", "")).lower() in _SCHEMES:
            out.append(
                ir.SecurityScheme(
                    key=key,
                    kind=_SCHEMES[str(scheme["scheme"]).lower()],
                    description=description,
                    bearer_format=(
                        scheme.get("bearerFormat")
                        if isinstance(scheme.get("bearerFormat"), str)
                        else None
                    ),
                )
            )
        elif kind in ("oauth2", "openIdConnect"):
            out.append(
                ir.SecurityScheme(
                    key=key, kind=ir.SecurityKind.BEARER, description=description
                )
            )
        elif (
            kind == "apiKey"
            and scheme.get("in") in ("header", "query", "cookie")
            and isinstance(scheme.get("name"), str)
        ):
            out.append(
                ir.SecurityScheme(
                    key=key,
                    kind=ir.SecurityKind.API_KEY,
                    location=ir.Location(scheme["in"]),
                    parameter_name=scheme["name"],
                    description=description,
                )
            )
        else:
            diagnostics.warning(
                "unsupported-security",
                f"security scheme {key!r} ({kind}) is not supported; send its credentials with extra_headers",
                pointer,
            )
    return tuple(out)
