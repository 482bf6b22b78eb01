"""Which `pattern`s the generated client may check: valid, and safe from catastrophic backtracking.

A pattern is copied into the client, which checks arguments against it with
Python's `re` before sending them. A pattern Python cannot read is left out. So
is one that can backtrack exponentially: a part repeated inside a repeat that
can hand the same characters to the next round or to what follows, as in
`(a+)+`, `(\\w+\\s?)+`, `(.*)*`, or alternatives that start alike, as in
`(a|a)*`. On 30 characters such a pattern takes minutes, and the caller's
process with it.

The test is a careful over-approximation on the parsed pattern: it may flag a
pattern that is in fact safe (it is then not checked, with a warning), never
the reverse for the shapes above.
"""

from __future__ import annotations

import importlib
import re
from typing import Any, Callable

from generator.memo import short_texts

MAX_LENGTH = 2000  # characters: longer patterns are not analysed, so not copied
MAX_NESTING = 100
_LARGE = 16  # a repeat of more than this many rounds is treated as unbounded

_parser: Any = importlib.import_module(
    "re._parser" if hasattr(re, "_parser") else "sre_parse"
)
_c: Any = importlib.import_module(
    "re._constants" if hasattr(re, "_constants") else "sre_constants"
)
_SAMPLE = frozenset(chr(i) for i in range(256)) | frozenset("é\u00a0\u2028日١")
_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdigit,
    "CATEGORY_NOT_DIGIT": lambda ch: not ch.isdigit(),
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_NOT_SPACE": lambda ch: not ch.isspace(),
    "CATEGORY_WORD": lambda ch: ch.isalnum() or ch == "_",
    "CATEGORY_NOT_WORD": lambda ch: not (ch.isalnum() or ch == "_"),
}


@short_texts  # a spec repeats its patterns (GitHub: 12 of them, 35 times), each a few ms
def problem(pattern: str) -> str | None:
    """Why the client must not check this pattern, or None when it may."""
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError) as exc:
        return f"it is not a regular expression Python reads ({_first_line(exc)})"
    if len(pattern) > MAX_LENGTH:
        return f"it is longer than {MAX_LENGTH} characters, too long to check for catastrophic backtracking"
    try:
        parsed = _parser.parse(pattern)
        sample = _SAMPLE | frozenset(pattern)
        risky = _Analysis(sample).walk(list(parsed), frozenset(), False, False, 0)
    except (RecursionError, re.error, _TooNested):
        return "it nests too deeply to check for catastrophic backtracking"
    if risky:
        return (
            "it can backtrack catastrophically (a repeated part can match the same "
            "text in more than one way, as in `(a+)+`)"
        )
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).splitlines()
    return text[0] if text else type(exc).__name__


class _TooNested(Exception):
    pass


class _Analysis:
    """First characters, nullability and the backtracking test over parsed items."""

    def __init__(self, sample: frozenset[str]) -> None:
        self.sample = sample

    # -- what an item can start with, and whether it can match nothing -------------

    def first(self, items: list[Any]) -> tuple[frozenset[str], bool]:
        """(characters a sequence can start with, whether it can match empty text)."""
        out: frozenset[str] = frozenset()
        for item in items:
            chars, nullable = self.item(item)
            out |= chars
            if not nullable:
                return out, False
        return out, True

    def item(self, item: tuple[Any, Any]) -> tuple[frozenset[str], bool]:
        op, av = item
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
            return self.chars_of(item), False
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            return frozenset(), True
        if name == "SUBPATTERN":
            return self.first(list(av[-1]))
        if name == "ATOMIC_GROUP":
            return self.first(list(av))
        if name == "BRANCH":
            firsts = [self.first(list(alt)) for alt in av[1]]
            return frozenset().union(*(f for f, _ in firsts)), any(n for _, n in firsts)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            chars, nullable = self.first(list(av[2]))
            return chars, nullable or av[0] == 0
        if name == "GROUPREF_EXISTS":
            yes = self.first(list(av[1]))
            no = self.first(list(av[2])) if av[2] is not None else (frozenset(), True)
            return yes[0] | no[0], yes[1] or no[1]
        return self.sample, True  # a back reference: anything, or nothing

    def chars_of(self, item: tuple[Any, Any]) -> frozenset[str]:
        """The sample characters one single-character item matches."""
        op, av = item
        name = str(op)
        if name == "LITERAL":
            return frozenset({chr(av)})
        if name == "NOT_LITERAL":
            return self.sample - {chr(av)}
        if name == "ANY":
            return self.sample - {"\n"}
        negate = any(str(o) == "NEGATE" for o, _ in av)
        hit = frozenset(ch for ch in self.sample if self._in(av, ch))
        return self.sample - hit if negate else hit

    def _in(self, members: list[tuple[Any, Any]], ch: str) -> bool:
        code = ord(ch)
        for op, av in members:
            name = str(op)
            if name == "LITERAL" and code == av:
                return True
            if name == "RANGE" and av[0] <= code <= av[1]:
                return True
            if name == "CATEGORY" and _CATEGORIES.get(str(av), _anything)(ch):
                return True
        return False

    def all_chars(self, items: list[Any], depth: int) -> frozenset[str]:
        """Every sample character a sequence can consume, anywhere in it."""
        if depth > MAX_NESTING:
            raise _TooNested
        out: frozenset[str] = frozenset()
        for op, av in items:
            name = str(op)
            if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
                out |= self.chars_of((op, av))
            else:
                for sub in _children(name, av):
                    out |= self.all_chars(sub, depth + 1)
        return out

    # -- the test ----------------------------------------------------------------------
    #
    # Exponential backtracking needs a repeat whose rounds can split the same text
    # in more than one way. Two shapes make that possible, both looked for inside
    # a repeat of many rounds: a repeat that can end its round and whose
    # characters can also start the next one (`(a+)+`, `(\\w+\\s?)+`), and
    # alternatives that can match the same text (`(a|a)*`, `(\\w|\\d)+`, and an
    # empty alternative beside others, as `(a|aa)*` parses). Two repeats side by
    # side inside a round (`([a-z0-9-]*[a-z0-9]\\.)+`) cost polynomial time
    # only, and are let through.

    def walk(
        self,
        items: list[Any],
        follow: frozenset[str],
        in_repeat: bool,
        at_end: bool,
        depth: int,
    ) -> bool:
        """Whether some repeat in items can backtrack exponentially.

        follow: characters that can come right after items (in a repeat: the
        start of its next round, or what follows the repeat). in_repeat: items
        are inside a repeat of many rounds. at_end: nothing but empty text need
        follow items before their round ends.
        """
        if depth > MAX_NESTING:
            raise _TooNested
        after = follow  # what can follow the item being looked at
        for op, av in reversed(items):
            name = str(op)
            if name in ("MAX_REPEAT", "MIN_REPEAT") and self._risky_repeat(
                av, after, in_repeat, at_end, depth
            ):
                return True
            if name == "BRANCH" and self._risky_branch(
                av, after, in_repeat, at_end, depth
            ):
                return True
            if name == "SUBPATTERN" and self.walk(
                list(av[-1]), after, in_repeat, at_end, depth + 1
            ):
                return True
            chars, nullable = self.item((op, av))
            after = chars | after if nullable else chars
            at_end = at_end and nullable
        return False

    def _risky_repeat(
        self, av: Any, after: frozenset[str], in_repeat: bool, at_end: bool, depth: int
    ) -> bool:
        low, high, body = av
        body = list(body)
        many = high > 1
        if many and in_repeat and at_end and self.all_chars(body, depth) & after:
            return True  # it can end the round and also start the next one
        if not many:
            return self.walk(body, after, in_repeat, at_end, depth + 1)
        large = high == _c.MAXREPEAT or high > _LARGE
        start, _ = self.first(body)
        return self.walk(body, start | after, in_repeat or large, True, depth + 1)

    def _risky_branch(
        self, av: Any, after: frozenset[str], in_repeat: bool, at_end: bool, depth: int
    ) -> bool:
        alternatives = [list(alt) for alt in av[1]]
        if in_repeat and self._alike(alternatives):
            return True
        return any(
            self.walk(alt, after, in_repeat, at_end, depth + 1) for alt in alternatives
        )

    def _alike(self, alternatives: list[list[Any]]) -> bool:
        """Whether two alternatives can match the same text (a careful guess)."""
        singles: frozenset[str] = frozenset()
        seen: list[str] = []
        for alt in alternatives:
            _, nullable = self.first(alt)
            if nullable and len(alternatives) > 1:
                return True
            if len(alt) == 1 and str(alt[0][0]) in (
                "LITERAL",
                "NOT_LITERAL",
                "ANY",
                "IN",
            ):
                chars = self.chars_of(alt[0])
                if chars & singles:
                    return True  # two one-character alternatives share a character
                singles |= chars
            if repr(alt) in seen:
                return True
            seen.append(repr(alt))
        return False


def _anything(ch: str) -> bool:
    return True


def _children(name: str, av: Any) -> list[list[Any]]:
    if name in ("SUBPATTERN",):
        return [list(av[-1])]
    if name == "ATOMIC_GROUP":
        return [list(av)]
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return [list(av[2])]
    if name == "BRANCH":
        return [list(alt) for alt in av[1]]
    if name in ("ASSERT", "ASSERT_NOT"):
        return [list(av[1])]
    if name == "GROUPREF_EXISTS":
        return [list(x) for x in av[1:] if x is not None]
    return []
