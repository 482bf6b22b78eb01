"""What differs between the Python versions the generator runs on."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    from typing import assert_never, dataclass_transform
else:  # pragma: no cover
    from typing_extensions import assert_never, dataclass_transform

__all__ = ["assert_never", "dataclass_transform"]
