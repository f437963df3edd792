"""``kpss rollover --commit`` in real git repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import git

NEW = "plans/2024-2027/action-plans/2027.yaml"


@pytest.fixture(autouse=True)
def _identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """kpss runs git in-process: give it a fixed identity and no user configuration."""
    for name, value in {
        "GIT_AUTHOR_NAME": "Koordinátorka",
        "GIT_AUTHOR_EMAIL": "kpss@example.org",
        "GIT_COMMITTER_NAME": "Koordinátorka",
        "GIT_COMMITTER_EMAIL": "kpss@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def test_commit_holds_just_the_new_file(run_kpss, git_repo: Path) -> None:
    services = git_repo / "services.yaml"
    services.write_text(services.read_text(encoding="utf-8") + "# rozpracováno\n", encoding="utf-8")
    result = run_kpss("rollover", "2027", "--commit", "--repo", git_repo)
    assert result.exit_code == 0, result.output
    sha = head(git_repo)
    assert f"Committed as {sha[:12]}." in result.stdout
    assert (
        git(git_repo, "log", "-1", "--format=%s").strip() == "Akční plán 2027: převzato z roku 2026"
    )
    body = git(git_repo, "log", "-1", "--format=%b")
    assert "Nedokončená opatření převedená z roku 2026: 9" in body
    assert "Vypuštěná opatření: 1 (4.3)" in body
    assert git(git_repo, "show", "--name-only", "--format=", "HEAD").split() == [NEW]
    # the user's unstaged work is neither committed nor touched
    assert git(git_repo, "status", "--porcelain").splitlines() == [" M services.yaml"]
    assert run_kpss("validate", "--repo", git_repo).exit_code == 0


def test_commit_of_replaced_file(run_kpss, git_repo: Path) -> None:
    result = run_kpss("rollover", "2026", "--force", "--commit", "--repo", git_repo)
    assert result.exit_code == 0, result.output
    assert (
        git(git_repo, "log", "-1", "--format=%s").strip() == "Akční plán 2026: převzato z roku 2025"
    )
    assert git(git_repo, "show", "--name-only", "--format=", "HEAD").split() == [
        "plans/2024-2027/action-plans/2026.yaml"
    ]
    assert git(git_repo, "status", "--porcelain") == ""
    assert run_kpss("validate", "--repo", git_repo).exit_code == 0


def test_commit_message_across_periods(run_kpss, git_repo: Path) -> None:
    result = run_kpss("rollover", "2024", "--force", "--commit", "--repo", git_repo)
    assert result.exit_code == 0, result.output
    assert git(git_repo, "log", "-1", "--format=%s").strip() == (
        "Akční plán 2024: převzato z roku 2023 (plán 2020-2023 → 2024-2027)"
    )


def test_the_commit_message_is_in_the_repositorys_language_not_the_runs(run_kpss, git_repo: Path) -> None:
    """A Czech town's history stays Czech whoever rolls it over (this run is English); a
    repository with `language: en` gets an English message even from a Czech run."""
    manifest = git_repo / "kpss.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", "English repository")
    result = run_kpss("rollover", "2027", "--commit", "--lang", "cs", "--repo", git_repo)
    assert result.exit_code == 0, result.output
    assert git(git_repo, "log", "-1", "--format=%s").strip() == "Action plan 2027: carried over from 2026"
    body = git(git_repo, "log", "-1", "--format=%b")
    assert "Made by kpss rollover 2027." in body
    assert "Unfinished measures carried over from 2026: 9" in body
    assert "Measures dropped: 1 (4.3)" in body


def test_refused_when_changes_are_staged(run_kpss, git_repo: Path) -> None:
    services = git_repo / "services.yaml"
    services.write_text(services.read_text(encoding="utf-8") + "# rozpracováno\n", encoding="utf-8")
    git(git_repo, "add", "services.yaml")
    before = head(git_repo)
    result = run_kpss("rollover", "2027", "--commit", "--repo", git_repo)
    assert result.exit_code == 2
    assert "the git index already holds staged changes (services.yaml)" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (git_repo / NEW).exists()
    assert head(git_repo) == before
    assert git(git_repo, "diff", "--cached", "--name-only").split() == ["services.yaml"]


def test_refused_outside_git(run_kpss, example_repo: Path) -> None:
    result = run_kpss("rollover", "2027", "--commit", "--repo", example_repo)
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr
    assert not (example_repo / NEW).exists()


def test_refused_when_the_file_exists_writes_and_commits_nothing(run_kpss, git_repo: Path) -> None:
    before = head(git_repo)
    result = run_kpss("rollover", "2026", "--commit", "--repo", git_repo)
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert head(git_repo) == before and git(git_repo, "status", "--porcelain") == ""


def test_dry_run_with_commit_is_a_usage_error(run_kpss, git_repo: Path) -> None:
    result = run_kpss("rollover", "2027", "--dry-run", "--commit", "--repo", git_repo)
    assert result.exit_code == 2 and "cannot be combined with --commit" in result.stderr
    assert not (git_repo / NEW).exists()


def test_plan_repository_in_a_subfolder_of_the_git_repository(
    run_kpss, example_repo: Path, tmp_path: Path
) -> None:
    top = tmp_path / "obec"
    top.mkdir()
    shutil.move(str(example_repo), str(top / "kpss"))
    (top / "README.md").write_text("Úřad obce\n", encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "Start")
    result = run_kpss("rollover", "2027", "--commit", cwd=top / "kpss" / "plans")
    assert result.exit_code == 0, result.output
    assert git(top, "show", "--name-only", "--format=", "HEAD").split() == [f"kpss/{NEW}"]


def test_commit_of_an_unchanged_file_says_so(run_kpss, git_repo) -> None:
    first = run_kpss("rollover", "2027", "--commit", "--repo", git_repo)
    assert first.exit_code == 0, first.output
    again = run_kpss("rollover", "2027", "--force", "--commit", "--repo", git_repo)
    assert again.exit_code == 0, again.output
    assert "Nothing to commit" in again.output


def test_commit_without_identity_writes_nothing(run_kpss, git_repo, monkeypatch) -> None:
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(git_repo / ".."))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    result = run_kpss("rollover", "2027", "--commit", "--repo", git_repo)
    assert result.exit_code == 2
    assert "user.name" in result.stderr
    assert not (git_repo / "plans" / "2024-2027" / "action-plans" / "2027.yaml").exists()


def test_broken_last_year_is_not_taken_for_missing(run_kpss, example_repo) -> None:
    last = example_repo / "plans" / "2024-2027" / "action-plans" / "2026.yaml"
    last.write_text(last.read_text(encoding="utf-8").replace("status: approved", "status: approvedx", 1), encoding="utf-8")
    result = run_kpss("rollover", "2027", "--repo", example_repo)
    assert result.exit_code == 2
    assert "2026.yaml" in result.stderr
    assert not (last.parent / "2027.yaml").exists()
