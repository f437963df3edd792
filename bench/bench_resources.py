#!/usr/bin/env python3
"""The resource figures kpss holds on big repositories (docs/security.md); prints a markdown table.

    python bench/bench_resources.py [--only measures|services] [--runs R]

A pull request can make a repository as big as the limits allow, so CI must stay fast and small
on the biggest repository the 20 MB limit of a file lets through. The figures to hold (issue 12):

| repository (bench/generate.py)                            | command                | time   | memory |
|-----------------------------------------------------------|------------------------|--------|--------|
| 10,016 measures (--measures 10000: 4 plans × 2,504) with  | kpss validate          | ≤ 3 s  | ≤ 1 GB |
| the 1× catalogue (6,733 services), two commits (--git)    | kpss diff --rev HEAD~1 | ≤ 10 s | ≤ 1 GB |
|                                                           | kpss render report     | ≤ 30 s | ≤ 1 GB |
| 52,000 services (--services 52000 --no-network, 12.8 MB)  | kpss render catalogue  | ≤ 20 s | ≤ 1 GB |
| 40,000 services with network entries (20.3 MB)            | kpss render catalogue  | ≤ 20 s | ≤ 1 GB |

Each command runs in a new process (start-up and validation included); the time is the best of
``--runs`` runs (wall clock, or CPU time with KPSS_BENCH_CLOCK=cpu on a busy machine), the
memory the peak resident size of one more run. The catalogue of scale 8 (53,864 services) is
27 MB since services carry network entries, over the limit of a file, so kpss refuses it: the
52,000 services of the issue are written without network entries, and the biggest catalogue with
them that the limit allows is measured beside. The repositories are generated once into
bench/out/. Run with the interpreter of the environment kpss is installed in (e.g.
.venv/bin/python). Exit status 1 when a figure is over its target.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import bin_path, machine, peak_memory_mb, repo_bytes, repository, run_time, table

MEASURES = ("--measures", "10000")  # 4 plans × 8 priorities × 313 = 10,016 measures
SERVICES = ("--services", "52000", "--no-network")
SERVICES_NETWORK = ("--services", "40000")  # 20.3 MB: the most the 20 MB limit of a file allows
PLAN = "2023-2025"


def best_time(args: list[str], runs: int, cwd: Path) -> float:
    """The best of ``runs`` runs: wall clock, or CPU time with KPSS_BENCH_CLOCK=cpu (common.py)."""
    return min(run_time(args, cwd) for _ in range(runs))


def check_valid(kpss: str, root: Path) -> None:
    """A repository kpss refuses (a file over the limit) would time an error message."""
    done = subprocess.run([kpss, "validate", "--format", "json", "--repo", str(root)], capture_output=True, text=True)
    report = json.loads(done.stdout)
    if not report["valid"]:
        first = next(f for f in report["findings"] if f["severity"] == "error")
        raise SystemExit(f"{root} is not valid ({report['errors']} errors), first: {first['file']}: {first['message']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("measures", "services"))
    parser.add_argument("--runs", type=int, default=3)
    opts = parser.parse_args()
    kpss = bin_path("kpss")
    os.environ.update({"NO_COLOR": "1", "KPSS_TODAY": "2026-11-23"})
    out = Path(tempfile.mkdtemp(prefix="kpss-bench-resources-"))
    jobs: list[tuple[str, Path, list[str], float, float | None]] = []
    if opts.only in (None, "measures"):
        root = repository(1, git=True, shape=MEASURES)
        jobs += [
            ("kpss validate", root, ["validate", "-q"], 3.0, 1024.0),
            ("kpss diff --rev HEAD~1", root, ["diff", "--rev", "HEAD~1", "--format", "markdown"], 10.0, 1024.0),
            ("kpss render report", root, ["render", "report", PLAN, "-o", str(out / "report.docx"), "-q"], 30.0, 1024.0),
        ]
    if opts.only in (None, "services"):
        for shape in (SERVICES, SERVICES_NETWORK):
            root = repository(1, shape=shape)
            jobs.append(
                ("kpss render catalogue", root, ["render", "catalogue", "-o", str(out / "catalogue.docx"), "-q"], 20.0, 1024.0)
            )
    for root in dict.fromkeys(job[1] for job in jobs):
        check_valid(kpss, root)
    print(machine())
    rows = []
    over = False
    for name, root, args, limit_s, limit_mb in jobs:
        seconds = best_time([kpss, *args], opts.runs, root)
        memory = peak_memory_mb([kpss, *args, "--repo", str(root)])
        ok = seconds <= limit_s and (memory is None or limit_mb is None or memory <= limit_mb)
        over = over or not ok
        rows.append(
            [
                name,
                root.name,
                f"{repo_bytes(root) / 1e6:.0f} MB",
                f"{seconds:.2f} s",
                f"≤ {limit_s:.0f} s",
                f"{memory:.0f} MB" if memory is not None else "",
                f"≤ {limit_mb:.0f} MB" if limit_mb else "",
                "OK" if ok else "OVER TARGET",
            ]
        )
        print(rows[-1], flush=True)
    print(table(rows, ["command", "repository", "YAML", "best", "target", "peak memory", "target", "verdict"]))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
