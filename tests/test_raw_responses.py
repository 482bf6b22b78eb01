"""`with_raw_response` gives the raw response of every kind of operation, typed."""

from __future__ import annotations

import asyncio
from typing import Any

from support.server import Reply, serve

SPEC = """
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /notes:
    post:
      operationId: createNote
      requestBody:
        content: {application/json: {schema: {type: object, properties: {text: {type: string}}}}}
      responses:
        '201': {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}}
  /notes/{note_id}:
    delete:
      operationId: deleteNote
      parameters: [{name: note_id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: gone}}
components:
  schemas:
    Note: {type: object, properties: {id: {type: string}}}
"""


def _answer(seen: Any) -> Reply:
    if seen.method == "DELETE":
        return Reply(204, b"", {"x-request-id": "req_1"})
    return Reply(201, {"id": "n1"}, {"x-request-id": "req_2"})


def test_an_operation_without_a_body_still_gives_its_raw_response(
    build_package: Any,
) -> None:
    pkg = build_package(SPEC, "raw_notes")
    with serve(_answer) as server:
        client = pkg.Client(base_url=server.url)
        raw = client.notes.with_raw_response.delete("n1")
        assert isinstance(raw, pkg.RawResponse)
        assert (raw.status_code, raw.request_id, raw.content) == (204, "req_1", b"")
        assert raw.parse() is None
        created = client.notes.with_raw_response.create(text="hi")
        assert created.status_code == 201 and created.parse().id == "n1"
        # The resource itself still decodes: raw mode is not left behind.
        assert client.notes.create(text="hi").id == "n1"
        assert client.notes.delete("n1") is None


def test_async_raw_responses(build_package: Any) -> None:
    pkg = build_package(SPEC, "raw_notes_async")

    async def main(url: str) -> list[Any]:
        async with pkg.AsyncClient(base_url=url) as client:
            raw = await client.notes.with_raw_response.delete("n1")
            made = await client.notes.with_raw_response.create(text="hi")
            plain = await client.notes.create(text="hi")
            return [raw, made, plain]

    with serve(_answer) as server:
        raw, made, plain = asyncio.run(main(server.url))
    assert raw.status_code == 204 and raw.parse() is None
    assert made.status_code == 201 and made.parse().id == "n1"
    assert isinstance(plain, pkg.models.Note)


def test_raw_methods_are_typed(build_package: Any, tmp_path: Any) -> None:
    from support.checks import mypy_strict

    pkg = build_package(SPEC, "raw_notes_typed")
    root = tmp_path / "check"
    root.mkdir()
    (root / "use_raw.py").write_text(
        "from raw_notes_typed import Client, RawResponse\n"
        "from raw_notes_typed.models import Note\n\n"
        "def f(client: Client) -> None:\n"
        "    gone: RawResponse[None] = client.notes.with_raw_response.delete('n1')\n"
        "    made: RawResponse[Note] = client.notes.with_raw_response.create(text='x')\n"
        "    note: Note = made.parse()\n"
        "    print(gone.status_code, note.id)\n"
    )
    import pathlib

    python = pathlib.Path(pkg.__file__).parents[1]
    done = mypy_strict(python, ["raw_notes_typed", str(root / "use_raw.py")], tmp_path)
    assert done.returncode == 0, done.stdout[-2000:]
