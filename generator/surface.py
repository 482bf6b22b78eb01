"""A generated client's public surface, and what changed in it since the last run.

The surface (methods with their arguments and results, models with their fields)
is recorded in the target's metadata file, so a later run can say what it
changed without the previous output: methods and models added, removed or
renamed (the same operation or schema under a new name), and arguments or fields
whose name, type or requiredness changed. Lines marked `!` can break callers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.python.models import AliasView, ClassView
from generator.python.package import PackageView

Surface = dict[str, dict[str, dict[str, Any]]]


def surface(view: PackageView) -> Surface:
    methods: dict[str, dict[str, Any]] = {}
    for resource in view.resources:
        for op in resource.operations:
            args = [_arg(a.name, a.annotation, a.required) for a in op.args]
            methods[f"{resource.access}.{op.name}"] = {
                "operation": f"{op.http_method} {op.operation.path}",
                "args": args,
                "returns": op.sync_return,
            }
    models: dict[str, dict[str, Any]] = {}
    pointers = {name: pointer for pointer, name in view.models.names.items()}
    for module in view.models.modules:
        for d in module.definitions:
            models[d.name] = {"schema": pointers.get(d.name, ""), **_shape(d)}
    return {"methods": methods, "models": models}


def _arg(name: str, annotation: str, required: bool) -> str:
    return f"{name}{'' if required else '?'}: {annotation}"


def _shape(d: ClassView | AliasView) -> dict[str, Any]:
    if isinstance(d, AliasView):
        return {"type": d.type.annotation()}
    return {"fields": [_arg(f.name, f.annotation, f.default is None) for f in d.fields]}


def changes(old: Surface | None, new: Surface) -> list[str]:
    """What changed from old to new, one line each; nothing when old is unknown."""
    if not old or old == new:  # most runs: compared as a whole in C, 0.04 s on OpenAI
        return []
    lines = _entries(
        old.get("methods", {}), new["methods"], "method", "operation", "args"
    )
    lines += _entries(old.get("models", {}), new["models"], "model", "schema", "fields")
    return lines


def _entries(
    old: dict[str, dict[str, Any]],
    new: dict[str, dict[str, Any]],
    kind: str,
    identity: str,
    members: str,
) -> list[str]:
    lines = []
    gone = {k: v for k, v in old.items() if k not in new}
    added = {k: v for k, v in new.items() if k not in old}
    by_identity = {v.get(identity): k for k, v in added.items() if v.get(identity)}
    for name, entry in sorted(gone.items()):
        renamed = by_identity.pop(entry.get(identity), None)
        if renamed is not None:
            lines.append(f"! {kind} {name} is now {renamed}")
            lines += _members(renamed, old[name], new[renamed], members)
            added.pop(renamed)
        else:
            lines.append(f"! {kind} {name} removed")
    for name in sorted(added):
        lines.append(f"+ {kind} {name}")
    for name in sorted(old.keys() & new.keys()):
        lines += _members(name, old[name], new[name], members)
    return lines


def _members(
    owner: str, old: dict[str, Any], new: dict[str, Any], members: str
) -> list[str]:
    lines = []
    if "type" in new and old.get("type") != new["type"]:
        lines.append(f"! {owner}: type {old.get('type')} -> {new['type']}")
    if "returns" in new and old.get("returns") != new["returns"]:
        lines.append(f"! {owner}: returns {old.get('returns')} -> {new['returns']}")
    before = dict(_split(m) for m in old.get(members, []))
    after = dict(_split(m) for m in new.get(members, []))
    for name in sorted(before.keys() - after.keys()):
        lines.append(f"! {owner}: {name} removed")
    for name in sorted(after.keys() - before.keys()):
        required = after[name][0]
        mark = "!" if required else "+"
        lines.append(
            f"{mark} {owner}: {name} added ({'required' if required else 'optional'})"
        )
    for name in sorted(before.keys() & after.keys()):
        (was_required, was), (required, now) = before[name], after[name]
        if was != now:
            lines.append(f"! {owner}: {name}: {was} -> {now}")
        if was_required != required:
            state = "required" if required else "optional"
            lines.append(f"{'!' if required else '~'} {owner}: {name} is now {state}")
    return lines


def _split(member: str) -> tuple[str, tuple[bool, str]]:
    head, _, annotation = member.partition(": ")
    return head.rstrip("?"), (not head.endswith("?"), annotation)


def recorded(output: Path, package: str) -> Surface | None:
    """The surface the target's metadata file recorded last time, if any."""
    try:
        data = json.loads((output / ".generator" / f"{package}.json").read_text())
    except (OSError, ValueError):
        return None
    api = data.get("api") if isinstance(data, dict) else None
    return api if isinstance(api, dict) else None
