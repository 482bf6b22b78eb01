"""Instructions a generation costs, counted by valgrind: for comparing two checkouts
on a machine whose speed varies.

    python benchmarks/instructions.py SPEC [CHECKOUT ...]

Each checkout (default: this one) generates SPEC cold (cache off) in one
process, its work all in that process as with `bench.py --profile` (the CPU
count reads 1, fork reads unavailable), under `valgrind --tool=callgrind`. The
count of instructions repeats within 0.1% from run to run, where wall times on
a shared machine vary by 10%, so a change of 1% shows. It is 50-70 times slower
than a plain run (Stripe: about 5 minutes); checkouts run one after the other.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_PROCESS = """
import multiprocessing, os, sys
os.cpu_count = lambda: 1
if hasattr(os, "process_cpu_count"):
    os.process_cpu_count = lambda: 1
methods = [m for m in multiprocessing.get_all_start_methods() if m != "fork"]
multiprocessing.get_all_start_methods = lambda: methods
sys.path.insert(0, os.getcwd())
from generator.cli import main
sys.exit(main(["generate", sys.argv[1], "-o", sys.argv[2], "--no-cache", "-q"]))
"""


def count(checkout: Path, spec: Path, work: Path) -> int:
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={work / 'callgrind.out'}",
            sys.executable,
            "-c",
            ONE_PROCESS,
            str(spec),
            str(out),
        ],
        cwd=checkout,
        capture_output=True,
        text=True,
    )
    found = re.search(r"refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{checkout}: generation failed\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path)
    parser.add_argument("checkouts", type=Path, nargs="*", default=[ROOT])
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    first = None
    with tempfile.TemporaryDirectory() as tmp:
        for checkout in args.checkouts:
            n = count(checkout.resolve(), args.spec.resolve(), Path(tmp))
            ratio = "" if first is None else f"  ({n / first:.3f}x the first)"
            first = n if first is None else first
            print(f"{checkout}: {n / 1e9:.2f} billion instructions{ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
