"""Reading the configuration: pyproject.toml's tables, or a SPEC's command-line flags,
checked against the keys declared in `generator.config`."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path
from typing import Any

from generator import naming
from generator.config import (
    SECTION,
    TARGETS,
    Key,
    Section,
    Target,
    flags,
    keys_of,
    package_check,
)
from generator.configtypes import conforms, convert, toml_type
from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.tomlplaces import Places

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class _Reader:
    """Reads tables of keys, collecting every problem with its place and line."""

    def __init__(self, pyproject: Path, places: Places, base: Path) -> None:
        self.file = str(pyproject)
        self.places = places
        self.base = base
        self.problems: list[Diagnostic] = []

    def problem(self, place: str, message: str, line: int | None) -> None:
        self.problems.append(
            Diagnostic(
                Level.ERROR,
                "bad-config",
                f"{place}: {message}",
                file=self.file,
                line=line,
            )
        )

    def read(
        self, table: list[Key], raw: dict[str, Any], where: str, index: int | None
    ) -> dict[str, Any]:
        """The values of the keys present in raw, converted; problems are recorded."""
        known = {k.name: k for k in table}
        shown = where if index is None else f"{where}[{index + 1}]"
        values: dict[str, Any] = {}
        for name, value in raw.items():
            line = self.places.line(where, index, name)
            key = known.get(name)
            if key is None:
                self.problem(f"{shown}.{name}", _unknown(name, known), line)
                continue
            if not conforms(value, key.hint):
                message = f"must be {key.kind}, not {toml_type(value)}"
                self.problem(f"{shown}.{name}", message, line)
                continue
            converted = convert(value, key.hint, self.base)
            problem = key.check(converted) if key.check else None
            if problem:
                self.problem(f"{shown}.{name}", problem, line)
                continue
            values[name] = converted
        for key in table:
            if key.required and key.name not in raw:
                message = f"the required key {key.name} is missing"
                self.problem(shown, message, self.places.line(where, index, None))
        return values


def _unknown(name: str, known: dict[str, Key]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        return f'unknown key; did you mean "{close[0]}"?'
    return f"unknown key; the keys are {', '.join(known)}"


def load_targets(pyproject: Path) -> list[Target]:
    where = str(pyproject)
    try:
        text = pyproject.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise GeneratorError.single(
            "no-config",
            f"no {pyproject.name} here: pass a SPEC to generate",
            file=where,
        ) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise GeneratorError.single(
            "bad-config", f"invalid TOML: {exc}", file=where
        ) from None
    tool = data.get("tool")
    section: Any = tool.get("generator") if isinstance(tool, dict) else None
    if section is None or (isinstance(section, dict) and not section.get("targets")):
        raise GeneratorError.single(
            "no-config",
            "no [[tool.generator.targets]] configured: pass a SPEC to generate",
            file=where,
        )
    reader = _Reader(pyproject, Places(text), pyproject.parent)
    if not isinstance(section, dict):
        reader.problem(
            SECTION, "must be a table", reader.places.line(SECTION, None, None)
        )
        raise GeneratorError(reader.problems)
    settings = reader.read(keys_of(Section), section, SECTION, None)
    default_output = settings.get("output", pyproject.parent / "generated")
    targets = []
    for i, raw in enumerate(settings.get("targets", [])):
        target = _configured_target(reader, raw, i, default_output)
        if target is not None:
            targets.append(target)
    _no_two_alike(reader, targets)
    if reader.problems:
        raise GeneratorError(reader.problems)
    return targets


def _configured_target(
    reader: _Reader, raw: dict[str, Any], index: int, default_output: Path
) -> Target | None:
    where = f"{TARGETS}[{index + 1}]"
    before = len(reader.problems)
    values = reader.read(keys_of(Target), raw, TARGETS, index)
    if "spec" in values and "package" not in raw:
        name = naming.package_name(values["spec"].stem)
        problem = naming.package_problem(name)
        if problem:
            message = (
                f'"{name}" (from the spec file name) {problem}; '
                f'set package = "{naming.package_fix(name)}"'
            )
            line = reader.places.line(TARGETS, index, "spec")
            reader.problem(f"{where}.package", message, line)
        values["package"] = name
    if len(reader.problems) > before:
        return None
    values.setdefault("output", default_output)
    return Target(**values)


def _no_two_alike(reader: _Reader, targets: list[Target]) -> None:
    seen: dict[tuple[Path, str], int] = {}
    for i, target in enumerate(targets):
        place = (target.output.resolve(), target.package.casefold())  # in any case
        if place in seen:
            reader.problem(
                f"{TARGETS}[{i + 1}].package",
                f'"{target.package}" is also the package of {TARGETS}[{seen[place] + 1}] '
                "in the same output",
                reader.places.line(TARGETS, i, "package"),
            )
        seen.setdefault(place, i)


def target_for(
    spec: str | Path,
    output: str | Path = "generated",
    package: str | None = None,
    **options: Any,
) -> Target:
    spec = Path(spec)
    problems = []
    if package is None:
        package = naming.package_name(spec.stem)
        problem = naming.package_problem(package)
        if problem:
            problems.append(
                f'{spec}: the package name "{package}" (from the spec file name) '
                f"{problem}; use --package {naming.package_fix(package)}"
            )
    else:
        problem = package_check(package)
        if problem:
            problems.append(f"--package: {problem}")
    by_name = {k.name: k for k in flags()}
    values = {}
    for name, value in options.items():
        key = by_name[name]
        converted = convert(value, key.hint, Path("."))
        problem = key.check(converted) if key.check else None
        if problem:
            problems.append(f"{key.flag}: {problem}")
        values[name] = converted
    if problems:
        raise GeneratorError(
            [Diagnostic(Level.ERROR, "usage", message) for message in problems]
        )
    return Target(spec=spec, package=package, output=Path(output), **values)
