#!/usr/bin/env python3
"""Time `kpss render site` on the bundled example and the national-scale repository of
generate.py at scales 1, 2 and 4; prints a markdown table.

    python bench/bench_site.py [--scales 1 2 4] [--runs R]

Targets: the bundled example's site under 2 s; scale 1 (6,733 services, 800 measures) under
15 s, growing linearly with the scale (the ratio time/scale printed). Each run is a new process
(start-up, validation of the whole repository, every page, writing the folder), judged on the
best run. Run with the interpreter of the environment kpss is installed in (.venv/bin/python).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from common import bin_path, machine, repository, run_time, table

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "zidlochovicko"


def timed(args: list[str], runs: int, env: dict[str, str], out: Path) -> tuple[float, float]:
    """Median and best of ``runs`` runs, each into a fresh folder (the clock of common.run_time:
    KPSS_BENCH_CLOCK=cpu counts the CPU time of the command, for a busy machine)."""
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        times.append(run_time(args, env=env, expect=(0,)))
    return statistics.median(times), min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="*", default=[1, 2, 4])
    parser.add_argument("--runs", type=int, default=3)
    opts = parser.parse_args()
    kpss = bin_path("kpss")
    env = {**os.environ, "NO_COLOR": "1", "KPSS_TODAY": "2026-11-23"}
    work = Path(tempfile.mkdtemp(prefix="kpss-bench-site-"))
    print(machine())
    rows = []
    out = work / "example"
    median, best = timed([kpss, "render", "site", "--repo", str(EXAMPLE), "-o", str(out)], opts.runs, env, out)
    pages = sum(1 for _ in out.rglob("*.html"))
    rows.append(["example", str(pages), f"{median:.2f}", f"{best:.2f}", "–", "< 2 s: " + ("ok" if best < 2 else "MISSED")])
    base = None
    for scale in opts.scales:
        root = repository(scale)
        out = work / f"scale{scale}"
        median, best = timed([kpss, "render", "site", "--repo", str(root), "-o", str(out)], opts.runs, env, out)
        pages = sum(1 for _ in out.rglob("*.html"))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        base = base or best / scale
        verdict = ("< 15 s: " + ("ok" if best < 15 else "MISSED")) if scale == 1 else f"{best / scale / base:.2f}× linear"
        rows.append([f"scale {scale} ({size / 1e6:.0f} MB)", str(pages), f"{median:.2f}", f"{best:.2f}", f"{best / scale:.2f}", verdict])
    print(table(rows, ["repository", "pages", "median s", "best s", "best s / scale", "target"]))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
