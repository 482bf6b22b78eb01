"""Plausible example values from a field's name and format, instead of `"string"`.

A format decides first (`date-time`, `email`, `uuid`, ...), then the name (exact
names, then suffixes such as `_id`, `_url`, `_at`), then the name itself, as the
official SDKs' references do (`"prompt": "prompt"`). Numbers get plausible
values for common names (`limit`, `page`, `created_at`). Everything is
deterministic; constraints are applied by the caller.
"""

from __future__ import annotations

from generator import naming

DATE_TIME = "2024-01-01T00:00:00Z"
TIMESTAMP = 1704067200  # 2024-01-01T00:00:00Z
FORMATS = {
    "date-time": DATE_TIME,
    "date": "2024-01-01",
    "time": "12:00:00Z",
    "duration": "P1D",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "iri": "https://example.com",
    "uri-reference": "https://example.com",
    "iri-reference": "https://example.com",
    "uri-template": "https://example.com/{id}",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "aGVsbG8=",
    "binary": "file.bin",
    "password": "correct-horse-battery-staple",
    "json-pointer": "/path/to/value",
    "regex": "^[a-z]+$",
    "int32": "1",
    "int64": "1",
    "decimal": "1.5",
    "double": "1.5",
    "float": "1.5",
}
_NAMES = {
    "email": "user@example.com",
    "url": "https://example.com",
    "uri": "https://example.com",
    "href": "https://example.com",
    "link": "https://example.com",
    "website": "https://example.com",
    "homepage": "https://example.com",
    "blog": "https://example.com/blog",
    "name": "Example",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "full_name": "Ada Lovelace",
    "display_name": "Ada Lovelace",
    "username": "ada",
    "login": "ada",
    "user": "ada",
    "title": "Example title",
    "description": "A short description.",
    "summary": "A short summary.",
    "text": "Hello, world.",
    "content": "Hello, world.",
    "message": "Hello, world.",
    "body": "Hello, world.",
    "comment": "Looks good to me.",
    "note": "A short note.",
    "prompt": "A calico cat playing a piano",
    "instructions": "You are a helpful assistant.",
    "input": "Hello, world.",
    "query": "search terms",
    "q": "search terms",
    "phone": "+1-555-0100",
    "phone_number": "+1-555-0100",
    "country": "US",
    "country_code": "US",
    "currency": "usd",
    "language": "en",
    "lang": "en",
    "locale": "en-US",
    "timezone": "UTC",
    "time_zone": "UTC",
    "color": "#1f6feb",
    "path": "path/to/file.txt",
    "filename": "file.txt",
    "file_name": "file.txt",
    "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
    "commit_id": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
    "version": "1.0.0",
    "status": "active",
    "state": "open",
    "role": "user",
    "token": "token_abc123",
    "password": "correct-horse-battery-staple",
    "secret": "secret_abc123",
    "api_key": "sk-abc123",
    "ref": "main",
    "branch": "main",
    "owner": "octocat",
    "repo": "hello-world",
    "org": "example-org",
    "organization": "example-org",
    "slug": "example-slug",
    "label": "Example label",
    "ip": "192.0.2.1",
    "ip_address": "192.0.2.1",
    "host": "example.com",
    "hostname": "example.com",
    "domain": "example.com",
    "city": "Berlin",
    "address": "1 Example Street",
    "postal_code": "10115",
    "zip": "10115",
    "mime_type": "application/json",
    "content_type": "application/json",
    "date": "2024-01-01",
}
_SUFFIXES = (
    ("_url", "https://example.com"),
    ("_uri", "https://example.com"),
    ("_href", "https://example.com"),
    ("_email", "user@example.com"),
    ("_at", DATE_TIME),
    ("_time", DATE_TIME),
    ("_date", "2024-01-01"),
    ("_sha", "6dcb09b5b57875f334f61aebed695e2e4193db5e"),
    ("_name", "Example"),
)
_NUMBERS = {
    "limit": 20,
    "per_page": 30,
    "page_size": 20,
    "max_results": 20,
    "page": 1,
    "year": 2024,
    "month": 1,
    "day": 1,
    "port": 8080,
    "count": 1,
    "total": 1,
    "total_count": 1,
    "quantity": 1,
    "amount": 100,
    "size": 1024,
    "temperature": 1,
    "top_p": 1,
    "n": 1,
    "seed": 42,
    "number": 1,
    "age": 30,
}
_TIMESTAMP_WORDS = ("created", "updated", "timestamp", "expires", "deleted", "since")


def string(name: str | None, fmt: str | None) -> str:
    """A plausible string for a field of this name and format."""
    if fmt in FORMATS:
        return FORMATS[fmt]
    if not name:
        return "example"
    key = "_".join(naming.words(name))
    if key in _NAMES:
        return _NAMES[key]
    if key == "id":
        return "abc123"
    if key.endswith("_id") or key.endswith("_ids"):
        stem = key.rsplit("_id", 1)[0]
        return f"{stem}_abc123"
    for suffix, value in _SUFFIXES:
        if key.endswith(suffix):
            return value
    return name


def number(name: str | None, fmt: str | None) -> int:
    """A plausible integer for a field of this name (the caller keeps it in bounds)."""
    if fmt == "unixtime":
        return TIMESTAMP
    key = "_".join(naming.words(name or ""))
    if key in _NUMBERS:
        return _NUMBERS[key]
    if key.endswith("_at") or any(word in key for word in _TIMESTAMP_WORDS):
        return TIMESTAMP
    if key.endswith("_count") or key.endswith("_size"):
        return 1
    if key == "id" or key.endswith("_id"):
        return 1
    return 0


_FILES = (
    ("image", "image.png"),
    ("photo", "image.png"),
    ("mask", "mask.png"),
    ("audio", "audio.mp3"),
    ("voice", "audio.mp3"),
    ("speech", "audio.mp3"),
    ("video", "video.mp4"),
    ("pdf", "document.pdf"),
    ("document", "document.pdf"),
    ("csv", "data.csv"),
    ("jsonl", "data.jsonl"),
)


def file_name(name: str | None) -> str:
    """A plausible name for a file uploaded as this field."""
    key = "_".join(naming.words(name or ""))
    for word, path in _FILES:
        if word in key:
            return path
    return "file.bin"
