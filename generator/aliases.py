"""YAML aliases cost what their text costs.

An alias (`*name`) stands for a copy of the node its anchor (`&name`) names.
The loader builds it as the same object, never a copy, but every later stage
(validation, the IR, the docs) walks the document as the tree it means, copies
included. So before anything walks it, a document whose nodes are shared is
measured once, each node entered once:

- an alias inside the node it names makes the document infinite: an error at
  the alias;
- the tree the aliases make may hold at most FACTOR times the values the text
  holds, plus BASE (a few hundred small reused blocks fit; a "billion laughs"
  does not): an error at the alias that crosses the budget;
- and it may nest at most MAX_DEPTH levels, as deep as the text itself may.

Finding the alias to blame reads the text's events again, only when there is a
problem to report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from generator.diagnostics import GeneratorError

if TYPE_CHECKING:
    _Loader = yaml.SafeLoader
else:
    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FACTOR = 3
BASE = 100_000
MAX_DEPTH = 1000


def budget(distinct: int) -> int:
    """How many values a document whose text holds `distinct` may expand to."""
    return FACTOR * distinct + BASE


def check(data: Any, text: str, file: str) -> None:
    """Raise a located GeneratorError when aliases make data cyclic, too big or too deep."""
    problem, distinct = _measure(data)
    if problem is None:
        return
    line, column, message = _blame(text, problem, budget(distinct))
    raise GeneratorError.single(
        "yaml-alias", message, file=file, line=line, column=column
    )


def _children(node: Any) -> Any:
    return node.values() if type(node) is dict else node


def _measure(root: Any) -> tuple[str | None, int]:
    """("cycle" | "size" | "depth" | None, values in the text) of a tree with shared nodes.

    The size of a node is 1 plus the sizes of its values; a scalar's is 1. Each
    container is entered once; a shared one adds its known size and depth again.
    """
    if type(root) is not dict and type(root) is not list:
        return None, 1
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    on_path = {id(root)}
    distinct = 0
    # frame: [node, its children, size so far, depth of its deepest child]
    frames: list[list[Any]] = [[root, iter(_children(root)), 1, 0]]
    while frames:
        frame = frames[-1]
        for child in frame[1]:
            if type(child) is not dict and type(child) is not list:
                frame[2] += 1
                continue
            key = id(child)
            if key in on_path:
                return "cycle", distinct
            size = sizes.get(key)
            if size is None:
                on_path.add(key)
                frames.append([child, iter(_children(child)), 1, 0])
                break
            frame[2] += size
            frame[3] = max(frame[3], depths[key])
        else:
            frames.pop()
            node, size, depth = frame[0], frame[2], frame[3] + 1
            on_path.discard(id(node))
            sizes[id(node)], depths[id(node)] = size, depth
            distinct += 1 + len(node)
            if frames:
                frames[-1][2] += size
                frames[-1][3] = max(frames[-1][3], depth)
    if depths[id(root)] > MAX_DEPTH:
        return "depth", distinct
    if sizes[id(root)] > budget(distinct):
        return "size", distinct
    return None, distinct


class _Frame:
    __slots__ = ("anchor", "start", "depth", "mapping", "position")

    def __init__(self, anchor: str | None, start: int, mapping: bool) -> None:
        self.anchor = anchor
        self.start = start
        self.depth = 0
        self.mapping = mapping
        self.position = 0


def _blame(text: str, problem: str, limit: int) -> tuple[int | None, int | None, str]:
    """(line, column, message) of the alias that makes the problem, from the text's events."""
    anchors: dict[str, tuple[int, int]] = {}  # name -> (size, depth) of its node
    frames: list[_Frame] = []
    total = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            counted = not (
                frames and frames[-1].mapping and frames[-1].position % 2 == 0
            )
            if isinstance(event, yaml.AliasEvent):
                name = str(event.anchor)
                mark = event.start_mark
                line = mark.line + 1 if mark else None
                column = mark.column + 1 if mark else None
                if any(f.anchor == name for f in frames):
                    return (
                        line,
                        column,
                        (
                            f"alias *{name} is inside the node &{name} it names: "
                            "the document would be infinite"
                        ),
                    )
                size, depth = anchors.get(name, (1, 0))
                total += size if counted else 0
                if problem == "size" and total > limit:
                    return (
                        line,
                        column,
                        (
                            f"aliases expand the document past {limit:,} values "
                            f"(here *{name}, of {size:,}); "
                            "refer to shared schemas with $ref instead"
                        ),
                    )
                if problem == "depth" and len(frames) + depth > MAX_DEPTH:
                    return (
                        line,
                        column,
                        (
                            f"aliases nest the document deeper than {MAX_DEPTH} levels (here *{name})"
                        ),
                    )
                _child_done(frames, depth)
            elif isinstance(event, yaml.ScalarEvent):
                total += 1 if counted else 0
                if event.anchor:
                    anchors[str(event.anchor)] = (1, 0)
                _child_done(frames, 0)
            elif isinstance(event, yaml.CollectionStartEvent):
                total += 1
                anchor = str(event.anchor) if event.anchor else None
                mapping = isinstance(event, yaml.MappingStartEvent)
                frames.append(_Frame(anchor, total - 1, mapping))
            elif isinstance(event, yaml.CollectionEndEvent):
                frame = frames.pop()
                if frame.anchor:
                    anchors[frame.anchor] = (total - frame.start, frame.depth + 1)
                _child_done(frames, frame.depth + 1)
    except yaml.YAMLError:
        pass
    what = {
        "cycle": "an alias is inside the node it names: the document would be infinite",
        "size": f"aliases expand the document past {limit:,} values",
        "depth": f"aliases nest the document deeper than {MAX_DEPTH} levels",
    }[problem]
    return None, None, what


def _child_done(frames: list[_Frame], depth: int) -> None:
    if frames:
        frames[-1].position += 1
        frames[-1].depth = max(frames[-1].depth, depth)
