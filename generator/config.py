"""Generation targets: from `[tool.generator]` in pyproject.toml, or from the command line."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import naming
from generator.diagnostics import GeneratorError

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
    "username_env",
    "password_env",
    "docs",
}


@dataclass(frozen=True)
class Target:
    spec: Path
    package: str
    output: Path
    api_key_env: str | None = None
    base_url_env: str | None = None
    username_env: str | None = None
    password_env: str | None = None
    docs: bool = True


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
                username_env=raw.get("username_env"),
                password_env=raw.get("password_env"),
                docs=bool(raw.get("docs", True)),
            )
        )
    return targets
