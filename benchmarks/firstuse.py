"""Import a generated client and use its largest resource once, in a fresh interpreter.

The largest resource is the one with the most methods (from the surface the
generator records in `.generator/<package>.json`). One of its methods (see
`choose`) is called against a loopback server that answers every request with
200 and an empty JSON object (or list):
the import of the package, the client, the resource module and the returned
model, and one request and its decoding are timed inside the interpreter
(interpreter start-up excluded). The first run compiles bytecode and is
reported apart; the figure is the median of the runs after it.
"""

from __future__ import annotations

import json
import re
import socket
import statistics
import subprocess
import sys
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

PROBE = r"""
import json, sys, time
started = time.perf_counter()
sys.path.insert(0, sys.argv[1])
import importlib
package = importlib.import_module(sys.argv[2])
client = package.Client(api_key="key", base_url=sys.argv[3], max_retries=0)
target = client
for part in sys.argv[4].split("."):
    target = getattr(target, part)
imported = time.perf_counter()
outcome = "not called"
if sys.argv[5]:
    call = json.loads(sys.argv[6])
    args = [value for name, value in call if not name]
    kwargs = {name: value for name, value in call if name}
    try:
        getattr(target, sys.argv[5])(*args, **kwargs)
        outcome = "returned"
    except Exception as exc:
        outcome = type(exc).__name__
done = time.perf_counter()
print(json.dumps({"seconds": done - started, "import": imported - started, "outcome": outcome}))
"""


def choose(output: Path, package: str) -> dict[str, Any] | None:
    """The largest resource and the call to make on it, or None.

    The call is the first method (GET first, then fewest keyword arguments) whose
    required arguments are all scalars ("x", 1, 1.0, True): path parameters
    positionally, the rest by keyword. Without one, the resource is only
    reached, not called.
    """
    try:
        meta = json.loads((output / ".generator" / f"{package}.json").read_text())
    except (OSError, ValueError):
        return None
    methods = meta.get("api", {}).get("methods", {})
    by_resource: dict[str, list[str]] = defaultdict(list)
    for key in methods:
        access, _, name = key.rpartition(".")
        by_resource[access].append(name)
    if not by_resource:
        return None
    access, names = max(sorted(by_resource.items()), key=lambda kv: len(kv[1]))
    calls = []
    for name in sorted(names):
        entry = methods[f"{access}.{name}"]
        call = _call(entry)
        if call is not None:
            calls.append(
                (entry["operation"].split(" ")[0] != "GET", len(call), name, call)
            )
    found: dict[str, Any] = {"resource": access, "methods": len(names)}
    if not calls:
        return {**found, "method": "", "operation": "", "args": [], "body": b"{}"}
    _, _, name, call = min(calls)
    entry = methods[f"{access}.{name}"]
    returns = entry.get("returns", "")
    return {
        **found,
        "method": name,
        "operation": entry["operation"],
        "args": call,
        "body": b"[]" if returns.startswith("list[") else b"{}",
    }


_VALUES: dict[str, Any] = {"str": "x", "int": 1, "float": 1.0, "bool": True}


def _call(entry: dict[str, Any]) -> list[list[Any]] | None:
    """[name or "", value] for each required argument, when all are simple scalars.

    Path parameters (the first ones) go positionally, the rest by keyword.
    """
    path = entry["operation"].partition(" ")[2]
    positional = len(re.findall(r"\{[^}]+\}", path))
    required = []
    for arg in entry["args"]:
        name, _, annotation = arg.partition(": ")
        if not name.endswith("?"):
            required.append((name, annotation))
    if len(required) < positional or any(a not in _VALUES for _, a in required):
        return None
    return [
        ["" if i < positional else name, _VALUES[annotation]]
        for i, (name, annotation) in enumerate(required)
    ]


def measure(output: Path, package: str, runs: int = 7) -> dict[str, Any]:
    """Median seconds of import plus first use, with what was called and what it gave."""
    chosen = choose(output, package)
    if chosen is None:
        return {"error": f"no methods recorded in .generator/{package}.json"}
    server = _Server(chosen.pop("body"))
    try:
        command = [
            sys.executable,
            "-c",
            PROBE,
            str(output / "python"),
            package,
            server.url,
            chosen["resource"],
            chosen["method"],
            json.dumps(chosen["args"]),
        ]
        results = []
        for _ in range(runs + 1):
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=120, env={}
            )
            if done.returncode != 0:
                return {**chosen, "error": done.stderr.strip().splitlines()[-1:]}
            results.append(json.loads(done.stdout))
    finally:
        server.close()
    later = results[1:]
    return {
        **chosen,
        "seconds": statistics.median(r["seconds"] for r in later),
        "import_seconds": statistics.median(r["import"] for r in later),
        "first_seconds": results[0]["seconds"],
        "outcome": results[-1]["outcome"],
        "runs": len(later),
    }


class _Server:
    """A loopback HTTP/1.1 server answering every request with 200 and one body."""

    def __init__(self, body: bytes) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.answer = (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
        )
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(5)
                try:
                    request = b""
                    while b"\r\n\r\n" not in request:
                        chunk = connection.recv(65536)
                        if not chunk:
                            break
                        request += chunk
                    connection.sendall(self.answer)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()
