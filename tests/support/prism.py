"""Prism, the OpenAPI mock server (npm @stoplight/prism-cli 5.16.0), for tests.

Installed on first use into the user's cache, never into the repository, and
run on 127.0.0.1 only. Prism answers from the spec, and returns 422 for a
request that breaks it; nobody on this project wrote it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from support import npm

PACKAGE = "@stoplight/prism-cli@5.16.0"
START_TIMEOUT = 60.0


def install() -> Path | str:
    """The prism executable, or the reason it is not available."""
    return npm.install(PACKAGE, "prism-cli-5.16.0", ".bin/prism")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def prism(
    exe: Path, spec: Path, log: Path, start_timeout: float = START_TIMEOUT
) -> Iterator[str]:
    """Run `prism mock` on spec; yields its base URL and stops it afterwards."""
    port = _free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(exe), "mock", str(spec), "-h", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"prism exited with {process.returncode}: {log.read_text()[-2000:]}"
                )
            try:
                urllib.request.urlopen(url + "/__unknown_path__", timeout=1)
            except urllib.error.HTTPError:
                break  # it answers (404 for an unknown path): ready
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"prism did not start in {start_timeout} s: {log.read_text()[-2000:]}"
                    )
                time.sleep(0.2)
            else:
                break
        yield url
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(timeout=10)


class Ahead:
    """Prism for a sequence of specs, each started while the one before it is in use.

    Starting Prism takes from 2 s to a minute (kubernetes.io); a background
    thread starts the next `ahead` specs' servers meanwhile. At most ahead + 1
    servers run at once; each stops when `stop` is called, or at `close`.
    """

    def __init__(
        self,
        exe: Path,
        specs: list[tuple[str, Path]],
        logs: Path,
        start_timeout: float = START_TIMEOUT,
        ahead: int = 1,
    ) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._exe, self._logs, self._timeout = exe, logs, start_timeout
        self._order = [spec_id for spec_id, _ in specs]
        self._paths = dict(specs)
        self._ahead = ahead
        self._pool = ThreadPoolExecutor(max_workers=ahead + 1)
        self._running: dict[str, tuple[Any, Any]] = {}

    def _start(self, spec_id: str) -> None:
        if spec_id in self._running:
            return
        log = self._logs / (spec_id.replace("/", "_") + ".log")
        server = prism(self._exe, self._paths[spec_id], log, self._timeout)
        self._running[spec_id] = (server, self._pool.submit(server.__enter__))

    def prepare(self, spec_id: str) -> None:
        """Start Prism for spec_id and the next specs, without waiting."""
        at = self._order.index(spec_id)
        for following in self._order[at : at + self._ahead + 1]:
            self._start(following)

    def url(self, spec_id: str) -> str:
        """The base URL of spec_id's Prism, once it answers."""
        self.prepare(spec_id)
        url: str = self._running[spec_id][1].result(timeout=self._timeout + 30)
        return url

    def stop(self, spec_id: str) -> None:
        server, started = self._running.pop(spec_id, (None, None))
        if (
            started is not None
            and started.exception(timeout=self._timeout + 30) is None
        ):
            server.__exit__(None, None, None)

    def close(self) -> None:
        for spec_id in list(self._running):
            self.stop(spec_id)
        self._pool.shutdown(wait=True)
