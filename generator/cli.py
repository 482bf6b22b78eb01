"""Command line: `python -m generator generate | check | validate`.

Exit codes: 0 success; 1 bad input, invalid spec (validate, --strict) or stale
output (check); 2 bad usage; 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from typing import NoReturn, Sequence

from generator import __version__, commands, config, paths
from generator.config import Target, load_targets, target_for
from generator.console import Console
from generator.diagnostics import GeneratorError

# The pipeline (Jinja, the validator) is imported only when there is work:
# a build step that finds nothing changed answers in a fraction of a second.


def entry() -> NoReturn:
    """The command (`python -m generator`, `openapi-python-generator`): main, then out."""
    hard_exit(main())


def hard_exit(code: int) -> NoReturn:
    """End the process now, output flushed: the run's heap (250 MB on GitHub) is the
    operating system's to free. Taking it apart object by object cost 0.15 s."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    console = Console(
        quiet=getattr(args, "quiet", False),
        verbose=getattr(args, "verbose", False),
        as_json=getattr(args, "format", "text") == "json",
    )
    if getattr(args, "no_cache", False):
        paths.disable_cache()
    try:
        code: int = args.handler(args, console)
        return code
    except GeneratorError as exc:
        console.fatal(exc.diagnostics)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:  # a generator bug: one line, the trace for those who ask
        print(
            f"internal error: {type(exc).__name__}: {exc} "
            "(set GENERATOR_DEBUG=1 for the traceback)",
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
    _one_off(gen)
    gen.add_argument(
        "--report",
        default=None,
        help="write statistics and diagnostic counts to this JSON file",
    )
    _common(gen)
    gen.set_defaults(handler=lambda a, c: commands.generate(a, c, _targets(a)))

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
    _one_off(chk)
    _common(chk)
    chk.set_defaults(handler=lambda a, c: commands.check(a, c, _targets(a)))

    val = sub.add_parser(
        "validate", help="print the diagnostics of a spec; exit 1 when it has errors"
    )
    val.add_argument("spec")
    val.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    val.set_defaults(handler=commands.validate)
    return parser


def _one_off(parser: argparse.ArgumentParser) -> None:
    """The flags that set a target's keys for a SPEC given on the command line."""
    parser.add_argument(
        "--package",
        default=None,
        help="package name (default: from the spec file name)",
    )
    for key in config.flags():
        flag = key.flag or ""
        if key.hint is bool:  # the flag says the opposite of the default
            parser.add_argument(
                flag,
                dest=key.name,
                action="store_const",
                const=not key.value,
                default=None,
                help=key.flag_help,
            )
        else:
            parser.add_argument(
                flag, dest=key.name, metavar=key.name.upper(), help=key.flag_help
            )


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
        "-q",
        "--quiet",
        action="store_true",
        help="print only what stops the run or check",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print every diagnostic, notes included",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: diagnostics as JSON lines on stdout, one object each, for CI",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache (formatted code, YAML entries, "
        "compiled templates, run records)",
    )


def _targets(args: argparse.Namespace) -> list[Target]:
    specs = list(args.specs) if "specs" in args else [args.spec] if args.spec else []
    options = {
        key.name: getattr(args, key.name)
        for key in config.flags()
        if getattr(args, key.name) is not None
    }
    if specs:
        if args.package and len(specs) > 1:
            raise GeneratorError.single(
                "usage", "--package names one package: give one SPEC with it"
            )
        output = args.output or "generated"
        return [target_for(s, output, args.package, **options) for s in specs]
    given = [
        flag
        for flag, v in (("--output", args.output), ("--package", args.package))
        if v
    ]
    given += [key.flag or "" for key in config.flags() if key.name in options]
    if given:
        verb = "applies" if len(given) == 1 else "apply"
        raise GeneratorError.single(
            "usage", f"{' and '.join(given)} {verb} to a SPEC given on the command line"
        )
    return load_targets(Path(args.config))
