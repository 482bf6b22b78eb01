"""The generated package type-checks strictly, is black-clean and imports in a clean interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import GENERATED
from support.checks import black_check, mypy_strict

PACKAGES = sorted(
    p.name for p in (GENERATED / "python").iterdir() if (p / "__init__.py").is_file()
)


_ENV = {"PYTHONDONTWRITEBYTECODE": "1", "PATH": ""}


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=_ENV)


def test_every_generated_package_passes_mypy_strict(tmp_path: Path) -> None:
    assert PACKAGES
    done = mypy_strict(GENERATED / "python", PACKAGES, tmp_path / "mypy", env=_ENV)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_every_generated_package_is_black_clean() -> None:
    done = black_check(GENERATED / "python", PACKAGES, env=_ENV)
    assert done.returncode == 0, done.stdout + done.stderr


def test_packages_import_with_the_standard_library_only() -> None:
    script = (
        "import sys, importlib\n"
        "sys.path.insert(0, '.')\n"
        "before = set(sys.modules)\n"
        f"for name in {PACKAGES!r}:\n"
        "    pkg = importlib.import_module(name)\n"
        "    importlib.import_module(name + '.models')\n"
        "    for n in pkg.models.__all__: getattr(pkg.models, n)\n"
        "    pkg.Client(api_key='k', base_url='http://127.0.0.1:9')\n"
        "loaded = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "third = sorted(m for m in loaded if m not in sys.stdlib_module_names and m not in "
        + repr(PACKAGES)
        + " and not m.startswith('_'))\n"
        "assert not third, third\n"
        "print('ok')\n"
    )
    done = _run([sys.executable, "-I", "-c", script], GENERATED / "python")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_http_stack_is_imported_on_first_use_only() -> None:
    script = (
        "import sys\n"
        "sys.path.insert(0, '.')\n"
        f"for name in {PACKAGES!r}:\n"
        "    pkg = __import__(name)\n"
        "    pkg.Client(api_key='k', base_url='http://127.0.0.1:9')\n"
        "    pkg.AsyncClient(api_key='k', base_url='http://127.0.0.1:9')\n"
        "heavy = ['asyncio', 'ssl', 'http.client', 'email.utils', 'socket']\n"
        "lazy = ['atransport', 'transport', 'http11', 'streaming', 'pagination']\n"
        "loaded = [m for m in heavy if m in sys.modules] + [\n"
        "    f'{p}._runtime.{m}' for p in "
        + repr(PACKAGES)
        + " for m in lazy if f'{p}._runtime.{m}' in sys.modules]\n"
        "assert not loaded, loaded\n"
        "print('ok')\n"
    )
    done = _run([sys.executable, "-I", "-c", script], GENERATED / "python")
    assert done.returncode == 0, done.stdout + done.stderr
