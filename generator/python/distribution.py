"""The files that make a generated package installable: pyproject.toml and README.md.

Written into the package directory itself (`python/<package>/`), which setuptools
is told is the package (`package-dir = {"<package>" = "."}`), so the package is
vendored and built from the same place.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Callable

from generator.python.package import PackageView
from generator.records import record
from generator.render import Templates

Unit = tuple[str, Callable[[], str]]

_RELEASE = re.compile(r"\d+(?:[.\-_]\d+)*", re.A)
_PRE = re.compile(r"[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*)")
_POST = re.compile(r"[-_.]?(post|rev|r)[-_.]?(\d*)")
_DEV = re.compile(r"[-_.]?dev[-_.]?(\d*)")
_PRE_NAMES = {
    **{"a": "a", "alpha": "a", "b": "b", "beta": "b"},
    **{"c": "rc", "rc": "rc", "pre": "rc", "preview": "rc"},
}


def pep440(version: str) -> str:
    """A valid PEP 440 version for an OpenAPI `info.version`, which may be anything.

    The leading numbers are the release (`2024-01-01` -> `2024.1.1`); a pre-,
    post- or dev-release suffix is kept as one (`2.3.0-beta.1` -> `2.3.0b1`);
    anything else becomes a local label (`1.0-SNAPSHOT` -> `1.0+snapshot`).
    """
    text = version.strip().lower().removeprefix("v")
    found = _RELEASE.match(text)
    numbers = re.findall(r"\d+", found.group()) if found else ["0"]
    release = ".".join(str(int(n)) for n in numbers)
    rest = text[found.end() :] if found else text
    if not rest:
        return release
    if m := _PRE.fullmatch(rest):
        return f"{release}{_PRE_NAMES[m[1]]}{int(m[2] or 0)}"
    if m := _POST.fullmatch(rest):
        return f"{release}.post{int(m[2] or 0)}"
    if m := _DEV.fullmatch(rest):
        return f"{release}.dev{int(m[1] or 0)}"
    label = ".".join(re.findall(r"[a-z0-9]+", rest))
    return f"{release}+{label}" if label else release


@record
class DistributionView:
    name: str
    version: str
    api_version: str
    title: str
    description: str
    packages: tuple[str, ...]
    credentials_comment: str  # for `client = Client()`
    spec: str


def distribution_units(
    view: PackageView, paths: list[str], spec_name: str, templates: Templates
) -> list[Unit]:
    """pyproject.toml and README.md for the package whose files are at paths."""
    base = f"python/{view.name}/"
    packages = sorted(
        ".".join([view.name, *path[len(base) :].split("/")[:-1]])
        for path in paths
        if path.startswith(base) and path.endswith("/__init__.py")
    )
    dist = DistributionView(
        name=view.name,
        version=pep440(view.api_version),
        api_version=view.api_version,
        title=view.title,
        description=" ".join(view.title.split()),
        packages=tuple(packages),
        credentials_comment=view.credentials.comment,
        spec=spec_name,
    )
    return [
        (
            base + "pyproject.toml",
            partial(templates.render, "python/pyproject.toml.jinja", dist=dist),
        ),
        (
            base + "README.md",
            partial(templates.render, "python/README.md.jinja", dist=dist),
        ),
    ]
