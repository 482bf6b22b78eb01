"""Formatting long statements at several sizes: this generator's formatter against black.

    python benchmarks/long_statements.py [--sizes 25,100,400] [--repeat 3]

A generated module holds statements of every size: a method with a handful of
parameters, or a hundred (Microsoft Graph's `update` methods), each of which
may hold a few long lines (an annotation of many values). Black lays out what
is too long; so does this generator's formatter (`generator.format`), which is
measured here on one module made of such a signature and its endpoint table,
with a long line every tenth parameter, at each size.

It prints the CPU time per parameter, for the generator and for black 26 over
the same module, and how each grows from the smallest size to the largest.
When a whole statement was laid out for one long line, the generator took
0.6-0.7 ms a parameter (black: 0.9); laying out only the elements that hold a
long line, 0.14. Exit status 1 when the generator's time per parameter grows
more than 1.5 times from the smallest size to the largest: a cost that grows
faster than the statement is a bug.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.format import format_source  # noqa: E402

VALUES = ", ".join(f'"value_number_{i}"' for i in range(12))
GROWTH_LIMIT = 1.5


def module(parameters: int) -> str:
    """A resource module: one endpoint table and one method with this many parameters."""
    params = []
    table = []
    for i in range(parameters):
        if i % 10 == 0:
            params.append(
                f"        choice_{i}: builtins.list[Literal[{VALUES}]] | None = None,\n"
            )
        else:
            params.append(f"        parameter_{i}: str | None = None,\n")
        pattern = f'"^[0-9]{{4,}}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T{i}$"'
        if i % 10 == 0:
            table.append(
                f'        Param(\n            "choice_{i}",\n            "body",\n'
                f"            pattern={pattern * 2},\n        ),\n"
            )
        else:
            table.append(f'        Param("parameter_{i}", "body"),\n')
    return (
        "from __future__ import annotations\n\n"
        "_UPDATE = Endpoint(\n"
        '    "PATCH",\n'
        '    "/items/{item-id}",\n'
        "    params=(\n" + "".join(table) + "    ),\n"
        ")\n\n\n"
        "class Items(SyncResource):\n"
        "    def update(\n"
        "        self,\n"
        "        *,\n" + "".join(params) + "    ) -> None:\n"
        '        """Update an item."""\n'
        "        return self._call(_UPDATE, locals())\n"
    )


def _cpu(work: object, source: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work(source)  # type: ignore[operator]
        best = min(best, time.process_time() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25,100,400")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    try:
        import black
    except ImportError:
        black = None
    mode = (
        black.Mode(line_length=88, target_versions={black.TargetVersion.PY310})
        if black is not None
        else None
    )
    rows = []
    print(
        f"{'parameters':>10} {'ours ms/param':>14} {'black ms/param':>15} {'ours/black':>11}"
    )
    for size in sizes:
        source = module(size)
        ours = _cpu(lambda s: format_source("m.py", s), source, args.repeat) / size
        theirs = (
            _cpu(lambda s: black.format_str(s, mode=mode), source, args.repeat) / size
            if black is not None
            else float("nan")
        )
        rows.append((size, ours, theirs))
        print(
            f"{size:>10} {ours * 1000:>14.3f} {theirs * 1000:>15.3f} {ours / theirs:>10.2f}x"
        )
    first, last = rows[0], rows[-1]
    growth = last[1] / first[1]
    print(
        f"time per parameter at {last[0]} against {first[0]}: ours {growth:.2f}x, "
        f"black {last[2] / first[2]:.2f}x (limit {GROWTH_LIMIT}x for ours)"
    )
    return 0 if growth <= GROWTH_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
