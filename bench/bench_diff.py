#!/usr/bin/env python3
"""Time `kpss diff --rev HEAD~1..HEAD` against one `kpss validate` of the national-scale repository.

    python bench/bench_diff.py [--scale N] [--runs R]

The repository comes from ``bench/generate.py --git`` (cached in bench/out/): commit 1 is the
generated repository (scale 1: 3.9 MB of YAML, 6,733 services, four plans of 200 measures,
twelve evaluated action plans), commit 2 a realistic change set (20 indicator targets,
5 measure titles, 10 services deleted with their references, 5 added, 15 budgets, 10 results).
Target: the diff costs no more than one validate.

The commands run as a user runs them (a new process each, start-up included), interleaved run
by run so a machine that is busy for a while slows every command alike; the table shows the
median and the best of R runs. A second table times the library calls in this process
(no start-up), including the diff with whole-file parsing, to show what cutting files into
entries saves.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from common import ROOT, bin_path, machine, repo_bytes, repository, run_time, table

sys.path.insert(0, str(ROOT))


def timed_commands(repo: Path, runs: int) -> list[list[str]]:
    kpss = bin_path("kpss")
    commands = {
        "kpss validate": [kpss, "validate", "--repo", str(repo), "--quiet"],
        "kpss diff --rev HEAD~1..HEAD --format json": [
            kpss,
            "diff",
            "--rev",
            "HEAD~1..HEAD",
            "--repo",
            str(repo),
            "--format",
            "json",
        ],
        "kpss diff --rev HEAD~1..HEAD (text)": [
            kpss,
            "diff",
            "--rev",
            "HEAD~1..HEAD",
            "--repo",
            str(repo),
        ],
        "kpss diff --rev HEAD~1..HEAD --format markdown": [
            kpss,
            "diff",
            "--rev",
            "HEAD~1..HEAD",
            "--repo",
            str(repo),
            "--format",
            "markdown",
        ],
        "kpss diff (HEAD vs an unchanged working tree)": [kpss, "diff", "--repo", str(repo)],
        "kpss --version (start-up)": [kpss, "--version"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for args in commands.values():
        run_time(args, expect=(0, 1))  # warm the file cache and the git object store
    for _ in range(runs):
        for name, args in commands.items():
            times[name].append(run_time(args, expect=(0, 1)))
    base = statistics.median(times["kpss validate"])
    return [
        [name, f"{statistics.median(t):.3f}", f"{min(t):.3f}", f"{statistics.median(t) / base:.2f}"]
        for name, t in times.items()
    ]


def timed_library(repo: Path, runs: int) -> list[list[str]]:
    from kpss_cli import diff as lib
    from kpss_cli.diff import reduce
    from kpss_cli.validate import validate_repository

    def whole_files() -> None:
        saved = reduce.REDUCE_MIN_BYTES
        reduce.REDUCE_MIN_BYTES = 10**12
        try:
            lib.diff_revisions(repo, "HEAD~1..HEAD")
        finally:
            reduce.REDUCE_MIN_BYTES = saved

    calls: dict[str, Callable[[], object]] = {
        "validate_repository()": lambda: validate_repository(repo),
        "diff_revisions('HEAD~1..HEAD')": lambda: lib.diff_revisions(repo, "HEAD~1..HEAD"),
        "  the same, parsing whole files": whole_files,
        "  the same, then to_markdown()": lambda: lib.to_markdown(
            lib.diff_revisions(repo, "HEAD~1..HEAD")
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in calls}
    for call in calls.values():
        call()
    for _ in range(runs):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - started)
    base = statistics.median(times["validate_repository()"])
    return [
        [name, f"{statistics.median(t):.3f}", f"{min(t):.3f}", f"{statistics.median(t) / base:.2f}"]
        for name, t in times.items()
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="generator scale (1: national)")
    parser.add_argument("--runs", type=int, default=7, help="runs per command (default 7)")
    args = parser.parse_args()

    repo = repository(args.scale, git=True)
    from kpss_cli.diff import diff_revisions

    result = diff_revisions(repo, "HEAD~1..HEAD")
    counts = result.summary
    print(f"# kpss diff benchmark — {machine()}")
    print(
        f"repository: {repo} (scale {args.scale}, {repo_bytes(repo) / 1e6:.1f} MB of YAML, "
        f"{len(list(repo.rglob('*.yaml')))} files)"
    )
    print(
        f"diff HEAD~1..HEAD: {len(result.files)} files differ; {counts['changed']} changed, "
        f"{counts['added']} added, {counts['removed']} removed entities"
    )
    print()
    print(f"Commands (seconds, {args.runs} interleaved runs, start-up included):")
    print(table(timed_commands(repo, args.runs), ["command", "median s", "best s", "× validate"]))
    print()
    print(f"Library calls in one process (seconds, {args.runs} runs):")
    print(table(timed_library(repo, args.runs), ["call", "median s", "best s", "× validate"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
