"""Code to copy for an operation: the Python call, its streaming and paging usage,
a curl command, and the request and response bodies as JSON.

Every value shown is an example that conforms to its schema (generator/examples);
the call's arguments are taken from the same request example the JSON shows.
What is sent how (body encoding, response kind, pages, streams) comes from the
HTTP plan, and the names from the Python view.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from typing import Any

from generator import escape, ir
from generator.compat import assert_never
from generator.docs.model import JsonExample, Snippet
from generator.docs.text import Blocks, Code, CodeBlock, Para, Text
from generator.docs.view import DocsView
from generator.examples import realistic
from generator.plan import media as mt
from generator.plan.model import BodyEncoding, ResponseKind
from generator.python import layout
from generator.python.credentials import SchemeView
from generator.python.operations import ArgView, OperationView
from generator.python.resources import ResourceView
from generator.python.typemap import FILE_INPUT
from generator.records import record

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@record
class _Arg:
    arg: ArgView
    value: Any  # a JSON value, or a _File


@record
class _File:
    path: str


def operation_snippets(
    docs: DocsView, resource: ResourceView, op: OperationView
) -> tuple[tuple[Snippet, ...], tuple[JsonExample, ...]]:
    request = _request_example(docs, op)
    args = _arguments(docs, op, request)
    examples = []
    if request is not None:
        examples.append(request)
    examples.extend(_response_examples(docs, op))
    snippets = [_python(docs, resource, op, args)]
    snippets.extend(_usage(docs, resource, op, args))
    snippets.append(_curl(docs, op, args, request))
    snippets.extend(_stream_as_sent(op))
    return tuple(snippets), tuple(examples)


def _stream_as_sent(op: OperationView) -> list[Snippet]:
    """The spec's example of an event stream, as it travels (when it gives one)."""
    for response in op.plan.response.responses:
        for media in response.contents:
            if mt.is_event_stream(media.media_type) and isinstance(media.example, str):
                text = media.example.strip("\n")
                return [
                    Snippet(
                        "Event stream (as sent)",
                        "example-stream",
                        (CodeBlock(text, "text"),),
                    )
                ]
    return []


def quickstart(docs: DocsView, resource: ResourceView, op: OperationView) -> Blocks:
    """A client made and the operation called with example arguments."""
    args = _arguments(docs, op, _request_example(docs, op))
    return _python(docs, resource, op, args).blocks


# -- values ---------------------------------------------------------------------------


def _request_example(docs: DocsView, op: OperationView) -> JsonExample | None:
    body = op.plan.body
    if body is None or body.encoding is not BodyEncoding.JSON:
        return None
    value = docs.examples.given(body.media.example, body.schema)
    if isinstance(value, ir.Missing):
        value = docs.examples.example(body.schema, for_request=True)
    if isinstance(value, ir.Missing):
        return None
    return JsonExample("Request body", value, body.schema.pointer, True)


def _arguments(
    docs: DocsView, op: OperationView, request: JsonExample | None
) -> list[_Arg]:
    """The call's arguments: every positional one, the required keyword ones."""
    sent = request.value if request is not None else None
    out = []
    for arg in op.positional + tuple(a for a in op.keyword if a.required):
        out.append(_Arg(arg, _value(docs, arg, sent)))
    return out


def _value(docs: DocsView, arg: ArgView, sent: Any) -> Any:
    if arg.type == FILE_INPUT or FILE_INPUT in getattr(arg.type, "members", ()):
        return _File(realistic.file_name(arg.wire))
    if arg.location == "body-root" and sent is not None:
        return sent
    if arg.location == "body" and isinstance(sent, dict) and arg.wire in sent:
        return sent[arg.wire]
    given = docs.examples.given(arg.example, arg.schema)
    if not isinstance(given, ir.Missing):
        return given
    return docs.examples.value(arg.schema, for_request=True, name=arg.wire)


def _python_value(value: Any) -> str:
    if isinstance(value, _File):
        return f"Path({escape.py_str(value.path)})"
    return escape.py_literal(value)


# -- Python ---------------------------------------------------------------------------


def _call(
    resource: ResourceView,
    op: OperationView,
    args: list[_Arg],
    prefix: str,
    extra: list[str],
    suffix: str = "",
) -> str:
    parts = [_python_value(a.value) for a in args if a.arg.location == "path"]
    parts += [
        f"{a.arg.name}={_python_value(a.value)}"
        for a in args
        if a.arg.location != "path"
    ]
    function = f"client.{resource.access}.{op.name}"
    return layout.call(prefix, function, parts + extra, suffix, 0)


def _program(docs: DocsView, args: list[_Arg], lines: list[str]) -> CodeBlock:
    head = [f"from {docs.view.name} import Client"]
    if any(isinstance(a.value, _File) for a in args):
        head = ["from pathlib import Path", ""] + head
    return CodeBlock("\n".join(head + ["", "client = Client()"] + lines), "python")


def _python(
    docs: DocsView, resource: ResourceView, op: OperationView, args: list[_Arg]
) -> Snippet:
    kind = op.plan.response.kind
    match kind:
        case ResponseKind.JSON | ResponseKind.TEXT:
            lines = [_call(resource, op, args, "result = ", []), "print(result)"]
        case ResponseKind.NONE:
            lines = [_call(resource, op, args, "", [])]
        case ResponseKind.BINARY:
            lines = [
                _call(resource, op, args, "with ", [], " as response:"),
                '    response.write_to_file("output.bin")',
            ]
        case ResponseKind.PAGE:
            lines = [
                _call(resource, op, args, "for item in ", [], ":"),
                "    print(item)",
            ]
        case ResponseKind.SSE:
            lines = [
                _call(resource, op, args, "with ", [], " as stream:"),
                "    for event in stream:",
                "        print(event)",
            ]
        case _:
            assert_never(kind)
    return Snippet("Python", "example-python", (_program(docs, args, lines),))


def _usage(
    docs: DocsView, resource: ResourceView, op: OperationView, args: list[_Arg]
) -> list[Snippet]:
    """Streaming with `stream=True`, and page by page."""
    response = op.plan.response
    out = []
    if response.stream is not None and op.stream_type is not None:
        stream_arg = next(a for a in op.keyword if a.wire == response.stream.param)
        lines = [
            _call(
                resource, op, args, "with ", [f"{stream_arg.name}=True"], " as stream:"
            ),
            "    for chunk in stream:",
            "        print(chunk)",
        ]
        intro = Para(
            (
                Text("With "),
                Code(f"{stream_arg.name}=True"),
                Text(" the answer arrives as a stream of events:"),
            )
        )
        out.append(
            Snippet(
                "Streaming", "example-streaming", (intro, _program(docs, args, lines))
            )
        )
    if response.page is not None:
        lines = [
            _call(resource, op, args, "page = ", []),
            "print(page.data, page.has_more)",
            "while page.has_more:",
            "    page = page.next_page()",
            "    print(page.data)",
        ]
        intro = Para(
            (
                Text(
                    "Iterating goes through every item of every page, each page fetched when reached. Page by page:"
                ),
            )
        )
        out.append(
            Snippet("Pages", "example-pages", (intro, _program(docs, args, lines)))
        )
    return out


# -- curl -----------------------------------------------------------------------------


def _curl(
    docs: DocsView, op: OperationView, args: list[_Arg], request: JsonExample | None
) -> Snippet:
    ir_op = op.operation
    schemes = _shown_schemes(docs, op)
    lines = [f"curl -X {ir_op.method.upper()} {_url(docs, ir_op, args, schemes)}"]
    lines.extend(_auth(schemes))
    for a in args:
        if a.arg.location == "header":
            lines.append("-H " + escape.sh_quote(f"{a.arg.wire}: {_text(a.value)}"))
        elif a.arg.location == "cookie":
            lines.append("-b " + escape.sh_quote(f"{a.arg.wire}={_text(a.value)}"))
    lines.extend(_body(op, args, request))
    if op.plan.response.kind is ResponseKind.BINARY:
        lines.append("-o output.bin")
    text = " \\\n  ".join(lines)
    return Snippet("curl", "example-curl", (CodeBlock(text, "sh"),))


def _url(
    docs: DocsView, ir_op: ir.Operation, args: list[_Arg], schemes: list[SchemeView]
) -> str:
    path = ir_op.path.split("#", 1)[0]
    for a in args:
        if a.arg.location == "path":
            path = path.replace(
                "{" + a.arg.wire + "}", urllib.parse.quote(_text(a.value), safe="")
            )
    query = [(a.arg.wire, _text(a.value)) for a in args if a.arg.location == "query"]
    if query:
        path += ("&" if "?" in path else "?") + urllib.parse.urlencode(query)
    base = docs.view.base_url.rstrip("/")
    keys = [s for s in schemes if s.location == "query"]
    if keys:
        text, rest, started = "", base + path, "?" in path
        for scheme in keys:
            key = urllib.parse.quote(scheme.name, safe="")
            rest += ("&" if started else "?") + f"{key}="
            text += escape.sh_double(rest) + _env(scheme, 0)
            rest, started = "", True
        return f'"{text}"'
    if base:
        return escape.sh_quote(base + path)
    if _IDENTIFIER.match(docs.view.base_url_env):
        return f'"${docs.view.base_url_env}"' + escape.sh_quote(path)
    return escape.sh_quote(path)


def _shown_schemes(docs: DocsView, op: OperationView) -> list[SchemeView]:
    """The schemes of the operation's first alternative that takes credentials."""
    credentials = docs.view.credentials
    for alternative in op.plan.security.alternatives:
        if alternative:
            return [credentials.scheme(k) for k in alternative]
    return []


def _auth(schemes: list[SchemeView]) -> list[str]:
    """curl's options for the credentials sent in headers and cookies."""
    out = []
    cookies = []
    for scheme in schemes:
        if scheme.basic:
            out.append(f'-u "{_env(scheme, 0)}:{_env(scheme, 1)}"')
        elif scheme.location == "header":
            head = escape.sh_double(f"{scheme.name}: {scheme.prefix}")
            out.append(f'-H "{head}{_env(scheme, 0)}"')
        elif scheme.location == "cookie":
            cookies.append(escape.sh_double(f"{scheme.name}=") + _env(scheme, 0))
    if cookies:
        out.append('-b "' + "; ".join(cookies) + '"')
    return out


def _env(scheme: SchemeView, i: int) -> str:
    """A shell reference to the variable the scheme's i-th argument is read from."""
    env = scheme.envs[i]
    return "$" + (env if _IDENTIFIER.match(env) else scheme.args[i].upper())


def _body(
    op: OperationView, args: list[_Arg], request: JsonExample | None
) -> list[str]:
    body = op.plan.body
    if body is None:
        return []
    fields = [a for a in args if a.arg.location in ("body", "body-root")]
    match body.encoding:
        case BodyEncoding.JSON:
            # One line: the request body is shown laid out beside it.
            value = request.value if request is not None else {}
            text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
            return [
                "-H 'Content-Type: application/json'",
                "-d " + escape.sh_quote(text),
            ]
        case BodyEncoding.MULTIPART:
            return ["-F " + escape.sh_quote(_form_part(a)) for a in fields]
        case BodyEncoding.FORM:
            return [
                "--data-urlencode " + escape.sh_quote(f"{a.arg.wire}={_text(a.value)}")
                for a in fields
            ]
        case BodyEncoding.TEXT | BodyEncoding.BINARY:
            content = body.content_type or "application/octet-stream"
            data = next((a.value for a in fields), "")
            sent = f"@{data.path}" if isinstance(data, _File) else _text(data)
            return [
                "-H " + escape.sh_quote(f"Content-Type: {content}"),
                "--data-binary " + escape.sh_quote(sent),
            ]
        case _:
            assert_never(body.encoding)


def _form_part(a: _Arg) -> str:
    if isinstance(a.value, _File):
        return f"{a.arg.wire}=@{a.value.path}"
    return f"{a.arg.wire}={_text(a.value)}"


def _text(value: Any) -> str:
    """A value as it travels in a URL, a header or a form field."""
    if isinstance(value, _File):
        return value.path
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# -- responses ------------------------------------------------------------------------


def _response_examples(docs: DocsView, op: OperationView) -> list[JsonExample]:
    response = op.plan.response
    out = []
    if response.kind in (ResponseKind.JSON, ResponseKind.PAGE) and response.schemas:
        schema = response.schemas[0]
        status, media = _media_of(response.responses, schema)
        value = docs.examples.given(media.example if media else ir.MISSING, schema)
        if isinstance(value, ir.Missing):
            value = docs.examples.example(schema)
        if not isinstance(value, ir.Missing):
            out.append(
                JsonExample(f"Response ({status})", value, schema.pointer, False)
            )
    if response.events:
        schema = response.events[0]
        value = docs.examples.example(schema)
        if not isinstance(value, ir.Missing):
            out.append(JsonExample("Event", value, schema.pointer, False))
    return out


def _media_of(
    responses: tuple[ir.Response, ...], schema: ir.Schema
) -> tuple[str, ir.MediaType | None]:
    for response in responses:
        for media in response.contents:
            if media.schema is schema:
                return response.status, media
    return (responses[0].status if responses else "200"), None
