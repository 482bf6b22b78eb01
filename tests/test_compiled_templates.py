"""Templates compiled by one process and loaded by another (the side process
compiles them on a large spec while the IR is built)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import jinja2
from conftest import ROOT

from generator import render

# Run in a fresh interpreter: the environment and its templates live for a process.
SCRIPT = textwrap.dedent("""
    import json, sys
    import jinja2
    from generator import forks, render

    render.use_cache(None)
    with forks.Forked() as side:
        code = side.call(render.compiled_code).result()
    if sys.argv[1] == "swapped":  # each template given another one's code
        keys = sorted(code)
        code = {key: code[keys[i - 1]] for i, key in enumerate(keys)}
    compiled = []
    original = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    jinja2.Environment.compile = compile
    render.take_compiled(code)
    render.compile_all()
    print(json.dumps({"shipped": len(code), "compiled": compiled,
                      "templates": len(render.builtin_names())}))
    """)


def _run(mode: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "GENERATOR_CACHE_DIR": "off", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_templates_compiled_in_another_process_are_not_compiled_again() -> None:
    result = _run("as-sent")
    assert result["shipped"] == result["templates"]
    assert result["compiled"] == []


def test_code_that_does_not_match_a_template_is_not_used() -> None:
    result = _run("swapped")
    assert result["shipped"] == result["templates"]
    compiled = result["compiled"]
    assert isinstance(compiled, list) and len(compiled) == result["templates"]


def test_a_cache_directory_removed_meanwhile_only_costs_time(tmp_path: Path) -> None:
    """Another build of the generator removes the directories of the builds it is
    not (render._compiled_dir): one running meanwhile must go on without caching."""
    directory = tmp_path / "templates" / "this-build"
    directory.mkdir(parents=True)
    compiled = render.Compiled(str(directory))
    env = jinja2.Environment(bytecode_cache=compiled)
    shutil.rmtree(directory)  # as another build does
    template = env.from_string("{{ 1 + 1 }}")  # from_string does not cache: load one
    assert template.render() == "2"
    loader_env = jinja2.Environment(
        loader=jinja2.DictLoader({"t.jinja": "{{ x }}!"}), bytecode_cache=compiled
    )
    assert loader_env.get_template("t.jinja").render(x=3) == "3!"
    assert not directory.exists()
