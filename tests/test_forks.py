"""Forked helpers: answers in order, errors carried back, nothing left behind."""

from __future__ import annotations

import os
import threading
import time
from functools import partial
from pathlib import Path

import pytest

from generator import forks, parallel

pytestmark = pytest.mark.skipif(not forks.can_fork(), reason="needs fork")


def _square(n: int) -> int:
    return n * n


def _fail(message: str) -> None:
    raise ValueError(message)


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _pid() -> int:
    return os.getpid()


def _reaped(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_answers_come_back_in_order_and_errors_are_raised_here() -> None:
    with forks.Forked() as forked:
        answers = [forked.call(_square, n) for n in range(5)]
        failed = forked.call(_fail, "spec text")
        last = forked.call(_square, 7)
        assert last.result() == 49  # read before the ones sent earlier
        assert [a.result() for a in answers] == [0, 1, 4, 9, 16]
        with pytest.raises(ValueError, match="spec text"):
            failed.result()
        child = forked.call(_pid).result()
    assert child != os.getpid()
    assert _reaped(child)


def test_no_thread_is_left_in_this_process() -> None:
    before = threading.active_count()
    forked = forks.Forked()
    try:
        assert forked.call(_square, 3).result() == 9
        assert threading.active_count() == before  # so forking again stays safe
    finally:
        forked.close()


def test_a_busy_child_is_ended_at_once_on_close() -> None:
    forked = forks.Forked()
    child = forked.call(_pid).result()
    forked.call(_sleep, 60)
    started = time.monotonic()
    forked.close()
    assert time.monotonic() - started < 5
    assert _reaped(child)
    with pytest.raises(RuntimeError, match="closed"):
        forked.call(_square, 2)


def test_a_child_forked_later_does_not_keep_an_earlier_one_alive() -> None:
    first = forks.Forked()
    first_pid = first.call(_pid).result()
    second = forks.Forked()  # it inherits this process's end of the first pipe
    try:
        started = time.monotonic()
        first.close()
        assert time.monotonic() - started < 5
        assert _reaped(first_pid)
    finally:
        second.close()


def _text(n: int) -> str:
    return f"X{n} = {n}\n"


def test_units_made_ahead_are_the_units_made_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GENERATOR_CACHE_DIR", "off")  # every file formatted afresh
    units = [(f"python/pkg/m{n}.py", partial(_text, n)) for n in range(500)]
    ahead_units = units[100:350]
    ahead = parallel.Ahead(ahead_units, jobs=2)
    try:
        assert ahead.forked
        made = parallel.render_and_format(units, jobs=2, ahead=ahead)
    finally:
        ahead.close()
    alone = parallel.render_and_format(units, jobs=1)
    assert made == alone
    assert made.fresh == len(units)
    assert list(made.files) == [path for path, _ in units]
    assert made.lines == sum(data.count(b"\n") for data in made.files.values()) > 0


def test_the_format_memo_is_read_when_nothing_is_made_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(tmp_path))
    units = [(f"python/pkg/m{n}.py", partial(_text, n)) for n in range(5)]
    for made_before in (False, True):
        ahead = parallel.Ahead([], jobs=2)  # a target without model modules
        fresh = parallel.render_and_format(units, jobs=2, ahead=ahead).fresh
        assert fresh == (0 if made_before else len(units))
