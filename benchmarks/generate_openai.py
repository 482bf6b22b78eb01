"""Generation speed on the whole OpenAI spec: this generator against openapi-python-client.

Runs both tools on the same spec in one run, alternating, and prints wall time,
peak RSS and their ratio (medians of --repeat runs), then this generator's
incremental cases (nothing changed; one schema changed) and a stats line.

    python benchmarks/generate_openai.py [--spec ../shared/specs/openai.yaml] [--repeat 3]

openapi-python-client 0.29.1 is installed on first use into its own virtualenv
in the cache directory (not the project's), since its dependencies conflict
with nothing here but should not leak into it either.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT.parent / "shared" / "specs" / "openai.yaml"
PEER = "openapi-python-client==0.29.1"
TARGETS = {
    "cold ratio": 0.5,
    "peak RSS MB": 500,
    "unchanged s": 0.5,
    "one schema s": 3.0,
}


def peer_command() -> list[str]:
    cache = (
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        / "openapi-python-generator"
        / "bench"
    )
    venv = cache / "openapi-python-client-0.29.1"
    exe = venv / "bin" / "openapi-python-client"
    if not exe.exists():
        print(f"installing {PEER} into {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", PEER], check=True
        )
    return [str(exe)]


def measure(
    command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB of the largest process, exit status)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            errors.seek(0)
            print(errors.read().decode(errors="replace")[-2000:], file=sys.stderr)
    return wall, usage.ru_maxrss / 1024, code


def ours(spec: Path, out: Path, cache: Path, report: Path | None = None) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "generator",
        "generate",
        str(spec),
        "-o",
        str(out),
        "--package",
        "openai_client",
        "-q",
    ]
    return command + (["--report", str(report)] if report else [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.spec.exists():
        print(f"no spec at {args.spec}", file=sys.stderr)
        return 2
    peer = peer_command()
    work = Path(tempfile.mkdtemp(prefix="bench-generate-"))
    # As on a user's machine: Python caches bytecode (both tools are measured alike).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    ours_runs, peer_runs = [], []
    try:
        for i in range(args.repeat):
            cache = work / f"cache{i}"
            env["GENERATOR_CACHE_DIR"] = str(
                cache
            )  # empty: a cold run formats everything
            wall, rss, status = measure(
                ours(args.spec, work / f"ours{i}", cache), env, ROOT
            )
            assert status == 0, "the generator failed"
            ours_runs.append((wall, rss))
            peer_out = work / f"peer{i}"
            wall, rss, status = measure(
                peer
                + [
                    "generate",
                    "--path",
                    str(args.spec),
                    "--output-path",
                    str(peer_out),
                    "--meta",
                    "none",
                ],
                cwd=work,
            )
            peer_runs.append((wall, rss, status))
        last = args.repeat - 1
        env["GENERATOR_CACHE_DIR"] = str(work / f"cache{last}")
        unchanged = [
            measure(ours(args.spec, work / f"ours{last}", work), env, ROOT)[0]
            for _ in range(args.repeat)
        ]
        changed_spec = work / args.spec.name
        text = args.spec.read_text(encoding="utf-8")
        marker = "Structured information describing a generated video job."
        shutil.copytree(work / f"ours{last}", work / "incremental")
        changed_spec.write_text(text, encoding="utf-8")
        measure(ours(changed_spec, work / "incremental", work), env, ROOT)
        one_schema = []
        report = work / "report.json"
        for i in range(args.repeat):
            # One schema's description changes: one model module and one docs page differ.
            changed_spec.write_text(
                text.replace(marker, f"{marker} (revision {i})", 1), encoding="utf-8"
            )
            one_schema.append(
                measure(
                    ours(changed_spec, work / "incremental", work, report), env, ROOT
                )[0]
            )
        stats = json.loads((work / "report.json").read_text())[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ours_wall = statistics.median(w for w, _ in ours_runs)
    peer_wall = statistics.median(w for w, _, _ in peer_runs)
    ours_rss = max(r for _, r in ours_runs)
    peer_rss = max(r for _, r, _ in peer_runs)
    results = {
        "cold ratio": ours_wall / peer_wall,
        "peak RSS MB": ours_rss,
        "unchanged s": statistics.median(unchanged),
        "one schema s": statistics.median(one_schema),
    }
    print(f"spec: {args.spec} ({args.repeat} runs each, medians)")
    print(f"{'':34} {'wall s':>8} {'peak RSS MB':>12}")
    print(f"{'openapi-python-generator (cold)':34} {ours_wall:8.2f} {ours_rss:12.0f}")
    print(
        f"{'openapi-python-client 0.29.1':34} {peer_wall:8.2f} {peer_rss:12.0f}   exit {peer_runs[0][2]}"
    )
    print(
        f"{'ratio (ours / peer)':34} {ours_wall / peer_wall:8.2f} {ours_rss / peer_rss:12.2f}"
    )
    print(f"{'re-run, nothing changed':34} {results['unchanged s']:8.2f}")
    print(f"{'re-run, one schema changed':34} {results['one schema s']:8.2f}")
    diagnostics = ", ".join(f"{k} {v}" for k, v in stats["diagnostics"].items())
    print(
        f"stats: {stats['operations']} operations, {stats['schemas']} schemas, {stats['files']} files, "
        f"{stats['lines']} lines; diagnostics: {diagnostics}"
    )
    failed = [name for name, limit in TARGETS.items() if results[name] > limit]
    for name, limit in TARGETS.items():
        print(
            f"target {name:>14} <= {limit:<5} {results[name]:8.2f}  {'met' if name not in failed else 'MISSED'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
