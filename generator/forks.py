"""Forked processes that never outlive the generator.

A generator killed outright (SIGKILL, an out-of-memory kill, a CI timeout)
cannot shut its children down, and they would wait for work forever. Each
child watches the process that forked it and ends soon after it is gone.

Two kinds: a `pool` of workers (`ProcessPoolExecutor`, which keeps a thread in
this process), and `Forked`, one child that answers calls over a pipe and
leaves no thread behind, so this process can fork again while it runs.
`OneCall` is a `Forked` child that makes one thing from what it inherits (the
model modules, the docs' examples) while this process goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import Connection
from typing import Any, Callable, Generic, NoReturn, TypeVar

WATCH_EVERY = 0.2  # seconds

_T = TypeVar("_T")


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def pool(workers: int) -> ProcessPoolExecutor:
    """A pool of forked workers, each ending when this process does."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )


class Forked:
    """One forked child that runs the calls sent to it, in order.

    The child inherits this process's memory at the fork, so a call's arguments
    and result are all that cross the pipe. Nothing runs in this process between
    calls: no thread, so forking again (a worker pool) stays safe.
    """

    def __init__(self) -> None:
        here, there = multiprocessing.Pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            here.close()
            _serve(there, parent)
        there.close()
        self._conn: Connection | None = here
        self._pid = pid
        self._sent = 0  # calls sent; answers come back in that order
        self._answers: dict[int, tuple[bool, Any]] = {}
        self._received = 0

    def call(self, function: Callable[..., _T], *args: Any) -> Answer[_T]:
        """Send a call (a module-level function and picklable arguments)."""
        if self._conn is None:
            raise RuntimeError("the forked process is closed")
        self._conn.send((function, args))
        self._sent += 1
        return Answer(self, self._sent - 1)

    def _answer(self, number: int) -> tuple[bool, Any]:
        while number not in self._answers:
            if self._conn is None:
                raise RuntimeError("the forked process is closed")
            try:
                self._answers[self._received] = self._conn.recv()
            except EOFError:
                self.close()
                raise RuntimeError("the forked process ended unexpectedly") from None
            self._received += 1
        return self._answers.pop(number)

    def close(self) -> None:
        """End the child: at once if it is still busy; reap it either way."""
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        try:  # other children forked since hold this end too: EOF may never come
            if self._received < self._sent:
                os.kill(self._pid, signal.SIGKILL)
            else:
                conn.send(None)  # the child ends when it reads this
        except OSError:  # it has ended already
            pass
        finally:
            conn.close()
            os.waitpid(self._pid, 0)

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_HELD: Any = None  # what a OneCall's process inherits at the fork; read there


class OneCall(Generic[_T]):
    """function(held), computed by a forked process that inherits held at the fork
    (nothing is pickled but the answer): `result` takes the answer once, `close`
    ends the process if it is still busy."""

    def __init__(self, function: Callable[[Any], _T], held: Any) -> None:
        global _HELD
        _HELD = held
        try:
            self._forked = Forked()
        finally:
            _HELD = None
        try:
            self._answer: Answer[_T] = self._forked.call(_call_held, function)
        except BaseException:
            self._forked.close()
            raise

    def result(self) -> _T:
        try:
            return self._answer.result()
        finally:
            self.close()

    def close(self) -> None:
        self._forked.close()


def _call_held(function: Callable[[Any], _T]) -> _T:
    return function(_HELD)


class Answer(Generic[_T]):
    """The answer to one call: `result` waits for it, or raises what the call raised."""

    def __init__(self, forked: Forked, number: int) -> None:
        self._forked = forked
        self._number = number

    def result(self) -> _T:
        ok, value = self._forked._answer(self._number)
        if not ok:
            raise value
        result: _T = value
        return result


def _serve(conn: Connection, parent: int) -> NoReturn:
    """The child's loop: run each call and send back its result or exception."""
    try:
        _watch_parent(parent)
        while True:
            try:
                call = conn.recv()
            except EOFError:  # the parent ended: nothing more will come
                break
            if call is None:
                break
            function, args = call
            try:
                answer: tuple[bool, Any] = (True, function(*args))
            except BaseException as exc:  # sent back, raised there
                answer = (False, exc)
            try:
                conn.send(answer)
            except (OSError, EOFError):
                break
            except Exception as exc:  # an answer that cannot be pickled
                conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        os._exit(0)  # no cleanup of the parent's state: it is not ours


def _watch_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_EVERY)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
