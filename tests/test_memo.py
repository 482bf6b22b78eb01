"""generator.memo remembers short texts only, and only so many."""

from __future__ import annotations

from typing import Callable

from generator import memo


def _counted() -> tuple[list[str], Callable[[str], str]]:
    calls: list[str] = []

    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    return calls, memo.short_texts(upper)


def test_a_short_text_is_computed_once() -> None:
    calls, upper = _counted()
    assert [upper("ab"), upper("ab"), upper("cd")] == ["AB", "AB", "CD"]
    assert calls == ["ab", "cd"]


def test_a_long_text_is_computed_every_time() -> None:
    calls, upper = _counted()
    long = "x" * (memo.SHORT + 1)
    assert upper(long) == upper(long) == long.upper()
    assert calls == [long, long]


def test_no_more_than_entries_are_kept() -> None:
    calls, upper = _counted()
    texts = [f"t{i}" for i in range(memo.ENTRIES + 1)]
    for text in texts:
        upper(text)
    upper(texts[0])
    assert len(calls) == len(texts) + 1  # the first was let go when the cache filled
    upper(texts[-1])
    assert len(calls) == len(texts) + 1  # the last is still there
