"""What a request says on the wire, normalised so two clients' requests can be compared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

from support.operations import Operation
from support.server import Seen, Server


@dataclass(frozen=True)
class Wire:
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    body: tuple[tuple[str, str], ...]


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """Decoded pairs, grouped by key (the order of one key's values is kept).

    Booleans compare without regard to case: OpenAPI serializes them as
    true/false, some official SDKs send Python's True/False.
    """
    pairs = [
        (k, v.lower() if v.lower() in ("true", "false") else v)
        for k, v in parse_qsl(text, keep_blank_values=True)
    ]
    return tuple(sorted(pairs, key=lambda kv: kv[0]))


def wire(seen: Seen) -> Wire:
    url = urlsplit(seen.path)
    form = "application/x-www-form-urlencoded" in seen.headers.get("content-type", "")
    body = _pairs(seen.body.decode("utf-8")) if form else ()
    if not form and seen.body:
        body = (("<raw>", seen.body.decode("utf-8", "replace")),)
    return Wire(seen.method, url.path, _pairs(url.query), body)


def record(server: Server, call: Callable[[], Any], tolerate: tuple[type, ...]) -> Wire:
    """The one request call sends; an exception of a tolerated type raised after
    the request was answered (decoding a made-up reply) is ignored."""
    before = len(server.requests)
    try:
        call()
    except tolerate:
        if len(server.requests) == before:
            raise
    sent = server.requests[before:]
    assert len(sent) == 1, [s.path for s in sent]
    return wire(sent[0])


def call_by_wire_names(op: Operation, **wire_args: Any) -> Any:
    """Call an operation with its arguments named as in the spec (path ones too)."""
    names = {(p.wire or p.name): p.name for p in op.endpoint.params}
    return op.method(**{names[k]: v for k, v in wire_args.items()})
