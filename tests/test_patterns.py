"""Which patterns the client may check: the test for catastrophic backtracking."""

from __future__ import annotations

import re
import time

import pytest

from generator.parse.patterns import problem

CATASTROPHIC = [
    "^(a+)+$",
    "^(a|a)*$",
    "^(.*)*x$",
    "^(\\w+\\s?)+$",
    "^(x+x+)+y$",
    "^(a*)*b$",
    "^(a|aa)+$",
    "^(?:[a-z]+-?)*$",
    "^(a{1,2})+$",
    # Seen in a real spec: 11 s on 28 characters.
    "^(\\-?\\d+(\\.\\d+)?),\\s*(\\-?\\d+(\\.\\d+)?)+$",
]
SAFE = [
    "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$",
    "^[a-z0-9]+(-[a-z0-9]+)*$",
    "^(\\d{1,3}\\.){3}\\d{1,3}$",
    "^(\\w+\\.)*\\w+$",
    "(\\s*,\\s*\\w+)*",
    "^(https?|ftp)://[^\\s/$.?#].[^\\s]*$",
    "(ab+)+c",
    "^([01]?\\d|2[0-3]):[0-5]\\d$",
    "^ft:[a-z0-9-]+:[a-z0-9-]+$",
    # The official semver pattern and the HTML5 e-mail pattern, as real specs use them.
    "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
    "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
    "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$",
    "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@"
    "(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?",
]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_patterns_are_refused(pattern: str) -> None:
    assert "backtrack catastrophically" in (problem(pattern) or "")


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_are_kept(pattern: str) -> None:
    assert problem(pattern) is None
    # ... and really are safe: a hostile argument is answered at once.
    started = time.perf_counter()
    re.search(pattern, "a" * 1000 + "!" + "1" * 1000 + "@")
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    "pattern", ["[unclosed", "(?<year>\\d{4})", "a{2,1}", "(" * 200 + ")" * 200]
)
def test_patterns_python_cannot_read_or_check_are_refused(pattern: str) -> None:
    assert problem(pattern) is not None
