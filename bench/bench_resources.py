#!/usr/bin/env python3
"""The resource figures kpss holds on big repositories (docs/security.md); prints a markdown table.

    python bench/bench_resources.py [--only measures|services] [--runs R]

A pull request can make a repository as big as the limits allow, so CI must stay fast and small
on the biggest repository a real territory has. The figures to hold (issue 12):

| repository (bench/generate.py)                 | command                    | time   | memory |
|------------------------------------------------|----------------------------|--------|--------|
| 9,600 measures (scale 12: 4 plans × 2,400)     | kpss validate              | ≤ 3 s  |        |
|                                                | kpss diff --rev HEAD~1     | ≤ 10 s |        |
|                                                | kpss render report         | ≤ 30 s |        |
| 52,000 services (scale 8: 53,864 services)     | kpss render catalogue      | ≤ 20 s | ≤ 1 GB |

Each command runs in a new process (start-up and validation included); the time is the best of
``--runs`` runs (the machine is shared and noisy), the memory the peak resident size of one run.
The issue asked for 10,000 measures; scale 12 (9,600) is the largest the generator makes without
a services.yaml over the 20 MB limit. The repositories are generated once into bench/out/. Run with the interpreter of the environment
kpss is installed in (e.g. .venv/bin/python). Exit status 1 when a figure is over its target.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import bin_path, machine, peak_memory_mb, repo_bytes, repository, table

# 4 plans × 200 × 12 = 9,600 measures: the largest scale whose services.yaml (20.5 MB) stays
# under the 20 MB limit of a file (scale 13 makes it 22 MB, and the repository invalid).
MEASURES_SCALE = 12
SERVICES_SCALE = 8  # 6,733 × 8 = 53,864 services
PLAN = "2023-2025"


def best_time(args: list[str], runs: int, cwd: Path, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(args)} exited {done.returncode}: {done.stderr.decode()[:800]}")
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("measures", "services"))
    parser.add_argument("--runs", type=int, default=3)
    opts = parser.parse_args()
    kpss = bin_path("kpss")
    env = {**os.environ, "NO_COLOR": "1", "KPSS_TODAY": "2026-11-23"}
    out = Path(tempfile.mkdtemp(prefix="kpss-bench-resources-"))
    jobs: list[tuple[str, Path, list[str], float, float | None]] = []
    if opts.only in (None, "measures"):
        root = repository(MEASURES_SCALE, git=True)
        jobs += [
            ("kpss validate", root, ["validate", "-q"], 3.0, None),
            ("kpss diff --rev HEAD~1", root, ["diff", "--rev", "HEAD~1", "--format", "markdown"], 10.0, None),
            ("kpss render report", root, ["render", "report", PLAN, "-o", str(out / "report.docx"), "-q"], 30.0, None),
        ]
    if opts.only in (None, "services"):
        root = repository(SERVICES_SCALE)
        jobs.append(
            ("kpss render catalogue", root, ["render", "catalogue", "-o", str(out / "catalogue.docx"), "-q"], 20.0, 1024.0)
        )
    print(machine())
    rows = []
    over = False
    for name, root, args, limit_s, limit_mb in jobs:
        seconds = best_time([kpss, *args], opts.runs, root, env)
        memory = peak_memory_mb([kpss, *args, "--repo", str(root)]) if limit_mb else None
        ok = seconds <= limit_s and (memory is None or limit_mb is None or memory <= limit_mb)
        over = over or not ok
        rows.append(
            [
                name,
                f"{repo_bytes(root) / 1e6:.0f} MB",
                f"{seconds:.2f} s",
                f"≤ {limit_s:.0f} s",
                f"{memory:.0f} MB" if memory is not None else "",
                f"≤ {limit_mb:.0f} MB" if limit_mb else "",
                "OK" if ok else "OVER TARGET",
            ]
        )
        print(rows[-1], flush=True)
    print(table(rows, ["command", "YAML", "best", "target", "peak memory", "target", "verdict"]))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
