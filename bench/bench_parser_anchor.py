#!/usr/bin/env python3
"""`kpss validate` against the parser itself: libyaml's bare event stream over the same bytes.

    python bench/bench_parser_anchor.py [--scale 1] [--runs 5]

The reference is a fresh process that reads every YAML file of the repository and iterates
`yaml.parse(data, Loader=CSafeLoader)` to the end, doing nothing with the events: no
construction, no positions, no schema, no rules. Target (issue 11): kpss validate of the 1×
national-scale repository within 3× that. Both are measured side by side in one run.
Run with the interpreter of kpss's environment.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from common import bin_path, machine, median_time, repo_bytes, repository, table

BARE_EVENTS = """\
import sys
from pathlib import Path
import yaml
root = Path(sys.argv[1])
for path in sorted(root.rglob("*.yaml")):
    for _ in yaml.parse(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader):
        pass
"""


def anchor(repo: Path, runs: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bare_events.py"
        script.write_text(BARE_EVENTS)
        return median_time([sys.executable, str(script), str(repo)], runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    repo = repository(args.scale)
    kpss = bin_path("kpss")
    bare = anchor(repo, args.runs)
    ours = median_time([kpss, "validate", "--repo", str(repo), "-q"], args.runs)
    print(f"Machine: {machine()}\n")
    print(table(
        [[f"validate {args.scale}× ({repo_bytes(repo) / 1e6:.1f} MB)", f"{ours:.2f} s",
          f"{bare:.2f} s (bare libyaml events)", f"{ours / bare:.2f}×", "3×"]],
        ["command", "median", "reference", "ratio", "target"],
    ))
    return 0


if __name__ == "__main__":
    sys.exit(main())
