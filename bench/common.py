"""Shared helpers of the benchmark scripts: timing commands, generating repositories, printing tables."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))


def bin_path(name: str) -> str:
    """A console script of the running interpreter's environment (the venv's kpss)."""
    folder = Path(sys.executable).parent
    candidate = folder / (name + (".exe" if os.name == "nt" else ""))
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed in this environment")
    return found


def repository(scale: int, git: bool = False, shape: tuple[str, ...] = ()) -> Path:
    """The national-scale repository at a scale, generated once into bench/out/.

    ``shape``: more options of generate.py (``("--services", "52000", "--no-network")``)."""
    named = "".join(part.lstrip("-").replace("no-", "no") for part in shape)
    target = OUT / f"national-{scale}x{'-' + named if named else ''}{'-git' if git else ''}"
    marker = target / ".generated"
    if not marker.exists():
        if target.exists():
            shutil.rmtree(target)
        args = [sys.executable, str(BENCH / "generate.py"), str(target), "--scale", str(scale), *shape]
        if git:
            args.append("--git")
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        marker.write_text("ok")
    return target


# KPSS_BENCH_CLOCK=cpu measures the CPU time (user + system) of the command instead of the wall
# clock: on a busy machine (other jobs on the two cores) the wall clock says more about the
# neighbours than about kpss, while CPU time stays within a few per cent. Linux/macOS only.
CLOCK = os.environ.get("KPSS_BENCH_CLOCK", "wall")


def wall_and_cpu(
    args: list[str], cwd: Path | None = None, expect: tuple[int, ...] = (0, 1), env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Run one command: (wall clock, CPU time of user + system) in seconds; an exit status outside
    ``expect`` stops the bench with the command's error output."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if done.returncode not in expect:
        shown = " ".join(args[:4]) + (" …" if len(args) > 4 else "")
        raise SystemExit(f"{shown} exited {done.returncode}: {done.stderr.decode('utf-8', 'replace')[:800]}")
    return wall, cpu


def run_time(
    args: list[str], cwd: Path | None = None, expect: tuple[int, ...] = (0, 1), env: dict[str, str] | None = None
) -> float:
    """One run of a command timed by the bench's clock (KPSS_BENCH_CLOCK)."""
    wall, cpu = wall_and_cpu(args, cwd, expect, env)
    return cpu if CLOCK == "cpu" else wall


def median_time(args: list[str], runs: int = 5, cwd: Path | None = None, expect: tuple[int, ...] = (0, 1)) -> float:
    run_time(args, cwd, expect)  # warm the file cache
    return statistics.median(run_time(args, cwd, expect) for _ in range(runs))


def peak_memory_mb(args: list[str]) -> float:
    """Peak resident memory of one command in MB (Linux/macOS), measured in a fresh parent process.

    RUSAGE_CHILDREN of this process would be the maximum over every command run so far.
    """
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True)
    peak = int(done.stdout.strip())
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def machine() -> str:
    cpus = os.cpu_count()
    clock = "CPU time (user + system)" if CLOCK == "cpu" else "wall clock"
    return f"{platform.system()} {platform.machine()}, {cpus} cores, Python {platform.python_version()}; {clock}"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    return "\n".join([line, rule, *body])


def repo_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*.yaml") if ".git" not in p.parts)
