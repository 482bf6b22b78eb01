"""The line of a key in a TOML file, for messages: tomllib gives values, not places.

Good enough for configuration as people write it: a key on its own line
(`key = ...`) under its table's header (`[table]`, or the n-th `[[table]]`), or a
sub-table header (`[table.key]`) after it. Anything else has no line.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _normal(name: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in name.split("."))


class Places:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, bool, str]] = []  # (line index, is array, name)
        for i, line in enumerate(self.lines):
            found = _HEADER.match(line)
            if found:
                self.headers.append(
                    (i, found.group(1) == "[[", _normal(found.group(2)))
                )

    def line(self, table: str, index: int | None, key: str | None) -> int | None:
        """The 1-based line of key in table (its header when key is None).

        table is written `[a.b]`; index picks the index-th `[[a.b]]` (from 0).
        """
        name = _normal(table.strip("[]"))
        matching = [
            n
            for n, (_, array, h) in enumerate(self.headers)
            if h == name and array == (index is not None)
        ]
        if not matching or (index or 0) >= len(matching):
            return None
        n = matching[index or 0]
        start = self.headers[n][0]
        if key is None:
            return start + 1
        end = self.headers[n + 1][0] if n + 1 < len(self.headers) else len(self.lines)
        assign = re.compile(rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
        for i in range(start + 1, end):
            if assign.match(self.lines[i]):
                return i + 1
        for i, array, h in self.headers[n + 1 :]:
            if h == name and array:
                break
            if h == f"{name}.{key}":
                return i + 1
        return None
