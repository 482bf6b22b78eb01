"""What reading a spec notes, whether its text is JSON or YAML.

Both readers report a key given twice in one mapping (the last one is used,
with a warning) and refuse an integer too long for Python to read. They share
these here, so that reading JSON needs neither PyYAML nor the YAML reader
(`generator.yamlread`), whose import costs a run 15 ms.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any


@dataclass
class Duplicate:
    """A key given twice in one mapping: where the repeat is, and the mapping it is in."""

    mapping: dict[str, Any]
    key: str
    line: int
    column: int


def max_digits() -> int:
    """The longest decimal integer Python converts (0: no limit)."""
    get = getattr(sys, "get_int_max_str_digits", None)
    return int(get()) if get is not None else 0


def too_many_digits(text: str) -> str | None:
    """Why a decimal integer literal cannot be read, or None when it can."""
    limit = max_digits()
    digits = len(text.lstrip("+-"))
    if limit and digits > limit:
        return f"an integer of {digits} digits is longer than the {limit} digits Python reads"
    return None
