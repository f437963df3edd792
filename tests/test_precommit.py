"""The pre-commit hooks under the real pre-commit: the configuration snippet of docs/validate.md,
`pre-commit try-repo` and `pre-commit run` in real git repositories, with the hook environment
built from this checkout as pre-commit builds it for a town (pip install of the repository)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, git

pytestmark = pytest.mark.slow  # each builds a real hook environment (pip install of kpss)

# What pre-commit installs from the repository: the package as pyproject.toml builds it.
SHIPPED = ["kpss_cli", "schemas", "pyproject.toml", "hatch_build.py", "README.md", ".pre-commit-hooks.yaml"]


def pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("pre-commit is missing: it is in the [test] extra")
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    return [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This checkout's shipped files as a git repository with one commit: (path, commit id)."""
    repo = tmp_path_factory.mktemp("hooks") / "kpss"
    repo.mkdir()
    for name in SHIPPED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, repo / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "kpss")
    return repo, git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """One PRE_COMMIT_HOME for the module: the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def plan_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "plan"
    shutil.copytree(EXAMPLE, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan")
    return repo


def run(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
        "HOME": str(cwd),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def documented_config() -> str:
    text = (ROOT / "docs" / "validate.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- pre-commit-config:[^>]*-->\n```yaml\n(.*?)```", text, re.S)
    assert match, "docs/validate.md lost its checked pre-commit snippet"
    return match.group(1)


def test_the_documented_snippet_is_a_valid_config(plan_repo, tmp_path):
    config = plan_repo / ".pre-commit-config.yaml"
    config.write_text(documented_config(), encoding="utf-8")
    done = run([*pre_commit(), "validate-config", str(config)], plan_repo, tmp_path / "home")
    assert done.returncode == 0, done.stdout + done.stderr
    # The rev it shows is a tag or a full commit id, as the text under it says.
    rev = re.search(r"rev: (\S+)", documented_config()).group(1)
    assert re.fullmatch(r"v\d+\.\d+\.\d+|[0-9a-f]{40}", rev)


def test_try_repo_checks_a_deleted_catalogue(plan_repo, hook_repo, tmp_path):
    repo, _commit = hook_repo
    git(plan_repo, "rm", "-q", "services.yaml")
    done = run([*pre_commit(), "try-repo", str(repo), "kpss-validate"], plan_repo, tmp_path / "home")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Skipped" not in output
    assert "KP211" in output and "plans/2024-2027/plan.yaml" in output


def test_the_snippet_at_a_commit_blocks_a_commit_breaking_the_action_plans(plan_repo, hook_repo, store):
    repo, commit = hook_repo
    config = documented_config().replace("https://github.com/kpss/kpss", repo.as_uri())
    config = re.sub(r"rev: \S+", f"rev: {commit}", config)
    (plan_repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git(plan_repo, "add", ".pre-commit-config.yaml")
    git(plan_repo, "commit", "-q", "-m", "hooks")
    done = run([*pre_commit(), "install"], plan_repo, store)
    assert done.returncode == 0, done.stdout + done.stderr

    plan = plan_repo / "plans" / "2024-2027" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('      - id: "1.1"\n', '      - id: "1.9"\n'), encoding="utf-8")
    git(plan_repo, "add", "-A")
    done = run(["git", "commit", "-m", "renumber 1.1"], plan_repo, store)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output  # the hook refused the commit
    assert "KP214" in output
    for year in (2024, 2025, 2026):
        assert f"plans/2024-2027/action-plans/{year}.yaml" in output
    assert git(plan_repo, "log", "-1", "--format=%s").strip() == "hooks"

    # A commit of a README alone passes (nothing kpss reads changed).
    git(plan_repo, "checkout", "-q", "--", ".")
    git(plan_repo, "reset", "-q")
    git(plan_repo, "checkout", "-q", "--", ".")
    (plan_repo / "README.md").write_text("Komunitní plán\n", encoding="utf-8")
    git(plan_repo, "add", "README.md")
    done = run(["git", "commit", "-m", "readme"], plan_repo, store)
    assert done.returncode == 0, done.stdout + done.stderr
