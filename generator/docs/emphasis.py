"""Emphasis in spec Markdown: CommonMark's delimiter-run rules, bounded.

The inline parser records each run of `*` or `_` as a Delimiter; `emphasis`
matches openers and closers as CommonMark's "process emphasis" does and wraps
the text between them in Emph or Strong.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.docs.text import Emph, Inline, Inlines, Strong, Text

PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


@dataclass
class Delimiter:
    char: str
    count: int
    position: int  # index of its Text node in the output
    can_open: bool
    can_close: bool


def flanking(text: str, i: int, run: int, ch: str) -> tuple[bool, bool]:
    """Whether a delimiter run may open and close emphasis (CommonMark's rules)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + run] if i + run < len(text) else " "
    left = not after.isspace() and (
        after not in PUNCTUATION or before.isspace() or before in PUNCTUATION
    )
    right = not before.isspace() and (
        before not in PUNCTUATION or after.isspace() or after in PUNCTUATION
    )
    if ch == "_":
        return (
            left and (not right or before in PUNCTUATION),
            right and (not left or after in PUNCTUATION),
        )
    return left, right


def emphasis(nodes: list[Inline], delimiters: list[Delimiter]) -> list[Inline]:
    """CommonMark's "process emphasis", over the delimiter runs found while scanning."""
    # Each delimiter's node is a Text of its remaining characters; wrapping turns a
    # span of nodes into Emph/Strong, kept in `spans` and built at the end.
    remaining = {d.position: d.count for d in delimiters}
    spans: list[tuple[int, int, int]] = (
        []
    )  # (opener position, closer position, strength)
    closer_index = 0
    stack = list(delimiters)
    while closer_index < len(stack):
        closer = stack[closer_index]
        if not closer.can_close or remaining[closer.position] == 0:
            closer_index += 1
            continue
        opener_index = closer_index - 1
        while opener_index >= 0:
            opener = stack[opener_index]
            if (
                opener.char == closer.char
                and opener.can_open
                and remaining[opener.position] > 0
                and not _rule_of_three(opener, closer, remaining)
            ):
                break
            opener_index -= 1
        if opener_index < 0:
            closer_index += 1
            continue
        opener = stack[opener_index]
        strength = (
            2
            if remaining[opener.position] >= 2 and remaining[closer.position] >= 2
            else 1
        )
        remaining[opener.position] -= strength
        remaining[closer.position] -= strength
        spans.append((opener.position, closer.position, strength))
        del stack[opener_index + 1 : closer_index]
        closer_index = opener_index + 1
    return _build(nodes, spans, remaining)


def _rule_of_three(
    opener: Delimiter, closer: Delimiter, remaining: dict[int, int]
) -> bool:
    if not (opener.can_close or closer.can_open):
        return False
    total = remaining[opener.position] + remaining[closer.position]
    return total % 3 == 0 and (
        remaining[opener.position] % 3 != 0 or remaining[closer.position] % 3 != 0
    )


def _build(
    nodes: list[Inline],
    spans: list[tuple[int, int, int]],
    remaining: dict[int, int],
) -> list[Inline]:
    """Nodes with the matched spans wrapped; spans nest, as CommonMark guarantees."""
    opening: dict[int, list[tuple[int, int]]] = {}
    closing: dict[int, list[tuple[int, int]]] = {}
    for start, end, strength in spans:
        opening.setdefault(start, []).append((end, strength))
        closing.setdefault(end, []).append((start, strength))
    root: list[Inline] = []
    stack: list[tuple[int, list[Inline]]] = []  # (strength, children) of open spans

    def current() -> list[Inline]:
        return stack[-1][1] if stack else root

    for i, node in enumerate(nodes):
        if i not in remaining:
            current().append(node)
            continue
        # A run closes spans (innermost first), keeps its unused characters, opens spans.
        for _, strength in sorted(closing.get(i, []), key=lambda s: -s[0]):
            if not stack:
                return nodes  # not nested: leave the text as it was
            kind_strength, children = stack.pop()
            kind = Strong if kind_strength == 2 else Emph
            current().append(kind(merge(children)))
        if remaining[i] and isinstance(node, Text):
            current().append(Text(node.text[: remaining[i]]))
        for _, strength in sorted(opening.get(i, []), key=lambda s: -s[0]):
            stack.append((strength, []))
    if stack:
        return nodes
    return root


def merge(nodes: list[Inline]) -> Inlines:
    """Adjacent Text nodes as one; empty ones dropped."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                continue
        out.append(node)
    return tuple(out)
