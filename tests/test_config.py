"""Configuration explains itself: every key is checked, with its place, a line and a fix."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

from generator import config

SPEC = (ROOT / "specs" / "videos-remix.yaml").read_text(encoding="utf-8")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def _project(tmp_path: Path, toml: str) -> Path:
    (tmp_path / "api.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def _line_of(tmp_path: Path, text: str) -> int:
    lines = (tmp_path / "pyproject.toml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def _fails(done: subprocess.CompletedProcess[str], tmp_path: Path) -> str:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "generated").exists()
    return done.stderr


def test_a_typo_in_the_section_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    _project(
        tmp_path,
        '[tool.generator]\noutptu = "gen"\n\n[[tool.generator.targets]]\nspec = "api.yaml"\n',
    )
    err = _fails(cli("generate", cwd=tmp_path), tmp_path)
    line = _line_of(tmp_path, "outptu")
    assert (
        f'pyproject.toml:{line}: error: [tool.generator].outptu: unknown key; did you mean "output"?'
        in err
    ), err


def test_an_unknown_target_key_names_its_target_line_and_the_key_meant(
    tmp_path: Path,
) -> None:
    _project(
        tmp_path,
        "[tool.generator]\n\n"
        '[[tool.generator.targets]]\nspec = "api.yaml"\n\n'
        '[[tool.generator.targets]]\nspec = "api.yaml"\npakage = "second"\n',
    )
    err = _fails(cli("generate", cwd=tmp_path), tmp_path)
    line = _line_of(tmp_path, "pakage")
    assert (
        f"pyproject.toml:{line}: error: [tool.generator.targets][2].pakage: "
        'unknown key; did you mean "package"?' in err
    ), err


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[tool.generator]\ntargets = "x"\n',
            "[tool.generator].targets: must be an array of tables "
            "([[tool.generator.targets]]), not a string",
        ),
        (
            '[[tool.generator.targets]]\nspec = "api.yaml"\ndocs = "yes"\n',
            "[tool.generator.targets][1].docs: must be true or false, not a string",
        ),
        (
            "[[tool.generator.targets]]\nspec = 3\n",
            "[tool.generator.targets][1].spec: must be a path (a string), not an integer",
        ),
        (
            '[[tool.generator.targets]]\npackage = "x"\n',
            "[tool.generator.targets][1]: the required key spec is missing",
        ),
        (
            '[[tool.generator.targets]]\nspec = "nope.yaml"\n',
            "[tool.generator.targets][1].spec: no such file: nope.yaml",
        ),
        (
            '[tool.generator]\noutput = ["a"]\n[[tool.generator.targets]]\nspec = "api.yaml"\n',
            "[tool.generator].output: must be a path (a string), not an array",
        ),
    ],
)
def test_wrong_types_and_missing_keys_are_named(
    tmp_path: Path, toml: str, message: str
) -> None:
    _project(tmp_path, toml)
    err = _fails(cli("generate", cwd=tmp_path), tmp_path)
    assert message in err, err


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    _project(
        tmp_path,
        '[[tool.generator.targets]]\nspec = "api.yaml"\ndocs = 1\nbase_url = "x"\n',
    )
    err = _fails(cli("generate", cwd=tmp_path), tmp_path)
    assert ".docs: must be true or false" in err
    assert '.base_url: unknown key; did you mean "base_url_env"?' in err


@pytest.mark.parametrize(
    ("package", "problem", "fix"),
    [
        ("class", "is a Python keyword", "class_"),
        ("1abc", "is not a valid Python identifier", "client_1abc"),
        ("foo-bar", "is not a valid Python identifier", "foo_bar"),
        ("json", "is a standard-library module", "json_client"),
    ],
)
def test_package_names_that_cannot_be_imported_are_refused_with_a_fix(
    tmp_path: Path, package: str, problem: str, fix: str
) -> None:
    _project(
        tmp_path,
        f'[[tool.generator.targets]]\nspec = "api.yaml"\npackage = "{package}"\n',
    )
    err = _fails(cli("generate", cwd=tmp_path), tmp_path)
    line = _line_of(tmp_path, "package =")
    assert (
        f'pyproject.toml:{line}: error: [tool.generator.targets][1].package: "{package}" {problem}'
        in err
    ), err
    assert f'use "{fix}"' in err

    one_off = cli("generate", "api.yaml", "--package", package, cwd=tmp_path)
    err = _fails(one_off, tmp_path)
    assert f'--package: "{package}" {problem}' in err and f'use "{fix}"' in err


def test_a_package_name_from_the_spec_file_name_is_checked_too(tmp_path: Path) -> None:
    (tmp_path / "json.yaml").write_text(SPEC, encoding="utf-8")
    err = _fails(cli("generate", "json.yaml", cwd=tmp_path), tmp_path)
    assert '"json" (from the spec file name) is a standard-library module' in err
    assert "use --package json_client" in err
    (tmp_path / "pyproject.toml").write_text(
        '[[tool.generator.targets]]\nspec = "json.yaml"\n'
    )
    err = _fails(cli("generate", cwd=tmp_path), tmp_path)
    assert "[tool.generator.targets][1].package:" in err
    assert 'set package = "json_client"' in err


def test_environment_variable_names_are_checked(tmp_path: Path) -> None:
    _project(
        tmp_path,
        '[[tool.generator.targets]]\nspec = "api.yaml"\napi_key_env = "MY-KEY"\n',
    )
    err = _fails(cli("generate", cwd=tmp_path), tmp_path)
    assert (
        '[tool.generator.targets][1].api_key_env: "MY-KEY" is not a valid environment '
        'variable name; use "MY_KEY"' in err
    ), err


def test_one_off_flags_set_environment_variables_and_leave_out_docs(
    tmp_path: Path,
) -> None:
    (tmp_path / "api.yaml").write_text(SPEC, encoding="utf-8")
    done = cli(
        "generate",
        "api.yaml",
        "--api-key-env",
        "ACME_TOKEN",
        "--base-url-env",
        "ACME_URL",
        "--no-docs",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    client = (tmp_path / "generated" / "python" / "api" / "_client.py").read_text()
    assert 'env=("ACME_TOKEN",)' in client  # the API key's scheme
    assert 'base_url_env="ACME_URL"' in client
    assert not (tmp_path / "generated" / "docs").exists()
    checked = cli(
        "check",
        "api.yaml",
        "--api-key-env",
        "ACME_TOKEN",
        "--base-url-env",
        "ACME_URL",
        "--no-docs",
        cwd=tmp_path,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    err = _fails(
        cli(
            "generate",
            "api.yaml",
            "--api-key-env",
            "1X",
            cwd=tmp_path / "generated" / "python",
        ),
        tmp_path / "generated" / "python" / "nothing",
    )
    assert "--api-key-env:" in err


def test_one_off_flags_need_a_spec(tmp_path: Path) -> None:
    _project(tmp_path, '[[tool.generator.targets]]\nspec = "api.yaml"\n')
    done = cli("generate", "--no-docs", cwd=tmp_path)
    assert done.returncode == 1
    assert "--no-docs applies to a SPEC given on the command line" in done.stderr


def test_the_readme_table_of_keys_is_the_declared_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(
        r"<!-- config-keys: begin -->\n(.*?)<!-- config-keys: end -->", readme, re.S
    )
    assert found, "README.md has no <!-- config-keys: begin/end --> table"
    assert found.group(1) == config.markdown_table(), (
        "README.md's table of configuration keys is out of date; replace it with:\n"
        + config.markdown_table()
    )


def test_every_declared_key_has_help_and_a_toml_type() -> None:
    for key in config.keys():
        assert key.help.endswith("."), key.name
        assert key.kind, key.name


def test_key_types_for_lists_and_tables() -> None:
    from collections.abc import Mapping

    from generator.configtypes import conforms, convert, describe

    assert conforms(["a", "b"], tuple[str, ...])
    assert not conforms(["a", 1], tuple[str, ...])
    assert describe(tuple[str, ...]) == "an array of strings"
    assert conforms({"Old": "New"}, Mapping[str, str])
    assert not conforms({"Old": ["New"]}, Mapping[str, str])
    assert describe(Mapping[str, tuple[str, ...]]) == "a table of arrays of strings"
    assert describe(Path | None) == "a path (a string)"
    assert convert(["x"], tuple[Path, ...], Path("base")) == (Path("base/x"),)


def test_lines_of_keys_in_sub_tables_and_arrays_of_tables() -> None:
    from generator.tomlplaces import Places

    places = Places(
        "[tool.generator]\n"
        'output = "g"\n'
        "[[tool.generator.targets]]\n"
        'spec = "a.yaml"\n'
        "[tool.generator.targets.rename]\n"
        'A = "B"\n'
        "[[ tool.generator.targets ]]  # the second\n"
        '"spec" = "b.yaml"\n'
    )
    assert places.line("[tool.generator]", None, "output") == 2
    assert places.line("[tool.generator.targets]", 0, "spec") == 4
    assert places.line("[tool.generator.targets]", 0, "rename") == 5
    assert places.line("[tool.generator.targets]", 1, "spec") == 8
    assert places.line("[tool.generator.targets]", 1, None) == 7
    assert places.line("[tool.generator.targets]", 1, "rename") is None
    assert places.line("[tool.generator.targets]", 2, "spec") is None


@dataclass(frozen=True)
class Selection:
    tags: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()


def _strategy(value: str) -> str | None:
    return None if value in ("paths", "tags") else f'"{value}" is not paths or tags'


@dataclass(frozen=True)
class Demo:
    """Keys of the kinds naming overrides need, declared as config.Target's are."""

    rename: Mapping[str, str] = config.setting({}, help="Names to names.")
    include: Selection = config.setting(Selection(), help="What to keep.")
    naming: str = config.setting("paths", help="How.", check=_strategy)


def test_keys_of_the_kinds_naming_overrides_need_are_one_declaration_each(
    tmp_path: Path,
) -> None:
    """Tables of names, tables with fixed keys, and choices: declared, read, refused."""
    from generator.config import TARGETS, keys_of
    from generator.configload import _Reader
    from generator.tomlplaces import Places

    text = (
        "[[tool.generator.targets]]\n"
        'rename = {old = "new"}\n'
        'include = {tags = ["a"]}\n'
        'naming = "tags"\n'
    )
    raw = {"rename": {"old": "new"}, "include": {"tags": ["a"]}, "naming": "tags"}
    reader = _Reader(tmp_path / "pyproject.toml", Places(text), tmp_path)
    values = reader.read(keys_of(Demo), raw, TARGETS, 0)
    assert not reader.problems
    assert Demo(**values) == Demo({"old": "new"}, Selection(tags=("a",)), "tags")
    assert Demo().rename == {} and Demo().rename is not Demo().rename

    bad = {"rename": {"old": 1}, "include": {"tag": ["a"]}, "naming": "x"}
    reader = _Reader(tmp_path / "pyproject.toml", Places(text), tmp_path)
    reader.read(keys_of(Demo), bad, TARGETS, 0)
    messages = [d.render() for d in reader.problems]
    assert messages == [
        f"{tmp_path / 'pyproject.toml'}:2: error: [tool.generator.targets][1].rename: "
        "must be a table of strings, not a table [bad-config]",
        f"{tmp_path / 'pyproject.toml'}:3: error: [tool.generator.targets][1].include: "
        "must be a table with the keys tags (an array of strings), "
        "paths (an array of strings), not a table [bad-config]",
        f"{tmp_path / 'pyproject.toml'}:4: error: [tool.generator.targets][1].naming: "
        '"x" is not paths or tags [bad-config]',
    ]
