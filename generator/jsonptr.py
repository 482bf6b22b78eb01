"""JSON pointers (RFC 6901) used as the location of everything the generator reports."""

from __future__ import annotations

from typing import Any


def escape(token: str | int) -> str:
    text = token if type(token) is str else str(token)
    if "~" in text or "/" in text:
        return text.replace("~", "~0").replace("/", "~1")
    return text  # most tokens: GitHub's IR escapes 150,000


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    """Append tokens to a pointer: join("/paths", "/a/{id}") == "/paths/~1a~1{id}"."""
    if len(tokens) == 1:
        return pointer + "/" + escape(tokens[0])
    return pointer + "".join(["/" + escape(t) for t in tokens])


def split(pointer: str) -> list[str]:
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def lookup(document: Any, pointer: str) -> Any:
    """Return the value at pointer; raise KeyError naming the first missing token."""
    node = document
    for token in split(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(token)
    return node
