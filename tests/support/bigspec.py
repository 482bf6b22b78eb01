"""A synthetic spec above the size the generator treats as big (progress, entry-by-entry YAML).

Most of its bulk is a vendor extension the generator ignores, so it is big as text
but quick to generate.
"""

from __future__ import annotations

FILLER = "x-notes: " + "lorem ipsum " * 40 + "\n"


def _schema(i: int) -> str:
    return (
        f"    Thing{i}:\n"
        "      type: object\n"
        f"      description: Thing number {i}.\n"
        + "".join(
            f"      {FILLER.strip()}{j}\n".replace("x-notes", f"x-notes-{j}")
            for j in range(8)
        )
        + "      properties:\n"
        "        id: {type: string}\n"
        f"        count{i}: {{type: integer}}\n"
    )


def big_spec(schemas: int = 60) -> str:
    """OpenAPI 3.1 YAML of more than 250,000 characters: one operation per schema."""
    paths = "".join(
        f"  /things/{i}:\n"
        "    get:\n"
        f"      operationId: getThing{i}\n"
        "      tags: [things]\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          content:\n"
        "            application/json:\n"
        f"              schema: {{$ref: '#/components/schemas/Thing{i}'}}\n"
        for i in range(schemas)
    )
    text = (
        "openapi: 3.1.0\n"
        "info: {title: Big, version: '1.0'}\n"
        "servers: [{url: 'http://127.0.0.1:9'}]\n"
        "paths:\n"
        + paths
        + "components:\n  schemas:\n"
        + "".join(_schema(i) for i in range(schemas))
    )
    assert len(text) > 250_000, len(text)
    return text
