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
from typing import Iterator

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
