"""Whose fault a failed call is: the client's, the spec's, Prism's.

Prism's findings come in its `sl-violations` header or its problem+json body;
a decoding failure is put on Prism's answer only where that answer breaks the
response schema (checked with `jsonschema`) at the place the client failed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from support.arguments import IGNORED_HEADERS
from support.calls import Result, SpecOperation
from support.oas_schema import SchemaCheck
from support.operations import Operation
from support.values import Values


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
