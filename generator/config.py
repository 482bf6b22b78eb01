"""Generation targets: from `[tool.generator]` in pyproject.toml, or from the command line.

Every key is declared once, below, as a field of `Section` (the `[tool.generator]`
table) or of `Target` (one `[[tool.generator.targets]]` table) made with
`setting(...)`: its type, default and help text. The declarations drive
everything else: type checks, unknown keys and their did-you-mean, the one-off
command-line flags and the README's table of keys (a test keeps it in sync).
Adding a key is adding a field.
"""

from __future__ import annotations

import dataclasses
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, get_type_hints

from generator import naming
from generator.configtypes import conforms, convert, describe, toml_type
from generator.diagnostics import Diagnostic, GeneratorError, Level
from generator.tomlplaces import Places

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Check = Callable[
    [Any], "str | None"
]  # what is wrong with a value ("...; use X"), or None


def setting(
    default: Any = dataclasses.MISSING,
    *,
    help: str,
    shown: str | None = None,
    kind: str | None = None,
    required: bool = False,
    flag: str | None = None,
    flag_help: str | None = None,
    check: Check | None = None,
) -> Any:
    """A configuration key, declared as a dataclass field.

    shown: the default as the README shows it, when it is computed.
    kind: the type as messages and the README name it, when the annotation does not say.
    flag: the command-line flag that sets the key for a SPEC given on the command line,
    and flag_help its help when not the key's own (a flag that turns something off).
    check: a further check of a value of the right type.
    """
    metadata = {
        "help": help,
        "shown": shown,
        "kind": kind,
        "required": required,
        "flag": flag,
        "flag_help": flag_help or help,
        "check": check,
    }
    return dataclasses.field(default=default, metadata=metadata)


def _package(name: str) -> str | None:
    problem = naming.package_problem(name)
    return f'"{name}" {problem}; use "{naming.package_fix(name)}"' if problem else None


def _env_var(name: str) -> str | None:
    problem = naming.env_var_problem(name)
    return f'"{name}" {problem}; use "{naming.env_var_fix(name)}"' if problem else None


def _existing_file(path: Path) -> str | None:
    return None if path.is_file() else f"no such file: {path}"


def _existing_dir(path: Path) -> str | None:
    return None if path.is_dir() else f"no such directory: {path}"


@dataclass(frozen=True)
class Target:
    """One package (and its docs) generated from one spec."""

    spec: Path = setting(
        help="The OpenAPI document (YAML or JSON), relative to pyproject.toml.",
        required=True,
        check=_existing_file,
    )
    package: str = setting(
        help="The Python package name; also names the docs directory.",
        shown="the spec file's name as a package name",
        check=_package,
    )
    output: Path = setting(
        help="The output root: the package goes to OUTPUT/python/PACKAGE, "
        "its docs to OUTPUT/docs/PACKAGE.",
        shown="`[tool.generator].output`",
    )
    api_key_env: str | None = setting(
        None,
        help="The environment variable the client reads its API key from.",
        shown="`<PACKAGE>_API_KEY`",
        flag="--api-key-env",
        check=_env_var,
    )
    base_url_env: str | None = setting(
        None,
        help="The environment variable the client reads its base URL from.",
        shown="`<PACKAGE>_BASE_URL`",
        flag="--base-url-env",
        check=_env_var,
    )
    docs: bool = setting(
        True,
        help="Generate Markdown reference docs.",
        flag="--no-docs",
        flag_help="Leave out the docs.",
    )
    distribution: bool = setting(
        False,
        help="Also write a pyproject.toml and a README.md into the package directory, "
        "so it can be built and installed as a wheel.",
        flag="--distribution",
    )
    templates: Path | None = setting(
        None,
        help="A directory of templates that replace the built-in ones of the same name "
        "(`python/model.py.jinja`, `docs/operation.md.jinja`); see Custom templates.",
        flag="--templates",
        check=_existing_dir,
    )


@dataclass(frozen=True)
class Section:
    """The `[tool.generator]` table."""

    output: Path = setting(
        Path("generated"),
        help="The output root of every target that sets none, relative to pyproject.toml.",
    )
    targets: tuple[Target, ...] = setting(
        (),
        help="The targets: one `[[tool.generator.targets]]` table each.",
        shown="(required)",
        kind="an array of tables ([[tool.generator.targets]])",
    )


SECTION = "[tool.generator]"
TARGETS = "[tool.generator.targets]"


@dataclass(frozen=True)
class Key:
    table: str
    name: str
    hint: Any
    kind: str
    value: Any  # the default, dataclasses.MISSING when there is none
    default: str  # the default as the README shows it
    help: str
    required: bool
    flag: str | None
    flag_help: str
    check: Check | None


def keys_of(cls: type[Target] | type[Section]) -> list[Key]:
    table = SECTION if cls is Section else TARGETS
    hints = get_type_hints(cls)
    return [
        Key(
            table=table,
            name=f.name,
            hint=hints[f.name],
            kind=f.metadata["kind"] or describe(hints[f.name]),
            value=f.default,
            default=f.metadata["shown"] or _shown(f.default),
            help=f.metadata["help"],
            required=f.metadata["required"],
            flag=f.metadata["flag"],
            flag_help=f.metadata["flag_help"],
            check=f.metadata["check"],
        )
        for f in dataclasses.fields(cls)
    ]


def keys() -> list[Key]:
    """Every key, `[tool.generator]`'s first."""
    return keys_of(Section) + keys_of(Target)


def flags() -> list[Key]:
    """The target keys a one-off SPEC can set on the command line."""
    return [k for k in keys_of(Target) if k.flag]


def _shown(default: Any) -> str:
    if default is dataclasses.MISSING:
        return "(required)"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if default is None:
        return "none"
    if isinstance(default, (str, Path)):
        return f'`"{default}"`'
    return f"`{default!r}`"


def markdown_table() -> str:
    """The README's table of keys."""
    out = []
    for title, table in (
        ("`[tool.generator]`", keys_of(Section)),
        ("Each `[[tool.generator.targets]]`", keys_of(Target)),
    ):
        out += [
            f"{title}:",
            "",
            "| Key | Type | Default | Meaning |",
            "|---|---|---|---|",
        ]
        for key in table:
            flag = f" One-off: `{key.flag}`." if key.flag else ""
            out.append(
                f"| `{key.name}` | {_bare(key.kind)} | {key.default} | {key.help}{flag} |"
            )
        out.append("")
    return "\n".join(out)


def _bare(kind: str) -> str:
    """A type without its article, for a table cell: "array of strings"."""
    return kind.removeprefix("a ").removeprefix("an ")


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
    """The targets configured in pyproject.toml, with paths relative to its directory.

    Every problem in the configuration is reported at once, each with its place
    (`[tool.generator.targets][2].package`) and its line.
    """
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
        place = (target.output.resolve(), target.package)
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
    """The target of a SPEC given on the command line; options are the one-off flags' keys."""
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
        problem = _package(package)
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
