"""Diagnostics as data: every problem the generator reports has a level, a code and a place.

The place is a file plus a JSON pointer into it; the line and column are filled in
from the document when it is known. Nothing here raises on bad input: stages add
diagnostics and go on, and the caller decides whether errors are fatal.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator

from generator import escape


class Level(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_RANK = {Level.ERROR: 0, Level.WARNING: 1, Level.INFO: 2}


@dataclass(frozen=True)
class Diagnostic:
    level: Level
    code: str
    message: str
    pointer: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def sort_key(self) -> tuple[str, int, int, str, int, str, str]:
        return (
            self.file or "",
            self.line or 0,
            self.column or 0,
            self.pointer,
            _RANK[self.level],
            self.code,
            self.message,
        )

    def render(self) -> str:
        """One line: `file:line:col: level: message [code] at #/pointer`.

        Spec text in the message, the pointer or the file name is shown as
        data: a line break or a control character in it is escaped.
        """
        place = escape.one_line(self.file or "<spec>")
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        where = f" at #{escape.one_line(self.pointer)}" if self.pointer else ""
        message = escape.one_line(self.message, backslashes=False)
        return f"{place}: {self.level.value}: {message} [{self.code}]{where}"

    def as_json(self) -> dict[str, object]:
        return {
            "level": self.level.value,
            "code": self.code,
            "message": self.message,
            "pointer": self.pointer,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }


class Diagnostics:
    """An append-only collection of diagnostics, filled by the pipeline's stages."""

    def __init__(self, file: str | None = None) -> None:
        self.file = file
        self._items: list[Diagnostic] = []
        self._seen: set[tuple[str, str, str]] = set()

    def add(self, level: Level, code: str, message: str, pointer: str = "") -> None:
        key = (code, pointer, message)
        if key in self._seen:
            return
        self._seen.add(key)
        self._items.append(Diagnostic(level, code, message, pointer, self.file))

    def error(self, code: str, message: str, pointer: str = "") -> None:
        self.add(Level.ERROR, code, message, pointer)

    def warning(self, code: str, message: str, pointer: str = "") -> None:
        self.add(Level.WARNING, code, message, pointer)

    def info(self, code: str, message: str, pointer: str = "") -> None:
        self.add(Level.INFO, code, message, pointer)

    def extend(self, items: Iterable[Diagnostic]) -> None:
        for item in items:
            key = (item.code, item.pointer, item.message)
            if key not in self._seen:
                self._seen.add(key)
                self._items.append(item)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def has_errors(self) -> bool:
        return any(d.level is Level.ERROR for d in self._items)

    def unplaced(self) -> list[str]:
        """The pointers of the diagnostics without a line yet, sorted, once each."""
        return sorted({d.pointer for d in self._items if d.line is None})

    def located(
        self, locate: Callable[[str], tuple[int, int] | None]
    ) -> list[Diagnostic]:
        """Diagnostics with line and column filled in, sorted by place."""
        out = []
        for d in self._items:
            if d.line is None and d.pointer:
                where = locate(d.pointer)
                if where is not None:
                    d = replace(d, line=where[0], column=where[1])
            out.append(d)
        return sorted(out, key=Diagnostic.sort_key)


class GeneratorError(Exception):
    """A fatal problem: the generator stops and writes nothing."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("; ".join(d.render() for d in diagnostics))

    def __reduce__(self) -> tuple[type[GeneratorError], tuple[list[Diagnostic]]]:
        # Raised in a worker process, it crosses back with its diagnostics intact.
        return (GeneratorError, (self.diagnostics,))

    @classmethod
    def single(
        cls,
        code: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        pointer: str = "",
    ) -> GeneratorError:
        return cls(
            [Diagnostic(Level.ERROR, code, message, pointer, file, line, column)]
        )


def dumps(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.as_json() for d in diagnostics], indent=2, sort_keys=True)
