"""Work that needs only the loaded document, done beside the main pipeline.

Validating the document and indexing its lines (for diagnostics) do not depend
on the IR, so for a large spec they run in a forked process while this one
builds the IR and plans the Python view. For small specs, or where processes
cannot fork, they run here, first.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

from generator.diagnostics import Diagnostic, Diagnostics
from generator.loader import Document
from generator.validate import validate

SIDE_THRESHOLD = 200_000  # characters of spec text
_DOCUMENT: Document | None = None  # set before forking; read by the side process


class Side:
    def __init__(self, document: Document, *, validate: bool, strict: bool) -> None:
        global _DOCUMENT
        self.document = document
        self._result: (
            tuple[list[Diagnostic], dict[str, tuple[int, int]] | None] | None
        ) = None
        self._future: (
            Future[tuple[list[Diagnostic], dict[str, tuple[int, int]] | None]] | None
        ) = None
        self._pool: ProcessPoolExecutor | None = None
        job = (validate, strict)
        if (
            len(document.text) < SIDE_THRESHOLD
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            self._result = _side_work(document, *job)
            return
        _DOCUMENT = document
        self._pool = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("fork")
        )
        self._future = self._pool.submit(_forked_side_work, *job)
        _DOCUMENT = None

    def result(self) -> list[Diagnostic]:
        """The validation diagnostics; the document's line index is filled in too."""
        if self._result is None:
            assert self._future is not None and self._pool is not None
            try:
                self._result = self._future.result()
            finally:
                self._pool.shutdown()
        found, lines = self._result
        if lines is not None:
            self.document.use_lines(lines)
        return found


def _forked_side_work(
    validate: bool, strict: bool
) -> tuple[list[Diagnostic], dict[str, tuple[int, int]] | None]:
    assert _DOCUMENT is not None
    return _side_work(_DOCUMENT, validate, strict)


def _side_work(
    document: Document, run_validation: bool, strict: bool
) -> tuple[list[Diagnostic], dict[str, tuple[int, int]] | None]:
    found = Diagnostics(str(document.path))
    if run_validation:
        validate(document, found, full=strict)
    document.locate("")  # builds the line index
    return list(found), document.lines()
