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
from generator.docs.emit import render_docs
from generator.format import start_formatting
from generator.loader import load
from generator.parse import build_api
from generator.python.emit import render_package
from generator.python.package import plan_package
from generator.validate import check_version, validate
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
    diagnostics = Diagnostics(str(target.spec))
    if validation:
        validate(document, diagnostics, full=strict)
    else:
        check_version(document)
    api = build_api(document, diagnostics)
    located = diagnostics.located(document.locate)
    if strict and any(d.level is Level.ERROR for d in located):
        raise GeneratorError([d for d in located if d.level is Level.ERROR])
    view = plan_package(
        api,
        target.package,
        api_key_env=target.api_key_env,
        base_url_env=target.base_url_env,
    )
    finish = start_formatting(render_package(view, target.spec.name))
    docs = render_docs(api, view, target.spec.name) if target.docs else {}
    formatted, fresh = finish()
    formatted.update(docs)
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
