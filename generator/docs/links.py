"""Links in descriptions: made absolute against the API's site, or reported.

A relative link in a description (`/docs/guides/x`) is resolved against the
document's `externalDocs` URL, else its first server's URL. One that cannot be
resolved (no base, an in-page `#fragment`) is shown as text, and reported as a
diagnostic. Only http(s) and mailto links are ever followed.
"""

from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import urljoin

from generator import escape, ir

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_TARGETS = re.compile(r"\]\(\s*<?([^)>\s]*)")


class LinkBase:
    def __init__(self, api: ir.Api) -> None:
        candidates = [api.external_docs] + [s.url for s in api.servers]
        self.base = next(
            (escape.safe_url(c) for c in candidates if c and escape.safe_url(c)), None
        )

    def resolve(self, target: str) -> str | None:
        """An absolute, followable URL for a link target, or None (show the text)."""
        target = target.strip()
        if not target or target.startswith("#"):
            return None
        absolute = escape.safe_url(target)
        if absolute is not None:
            return absolute
        if target.startswith("//"):
            return escape.safe_url("https:" + target)
        if _SCHEME.match(target) or self.base is None:
            return None
        return escape.safe_url(urljoin(self.base, target))

    def problems(self, api: ir.Api) -> list[tuple[str, str]]:
        """(pointer, message) for each link in a description that is shown as text."""
        out = []
        for pointer, text in _descriptions(api):
            if "](" not in text:
                continue
            for target in _TARGETS.findall(text):
                if not target or self.resolve(target) is not None:
                    continue
                if _SCHEME.match(target) and not target.startswith("#"):
                    why = "its scheme is not followed"
                elif target.startswith("#"):
                    why = "an in-page link of another site cannot be followed here"
                else:
                    why = "there is no base to resolve it against (no `externalDocs` or server URL)"
                out.append((pointer, f"link {target[:80]!r} is shown as text: {why}"))
        return out


def _descriptions(api: ir.Api) -> Iterator[tuple[str, str]]:
    if api.description:
        yield "/info/description", api.description
    for tag in api.tags:
        if tag.description:
            yield "/tags", tag.description
    roots: list[ir.Schema] = [s.schema for s in api.schemas]
    for op in api.operations + api.webhooks:
        for text in (op.summary, op.description):
            if text:
                yield op.pointer, text
        for p in op.parameters:
            if p.description:
                yield p.pointer, p.description
        if op.request_body is not None and op.request_body.description:
            yield op.request_body.pointer, op.request_body.description
        for r in op.responses:
            if r.description:
                yield r.pointer, r.description
            for h in r.headers:
                if h.description:
                    yield r.pointer, h.description
        roots.extend(ir.operation_schemas(op))
    seen: set[int] = set()
    stack = roots
    while stack:
        schema = stack.pop()
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        if schema.description:
            yield schema.pointer, schema.description
        if isinstance(schema, ir.ObjectSchema):
            for prop in schema.properties:
                if prop.description and prop.description != prop.schema.description:
                    yield prop.pointer, prop.description
        stack.extend(ir.children(schema))
