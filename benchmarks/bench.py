"""Generation speed and memory at every size: this generator against openapi-python-client.

    python benchmarks/bench.py [--only github,stripe] [--repeat 3] [--rounds 5] [--json out.json]
    python benchmarks/bench.py --profile --only github      # where the time and memory go

For each spec (cases.py: OpenAI, GitHub, Stripe, a synthetic spec at 1x, 2x
and 4x in YAML and JSON) it runs whole processes and measures wall time, CPU
time (user + sys, workers included) and peak RSS (the largest process; and the
PSS of the whole process tree, sampled), medians of --repeat runs:

    cold        cache off, fresh output directory; this generator and
                openapi-python-client 0.29.1 alternate in one loop, so each
                ratio comes from runs made side by side
    unchanged   this generator again, cache on, nothing changed
    one schema  this generator again after one schema's description changed

then the cases that a target compares (Stripe and OpenAI; each synthetic size
in YAML and JSON; 4x and 1x) cold once more, this generator only, in
alternating order (--rounds rounds), so that these ratios too come from runs
made side by side;
and for each of this generator's runs, where the time goes by stage (the
pipeline's progress callback, recorded by stages.py). It then imports the
generated client and uses its largest resource once (firstuse.py), checks
the targets of the speed work and prints them, met or missed (exit status 1
when one is missed). --mypy adds `mypy --strict` on the generated GitHub client.

--profile runs each chosen spec once more per profiler, everything in one
process (stages.py: a stack sampler, cProfile per stage, tracemalloc per
stage), and prints where the time goes by area of the code and which
functions cost most; the cProfile files are kept for `python -m pstats`.
`--profile-run one-schema` profiles a run after one schema changed (cache on)
instead of a cold run.

openapi-python-client is installed on first use into its own virtualenv in the
user's cache, never into the project's; its formatter (ruff, a dependency) is
put on its PATH, as installing it as its README says does.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import cases
import firstuse
import measure
import report

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
PEER = "openapi-python-client==0.29.1"
# Cases a target compares, run again side by side (`Bench.paired`): first / second.
PAIRS = [("stripe", "openai")]
PAIRS += [(f"synthetic-{n}x-yaml", f"synthetic-{n}x-json") for n in (1, 2, 4)]
PAIRS += [(f"synthetic-4x-{form}", f"synthetic-1x-{form}") for form in ("yaml", "json")]


def cache_home() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "openapi-python-generator" / "bench"


def peer_venv() -> Path:
    """openapi-python-client's own virtualenv, made on first use."""
    venv = cache_home() / "openapi-python-client-0.29.1"
    if not (venv / "bin" / "openapi-python-client").exists():
        print(f"installing {PEER} into {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "pip"), "install", "--quiet"]
        subprocess.run([*pip, PEER], check=True)
    return venv


MEMORY_FS = Path("/dev/shm")


def work_base() -> Path | None:
    """Where outputs go by default: a memory file system, when there is a large one.

    Both tools write there alike. On a disk, creating a file can cost 20 us or
    500 us depending on what the machine deleted in the last minutes (ext4 without
    a journal, see Bench.discard), and this generator writes four times as many
    files as openapi-python-client (docs in Markdown and HTML): the disk's
    state, not the generators, would decide the figures. `--work-dir` measures
    on a disk.
    """
    try:
        free = shutil.disk_usage(MEMORY_FS).free
    except OSError:
        return None
    return MEMORY_FS if free > 4 * 1024**3 and os.access(MEMORY_FS, os.W_OK) else None


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        # As on a user's machine: Python caches bytecode (both tools alike).
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env = base | {"PYTHONPATH": str(ROOT)}
        self.records = 0
        self.discarded = 0
        self.peer: Path | None = None if args.no_peer else peer_venv()
        if self.peer is not None:
            self.peer_env = base | {
                "PATH": f"{self.peer / 'bin'}{os.pathsep}{base.get('PATH', '')}"
            }

    def discard(self, path: Path) -> None:
        """Set an output aside, to be deleted when every run is over.

        Deleting it now would slow the next runs down: on ext4 without a journal
        (this benchmark's usual machine) the kernel skips inodes freed in the last
        30 s or so when it creates files (`recently_deleted`), one by one, so
        creating 13,000 files after 13,000 were deleted took 4 s of system time
        instead of 0.3 s - the benchmark's own clean-up, charged to the next run.
        A rename frees no inode.
        """
        if not path.exists():
            return
        self.discarded += 1
        trash = self.work / "discarded"
        trash.mkdir(exist_ok=True)
        path.rename(trash / str(self.discarded))

    def file_creation(self, directories: int = 300, each: int = 10) -> float:
        """Microseconds to create one small file, now, in a tree shaped like the docs'.

        A machine's file system can be slow to create files for a while (see
        discard), and this generator writes many: the figure is printed beside
        the results, so that a slow write stage can be told from a slow generator.
        """
        self.discarded += 1
        probe = self.work / f"probe-{self.discarded}"
        probe.mkdir()
        data = b"x" * 4000
        started = time.perf_counter()
        for d in range(directories):
            directory = probe / f"d{d}"
            directory.mkdir()
            for i in range(each):
                fd = os.open(directory / f"f{i}", os.O_WRONLY | os.O_CREAT, 0o644)
                os.write(fd, data)
                os.close(fd)
        took = time.perf_counter() - started
        self.discard(probe)
        return took / (directories * (each + 1)) * 1e6

    # -- one process -----------------------------------------------------------

    def ours(
        self,
        spec: Path,
        out: Path,
        package: str,
        cache: Path | None,
        mode: str = "run",
        extra: tuple[str, ...] = (),
    ) -> measure.Run:
        self.records += 1
        record = self.work / f"record-{self.records}.json"
        command = [sys.executable, str(HERE / "stages.py"), str(record), mode]
        command += ["generate", str(spec), "-o", str(out), "--package", package, "-q"]
        env = self.env | {"GENERATOR_CACHE_DIR": str(cache) if cache else "off"}
        run = measure.run([*command, *extra], env, ROOT)
        try:
            run.record = json.loads(record.read_text(encoding="utf-8"))
            record.unlink()
        except (OSError, ValueError):
            run.record = {}
        return run

    def theirs(self, spec: Path, out: Path) -> measure.Run:
        assert self.peer is not None
        command = [str(self.peer / "bin" / "openapi-python-client"), "generate"]
        command += ["--path", str(spec), "--output-path", str(out), "--meta", "none"]
        return measure.run(command, self.peer_env, out.parent)

    # -- one case --------------------------------------------------------------

    def case(self, case: cases.Case) -> dict[str, Any]:
        found = case.fetch(self.work)
        if isinstance(found, str):
            return {"title": case.title, "skipped": found}
        place = self.work / case.name
        place.mkdir()
        spec = place / f"spec{found.suffix}"
        shutil.copyfile(found, spec)
        result: dict[str, Any] = {
            "title": case.title,
            "spec": str(found),
            "megabytes": spec.stat().st_size / 1e6,
            "load": [os.getloadavg()],
        }
        print(f"== {case.title}: {found} ({result['megabytes']:.1f} MB)", flush=True)
        result["cold"] = self.cold(case, spec, place)
        result.update(self.warm(case, spec, place))
        result["load"].append(os.getloadavg())
        if not self.args.keep:
            self.discard(place)
        return result

    def cold(self, case: cases.Case, spec: Path, place: Path) -> dict[str, Any]:
        ours: list[measure.Run] = []
        theirs: list[measure.Run] = []
        for i in range(self.args.repeat):
            order = ["ours", "peer"] if i % 2 == 0 else ["peer", "ours"]
            for who in order:
                out = place / f"cold-{who}-{i}"
                if who == "ours":
                    ours.append(self.ours(spec, out, case.package, None))
                    _progress("cold, ours", ours[-1])
                elif self.peer is not None:
                    theirs.append(self.theirs(spec, out))
                    _progress("cold, openapi-python-client", theirs[-1])
                self.discard(out)
        return {"ours": _summary(ours), "peer": _summary(theirs) if theirs else None}

    def warm(self, case: cases.Case, spec: Path, place: Path) -> dict[str, Any]:
        cache, out = place / "cache", place / "out"
        stats_file = place / "report.json"
        first = self.ours(
            spec, out, case.package, cache, extra=("--report", str(stats_file))
        )
        _progress("first run, empty cache", first)
        if first.status != 0:
            return {"first": _summary([first])}
        unchanged = []
        for _ in range(self.args.repeat):
            unchanged.append(self.ours(spec, out, case.package, cache))
            _progress("unchanged", unchanged[-1])
        text = spec.read_text(encoding="utf-8")
        schema, edit = cases.schema_edit(text, spec.suffix == ".json")
        one = []
        for i in range(self.args.repeat):
            spec.write_text(edit(i), encoding="utf-8")
            one.append(self.ours(spec, out, case.package, cache))
            _progress(f"one schema changed ({schema})", one[-1])
        out_stats = json.loads(stats_file.read_text())[0]
        found: dict[str, Any] = {
            "first": _summary([first]),
            "unchanged": _summary(unchanged),
            "one_schema": _summary(one),
            "schema_changed": schema,
            "stats": {
                k: out_stats[k] for k in ("operations", "schemas", "files", "lines")
            },
        }
        if not self.args.no_first_use:
            found["first_use"] = firstuse.measure(out, case.package, self.args.imports)
            print(f"   import + first use: {_first_use_line(found['first_use'])}")
        if self.args.mypy and case.name == "github":
            found["mypy"] = _mypy(out / "python", case.package, place)
            print(f"   mypy --strict: {found['mypy']['summary']}")
        return found

    def paired(self, chosen: list[cases.Case]) -> dict[str, dict[str, Any]]:
        """The targets that compare two cases, each pair run again cold (cache off),
        this generator only, in alternating order: Stripe against OpenAI, each
        synthetic size in YAML against JSON, 4x against 1x. Cases run minutes
        apart, and a shared machine drifts over minutes by more than the gaps
        measured: in one run the peer's runs on the cases measured later took
        about 30% longer than those on the first. Runs made side by side see
        the same machine; each round's ratio is taken, and their median."""
        by_name = {c.name: c for c in chosen}
        found: dict[str, dict[str, Any]] = {}
        for first, second in PAIRS:
            if first in by_name and second in by_name:
                pair = self.pair(by_name[first], by_name[second])
                if pair is not None:
                    found[f"{first}/{second}"] = pair
        return found

    def pair(self, first: cases.Case, second: cases.Case) -> dict[str, Any] | None:
        place = self.work / f"paired-{first.name}-{second.name}"
        place.mkdir()
        specs: dict[str, Path] = {}
        for case in (first, second):
            spec = case.fetch(self.work)
            if isinstance(spec, str):
                return None
            specs[case.name] = place / f"{case.name}{spec.suffix}"
            shutil.copyfile(spec, specs[case.name])
        print(f"== {first.title} and {second.title}, cold, in alternating order")
        runs: dict[str, list[measure.Run]] = {first.name: [], second.name: []}
        for i in range(self.args.rounds):
            for case in (first, second) if i % 2 == 0 else (second, first):
                out = place / f"{case.name}-{i}"
                runs[case.name].append(
                    self.ours(specs[case.name], out, case.package, None)
                )
                _progress(f"cold, {case.title}", runs[case.name][-1])
                self.discard(out)
        if not self.args.keep:
            self.discard(place)
        rounds = list(zip(runs[first.name], runs[second.name]))
        ok = [(a, b) for a, b in rounds if a.status == 0 and b.status == 0]
        return {
            "titles": [first.title, second.title],
            "first": _summary(runs[first.name]),
            "second": _summary(runs[second.name]),
            "wall_ratios": [a.wall / b.wall for a, b in ok],
            "cpu_ratios": [a.cpu / b.cpu for a, b in ok],
        }

    # -- profile ---------------------------------------------------------------

    def profile(self, case: cases.Case) -> dict[str, Any]:
        """Each profiler once on the spec: cold (cache off), or after one schema changed."""
        found = case.fetch(self.work)
        if isinstance(found, str):
            return {"title": case.title, "skipped": found}
        warm = self.args.profile_run == "one-schema"
        keep = cache_home() / "profiles" / (case.name + ("-one-schema" if warm else ""))
        shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir(parents=True)
        result: dict[str, Any] = {"title": case.title, "spec": str(found)}
        result["load"] = [os.getloadavg()]
        place = self.work / f"profile-{case.name}"
        place.mkdir()
        spec, out = place / f"spec{found.suffix}", place / "out"
        shutil.copyfile(found, spec)
        cache: Path | None = None
        edit = None
        if (
            warm
        ):  # a first run fills the cache; each profile then sees one schema changed
            cache = place / "cache"
            self.ours(spec, out, case.package, cache)
            text = spec.read_text(encoding="utf-8")
            result["schema_changed"], edit = cases.schema_edit(
                text, spec.suffix == ".json"
            )
        for n, mode in enumerate(self.args.profile_modes.split(",")):
            record = keep / f"{mode}.json"
            print(f"== {case.title}: profiling ({mode}) ...", flush=True)
            if edit is not None:
                spec.write_text(edit(n), encoding="utf-8")
            command = [sys.executable, str(HERE / "stages.py"), str(record), mode]
            command += ["generate", str(spec), "-o", str(out)]
            command += ["--package", case.package, "-q"]
            env = self.env | {"GENERATOR_CACHE_DIR": str(cache) if cache else "off"}
            run = measure.run(command, env, ROOT)
            _progress(mode, run)
            data = json.loads(record.read_text()) if record.exists() else {}
            result[mode] = {"run": run.as_json(), **data, "stages": _stages(run, data)}
            if not warm:
                self.discard(out)
        self.discard(place)
        result["load"].append(os.getloadavg())
        result["directory"] = str(keep)
        return result


# -- helpers -------------------------------------------------------------------


def _progress(label: str, run: measure.Run) -> None:
    failed = f"  exit {run.status}: {run.error.splitlines()[-1:]}" if run.status else ""
    print(
        f"   {label}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU, "
        f"{run.peak_mb:.0f} MB peak, {run.tree_mb:.0f} MB tree{failed}",
        flush=True,
    )


def _stages(run: measure.Run, record: dict[str, Any]) -> list[dict[str, Any]]:
    """(stage, wall, cpu, rss at end, peak so far) from the marks, with start-up and exit."""
    marks = record.get("marks") or []
    if not marks:
        return []
    out = [{"stage": "python start-up", "wall": marks[0]["t"] - run.started}]
    for a, b in zip(marks, marks[1:]):
        out.append(
            {
                "stage": a["stage"],
                "wall": b["t"] - a["t"],
                "cpu": b["cpu"] - a["cpu"] + b["cpu_children"] - a["cpu_children"],
                "rss_mb": b["rss_mb"],
                "peak_mb": max(b["maxrss_mb"], b["children_maxrss_mb"]),
            }
        )
    out.append({"stage": "exit", "wall": run.ended - marks[-1]["t"]})
    return out


def _summary(runs: list[measure.Run]) -> dict[str, Any]:
    """Medians of the runs, each run, and the median of each stage."""
    ok = [r for r in runs if r.status == 0] or runs
    stages: dict[str, list[dict[str, Any]]] = {}
    for run in ok:
        for s in _stages(run, run.record):
            stages.setdefault(s["stage"], []).append(s)
    return {
        "wall": statistics.median(r.wall for r in ok),
        "cpu": statistics.median(r.cpu for r in ok),
        "peak_mb": statistics.median(r.peak_mb for r in ok),
        "tree_mb": statistics.median(r.tree_mb for r in ok),
        "status": max((r.status for r in runs), key=abs),
        "error": next((r.error for r in runs if r.status), ""),
        "runs": [r.as_json() for r in runs],
        "stages": [
            {
                "stage": name,
                **{
                    key: statistics.median(s[key] for s in values)
                    for key in values[0]
                    if key != "stage"
                },
            }
            for name, values in stages.items()
        ],
    }


def _first_use_line(found: dict[str, Any]) -> str:
    if "error" in found:
        return f"not measured: {found['error']}"
    return (
        f"{found['seconds'] * 1000:.0f} ms (import {found['import_seconds'] * 1000:.0f} ms; "
        f"client.{found['resource']}.{found['method'] or '<no call>'}(), {found['outcome']})"
    )


def _mypy(python: Path, package: str, place: Path) -> dict[str, Any]:
    from support.checks import mypy_strict

    started = time.monotonic()
    done = mypy_strict(python, [package], place / "mypy-cache")
    lines = (done.stdout + done.stderr).strip().splitlines()
    return {
        "clean": done.returncode == 0,
        "summary": lines[-1] if lines else f"exit {done.returncode}",
        "seconds": time.monotonic() - started,
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="cases: " + ", ".join(c.name for c in cases.CASES),
    )
    parser.add_argument("--only", help="comma-separated case names or prefixes")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="rounds of the cases a target compares, run side by side (default 5: "
        "their ratios are a few percent apart, within one run's noise)",
    )
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument(
        "--imports", type=int, default=7, help="import + first use runs"
    )
    parser.add_argument(
        "--no-peer", action="store_true", help="skip openapi-python-client"
    )
    parser.add_argument(
        "--no-first-use", action="store_true", help="skip import + first use"
    )
    parser.add_argument(
        "--mypy", action="store_true", help="mypy --strict the GitHub client"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument(
        "--work-dir",
        type=Path,
        help="where specs are copied and outputs written (default: a memory file "
        "system, /dev/shm, when there is one; see work_base)",
    )
    parser.add_argument("--profile", action="store_true", help="profile instead")
    parser.add_argument(
        "--profile-run",
        choices=("cold", "one-schema"),
        default="cold",
        help="what --profile profiles: a cold run (cache off, default) or a run "
        "after one schema changed (cache on)",
    )
    parser.add_argument(
        "--profile-modes",
        default="sample,cprofile,memory",
        help="profilers to run with --profile (default: all three)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Stopped with SIGTERM: unwind, so the running command's process group is stopped too.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    chosen = cases.select(args.only)
    base = args.work_dir or work_base()
    try:
        Path(base).mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="bench-generate-", dir=base))
    except OSError as exc:
        print(f"bench.py: --work-dir {base}: {exc.strerror}", file=sys.stderr)
        return 2
    machine = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": _commit(),
        "load_at_start": os.getloadavg(),
    }
    print(f"work directory {work}; load average {_load()} on {os.cpu_count()} CPUs")
    machine["work_dir"] = str(work)
    bench = Bench(args, work)
    machine["file_creation_at_start"] = bench.file_creation()
    print(f"creating a file takes {machine['file_creation_at_start']:.0f} us")
    results: dict[str, Any] = {}
    try:
        for case in chosen:
            results[case.name] = (bench.profile if args.profile else bench.case)(case)
        paired = {} if args.profile else bench.paired(chosen)
        machine["load_at_end"] = os.getloadavg()
        machine["file_creation_at_end"] = bench.file_creation()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.profile:
        report.profiles(results)
        data: dict[str, Any] = {"machine": machine, "profiles": results}
        missed = False
    else:
        targets = report.targets(results, paired)
        report.tables(results, machine, args.repeat)
        report.paired(paired)
        report.print_targets(targets)
        data = {
            "machine": machine,
            "cases": results,
            "paired": paired,
            "targets": targets,
        }
        missed = any(t["met"] is False for t in targets)
    if args.json:
        args.json.write_text(json.dumps(data, indent=1, default=str) + "\n")
        print(f"figures written to {args.json}")
    return 1 if missed else 0


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())
