"""Real third-party tools from npm (installed by .ci/run from .ci/npm-packages.txt).

A test that needs one is skipped only on a developer's machine without it; with CI set, a
missing tool fails the test (CI must have it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def npm_prefix() -> Path:
    return Path(os.environ.get("KPSS_NPM_PREFIX") or Path.home() / ".cache" / "kpss-npm")


def require(relpath: str) -> Path:
    """The file ``relpath`` under the npm prefix (e.g. node_modules/.bin/x), or skip / fail."""
    path = npm_prefix() / relpath
    if path.exists() and shutil.which("node"):
        return path
    message = f"{path} is missing: npm install --prefix {npm_prefix()} (see .ci/npm-packages.txt)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_executable(relpath: str) -> Path:
    """As require(), and executable (npm may skip a package's chmod install script)."""
    path = require(relpath)
    if not os.access(path, os.X_OK):
        path.chmod(path.stat().st_mode | 0o100)
    return path
