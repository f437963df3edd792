#!/usr/bin/env python3
"""The issue-7 table: every command at scales 1×, 2×, 4× of the national-scale repository.

    python bench/run_all.py [--scales 1 2 4] [--runs 3]

For each command: the median of several runs (a new process each, start-up included), its
reference and the ratio to it, and the growth against the 1× time. Targets (issue 7):
validate ≤ 0.5× check-jsonschema on the same files and schemas; diff --rev ≤ 1× validate;
report fulfilment ≤ 1 s; render of the plan < 10 s (200 measures at 1×); growth ≤ 4.5× at 4×;
validate peak memory at 1× < 300 MB. Issue 11: validate within 3× libyaml's bare event stream
over the same files (a fresh process each); render growth 1× → 4× ≤ 4.2× (linear).
Run with the interpreter of kpss's environment.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench_parser_anchor import anchor as bare_events
from bench_validate import MINIMAL_TYPER, reference_check_jsonschema
from common import bin_path, machine, median_time, peak_memory_mb, repo_bytes, repository, table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    kpss = bin_path("kpss")
    results: dict[str, dict[int, float]] = {}
    references: dict[str, dict[int, tuple[float, str]]] = {}
    sizes = {}
    for scale in args.scales:
        repo = repository(scale, git=True)
        sizes[scale] = repo_bytes(repo) / 1e6
        validate = median_time([kpss, "validate", "--repo", str(repo), "-q"], args.runs)
        diff = median_time([kpss, "diff", "--rev", "HEAD~1..HEAD", "--repo", str(repo), "-f", "json"], args.runs)
        report = median_time([kpss, "report", "fulfilment", "--repo", str(repo), "-f", "json"], args.runs)
        plan_id = sorted(p.name for p in (repo / "plans").iterdir())[-1]
        with tempfile.TemporaryDirectory() as tmp:
            render = median_time(
                [kpss, "render", "plan", plan_id, "--repo", str(repo), "-o", str(Path(tmp) / "plan.docx"), "-q"],
                args.runs,
            )
        checkjs = reference_check_jsonschema(repo, 1 if scale > 1 else args.runs)
        for name, value in (("validate", validate), ("diff --rev", diff), ("report fulfilment", report), ("render plan", render)):
            results.setdefault(name, {})[scale] = value
        references.setdefault("validate", {})[scale] = (checkjs, "check-jsonschema")
        results.setdefault("validate vs parser", {})[scale] = validate
        references.setdefault("validate vs parser", {})[scale] = (bare_events(repo, args.runs), "bare libyaml events")
        references.setdefault("diff --rev", {})[scale] = (validate, "validate")
        references.setdefault("report fulfilment", {})[scale] = (1.0, "1 s target")
        references.setdefault("render plan", {})[scale] = (10.0, "10 s target")
    rows = []
    first = args.scales[0]
    for name, by_scale in results.items():
        for scale, value in by_scale.items():
            ref, ref_name = references[name][scale]
            rows.append([
                f"{name} {scale}× ({sizes[scale]:.1f} MB)", f"{value:.2f} s", f"{ref:.2f} s ({ref_name})",
                f"{value / ref:.2f}×", f"{value / by_scale[first]:.2f}×",
            ])
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / "minimal.py"
        app.write_text(MINIMAL_TYPER)
        for flag in ("--version", "--help"):
            ours = median_time([kpss, flag], args.runs * 3)
            ref = median_time([sys.executable, str(app), flag], args.runs * 3)
            rows.append([f"kpss {flag}", f"{ours * 1000:.0f} ms", f"{ref * 1000:.0f} ms (minimal typer app)", f"{ours / ref:.2f}×", ""])
    repo = repository(first, git=True)
    one = median_time([kpss, "validate", "--repo", str(repo), "-q", str(repo / "groups.yaml")], args.runs)
    plan_file = sorted(repo.glob("plans/*/action-plans/*.yaml"))[-1]
    one_ap = median_time([kpss, "validate", "--repo", str(repo), "-q", str(plan_file)], args.runs)
    full = results["validate"][first]
    rows.append(["validate groups.yaml only (pre-commit)", f"{one:.2f} s", f"{full:.2f} s (full validate)", f"{one / full:.2f}×", ""])
    rows.append(["validate one action plan (pre-commit)", f"{one_ap:.2f} s", f"{full:.2f} s (full validate)", f"{one_ap / full:.2f}×", ""])
    memory = peak_memory_mb([kpss, "validate", "--repo", str(repo), "-q"])
    rows.append([f"validate {first}× peak memory", f"{memory:.0f} MB", "300 MB (target)", f"{memory / 300:.2f}×", ""])
    print(f"Machine: {machine()}\n")
    print(table(rows, ["command", "median", "reference", "ratio", "growth vs 1×"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
