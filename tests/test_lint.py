"""``ruff check`` is a gate: a finding in the sources, the tests, bench/ or tools/ fails the suite.

ruff is pinned in requirements/test.lock (the ``test`` extra), so every run checks with the same
rules. Outside CI a missing ruff skips the test; with ``CI`` set it fails (as the PDF tests do,
tests/pdftools.py). mypy is not a gate (README → Development).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ["kpss_cli", "tests", "bench", "tools"]


def test_ruff_check_finds_nothing() -> None:
    if importlib.util.find_spec("ruff") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run ruff: it is not installed (requirements/test.lock pins it)")
        pytest.skip("ruff is not installed (pip install ruff, or python3 dev.py test)")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *CHECKED],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, f"ruff check {' '.join(CHECKED)}:\n{done.stdout}{done.stderr}"
