"""A small API spec for functional tests of the runtime, and a way to run a call sync or async."""

from __future__ import annotations

import asyncio
import importlib
import inspect
from typing import Any, Callable

SPEC = """
openapi: 3.1.0
info: {title: Sample, version: "1"}
servers: [{url: "http://127.0.0.1:9"}]
security: [{bearer: []}]
paths:
  /items/{item_id}:
    get:
      operationId: getItem
      tags: [items]
      parameters:
        - {name: item_id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: The item.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
  /items:
    get:
      operationId: listItems
      tags: [items]
      parameters:
        - {name: after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: A page of items.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/ItemList"}
  /files:
    post:
      operationId: uploadFile
      tags: [files]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file, purpose]
              properties:
                file: {type: string, format: binary}
                purpose: {type: string}
      responses:
        "200":
          description: The stored file.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
  /files/{file_id}/content:
    put:
      operationId: putFileContent
      tags: [files]
      parameters:
        - {name: file_id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/octet-stream:
            schema: {type: string, format: binary}
      responses:
        "200":
          description: The stored file.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
    get:
      operationId: downloadFile
      tags: [files]
      parameters:
        - {name: file_id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: The file's bytes.
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Item:
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
    ItemList:
      type: object
      required: [data, has_more]
      properties:
        data: {type: array, items: {$ref: "#/components/schemas/Item"}}
        has_more: {type: boolean}
        last_id: {type: [string, "null"]}
    StreamEvent:
      type: object
      required: [type]
      properties:
        type: {type: string}
        delta: {type: string}
        sequence_number: {type: integer}
"""

KEY = "sk-sample-secret-0123456789"
FAST = {"timeout": 10.0}


def run(
    api: Any, flavor: str, url: str, call: Callable[[Any], Any], **client: Any
) -> Any:
    """call(client) on a sync Client, or awaited on an AsyncClient in a fresh event loop."""
    options = {"api_key": KEY, "base_url": url, **FAST, **client}
    if flavor == "sync":
        with api.Client(**options) as sync_client:
            return call(sync_client)

    async def main() -> Any:
        async with api.AsyncClient(**options) as async_client:
            result = call(async_client)
            if inspect.isawaitable(result):
                result = await result
            return result

    return asyncio.run(asyncio.wait_for(main(), 60))


def repeat(n: int) -> Callable[[Any], Any]:
    """A call for `run`: n retrievals of item_1 on one client (sync or async), their ids."""

    def calls(client: Any) -> Any:
        if not type(client).__name__.startswith("Async"):
            return [client.items.retrieve("item_1").id for _ in range(n)]

        async def go() -> list[str]:
            return [(await client.items.retrieve("item_1")).id for _ in range(n)]

        return go()

    return calls


def runtime(api: Any, module: str) -> Any:
    """A module of the package's runtime (`_runtime.<module>`), imported."""
    return importlib.import_module(f"{api.__name__}._runtime.{module}")
