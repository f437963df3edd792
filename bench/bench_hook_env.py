"""The pre-commit hook's environment: how big it is and how long pre-commit takes to build it.

    python3 dev.py test --co -q >/dev/null   # once, so .venv has pre-commit
    .venv/bin/python bench/bench_hook_env.py

Copies the files pip installs from this checkout into a temporary git repository, points a
plan repository's .pre-commit-config.yaml at it (the documented snippet with a local URL and the
commit id) and runs `pre-commit install-hooks` with an empty PRE_COMMIT_HOME: the same build a
town's first commit triggers. Prints the build time (wall clock and the CPU time of pre-commit,
virtualenv and pip together), the load average around it (the figure means little on a busy
machine) and the size of the environment. The build downloads from the package index (pip's
cache helps, as it does on a coordinator's computer).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ["kpss_cli", "schemas", "pyproject.toml", "hatch_build.py", "README.md", ".pre-commit-hooks.yaml"]


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        hooks = base / "kpss"
        hooks.mkdir()
        for name in SHIPPED:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, hooks / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(src, hooks / name)
        git(hooks, "init", "-q")
        git(hooks, "add", "-A")
        git(hooks, "commit", "-q", "-m", "kpss")
        commit = git(hooks, "rev-parse", "HEAD").strip()
        plan = base / "plan"
        shutil.copytree(ROOT / "examples" / "zidlochovicko", plan)
        (plan / ".pre-commit-config.yaml").write_text(
            f"repos:\n  - repo: {hooks.as_uri()}\n    rev: {commit}\n    hooks:\n      - id: kpss-validate\n",
            encoding="utf-8",
        )
        git(plan, "init", "-q")
        git(plan, "add", "-A")
        home = base / "home"
        env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
        load_before = os.getloadavg()[0]
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pre_commit", "install-hooks"], cwd=plan, env=env, check=True)
        built = time.perf_counter() - start
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
        load_after = os.getloadavg()[0]
        envs = [p for p in home.glob("repo*/py_env-*") if p.is_dir()]
        total = sum(size(p) for p in envs)
        site = [p for e in envs for p in e.glob("lib/python*/site-packages/*") if p.is_dir()]
        biggest = sorted(((size(p), p.name) for p in site), reverse=True)[:8]
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=plan, env=env, check=True,
                       capture_output=True)
        ran = time.perf_counter() - start
    print(f"hook environment: {total / 1e6:.1f} MB, built in {built:.1f} s ({cpu:.1f} s CPU; load average "
          f"{load_before:.2f} before, {load_after:.2f} after); first run --all-files {ran:.1f} s")
    for nbytes, name in biggest:
        print(f"  {nbytes / 1e6:6.1f} MB  {name}")


if __name__ == "__main__":
    main()
