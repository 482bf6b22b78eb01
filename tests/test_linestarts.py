"""`LineStarts` finds the lines `^` in multiline mode finds, from the newline before each."""

from __future__ import annotations

import random
import re

from generator.linestarts import LineStarts

_BEGINS = [
    r" {2}(?=[^ #\-\n\r])",
    r" *[^ #\n]",
    r"(?:-|\.\.\.|%)",
    r" {0,1}[^ #\n]",
    r"a",
]
_PIECES = ["a: 1", "  b:", "    - c", "# x", "", "  ", "-x", "...", "%Y", "\r", " a"]


def test_the_same_lines_as_a_multiline_anchor() -> None:
    rng = random.Random(5)
    for _ in range(3000):
        text = "\n".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 8)))
        text += rng.choice(["", "\n"])
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        start = rng.choice(line_starts)
        end = rng.randint(start, len(text))
        begins = rng.choice(_BEGINS)
        anchored = re.compile("^" + begins, re.M)
        expected = [m.start() for m in anchored.finditer(text, start, end)]
        found = LineStarts(begins)
        assert found.starts(text, start, end) == expected, (text, start, end, begins)
        assert found.any(text, start, end) == bool(expected), (text, start, end)
