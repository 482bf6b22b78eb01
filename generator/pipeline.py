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
from generator import keys, runs
from generator.docs import reuse as docs_reuse
from generator.inputs import keyed as keyed_inputs
from generator.python import reuse as python_reuse
from generator.reach import Digesting
from generator.docs.emit import docs_base, docs_diagnostics, docs_units
from generator.docs.view import DocsView
from generator.examples.ahead import ExamplesAhead
from generator.parallel import Ahead, render_and_format
from generator.heap import long_lived, settle
from generator.loader import load
from generator.parse import build_api
from generator.plan import plan_api
from generator.python.distribution import distribution_units
from generator.select import select
from generator.share import share
from generator.surface import Surface, surface
from generator.python.emit import model_units, package_units
from generator.python.models import plan_models
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
    # The other files the spec's $refs named (ir.Api.documents).
    read_also: dict[str, str | None] = field(default_factory=dict)
    # The keys of the files kept by key (generator/keys.py), by path.
    keys: dict[str, str] = field(default_factory=dict)


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
    templates = Templates(target.templates)
    if target.templates is not None:
        templates.compile_all()  # once, before any process forks
    plan = _planned(target, templates, strict, validation, progress)
    view = plan.view
    try:  # the side process places the diagnostics meanwhile, and models are made
        if strict:  # errors stop the run before anything is built
            _stop_on_errors(plan.locating.result())
        units = package_units(view, target.spec.name, templates)
        if target.distribution:
            paths = [path for path, _ in units]
            units += distribution_units(view, paths, target.spec.name, templates)
        if plan.docs is not None:
            units += docs_units(plan.docs, target.spec.name, templates)
        units, kept = keys.kept(units, plan.keys, plan.before, target.output)
        plan.examples.into(view.examples, plan.api)  # before the workers fork
        settle()
        api_surface: Surface = {}
        located: list[Diagnostic] = []

        def meanwhile() -> None:
            api_surface.update(surface(view))
            located.extend(plan.locating.result() + _unknown_templates(templates))

        rendered = render_and_format(
            units, on_stage=progress, meanwhile=meanwhile, ahead=plan.ahead
        )
    finally:
        plan.close()
    files = dict(sorted(rendered.files.items()))
    digests, fresh, lines = rendered.digests, rendered.fresh, rendered.lines
    del rendered
    provenance: dict[str, object] = {
        "api": api_surface,
        "generator": f"openapi-python-generator {__version__}",
        "package": target.package,
        "spec": target.spec.name,
        "spec_sha256": plan.spec_sha256,
    }
    record = f".generator/{target.package}.json"
    files[record] = manifest(digests, provenance)
    digests[record] = sha256(files[record])
    owned = [f"python/{target.package}"] + (
        [f"docs/{target.package}"] if target.docs else []
    )
    stats = {
        "operations": len(plan.api.operations),
        "schemas": len(plan.api.schemas),
        "files": len(files),
        "lines": lines + files[record].count(b"\n"),
        "formatted": fresh,
        "kept": kept,  # files read back: what they show is as in the last run
        "seconds": time.perf_counter() - started,
    }
    read_also = dict(plan.api.documents)
    return Result(
        target, files, owned, located, stats, api_surface, digests, read_also, plan.keys
    )


@dataclass
class _Plan:
    """A target planned: its views, its diagnostics being placed by the side
    process, its model modules and the docs' examples being made ahead (close
    all three)."""

    api: Api
    view: PackageView
    docs: DocsView | None
    locating: Locating
    ahead: Ahead
    examples: ExamplesAhead
    spec_sha256: str
    keys: dict[str, str]  # path -> key of the files kept by key (generator/keys.py)
    before: dict[str, tuple[str, str]]  # the last run's: path -> (key, SHA-256)

    def close(self) -> None:
        self.locating.close()
        self.ahead.close()
        self.examples.close()


def _planned(
    target: Target,
    templates: Templates,
    strict: bool,
    validation: bool,
    progress: Progress,
) -> _Plan:
    """Load, validate, build the IR and plan the views. The parsed document and
    its line index are not kept past this (but by the side process, until the
    diagnostics are placed), so this process renders without them."""
    progress("load")
    document = load(target.spec)
    check_version(document)
    settle()  # before the side process forks
    diagnostics = Diagnostics(str(target.spec))
    builtin = target.templates is None  # else they are compiled already
    keyed = cache_dir() is not None  # files are kept by key: the run record holds them
    side = Side(
        document,
        validate=validation,
        strict=strict,
        templates=builtin,
        inputs=keyed,
    )
    progress("IR")
    ahead: Ahead | None = None
    examples: ExamplesAhead | None = None
    digesting: Digesting | None = None
    try:
        naming = target.naming_options
        api = select(build_api(document, diagnostics), naming, diagnostics)
        # Only the docs show them; made while this process shares (ExamplesAhead).
        examples = ExamplesAhead(api, enabled=target.docs)
        api = share(api)
        # What the kept files' keys need, made beside while the models are planned.
        given = keyed_inputs(side.inputs(), target, api.documents)
        digesting = Digesting(api, given, target.spec) if given is not None else None
        models = plan_models(api, diagnostics)
        settle()
        render.take_compiled(side.templates())  # before forking the next process
        file_keys: dict[str, str] = {}
        before: dict[str, tuple[str, str]] = {}
        made = model_units(models, target.package, target.spec.name, templates)
        by = digesting.keys() if digesting is not None else None
        if by is not None:
            before = runs.recorded_keys(target)
            file_keys = python_reuse.model_keys(models, target.package, by)
            # As in the whole package's units (`_run`), which these are part of.
            made, _ = keys.kept(made, file_keys, before, target.output)
        ahead = Ahead(made)
        # After the fork: the model modules need only the models, and the other
        # core would wait for this (0.06-0.1 s on GitHub).
        http = plan_api(api, naming, diagnostics)
        view = plan_package(
            http,
            target.package,
            api_key_env=target.api_key_env,
            base_url_env=target.base_url_env,
            username_env=target.username_env,
            password_env=target.password_env,
            diagnostics=diagnostics,
            models=models,
        )
        docs = DocsView(api, view) if target.docs else None
        if docs is not None:
            docs_diagnostics(docs, diagnostics)
        if by is not None:
            file_keys.update(python_reuse.resource_keys(view, by))
            if docs is not None:
                file_keys.update(docs_reuse.page_keys(docs, docs_base(docs), by))
        settle()
        progress("validate")
        locating = side.locate(diagnostics)
        return _Plan(
            api,
            view,
            docs,
            locating,
            ahead,
            examples,
            document.sha256,
            file_keys,
            before,
        )
    except BaseException:
        side.close()
        if ahead is not None:
            ahead.close()
        if examples is not None:
            examples.close()
        if digesting is not None:
            digesting.close()
        raise


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
