#!/usr/bin/env python3
"""Run kpss or its tests in a private virtual environment, created on first use.

    python3 dev.py kpss validate --repo examples/zidlochovicko   # the tool on the example
    python3 dev.py test                                          # the test suite (pytest args may follow)
    python3 dev.py test --latest                                 # the same against the newest releases
    python3 dev.py lock                                          # re-pin requirements/test.lock

On Windows use `py dev.py …`. Works where the system Python refuses a global `pip install`
(PEP 668): everything goes into .venv/ beside this file.

`test` and `kpss` install the exact versions of requirements/test.lock (the ones the suite was
last green with), then the project itself as a user would (`pip install .`), again whenever its
sources or the lock change. `test --latest` uses a second environment, .venv-latest/, upgraded to
the newest releases that pyproject.toml allows on every run: it finds a drift (a new release
that breaks kpss) before a user does. `lock` re-resolves the lock with uv after a dependency
changed in pyproject.toml (for every platform and Python >= 3.10).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LOCK = ROOT / "requirements" / "test.lock"
WINDOWS = os.name == "nt"


class Env:
    """One virtual environment: where it is and how to reach its programs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.bin = folder / ("Scripts" if WINDOWS else "bin")
        self.python = self.bin / ("python.exe" if WINDOWS else "python")
        self.stamp = folder / ".kpss-install-stamp"

    def program(self, name: str) -> str:
        return str(self.bin / (f"{name}.exe" if WINDOWS else name))

    def create(self) -> bool:
        """Create the environment if it is missing; True when it was made now."""
        if self.python.exists():
            return False
        print(f"dev.py: creating the virtual environment {self.folder} …", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(self.folder)
        return True

    def pip(self, *args: str) -> None:
        quiet = [] if os.environ.get("KPSS_VERBOSE_INSTALL") else ["-q"]
        subprocess.run([str(self.python), "-m", "pip", *args[:1], *quiet, "--disable-pip-version-check", *args[1:]],
                       check=True)


PINNED = Env(Path(os.environ.get("KPSS_VENV", ROOT / ".venv")))
LATEST = Env(Path(os.environ.get("KPSS_VENV_LATEST", ROOT / ".venv-latest")))


def sources_hash() -> str:
    digest = hashlib.sha256()
    for folder in ("kpss_cli", "schemas"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    for name in ("pyproject.toml", "README.md"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def check_python() -> None:
    if sys.version_info < (3, 10):
        sys.exit(f"kpss needs Python 3.10 or newer; this is {sys.version.split()[0]}")


def ensure_pinned() -> Env:
    """The environment with the lock's exact versions and the current sources installed."""
    env = PINNED
    env.create()
    lock_hash = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    wanted = f"{lock_hash} {sources_hash()}"
    had = env.stamp.read_text().split() if env.stamp.exists() else []
    if had == wanted.split():
        return env
    if not had or had[0] != lock_hash:
        print("dev.py: installing the pinned versions of requirements/test.lock …", file=sys.stderr)
        # --no-deps: the lock is complete; pip must not resolve anything beyond it.
        env.pip("install", "--no-deps", "-r", str(LOCK))
    print("dev.py: installing kpss from the sources …", file=sys.stderr)
    env.pip("install", "--force-reinstall", "--no-deps", str(ROOT))
    env.stamp.write_text(wanted)
    return env


def ensure_latest() -> Env:
    """The environment upgraded to the newest releases pyproject.toml allows, on every call."""
    env = LATEST
    env.create()
    print("dev.py: upgrading .venv-latest to the newest releases …", file=sys.stderr)
    env.pip("install", "--upgrade", "pip")
    env.pip("install", "--upgrade", "--upgrade-strategy", "eager", f"{ROOT}[test]")
    env.pip("install", "--force-reinstall", "--no-deps", str(ROOT))
    subprocess.run([str(env.python), "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
                   check=False, stdout=sys.stderr)
    return env


def lock() -> int:
    """Re-pin requirements/test.lock with uv, for every platform and Python >= 3.10."""
    env = ensure_pinned()
    uv = env.program("uv")
    if not Path(uv).exists():
        env.pip("install", "uv>=0.5")
    LOCK.parent.mkdir(exist_ok=True)
    return subprocess.call([
        uv, "pip", "compile", str(ROOT / "pyproject.toml"), "--extra", "test", "--universal",
        "--python-version", "3.10", "--no-header", "--quiet", "-o", str(LOCK),
    ], cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    check_python()
    command, rest = argv[0], argv[1:]
    if command == "test":
        env = ensure_latest() if "--latest" in rest else ensure_pinned()
        rest = [arg for arg in rest if arg != "--latest"]
        # Run from tests/ so the installed package, not the source folder, is imported.
        code = subprocess.call([str(env.python), "-m", "pytest", "-q", *rest], cwd=ROOT / "tests")
        return code
    if command == "kpss":
        return subprocess.call([ensure_pinned().program("kpss"), *rest])
    if command == "lock":
        return lock()
    print(f"dev.py: unknown command {command!r}; use `kpss …`, `test [--latest]` or `lock`", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
