"""Bad input gets one clear line naming the place, a non-zero exit and an untouched output directory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from generator.config import target_for
from generator.pipeline import run

GOOD = (ROOT / "specs" / "videos-remix.yaml").read_text()


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def _no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr + done.stdout


def test_missing_file(tmp_path: Path) -> None:
    done = cli("generate", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "no such file" in done.stderr and "nope.yaml" in done.stderr
    _no_traceback(done)
    assert not (tmp_path / "out").exists()


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\n")
    done = cli("generate", str(spec), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    line = done.stderr.strip().splitlines()[0]
    assert line.startswith(f"{spec}:4:10: error: invalid YAML"), line
    _no_traceback(done)


def test_json_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    spec = tmp_path / "broken.json"
    spec.write_text('{\n  "openapi": "3.1.0",\n  "info": {"title": "x",}\n}\n')
    done = cli("validate", str(spec))
    assert done.returncode == 1
    assert f"{spec}:3:25: error: invalid JSON" in done.stdout + done.stderr
    _no_traceback(done)


def test_invalid_spec_reports_pointer_and_line(tmp_path: Path) -> None:
    spec = tmp_path / "invalid.yaml"
    spec.write_text(
        GOOD.replace("      required: [prompt]\n", "      required: [prompt, prompt]\n")
    )
    done = cli("validate", str(spec))
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if "non-unique" in line]
    assert lines, done.stdout
    expected_line = (
        spec.read_text().splitlines().index("      required: [prompt, prompt]") + 1
    )
    assert f"{spec}:{expected_line}:" in lines[0]
    assert "#/components/schemas/CreateVideoRemixBody/required" in lines[0]
    _no_traceback(done)


def test_a_small_spec_is_validated_the_same_beside_and_here(tmp_path: Path) -> None:
    """A command-line run validates its small spec in a forked process, which
    imports the validator while this one builds; a process that goes on to more
    specs validates them itself. Both report the same errors, with their lines."""
    spec = tmp_path / "dup.yaml"
    spec.write_text(
        GOOD.replace("      required: [prompt]\n", "      required: [prompt, prompt]\n")
    )
    done = cli("generate", str(spec), "-o", str(tmp_path / "cli"))
    assert done.returncode == 0, done.stderr
    beside = [line for line in done.stderr.splitlines() if "[invalid-spec]" in line]
    line = spec.read_text().splitlines().index("      required: [prompt, prompt]") + 1
    assert len(beside) == 1 and beside[0].startswith(f"{spec}:{line}:7: error: ")
    target = target_for(spec, tmp_path / "here", "dup")
    for _ in range(2):  # the second, at least, is validated in this process
        found = run(target).diagnostics
        assert [d.render() for d in found if d.code == "invalid-spec"] == beside


def test_lenient_generation_goes_on_and_strict_stops(tmp_path: Path) -> None:
    spec = tmp_path / "dup.yaml"
    spec.write_text(
        GOOD.replace("      required: [prompt]\n", "      required: [prompt, prompt]\n")
    )
    lenient = cli("generate", str(spec), "-o", str(tmp_path / "lenient"))
    assert lenient.returncode == 0, lenient.stderr
    assert "duplicate-required" in lenient.stderr
    assert (tmp_path / "lenient" / "python" / "dup" / "__init__.py").is_file()
    strict = cli("generate", str(spec), "-o", str(tmp_path / "strict"), "--strict")
    assert strict.returncode == 1
    assert not (tmp_path / "strict").exists()
    _no_traceback(strict)


def test_failed_generation_leaves_existing_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    spec = tmp_path / "api.yaml"
    spec.write_text(GOOD)
    assert cli("generate", str(spec), "-o", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    spec.write_text(GOOD + "\n  bad: [\n")
    done = cli("generate", str(spec), "-o", str(out))
    assert done.returncode == 1
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "Swagger 2.0 is not supported",
        ),
        ("info: {title: t}\n", "not an OpenAPI document"),
        (
            "openapi: 2.5.0\ninfo: {title: t, version: '1'}\n",
            "OpenAPI 2.5.0 is not supported",
        ),
        ("- just\n- a list\n", "not an OpenAPI object"),
        ("", "empty"),
    ],
)
def test_documents_that_are_not_openapi_3(
    tmp_path: Path, text: str, message: str
) -> None:
    spec = tmp_path / "odd.yaml"
    spec.write_text(text)
    done = cli("generate", str(spec), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert message in done.stderr
    _no_traceback(done)
    assert not (tmp_path / "out").exists()


def test_check_lists_stale_and_missing_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    spec = tmp_path / "api.yaml"
    spec.write_text(GOOD)
    assert cli("generate", str(spec), "-o", str(out)).returncode == 0
    assert cli("check", str(spec), "-o", str(out)).returncode == 0
    (out / "python" / "api" / "models" / "video_size.py").write_text("# edited\n")
    (out / "python" / "api" / "models" / "video_status.py").unlink()
    (out / "python" / "api" / "models" / "stray.py").write_text("")
    done = cli("check", str(spec), "-o", str(out))
    assert done.returncode == 1
    assert "stale:   python/api/models/video_size.py" in done.stdout
    assert "missing: python/api/models/video_status.py" in done.stdout
    assert "stray.py" not in done.stdout  # a file of the user's (test_ownership.py)
    assert cli("generate", str(spec), "-o", str(out)).returncode == 0
    assert cli("check", str(spec), "-o", str(out)).returncode == 0
    assert (out / "python" / "api" / "models" / "stray.py").exists()


def test_usage_errors_exit_2() -> None:
    done = cli("frobnicate")
    assert done.returncode == 2
    _no_traceback(done)
