"""The keys of the Python modules kept from the last run (see generator/keys.py):
each model module, by the schemas it defines; each resource module, by its
operations. The package's other modules list the whole API and are always made."""

from __future__ import annotations

from generator.keys import Keys
from generator.python.models import ModelPlan
from generator.python.package import PackageView


def model_keys(models: ModelPlan, package: str, keys: Keys) -> dict[str, str]:
    pointer_of = {name: pointer for pointer, name in models.names.items()}
    out = {}
    for module in models.modules:
        path = f"python/{package}/models/{module.module}.py"
        pointers = [pointer_of.get(d.name, "") for d in module.definitions]
        key = keys.key("model module", path, pointers) if all(pointers) else None
        if key is not None:
            out[path] = key
    return out


def resource_keys(view: PackageView, keys: Keys) -> dict[str, str]:
    out = {}
    for resource in view.resources:
        path = f"python/{view.name}/resources/{resource.module}.py"
        pointers = [op.operation.pointer for op in resource.operations]
        key = keys.key("resource module", path, pointers)
        if key is not None:
            out[path] = key
    return out
