"""A stack sampler that says which part of the generator the CPU time goes to.

Every 2 ms of CPU (SIGPROF) the main thread's stack is recorded, weighted by
the CPU time since the last sample (so time spent inside one long C call, a
`json.loads` or the YAML parser, goes to the Python function that made it).

Each sample gets an *area*: the outermost frame of the generator that is not
a driver (command line, pipeline, worker pool) decides it, by the module it is
in - so a lazy view property evaluated from a docs template counts as docs, and
the Python view code a package template calls counts as render. The *code* a
sample is in is its innermost frame's module: a generator module, a template,
a library (`jinja2`, `black`), the standard library. Both are kept per stage.
The garbage collector's own time is measured apart (its callbacks), by stage
and generation: in the samples it lands on whatever allocation set it off.
Time spent importing modules is its own area. While the main thread waits for
other threads (the writer writes files on a thread pool), the samples go to
the stacks of those that are not idle, split evenly (to the main thread's own
when all are idle: a signal can reach the main thread late).
"""

from __future__ import annotations

import gc
import signal
import sys
import sysconfig
import threading
import time
from collections import defaultdict
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

INTERVAL = 0.002

# Modules that only drive the stages: they decide no area.
DRIVERS = (
    "generator/cli.py",
    "generator/commands.py",
    "generator/console.py",
    "generator/pipeline.py",
    "generator/parallel.py",
    "generator/__main__.py",
    "benchmarks/",
)
# Area of a generator module, by path prefix (first match).
AREAS = (
    ("generator/loader.py", "load"),
    ("generator/yamlcache.py", "load"),
    ("generator/jsonptr.py", "load"),
    ("generator/validate.py", "validate"),
    ("generator/side.py", "validate"),
    ("generator/parse/", "parse/IR"),
    ("generator/select.py", "parse/IR"),
    ("generator/ir.py", "parse/IR"),
    ("generator/plan/", "Python view"),
    ("generator/python/", "Python view"),
    ("generator/naming.py", "Python view"),
    ("generator/examples.py", "Python view"),
    ("generator/surface.py", "Python view"),
    ("generator/docs/", "docs"),
    ("generator/render.py", "render"),
    ("generator/format.py", "format"),
    ("generator/writer.py", "write"),
    ("generator/runs.py", "run record"),
    ("generator/cache.py", "cache keys"),
    ("generator/config", "configuration"),
    ("generator/", "generator (other)"),
)


Stack = tuple[
    tuple[str, int, str], ...
]  # (file, first line, function), innermost first
K = TypeVar("K")


def _largest(values: dict[K, float]) -> list[tuple[K, float]]:
    return sorted(values.items(), key=lambda kv: -kv[1])


def _stack(frame: FrameType | None) -> Stack:
    """(file, first line, function) of each frame, innermost first."""
    stack = []
    while frame is not None:
        code = frame.f_code
        stack.append((code.co_filename, code.co_firstlineno, code.co_name))
        frame = frame.f_back
    return tuple(stack)


def _waiting(stack: Stack) -> bool:
    """Whether the innermost frame waits: for a lock, or an idle pool worker for work."""
    if not stack:
        return False
    filename, _, name = stack[0]
    return (name == "wait" and filename.endswith("threading.py")) or (
        name == "_worker" and filename.endswith("futures/thread.py")
    )


class Sampler:
    def __init__(self, root: Path) -> None:
        self.root = str(root) + "/"
        self.stdlib = sysconfig.get_paths()["stdlib"] + "/"
        self.stage = "start"
        self.samples: dict[tuple[str, Stack], float] = defaultdict(float)
        self._last = 0.0
        self._gc_started = 0.0
        self.collections: dict[tuple[str, int], tuple[float, int]] = {}
        self._names: dict[str, str] = {}

    def start(self) -> None:
        self._last = time.process_time()
        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, INTERVAL, INTERVAL)
        gc.callbacks.append(self._collection)

    def stop(self) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)
        gc.callbacks.remove(self._collection)

    def _collection(self, phase: str, info: dict[str, int]) -> None:
        """The garbage collector's own time, by stage and generation."""
        if phase == "start":
            self._gc_started = time.process_time()
            return
        key = (self.stage, info["generation"])
        seconds, count = self.collections.get(key, (0.0, 0))
        spent = time.process_time() - self._gc_started
        self.collections[key] = (seconds + spent, count + 1)

    def _sample(self, signum: int, frame: FrameType | None) -> None:
        now = time.process_time()
        weight, self._last = now - self._last, now
        stacks = [_stack(frame)]
        if _waiting(stacks[0]):
            # The main thread waits for others (the writer's threads): the CPU is theirs.
            main = threading.main_thread().ident
            others = [_stack(f) for t, f in sys._current_frames().items() if t != main]
            stacks = [s for s in others if not _waiting(s)] or stacks
        for stack in stacks:
            self.samples[(self.stage, stack)] += weight / len(stacks)

    # -- naming ----------------------------------------------------------------

    def module(self, filename: str) -> str:
        """A short name for the code in filename: generator/x.py, templates/..., jinja2, stdlib json."""
        name = self._names.get(filename)
        if name is None:
            name = self._names[filename] = self._module(filename)
        return name

    def _module(self, filename: str) -> str:
        if filename == __file__:  # the collector's callback: its work ran just before
            return "garbage collector"
        if "site-packages/" in filename:
            return filename.split("site-packages/", 1)[1].split("/", 1)[0]
        if filename.startswith(self.root):
            return filename[len(self.root) :]
        if filename.startswith(self.stdlib):
            rest = filename[len(self.stdlib) :]
            return "stdlib " + rest.split("/", 1)[0].removesuffix(".py")
        if filename.startswith("<frozen"):
            return "import system"
        return filename

    def area(self, stack: Stack) -> str:
        """The area of the outermost non-driver generator frame (stack is innermost first)."""
        if any(f.startswith("<frozen importlib") for f, _, _ in stack):
            return "imports"
        driver = None
        for filename, _, _ in reversed(stack):
            module = self.module(filename)
            if not module.startswith(("generator/", "benchmarks/")):
                continue
            if module.startswith(DRIVERS):
                driver = module
                continue
            for prefix, area in AREAS:
                if module.startswith(prefix):
                    return area
        if driver is not None:
            return f"driver ({driver})"
        return "other"

    # -- results ---------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        by_area: dict[tuple[str, str], float] = defaultdict(float)  # (stage, area)
        by_code: dict[tuple[str, str], float] = defaultdict(float)  # (area, module)
        own: dict[str, float] = defaultdict(float)
        inclusive: dict[str, float] = defaultdict(float)
        for (stage, stack), seconds in self.samples.items():
            if not stack:
                continue
            area = self.area(stack)
            by_area[(stage, area)] += seconds
            by_code[(area, self.module(stack[0][0]))] += seconds
            own[self.function(stack[0])] += seconds
            for name in {self.function(frame) for frame in stack}:
                inclusive[name] += seconds
        return {
            "seconds": sum(self.samples.values()),
            "by_stage_and_area": [[s, a, t] for (s, a), t in _largest(by_area)],
            "by_area_and_code": [[a, c, t] for (a, c), t in _largest(by_code)],
            # Every function with a sample's worth of time, for later digging;
            # bench.py prints the top ones.
            "by_own": [kv for kv in _largest(own) if kv[1] >= INTERVAL],
            "by_inclusive": [kv for kv in _largest(inclusive) if kv[1] >= INTERVAL],
            "collections": [
                [s, g, t, n] for (s, g), (t, n) in self.collections.items()
            ],
        }

    def function(self, frame: tuple[str, int, str]) -> str:
        filename, line, name = frame
        if filename == __file__:
            return "garbage collector"
        return f"{self.module(filename)}:{line}({name})"


if __name__ == "__main__":  # pragma: no cover - a module of stages.py
    sys.exit("run benchmarks/bench.py --profile, or benchmarks/stages.py")
