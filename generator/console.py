"""What the command line prints: diagnostics (text or JSON lines), summaries, progress.

Text mode: diagnostics on stderr (notes only with -v, none with -q but those
that stop the run), one summary line per target on stdout. JSON mode (`--format json`, for CI): stdout holds only JSON
lines, one diagnostic each, every level; the summaries go to stderr.
Progress is drawn on stderr when it is a terminal and the spec is big.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from typing import Callable, Sequence, TextIO

from generator.diagnostics import Diagnostic, Level

BIG_SPEC = 200_000  # bytes: below this a run takes a blink, and draws no progress


def count(n: int, word: str) -> str:
    """`1 operation`, `2 operations`, `0 notes`."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


class Console:
    def __init__(
        self,
        *,
        quiet: bool = False,
        verbose: bool = False,
        as_json: bool = False,
        out: TextIO | None = None,
        err: TextIO | None = None,
    ) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.as_json = as_json
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def diagnostics(self, items: Sequence[Diagnostic]) -> None:
        """Diagnostics of a run that goes on: in text mode, none with -q, notes with -v."""
        for d in items:
            if self.as_json:
                print(json.dumps(d.as_json(), sort_keys=True), file=self.out)
            elif not self.quiet and (d.level is not Level.INFO or self.verbose):
                print(d.render(), file=self.err)
        self.out.flush()

    def fatal(self, items: Sequence[Diagnostic]) -> None:
        """The diagnostics that stopped the run: always printed."""
        for d in items:
            if self.as_json:
                print(json.dumps(d.as_json(), sort_keys=True), file=self.out)
            else:
                print(d.render(), file=self.err)
        self.out.flush()

    def say(self, line: str) -> None:
        """A line for people: a summary, what check found."""
        if not self.quiet:
            print(line, file=self.err if self.as_json else self.out)

    def problem(self, line: str) -> None:
        """A line for people that is printed even with --quiet."""
        print(line, file=self.err if self.as_json else self.out)

    def levels(self, items: Sequence[Diagnostic]) -> str:
        """`0 errors, 1 warning, 3 notes (-v shows them)`."""
        n = {level: sum(1 for d in items if d.level is level) for level in Level}
        hidden = " (-v shows them)" if n[Level.INFO] and not self.verbose else ""
        return (
            f"{count(n[Level.ERROR], 'error')}, {count(n[Level.WARNING], 'warning')}, "
            f"{count(n[Level.INFO], 'note')}{hidden}"
        )

    def progress(self, package: str, spec_size: int) -> Progress | None:
        """Stage progress for a big spec, on stderr when it is a terminal."""
        if self.quiet or spec_size < BIG_SPEC or not _is_tty(self.err):
            return None
        return Progress(package, self.err)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Called with each stage's name as it starts; draws one line, redrawn in place:
    `openai: load 1.21s, IR 0.80s, validate 0.01s, render + format...`"""

    def __init__(
        self,
        package: str,
        stream: TextIO,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.package = package
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self.done: list[tuple[str, float]] = []
        self.current: str | None = None
        self.since = self.started

    def __call__(self, stage: str) -> None:
        self._close_stage()
        self.current = stage
        width = shutil.get_terminal_size().columns - 1
        self.stream.write("\r\x1b[K" + self._line()[:width])
        self.stream.flush()

    def pause(self) -> None:
        """Close the stage and keep the line as it stands, so other output can follow;
        the next stage starts a new line."""
        self._close_stage()
        if self.done:
            self.stream.write(f"\r\x1b[K{self._line()}\n")
            self.stream.flush()
        self.done = []

    def finish(self) -> None:
        """Close the last stage and keep the line, with the time since the start."""
        self._close_stage()
        total = self.clock() - self.started
        self.stream.write(f"\r\x1b[K{self._line()}; {total:.2f}s in all\n")
        self.stream.flush()

    def _close_stage(self) -> None:
        now = self.clock()
        if self.current is not None:
            self.done.append((self.current, now - self.since))
            self.current = None
        self.since = now

    def _line(self) -> str:
        parts = [f"{stage} {seconds:.2f}s" for stage, seconds in self.done]
        if self.current is not None:
            parts.append(f"{self.current}...")
        return f"{self.package}: " + ", ".join(parts)
