"""Examples for a union of overlapping variants nested in itself, at several sizes.

    python benchmarks/recursive_unions.py [--sizes 4,8,16,24]

Some specs describe a syntax tree: an `Expression` is a oneOf of some twenty
kinds of expression, objects with no required property, each holding
expressions (influxdata.com's Flux AST). Every variant accepts most values of
the others, so telling them apart takes the fuller values the docs' example
synthesis makes for unions. When each nested union made fuller values of its
own, the work compounded level after level: influxdata.com (250 kB) took 4.7 s,
1.9 s of it for one page without an example; now 1.0 s.

This builds such a spec with N kinds of expression, makes the example of every
schema (as the docs do) and prints the CPU time, per kind and in total. Exit
status 1 when the time per kind grows more than 4 times from the smallest size
to the largest (the work per kind may grow with the number of variants each
union tries, not faster).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.diagnostics import Diagnostics  # noqa: E402
from generator.examples.synth import Examples  # noqa: E402
from generator.loader import load  # noqa: E402
from generator.parse import build_api  # noqa: E402

GROWTH_LIMIT = 4.0


def spec(kinds: int) -> dict[str, object]:
    names = [f"Kind{i}Expression" for i in range(kinds)]
    schemas: dict[str, object] = {
        "Expression": {"oneOf": [{"$ref": f"#/components/schemas/{n}"} for n in names]}
    }
    expression = {"$ref": "#/components/schemas/Expression"}
    for name in names:
        schemas[name] = {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "left": expression,
                "right": expression,
                "elements": {"type": "array", "items": expression},
            },
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "AST", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def measure(kinds: int, work: Path) -> float:
    path = work / f"ast-{kinds}.json"
    path.write_text(json.dumps(spec(kinds)), encoding="utf-8")
    api = build_api(load(path), Diagnostics())
    examples = Examples({s.pointer: s for s in api.schemas})
    started = time.process_time()
    for named in api.schemas:
        examples.example(named.schema)
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="4,8,16,24")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as work:
        print(f"{'kinds':>6} {'CPU s':>8} {'ms per kind':>12}")
        for kinds in sizes:
            seconds = measure(kinds, Path(work))
            rows.append((kinds, seconds / kinds))
            print(f"{kinds:>6} {seconds:>8.3f} {seconds / kinds * 1000:>12.2f}")
    growth = rows[-1][1] / rows[0][1]
    print(
        f"time per kind at {rows[-1][0]} kinds against {rows[0][0]}: "
        f"{growth:.2f}x (limit {GROWTH_LIMIT}x)"
    )
    return 0 if growth <= GROWTH_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
