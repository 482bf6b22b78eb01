"""Format stage: every Python file is parsed with `ast`, then formatted with black.

Parsing doubles as a validity gate: a template bug that produces invalid Python
is reported with the file and line instead of being written.

Black is the slowest stage on big specs (about 3,000 lines a second here), so it
is given only what it would change. The templates emit black's layout already:
imports, lists, docstrings (`escape.docstring` mirrors black's rules), one
argument per line with magic trailing commas. What they cannot lay out is a
statement holding a code line longer than the line length (a long annotation,
a long Literal); each such statement - a top-level statement, or one member of a
class - is handed to black's API alone and spliced back. Tests run black itself
over complete outputs to prove the result is what formatting everything gives.

Results are cached by content in the user's cache directory, and files that
miss the cache are formatted on all cores.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path
from typing import Callable, Iterator


from generator.diagnostics import GeneratorError
from generator.paths import cache_dir

LINE_LENGTH = 88
_KEY = f"black {version('black')} py310 {LINE_LENGTH} selective-1\n".encode()
PARALLEL_THRESHOLD = 40
# A line black cannot split: one string (or "key": "value") or one imported name.
_LITERAL_ENTRY = re.compile(
    r'^\s*(?:"[^"\\]*"(?::\s"[^"\\]*")?|[A-Za-z_]\w*(?: as [A-Za-z_]\w*)?),?$'
)


def source_key(path: str, source: str) -> str:
    kind = b"pyi\n" if path.endswith(".pyi") else b"py\n"
    return hashlib.sha256(_KEY + kind + source.encode("utf-8")).hexdigest()


def format_source(path: str, source: str) -> str:
    return format_sources([(path, source)])[0]


def format_sources(items: list[tuple[str, str]]) -> list[str]:
    """Parse and format files; the statements black must see go to it in a few batches."""
    plans = [_plan(path, source) for path, source in items]
    jobs: dict[tuple[bool, int], list[str]] = {}
    for path, (lines, spans) in zip((p for p, _ in items), plans):
        for start, end, depth, header in spans:
            chunk = "".join(lines[start - 1 : end])
            if header:  # a stand-in body; its line is dropped from black's output
                chunk += "    " * (depth + 1) + "pass\n"
            jobs.setdefault((path.endswith(".pyi"), depth), []).append(chunk)
    done = {
        key: iter(_black_batch(chunks, key[1], key[0])) for key, chunks in jobs.items()
    }
    out = []
    for path, (lines, spans) in zip((p for p, _ in items), plans):
        formatted = []
        for _, _, depth, header in spans:
            text = next(done[(path.endswith(".pyi"), depth)])
            formatted.append(text.rsplit("\n", 2)[0] + "\n" if header else text)
        for (start, end, _, _), text in reversed(list(zip(spans, formatted))):
            lines[start - 1 : end] = [text]
        out.append("".join(lines))
    return out


def _plan(path: str, source: str) -> tuple[list[str], list[tuple[int, int, int, bool]]]:
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        raise GeneratorError.single(
            "internal-syntax",
            f"generated {path} is not valid Python ({exc.msg}); this is a generator bug",
            file=path,
            line=exc.lineno,
            column=exc.offset,
        ) from None
    lines = source.splitlines(keepends=True)
    long = _long_code_lines(tree, lines)
    return lines, (_spans(tree, long) if long else [])


def _long_code_lines(tree: ast.Module, lines: list[str]) -> set[int]:
    """Lines (1-based) longer than the line length that black could split."""
    candidates = {
        i
        for i, line in enumerate(lines, 1)
        if len(line.rstrip("\n")) > LINE_LENGTH
        and not _LITERAL_ENTRY.match(line.rstrip("\n"))
    }
    if not candidates:
        return candidates
    for node in _statements(tree.body):
        # Black never splits a string: lines that are all string are left as they are.
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            candidates -= set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return candidates


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included, without visiting expressions (much faster)."""
    for node in body:
        yield node
        for child in ast.iter_fields(node):
            value = child[1]
            if isinstance(value, list) and value:
                if isinstance(value[0], ast.stmt):
                    yield from _statements(value)
                elif isinstance(value[0], (ast.excepthandler, ast.match_case)):
                    for part in value:
                        yield from _statements(part.body)


def _spans(tree: ast.Module, long: set[int]) -> list[tuple[int, int, int, bool]]:
    """(first line, last line, depth, header only) of each statement to hand to black.

    A class or function whose long lines are all in its header (decorators,
    signature) is handed over as the header alone: the body does not change
    how black lays the header out.
    """
    spans = []
    for node in tree.body:
        spans.extend(_node_spans(node, long, 0))
    return spans


MAX_DEPTH = 2  # the deepest statements handed over alone (in a method of a class)


def _node_spans(
    node: ast.stmt, long: set[int], depth: int
) -> list[tuple[int, int, int, bool]]:
    start, end = _extent(node)
    if not any(start <= i <= end for i in long):
        return []
    body = getattr(node, "body", None)
    compound = isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
    # A body on the header's own line (`def f(...) -> T: ...`) is formatted with it.
    if compound and body and body[0].lineno > _header_end(node):
        body_start = _extent(body[0])[0]
        in_header = any(start <= i < body_start for i in long)
        in_body = any(body_start <= i <= end for i in long)
        if in_header and not in_body:
            return [(start, body_start - 1, depth, True)]
        if in_body and not in_header and depth < MAX_DEPTH:
            return [
                span for child in body for span in _node_spans(child, long, depth + 1)
            ]
    return [(start, end, depth, False)]


def _header_end(node: ast.stmt) -> int:
    """The last line of a definition's header: decorators, bases, arguments, return annotation."""
    parts: list[ast.expr | ast.arg | ast.keyword] = list(
        getattr(node, "decorator_list", [])
    )
    if isinstance(node, ast.ClassDef):
        parts += node.bases
        parts += node.keywords
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        a = node.args
        parts += a.posonlyargs + a.args + a.kwonlyargs
        parts += a.defaults
        parts += [d for d in a.kw_defaults if d is not None]
        parts += [v for v in (a.vararg, a.kwarg) if v is not None]
        if node.returns is not None:
            parts.append(node.returns)
    ends: list[int] = [node.lineno] + [p.end_lineno or node.lineno for p in parts]
    return max(ends)


def _extent(node: ast.stmt) -> tuple[int, int]:
    decorators = getattr(node, "decorator_list", [])
    start = min([node.lineno] + [d.lineno for d in decorators])
    return start, node.end_lineno or node.lineno


_MARK = "# @@generator-chunk"


def _black_batch(chunks: list[str], depth: int, stub: bool) -> list[str]:
    """Format statements with one black call: each is formatted alone, as if on its own.

    Statements are separated by marker comments under a leading `pass` (so none
    sits where black would take it for a docstring); at depth 1 they sit in a
    class. Black formats each top-level statement independently, so the pieces
    between markers are what black gives each statement by itself.
    """
    if not chunks:
        return []
    # black is imported here, in the worker that needs it, not by every process.
    from black import format_str
    from black.mode import Mode, TargetVersion
    from black.parsing import InvalidInput

    mode = Mode(
        target_versions={TargetVersion.PY310}, line_length=LINE_LENGTH, is_pyi=stub
    )
    head = (
        "pass\n",
        "class _:\n    pass\n",
        "class _:\n    def _(self):\n        pass\n",
    )[depth]
    mark = "    " * depth + _MARK
    source = head + "".join(f"{mark}\n{chunk}" for chunk in chunks)
    try:
        out = format_str(source, mode=mode)
    except InvalidInput as exc:  # pragma: no cover - ast.parse accepted every file
        raise GeneratorError.single(
            "internal-format", f"black cannot format generated code: {exc}"
        ) from None
    pieces = re.split(rf"^\s*{re.escape(_MARK)}\n", out, flags=re.M)[1:]
    if len(pieces) != len(chunks):  # pragma: no cover - a marker was lost
        raise GeneratorError.single(
            "internal-format",
            "black merged generated statements; this is a generator bug",
        )
    return [piece.strip("\n") + "\n" for piece in pieces]


def format_files(
    files: dict[str, str], jobs: int | None = None
) -> tuple[dict[str, str], int]:
    """Format every Python file; returns the files and how many were formatted afresh."""
    return start_formatting(files, jobs)()


def start_formatting(
    files: dict[str, str], jobs: int | None = None
) -> Callable[[], tuple[dict[str, str], int]]:
    """Start formatting in worker processes; call the result to wait for the files.

    The caller can do other work (render the docs) while the workers run.
    """
    cache = cache_dir()
    out: dict[str, str] = {}
    todo: list[tuple[str, str, str]] = []
    for path, text in files.items():
        if not path.endswith((".py", ".pyi")):
            out[path] = text
            continue
        key = source_key(path, text)
        cached = _cache_get(cache, key)
        if cached is not None:
            out[path] = cached
        else:
            todo.append((path, text, key))
    workers = jobs or os.cpu_count() or 1
    if workers < 2 or len(todo) < PARALLEL_THRESHOLD:

        def here() -> tuple[dict[str, str], int]:
            formatted = format_sources([(path, text) for path, text, _ in todo])
            for (path, _, key), text in zip(todo, formatted):
                out[path] = text
                _cache_put(cache, key, text)
            return out, len(todo)

        return here
    batches = [todo[i :: workers * 4] for i in range(workers * 4)]
    pool = ProcessPoolExecutor(max_workers=workers)
    futures = [
        pool.submit(format_sources, [(p, s) for p, s, _ in batch]) for batch in batches
    ]

    def gather() -> tuple[dict[str, str], int]:
        try:
            for batch, future in zip(batches, futures):
                for (path, _, key), text in zip(batch, future.result()):
                    out[path] = text
                    _cache_put(cache, key, text)
        finally:
            pool.shutdown(cancel_futures=True)
        return out, len(todo)

    return gather


def _cache_get(cache: Path | None, key: str) -> str | None:
    if cache is None:
        return None
    try:
        return (cache / "format" / key[:2] / key).read_text(encoding="utf-8")
    except OSError:
        return None


def _cache_put(cache: Path | None, key: str, text: str) -> None:
    if cache is None:
        return
    target = cache / "format" / key[:2] / key
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass  # a cache that cannot be written only costs time
