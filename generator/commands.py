"""The commands behind the command line: generate, check, validate."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from generator import runs
from generator.config import Target
from generator.console import Console, Progress, count
from generator.diagnostics import Diagnostic, Level, dumps
from generator.heap import long_lived, settle

if TYPE_CHECKING:
    from generator.pipeline import Result
    from generator.surface import Surface
    from generator.writer import Changes


def generate(args: argparse.Namespace, console: Console, targets: list[Target]) -> int:
    report: list[dict[str, object]] = []
    results: list[tuple[Result, Progress | None, str | None]] = []
    for target in targets:
        run_key = runs.key(target, args.strict)
        unchanged = runs.unchanged(target, run_key)
        if unchanged is not None:
            console.say(
                f"{target.package}: {count(unchanged, 'file')} in {target.output}, "
                "unchanged since the last run"
            )
            report.append(
                {"package": target.package, "unchanged": True, "files": unchanged}
            )
            continue
        # Every target is generated before anything is written: one bad spec writes nothing.
        result, progress = _run(target, args, console)
        results.append((result, progress, run_key))
    with long_lived():
        settle()  # the outputs held here are long-lived too: no collection walks them
        for result, progress, run_key in results:
            report.append(_write(result, progress, run_key, console))
    if args.report:
        Path(args.report).write_text(
            json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    return 0


def _write(
    result: Result, progress: Progress | None, run_key: str | None, console: Console
) -> dict[str, object]:
    from generator.writer import write  # its imports cost a run with no change 30 ms

    if progress is not None:
        progress("write")
    target = result.target
    before = _recorded(target)
    changes = write(
        target.output, result.files, result.owned, runs.known(target), result.digests
    )
    runs.remember(
        target,
        run_key,
        result.files,
        result.owned,
        result.digests,
        result.read_also,
        result.keys,
        changes.seen,
    )
    if progress is not None:
        progress.finish()
    left_alone = _left_alone(target, changes)
    console.diagnostics(left_alone)
    written = len(changes.missing) + len(changes.stale)
    kept = f", {len(changes.foreign)} not ours left alone" if changes.foreign else ""
    console.say(
        f"{target.package}: {count(len(result.files), 'file')} in {target.output} "
        f"({written:,} written, {changes.unchanged:,} unchanged, "
        f"{len(changes.extra):,} removed{kept}); "
        f"{_summary(result, console, result.diagnostics + left_alone)}"
    )
    _api_changes(console, target.package, before, result)
    return _report(result, written, changes)


def _left_alone(target: Target, changes: Changes) -> list[Diagnostic]:
    return [
        Diagnostic(
            Level.INFO,
            "not-generated",
            "not written by the generator; left alone",
            file=str(target.output / path),
        )
        for path in changes.foreign
    ]


def _report(result: Result, written: int, changes: Changes) -> dict[str, object]:
    by_kind: dict[str, int] = {}
    for d in result.diagnostics:
        kind = f"{d.level.value}:{d.code}"
        by_kind[kind] = by_kind.get(kind, 0) + 1
    return {
        "package": result.target.package,
        "unchanged": False,
        **result.stats,
        "written": written,
        "removed": len(changes.extra),
        "left_alone": len(changes.foreign),
        "diagnostics": dict(sorted(by_kind.items())),
    }


def check(args: argparse.Namespace, console: Console, targets: list[Target]) -> int:
    from generator.writer import compare

    dirty = False
    for target in targets:
        result, _ = _run(target, args, console)
        changes = compare(target.output, result.files, result.owned)
        console.diagnostics(_left_alone(target, changes))
        if changes.clean:
            console.say(
                f"{target.package}: up to date "
                f"({count(len(result.files), 'file')} in {target.output})"
            )
            continue
        dirty = True
        if console.as_json:
            console.diagnostics(_differences(target, changes))
        console.problem(
            f"{target.package}: {target.output} differs from what {target.spec} produces:"
        )
        for line in changes.lines():
            console.problem(f"  {line}")
        _api_changes(console, target.package, _recorded(target), result)
    if dirty:
        console.err.write("run `python -m generator generate` to update\n")
    return 1 if dirty else 0


def _recorded(target: Target) -> Surface | None:
    from generator.surface import recorded

    return recorded(target.output, target.package)


def _api_changes(
    console: Console, package: str, before: Surface | None, result: Result
) -> None:
    """What the run changed in the client's public API, as the metadata recorded it."""
    from generator.surface import changes

    lines = changes(before, result.surface)
    if lines:
        breaking = sum(line.startswith("!") for line in lines)
        console.say(f"{package}: public API changes ({breaking} may break callers):")
        for line in lines:
            console.say(f"  {line}")


def _differences(target: Target, changes: Changes) -> list[Diagnostic]:
    out = []
    for kind, paths in (
        ("missing", changes.missing),
        ("stale", changes.stale),
        ("extra", changes.extra),
    ):
        out += [
            Diagnostic(
                Level.ERROR,
                f"{kind}-output",
                f"{kind}: not what {target.spec} produces",
                file=str(target.output / path),
            )
            for path in paths
        ]
    return out


def validate(args: argparse.Namespace, console: Console) -> int:
    from generator.diagnostics import Diagnostics
    from generator.loader import load
    from generator.parse import build_api
    from generator.validate import validate as check_document

    document = load(args.spec)
    diagnostics = Diagnostics(args.spec)
    check_document(document, diagnostics, full=True)
    build_api(document, diagnostics)
    located = diagnostics.located(document.locate)
    if args.json:
        print(dumps(located))
    else:
        for d in located:
            print(d.render())
        print(f"{args.spec}: {Console(verbose=True).levels(located)}")
    return 1 if any(d.level is Level.ERROR for d in located) else 0


def _run(
    target: Target, args: argparse.Namespace, console: Console
) -> tuple[Result, Progress | None]:
    from generator.pipeline import run

    try:
        size = os.stat(target.spec).st_size
    except OSError:
        size = 0  # the loader says what is wrong
    progress = console.progress(target.package, size)
    if progress is None:
        result = run(target, strict=args.strict)
    else:
        try:
            result = run(target, strict=args.strict, progress=progress)
        finally:
            progress.pause()  # a message that follows starts on a line of its own
    console.diagnostics(result.diagnostics)
    return result, progress


def _summary(result: Result, console: Console, diagnostics: list[Diagnostic]) -> str:
    s = result.stats
    return (
        f"{count(int(s['operations']), 'operation')}, {count(int(s['schemas']), 'schema')}, "
        f"{count(int(s['lines']), 'line')}; {console.levels(diagnostics)}; "
        f"{s['seconds']:.2f}s"
    )
