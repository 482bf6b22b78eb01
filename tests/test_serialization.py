"""Parameters and form fields go on the wire as OpenAPI's `style`, `explode` and `encoding` say.

Expected values are the style table of OpenAPI 3.0.4/3.1.1 (RFC 6570): the
string `blue`, the array `[blue, black, brown]` and the object
`{R: 100, G: 200, B: 150}`. Where the standard says nothing (arrays and nested
objects inside deepObject, nested values in form bodies), the expectation is
what the official Stripe SDK sends. Every call goes through the generated
client, sync and async, to a loopback server that records the raw request.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, unquote

import pytest
from support.operations import by_endpoint
from support.sample import run
from support.server import Reply, Seen, serve

STRING = "blue"
ARRAY = ["blue", "black", "brown"]
OBJECT = {"R": 100, "G": 200, "B": 150}
_OBJ = "{type: object, additionalProperties: {type: integer}}"
_ARR = "{type: array, items: {type: string}}"
_STR = "{type: string}"


def _params(where: str, style: str, explode: bool, names: tuple[str, ...]) -> str:
    schemas = (_STR, _ARR, _OBJ)
    required = "true" if where == "path" else "false"
    return "".join(
        f"\n        - {{name: {n}, in: {where}, required: {required}, style: {style}, "
        f"explode: {str(explode).lower()}, schema: {s}}}"
        for n, s in zip(names, schemas)
    )


def _operation(path: str, params: str, extra: str = "") -> str:
    return f"""
  {path}:
    post:
      parameters:{params}
{extra}      responses: {{'204': {{description: done}}}}"""


PATH_STYLES = [(s, e) for s in ("simple", "label", "matrix") for e in (False, True)]
QUERY_STYLES = [
    ("form", False),
    ("form", True),
    ("spaceDelimited", False),
    ("pipeDelimited", False),
    ("deepObject", True),
]


def _spec() -> str:
    ops = []
    for style, explode in PATH_STYLES:
        ops.append(
            _operation(
                f"/path/{style}/{str(explode).lower()}/{{s}}/{{a}}/{{o}}",
                _params("path", style, explode, ("s", "a", "o")),
            )
        )
    for style, explode in QUERY_STYLES:
        ops.append(
            _operation(
                f"/query/{style}/{str(explode).lower()}",
                _params("query", style, explode, ("s", "a", "o")),
            )
        )
    for where, style in (("header", "simple"), ("cookie", "form")):
        for explode in (False, True):
            names = ("X-S", "X-A", "X-O") if where == "header" else ("s", "a", "o")
            ops.append(
                _operation(
                    f"/{where}/{str(explode).lower()}",
                    _params(where, style, explode, names),
                )
            )
    return (
        "openapi: 3.1.0\ninfo: {title: Styles, version: '1'}\npaths:"
        + "".join(ops)
        + EXTRA
    )


EXTRA = """
  /defaults/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: array, items: {type: integer}}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
        - {name: filter, in: query, schema: {type: object, additionalProperties: {type: string}}}
        - {name: X-Ids, in: header, schema: {type: array, items: {type: integer}}}
        - {name: flag, in: query, schema: {type: boolean}}
      responses: {'204': {description: done}}
  /content:
    get:
      parameters:
        - name: where
          in: query
          content: {application/json: {schema: {type: object, additionalProperties: {type: integer}}}}
        - {name: url, in: query, allowReserved: true, schema: {type: string}}
        - {name: plain, in: query, schema: {type: string}}
      responses: {'204': {description: done}}
  /files/{name}:
    get:
      parameters:
        - {name: name, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: done}}
  /labels/{dot}:
    get:
      parameters:
        - {name: dot, in: path, required: true, style: label, schema: {type: string}}
      responses: {'204': {description: done}}
  /form:
    post:
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                name: {type: string}
                paid: {type: boolean}
                media_url: {type: array, items: {type: string}}
                metadata: {type: object, additionalProperties: {type: string}}
                expand: {type: array, items: {type: string}}
                items: {type: array, items: {$ref: '#/components/schemas/Item'}}
                address: {$ref: '#/components/schemas/Address'}
                shipping: {$ref: '#/components/schemas/Address'}
                piped: {type: array, items: {type: integer}}
                joined: {type: array, items: {type: integer}}
                as_json: {type: object, additionalProperties: {type: integer}}
            encoding:
              metadata: {style: deepObject, explode: true}
              expand: {style: deepObject, explode: true}
              items: {style: deepObject, explode: true}
              address: {style: deepObject, explode: true}
              piped: {style: pipeDelimited, explode: false}
              joined: {style: form, explode: false}
              as_json: {contentType: application/json}
      responses: {'204': {description: done}}
  /detect:
    post:
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: string}
      responses: {'204': {description: done}}
  /upload:
    post:
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                meta: {$ref: '#/components/schemas/Address'}
                notes: {type: array, items: {type: string}}
                count: {type: integer}
                shape: {$ref: '#/components/schemas/Shape'}
            encoding:
              file: {contentType: image/png}
              count: {contentType: text/plain; charset=utf-8}
              shape: {contentType: application/vnd.shape+json}
      responses: {'204': {description: done}}
components:
  schemas:
    Shape: {type: object, properties: {sides: {type: integer}}}
    Item:
      type: object
      properties:
        price: {type: string}
        quantity: {type: integer}
    Address:
      type: object
      properties:
        city: {type: string}
        geo:
          type: object
          properties:
            lat: {type: number}
            tags: {type: array, items: {type: string}}
"""

# OpenAPI 3.1.1's style table, for the parameters s (string), a (array), o (object).
PATH_TABLE = {
    ("simple", False): ("blue", "blue,black,brown", "R,100,G,200,B,150"),
    ("simple", True): ("blue", "blue,black,brown", "R=100,G=200,B=150"),
    ("label", False): (".blue", ".blue,black,brown", ".R,100,G,200,B,150"),
    ("label", True): (".blue", ".blue.black.brown", ".R=100.G=200.B=150"),
    ("matrix", False): (";s=blue", ";a=blue,black,brown", ";o=R,100,G,200,B,150"),
    ("matrix", True): (";s=blue", ";a=blue;a=black;a=brown", ";R=100;G=200;B=150"),
}
QUERY_TABLE = {
    ("form", False): "s=blue&a=blue,black,brown&o=R,100,G,200,B,150",
    ("form", True): "s=blue&a=blue&a=black&a=brown&R=100&G=200&B=150",
    (
        "spaceDelimited",
        False,
    ): "s=blue&a=blue%20black%20brown&o=R%20100%20G%20200%20B%20150",
    (
        "pipeDelimited",
        False,
    ): "s=blue&a=blue%7Cblack%7Cbrown&o=R%7C100%7CG%7C200%7CB%7C150",
    # Arrays in deepObject are open in the standard: indexed, as Stripe sends them.
    ("deepObject", True): "s=blue&a%5B0%5D=blue&a%5B1%5D=black&a%5B2%5D=brown"
    "&o%5BR%5D=100&o%5BG%5D=200&o%5BB%5D=150",
}
HEADER_TABLE = {
    False: ("blue", "blue,black,brown", "R,100,G,200,B,150"),
    True: ("blue", "blue,black,brown", "R=100,G=200,B=150"),
}
COOKIE_TABLE = {
    False: "s=blue; a=blue,black,brown; o=R,100,G,200,B,150",
    True: "s=blue; a=blue; a=black; a=brown; R=100; G=200; B=150",
}


@pytest.fixture(scope="module")
def api(build_package_once: Any) -> Any:
    return build_package_once(_spec(), "styles_api")


def _send(
    api: Any, flavor: str, key: tuple[str, str], *args: Any, **kwargs: Any
) -> Seen:
    with serve(lambda seen: Reply(204)) as server:
        run(
            api,
            flavor,
            server.url,
            lambda c: by_endpoint(c)[key].method(*args, **kwargs),
        )
    return server.last


FLAVORS = pytest.mark.parametrize("flavor", ["sync", "async"])


@FLAVORS
@pytest.mark.parametrize(("style", "explode"), PATH_STYLES)
def test_path_styles(api: Any, flavor: str, style: str, explode: bool) -> None:
    template = f"/path/{style}/{str(explode).lower()}/{{s}}/{{a}}/{{o}}"
    seen = _send(api, flavor, ("POST", template), STRING, ARRAY, OBJECT)
    expected = PATH_TABLE[style, explode]
    assert seen.path == f"/path/{style}/{str(explode).lower()}/" + "/".join(expected)


@FLAVORS
@pytest.mark.parametrize(("style", "explode"), QUERY_STYLES)
def test_query_styles(api: Any, flavor: str, style: str, explode: bool) -> None:
    path = f"/query/{style}/{str(explode).lower()}"
    seen = _send(api, flavor, ("POST", path), s=STRING, a=ARRAY, o=OBJECT)
    assert seen.path == f"{path}?{QUERY_TABLE[style, explode]}"


@FLAVORS
@pytest.mark.parametrize("explode", [False, True])
def test_header_style(api: Any, flavor: str, explode: bool) -> None:
    seen = _send(
        api,
        flavor,
        ("POST", f"/header/{str(explode).lower()}"),
        x_s=STRING,
        x_a=ARRAY,
        x_o=OBJECT,
    )
    got = (seen.headers["x-s"], seen.headers["x-a"], seen.headers["x-o"])
    assert got == HEADER_TABLE[explode]


@FLAVORS
@pytest.mark.parametrize("explode", [False, True])
def test_cookie_style(api: Any, flavor: str, explode: bool) -> None:
    seen = _send(
        api,
        flavor,
        ("POST", f"/cookie/{str(explode).lower()}"),
        s=STRING,
        a=ARRAY,
        o=OBJECT,
    )
    assert seen.headers["cookie"] == COOKIE_TABLE[explode]


@FLAVORS
def test_defaults_by_location(api: Any, flavor: str) -> None:
    seen = _send(
        api,
        flavor,
        ("GET", "/defaults/{id}"),
        [1, 2],
        tags=["a b", "c,d"],
        filter={"status": "open"},
        x_ids=[3, 4],
        flag=True,
    )
    # path simple, query form exploded, header simple; each value encoded alone
    assert seen.path == "/defaults/1,2?tags=a%20b&tags=c%2Cd&status=open&flag=true"
    assert seen.headers["x-ids"] == "3,4"


@FLAVORS
def test_json_content_parameters_and_allow_reserved(api: Any, flavor: str) -> None:
    seen = _send(
        api,
        flavor,
        ("GET", "/content"),
        where={"a": 1},
        url="https://x.test/a?b",
        plain="https://x.test/a?b",
    )
    query = seen.path.split("?", 1)[1]
    assert query.split("&")[0] == "where=" + "%7B%22a%22%3A1%7D"
    assert query.split("&")[1] == "url=https:/" + "/x.test/a?b"
    assert query.split("&")[2] == "plain=https%3A%2F%2Fx.test%2Fa%3Fb"


@FLAVORS
@pytest.mark.parametrize(
    ("name", "sent"),
    [
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("a..b", "a..b"),
        ("...", "..."),
        ("../admin", "..%2Fadmin"),
    ],
)
def test_dot_segments_in_path_values_are_encoded(
    api: Any, flavor: str, name: str, sent: str
) -> None:
    seen = _send(api, flavor, ("GET", "/files/{name}"), name)
    assert seen.path == f"/files/{sent}"


@FLAVORS
def test_a_label_value_cannot_make_a_dot_segment(api: Any, flavor: str) -> None:
    seen = _send(api, flavor, ("GET", "/labels/{dot}"), ".")
    assert seen.path == "/labels/%2E%2E"
    seen = _send(api, flavor, ("GET", "/labels/{dot}"), "y")
    assert seen.path == "/labels/.y"


@FLAVORS
def test_form_body_encoding(api: Any, flavor: str) -> None:
    m = api.models
    seen = _send(
        api,
        flavor,
        ("POST", "/form"),
        name="Jenny Rosen",
        paid=False,
        media_url=["https://x.test/1.png", "https://x.test/2.png"],
        metadata={"order": "42"},
        expand=["sources", "tax"],
        items=[m.Item(price="p1", quantity=2), m.Item(price="p2")],
        address=m.Address(city="Paris", geo=m.AddressGeo(lat=48.8, tags=["x"])),
        shipping=m.Address(city="Rome", geo=m.AddressGeo(lat=41.9)),
        piped=[1, 2],
        joined=[3, 4],
        as_json={"a": 1},
    )
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(seen.body.decode("ascii")) == [
        ("name", "Jenny Rosen"),
        ("paid", "false"),
        # no encoding: style form, explode true (Twilio's MediaUrl)
        ("media_url", "https://x.test/1.png"),
        ("media_url", "https://x.test/2.png"),
        # deepObject, with Stripe's brackets for arrays and nested objects
        ("metadata[order]", "42"),
        ("expand[0]", "sources"),
        ("expand[1]", "tax"),
        ("items[0][price]", "p1"),
        ("items[0][quantity]", "2"),
        ("items[1][price]", "p2"),
        ("address[city]", "Paris"),
        ("address[geo][lat]", "48.8"),
        ("address[geo][tags][0]", "x"),
        # an object with no encoding: form, exploded; nested values bracketed
        ("city", "Rome"),
        ("geo[lat]", "41.9"),
        ("piped", "1|2"),
        ("joined", "3,4"),
        ("as_json", '{"a":1}'),
    ]


def _parts(seen: Seen) -> list[tuple[dict[str, str], bytes]]:
    boundary = seen.headers["content-type"].split("boundary=")[1].encode()
    out = []
    for chunk in seen.body.split(b"--" + boundary)[1:-1]:
        head, _, body = chunk[2:-2].partition(b"\r\n\r\n")
        headers = dict(
            line.split(": ", 1) for line in head.decode().split("\r\n") if line
        )
        out.append((headers, body))
    return out


@FLAVORS
def test_multipart_parts_follow_their_encoding(api: Any, flavor: str) -> None:
    m = api.models
    seen = _send(
        api,
        flavor,
        ("POST", "/upload"),
        file=b"\x89PNG",
        meta=m.Address(city="Oslo"),
        notes=["a", "b"],
        count=3,
        shape=m.Shape(sides=4),
    )
    parts = _parts(seen)
    by_name = [
        (unquote(h["Content-Disposition"].split('name="')[1].split('"')[0]), h, b)
        for h, b in parts
    ]
    assert [n for n, _, _ in by_name] == [
        "file",
        "meta",
        "notes",
        "notes",
        "count",
        "shape",
    ]
    file_headers, file_body = by_name[0][1], by_name[0][2]
    assert file_headers["Content-Type"] == "image/png" and file_body == b"\x89PNG"
    assert by_name[1][1]["Content-Type"] == "application/json"
    assert json.loads(by_name[1][2]) == {"city": "Oslo"}
    assert [b for n, _, b in by_name if n == "notes"] == [b"a", b"b"]
    assert "Content-Type" not in by_name[2][1]
    assert by_name[4][1]["Content-Type"] == "text/plain; charset=utf-8"
    assert by_name[4][2] == b"3"
    assert by_name[5][1]["Content-Type"] == "application/vnd.shape+json"
    assert json.loads(by_name[5][2]) == {"sides": 4}


BAD_STYLES = """
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/{id}:
    post:
      parameters:
        - {name: id, in: path, required: true, style: deepObject, schema: {type: string}}
        - {name: q, in: query, style: matrix, schema: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {f: {type: string}}}
            encoding:
              f: {style: label}
      responses: {'204': {description: done}}
"""


def test_a_style_not_defined_for_its_place_is_reported_and_the_default_used(
    build_package: Any,
) -> None:
    api = build_package(BAD_STYLES, "bad_styles")
    found = sorted(
        (d.code, d.pointer) for d in api.__result__.diagnostics if d.code == "bad-style"
    )
    assert found == [
        ("bad-style", "/paths/~1a~1{id}/post/parameters/0/style"),
        ("bad-style", "/paths/~1a~1{id}/post/parameters/1/style"),
        (
            "bad-style",
            "/paths/~1a~1{id}/post/requestBody/content/application~1x-www-form-urlencoded/encoding/f/style",
        ),
    ]
    with serve(lambda seen: Reply(204)) as server:
        run(
            api,
            "sync",
            server.url,
            lambda c: by_endpoint(c)["POST", "/a/{id}"].method("x", q="y", f="z"),
        )
    assert server.last.path == "/a/x?q=y" and server.last.body == b"f=z"


@FLAVORS
def test_a_form_body_given_as_text_is_sent_as_it_is(api: Any, flavor: str) -> None:
    """spoonacular's `POST /food/detect`: the form body's schema is a string."""
    seen = _send(api, flavor, ("POST", "/detect"), body="text=I%20like%20tacos")
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert seen.body == b"text=I%20like%20tacos"
