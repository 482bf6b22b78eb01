"""The pipeline: load -> validate -> IR -> Python view -> render -> format -> files.

`run` is pure with respect to the output directory: it returns the files a target
should hold; `cli` decides whether to compare them (check) or write them. It
prints nothing: a caller that wants progress passes a callback, called with the
name of each stage as it starts (`load`, `IR` - validation runs beside it -,
`validate`, `render`, `format`; `render + format` when the two run interleaved
on all cores).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from generator import __version__
from generator.config import Target
from generator.diagnostics import Diagnostic, Diagnostics, GeneratorError, Level
from generator.ir import Api
from generator.docs.emit import docs_diagnostics, docs_units
from generator.docs.view import DocsView
from generator.parallel import render_and_format
from generator.heap import long_lived, settle
from generator.loader import load
from generator.parse import build_api
from generator.plan import plan_api
from generator.python.distribution import distribution_units
from generator.select import select
from generator.surface import Surface, surface
from generator.python.emit import package_units
from generator.python.package import PackageView, plan_package
from generator import render
from generator.paths import cache_dir
from generator.render import Templates
from generator.side import Locating, Side
from generator.validate import check_version
from generator.writer import manifest, sha256


@dataclass
class Result:
    target: Target
    files: dict[str, bytes]
    owned: list[str]
    diagnostics: list[Diagnostic]
    stats: dict[str, float | int] = field(default_factory=dict)
    surface: Surface = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # path -> SHA-256 of files


Progress = Callable[[str], None]


def _quiet(stage: str) -> None:
    pass


def run(
    target: Target,
    *,
    strict: bool = False,
    validation: bool = True,
    progress: Progress = _quiet,
) -> Result:
    with long_lived():
        return _run(target, strict, validation, progress)


def _run(target: Target, strict: bool, validation: bool, progress: Progress) -> Result:
    started = time.perf_counter()
    render.use_cache(cache_dir())
    api, view, docs, locating, spec_sha256 = _planned(
        target, strict, validation, progress
    )
    try:  # the side process places the diagnostics meanwhile
        if strict:  # errors stop the run before anything is built
            _stop_on_errors(locating.result())
        templates = Templates(target.templates)
        units = package_units(view, target.spec.name, templates)
        if target.distribution:
            paths = [path for path, _ in units]
            units += distribution_units(view, paths, target.spec.name, templates)
        if docs is not None:
            units += docs_units(docs, target.spec.name, templates)
        if target.templates is not None:
            templates.compile_all()  # once, before any worker forks
        located = locating.result()
    finally:
        locating.close()
    located += _unknown_templates(templates)
    settle()
    api_surface: Surface = {}
    formatted, digests, fresh = render_and_format(
        units, on_stage=progress, meanwhile=lambda: api_surface.update(surface(view))
    )
    files = dict(sorted(formatted.items()))
    del formatted
    provenance: dict[str, object] = {
        "api": api_surface,
        "generator": f"openapi-python-generator {__version__}",
        "package": target.package,
        "spec": target.spec.name,
        "spec_sha256": spec_sha256,
    }
    record = f".generator/{target.package}.json"
    files[record] = manifest(digests, provenance)
    digests[record] = sha256(files[record])
    owned = [f"python/{target.package}"] + (
        [f"docs/{target.package}"] if target.docs else []
    )
    stats = {
        "operations": len(api.operations),
        "schemas": len(api.schemas),
        "files": len(files),
        "lines": sum(data.count(b"\n") for data in files.values()),
        "formatted": fresh,
        "seconds": time.perf_counter() - started,
    }
    return Result(target, files, owned, located, stats, api_surface, digests)


def _planned(
    target: Target, strict: bool, validation: bool, progress: Progress
) -> tuple[Api, PackageView, DocsView | None, Locating, str]:
    """Load, validate, build the IR and plan the views; the diagnostics are being
    placed. The parsed document and its line index are not kept past this (but by
    the side process, until it is closed), so they are gone before files are
    rendered."""
    progress("load")
    document = load(target.spec)
    check_version(document)
    settle()  # before the side process forks
    diagnostics = Diagnostics(str(target.spec))
    side = Side(document, validate=validation, strict=strict)
    progress("IR")
    naming = target.naming_options
    api = select(build_api(document, diagnostics), naming, diagnostics)
    view = plan_package(
        plan_api(api, naming, diagnostics),
        target.package,
        api_key_env=target.api_key_env,
        base_url_env=target.base_url_env,
        username_env=target.username_env,
        password_env=target.password_env,
        diagnostics=diagnostics,
    )
    docs = DocsView(api, view) if target.docs else None
    if docs is not None:
        docs_diagnostics(docs, diagnostics)
    settle()
    progress("validate")
    return api, view, docs, side.locate(diagnostics), document.sha256


def _stop_on_errors(located: list[Diagnostic]) -> None:
    errors = [d for d in located if d.level is Level.ERROR]
    if errors:
        raise GeneratorError(errors)


def _unknown_templates(templates: Templates) -> list[Diagnostic]:
    out = []
    for path, close in templates.unknown_overrides():
        name = path.relative_to(templates.overrides or path).as_posix()
        hint = f"; did you mean {close}?" if close else ""
        out.append(
            Diagnostic(
                Level.WARNING,
                "unknown-template",
                f"{name} overrides no built-in template{hint}",
                file=str(path),
            )
        )
    return out
