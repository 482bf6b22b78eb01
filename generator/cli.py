"""Command line: `python -m generator generate | check | validate`.

Exit codes: 0 success; 1 bad input, invalid spec (validate, --strict) or stale
output (check); 2 bad usage; 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, TextIO

from generator import __version__, runs
from generator.config import Target, load_targets, target_for
from generator.diagnostics import Diagnostic, GeneratorError, Level, dumps

if TYPE_CHECKING:
    from generator.pipeline import Result

# The pipeline (Jinja, the validator) is imported only when there is work:
# a build step that finds nothing changed answers in a fraction of a second.


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        code: int = args.handler(args)
        return code
    except GeneratorError as exc:
        _print_diagnostics(exc.diagnostics, sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130
    except (
        Exception
    ) as exc:  # a generator bug: say so in one line, keep the trace for those who ask
        print(
            f"internal error: {type(exc).__name__}: {exc} (set GENERATOR_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        if os.environ.get("GENERATOR_DEBUG"):
            traceback.print_exc()
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="OpenAPI 3.0/3.1 -> typed Python client and Markdown docs.",
    )
    parser.add_argument(
        "--version", action="version", version=f"openapi-python-generator {__version__}"
    )
    sub = parser.add_subparsers(dest="command")

    gen = sub.add_parser(
        "generate",
        help="generate clients and docs (every configured target when no SPEC is given)",
    )
    gen.add_argument("spec", nargs="?", help="an OpenAPI document (YAML or JSON)")
    gen.add_argument(
        "-o", "--output", default=None, help="output root (default: generated)"
    )
    gen.add_argument(
        "--package",
        default=None,
        help="package name (default: from the spec file name)",
    )
    gen.add_argument(
        "--report",
        default=None,
        help="write statistics and diagnostic counts to this JSON file",
    )
    _common(gen)
    gen.set_defaults(handler=_generate)

    chk = sub.add_parser(
        "check", help="exit 1 when committed output differs from what the specs produce"
    )
    chk.add_argument(
        "specs", nargs="*", help="specs to check (default: every configured target)"
    )
    chk.add_argument(
        "-o",
        "--output",
        default=None,
        help="output root of one-off specs (default: generated)",
    )
    _common(chk)
    chk.set_defaults(handler=_check)

    val = sub.add_parser(
        "validate", help="print the diagnostics of a spec; exit 1 when it has errors"
    )
    val.add_argument("spec")
    val.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    val.set_defaults(handler=_validate)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict", action="store_true", help="treat every validation error as fatal"
    )
    parser.add_argument(
        "--config",
        default="pyproject.toml",
        help="configuration file (default: pyproject.toml)",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print only problems"
    )


def _targets(args: argparse.Namespace, specs: list[str]) -> list[Target]:
    if specs:
        output = args.output or "generated"
        package = getattr(args, "package", None)
        if package and len(specs) > 1:
            raise GeneratorError.single(
                "usage", "--package names one package: give one SPEC with it"
            )
        return [target_for(spec, output, package) for spec in specs]
    if args.output or getattr(args, "package", None):
        raise GeneratorError.single(
            "usage", "--output and --package apply to a SPEC given on the command line"
        )
    return load_targets(Path(args.config))


def _generate(args: argparse.Namespace) -> int:
    targets = _targets(args, [args.spec] if args.spec else [])
    report: list[dict[str, object]] = []
    results = []
    for target in targets:
        run_key = runs.key(target, args.strict)
        unchanged = runs.unchanged(target, run_key)
        if unchanged is not None:
            if not args.quiet:
                print(
                    f"{target.package}: {unchanged} files in {target.output}, unchanged since the last run"
                )
            report.append(
                {"package": target.package, "unchanged": True, "files": unchanged}
            )
            continue
        # Every target is generated before anything is written: one bad spec writes nothing.
        results.append((_run(target, args), run_key))
    from generator.writer import write

    for result, run_key in results:
        changes = write(
            result.target.output, result.files, result.owned, runs.known(result.target)
        )
        runs.remember(result.target, run_key, result.files, result.owned)
        written = len(changes.missing) + len(changes.stale)
        if not args.quiet:
            print(
                f"{result.target.package}: {len(result.files)} files in {result.target.output} "
                f"({written} written, {changes.unchanged} unchanged, {len(changes.extra)} removed); "
                f"{_summary(result)}"
            )
        report.append(_report(result, written, len(changes.extra)))
    if args.report:
        Path(args.report).write_text(
            json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    return 0


def _report(result: Result, written: int, removed: int) -> dict[str, object]:
    by_kind: dict[str, int] = {}
    for d in result.diagnostics:
        by_kind[f"{d.level.value}:{d.code}"] = (
            by_kind.get(f"{d.level.value}:{d.code}", 0) + 1
        )
    return {
        "package": result.target.package,
        "unchanged": False,
        **result.stats,
        "written": written,
        "removed": removed,
        "diagnostics": dict(sorted(by_kind.items())),
    }


def _check(args: argparse.Namespace) -> int:
    from generator.writer import compare

    targets = _targets(args, list(args.specs))
    dirty = False
    for target in targets:
        result = _run(target, args)
        changes = compare(target.output, result.files, result.owned)
        if changes.clean:
            if not args.quiet:
                print(
                    f"{target.package}: up to date ({len(result.files)} files in {target.output})"
                )
            continue
        dirty = True
        print(
            f"{target.package}: {target.output} differs from what {target.spec} produces:"
        )
        for line in changes.lines():
            print(f"  {line}")
    if dirty:
        print("run `python -m generator generate` to update", file=sys.stderr)
    return 1 if dirty else 0


def _validate(args: argparse.Namespace) -> int:
    from generator.diagnostics import Diagnostics
    from generator.loader import load
    from generator.parse import build_api
    from generator.validate import validate

    document = load(args.spec)
    diagnostics = Diagnostics(args.spec)
    validate(document, diagnostics, full=True)
    build_api(document, diagnostics)
    located = diagnostics.located(document.locate)
    if args.json:
        print(dumps(located))
    else:
        _print_diagnostics(located, sys.stdout)
        errors = sum(1 for d in located if d.level is Level.ERROR)
        print(
            f"{args.spec}: {errors} errors, {len(located) - errors} warnings and notes"
        )
    return 1 if any(d.level is Level.ERROR for d in located) else 0


def _run(target: Target, args: argparse.Namespace) -> Result:
    from generator.pipeline import run

    result = run(target, strict=args.strict)
    if not args.quiet:
        _print_diagnostics(
            [d for d in result.diagnostics if d.level is not Level.INFO], sys.stderr
        )
    return result


def _summary(result: Result) -> str:
    s = result.stats
    levels = {
        level: sum(1 for d in result.diagnostics if d.level is level) for level in Level
    }
    return (
        f"{s['operations']} operations, {s['schemas']} schemas, {s['lines']} lines; "
        f"{levels[Level.ERROR]} errors, {levels[Level.WARNING]} warnings, {levels[Level.INFO]} notes; "
        f"{s['seconds']:.2f}s"
    )


def _print_diagnostics(diagnostics: Sequence[Diagnostic], stream: TextIO) -> None:
    for d in diagnostics:
        print(d.render(), file=stream)
