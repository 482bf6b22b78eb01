"""Start a command and report its resource usage: wall time, CPU time, peak RSS.

    python benchmarks/launch.py USAGE.json COMMAND...

Why a launcher: on Linux a process's peak RSS (ru_maxrss) starts at the peak of
the process that forked it, because exec carries the old memory's high-water
mark over. measure.py's own process holds parsed specs, so a command it started
directly could never report less than that. This small process starts the
command (posix_spawn), waits for it and writes what wait4 says about it and
its reaped descendants: its floor is this interpreter's few megabytes.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> int:
    usage_file, command = sys.argv[1], sys.argv[2:]
    started = time.monotonic()
    pid = os.posix_spawnp(command[0], command, dict(os.environ))
    _, status, usage = os.wait4(pid, 0)
    ended = time.monotonic()
    with open(usage_file, "w", encoding="utf-8") as out:
        json.dump(
            {
                "started": started,
                "ended": ended,
                "cpu": usage.ru_utime + usage.ru_stime,
                "maxrss_kb": usage.ru_maxrss,
                "status": os.waitstatus_to_exitcode(status),
            },
            out,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
