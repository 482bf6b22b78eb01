"""Work that needs only the loaded document, done beside the main pipeline.

Validating the document and indexing its lines (for diagnostics) do not depend
on the IR, so for a large spec they run in a forked process while this one
builds the IR and plans the Python view. The side process keeps its line index
and answers only for the pointers that need a place (JSON is not indexed: it is
walked once, only where those pointers lead). For small specs, or where
processes cannot fork, everything runs here.
"""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable

from generator import forks
from generator.diagnostics import Diagnostic, Diagnostics
from generator.heap import collecting
from generator.loader import Document
from generator.validate import validate

SIDE_THRESHOLD = 200_000  # characters of spec text
_DOCUMENT: Document | None = None  # set before forking; read by the side process


class Side:
    def __init__(self, document: Document, *, validate: bool, strict: bool) -> None:
        global _DOCUMENT
        self.document = document
        self._found: list[Diagnostic] | None = None
        self._future: Future[list[Diagnostic]] | None = None
        self._pool: ProcessPoolExecutor | None = None
        if len(document.text) < SIDE_THRESHOLD or not forks.can_fork():
            self._found = _validated(document, validate, strict)
            return
        _DOCUMENT = document
        self._pool = forks.pool(1)
        self._future = self._pool.submit(_forked_validation, validate, strict)
        _DOCUMENT = None

    def locate(self, diagnostics: Diagnostics) -> Locating:
        """Start placing these diagnostics, the validation's added: with lines, sorted
        by place. The side process finishes validating and finds the lines while
        this one goes on; close what this returns."""
        if self._pool is None:
            assert self._found is not None
            diagnostics.extend(self._found)
            located = diagnostics.located(self.document.locate)
            return Locating(lambda: located)
        validation = self._future
        assert validation is not None
        try:  # queued behind the validation, which adds its own pointers there
            pointers = sorted({d.pointer for d in diagnostics if d.line is None})
            places = self._pool.submit(_forked_locate, pointers)
        except BaseException:
            self._pool.shutdown()
            raise

        def finish() -> list[Diagnostic]:
            diagnostics.extend(validation.result())
            return diagnostics.located(places.result().get)

        return Locating(finish, self._pool)


class Locating:
    """Diagnostics being placed: `result` waits for their lines (once), `close` ends
    the side process if it is still there."""

    def __init__(
        self,
        finish: Callable[[], list[Diagnostic]],
        pool: ProcessPoolExecutor | None = None,
    ) -> None:
        self._finish = finish
        self._pool = pool
        self._located: list[Diagnostic] | None = None

    def result(self) -> list[Diagnostic]:
        if self._located is None:
            try:
                self._located = self._finish()
            finally:
                self.close()
        return self._located

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


_FOUND: list[Diagnostic] = []  # in the side process: what its validation found


def _forked_validation(run_validation: bool, strict: bool) -> list[Diagnostic]:
    global _FOUND
    assert _DOCUMENT is not None
    _FOUND = _validated(_DOCUMENT, run_validation, strict)
    return _FOUND


def _forked_locate(pointers: list[str]) -> dict[str, tuple[int, int]]:
    """The places of these pointers and of the validation's (it ran first)."""
    assert _DOCUMENT is not None
    found = {d.pointer for d in _FOUND if d.line is None}
    return _DOCUMENT.locate_all(sorted(found.union(pointers)))


def _validated(
    document: Document, run_validation: bool, strict: bool
) -> list[Diagnostic]:
    found = Diagnostics(str(document.path))
    if run_validation:
        with collecting():  # the full validation's libraries make garbage cycles
            validate(document, found, full=strict)
    if not document.is_json:  # JSON is walked later, only where diagnostics point
        document.locate("")  # the line index, built while the other process is busy
    return list(found)
