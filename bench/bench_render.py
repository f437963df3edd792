#!/usr/bin/env python3
"""Time `kpss render` on the national-scale repository of generate.py; prints a markdown table.

    python bench/bench_render.py [--scale N] [--runs R] [--all]

The repository (scale 1: four plans of 200 measures, twelve evaluated action plans, 6,733
services) is generated once into bench/out/. The headline figure is the command a coordinator
runs, ``kpss render plan 2023-2025 -o plan.docx`` (a new process: start-up, validation of the
whole repository and rendering); target < 10 s at scale 1, judged on the best run. The library
split (validate, render, document size) is printed too. ``--all`` also times the action plan,
the report (matplotlib charts) and the catalogue (6,733 service cards).
Run with the interpreter of the environment kpss is installed in (e.g. .venv/bin/python).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import bin_path, machine, repository, table

TARGET_S = 10.0
PLAN = "2023-2025"


def timed(args: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """(median, best) seconds of a command run ``runs`` times; exits on a failure."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(
                f"{' '.join(args)} exited {done.returncode}: {done.stderr.decode()[:800]}"
            )
    return statistics.median(times), min(times)


def library_split(root: Path) -> tuple[float, float, int, int]:
    """(validate s, render s, bytes, pages of headings) of the plan, in this process."""
    from kpss_cli.render import render
    from kpss_cli.validate import require_valid, validate_repository

    start = time.perf_counter()
    validation = validate_repository(root, on=dt.date(2026, 11, 23))
    repo = require_valid(validation)
    validated = time.perf_counter()
    result = render("plan", repo, PLAN, on=dt.date(2026, 11, 23))
    rendered = time.perf_counter()
    return (
        validated - start,
        rendered - validated,
        len(result.content),
        len(repo.plans[PLAN].measures),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--all", action="store_true", help="also the action plan, report and catalogue"
    )
    opts = parser.parse_args()

    root = repository(opts.scale)
    size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
    print(f"{machine()}; repository: scale {opts.scale}, {size / 1e6:.1f} MB of YAML ({root})")
    kpss = bin_path("kpss")
    env = {**os.environ, "NO_COLOR": "1", "KPSS_TODAY": "2026-11-23"}
    out = Path(tempfile.mkdtemp(prefix="kpss-bench-render-"))
    jobs = [("plan " + PLAN, ["plan", PLAN])]
    if opts.all:
        jobs += [
            ("action-plan 2025", ["action-plan", "2025"]),
            ("report " + PLAN, ["report", PLAN]),
            ("catalogue", ["catalogue"]),
        ]
    rows = []
    headline = None
    for name, args in jobs:
        target = out / f"{args[0]}.docx"
        median, best = timed(
            [kpss, "render", *args, "-o", str(target), "--repo", str(root), "-q"], opts.runs, env
        )
        rows.append(
            [
                f"kpss render {name}",
                f"{median:.2f} s",
                f"{best:.2f} s",
                f"{target.stat().st_size / 1e6:.2f} MB",
            ]
        )
        if headline is None:
            headline = best
    print(table(rows, ["command (new process, validation included)", "median", "best", "DOCX"]))
    validate_s, render_s, nbytes, measures = library_split(root)
    print(
        f"\nlibrary, plan {PLAN} ({measures} measures): validate {validate_s:.2f} s, "
        f"render {render_s:.2f} s, {nbytes / 1e6:.2f} MB"
    )
    assert headline is not None
    verdict = "OK" if headline < TARGET_S else "OVER TARGET"
    print(f"\nkpss render plan: best {headline:.2f} s (target < {TARGET_S:.0f} s): {verdict}")
    return 0 if headline < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
