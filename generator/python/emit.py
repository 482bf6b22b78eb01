"""Render the Python package of a PackageView into `{relative path: source}`."""

from __future__ import annotations

from generator.python.package import PackageView
from generator.render import HEADER, IMPORT_SOURCES, render, runtime_files


def render_package(view: PackageView, spec_name: str) -> dict[str, str]:
    header = HEADER.format(spec=spec_name)
    base = f"python/{view.name}/"
    common = {"header": header, "pkg": view, "import_sources": IMPORT_SOURCES}
    files = {
        base + "__init__.py": render("python/package_init.py.jinja", **common),
        base + "_client.py": render("python/client.py.jinja", **common),
        base + "py.typed": "",
        base
        + "resources/__init__.py": render("python/resources_init.py.jinja", **common),
    }
    exports = sorted(view.models.module_of.items())
    files[base + "models/__init__.py"] = render(
        "python/models_init.py.jinja", exports=exports, **common
    )
    files[base + "models/__init__.pyi"] = render(
        "python/models_init.pyi.jinja", exports=exports, **common
    )
    for module in view.models.modules:
        files[base + f"models/{module.module}.py"] = render(
            "python/model.py.jinja", module=module, **common
        )
    for resource in view.resources:
        files[base + f"resources/{resource.module}.py"] = render(
            "python/resource.py.jinja", r=resource, **common
        )
    for name, text in runtime_files().items():
        files[base + f"_runtime/{name}"] = text
    return files
