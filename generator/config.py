"""Generation targets: from `[tool.generator]` in pyproject.toml, or from the command line.

Every key is declared once, below, as a field of `Section` (the `[tool.generator]`
table) or of `Target` (one `[[tool.generator.targets]]` table) made with
`setting(...)`: its type, default and help text. The declarations drive
everything else: type checks, unknown keys and their did-you-mean, the one-off
command-line flags and the README's table of keys (a test keeps it in sync).
Adding a key is adding a field (then put the table test_config.py prints
into the README). Reading the tables is `generator.configload`'s work.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Mapping
from typing import Any, Callable, get_type_hints

from generator import naming
from generator.configtypes import describe
from generator.options import STRATEGIES, NamingOptions, Selection

# What is wrong with a value of the right type ("...; use X"), or None.
Check = Callable[[Any], "str | None"]


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
    if isinstance(default, (dict, list)):  # a fresh copy for each instance
        return dataclasses.field(
            default_factory=lambda: copy.copy(default), metadata=metadata
        )
    return dataclasses.field(default=default, metadata=metadata)


def package_check(name: str) -> str | None:
    problem = naming.package_problem(name)
    return f'"{name}" {problem}; use "{naming.package_fix(name)}"' if problem else None


def _env_var(name: str) -> str | None:
    problem = naming.env_var_problem(name)
    return f'"{name}" {problem}; use "{naming.env_var_fix(name)}"' if problem else None


def _strategy(value: str) -> str | None:
    return (
        None if value in STRATEGIES else f'"{value}" is not {" or ".join(STRATEGIES)}'
    )


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
        check=package_check,
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
    username_env: str | None = setting(
        None,
        help="The environment variable the client reads its username from "
        "(HTTP basic auth).",
        shown="`<PACKAGE>_USERNAME`",
        flag="--username-env",
        check=_env_var,
    )
    password_env: str | None = setting(
        None,
        help="The environment variable the client reads its password from "
        "(HTTP basic auth).",
        shown="`<PACKAGE>_PASSWORD`",
        flag="--password-env",
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
        "(`python/model.py.jinja`, `docs/md/operation.md.jinja`); see Custom templates.",
        flag="--templates",
        check=_existing_dir,
    )
    naming: str = setting(
        "paths",
        help="Where operations sit: `paths` (a resource tree from the paths) or "
        "`tags` (a resource per first tag, methods from operationIds); see Names.",
        check=_strategy,
    )
    rename: Mapping[str, str] = setting(
        {},
        help='An operation (operationId or `"METHOD /path"`) to its method name, or to '
        "a whole place (`beta.threads.create`).",
    )
    groups: Mapping[str, str] = setting(
        {},
        help="A path prefix to the resource its operations sit in (`beta.assistants`).",
    )
    rename_schemas: Mapping[str, str] = setting(
        {}, help="A schema's name in the spec to the name its class takes."
    )
    include: Selection = setting(
        Selection(),
        shown="everything",
        help="Generate only these operations: `tags`, `paths` (prefixes), "
        '`operations` (operationIds or `"METHOD /path"`).',
    )
    exclude: Selection = setting(
        Selection(),
        shown="nothing",
        help="Leave these operations out (the same keys as `include`); schemas "
        "nothing kept uses are pruned.",
    )

    @property
    def naming_options(self) -> NamingOptions:
        return NamingOptions(
            strategy=self.naming,
            rename=tuple(sorted(self.rename.items())),
            groups=tuple(sorted(self.groups.items())),
            rename_schemas=tuple(sorted(self.rename_schemas.items())),
            include=self.include,
            exclude=self.exclude,
        )


@dataclass(frozen=True)
class Section:
    """The `[tool.generator]` table."""

    output: Path = setting(
        Path("generated"),
        help="The output root of every target that sets none, relative to pyproject.toml.",
    )
    targets: tuple[Mapping[str, Any], ...] = setting(  # each read as a Target
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


def keys_of(cls: type) -> list[Key]:
    table = SECTION if cls is Section else TARGETS
    hints = get_type_hints(cls)
    return [
        Key(
            table=table,
            name=f.name,
            hint=hints[f.name],
            kind=f.metadata["kind"] or describe(hints[f.name]),
            value=_default(f),
            default=f.metadata["shown"] or _shown(_default(f)),
            help=f.metadata["help"],
            required=f.metadata["required"],
            flag=f.metadata["flag"],
            flag_help=f.metadata["flag_help"],
            check=f.metadata["check"],
        )
        for f in dataclasses.fields(cls)
    ]


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return f.default


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


def load_targets(pyproject: Path) -> list[Target]:
    """The targets configured in pyproject.toml, with paths relative to its directory.

    Every problem in the configuration is reported at once, each with its place
    (`[tool.generator.targets][2].package`) and its line.
    """
    from generator import configload

    return configload.load_targets(pyproject)


def target_for(
    spec: str | Path,
    output: str | Path = "generated",
    package: str | None = None,
    **options: Any,
) -> Target:
    """The target of a SPEC given on the command line; options are the one-off flags' keys."""
    from generator import configload

    return configload.target_for(spec, output, package, **options)
