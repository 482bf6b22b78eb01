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

_TARGET_KEYS = {"spec", "package", "output", "api_key_env", "base_url_env", "docs"}


@dataclass(frozen=True)
class Target:
    spec: Path
    package: str
    output: Path
    api_key_env: str | None = None
    base_url_env: str | None = None
    docs: bool = True


def target_for(
    spec: str | Path, output: str | Path = "generated", package: str | None = None
) -> Target:
    spec = Path(spec)
    if package is not None:
        problem = naming.package_problem(package)
        if problem is not None:
            raise GeneratorError.single(
                "usage", f"--package {package!r} cannot name a package: {problem}"
            )
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
        _check_values(raw, f"target {i + 1}", where)
        spec = Path(raw["spec"])
        package = raw.get("package") or naming.package_name(spec.stem)
        targets.append(
            Target(
                spec=base / spec,
                package=package,
                output=base / str(raw.get("output", default_output)),
                api_key_env=raw.get("api_key_env"),
                base_url_env=raw.get("base_url_env"),
                docs=raw.get("docs", True),
            )
        )
    _check_packages_apart(targets, where)
    return targets


def _check_values(raw: dict[str, Any], target: str, where: str) -> None:
    """Every configured value has the type and form the generated code needs."""

    def refuse(message: str) -> GeneratorError:
        return GeneratorError.single("bad-config", f"{target}: {message}", file=where)

    for key in ("package", "output", "api_key_env", "base_url_env"):
        if key in raw and not isinstance(raw[key], str):
            raise refuse(f"`{key}` must be a string")
    if "docs" in raw and not isinstance(raw["docs"], bool):
        raise refuse("`docs` must be true or false")
    if raw.get("package"):
        problem = naming.package_problem(raw["package"])
        if problem is not None:
            raise refuse(f"package {raw['package']!r} cannot name a package: {problem}")
    for key in ("api_key_env", "base_url_env"):
        problem = naming.env_var_problem(raw[key]) if key in raw else None
        if problem is not None:
            raise refuse(f"`{key}` {raw[key]!r} cannot name a variable: {problem}")


def _check_packages_apart(targets: list[Target], where: str) -> None:
    """Two targets in one output root must not share a package, in any case."""
    seen: set[tuple[Path, str]] = set()
    for target in targets:
        key = (target.output, target.package.casefold())
        if key in seen:
            raise GeneratorError.single(
                "bad-config",
                f"two targets write package {target.package!r} into {target.output}",
                file=where,
            )
        seen.add(key)
