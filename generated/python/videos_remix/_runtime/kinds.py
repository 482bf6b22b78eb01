"""The words generated Endpoints and the runtime share.

The generator's own enums (generator/plan/model.py) take their values from here,
and a test checks that the two agree, so a new kind cannot be added on one side only.
"""

from __future__ import annotations

__all__ = ["BODY_ENCODINGS", "LOCATIONS", "RESPONSE_KINDS", "SCHEME_KINDS"]

# How Endpoint.body is encoded.
BODY_ENCODINGS = ("json", "multipart", "form", "text", "binary")
# What Endpoint.response decodes to.
RESPONSE_KINDS = ("json", "binary", "text", "none", "sse", "page")
# Where a Param goes: "body" is one property of an object body, "body-root" the body.
LOCATIONS = ("path", "query", "header", "cookie", "body", "body-root")
# How a security scheme's credential is sent (auth.py's Scheme.kind).
SCHEME_KINDS = ("bearer", "basic", "api_key")
