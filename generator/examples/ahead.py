"""The examples the docs show whole, made by a forked process while this one plans.

A docs page shows the example of its named schema, of its request body and of
its responses. They need only the IR, so on a large spec a process forked once
the IR is built makes them while this one plans the views, on a core that would
be idle: on GitHub they took 0.3 s of the workers' time. They are handed back in
the order `shown` lists them, never by object identity, and `Examples` takes
them as if it had made them (each is a pure function of the schema and the API).
"""

from __future__ import annotations

import os
from typing import Any

from generator import forks, ir
from generator.examples.synth import Examples, Shown

THRESHOLD = 300  # named schemas and operations: fewer are made on demand


def shown(api: ir.Api) -> list[Shown]:
    """The schemas whose examples the docs show whole, and whether each is for a
    request: each named schema's, each request body's and each response's."""
    out: list[Shown] = [(s.schema, False) for s in api.schemas]
    for op in api.operations + api.webhooks:
        if op.request_body is not None:
            out += [(m.schema, True) for m in op.request_body.contents if m.schema]
        for response in op.responses:
            out += [(m.schema, False) for m in response.contents if m.schema]
    return out


class ExamplesAhead:
    """The shown examples of an API, being made by a forked process (when the API
    is large, a second core and a fork are there); `into` hands them over.

    It may be given the API before the share stage (generator/share.py) and
    hand the examples over for the API after it: sharing replaces an object
    only by one alike in all but its place, and an example depends on what a
    schema says, not where it sits. So the process starts while this one
    shares: on Stripe the other core was idle then."""

    def __init__(self, api: ir.Api, *, enabled: bool = True) -> None:
        self._made: forks.OneCall[list[Any]] | None = None
        size = len(api.schemas) + len(api.operations) + len(api.webhooks)
        if not enabled or size < THRESHOLD:
            return
        if (os.cpu_count() or 1) < 2 or not forks.can_fork():
            return
        self._made = forks.OneCall(_made, api)

    @property
    def forked(self) -> bool:
        return self._made is not None

    def into(self, examples: Examples, api: ir.Api) -> None:
        """Give examples, which are for api, what was made (nothing when nothing
        was forked). api is the API given, or the same after the share stage:
        its shown schemas are listed in the same order."""
        if self._made is not None:
            examples.take(shown(api), self._made.result())

    def close(self) -> None:
        if self._made is not None:
            self._made.close()


def _made(api: ir.Api) -> list[Any]:
    """In the forked process: the shown examples, in the order `shown` lists them."""
    examples = Examples({s.pointer: s for s in api.schemas})
    return [examples.example(schema, for_request=r) for schema, r in shown(api)]
