"""Every construct the generator maps, generated from a spec written for it and exercised."""

from __future__ import annotations

import typing
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from conftest import ROOT
from support.checks import black_check, mypy_strict
from support.server import Reply, Seen, serve

SPECS = ROOT / "tests" / "specs"
PET = {
    "id": "p1",
    "name": "Rex",
    "kind": "dog",
    "created_at": 1,
    "class": "mammal",
    "created-by": "me",
    "1st_vet": "Dr",
}


@pytest.fixture
def cons(build_package: Any) -> Any:
    return build_package(SPECS / "constructs-31.yaml", "constructs31", docs=True)


def test_diagnostics_snapshot(cons: Any) -> None:
    found = sorted(
        (d.level.value, d.code, d.pointer) for d in cons.__result__.diagnostics
    )
    assert found == [
        ("info", "ignored-keyword", "/components/schemas/Unsupported/not"),
        ("warning", "undeclared-path-param", "/paths/~1archive~1{year}/get"),
    ]


def test_output_is_type_clean_and_black_clean(cons: Any, tmp_path: Path) -> None:
    root = Path(cons.__file__).parent
    done = mypy_strict(root.parent, [root.name], tmp_path)
    assert done.returncode == 0, done.stdout
    done = black_check(root.parent, [root.name])
    assert done.returncode == 0, done.stderr


def test_names_are_sanitised_and_collisions_resolved(cons: Any) -> None:
    m = cons.models
    assert {
        "Error",
        "Error2",
        "Pet",
        "PetBase",
        "NewPet",
        "Kind",
        "AdoptionEvent",
        "Any_",
    } <= set(m.__all__)
    pet = m.Pet.from_dict(PET)
    assert (pet.class_, pet.created_by, pet.field_1st_vet) == ("mammal", "me", "Dr")
    assert pet.to_dict() == PET
    assert m.Error2.__doc__ and "message" in m.Error2.__dataclass_fields__


def test_type_mapping(cons: Any) -> None:
    m = cons.models
    hints = typing.get_type_hints(
        m.Pet, localns={n: getattr(m, n) for n in m.__all__}, include_extras=True
    )
    assert hints["created_at"] is int  # unixtime
    assert hints["photo"] == str | None  # byte: base64 text, kept as sent
    assert typing.get_args(hints["status"])[0] == typing.Literal["active"]  # const
    assert typing.get_args(m.Kind) == (
        str,
        typing.Literal["dog", "cat", "bird"],
    )  # open enum
    assert m.Mixed == typing.Union[str, int, None]
    assert m.Metadata == dict[str, typing.Any] and m.Any_ is typing.Any
    assert (
        typing.get_origin(m.Shape) is typing.Annotated
    )  # the discriminator decides the variant


def test_discriminated_union_and_recursion(cons: Any) -> None:
    m = cons.models
    pet = m.Pet.from_dict({**PET, "shape": {"type": "square", "side": 2}})
    assert isinstance(pet.shape, m.Square)
    pet = m.Pet.from_dict({**PET, "shape": {"type": "circle", "radius": 1}})
    assert isinstance(pet.shape, m.Circle)
    tree = {"value": 1, "children": [{"value": 2, "children": []}]}
    assert m.Tree.from_dict(tree).to_dict() == tree


def _client(cons: Any, url: str) -> Any:
    return cons.Client(api_key="key-1", base_url=url)


def test_query_header_cookie_parameters_and_api_key(cons: Any) -> None:
    page = {"data": [PET], "has_more": False}
    with serve(lambda seen: Reply(200, page)) as server:
        result = _client(cons, server.url).pets.list(
            limit=5,
            tags=["a", "b"],
            filter=cons.models.Filter(kind="dog"),
            x_trace="t-1",
            session="s1",
        )
    seen = server.last
    assert seen.path.split("?")[0] == "/pets"
    assert parse_qsl(seen.path.split("?")[1]) == [
        ("limit", "5"),
        ("tags", "a"),
        ("tags", "b"),
        ("filter[kind]", "dog"),
    ]
    assert seen.headers["x-trace"] == "t-1" and seen.headers["cookie"] == "session=s1"
    assert seen.headers["x-api-key"] == "key-1" and "authorization" not in seen.headers
    assert isinstance(result.data[0], cons.models.Pet)


def test_all_of_bodies_nullable_fields_and_no_content(cons: Any) -> None:
    replies = iter([Reply(201, PET)] + [Reply(200, PET)] * 3 + [Reply(204)])
    with serve(lambda seen: next(replies)) as server:
        client = _client(cons, server.url)
        created = client.pets.create(name="Rex", kind="dog")
        client.pets.update("p1", nickname=None)
        client.pets.update("p1", name="Max")
        client.pets.update("p1", mood=None)
        assert client.pets.delete("p1") is None
    create, clear, rename, calm, delete = server.requests
    # null through a reference to a nullable schema is sent too
    assert calm.json() == {"mood": None}
    # and the docs say so, for a nullable object as for any other argument
    docs = Path(cons.__file__).parent.parent.parent / "docs" / "constructs31"
    page = (docs / "pets" / "update.md").read_text()
    (collar,) = [line for line in page.splitlines() if "`collar`" in line]
    assert "None" in collar, collar
    assert isinstance(created, cons.models.Pet)
    assert create.json() == {"name": "Rex", "kind": "dog"}
    assert clear.method == "PATCH" and clear.json() == {
        "nickname": None
    }  # null is sent
    assert rename.json() == {"name": "Max"}  # a nickname not given is not
    assert (delete.method, delete.path) == ("DELETE", "/pets/p1")


def test_multipart_upload_binary_download_and_text(cons: Any, tmp_path: Path) -> None:
    photo = tmp_path / "rex.png"
    photo.write_bytes(b"\x89PNG" + bytes(range(256)) * 100)

    def answer(seen: Seen) -> Reply:
        if seen.method == "PUT":
            return Reply(200, {"url": "https://example.com/rex.png"})
        if seen.method == "GET":
            return Reply(200, photo.read_bytes(), {"Content-Type": "image/png"})
        return Reply(200, seen.body.decode().upper(), {"Content-Type": "text/plain"})

    with serve(answer) as server:
        client = _client(cons, server.url)
        stored = client.pets.photo.update("p1", file=photo, caption="at the beach")
        with client.pets.photo.retrieve("p1") as body:
            written = body.write_to_file(tmp_path / "copy.png")
        note = client.pets.notes.create("p1", body="good dog")
    upload = server.requests[0]
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: "
        + upload.headers["content-type"].encode()
        + b"\r\n\r\n"
        + upload.body
    )
    parts = {
        part.get_param("name", header="content-disposition"): part
        for part in message.iter_parts()
    }
    assert (
        parts["file"].get_filename() == "rex.png"
        and parts["file"].get_content() == photo.read_bytes()
    )
    assert parts["caption"].get_content().strip() == "at the beach"
    assert stored.url == "https://example.com/rex.png"
    assert (
        written == photo.stat().st_size
        and (tmp_path / "copy.png").read_bytes() == photo.read_bytes()
    )
    assert (
        note == "GOOD DOG"
        and server.requests[2].headers["content-type"] == "text/plain"
    )


def test_form_bodies_fixed_queries_validation_and_untyped_responses(cons: Any) -> None:
    replies = iter(
        [
            Reply(200, {"token": "t"}),
            Reply(200, [{"type": "circle", "radius": 1}]),
            Reply(200, {"any": [1]}),
        ]
    )
    with serve(lambda seen: next(replies)) as server:
        client = _client(cons, server.url)
        token = client.login.create(user="ann", password="pw")
        hits = client.search.list(q="big cats")
        with pytest.raises(cons.ValidationError, match="pattern"):
            client.search.list(q="NOT LOWER")
        anything = client.archive.retrieve("2020")
    login, search, archive = server.requests
    assert login.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(login.body.decode()) == [("user", "ann"), ("password", "pw")]
    assert "x-api-key" not in login.headers  # security: [] on the operation
    assert token.token == "t"
    assert search.path == "/search?mode=fast&q=big%20cats"
    assert isinstance(hits[0], cons.models.Circle)
    assert archive.path == "/archive/2020" and anything == {"any": [1]}


def test_webhook_payloads_are_types_and_documented(cons: Any) -> None:
    event = cons.models.AdoptionEvent.from_dict(
        {"pet": PET, "at": "2024-01-01T00:00:00Z"}
    )
    assert isinstance(event.pet, cons.models.Pet)
    docs = Path(cons.__file__).parent.parent.parent / "docs" / "constructs31"
    page = (docs / "schemas" / "Pet.md").read_text()
    assert "Read-only" in page and "1 ≤ length" not in page.split("`name`")[0]
    assert "Any string; known values" in (docs / "schemas" / "Kind.md").read_text()


def test_openapi_30_forms(build_package: Any) -> None:
    pkg = build_package(SPECS / "constructs-30.yaml", "constructs30")
    m = pkg.models
    hints = typing.get_type_hints(
        m.Item, localns={n: getattr(m, n) for n in m.__all__}, include_extras=True
    )
    assert hints["note"] == str | None and "note" in m.Item.__dataclass_fields__
    assert m.Item.from_dict({"id": 1, "note": None}).note is None
    animal = m.Zoo.from_dict(
        {"animals": [{"kind": "Lion", "mane": True}, {"kind": "Snake", "length": 2}]}
    )
    assert [type(a).__name__ for a in animal.animals] == ["Lion", "Snake"]
    found = sorted((d.level.value, d.code) for d in pkg.__result__.diagnostics)
    assert found == []
