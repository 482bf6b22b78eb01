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
taken from the spec's examples, breaks the response schema where the client
failed), or Prism is (an error of its own, a path it cannot route, a check of
what OpenAPI leaves open), or the arguments themselves break their schema
("values": the suite could not make valid ones). Every reason is kept.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from support.oas_schema import SchemaCheck
from support.operations import Operation, walk
from support.values import Values

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
IGNORED_HEADERS = {"accept", "content-type", "authorization"}  # OpenAPI: ignored
CALL_TIMEOUT = 30.0
CONCURRENT = 4  # async calls in flight at once (Prism answers slowly, using little CPU)
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
        if "*" in base and kind in ("json", "binary"):
            return True  # a media range: the client sends JSON, or bytes
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


MAX_PARAMETERS = 25  # above this, optional parameters are left out (URL length)


def arguments(op: Operation, spec_op: SpecOperation, values: Values) -> dict[str, Any]:
    """Keyword arguments (Python names) for a call, from the spec's parameters and body."""
    return {
        name: value
        for name, value, _, _ in argument_list(op, spec_op, values)
        if name  # "" is the whole body, kept for checking only
    }


def argument_list(
    op: Operation, spec_op: SpecOperation, values: Values
) -> list[tuple[str, Any, Any, str]]:
    """(Python name, value, schema or None, where) of each argument of a call."""
    params = op.endpoint.params
    by_wire = {((p.wire or p.name), p.location): p.name for p in params}
    by_wire_any = {(p.wire or p.name): p.name for p in params if p.location != "body"}
    few = len(spec_op.parameters) <= MAX_PARAMETERS
    out: list[tuple[str, Any, Any, str]] = []
    for param in spec_op.parameters:
        name, where = param.get("name"), param.get("in")
        if where == "header" and str(name).lower() in IGNORED_HEADERS:
            continue
        python = by_wire.get((name, where)) or by_wire_any.get(name)
        if python is None or not (few or param.get("required") or where == "path"):
            continue
        schema = param.get("schema")
        if schema is None and isinstance(param.get("content"), dict):
            schema = next(iter(param["content"].values()), {}).get("schema", {})
        if values.use_examples and "example" in param:
            value = param["example"]
        else:
            value = values.value(schema or {"type": "string"}, depth=1)
        out.append((python, value, schema, f"{where} parameter {name}"))
    out += _body_arguments(op, spec_op, values)
    return out + _undeclared(op, {name for name, _, _, _ in out})


def _body_arguments(
    op: Operation, spec_op: SpecOperation, values: Values
) -> list[tuple[str, Any, Any, str]]:
    params = op.endpoint.params
    kind = op.endpoint.body
    media = _media(spec_op.node, values, kind, op.endpoint.content_type)
    if media is None:
        if kind is not None:
            _check_media_types(spec_op, values)
        return []
    schema = media[1]
    if kind == "multipart" and _type_of(values.merged(schema)) not in ("object", None):
        raise SpecProblem(f"the {media[0]} body's schema is not an object")
    body = values.value(schema, depth=0)
    root = next((p.name for p in params if p.location == "body-root"), None)
    if root is not None:
        return [(root, _root_body(body, kind), schema, "the body")]
    if not isinstance(body, dict):
        return []
    fields = [
        (p.name, body[p.wire or p.name], None, f"body property {p.wire or p.name}")
        for p in params
        if p.location == "body" and (p.wire or p.name) in body
    ]
    return fields + [("", body, schema, "the body")]  # the whole, for checking only


def _undeclared(op: Operation, given: set[str]) -> list[tuple[str, Any, Any, str]]:
    """A string for each required argument no spec parameter declares (a path
    template variable the spec forgot: the client takes it as a string)."""
    import inspect

    out = []
    for name, p in inspect.signature(op.method).parameters.items():
        if p.default is p.empty and p.kind is not p.VAR_KEYWORD and name not in given:
            out.append((name, "example", None, f"undeclared {name}"))
    return out


def _type_of(schema: Any) -> str | None:
    if not isinstance(schema, dict):
        return None
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind if isinstance(kind, str) else None


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
    url: str = ""
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
        decoding = isinstance(exc, pkg.APIResponseValidationError)
        headers = getattr(exc, "headers", None)
        violations = headers.get("sl-violations") if headers is not None else None
        items = _json_list(violations) if violations else []
        if any(_location(v) != "response" for v in items) or (items and decoding):
            json_body = json_request(spec_op, Values(self.spec))
            return _judge_violations(key, flavor, items, decoding, json_body)
        if isinstance(exc, pkg.APIStatusError):
            return _status_error(key, flavor, exc, spec_op, Values(self.spec))
        if decoding:
            return Result(key, flavor, "decode", "client", _text(exc))
        if isinstance(exc, pkg.APIConnectionError) and not _listening(self.url):
            reason = "Prism stopped (it crashed on an earlier request; see its log)"
            return Result(key, flavor, "exception", "prism", reason)
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
                found = self.check.errors(schema, instance) or []
                where = _client_path(reason)
                errors = [
                    f"{p or '/'}: {m}"
                    for p, m in found
                    if where is None or _related(p, where)
                ]
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
                        + "; ".join(dict.fromkeys(errors[:3])),
                    )
        return Result(key, flavor, "decode", "client", reason[:300])


def _client_path(reason: str) -> str | None:
    """The JSON pointer a decoding failure names ($.a[0].b or /a/0/b), if any."""
    import re

    found = re.search(r"\$((?:\.[^.\[:\s]+|\[\d+\])*)", reason)
    if found is not None:
        return re.sub(
            r"\.([^.\[]+)|\[(\d+)\]",
            lambda m: "/" + (m.group(1) or m.group(2)),
            found.group(1),
        )
    found = re.search(r"differs: (/\S*):", reason)
    return found.group(1) if found is not None else None


def _related(a: str, b: str) -> bool:
    """One pointer is the other or inside it."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/") or "" in (a, b)


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


def _listening(url: str) -> bool:
    """Whether a server still accepts connections at url."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return True
    except OSError:
        return False


def _json_list(text: str) -> list[Any]:
    try:
        found = json.loads(text)
    except ValueError:
        return []
    return found if isinstance(found, list) else []


def _status_error(
    key: tuple[str, str], flavor: str, exc: Any, spec_op: SpecOperation, values: Values
) -> Result:
    """A non-2xx answer: Prism's own error, or one of the spec's responses."""
    status = exc.status_code
    body = getattr(exc, "body", None)
    kind = str(body.get("type", "")) if isinstance(body, dict) else ""
    if "stoplight.io/prism/errors" in kind and isinstance(body, dict):
        return _prism_error(key, flavor, status, body, json_request(spec_op, values))
    declared = [str(s).upper() for s in spec_op.node.get("responses") or {}]
    if not any(s.startswith("2") or s == "DEFAULT" for s in declared):
        reason = f"the operation defines no 2xx response; Prism answered {status}"
        return Result(key, flavor, "exception", "spec", reason)
    if str(status) not in declared and f"{str(status)[0]}XX" not in declared:
        reason = f"Prism answered {status}, a status the operation does not define"
        return Result(key, flavor, "exception", "prism", reason)
    malformed = _malformed_media(spec_op, values)
    if malformed is not None:
        reason = f"the request media type {malformed!r} is malformed; Prism answered {status}"
        return Result(key, flavor, "exception", "spec", reason)
    return Result(key, flavor, "exception", "client", _text(exc))


def _malformed_media(spec_op: SpecOperation, values: Values) -> str | None:
    body = values.resolve(spec_op.node.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    for media in content or {}:
        params = str(media).split(";")[1:]
        if "/" not in str(media) or any("=" not in p for p in params):
            return str(media)
    return None


def _judge_violations(
    key: tuple[str, str],
    flavor: str,
    items: list[Any],
    decoding: bool,
    json_body: bool = True,
) -> Result:
    """Prism's findings: on the request (a rejection), or on its own answer."""
    items = [v for v in items if isinstance(v, dict)]
    request = [v for v in items if _location(v) != "response"]
    reason = _violation_list(items)
    if not request:
        if decoding:
            return Result(
                key,
                flavor,
                "decode",
                "spec",
                "Prism's answer breaks the spec (the spec's example): " + reason,
            )
        return Result(key, flavor, "exception", "client", reason)
    if "#" in key[1]:
        reason = "Prism routes the request (sent without the fragment) to another operation: "
        return Result(key, flavor, "rejected", "prism", reason + _violation_list(items))
    if all(_prism_limit(v, json_body) for v in request):
        return Result(
            key,
            flavor,
            "rejected",
            "prism",
            "Prism checks what OpenAPI leaves open: " + reason,
        )
    return Result(key, flavor, "rejected", "client", reason)


def _where(violation: dict[str, Any]) -> list[str]:
    """Where a finding is, without the leading "request" of the header form."""
    where = [str(x) for x in violation.get("location") or []]
    return where[1:] if where[:1] == ["request"] else where


def _location(violation: dict[str, Any]) -> str:
    where = _where(violation)
    return where[0] if where else ""


def _prism_limit(violation: dict[str, Any], json_body: bool) -> bool:
    """A finding that is Prism's own limit, not a broken request."""
    where = [x.lower() for x in _where(violation)]
    message = str(violation.get("message", ""))
    if where[:1] == ["header"] and len(where) > 1 and where[1] in IGNORED_HEADERS:
        return True  # OpenAPI ignores Accept, Content-Type and Authorization parameters
    # Prism parses form bodies (and reads other non-JSON bodies) into objects or
    # text, so a schema of another kind can never match.
    if json_body or not where or where[0] != "body":
        return False
    if where == ["body"]:
        return bool(
            re.fullmatch(r"Request body must be (string|object|array)", message)
        )
    return message.endswith("must be array")  # a form field sent as repeated keys


def json_request(spec_op: SpecOperation, values: Values) -> bool:
    """Whether the operation takes a JSON body (or any: `*/*`), which Prism reads
    as JSON; it reads form bodies without arrays (repeated keys stay one value)
    and other bodies as text."""
    body = values.resolve(spec_op.node.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    for media in content or {}:
        base = str(media).split(";")[0].strip().lower()
        if base.endswith(("/json", "+json")) or "*" in base:
            return True
    return False


def _prism_error(
    key: tuple[str, str],
    flavor: str,
    status: int,
    body: dict[str, Any],
    json_body: bool = True,
) -> Result:
    name = str(body.get("type", "")).rsplit("#", 1)[-1]
    detail = body.get("validation")
    if name == "UNPROCESSABLE_ENTITY" and isinstance(detail, list) and detail:
        judged = _judge_violations(key, flavor, detail, False, json_body)
        return Result(
            key, flavor, judged.outcome, judged.fault, f"{status}: {judged.reason}"
        )
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
        self.judge = Judge(self.spec, self.package, self.url)

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
            remaining = max(self.deadline - time.monotonic(), 1.0)
            try:
                asyncio.run(asyncio.wait_for(self._async_all(), remaining / 2 + 5))
            except asyncio.TimeoutError:
                pass  # the calls not made are reported by _async_all's plan
            self._sync_all()
        return self.results

    def _sync_all(self) -> None:
        """The sync calls, from a few threads, each with a client of its own.

        Prism answers one request at a time slowly (about 60 ms on large specs)
        while using little CPU, so calls in parallel save most of the time. They
        run after the async calls have decoded every answer once: the model
        runtime is not yet safe to decode a class for the first time from two
        threads at once (reported), and this suite does not test that.
        """
        local = threading.local()
        clients: list[Any] = []
        lock = threading.Lock()

        def operations() -> dict[tuple[str, str], Operation]:
            if not hasattr(local, "ops"):
                client = self.client("sync")
                with lock:
                    clients.append(client)
                local.ops = {op.key: op for op in walk(client)}
            return local.ops  # type: ignore[no-any-return]

        def one(spec_op: SpecOperation) -> Result:
            return self._sync(spec_op, _match(operations(), spec_op.key))

        try:
            with ThreadPoolExecutor(CONCURRENT) as pool:
                self.results += pool.map(one, spec_operations(self.spec, self.values))
        finally:
            for client in clients:
                client.close()

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
        """The async calls, a few at a time (Prism and the client work meanwhile)."""
        client = self.client("async")
        try:
            plan = self.plan(client)
            results: list[Result | None] = [None] * len(plan)
            gate = asyncio.Semaphore(CONCURRENT)

            async def one(i: int, spec_op: SpecOperation, op: Operation | None) -> None:
                async with gate:
                    results[i] = await self._async(spec_op, op)

            try:
                await asyncio.gather(*(one(i, *step) for i, step in enumerate(plan)))
            finally:
                late = "not called: the time budget ran out"
                for (spec_op, _), result in zip(plan, results):
                    self.results.append(
                        result
                        or Result(spec_op.key, "async", "exception", "client", late)
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
        return _after_retry(
            first, second, op, spec_op, self.values, self.plain, self.judge.check
        )

    def _with_retry(
        self, once: Callable[[Values], Result], op: Operation, spec_op: SpecOperation
    ) -> Result:
        first = once(self.values)
        if not _retry_worthy(first, self.package):
            return first
        second = once(self.plain)
        return _after_retry(
            first, second, op, spec_op, self.values, self.plain, self.judge.check
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
    check: SchemaCheck,
) -> Result:
    if _same_arguments(op, spec_op, values, plain):
        result = _unknown_required(first, spec_op, values)
        return _invalid_arguments(result, op, spec_op, values, check)
    if second.outcome == "ok":
        problems = _argument_problems(op, spec_op, values, check)
        if not problems:  # valid examples, rejected: how the client sent them
            return first
        return Result(
            first.key,
            first.flavor,
            "rejected",
            "spec",
            "the spec's example breaks its schema ("
            + "; ".join(problems[:3])
            + "; values made from the schema alone were accepted): "
            + first.reason,
        )
    result = _unknown_required(second, spec_op, values)
    return _invalid_arguments(result, op, spec_op, plain, check)


def _argument_problems(
    op: Operation, spec_op: SpecOperation, values: Values, check: SchemaCheck
) -> list[str]:
    """How the arguments made with values break their schemas (jsonschema, formats too)."""
    problems: list[str] = []
    try:
        listed = argument_list(op, spec_op, values)
    except SpecProblem:
        return problems
    for _, value, schema, where in listed:
        if schema is None or isinstance(value, (bytes, bytearray)):
            continue
        for pointer, message in check.errors(schema, value, formats=True) or []:
            problems.append(f"{where}{pointer}: {message}")
    return problems


def _invalid_arguments(
    result: Result,
    op: Operation,
    spec_op: SpecOperation,
    values: Values,
    check: SchemaCheck,
) -> Result:
    """A rejection of arguments that break their own schema says nothing of the
    client: the suite could not make valid ones (a contradictory schema, or one
    beyond support.values). Listed as such, with the reasons."""
    if result.fault != "client":
        return result
    problems = _argument_problems(op, spec_op, values, check)
    if not problems:
        return result
    reason = "no valid value could be made (" + "; ".join(problems[:3]) + "): "
    return Result(
        result.key, result.flavor, result.outcome, "values", reason + result.reason
    )


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
