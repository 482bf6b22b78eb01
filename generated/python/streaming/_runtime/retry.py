"""When to retry a request, and how long to wait first: the official SDKs' policy.

408, 409, 429 and 5xx responses and failed connections are retried, with
exponential backoff (0.5 s doubling, at most 8 s, less up to a quarter of jitter)
unless the server says how long to wait: `retry-after-ms`, or `Retry-After` in
seconds or as an HTTP date, honoured up to MAX_RETRY_AFTER seconds. An
`x-should-retry: true|false` header overrides the status.
"""

from __future__ import annotations

import time
from typing import Mapping

__all__ = ["MAX_RETRY_AFTER", "retry_after", "retry_delay", "should_retry"]

MAX_RETRY_AFTER = 60.0


def should_retry(status: int, headers: Mapping[str, str]) -> bool:
    forced = headers.get("x-should-retry", "").lower()
    if forced in ("true", "false"):
        return forced == "true"
    return status in (408, 409, 429) or status >= 500


def retry_delay(attempt: int, headers: Mapping[str, str] | None) -> float:
    """Seconds to wait before retry number attempt + 1 (attempt counts from 0)."""
    if headers is not None:
        delay = retry_after(headers)
        if delay is not None and delay <= MAX_RETRY_AFTER:
            return max(delay, 0.0)
    import random

    return min(0.5 * 2.0**attempt, 8.0) * (1 - 0.25 * random.random())


def retry_after(headers: Mapping[str, str]) -> float | None:
    """The wait the server asks for, in seconds (negative for a date in the past)."""
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    import email.utils

    try:
        return email.utils.parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
