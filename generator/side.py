"""Work that needs only the loaded document, done beside the main pipeline.

Validating the document and finding the lines of its diagnostics do not depend
on the IR, so for a large spec they run in a forked process while this one
builds the IR and plans the Python view; before validating, it compiles the
built-in templates, which this process then loads instead of compiling them
(0.1 s with the cache off). The side process answers only for the pointers that
need a place, reading the text once, only where those pointers lead (JSON and
block YAML alike, see `generator.lines`). Where processes cannot fork,
everything runs here; for small specs too, but for the first one a process
validates (see `_beside`).
"""

from __future__ import annotations

from typing import Callable

from generator import forks, render
from generator.inputs import Inputs, spec_inputs
from generator.diagnostics import Diagnostic, Diagnostics
from generator.heap import collecting
from generator.loader import Document
from generator.validate import validate, validator_loaded

SIDE_THRESHOLD = 200_000  # characters of spec text
_DOCUMENT: Document | None = None  # set before forking; read by the side process
_first_small = True  # no small spec validated by this process yet


class Side:
    """The side process of one run. On a large spec it compiles the built-in
    templates first, when asked (`templates`), then validates."""

    def __init__(
        self,
        document: Document,
        *,
        validate: bool,
        strict: bool,
        templates: bool,
        inputs: bool = False,
    ) -> None:
        global _DOCUMENT
        self.document = document
        self._found: list[Diagnostic] | None = None
        self._forked: forks.Forked | None = None
        self._validation: forks.Answer[list[Diagnostic]] | None = None
        self._templates: forks.Answer[dict[str, bytes]] | None = None
        self._inputs: forks.Answer[Inputs | None] | None = None
        self._wants_inputs = inputs
        if not _beside(document, validate):
            self._found = _validated(document, validate, strict)
            return
        _DOCUMENT = document
        try:
            self._forked = forks.Forked()
        finally:
            _DOCUMENT = None
        try:
            # Not for a small spec: this process needs few templates, and the
            # validation, which it waits for, would come later.
            if templates and len(document.text) >= SIDE_THRESHOLD:
                self._templates = self._forked.call(render.compiled_code)
            self._validation = self._forked.call(_forked_validation, validate, strict)
            if inputs:
                self._inputs = self._forked.call(_forked_inputs)
        except BaseException:
            self._forked.close()
            raise

    def templates(self) -> dict[str, bytes]:
        """The built-in templates compiled by the side process (`render.take_compiled`),
        or nothing when it was not asked to or could not."""
        if self._templates is None:
            return {}
        try:
            return self._templates.result()
        except RuntimeError:  # the side process ended: they are compiled here
            return {}

    def inputs(self) -> Inputs | None:
        """What kept files are keyed by (`inputs.spec_inputs`), when asked for
        (`inputs`): made by the side process, or here."""
        if not self._wants_inputs:
            return None
        if self._inputs is not None:
            try:
                return self._inputs.result()
            except RuntimeError:  # the side process ended: they are made here
                pass
        return spec_inputs(self.document.data, self.document.path)

    def close(self) -> None:
        """End the side process (the run stopped before asking it for places)."""
        if self._forked is not None:
            self._forked.close()

    def locate(self, diagnostics: Diagnostics) -> Locating:
        """Start placing these diagnostics, the validation's added: with lines, sorted
        by place. The side process finishes validating and finds the lines while
        this one goes on; close what this returns."""
        forked = self._forked
        if forked is None:
            assert self._found is not None
            diagnostics.extend(self._found)
            found = self.document.locate_all(diagnostics.unplaced())
            located = diagnostics.located(found.get)
            return Locating(lambda: located)
        validation = self._validation
        assert validation is not None
        try:  # queued behind the validation, which adds its own pointers there
            places = forked.call(_forked_locate, diagnostics.unplaced())
        except BaseException:
            forked.close()
            raise

        def finish() -> list[Diagnostic]:
            diagnostics.extend(validation.result())
            return diagnostics.located(places.result().get)

        return Locating(finish, forked)


def _beside(document: Document, validate: bool) -> bool:
    """Whether to fork the side process.

    A large spec's validation runs beside the IR. A small one's costs about what
    a fork costs, most of it loading jsonschema-rs and its OpenAPI schema (the
    library's import, 0.3 s, was the reason for forking): the first small spec a
    process validates (the one a command-line run generates) is validated
    beside, by a process that loads them while this one builds; a process that
    goes on to validate more loads them here, once.
    """
    global _first_small
    if not forks.can_fork():
        return False
    if len(document.text) >= SIDE_THRESHOLD:
        return True
    if not validate or validator_loaded() or not _first_small:
        return False
    _first_small = False
    return True


class Locating:
    """Diagnostics being placed: `result` waits for their lines (once), `close` ends
    the side process if it is still there."""

    def __init__(
        self,
        finish: Callable[[], list[Diagnostic]],
        forked: forks.Forked | None = None,
    ) -> None:
        self._finish = finish
        self._forked = forked
        self._located: list[Diagnostic] | None = None

    def result(self) -> list[Diagnostic]:
        if self._located is None:
            try:
                self._located = self._finish()
            finally:
                self.close()
        return self._located

    def close(self) -> None:
        if self._forked is not None:
            self._forked.close()
            self._forked = None


_FOUND: list[Diagnostic] = []  # in the side process: what its validation found


def _forked_validation(run_validation: bool, strict: bool) -> list[Diagnostic]:
    global _FOUND
    assert _DOCUMENT is not None
    _FOUND = _validated(_DOCUMENT, run_validation, strict)
    return _FOUND


def _forked_inputs() -> Inputs | None:
    assert _DOCUMENT is not None
    return spec_inputs(_DOCUMENT.data, _DOCUMENT.path)


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
    return list(found)
