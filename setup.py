"""Package list for setuptools: every package under generator/, found, plus the templates.

pyproject.toml cannot both find packages and add one that lives elsewhere
(`templates/` ships as `generator.templates`, mapped in [tool.setuptools]), so
the list is built here; everything else is configured in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["generator", "generator.*"])
    + ["generator.templates"]
)
