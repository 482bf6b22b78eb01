"""Call every operation of a generated client against Prism and judge each call.

Arguments come from the raw spec (support.values), never from the generator.
Each call ends in one outcome:

- ok: a 2xx answer that decodes, and decoding then encoding gives back what
  Prism sent;
- rejected: Prism found the request breaks the spec (its `sl-violations`);
- decode: the answer did not decode, or did not round-trip;
- exception: anything else the client raised.

and each failure gets a fault: the client's, unless the spec is to blame (its
example breaks its schema, as shown by a retry with values made from the
schema alone; it requires a property it does not define; Prism's answer,
taken from the spec's examples, breaks the response schema where the client
failed), or Prism is (an error of its own, a path it cannot route, a check of
what OpenAPI leaves open), or the arguments themselves break their schema
("values": the suite could not make valid ones). Every reason is kept.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from support.arguments import SpecProblem, argument_list, arguments
from support.calls import OUTCOMES, Result, SpecOperation, match, spec_operations
from support.judge import Judge
from support.oas_schema import SchemaCheck
from support.operations import Operation, walk
from support.values import Values

__all__ = ["OUTCOMES", "Result", "Runner"]

CALL_TIMEOUT = 30.0


CONCURRENT = 4  # async calls in flight at once (Prism answers slowly, using little CPU)


KEY = "user:secret-key-0123"  # any credential Prism accepts; basic auth reads user:password


@dataclass
class Runner:
    """Calls every operation of one spec, sync then async, within a deadline."""

    spec: dict[str, Any]
    package: Any
    url: str
    deadline: float  # time.monotonic() after which no call starts
    results: list[Result] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.values = Values(self.spec)
        self.plain = Values(self.spec, use_examples=False)
        self.judge = Judge(self.spec, self.package, self.url)

    def client(self, flavor: str) -> Any:
        cls = self.package.Client if flavor == "sync" else self.package.AsyncClient
        return cls(api_key=KEY, base_url=self.url, timeout=CALL_TIMEOUT, max_retries=0)

    def plan(self, client: Any) -> list[tuple[SpecOperation, Operation | None]]:
        ops = {op.key: op for op in walk(client)}
        return [(s, match(ops, s.key)) for s in spec_operations(self.spec, self.values)]

    def run(self) -> list[Result]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            remaining = max(self.deadline - time.monotonic(), 1.0)
            try:
                asyncio.run(asyncio.wait_for(self._async_all(), remaining / 2 + 5))
            except asyncio.TimeoutError:
                pass  # the calls not made are reported by _async_all's plan
            self._sync_all()
        return self.results

    def _sync_all(self) -> None:
        """The sync calls, from a few threads, each with a client of its own.

        Prism answers one request at a time slowly (about 60 ms on large specs)
        while using little CPU, so calls in parallel save most of the time. They
        run after the async calls have decoded every answer once: the model
        runtime is not yet safe to decode a class for the first time from two
        threads at once (reported), and this suite does not test that.
        """
        local = threading.local()
        clients: list[Any] = []
        lock = threading.Lock()

        def operations() -> dict[tuple[str, str], Operation]:
            if not hasattr(local, "ops"):
                client = self.client("sync")
                with lock:
                    clients.append(client)
                local.ops = {op.key: op for op in walk(client)}
            return local.ops  # type: ignore[no-any-return]

        def one(spec_op: SpecOperation) -> Result:
            return self._sync(spec_op, match(operations(), spec_op.key))

        try:
            with ThreadPoolExecutor(CONCURRENT) as pool:
                self.results += pool.map(one, spec_operations(self.spec, self.values))
        finally:
            for client in clients:
                client.close()

    def _skip(
        self, spec_op: SpecOperation, op: Operation | None, flavor: str
    ) -> Result | None:
        if op is None:
            return Result(
                spec_op.key,
                flavor,
                "exception",
                "client",
                "no method of the client sends this operation",
            )
        if time.monotonic() > self.deadline:
            return Result(
                spec_op.key,
                flavor,
                "exception",
                "client",
                "not called: the time budget ran out",
            )
        return None

    def _sync(self, spec_op: SpecOperation, op: Operation | None) -> Result:
        skipped = self._skip(spec_op, op, "sync")
        if skipped is not None or op is None:
            return skipped  # type: ignore[return-value]

        def once(values: Values) -> Result:
            try:
                kwargs = arguments(op, spec_op, values)
                raw = op.raw(**kwargs)
            except SpecProblem as problem:
                return Result(spec_op.key, "sync", "exception", "spec", str(problem))
            except Exception as exc:
                return self.judge.failure(spec_op.key, "sync", exc, spec_op)
            return self.judge.answer(spec_op.key, "sync", op, raw, spec_op)

        return self._with_retry(once, op, spec_op)

    async def _async_all(self) -> None:
        """The async calls, a few at a time (Prism and the client work meanwhile)."""
        client = self.client("async")
        try:
            plan = self.plan(client)
            results: list[Result | None] = [None] * len(plan)
            gate = asyncio.Semaphore(CONCURRENT)

            async def one(i: int, spec_op: SpecOperation, op: Operation | None) -> None:
                async with gate:
                    results[i] = await self._async(spec_op, op)

            try:
                await asyncio.gather(*(one(i, *step) for i, step in enumerate(plan)))
            finally:
                late = "not called: the time budget ran out"
                for (spec_op, _), result in zip(plan, results):
                    self.results.append(
                        result
                        or Result(spec_op.key, "async", "exception", "client", late)
                    )
        finally:
            await client.close()

    async def _async(self, spec_op: SpecOperation, op: Operation | None) -> Result:
        skipped = self._skip(spec_op, op, "async")
        if skipped is not None or op is None:
            return skipped  # type: ignore[return-value]

        async def once(values: Values) -> Result:
            try:
                kwargs = arguments(op, spec_op, values)
                raw = await op.raw(**kwargs)
            except SpecProblem as problem:
                return Result(spec_op.key, "async", "exception", "spec", str(problem))
            except Exception as exc:
                return self.judge.failure(spec_op.key, "async", exc, spec_op)
            return self.judge.answer(spec_op.key, "async", op, raw, spec_op)

        first = await once(self.values)
        if not _retry_worthy(first, self.package):
            return first
        second = await once(self.plain)
        return _after_retry(
            first, second, op, spec_op, self.values, self.plain, self.judge.check
        )

    def _with_retry(
        self, once: Callable[[Values], Result], op: Operation, spec_op: SpecOperation
    ) -> Result:
        first = once(self.values)
        if not _retry_worthy(first, self.package):
            return first
        second = once(self.plain)
        return _after_retry(
            first, second, op, spec_op, self.values, self.plain, self.judge.check
        )


def _retry_worthy(result: Result, package: Any) -> bool:
    """A rejection, or the client's own validation refusing a value from the spec's examples."""
    if result.fault != "client":
        return False
    return result.outcome == "rejected" or result.reason.startswith("ValidationError")


def _same_arguments(
    op: Operation, spec_op: SpecOperation, values: Values, plain: Values
) -> bool:
    try:
        return arguments(op, spec_op, values) == arguments(op, spec_op, plain)
    except SpecProblem:
        return True


def _after_retry(
    first: Result,
    second: Result,
    op: Operation,
    spec_op: SpecOperation,
    values: Values,
    plain: Values,
    check: SchemaCheck,
) -> Result:
    if _same_arguments(op, spec_op, values, plain):
        result = _unknown_required(first, spec_op, values)
        return _invalid_arguments(result, op, spec_op, values, check)
    if second.outcome == "ok":
        problems = _argument_problems(op, spec_op, values, check)
        if not problems:  # valid examples, rejected: how the client sent them
            return first
        return Result(
            first.key,
            first.flavor,
            "rejected",
            "spec",
            "the spec's example breaks its schema ("
            + "; ".join(problems[:3])
            + "; values made from the schema alone were accepted): "
            + first.reason,
        )
    result = _unknown_required(second, spec_op, values)
    return _invalid_arguments(result, op, spec_op, plain, check)


def _argument_problems(
    op: Operation, spec_op: SpecOperation, values: Values, check: SchemaCheck
) -> list[str]:
    """How the arguments made with values break their schemas (jsonschema, formats too)."""
    problems: list[str] = []
    try:
        listed = argument_list(op, spec_op, values)
    except SpecProblem:
        return problems
    for _, value, schema, where in listed:
        if schema is None or isinstance(value, (bytes, bytearray)):
            continue
        for pointer, message in check.errors(schema, value, formats=True) or []:
            problems.append(f"{where}{pointer}: {message}")
    return problems


def _invalid_arguments(
    result: Result,
    op: Operation,
    spec_op: SpecOperation,
    values: Values,
    check: SchemaCheck,
) -> Result:
    """A rejection of arguments that break their own schema says nothing of the
    client: the suite could not make valid ones (a contradictory schema, or one
    beyond support.values). Listed as such, with the reasons."""
    if result.fault != "client":
        return result
    problems = _argument_problems(op, spec_op, values, check)
    if not problems:
        return result
    reason = "no valid value could be made (" + "; ".join(problems[:3]) + "): "
    return Result(
        result.key, result.flavor, result.outcome, "values", reason + result.reason
    )


def _unknown_required(result: Result, spec_op: SpecOperation, values: Values) -> Result:
    """A rejection for a required body property the spec never defines is the spec's."""
    import re

    missing = re.findall(r"must have required property '([^']+)'", result.reason)
    if not missing or result.outcome != "rejected":
        return result
    body = values.resolve(spec_op.node.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    properties: set[str] = set()
    for entry in (content or {}).values():
        entry = values.resolve(entry)
        schema = values.merged(entry.get("schema") if isinstance(entry, dict) else None)
        if isinstance(schema, dict):
            properties |= set(schema.get("properties") or {})
    undefined = [m for m in missing if m not in properties]
    if len(undefined) == len(missing):
        return Result(
            result.key,
            result.flavor,
            "rejected",
            "spec",
            f"the spec requires {', '.join(undefined)}, which it does not define: "
            + result.reason,
        )
    return result
