#!/usr/bin/env python3
"""Time `kpss report network` and `kpss report grants` on the national-scale repository.

    python bench/bench_network.py [--scale N] [--runs R] [--keep DIR]

Generates the repository of generate.py (scale 1: 6,733 services, every registered one with
network entries for 2022–2025, a third of them in both levels) and adds a grant programme
``grants/2025.yaml`` of 2,000 applications; then runs the installed ``kpss`` as a user would (a
new process each time, start-up included) and prints per command the figures of R cold runs and
of R warm runs: the median and best wall time and the median and best CPU time (user + system,
the forked child of the fast path included). A cold run starts with an empty model cache (it reads
and validates the repository, as the first report on a fresh clone does); a warm run finds the
model of the same files in the cache (docs/network.md, "Speed"). Target: under 1 s each at scale
1, cold and warm, judged on the best run: its wall time, or with ``KPSS_BENCH_CLOCK=cpu`` its
CPU time (on a machine shared with other work the wall time says more about the neighbours than
about kpss). ``--only TEXT`` times only the commands whose name holds TEXT.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import CLOCK, wall_and_cpu  # noqa: E402
from generate import generate  # noqa: E402

TARGET_S = 1.0
APPLICATIONS = 2000


def kpss_executable() -> list[str]:
    beside = Path(sys.executable).with_name("kpss")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "kpss_cli"]


def write_grants(root: Path, count: int) -> None:
    """grants/2025.yaml: ``count`` applications of services in the 2025 network, amounts in haléře."""
    import re

    text = (root / "services.yaml").read_text(encoding="utf-8")
    ids = re.findall(r'(?m)^- id: "(\d{7})"\n(?:  .*\n)*?  - \{year: 2025, level: kraj', text)
    rng = random.Random("kpss-bench-grants")
    lines = [
        "programme: Dotační program kraje pro sociální služby",
        "year: 2025",
        "budget: 9000000000",
        "applications:",
    ]
    for i in range(count):
        requested = rng.randrange(10_000_00, 3_000_000_00)
        lines += [
            f'- id: "2025-{i + 1:04d}"',
            f'  service: "{ids[i % len(ids)]}"',
            f"  requested: {requested / 100:.2f}",
        ]
        if rng.random() < 0.9:
            granted = requested * rng.randrange(50, 101) // 100
            lines.append(f"  granted: {granted // 100}.{granted % 100:02d}")
            if rng.random() < 0.7:
                lines.append(f"  paid: {granted // 100}.{granted % 100:02d}")
    (root / "grants").mkdir(exist_ok=True)
    (root / "grants" / "2025.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def time_command(args: list[str], cwd: Path, runs: int, env: dict[str, str], cold: Callable[[], None] | None) -> Figures:
    """R runs of a command; ``cold`` (emptying the cache) is called before each run when given."""
    seen = []
    for _ in range(runs):
        if cold is not None:
            cold()
        seen.append(wall_and_cpu(args, cwd, (0,), env))
    walls = [w for w, _ in seen]
    cpus = [c for _, c in seen]
    return Figures(statistics.median(walls), min(walls), statistics.median(cpus), min(cpus))


@dataclass
class Figures:
    """Wall and CPU time of R runs of one command, in seconds."""

    median_wall: float
    best_wall: float
    median_cpu: float
    best_cpu: float

    @property
    def judged(self) -> float:
        """The figure the target is judged on: the best run, by the bench's clock."""
        return self.best_cpu if CLOCK == "cpu" else self.best_wall

    def cells(self) -> str:
        return f"{self.median_wall:>7.2f}s {self.best_wall:>7.2f}s {self.median_cpu:>7.2f}s {self.best_cpu:>7.2f}s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--only", action="append", default=[], help="time only the commands whose name holds this")
    opts = parser.parse_args()

    root = opts.keep or Path(tempfile.mkdtemp(prefix="kpss-bench-network-"))
    if opts.keep and root.exists():
        shutil.rmtree(root)
    try:
        generate(root, scale=opts.scale)
        write_grants(root, APPLICATIONS * opts.scale)
        size = (root / "services.yaml").stat().st_size
        print(
            f"repository: scale {opts.scale}, services.yaml {size / 1e6:.1f} MB, grants/2025.yaml {APPLICATIONS * opts.scale} applications"
        )
        # A cache of its own: emptied before each cold run (the run reads and checks the
        # repository), filled once before the warm runs (they take the model from it).
        env = {**os.environ, "NO_COLOR": "1", "KPSS_CACHE": "on", "KPSS_CACHE_DIR": str(root / ".bench-cache")}
        kpss = kpss_executable()
        commands = [
            ("report network 2025", ["report", "network", "2025"]),
            ("report network 2025 --level obec", ["report", "network", "2025", "--level", "obec"]),
            ("report network 2025 -f json", ["report", "network", "2025", "--format", "json"]),
            ("report grants 2025", ["report", "grants", "2025"]),
            ("report grants 2025 -f json", ["report", "grants", "2025", "--format", "json"]),
        ]
        # References measured the same way: what the same machine gives, at the same moment, for
        # a report that meets its 1 s target and for reading every file.
        references = [
            ("(reference) report fulfilment", ["report", "fulfilment"]),
            ("(reference) validate", ["validate"]),
        ]
        cache = root / ".bench-cache"

        def empty_cache() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        def chosen(name: str) -> bool:
            return not opts.only or any(text in name for text in opts.only)

        runs = f"{opts.runs} run{'s' if opts.runs != 1 else ''} each"
        print(f"{runs}; {'CPU time (user + system, children included)' if CLOCK == 'cpu' else 'wall clock'} judged")
        cells = f"{'median':>8} {'best':>8} {'cpu med':>8} {'cpu best':>8}"
        print(f"{'':<36} {'cold (empty cache)':<35}   {'warm (model from the cache)':<35}")
        print(f"{'command':<36} {cells}   {cells}  target")
        failed = False
        for name, args in commands:
            if not chosen(name):
                continue
            argv = [*kpss, *args, "--repo", str(root)]
            cold = time_command(argv, root, opts.runs, env, empty_cache)
            empty_cache()
            wall_and_cpu(argv, root, (0,), env)  # fills the cache for the warm runs
            warm = time_command(argv, root, opts.runs, env, None)
            over = [label for label, figures in (("cold", cold), ("warm", warm)) if figures.judged > TARGET_S]
            failed |= bool(over)
            verdict = "ok" if not over else " and ".join(over) + " OVER"
            print(f"{name:<36} {cold.cells()}   {warm.cells()}  {verdict} (≤ {TARGET_S:.0f} s)")
        for name, args in references:
            if not chosen(name):
                continue
            figures = time_command([*kpss, *args, "--repo", str(root)], root, opts.runs, env, None)
            print(f"{name:<36} {figures.cells()}   (reads no model from the cache)")
        return 1 if failed else 0
    finally:
        if not opts.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
