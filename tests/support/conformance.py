"""Call every operation of a generated client against Prism and judge each call.

Arguments come from the raw spec (support.values), never from the generator.
Each call ends in one outcome:

- ok: a 2xx answer that decodes, and decoding then encoding gives back what
  Prism sent;
- rejected: Prism found the request breaks the spec (its `sl-violations`);
- decode: the answer did not decode, or did not round-trip;
- exception: anything else the client raised.

and each failure gets a fault: the client's, unless the spec is to blame (its
example breaks its schema, as shown by a retry with values made from the
schema alone; it requires a property it does not define; Prism's answer,
taken from the spec's examples, breaks the response schema) or Prism is (an
error of its own, a path it cannot route). Every reason is kept.
"""

from __future__ import annotations

import asyncio
import json
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

from support.oas_schema import SchemaCheck
from support.operations import Operation, walk
from support.values import Values

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
IGNORED_HEADERS = {"accept", "content-type", "authorization"}  # OpenAPI: ignored
CALL_TIMEOUT = 30.0
OUTCOMES = ("ok", "rejected", "decode", "exception")


@dataclass
class Result:
    key: tuple[str, str]  # (METHOD, path)
    flavor: str
    outcome: str
    fault: str | None = None  # client, spec or prism; None when ok
    reason: str = ""

    def line(self) -> str:
        return (
            f"{self.key[0]} {self.key[1]} [{self.flavor}] {self.outcome}: {self.reason}"
        )


@dataclass
class SpecOperation:
    key: tuple[str, str]
    node: dict[str, Any]  # the operation object
    parameters: list[dict[str, Any]]  # resolved, path-level ones merged in


def spec_operations(spec: dict[str, Any], values: Values) -> list[SpecOperation]:
    out = []
    for path, item in (spec.get("paths") or {}).items():
        item = values.resolve(item)
        if not isinstance(item, dict):
            continue
        shared = [values.resolve(p) for p in item.get("parameters") or []]
        for method in METHODS:
            node = item.get(method)
            if not isinstance(node, dict):
                continue
            own = [values.resolve(p) for p in node.get("parameters") or []]
            keys = {(p.get("name"), p.get("in")) for p in own if isinstance(p, dict)}
            merged = [
                p
                for p in shared
                if isinstance(p, dict) and (p.get("name"), p.get("in")) not in keys
            ]
            merged += [p for p in own if isinstance(p, dict)]
            out.append(SpecOperation((method.upper(), path), node, merged))
    return out


def _match(
    ops: dict[tuple[str, str], Operation], key: tuple[str, str]
) -> Operation | None:
    if key in ops:
        return ops[key]
    route = key[1].split("?")[0].split("#")[0]  # a path key with a query or fragment
    found = [
        op
        for (method, path), op in ops.items()
        if method == key[0] and path.split("?")[0].split("#")[0] == route
    ]
    return found[0] if len(found) == 1 else None


def _media(
    node: dict[str, Any], values: Values, kind: str | None, content_type: str | None
) -> tuple[str, Any] | None:
    """The request media type the client sends, and its schema."""
    body = values.resolve(node.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict) or kind is None:
        return None

    def is_kind(media: str) -> bool:
        base = media.split(";")[0].strip().lower()
        if kind == "json":
            return base == "application/json" or base.endswith("+json")
        if kind == "form":
            return base == "application/x-www-form-urlencoded"
        if kind == "multipart":
            return base.startswith("multipart/")
        return media == content_type

    for media, entry in content.items():
        if is_kind(media):
            entry = values.resolve(entry)
            return media, (
                (entry or {}).get("schema", {}) if isinstance(entry, dict) else {}
            )
    return None


def arguments(op: Operation, spec_op: SpecOperation, values: Values) -> dict[str, Any]:
    """Keyword arguments (Python names) for a call, from the spec's parameters and body."""
    params = op.endpoint.params
    by_wire = {((p.wire or p.name), p.location): p.name for p in params}
    by_wire_any = {(p.wire or p.name): p.name for p in params if p.location != "body"}
    kwargs: dict[str, Any] = {}
    for param in spec_op.parameters:
        name, where = param.get("name"), param.get("in")
        if where == "header" and str(name).lower() in IGNORED_HEADERS:
            continue
        python = by_wire.get((name, where)) or by_wire_any.get(name)
        if python is None:
            continue
        schema = param.get("schema")
        if schema is None and isinstance(param.get("content"), dict):
            schema = next(iter(param["content"].values()), {}).get("schema", {})
        if values.use_examples and "example" in param:
            kwargs[python] = param["example"]
        else:
            kwargs[python] = values.value(schema or {"type": "string"}, depth=1)
    media = _media(spec_op.node, values, op.endpoint.body, op.endpoint.content_type)
    if media is None and op.endpoint.body is not None:
        _check_media_types(spec_op, values)
    if media is not None:
        body = values.value(media[1], depth=0)
        root = next((p.name for p in params if p.location == "body-root"), None)
        if root is not None:
            kwargs[root] = _root_body(body, op.endpoint.body)
        elif isinstance(body, dict):
            for p in params:
                if p.location == "body" and (p.wire or p.name) in body:
                    kwargs[p.name] = body[p.wire or p.name]
    return kwargs


class SpecProblem(Exception):
    """The spec itself makes a valid call impossible."""


def _check_media_types(spec_op: SpecOperation, values: Values) -> None:
    body = values.resolve(spec_op.node.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    for media in content or {}:
        if "/" not in str(media):
            raise SpecProblem(f"the request body's media type {media!r} is not one")


def _root_body(body: Any, kind: str | None) -> Any:
    """A whole body as the client takes it: bytes for binary, text for text."""
    if kind == "binary" and not isinstance(body, bytes):
        text = body if isinstance(body, str) else json.dumps(body)
        return text.encode("utf-8")
    if kind == "text" and not isinstance(body, str):
        return json.dumps(body)
    return body


@dataclass
class Judge:
    """Classifies one call's result or exception."""

    spec: dict[str, Any]
    package: Any
    check: SchemaCheck = field(init=False)

    def __post_init__(self) -> None:
        self.check = SchemaCheck(self.spec)
        self.to_json = __import__(
            f"{self.package.__name__}._runtime.endpoint", fromlist=["_"]
        ).to_json

    def failure(
        self,
        key: tuple[str, str],
        flavor: str,
        exc: BaseException,
        spec_op: SpecOperation,
    ) -> Result:
        pkg = self.package
        headers = getattr(exc, "headers", None)
        violations = headers.get("sl-violations") if headers is not None else None
        if violations:
            return Result(key, flavor, "rejected", "client", _violations(violations))
        if isinstance(exc, pkg.APIStatusError):
            body = getattr(exc, "body", None)
            kind = str(body.get("type", "")) if isinstance(body, dict) else ""
            if "stoplight.io/prism/errors" in kind and isinstance(body, dict):
                return _prism_error(key, flavor, exc.status_code, body)
            statuses = [str(s) for s in spec_op.node.get("responses") or {}]
            if not any(s.startswith("2") or s == "default" for s in statuses):
                reason = f"the operation defines no 2xx response; Prism answered {exc.status_code}"
                return Result(key, flavor, "exception", "spec", reason)
            return Result(key, flavor, "exception", "client", _text(exc))
        if isinstance(exc, pkg.APIResponseValidationError):
            return Result(key, flavor, "decode", "client", _text(exc))
        return Result(key, flavor, "exception", "client", _text(exc))

    def answer(
        self,
        key: tuple[str, str],
        flavor: str,
        op: Operation,
        raw: Any,
        spec_op: SpecOperation,
    ) -> Result:
        """A 2xx answer: decode it, and check decode -> encode gives it back."""
        if raw is None:
            if op.endpoint.response == "none":
                return Result(key, flavor, "ok")
            return Result(
                key, flavor, "exception", "client", "with_raw_response returned None"
            )
        kind = op.endpoint.response
        try:
            parsed = raw.parse()
        except Exception as exc:
            return self._decode_failure(
                key, flavor, raw, spec_op, f"{type(exc).__name__}: {exc}"
            )
        if kind in ("json", "page") and raw.content:
            try:
                sent = json.loads(raw.content)
            except ValueError:
                return Result(key, flavor, "ok")  # not JSON, and not claimed to be
            value = parsed.body if kind == "page" else parsed
            again = self.to_json(value)
            if again != sent:
                return self._decode_failure(
                    key,
                    flavor,
                    raw,
                    spec_op,
                    "decode -> encode differs: " + _first_difference(sent, again),
                )
        return Result(key, flavor, "ok")

    def _decode_failure(
        self,
        key: tuple[str, str],
        flavor: str,
        raw: Any,
        spec_op: SpecOperation,
        reason: str,
    ) -> Result:
        media = _response_media(spec_op.node, raw, Values(self.spec))
        schema = media.get("schema") if media is not None else None
        if schema is not None:
            try:
                instance = json.loads(raw.content)
            except ValueError:
                instance = None
            if instance is not None:
                errors = self.check.errors(schema, instance)
                if errors:
                    # An example of the spec's, or a value Prism made up.
                    given = media is not None and (
                        "example" in media or "examples" in media
                    )
                    return Result(
                        key,
                        flavor,
                        "decode",
                        "spec" if given else "prism",
                        ("the spec's example" if given else "Prism's generated answer")
                        + " breaks the response schema: "
                        + "; ".join(dict.fromkeys(errors)),
                    )
        return Result(key, flavor, "decode", "client", reason[:300])


def _response_media(node: dict[str, Any], raw: Any, values: Values) -> Any:
    responses = node.get("responses") or {}
    status = str(raw.status_code)
    entry = (
        responses.get(status)
        or responses.get(status[0] + "XX")
        or responses.get("default")
    )
    entry = values.resolve(entry)
    content = entry.get("content") if isinstance(entry, dict) else None
    if not isinstance(content, dict):
        return None
    media = (raw.headers.get("content-type") or "").split(";")[0].strip()
    chosen = content.get(media) or next(iter(content.values()), None)
    chosen = values.resolve(chosen)
    return chosen if isinstance(chosen, dict) else None


def _text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


# Prism's own errors (application/problem+json): the client's, or Prism's limits.
_CLIENT_ERRORS = (
    "UNPROCESSABLE_ENTITY",
    "UNAUTHORIZED",
    "NO_PATH_MATCHED_ERROR",
    "NO_METHOD_MATCHED_ERROR",
    "NOT_ACCEPTABLE",
    "INVALID_CONTENT_TYPE",
)


def _prism_error(
    key: tuple[str, str], flavor: str, status: int, body: dict[str, Any]
) -> Result:
    name = str(body.get("type", "")).rsplit("#", 1)[-1]
    detail = body.get("validation")
    reason = (
        _violation_list(detail)
        if isinstance(detail, list) and detail
        else str(body.get("detail") or body.get("title") or "")
    )
    reason = f"{status} {name}: {reason}"[:400]
    fault = "client" if name in _CLIENT_ERRORS else "prism"
    if name == "NO_PATH_MATCHED_ERROR" and ("#" in key[1] or "?" in key[1]):
        # A path key with a fragment (never sent) or a query: Prism cannot route it.
        fault = "prism"
    return Result(key, flavor, "rejected", fault, reason)


def _violations(header: str) -> str:
    try:
        items = json.loads(header)
    except ValueError:
        return header[:300]
    return _violation_list(items)


def _violation_list(items: Any) -> str:
    parts = [
        f"{'.'.join(str(x) for x in v.get('location', []))}: {v.get('message', '')}"
        for v in (items if isinstance(items, list) else [])
        if isinstance(v, dict)
    ]
    return "; ".join(parts)[:400]


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in b:
                return f"{path}/{k}: dropped"
            if k not in a:
                return f"{path}/{k}: added"
            if a[k] != b[k]:
                return _first_difference(a[k], b[k], f"{path}/{k}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, f"{path}/{i}")
    return f"{path or '/'}: sent {json.dumps(a)[:80]}, got {json.dumps(b, default=repr)[:80]}"


KEY = "user:secret-key-0123"  # any credential Prism accepts; basic auth reads user:password


@dataclass
class Runner:
    """Calls every operation of one spec, sync then async, within a deadline."""

    spec: dict[str, Any]
    package: Any
    url: str
    deadline: float  # time.monotonic() after which no call starts
    results: list[Result] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.values = Values(self.spec)
        self.plain = Values(self.spec, use_examples=False)
        self.judge = Judge(self.spec, self.package)

    def client(self, flavor: str) -> Any:
        cls = self.package.Client if flavor == "sync" else self.package.AsyncClient
        return cls(api_key=KEY, base_url=self.url, timeout=CALL_TIMEOUT, max_retries=0)

    def plan(self, client: Any) -> list[tuple[SpecOperation, Operation | None]]:
        ops = {op.key: op for op in walk(client)}
        return [
            (s, _match(ops, s.key)) for s in spec_operations(self.spec, self.values)
        ]

    def run(self) -> list[Result]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client = self.client("sync")
            try:
                for spec_op, op in self.plan(client):
                    self.results.append(self._sync(spec_op, op))
            finally:
                client.close()
            remaining = max(self.deadline - time.monotonic(), 1.0)
            try:
                asyncio.run(asyncio.wait_for(self._async_all(), remaining + 5))
            except asyncio.TimeoutError:
                pass  # the calls not made are reported by _async_all's plan
        return self.results

    def _skip(
        self, spec_op: SpecOperation, op: Operation | None, flavor: str
    ) -> Result | None:
        if op is None:
            return Result(
                spec_op.key,
                flavor,
                "exception",
                "client",
                "no method of the client sends this operation",
            )
        if time.monotonic() > self.deadline:
            return Result(
                spec_op.key,
                flavor,
                "exception",
                "client",
                "not called: the time budget ran out",
            )
        return None

    def _sync(self, spec_op: SpecOperation, op: Operation | None) -> Result:
        skipped = self._skip(spec_op, op, "sync")
        if skipped is not None or op is None:
            return skipped  # type: ignore[return-value]

        def once(values: Values) -> Result:
            try:
                kwargs = arguments(op, spec_op, values)
                raw = op.raw(**kwargs)
            except SpecProblem as problem:
                return Result(spec_op.key, "sync", "exception", "spec", str(problem))
            except Exception as exc:
                return self.judge.failure(spec_op.key, "sync", exc, spec_op)
            return self.judge.answer(spec_op.key, "sync", op, raw, spec_op)

        return self._with_retry(once, op, spec_op)

    async def _async_all(self) -> None:
        client = self.client("async")
        try:
            plan = self.plan(client)
            done = 0
            try:
                for spec_op, op in plan:
                    self.results.append(await self._async(spec_op, op))
                    done += 1
            finally:
                for spec_op, _ in plan[done:]:
                    self.results.append(
                        Result(
                            spec_op.key,
                            "async",
                            "exception",
                            "client",
                            "not called: the time budget ran out",
                        )
                    )
        finally:
            await client.close()

    async def _async(self, spec_op: SpecOperation, op: Operation | None) -> Result:
        skipped = self._skip(spec_op, op, "async")
        if skipped is not None or op is None:
            return skipped  # type: ignore[return-value]

        async def once(values: Values) -> Result:
            try:
                kwargs = arguments(op, spec_op, values)
                raw = await op.raw(**kwargs)
            except SpecProblem as problem:
                return Result(spec_op.key, "async", "exception", "spec", str(problem))
            except Exception as exc:
                return self.judge.failure(spec_op.key, "async", exc, spec_op)
            return self.judge.answer(spec_op.key, "async", op, raw, spec_op)

        first = await once(self.values)
        if not _retry_worthy(first, self.package):
            return first
        second = await once(self.plain)
        return _after_retry(first, second, op, spec_op, self.values, self.plain)

    def _with_retry(
        self, once: Callable[[Values], Result], op: Operation, spec_op: SpecOperation
    ) -> Result:
        first = once(self.values)
        if not _retry_worthy(first, self.package):
            return first
        return _after_retry(
            first, once(self.plain), op, spec_op, self.values, self.plain
        )


def _retry_worthy(result: Result, package: Any) -> bool:
    """A rejection, or the client's own validation refusing a value from the spec's examples."""
    if result.fault != "client":
        return False
    return result.outcome == "rejected" or result.reason.startswith("ValidationError")


def _same_arguments(
    op: Operation, spec_op: SpecOperation, values: Values, plain: Values
) -> bool:
    try:
        return arguments(op, spec_op, values) == arguments(op, spec_op, plain)
    except SpecProblem:
        return True


def _after_retry(
    first: Result,
    second: Result,
    op: Operation,
    spec_op: SpecOperation,
    values: Values,
    plain: Values,
) -> Result:
    if _same_arguments(op, spec_op, values, plain):
        return _unknown_required(first, spec_op, values)
    if second.outcome == "ok":
        return Result(
            first.key,
            first.flavor,
            "rejected",
            "spec",
            "the spec's example breaks its schema (values made from the schema alone were accepted): "
            + first.reason,
        )
    return _unknown_required(second, spec_op, values)


def _unknown_required(result: Result, spec_op: SpecOperation, values: Values) -> Result:
    """A rejection for a required body property the spec never defines is the spec's."""
    import re

    missing = re.findall(r"must have required property '([^']+)'", result.reason)
    if not missing or result.outcome != "rejected":
        return result
    body = values.resolve(spec_op.node.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    properties: set[str] = set()
    for entry in (content or {}).values():
        entry = values.resolve(entry)
        schema = values.merged(entry.get("schema") if isinstance(entry, dict) else None)
        if isinstance(schema, dict):
            properties |= set(schema.get("properties") or {})
    undefined = [m for m in missing if m not in properties]
    if len(undefined) == len(missing):
        return Result(
            result.key,
            result.flavor,
            "rejected",
            "spec",
            f"the spec requires {', '.join(undefined)}, which it does not define: "
            + result.reason,
        )
    return result
