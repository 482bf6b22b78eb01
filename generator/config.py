"""Generation targets: from `[tool.generator]` in pyproject.toml, or from the command line."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import naming
from generator.diagnostics import GeneratorError
from generator.options import STRATEGIES, NamingOptions, Selection

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_TARGET_KEYS = {
    "spec",
    "package",
    "output",
    "api_key_env",
    "base_url_env",
    "docs",
    "naming",
    "rename",
    "groups",
    "rename_schemas",
    "include",
    "exclude",
}
_SELECTION_KEYS = ("tags", "paths", "operations")


@dataclass(frozen=True)
class Target:
    spec: Path
    package: str
    output: Path
    api_key_env: str | None = None
    base_url_env: str | None = None
    docs: bool = True
    naming: NamingOptions = NamingOptions()


def target_for(
    spec: str | Path, output: str | Path = "generated", package: str | None = None
) -> Target:
    spec = Path(spec)
    return Target(
        spec=spec,
        package=package or naming.package_name(spec.stem),
        output=Path(output),
    )


def load_targets(pyproject: Path) -> list[Target]:
    """The targets configured in pyproject.toml, with paths relative to its directory."""
    where = str(pyproject)
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GeneratorError.single(
            "no-config",
            f"no {pyproject.name} here: pass a SPEC to generate",
            file=where,
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise GeneratorError.single(
            "bad-config", f"invalid TOML: {exc}", file=where
        ) from None
    section: Any = data.get("tool", {}).get("generator")
    if not isinstance(section, dict) or not section.get("targets"):
        raise GeneratorError.single(
            "no-config",
            "no [[tool.generator.targets]] configured: pass a SPEC to generate",
            file=where,
        )
    base = pyproject.parent
    default_output = str(section.get("output", "generated"))
    targets = []
    for i, raw in enumerate(section["targets"]):
        if not isinstance(raw, dict) or not isinstance(raw.get("spec"), str):
            raise GeneratorError.single(
                "bad-config", f"target {i + 1} needs a `spec` path", file=where
            )
        unknown = set(raw) - _TARGET_KEYS
        if unknown:
            raise GeneratorError.single(
                "bad-config",
                f"target {i + 1} has unknown keys: {', '.join(sorted(unknown))}",
                file=where,
            )
        spec = Path(raw["spec"])
        package = raw.get("package") or naming.package_name(spec.stem)
        if not str(package).isidentifier():
            raise GeneratorError.single(
                "bad-config",
                f"target {i + 1}: package {package!r} is not a Python identifier",
                file=where,
            )
        targets.append(
            Target(
                spec=base / spec,
                package=package,
                output=base / str(raw.get("output", default_output)),
                api_key_env=raw.get("api_key_env"),
                base_url_env=raw.get("base_url_env"),
                docs=bool(raw.get("docs", True)),
                naming=naming_options(raw, f"target {i + 1}", where),
            )
        )
    return targets


def naming_options(raw: dict[str, Any], place: str, where: str) -> NamingOptions:
    """A target's naming keys: `naming`, `rename`, `groups`, `rename_schemas`,
    `include` and `exclude`."""
    strategy = raw.get("naming", "paths")
    if strategy not in STRATEGIES:
        raise GeneratorError.single(
            "bad-config",
            f"{place}: naming must be one of {', '.join(map(repr, STRATEGIES))}, "
            f"not {strategy!r}",
            file=where,
        )
    return NamingOptions(
        strategy=strategy,
        rename=_pairs(raw, "rename", place, where),
        groups=_pairs(raw, "groups", place, where),
        rename_schemas=_pairs(raw, "rename_schemas", place, where),
        include=_selection(raw, "include", place, where),
        exclude=_selection(raw, "exclude", place, where),
    )


def _pairs(
    raw: dict[str, Any], key: str, place: str, where: str
) -> tuple[tuple[str, str], ...]:
    table = raw.get(key, {})
    if not isinstance(table, dict) or not all(
        isinstance(v, str) and v for v in table.values()
    ):
        raise GeneratorError.single(
            "bad-config",
            f"{place}: {key} must be a table of names to names",
            file=where,
        )
    return tuple(sorted(table.items()))


def _selection(raw: dict[str, Any], key: str, place: str, where: str) -> Selection:
    table = raw.get(key, {})
    if not isinstance(table, dict) or set(table) - set(_SELECTION_KEYS):
        raise GeneratorError.single(
            "bad-config",
            f"{place}: {key} takes the keys {', '.join(_SELECTION_KEYS)}",
            file=where,
        )
    lists = {}
    for name in _SELECTION_KEYS:
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise GeneratorError.single(
                "bad-config",
                f"{place}: {key}.{name} must be a list of strings",
                file=where,
            )
        lists[name] = tuple(value)
    return Selection(**lists)
