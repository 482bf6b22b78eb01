"""The pipeline: load -> validate -> IR -> Python view -> render -> format -> files.

`run` is pure with respect to the output directory: it returns the files a target
should hold; `cli` decides whether to compare them (check) or write them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from generator import __version__
from generator.config import Target
from generator.diagnostics import Diagnostic, Diagnostics, GeneratorError, Level
from generator.docs.emit import docs_diagnostics, docs_units
from generator.parallel import render_and_format
from generator.loader import load
from generator.parse import build_api
from generator.plan import plan_api
from generator.python.emit import package_units
from generator.python.package import plan_package
from generator.side import Side
from generator.validate import check_version
from generator.writer import manifest


@dataclass
class Result:
    target: Target
    files: dict[str, bytes]
    owned: list[str]
    diagnostics: list[Diagnostic]
    stats: dict[str, float | int] = field(default_factory=dict)


def run(target: Target, *, strict: bool = False, validation: bool = True) -> Result:
    started = time.perf_counter()
    document = load(target.spec)
    check_version(document)
    diagnostics = Diagnostics(str(target.spec))
    side = Side(document, validate=validation, strict=strict)
    api = build_api(document, diagnostics)
    view = plan_package(
        plan_api(api),
        target.package,
        api_key_env=target.api_key_env,
        base_url_env=target.base_url_env,
    )
    if target.docs:
        docs_diagnostics(api, view, diagnostics)
    located = side.located(diagnostics)
    if strict and any(d.level is Level.ERROR for d in located):
        raise GeneratorError([d for d in located if d.level is Level.ERROR])
    units = package_units(view, target.spec.name)
    if target.docs:
        units += docs_units(api, view, target.spec.name)
    formatted, fresh = render_and_format(units)
    files = {path: text.encode("utf-8") for path, text in sorted(formatted.items())}
    provenance = {
        "generator": f"openapi-python-generator {__version__}",
        "package": target.package,
        "spec": target.spec.name,
        "spec_sha256": document.sha256,
    }
    files[f".generator/{target.package}.json"] = manifest(files, provenance)
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
    return Result(target, files, owned, located, stats)
