#!/usr/bin/env python3
"""Benchmark `kpss validate` and start-up; prints a markdown table.

    python bench/bench_validate.py [--scales 1 2 4] [--runs 5]

References: check-jsonschema validating the same files against the same schemas (it does less:
no cross-file rules, no positions), and a minimal typer app with two commands for start-up.
Run with the interpreter of the environment kpss is installed in (e.g. .venv/bin/python).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, bin_path, machine, median_time, peak_memory_mb, repo_bytes, repository, table

MINIMAL_TYPER = '''
import typer
app = typer.Typer()
@app.command()
def hello(name: str) -> None:
    """Say hello."""
    print(name)
@app.command()
def bye() -> None:
    """Say bye."""
def _version(value: bool) -> None:
    if value:
        print("0")
        raise typer.Exit()
@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True)) -> None:
    """A minimal app."""
app()
'''


def check_jsonschema_args(repo: Path) -> list[list[str]]:
    """One check-jsonschema call per schema, with the files that schema checks."""
    schemas = ROOT / "schemas"
    groups = {
        "manifest": [repo / "kpss.yaml"],
        "services": [repo / "services.yaml"],
        "groups": [repo / "groups.yaml"],
        "plan": sorted(repo.glob("plans/*/plan.yaml")),
        "action-plan": sorted(repo.glob("plans/*/action-plans/*.yaml")),
    }
    tool = bin_path("check-jsonschema")
    return [
        [tool, "--schemafile", str(schemas / f"{name}.schema.json"), *map(str, files)]
        for name, files in groups.items()
        if files
    ]


def reference_check_jsonschema(repo: Path, runs: int) -> float:
    """Median time of check-jsonschema validating the repository's files (one call per schema)."""
    calls = check_jsonschema_args(repo)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for call in calls:
            subprocess.run(call, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    kpss = bin_path("kpss")
    rows = []
    base: dict[str, float] = {}
    for scale in args.scales:
        repo = repository(scale)
        size = repo_bytes(repo) / 1e6
        ours = median_time([kpss, "validate", "--repo", str(repo), "--quiet"], args.runs)
        try:
            ref = reference_check_jsonschema(repo, max(1, args.runs // 2))
        except SystemExit:
            ref = float("nan")
        base.setdefault("validate", ours)
        rows.append([
            f"validate {scale}× ({size:.1f} MB)", f"{ours:.2f} s", f"{ref:.2f} s (check-jsonschema)",
            f"{ours / ref:.2f}×", f"{ours / base['validate']:.2f}× of 1×",
        ])
    # The pre-commit case: one changed file reported in the 1× repository.
    repo = repository(args.scales[0])
    one = median_time([kpss, "validate", "--repo", str(repo), "--quiet", str(repo / "groups.yaml")], args.runs)
    rows.append(["validate one file (pre-commit)", f"{one:.2f} s", "", "", ""])
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / "minimal.py"
        app.write_text(MINIMAL_TYPER)
        for flag in ("--version", "--help"):
            ours = median_time([kpss, flag], args.runs * 2)
            ref = median_time([sys.executable, str(app), flag], args.runs * 2)
            rows.append([f"kpss {flag}", f"{ours * 1000:.0f} ms", f"{ref * 1000:.0f} ms (minimal typer app)", f"{ours / ref:.2f}×", ""])
    memory = peak_memory_mb([kpss, "validate", "--repo", str(repository(args.scales[0])), "--quiet"])
    rows.append([f"validate {args.scales[0]}× peak memory", f"{memory:.0f} MB", "300 MB (target)", f"{memory / 300:.2f}×", ""])
    print(f"Machine: {machine()}\n")
    print(table(rows, ["measure", "kpss", "reference", "ratio", "growth"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
