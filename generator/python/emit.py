"""The files of a generated Python package, each rendered on demand."""

from __future__ import annotations

from functools import partial
from typing import Callable

from generator.format import Verbatim
from generator.python.models import ModelPlan, ModuleDraft
from generator.python.package import PackageView
from generator.render import BUILTIN, Templates, python_header, runtime_files

Unit = tuple[str, Callable[[], str]]  # (relative path, renders the file's text)


def model_units(
    models: ModelPlan, package: str, spec_name: str, templates: Templates = BUILTIN
) -> list[Unit]:
    """The model modules: they need only the models, not the whole package view."""
    render = templates.render
    common: dict[str, object] = {"header": python_header(spec_name)}
    return [
        (
            f"python/{package}/models/{module.module}.py",
            partial(_model, render, module, common),
        )
        for module in models.modules
    ]


def package_units(
    view: PackageView, spec_name: str, templates: Templates = BUILTIN
) -> list[Unit]:
    render = templates.render
    header = python_header(spec_name)
    base = f"python/{view.name}/"
    common = {"header": header, "pkg": view}
    exports = sorted(view.models.module_of.items())
    public = [name for name, _ in exports if not name.startswith("_")]
    units: list[Unit] = [
        (
            base + "__init__.py",
            partial(render, "python/package_init.py.jinja", **common),
        ),
        (base + "_client.py", partial(render, "python/client.py.jinja", **common)),
        (base + "py.typed", str),
        (
            base + "resources/__init__.py",
            partial(render, "python/resources_init.py.jinja", **common),
        ),
        (
            base + "models/__init__.py",
            partial(render, "python/models_init.py.jinja", exports=exports, **common),
        ),
        (
            base + "models/__init__.pyi",
            partial(
                render,
                "python/models_init.pyi.jinja",
                exports=exports,
                public=public,
                **common,
            ),
        ),
    ]
    units += model_units(view.models, view.name, spec_name, templates)
    for resource in view.resources:
        units.append(
            (
                base + f"resources/{resource.module}.py",
                partial(render, "python/resource.py.jinja", r=resource, **common),
            )
        )
    for name, text in runtime_files().items():
        units.append((base + f"_runtime/{name}", Verbatim(text)))
    return units


def _model(
    render: Callable[..., str], draft: ModuleDraft, common: dict[str, object]
) -> str:
    return render("python/model.py.jinja", module=draft.source_view(), **common)


def render_package(view: PackageView, spec_name: str) -> dict[str, str]:
    return {path: make() for path, make in package_units(view, spec_name)}
