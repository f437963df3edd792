"""Shared fixtures: run the CLI, copy the example repository, make real git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zidlochovicko"
TODAY = "2026-11-23"


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see a fixed date (kpss reads KPSS_TODAY) and no colour."""
    monkeypatch.setenv("KPSS_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("KPSS_CACHE", "off")  # no model cache in ~/.cache; tests/test_modelcache.py turns it on
    # The tests written before the Czech catalogue read the English texts; a test of the Czech
    # ones passes --lang cs (or sets KPSS_LANG itself).
    monkeypatch.setenv("KPSS_LANG", "en")
    from kpss_cli import i18n

    i18n.set_language("en")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _invoke(args: list[str], cwd: Path | None) -> Run:
    from typer.testing import CliRunner

    asks = {"--help", "-h"} | {a for a in args if a == "--lang" or a.startswith("--lang=")}
    if args and args[0] == "render" and not asks & set(args):
        # The messages of the tests are English (KPSS_LANG=en above); their documents stay Czech,
        # the language a council reads, unless the test asks for another.
        args = [*args, "--lang", "cs"]

    from kpss_cli.cli import app

    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(old)
    stderr = result.stderr if result.stderr_bytes is not None else ""
    return Run(result.exit_code, result.stdout, stderr)


@pytest.fixture
def run_kpss():
    """run_kpss(*args, cwd=None) -> Run(exit_code, stdout, stderr); the CLI in-process."""

    def run(*args: object, cwd: Path | None = None) -> Run:
        return _invoke([str(a) for a in args], cwd)

    return run


@pytest.fixture
def example_repo(tmp_path: Path) -> Path:
    """A fresh copy of the bundled example repository."""
    target = tmp_path / "repo"
    shutil.copytree(EXAMPLE, target)
    return target


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` with a fixed identity; return stdout."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd),
    }
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def git_repo(example_repo: Path) -> Path:
    """The example repository as a git repository with one commit on branch main."""
    git(example_repo, "init", "-q", "-b", "main")
    git(example_repo, "add", "-A")
    git(example_repo, "commit", "-q", "-m", "Initial plan repository")
    return example_repo


# Hypothesis profiles: a quick one by default (CI), a long one by hand:
#   HYPOTHESIS_PROFILE=long python3 dev.py test tests/test_fuzz.py
try:
    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
    )
    settings.register_profile(
        "long", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck)
    )
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pass
