"""Which request body is sent, and whether its properties become arguments."""

from __future__ import annotations

from generator import ir
from generator.plan import media as mt
from generator.plan.model import BodyEncoding, BodyPlan
from generator.plan.resolve import Resolver

# Encodings whose object bodies are sent property by property.
_BY_PROPERTY = (BodyEncoding.JSON, BodyEncoding.MULTIPART, BodyEncoding.FORM)


def plan_body(body: ir.RequestBody | None, resolver: Resolver) -> BodyPlan | None:
    if body is None or not body.contents:
        return None
    media = choose_media(body.contents, resolver)
    encoding = mt.encoding(media.media_type)
    content_type = None if encoding in _BY_PROPERTY else media.media_type
    schema = media.schema or ir.AnySchema(pointer=media.pointer)
    if "*" in mt.base(media.media_type):
        # A media range (`*/*`) is no Content-Type to send: bytes for a binary
        # schema, else JSON.
        binary = resolver.resolve(schema)
        if isinstance(binary, ir.PrimitiveSchema) and binary.format == "binary":
            encoding, content_type = BodyEncoding.BINARY, "application/octet-stream"
        else:
            encoding, content_type = BodyEncoding.JSON, None
    if encoding in _BY_PROPERTY and _only_empty(resolver.resolve(schema)):
        if not body.required:
            return None  # nothing to send (Stripe's list operations)
        fields: tuple[ir.Property, ...] | None = ()  # `{}`, sent as required
    else:
        target = resolver.object_of(schema)
        spread = (
            encoding in _BY_PROPERTY
            and target is not None
            and bool(target.properties)
            and not schema.nullable
        )
        fields = target.properties if spread and target is not None else None
    return BodyPlan(
        media=media,
        encoding=encoding,
        content_type=content_type,
        schema=schema,
        fields=fields,
        required=body.required,
        description=body.description,
        required_fields=frozenset(
            p.name
            for p in fields or ()
            if p.required
            and not (p.schema.read_only or resolver.resolve(p.schema).read_only)
        ),
    )


def _only_empty(schema: ir.Schema) -> bool:
    """An object that can hold no property (`additionalProperties: false` and
    none listed): a body of this schema carries nothing."""
    return (
        isinstance(schema, ir.MapSchema)
        and schema.constraints.max_properties == 0
        and not schema.nullable
    )


def choose_media(
    contents: tuple[ir.MediaType, ...], resolver: Resolver
) -> ir.MediaType:
    """JSON when the API takes it, unless the body carries files: JSON cannot."""
    multipart = next(
        (m for m in contents if m.media_type.startswith("multipart/")), None
    )
    if (
        multipart is not None
        and multipart.schema is not None
        and resolver.has_binary(multipart.schema)
    ):
        return multipart
    json_media = next((m for m in contents if mt.is_json(m.media_type)), None)
    if json_media is not None:
        return json_media
    for prefix in ("multipart/", "application/x-www-form-urlencoded", "text/"):
        found = next((m for m in contents if m.media_type.startswith(prefix)), None)
        if found is not None:
            return found
    return contents[0]
