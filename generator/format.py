"""Format stage: every Python file is parsed with `ast`, then formatted with black.

Parsing doubles as a validity gate: a template bug that produces invalid Python
is reported with the file and line instead of being written. Formatting is the
slowest stage on big specs, so results are cached by the hash of the unformatted
source (in the user's cache directory), and files that miss the cache are
formatted on all cores.
"""

from __future__ import annotations

import ast
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

from black import format_str
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

from generator.diagnostics import GeneratorError

MODE = Mode(target_versions={TargetVersion.PY310}, line_length=88)
STUB_MODE = Mode(target_versions={TargetVersion.PY310}, line_length=88, is_pyi=True)
_KEY = f"black {version('black')} py310 88\n".encode()
PARALLEL_THRESHOLD = 40


def cache_dir() -> Path | None:
    """Where formatted sources are cached; GENERATOR_CACHE_DIR overrides, "off" disables."""
    configured = os.environ.get("GENERATOR_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return Path(base) / "openapi-python-generator"


def source_key(source: str) -> str:
    return hashlib.sha256(_KEY + source.encode("utf-8")).hexdigest()


def format_source(path: str, source: str) -> str:
    try:
        ast.parse(source, filename=path)
    except SyntaxError as exc:
        raise GeneratorError.single(
            "internal-syntax",
            f"generated {path} is not valid Python ({exc.msg}); this is a generator bug",
            file=path,
            line=exc.lineno,
            column=exc.offset,
        ) from None
    try:
        return format_str(source, mode=STUB_MODE if path.endswith(".pyi") else MODE)
    except InvalidInput as exc:  # pragma: no cover - ast.parse accepted it
        raise GeneratorError.single(
            "internal-format", f"black cannot format generated {path}: {exc}", file=path
        ) from None


def _format_many(items: list[tuple[str, str]]) -> list[str]:
    return [format_source(path, source) for path, source in items]


def format_files(
    files: dict[str, str], jobs: int | None = None
) -> tuple[dict[str, str], int]:
    """Format every .py file; returns the files and how many were formatted afresh."""
    cache = cache_dir()
    out: dict[str, str] = {}
    todo: list[tuple[str, str, str]] = []
    for path, text in files.items():
        if not path.endswith((".py", ".pyi")):
            out[path] = text
            continue
        key = source_key(text)
        cached = _cache_get(cache, key)
        if cached is not None:
            out[path] = cached
        else:
            todo.append((path, text, key))
    if not todo:
        return out, 0
    workers = jobs or os.cpu_count() or 1
    if workers > 1 and len(todo) >= PARALLEL_THRESHOLD:
        batches = [todo[i :: workers * 4] for i in range(workers * 4)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(
                _format_many, [[(p, s) for p, s, _ in batch] for batch in batches]
            )
            for batch, formatted in zip(batches, results):
                for (path, _, key), text in zip(batch, formatted):
                    out[path] = text
                    _cache_put(cache, key, text)
    else:
        for path, text, key in todo:
            out[path] = format_source(path, text)
            _cache_put(cache, key, out[path])
    return out, len(todo)


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
