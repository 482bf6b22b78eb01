"""Render and format every file of a target on all cores.

Rendering the templates and formatting the result are independent per file, so
the files are dealt out to worker processes. On platforms that can fork, the
workers inherit the planned views and receive only file numbers; elsewhere (or
for small targets) everything runs in this process.

Files that can be made before the whole target is planned (the model modules
need only the models) are made `Ahead`, by a process forked as soon as they are
known: planning the rest takes this process a second on GitHub, while the other
core would be idle.
"""

from __future__ import annotations

import os
from typing import Callable, NamedTuple

from generator import forks

from generator.format import Memo, Verbatim, format_files, load_memo, save_memo
from generator.keys import ReadBack
from generator.render import compile_all
from generator.writer import sha256

Unit = tuple[str, Callable[[], str]]
_UNITS: list[Unit] = []  # set in the parent before forking; read by the workers
_MEMO: Memo | None = None  # likewise
PARALLEL_THRESHOLD = 300
AHEAD_THRESHOLD = 200  # units worth a process of their own, ahead of the rest
MIN_RUN = 40  # units: the shortest run dealt to a worker
Made = tuple[dict[str, bytes], dict[str, str], Memo, int, int]  # what `_work` returns


class Rendered(NamedTuple):
    files: dict[str, bytes]  # path -> UTF-8, in the order of the units
    digests: dict[str, str]  # path -> SHA-256 (hex)
    fresh: int  # Python files formatted afresh (not taken from the memo)
    lines: int  # in all the files


class Ahead:
    """Units rendered and formatted by a forked process while this one plans the
    rest; `render_and_format` collects them. Without a second core, a fork or
    enough units, nothing is forked and they are made with the others.

    When it forks, it holds the target's format memo, loaded once for the run
    (the memo is named by the package's directory, which these units share).
    """

    def __init__(self, units: list[Unit], jobs: int | None = None) -> None:
        self.units = units
        self.memo: Memo | None = None
        self._made: forks.OneCall[Made] | None = None
        workers = jobs or os.cpu_count() or 1
        if workers < 2 or len(units) < AHEAD_THRESHOLD or not forks.can_fork():
            return
        self.memo = load_memo([path for path, _ in units])
        self._made = forks.OneCall(_made_ahead, (units, self.memo))

    @property
    def forked(self) -> bool:
        return self._made is not None

    def result(self) -> Made:
        assert self._made is not None
        return self._made.result()

    def close(self) -> None:
        if self._made is not None:
            self._made.close()


def _made_ahead(held: tuple[list[Unit], Memo | None]) -> Made:
    """In the forked process: every unit it inherited."""
    global _UNITS, _MEMO
    _UNITS, _MEMO = held
    return _work(list(range(len(_UNITS))))


def _quiet(stage: str) -> None:
    pass


def _nothing() -> None:
    pass


def render_and_format(
    units: list[Unit],
    jobs: int | None = None,
    on_stage: Callable[[str], None] = _quiet,
    meanwhile: Callable[[], None] = _nothing,
    ahead: Ahead | None = None,
) -> Rendered:
    """Every unit rendered, (Python files) formatted and encoded as UTF-8, with
    their SHA-256 digests (hex), their lines and how many were formatted afresh.
    Units also in `ahead` are taken from there when it forked.

    Workers send back bytes, so this process never holds the output twice (as text
    and as bytes): on GitHub that is 68 MB of peak memory. They hash what they send
    and count its lines too: the manifest, the writer and the run record all need
    the digests, and hashing 100 MB in this process alone took 0.15 s of the run's
    wall time, after the last worker had finished (counting lines, 0.04 s).

    on_stage is told `render` and then `format`, or `render + format` when
    workers do both, file by file. meanwhile is called once the workers have
    their work: this process is otherwise idle until they hand it back.
    """
    global _UNITS, _MEMO
    paths = [path for path, _ in units]
    if ahead is not None and ahead.forked:
        memo = ahead.memo
        made_ahead = {path for path, _ in ahead.units}
        units = [unit for unit in units if unit[0] not in made_ahead]
    else:
        ahead = None  # its units, if any, are made here with the others
        memo = load_memo(paths)
    workers = jobs or os.cpu_count() or 1
    if ahead is None and (
        workers < 2 or len(units) < PARALLEL_THRESHOLD or not forks.can_fork()
    ):
        on_stage("render")
        encoded, hashed, entries, fresh, lines = _make(units, memo, on_stage)
        save_memo(paths, entries, memo)
        meanwhile()
        files = {path: encoded[path] for path in paths}
        return Rendered(files, hashed, fresh, lines)
    on_stage("render + format")
    compile_all()  # the workers inherit the compiled templates
    _UNITS, _MEMO = units, memo
    try:
        # Runs of neighbouring units, so files made from one model (a docs page in
        # Markdown and in HTML) are rendered by one worker, which builds it once.
        slices = _runs(len(units), workers)
        with forks.pool(workers) as pool:
            done = pool.map(_work, slices)
            meanwhile()
            # The models made ahead are taken while the workers still render:
            # receiving them after the last worker took 0.04 s on GitHub.
            made = [] if ahead is None else [ahead.result()]
            made += done
        out: dict[str, bytes] = {}
        digests: dict[str, str] = {}
        entries = {}
        fresh = lines = 0
        for files, hashed, new, formatted, counted in made:
            out.update(files)
            digests.update(hashed)
            entries.update(new)
            fresh += formatted
            lines += counted
        del made
        save_memo(paths, entries, memo)
        return Rendered({path: out[path] for path in paths}, digests, fresh, lines)
    finally:
        _UNITS, _MEMO = [], None


def _runs(count: int, workers: int) -> list[list[int]]:
    """Runs of unit numbers, shorter and shorter (a fraction of what is left each),
    so that few are dealt out and the last ones even out the workers' finish."""
    runs = []
    start = 0
    while start < count:
        size = max(-(-(count - start) // (workers * 4)), MIN_RUN)
        runs.append(list(range(start, min(start + size, count))))
        start += size
    return runs


def _work(indices: list[int]) -> Made:
    return _make([_UNITS[i] for i in indices], _MEMO)


def _make(
    units: list[Unit], memo: Memo | None, on_stage: Callable[[str], None] = _quiet
) -> Made:
    """The units rendered, formatted, encoded and hashed (on_stage is told
    `format` in between). A file read back as the last run wrote it
    (generator/keys.py) is taken as its bytes, with its known digest: not
    decoded to be encoded and hashed again."""
    rendered: dict[str, str] = {}
    read: dict[str, tuple[bytes, str]] = {}
    for path, make in units:
        if isinstance(make, ReadBack):
            data = make.data()
            if data is not None:
                read[path] = (data, make.digest)
            else:
                rendered[path] = make.afresh()
            continue
        rendered[path] = make()
    on_stage("format")
    laid, entries, fresh = format_files(rendered, memo, _verbatim(units))
    encoded = _encoded(laid)
    digests = _digests(encoded)
    for path, (data, digest) in read.items():
        encoded[path], digests[path] = data, digest
    return encoded, digests, entries, fresh, _lines(encoded)


def _verbatim(units: list[Unit]) -> set[str]:
    """The paths of the units that are copies (`Verbatim`), not formatted."""
    return {path for path, make in units if isinstance(make, Verbatim)}


def _lines(files: dict[str, bytes]) -> int:
    return sum(data.count(b"\n") for data in files.values())


def _digests(files: dict[str, bytes]) -> dict[str, str]:
    return {path: sha256(data) for path, data in files.items()}


def _encoded(files: dict[str, str]) -> dict[str, bytes]:
    return {path: text.encode("utf-8") for path, text in files.items()}
