"""A directory of templates overrides the built-in ones by name, and takes part in check and caching."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import GENERATED, ROOT
from support.trees import files_under

SPEC = (ROOT / "specs" / "videos-remix.yaml").read_text(encoding="utf-8")
FOOTER = "Questions? Ask #api-platform."


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=tmp_path,
        env={**os.environ, "GENERATOR_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
    )


def _project(tmp_path: Path) -> Path:
    (tmp_path / "videos-remix.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        "[[tool.generator.targets]]\n"
        'spec = "videos-remix.yaml"\npackage = "videos_remix"\n'
        'api_key_env = "OPENAI_API_KEY"\nbase_url_env = "OPENAI_BASE_URL"\n'
        'templates = "codegen"\n',
        encoding="utf-8",
    )
    page = tmp_path / "codegen" / "docs" / "md" / "operation.md.jinja"
    page.parent.mkdir(parents=True)
    page.write_text(
        '{% include "builtin/docs/md/operation.md.jinja" %}\n' + FOOTER + "\n",
        encoding="utf-8",
    )
    return page


def test_an_override_replaces_one_template_and_nothing_else(tmp_path: Path) -> None:
    _project(tmp_path)
    done = cli(tmp_path, "generate")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "generated"
    page = (out / "docs" / "videos_remix" / "videos" / "remix.md").read_text()
    golden = (GENERATED / "docs" / "videos_remix" / "videos" / "remix.md").read_text()
    assert page == golden + FOOTER + "\n"
    python = files_under(out / "python" / "videos_remix")
    assert python == files_under(GENERATED / "python" / "videos_remix")
    index = (out / "docs" / "videos_remix" / "index.md").read_text()
    assert FOOTER not in index
    assert cli(tmp_path, "check").returncode == 0


def test_changing_an_override_makes_output_stale_and_regenerates(
    tmp_path: Path,
) -> None:
    page = _project(tmp_path)
    assert cli(tmp_path, "generate").returncode == 0
    again = cli(tmp_path, "generate")
    assert "unchanged since the last run" in again.stdout  # the run record is used
    page.write_text(page.read_text() + "Edited.\n", encoding="utf-8")
    checked = cli(tmp_path, "check")
    assert checked.returncode == 1
    assert "stale:   docs/videos_remix/videos/remix.md" in checked.stdout
    assert cli(tmp_path, "generate").returncode == 0
    remix = tmp_path / "generated" / "docs" / "videos_remix" / "videos" / "remix.md"
    assert remix.read_text().endswith(FOOTER + "\nEdited.\n")
    assert cli(tmp_path, "check").returncode == 0


def test_an_override_of_a_python_template_is_formatted_and_checked(
    tmp_path: Path,
) -> None:
    _project(tmp_path)
    model = tmp_path / "codegen" / "python" / "model.py.jinja"
    model.parent.mkdir()
    model.write_text(
        '{% include "builtin/python/model.py.jinja" %}\n\nREVIEWED_BY = "api-team"\n',
        encoding="utf-8",
    )
    done = cli(tmp_path, "generate")
    assert done.returncode == 0, done.stderr
    text = (
        tmp_path
        / "generated"
        / "python"
        / "videos_remix"
        / "models"
        / "video_resource.py"
    ).read_text()
    assert text.endswith('\n\nREVIEWED_BY = "api-team"\n')
    model.write_text("def broken(:\n", encoding="utf-8")
    bad = cli(tmp_path, "generate")
    assert bad.returncode == 1
    assert "is not valid Python" in bad.stderr and "Traceback" not in bad.stderr


def test_a_file_that_overrides_nothing_is_a_warning(tmp_path: Path) -> None:
    _project(tmp_path)
    typo = tmp_path / "codegen" / "python" / "modle.py.jinja"
    typo.parent.mkdir()
    typo.write_text("x\n", encoding="utf-8")
    (tmp_path / "codegen" / "_macros.jinja").write_text(
        "{% macro m() %}{% endmacro %}\n"
    )
    done = cli(tmp_path, "generate")
    assert done.returncode == 0, done.stderr
    assert (
        "codegen/python/modle.py.jinja: warning: python/modle.py.jinja overrides no built-in template; "
        "did you mean python/model.py.jinja? [unknown-template]" in done.stderr
    ), done.stderr
    assert "_macros" not in done.stderr


def test_templates_for_a_one_off_spec_and_a_missing_directory(tmp_path: Path) -> None:
    _project(tmp_path)
    done = cli(
        tmp_path, "generate", "videos-remix.yaml", "--templates", "codegen", "-o", "one"
    )
    assert done.returncode == 0, done.stderr
    assert (
        (tmp_path / "one" / "docs" / "videos_remix" / "videos" / "remix.md")
        .read_text()
        .endswith(FOOTER + "\n")
    )
    missing = cli(
        tmp_path, "generate", "videos-remix.yaml", "--templates", "nope", "-o", "two"
    )
    assert missing.returncode == 1
    assert "--templates: no such directory: nope" in missing.stderr
    assert not (tmp_path / "two").exists()


def test_override_templates_see_jinjas_globals_and_ours(tmp_path: Path) -> None:
    """Each template's globals are one dict (generator/render.py, _Environment):
    Jinja's own (range, namespace) and the generator's (layout) are in it, and
    what one template is given does not reach another."""
    from generator.render import environment

    overrides = tmp_path / "codegen"
    overrides.mkdir()
    (overrides / "a.jinja").write_text(
        "{% set ns = namespace(n=0) %}{% for i in range(3) %}"
        "{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }} {{ layout.LINE_LENGTH }}"
        " {{ extra }}",
        encoding="utf-8",
    )
    (overrides / "b.jinja").write_text("{{ extra is defined }}", encoding="utf-8")
    env = environment(str(ROOT / "templates"), str(overrides))
    given = env.get_template("a.jinja", globals={"extra": "x"})
    assert given.render() == "3 88 x"
    assert env.get_template("b.jinja").render() == "False"
    assert "extra" not in env.globals
