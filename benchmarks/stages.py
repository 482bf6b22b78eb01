"""Run the generator's command line in this process and record where its time goes.

    python benchmarks/stages.py RECORD.json MODE generate SPEC -o OUT ...

bench.py runs every generation of this generator through this script. It is
`python -m generator` with one addition: a progress callback (the pipeline's
`progress`, see generator/pipeline.py and generator/console.py) that notes, as
each stage starts, the monotonic clock, this process's CPU time, the CPU time
of its reaped children (forked workers), the resident memory and the peak so
far. The record (JSON) is written at exit. The clock is CLOCK_MONOTONIC, the
one the parent reads too, so the parent can add interpreter start-up and exit.

MODE is `run` (measure only) or a profile. A profile does all the work in this
process (no forked workers or side process: the CPU count reads 1 and fork
reads unavailable), so that every cost is seen, and records per stage:

    cprofile  one cProfile profile per stage, saved as RECORD.<n>-<stage>.prof,
              and the top functions by own and by cumulative time
    sample    a SIGPROF stack sampler (every 2 ms of CPU): time by area of the
              code (sampler.py), and the top functions by own and inclusive time
    memory    tracemalloc: each stage's peak of traced memory, and what is
              held at its end (the largest allocation sites and files)
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")
MODES = ("run", "cprofile", "sample", "memory")
TOP = 25


def rss_mb() -> float:
    """This process's resident memory now."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * PAGE / 2**20
    except OSError:
        return 0.0


def snapshot(stage: str) -> dict[str, Any]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "stage": stage,
        "t": time.monotonic(),
        "cpu": own.ru_utime + own.ru_stime,
        "cpu_children": children.ru_utime + children.ru_stime,
        "rss_mb": rss_mb(),
        "maxrss_mb": own.ru_maxrss / 1024,
        "children_maxrss_mb": children.ru_maxrss / 1024,
    }


class Recorder:
    """The progress callback: one mark as each stage starts (Progress's protocol)."""

    def __init__(self, on_mark: Callable[[str], None]) -> None:
        self.marks: list[dict[str, Any]] = []
        self.on_mark = on_mark

    def mark(self, stage: str) -> None:
        self.on_mark(stage)
        self.marks.append(snapshot(stage))

    def __call__(self, stage: str) -> None:
        self.mark(stage)

    def pause(self) -> None:
        self.mark("diagnostics")

    def finish(self) -> None:
        self.mark("report")


class Profiles:
    """What a profile mode measures, stage by stage."""

    def __init__(self, mode: str, record: Path) -> None:
        self.mode = mode
        self.record = record
        self.stage = "start"
        self.cprofiles: list[tuple[str, Any]] = []
        self.memory: list[dict[str, Any]] = []
        self.biggest = [0.0]  # the most memory held at a stage's end so far
        self.sampler: Any = None
        if mode == "memory":
            import tracemalloc

            tracemalloc.start(1)
        elif mode == "sample":
            from sampler import Sampler

            self.sampler = Sampler(root=ROOT)
            self.sampler.start()
        if mode != "run":
            _single_process()
        self.on_mark("start")

    def on_mark(self, stage: str) -> None:
        closing, self.stage = self.stage, stage
        if self.mode == "cprofile":
            import cProfile

            if self.cprofiles:
                self.cprofiles[-1][1].disable()
            profile = cProfile.Profile()
            self.cprofiles.append((stage, profile))
            profile.enable()
        elif self.mode == "sample":
            self.sampler.stage = stage
        elif self.mode == "memory" and stage != "start":
            self.memory.append(_memory(closing, self.biggest))

    def results(self) -> dict[str, Any]:
        if self.mode == "cprofile":
            return {"cprofile": self._cprofile()}
        if self.mode == "sample":
            self.sampler.stop()
            return {"sample": self.sampler.summary()}
        if self.mode == "memory":
            return {"memory": self.memory + [_memory(self.stage, self.biggest)]}
        return {}

    def _cprofile(self) -> list[dict[str, Any]]:
        import pstats

        if self.cprofiles:
            self.cprofiles[-1][1].disable()
        out = []
        for n, (stage, profile) in enumerate(self.cprofiles):
            path = self.record.with_suffix(f".{n}-{stage.replace(' ', '')}.prof")
            profile.dump_stats(path)
            stats = pstats.Stats(profile)
            rows = [
                {
                    "function": _function_name(func),
                    "calls": nc,
                    "own": tt,
                    "cumulative": ct,
                }
                for func, (_, nc, tt, ct, _) in stats.stats.items()  # type: ignore[attr-defined]
            ]
            total = sum(r["own"] for r in rows)
            out.append(
                {
                    "stage": stage,
                    "file": str(path),
                    "seconds": total,
                    "by_own": sorted(rows, key=lambda r: -r["own"])[:TOP],
                    "by_cumulative": sorted(rows, key=lambda r: -r["cumulative"])[:TOP],
                }
            )
        return out


def _function_name(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    return f"{_where(filename)}:{line}({name})" if line else name


def _where(filename: str) -> str:
    """filename, shorter: relative to the checkout, to site-packages or to the stdlib."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    if filename.startswith(str(ROOT) + "/"):
        return filename[len(str(ROOT)) + 1 :]
    if "/lib/python3." in filename:
        return filename.split("/lib/python3.", 1)[1].split("/", 1)[1]
    return filename


def _memory(stage: str, biggest: list[float]) -> dict[str, Any]:
    """Traced memory at the end of stage: its peak, and what is held now.

    What is held is broken down (a slow walk over every live block) only when
    a quarter more is held than at any earlier stage's end.
    """
    import tracemalloc

    current, peak = tracemalloc.get_traced_memory()
    out: dict[str, Any] = {
        "stage": stage,
        "peak_mb": peak / 2**20,
        "held_mb": current / 2**20,
        "rss_mb": rss_mb(),
    }
    if current > 1.25 * biggest[0]:
        biggest[0] = current
        held = tracemalloc.take_snapshot().filter_traces(
            (tracemalloc.Filter(False, tracemalloc.__file__),)
        )
        sites = held.statistics("lineno")
        files: dict[str, float] = {}
        for s in sites:
            where = _where(s.traceback[0].filename)
            files[where] = files.get(where, 0) + s.size / 2**20
        out["sites"] = [
            {
                "site": f"{_where(s.traceback[0].filename)}:{s.traceback[0].lineno}",
                "mb": s.size / 2**20,
                "blocks": s.count,
            }
            for s in sites[:TOP]
        ]
        out["files"] = sorted(files.items(), key=lambda kv: -kv[1])[:12]
    tracemalloc.reset_peak()
    return out


def _single_process() -> None:
    """Make the pipeline do everything here: one CPU, no fork (read where it decides)."""
    import multiprocessing

    os.cpu_count = lambda: 1
    if hasattr(os, "process_cpu_count"):
        os.process_cpu_count = lambda: 1
    methods = [m for m in multiprocessing.get_all_start_methods() if m != "fork"]
    multiprocessing.get_all_start_methods = lambda: methods


def main() -> int:
    record = Path(sys.argv[1])
    mode = sys.argv[2]
    if mode not in MODES:
        raise SystemExit(f"mode must be one of {', '.join(MODES)}")
    argv = sys.argv[3:]
    profiles = Profiles(mode, record)
    recorder = Recorder(profiles.on_mark)
    recorder.marks.append(snapshot("start"))

    def save() -> None:
        recorder.marks.append(snapshot("end"))
        data = {"marks": recorder.marks, "mode": mode, **profiles.results()}
        record.write_text(json.dumps(data), encoding="utf-8")

    atexit.register(save)
    from generator import console
    from generator.cli import main as cli

    def progress(self: console.Console, *args: object) -> Recorder:
        return recorder

    # The documented hook: progress goes to whatever Console.progress returns.
    setattr(console.Console, "progress", progress)
    code: int = cli(argv)
    save()
    atexit.unregister(save)
    return code


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    status = main()
    from generator.cli import hard_exit

    hard_exit(status)  # as the command itself ends
