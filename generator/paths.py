"""Where the generator finds its templates and keeps its cache (kept import-light)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def templates_root() -> Path:
    """The templates directory: beside the package in a checkout, inside it when
    installed. importlib.resources only for an install that is not plain files:
    importing it costs every run, one with nothing to do included, 10 ms."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "templates", here / "templates"):
        if (candidate / "python").is_dir():
            return candidate
    from importlib import resources

    return Path(str(resources.files("generator.templates")))


_cache_disabled = False


def write_cache_file(path: Path, text: bytes) -> bool:
    """path, a file of the cache, made to hold text at once: written beside it and
    renamed over it, so a reader sees the old file or the new one. False when it
    could not be (nothing is left behind): a cache that cannot be written only
    costs the next run time."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(text)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return False
    return True


def disable_cache() -> None:
    """No cache for the rest of this process (`--no-cache`): nothing read, nothing written.

    Worker processes forked later inherit the setting.
    """
    global _cache_disabled
    _cache_disabled = True


def cache_dir() -> Path | None:
    """Where formatted sources, parsed YAML entries and run records are cached.

    GENERATOR_CACHE_DIR overrides the location; "off" disables the cache.
    """
    configured = os.environ.get("GENERATOR_CACHE_DIR")
    if configured == "off" or _cache_disabled:
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return Path(base) / "openapi-python-generator"
