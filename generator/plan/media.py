"""What a media type is, for choosing bodies and responses."""

from __future__ import annotations

from generator import ir
from generator.plan.model import BodyEncoding

_BINARY_PREFIXES = (
    "application/octet-stream",
    "image/",
    "audio/",
    "video/",
    "application/pdf",
    "application/zip",
)


def base(media_type: str) -> str:
    """The media type without parameters, in lower case."""
    return media_type.split(";")[0].strip().lower()


def is_json(media_type: str) -> bool:
    name = base(media_type)
    return name == "application/json" or name.endswith("+json")


def is_event_stream(media_type: str) -> bool:
    return base(media_type) == "text/event-stream"


def is_binary(media: ir.MediaType) -> bool:
    if media.media_type.startswith(_BINARY_PREFIXES):
        return True
    return (
        isinstance(media.schema, ir.PrimitiveSchema) and media.schema.format == "binary"
    )


def encoding(media_type: str) -> BodyEncoding:
    if is_json(media_type):
        return BodyEncoding.JSON
    if media_type.startswith("multipart/"):
        return BodyEncoding.MULTIPART
    if media_type == "application/x-www-form-urlencoded":
        return BodyEncoding.FORM
    if media_type.startswith("text/") and not is_event_stream(media_type):
        return BodyEncoding.TEXT
    return BodyEncoding.BINARY
