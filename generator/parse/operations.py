"""Turn path items (and webhooks) into IR operations."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from generator import ir, jsonptr
from generator.diagnostics import Diagnostics
from generator.parse import encoding
from generator.parse.refs import Resolver
from generator.parse.schemas import SchemaBuilder

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_LOCATIONS = {loc.value: loc for loc in ir.Location}
# OpenAPI: header parameters with these names SHALL be ignored.
_IGNORED_HEADERS = ("accept", "content-type", "authorization")
_TEMPLATE_VAR = re.compile(r"\{([^{}/]+)\}")


class OperationBuilder:
    def __init__(
        self, resolver: Resolver, schemas: SchemaBuilder, diagnostics: Diagnostics
    ) -> None:
        self.resolver = resolver
        self.schemas = schemas
        self.diagnostics = diagnostics
        self._ids: dict[str, str] = {}  # operationId -> where it was first used

    def paths(self, paths: Any, pointer: str) -> list[ir.Operation]:
        if paths is None:
            return []
        if not isinstance(paths, dict):
            self.diagnostics.error("bad-paths", "`paths` must be an object", pointer)
            return []
        out: list[ir.Operation] = []
        for path, item in paths.items():
            if path.startswith("x-"):
                continue
            where = jsonptr.join(pointer, path)
            if not path.startswith("/"):
                self.diagnostics.warning(
                    "bad-path", f"path {path!r} does not start with '/'", where
                )
            out.extend(self.path_item(path, item, where))
        return out

    def path_item(self, path: str, item: Any, pointer: str) -> list[ir.Operation]:
        item, location = self.resolver.deref(item, pointer)
        if not isinstance(item, dict):
            self.diagnostics.error(
                "bad-path-item", "a path item must be an object", pointer
            )
            return []
        shared = self._parameters(
            item.get("parameters"), jsonptr.join(location, "parameters")
        )
        ops = []
        for method in METHODS:
            if method in item:
                op = self.operation(
                    path, method, item[method], jsonptr.join(location, method), shared
                )
                if op is not None:
                    ops.append(op)
        return ops

    def operation(
        self,
        path: str,
        method: str,
        node: Any,
        pointer: str,
        shared: list[ir.Parameter],
        webhook: bool = False,
    ) -> ir.Operation | None:
        if not isinstance(node, dict):
            self.diagnostics.error(
                "bad-operation", "an operation must be an object", pointer
            )
            return None
        own = self._parameters(
            node.get("parameters"), jsonptr.join(pointer, "parameters")
        )
        keys = {(p.name, p.location) for p in own}
        params = [p for p in shared if (p.name, p.location) not in keys] + own
        if not webhook:
            path, params = self._check_path_params(path, params, pointer)
        if "callbacks" in node:
            self.diagnostics.info(
                "callbacks",
                "callbacks are documented nowhere and not generated",
                jsonptr.join(pointer, "callbacks"),
            )
        tags = tuple(t for t in _list(node.get("tags")) if isinstance(t, str))
        op_id = node.get("operationId")
        self._check_unique(op_id, pointer)
        owner = op_id if isinstance(op_id, str) and op_id.strip() else path
        docs = node.get("externalDocs")
        return ir.Operation(
            method=method,
            path=path,
            pointer=pointer,
            operation_id=op_id if isinstance(op_id, str) and op_id.strip() else None,
            tags=tags,
            summary=_text(node.get("summary")),
            description=_text(node.get("description")),
            deprecated=node.get("deprecated") is True,
            parameters=tuple(params),
            request_body=self._request_body(
                node.get("requestBody"),
                jsonptr.join(pointer, "requestBody"),
                owner,
            ),
            responses=self._responses(
                node.get("responses"), jsonptr.join(pointer, "responses"), owner
            ),
            security=(
                _security(node["security"])
                if isinstance(node.get("security"), list)
                else None
            ),
            external_docs=(
                docs.get("url")
                if isinstance(docs, dict) and isinstance(docs.get("url"), str)
                else None
            ),
            sdk_group=_sdk_group(node),
            sdk_method=_sdk_method(node),
        )

    def _check_unique(self, op_id: Any, pointer: str) -> None:
        if not isinstance(op_id, str):
            return
        first = self._ids.setdefault(op_id, pointer)
        if first != pointer:
            self.diagnostics.warning(
                "duplicate-operation-id",
                f"operationId {op_id!r} is already used at #{first}; operationIds "
                "must be unique (the generated methods get distinct names)",
                jsonptr.join(pointer, "operationId"),
            )

    def _check_path_params(
        self, path: str, params: list[ir.Parameter], pointer: str
    ) -> tuple[str, list[ir.Parameter]]:
        """The request path and its parameters, reconciled with the path template.

        Some specs put templates in the query part of a path key
        (`/search?term={term}`): those parameters are sent as query parameters
        and their pairs leave the path.
        """
        route, _, query = path.partition("?")
        names = _TEMPLATE_VAR.findall(route.split("#", 1)[0])
        in_query: dict[str, str] = {}  # parameter name -> query key
        kept = []
        for pair in query.split("&") if query else []:
            key, eq, value = pair.partition("=")
            match = _TEMPLATE_VAR.fullmatch(value)
            if eq and match:
                in_query[match.group(1)] = key
            else:
                kept.append(pair)
        request_path = route + ("?" + "&".join(kept) if kept else "")
        declared = {p.name for p in params if p.location is ir.Location.PATH}
        out = []
        for p in params:
            if p.location is ir.Location.PATH and p.name in in_query:
                self.diagnostics.warning(
                    "path-param-in-query",
                    f"path parameter {p.name!r} sits in the query of {path!r}; "
                    f"it is sent as query parameter {in_query[p.name]!r}",
                    p.pointer,
                )
                p = replace(p, location=ir.Location.QUERY, name=in_query[p.name])
            elif p.location is ir.Location.PATH and p.name not in names:
                self.diagnostics.warning(
                    "unused-path-param",
                    f"path parameter {p.name!r} is not in the path {path!r}; it is ignored",
                    p.pointer,
                )
                continue
            elif p.location is ir.Location.PATH and not p.required:
                self.diagnostics.info(
                    "optional-path-param",
                    f"path parameter {p.name!r} is treated as required",
                    p.pointer,
                )
                p = replace(p, required=True)
            out.append(p)
        string = ir.PrimitiveSchema(pointer=pointer, type=ir.Primitive.STRING)
        for name in names:
            if name not in declared:
                self.diagnostics.warning(
                    "undeclared-path-param",
                    f"path template variable {{{name}}} is not declared; it is taken as a string",
                    pointer,
                )
                out.append(
                    ir.Parameter(
                        name=name,
                        location=ir.Location.PATH,
                        required=True,
                        schema=string,
                        pointer=pointer,
                    )
                )
        for name, key in in_query.items():
            if name not in declared:
                out.append(
                    ir.Parameter(
                        name=key,
                        location=ir.Location.QUERY,
                        required=True,
                        schema=string,
                        pointer=pointer,
                    )
                )
        return request_path, out

    def _parameters(self, nodes: Any, pointer: str) -> list[ir.Parameter]:
        if nodes is None:
            return []
        if not isinstance(nodes, list):
            self.diagnostics.error(
                "bad-parameters", "`parameters` must be a list", pointer
            )
            return []
        out = []
        for i, raw in enumerate(nodes):
            node, location = self.resolver.deref(raw, jsonptr.join(pointer, i))
            param = self._parameter(node, location)
            if param is not None:
                out.append(param)
        return out

    def _parameter(self, node: Any, pointer: str) -> ir.Parameter | None:
        if not isinstance(node, dict) or not isinstance(node.get("name"), str):
            self.diagnostics.error(
                "bad-parameter", "a parameter needs a `name`", pointer
            )
            return None
        where = node.get("in")
        if not isinstance(where, str) or where not in _LOCATIONS:
            self.diagnostics.error(
                "bad-parameter",
                f"parameter {node['name']!r} has unknown `in`: {where!r}",
                jsonptr.join(pointer, "in"),
            )
            return None
        content_type = None
        if where == "header" and node["name"].lower() in _IGNORED_HEADERS:
            self.diagnostics.info(
                "ignored-header",
                f"header parameter {node['name']!r} is ignored, as OpenAPI says; "
                "the client sets it",
                pointer,
            )
            return None
        if "schema" in node:
            schema = self.schemas.build(
                node["schema"], jsonptr.join(pointer, "schema"), (node["name"],), 0
            )
        elif isinstance(node.get("content"), dict) and node["content"]:
            media, sub = next(iter(node["content"].items()))
            sub_ptr = jsonptr.join(pointer, "content", media, "schema")
            schema = self.schemas.build(
                sub.get("schema", {}) if isinstance(sub, dict) else {},
                sub_ptr,
                (node["name"],),
                0,
            )
            content_type = str(media)
        else:
            schema = ir.PrimitiveSchema(pointer=pointer, type=ir.Primitive.STRING)
        location = _LOCATIONS[where]
        explode = node.get("explode")
        return ir.Parameter(
            name=node["name"],
            location=location,
            required=node.get("required") is True,
            schema=schema,
            pointer=pointer,
            description=_text(node.get("description")) or schema.description,
            deprecated=node.get("deprecated") is True,
            style=encoding.style(
                node, pointer, encoding.STYLES[location], self.diagnostics
            ),
            explode=explode if isinstance(explode, bool) else None,
            allow_reserved=node.get("allowReserved") is True,
            content_type=content_type,
            example=node["example"] if "example" in node else schema.example,
        )

    def _request_body(
        self, node: Any, pointer: str, owner: str
    ) -> ir.RequestBody | None:
        if node is None:
            return None
        node, location = self.resolver.deref(node, pointer)
        if not isinstance(node, dict):
            self.diagnostics.error(
                "bad-request-body", "`requestBody` must be an object", pointer
            )
            return None
        contents = self._contents(
            node.get("content"), jsonptr.join(location, "content"), (owner, "body")
        )
        return ir.RequestBody(
            required=node.get("required") is True,
            contents=contents,
            pointer=location,
            description=_text(node.get("description")),
        )

    def _responses(
        self, node: Any, pointer: str, owner: str
    ) -> tuple[ir.Response, ...]:
        if not isinstance(node, dict):
            if node is not None:
                self.diagnostics.error(
                    "bad-responses", "`responses` must be an object", pointer
                )
            return ()
        out = []
        for status, raw in node.items():
            status = str(status)
            if status.startswith("x-"):
                continue
            response, location = self.resolver.deref(raw, jsonptr.join(pointer, status))
            if not isinstance(response, dict):
                self.diagnostics.error(
                    "bad-response",
                    "a response must be an object",
                    jsonptr.join(pointer, status),
                )
                continue
            hint = (
                owner,
                "response" if status.startswith("2") else f"{status}response",
            )
            out.append(
                ir.Response(
                    status=status.upper() if status != "default" else status,
                    description=_text(response.get("description")) or "",
                    contents=self._contents(
                        response.get("content"), jsonptr.join(location, "content"), hint
                    ),
                    pointer=location,
                    headers=self._headers(
                        response.get("headers"), jsonptr.join(location, "headers")
                    ),
                )
            )
        return tuple(out)

    def _headers(self, node: Any, pointer: str) -> tuple[ir.Header, ...]:
        if not isinstance(node, dict):
            return ()
        out = []
        for name, raw in node.items():
            header, location = self.resolver.deref(raw, jsonptr.join(pointer, name))
            if isinstance(header, dict):
                schema = self.schemas.build(
                    header.get("schema", {}),
                    jsonptr.join(location, "schema"),
                    (name,),
                    0,
                )
                out.append(
                    ir.Header(
                        name=name,
                        schema=schema,
                        description=_text(header.get("description")),
                    )
                )
        return tuple(out)

    def _contents(
        self, node: Any, pointer: str, hint: tuple[str, ...]
    ) -> tuple[ir.MediaType, ...]:
        if not isinstance(node, dict):
            return ()
        out = []
        for media_type, media in node.items():
            where = jsonptr.join(pointer, media_type)
            media, location = self.resolver.deref(media, where)
            if not isinstance(media, dict):
                media = {}
            schema = None
            if "schema" in media:
                schema = self.schemas.build(
                    media["schema"], jsonptr.join(location, "schema"), hint, 0
                )
            example: Any = ir.MISSING
            if "example" in media:
                example = media["example"]
            elif isinstance(media.get("examples"), dict):
                first = next(iter(media["examples"].values()), None)
                first, _ = self.resolver.deref(first, where)
                if isinstance(first, dict) and "value" in first:
                    example = first["value"]
            out.append(
                ir.MediaType(
                    media_type=str(media_type),
                    schema=schema,
                    pointer=location,
                    example=example,
                    encoding=encoding.encodings(
                        media.get("encoding"),
                        jsonptr.join(location, "encoding"),
                        self.diagnostics,
                    ),
                )
            )
        return tuple(out)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _security(node: list[Any]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(k) for k in req) for req in node if isinstance(req, dict))


def _sdk_group(node: dict[str, Any]) -> tuple[str, ...] | None:
    """The resource path an SDK extension asks for: `a.b`, or a list of names."""
    for key in ("x-speakeasy-group", "x-fern-sdk-group-name"):
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return tuple(p for p in value.split(".") if p.strip())
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return tuple(v for v in value if v.strip())
    return None


def _sdk_method(node: dict[str, Any]) -> str | None:
    for key in ("x-speakeasy-name-override", "x-fern-sdk-method-name"):
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None
