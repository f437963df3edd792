#!/usr/bin/env python3
"""Run kpss or its tests in a private virtual environment, created on first use.

    python3 dev.py kpss validate --repo examples/zidlochovicko   # the tool on the example
    python3 dev.py test                                          # the test suite (pytest args may follow)

On Windows use `py dev.py …`. Works where the system Python refuses a global `pip install`
(PEP 668): everything goes into .venv/ beside this file. The project is (re)installed into it
whenever its sources change, exactly as a user would install it (`pip install .`).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("KPSS_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".kpss-install-stamp"


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


def ensure_installed() -> None:
    if sys.version_info < (3, 10):
        sys.exit(f"kpss needs Python 3.10 or newer; this is {sys.version.split()[0]}")
    fresh = not PYTHON.exists()
    if fresh:
        print(f"dev.py: creating the virtual environment {VENV} …", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = sources_hash()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    quiet = [] if os.environ.get("KPSS_VERBOSE_INSTALL") else ["-q"]
    pip = [str(PYTHON), "-m", "pip", "install", *quiet, "--disable-pip-version-check"]
    if fresh or not STAMP.exists():
        print("dev.py: installing kpss and its test tools into it …", file=sys.stderr)
        subprocess.run([*pip, f"{ROOT}[test]"], check=True)
    else:
        print("dev.py: the sources changed; reinstalling kpss …", file=sys.stderr)
        subprocess.run([*pip, "--force-reinstall", "--no-deps", str(ROOT)], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    ensure_installed()
    command, rest = argv[0], argv[1:]
    if command == "test":
        # Run from tests/ so the installed package, not the source folder, is imported.
        return subprocess.call([str(PYTHON), "-m", "pytest", "-q", *rest], cwd=ROOT / "tests")
    if command == "kpss":
        return subprocess.call([str(BIN / ("kpss.exe" if os.name == "nt" else "kpss")), *rest])
    print(f"dev.py: unknown command {command!r}; use `kpss …` or `test`", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
