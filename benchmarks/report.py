"""What bench.py prints: the figures, where the time goes, the targets, the profiles."""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

PHASES = (
    ("cold", "cold, cache off"),
    ("first", "first, empty cache"),
    ("unchanged", "unchanged"),
    ("one_schema", "one schema"),
)
STAGE_NAMES = {"start": "CLI", "python start-up": "start-up"}


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _ours(case: dict[str, Any], phase: str) -> dict[str, Any] | None:
    found = case.get(phase)
    if phase == "cold":
        found = _get(case, "cold", "ours")
    return found if isinstance(found, dict) else None


def _load(case: dict[str, Any]) -> str:
    loads = case.get("load") or []
    return " -> ".join(f"{x[0]:.1f}" for x in loads)


# -- the figures ---------------------------------------------------------------


def tables(results: dict[str, Any], machine: dict[str, Any], repeat: int) -> None:
    start = " ".join(f"{x:.1f}" for x in machine["load_at_start"])
    end = " ".join(f"{x:.1f}" for x in machine["load_at_end"])
    print(
        f"\nGeneration: medians of {repeat} runs, whole processes; {machine['cpus']} CPUs, "
        f"load average {start} at start, {end} at the end (1, 5, 15 min).\n"
        "The machine is shared: compare ratios, measured side by side, more than seconds.\n"
        "peak = the largest process (ru_maxrss); tree = the PSS of the process and its "
        "workers together (sampled)."
    )
    if "work_dir" in machine:
        print(f"Outputs written under {machine['work_dir']}.")
    if "file_creation_at_end" in machine:
        start_us, end_us = (
            machine["file_creation_at_start"],
            machine["file_creation_at_end"],
        )
        print(
            f"Creating a file took {start_us:.0f} us at start, {end_us:.0f} us at the end"
            + (
                " - slow: this file system is penalising new files (e.g. ext4 without a "
                "journal skips inodes freed in the last minutes, one by one), so the write "
                "stage is slower than the generator makes it."
                if max(start_us, end_us) > 100
                else "."
            )
        )
    head = (
        f"{'spec':<24} {'run':<19} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} {'tree MB':>8}"
        f" | {'peer wall':>9} {'CPU':>7} {'peak MB':>8} | {'wall':>5} {'CPU':>5} {'peak':>5}"
    )
    print("\n" + head + "\n" + "-" * len(head))
    for name, case in results.items():
        if "skipped" in case:
            print(f"{case['title']:<24} skipped: {case['skipped']}")
            continue
        lines = _about(case)
        for i, (phase, label) in enumerate(PHASES):
            ours = _ours(case, phase)
            if ours is None:
                continue
            row = f"{lines[i] if i < len(lines) else '':<24} {label:<19} " + _figures(
                ours
            )
            if phase == "cold":
                row += _peer(ours, case["cold"].get("peer"))
            print(row)
        print()
    _stage_tables(results)
    _extras(results)


def _about(case: dict[str, Any]) -> list[str]:
    stats = case.get("stats") or {}
    lines = [case["title"], f"{case['megabytes']:.1f} MB, load {_load(case)}"]
    if stats:
        lines.append(f"{stats['operations']:,} ops, {stats['schemas']:,} schemas")
        lines.append(f"{stats['files']:,} files, {stats['lines'] / 1000:,.0f}k lines")
    return lines


def _figures(run: dict[str, Any]) -> str:
    text = f"{run['wall']:7.2f} {run['cpu']:7.2f} {run['peak_mb']:8.0f} {run['tree_mb']:8.0f}"
    if run.get("status"):
        text += f"  FAILED (exit {run['status']}): {run['error'].splitlines()[-1:]}"
    return text


def _peer(ours: dict[str, Any], peer: dict[str, Any] | None) -> str:
    if peer is None:
        return " | not run"
    if peer["status"] != 0:
        last = (peer["error"].splitlines() or ["?"])[-1][:70]
        return f" | fails after {peer['wall']:.1f} s (exit {peer['status']}): {last}"
    return (
        f" | {peer['wall']:9.2f} {peer['cpu']:7.2f} {peer['peak_mb']:8.0f} |"
        f" {ours['wall'] / peer['wall']:5.2f} {ours['cpu'] / peer['cpu']:5.2f}"
        f" {ours['peak_mb'] / peer['peak_mb']:5.2f}"
    )


def _stage_tables(results: dict[str, Any]) -> None:
    print(
        "\nWhere the time goes, stage by stage (this generator, medians): wall s / CPU s"
        " (workers included), [RSS MB of the main process at the stage's end].\n"
        "CLI = imports, configuration and the run key before the first stage; "
        "start-up and exit = the interpreter's."
    )
    for case in results.values():
        if "skipped" in case:
            continue
        print(f"\n{case['title']}")
        for phase, label in PHASES:
            ours = _ours(case, phase)
            if ours is None or not ours.get("stages"):
                continue
            print(f"  {label:<19} " + stage_line(ours["stages"]))


def stage_line(stages: list[dict[str, Any]]) -> str:
    parts = []
    for s in stages:
        name = STAGE_NAMES.get(s["stage"], s["stage"])
        if s["wall"] < 0.005 and "cpu" in s and s["cpu"] < 0.005:
            continue
        text = f"{name} {s['wall']:.2f}"
        if "cpu" in s:
            text += f"/{s['cpu']:.2f}"
        if "rss_mb" in s and s["stage"] not in ("diagnostics", "report"):
            text += f" [{s['rss_mb']:.0f}]"
        parts.append(text)
    return " | ".join(parts)


def _extras(results: dict[str, Any]) -> None:
    print()
    for case in results.values():
        if "skipped" in case:
            continue
        notes = []
        if case.get("schema_changed"):
            notes.append(f"schema changed: {case['schema_changed']}")
        use = case.get("first_use")
        if use and "error" not in use:
            notes.append(
                f"import + first use of client.{use['resource']} ({use['methods']} methods): "
                f"{use['seconds'] * 1000:.0f} ms, import alone "
                f"{use['import_seconds'] * 1000:.0f} ms, first run (compiling) "
                f"{use['first_seconds'] * 1000:.0f} ms; "
                + (
                    f"{use['method']}() {use['outcome']}"
                    if use["method"]
                    else "no call"
                )
            )
        elif use:
            notes.append(f"import + first use: {use['error']}")
        if case.get("mypy"):
            notes.append(f"mypy --strict: {case['mypy']['summary']}")
        if notes:
            print(f"{case['title']}: " + "; ".join(notes))


# -- the targets ---------------------------------------------------------------


def paired(found: dict[str, dict[str, Any]]) -> None:
    """The cases run again side by side, in alternating order (bench.py `paired`)."""
    if found:
        print("\nCompared cases, cold, in alternating order (this generator):")
    for pair in found.values():
        a, b = pair["titles"]
        rounds = ", ".join(f"{r:.2f}" for r in pair["wall_ratios"])
        print(
            f"  {a} {pair['first']['wall']:.2f} s ({pair['first']['cpu']:.2f} CPU), "
            f"{b} {pair['second']['wall']:.2f} s ({pair['second']['cpu']:.2f} CPU): "
            f"{a} / {b} by round {rounds}"
        )


def targets(
    results: dict[str, Any], pairs: dict[str, dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Issue 12's targets whose specs were chosen: met, missed, or not measured (None).

    A target on wall time also shows the same ratio of CPU time (`also`): on a
    shared machine CPU time is the steadier of the two. A target comparing two
    cases takes the median of their rounds in `pairs` (the two run again in
    alternating order) when there are any, else the ratio of their cold medians.
    """
    out: list[dict[str, Any]] = []

    def add(
        name: str,
        needs: list[str],
        value: Any,
        limit: float | None,
        unit: str,
        why: str = "",
        also: float | None = None,
    ) -> None:
        if not all(n in results for n in needs):
            return  # a spec not chosen for this run
        skipped = [results[n]["skipped"] for n in needs if "skipped" in results[n]]
        if skipped:
            value, why = None, f"skipped: {skipped[0]}"
        if value is None and not why:
            why = "failed or skipped"
        met = (
            None
            if value is None
            else (value is True if limit is None else value <= limit)
        )
        out.append(
            {
                "target": name,
                "value": value,
                "limit": limit,
                "unit": unit,
                "met": met,
                "why": why,
                "cpu_ratio": also,
            }
        )

    def cold(case: str, key: str) -> float | None:
        value = _get(results, case, "cold", "ours", key)
        status = _get(results, case, "cold", "ours", "status")
        return value if status == 0 else None

    def versus_peer(case: str, key: str) -> tuple[float | None, str]:
        ours, peer = cold(case, key), _get(results, case, "cold", "peer")
        if ours is None:
            return None, "this generator failed"
        if not peer:
            return None, "openapi-python-client not run"
        if peer["status"] != 0:
            return None, f"openapi-python-client fails (exit {peer['status']})"
        return ours / peer[key], ""

    def divided(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    wall, why = versus_peer("github", "wall")
    add(
        "GitHub, cold: wall <= 0.4x openapi-python-client",
        ["github"],
        wall,
        0.4,
        "x",
        why,
        versus_peer("github", "cpu")[0],
    )
    cpu, why = versus_peer("github", "cpu")
    add(
        "GitHub, cold: CPU <= 0.7x openapi-python-client",
        ["github"],
        cpu,
        0.7,
        "x",
        why,
    )
    add(
        "GitHub, cold: peak RSS <= 300 MB",
        ["github"],
        cold("github", "peak_mb"),
        300,
        "MB",
    )

    def compared(first: str, second: str, key: str) -> float | None:
        pair = (pairs or {}).get(f"{first}/{second}")
        if pair and pair[f"{key}_ratios"]:
            return float(statistics.median(pair[f"{key}_ratios"]))
        return divided(cold(first, key), cold(second, key))

    add(
        "Stripe, cold: no slower than OpenAI in the same run",
        ["stripe", "openai"],
        compared("stripe", "openai", "wall"),
        1.0,
        "x",
        "",
        compared("stripe", "openai", "cpu"),
    )
    add(
        "Stripe, cold: peak RSS <= 250 MB",
        ["stripe"],
        cold("stripe", "peak_mb"),
        250,
        "MB",
    )
    wall, why = versus_peer("openai", "wall")
    add(
        "OpenAI, cold: wall <= 0.3x openapi-python-client",
        ["openai"],
        wall,
        0.3,
        "x",
        why,
        versus_peer("openai", "cpu")[0],
    )
    for n in (1, 2, 4):
        y, j = f"synthetic-{n}x-yaml", f"synthetic-{n}x-json"
        add(
            f"synthetic {n}x, cold: YAML <= 1.5x the same spec as JSON",
            [y, j],
            compared(y, j, "wall"),
            1.5,
            "x",
            "",
            compared(y, j, "cpu"),
        )
    for form in ("yaml", "json"):
        one, four = f"synthetic-1x-{form}", f"synthetic-4x-{form}"
        add(
            f"synthetic {form.upper()}, cold: 4x the size <= 4.5x the time of 1x",
            [one, four],
            compared(four, one, "wall"),
            4.5,
            "x",
            "",
            compared(four, one, "cpu"),
        )
    for name, case in results.items():
        if "skipped" not in case:
            add(
                f"{case['title']}: nothing changed <= 0.3 s",
                [name],
                _get(case, "unchanged", "wall"),
                0.3,
                "s",
            )
    add(
        "OpenAI: one schema changed <= 2 s",
        ["openai"],
        _get(results, "openai", "one_schema", "wall"),
        2.0,
        "s",
    )
    use = _get(results, "github", "first_use", "seconds")
    add(
        "GitHub client: import + first use of its largest resource <= 100 ms",
        ["github"],
        use * 1000 if use is not None else None,
        100,
        "ms",
    )
    add(
        "GitHub client: mypy --strict clean",
        ["github"],
        _get(results, "github", "mypy", "clean"),
        None,
        "",
        "" if _get(results, "github", "mypy") else "run with --mypy",
    )
    return out


def print_targets(found: list[dict[str, Any]]) -> None:
    print(
        "\nTargets (issue 12), ratios from this run (CPU-time ratio beside wall ones):"
    )
    for t in found:
        mark = {True: "met", False: "MISSED", None: "-"}[t["met"]]
        value = t["value"]
        if value is None:
            shown = f"not measured: {t['why']}"
        elif isinstance(value, bool):
            shown = "yes" if value else "no"
        elif t["unit"] == "x":
            shown = f"{value:.2f}x"
        else:
            shown = (
                f"{value:.2f} {t['unit']}"
                if t["unit"] == "s"
                else f"{value:.0f} {t['unit']}"
            )
        if t.get("cpu_ratio") is not None:
            shown += f" (CPU {t['cpu_ratio']:.2f}x)"
        print(f"  {mark:<7} {t['target']:<68} {shown}")


# -- profiles ------------------------------------------------------------------


def profiles(results: dict[str, Any]) -> None:
    for case in results.values():
        if "skipped" in case:
            print(f"{case['title']}: skipped: {case['skipped']}")
            continue
        run = (
            f"one schema changed ({case['schema_changed']}), cache on"
            if case.get("schema_changed")
            else "cache off"
        )
        print(
            f"\n==== {case['title']}: profiled in one process (no workers), {run}; "
            f"load average {_load(case)}; files in {case['directory']}"
        )
        if "sample" in case:
            _sampled(case["sample"])
        if "cprofile" in case:
            _cprofiled(case["cprofile"])
        if "memory" in case:
            _memory(case["memory"])


def _sampled(found: dict[str, Any]) -> None:
    sample = found.get("sample")
    print("\n-- stages (sampler run): " + stage_line(found["stages"]))
    if not sample:
        return
    total = sample["seconds"] or 1
    by_area: dict[str, dict[str, float]] = defaultdict(dict)
    stages: list[str] = []
    for stage, area, seconds in sample["by_stage_and_area"]:
        by_area[area][stage] = seconds
        if stage not in stages:
            stages.append(stage)
    order = [s["stage"] for s in found["stages"] if s["stage"] in stages]
    order += [s for s in stages if s not in order]
    print(f"\n-- CPU by area of the code and stage (sampler; {total:.1f} s CPU in all)")
    head = f"  {'area':<30} {'s':>6} {'share':>6}  " + " ".join(
        f"{STAGE_NAMES.get(s, s)[:9]:>9}" for s in order
    )
    print(head)
    for area, per in sorted(by_area.items(), key=lambda kv: -sum(kv[1].values())):
        seconds = sum(per.values())
        cells = " ".join(
            f"{per.get(s, 0):9.2f}" if per.get(s) else f"{'':>9}" for s in order
        )
        print(f"  {area[:30]:<30} {seconds:6.2f} {seconds / total:6.1%}  {cells}")
    print("\n-- within each area, the code the CPU is in (innermost frame's module)")
    inner: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for area, code, seconds in sample["by_area_and_code"]:
        inner[area].append((code, seconds))
    for area, per in sorted(by_area.items(), key=lambda kv: -sum(kv[1].values())):
        codes = inner[area][:6]
        area_total = sum(per.values()) or 1
        print(
            f"  {area[:30]:<30} "
            + ", ".join(f"{c} {s:.2f} s ({s / area_total:.0%})" for c, s in codes)
        )
    collections = sample.get("collections") or []
    if collections:
        spent = sum(t for _, _, t, _ in collections)
        full = [(st, t, n) for st, g, t, n in collections if g == 2]
        print(
            f"\n-- garbage collector: {spent:.2f} s ({spent / total:.1%} of the CPU); "
            "full collections: "
            + (
                ", ".join(
                    f"{STAGE_NAMES.get(st, st)} {n} in {t:.2f} s" for st, t, n in full
                )
                or "none"
            )
        )
    for key, title in (("by_own", "own"), ("by_inclusive", "inclusive")):
        print(f"\n-- functions by {title} CPU time (sampler)")
        for name, seconds in sample[key][:25]:
            print(f"  {seconds:7.2f} s {seconds / total:6.1%}  {name}")


def _cprofiled(found: dict[str, Any]) -> None:
    print("\n-- cProfile, per stage (times inflated by profiling; calls are exact)")
    for stage in found.get("cprofile", []):
        if stage["seconds"] < 0.05:
            continue
        print(
            f"  {stage['stage']}: {stage['seconds']:.2f} s profiled ({stage['file']})"
        )
        for row in stage["by_own"][:12]:
            print(
                f"    {row['own']:7.2f} own {row['cumulative']:7.2f} cum "
                f"{row['calls']:>9,} calls  {row['function']}"
            )


def _memory(found: dict[str, Any]) -> None:
    print(
        "\n-- memory (tracemalloc in one process): traced peak within each stage, "
        "held at its end, RSS at its end (tracemalloc adds its own)"
    )
    rows = found.get("memory", [])
    for row in rows:
        print(
            f"  {STAGE_NAMES.get(row['stage'], row['stage']):<16} peak {row['peak_mb']:7.1f} MB"
            f"  held {row['held_mb']:7.1f} MB  RSS {row['rss_mb']:7.1f} MB"
        )
    biggest = [r for r in rows if "sites" in r]
    if biggest:
        last = biggest[-1]
        print(
            f"\n  held at the end of {last['stage']} ({last['held_mb']:.0f} MB), by file:"
        )
        for where, mb in last["files"]:
            print(f"    {mb:7.1f} MB  {where}")
        print("  by allocation site:")
        for site in last["sites"][:15]:
            print(
                f"    {site['mb']:7.1f} MB {site['blocks']:>9,} blocks  {site['site']}"
            )
