"""GitSource: the repository at a git revision, read from git objects, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import git

from kpss_cli.errors import GitError, UsageError
from kpss_cli.gitsource import GitRepository, GitSource, blob_id_of, check_revision
from kpss_cli.validate import validate_repository


def test_reads_the_committed_bytes_and_leaves_the_tree_alone(git_repo: Path) -> None:
    committed = (git_repo / "kpss.yaml").read_bytes()
    crlf = committed.replace(b"\n", b"\r\n")
    (git_repo / "kpss.yaml").write_bytes(b"\xef\xbb\xbf" + crlf)
    git(git_repo, "add", "kpss.yaml")
    git(git_repo, "commit", "-q", "-m", "BOM and CRLF")
    (git_repo / "kpss.yaml").write_text("kpss: 1\n", encoding="utf-8")  # not committed
    before = git(git_repo, "status", "--porcelain")
    with GitRepository(git_repo) as repo:
        head = GitSource(repo, git_repo, "HEAD")
        first = GitSource(repo, git_repo, "HEAD~1")
        assert head.read("kpss.yaml") == b"\xef\xbb\xbf" + crlf
        assert first.read("kpss.yaml") == committed
        assert head.size("kpss.yaml") == len(crlf) + 3
        assert head.blob_id("kpss.yaml") == git(git_repo, "rev-parse", "HEAD:kpss.yaml").strip()
        assert (
            blob_id_of(committed, "0" * 40)
            == git(git_repo, "rev-parse", "HEAD~1:kpss.yaml").strip()
        )
        assert "plans/2024-2027/action-plans/2025.yaml" in head.list_files()
        with pytest.raises(FileNotFoundError):
            head.read("plans/1999-2000/plan.yaml")
    assert git(git_repo, "status", "--porcelain") == before
    assert (git_repo / "kpss.yaml").read_text(encoding="utf-8") == "kpss: 1\n"


def test_validate_can_read_a_revision(git_repo: Path) -> None:
    """Any command can read a revision through the Source protocol, e.g. validate."""
    (git_repo / "services.yaml").write_text("services: [", encoding="utf-8")
    with GitRepository(git_repo) as repo:
        at_head = validate_repository(source=GitSource(repo, git_repo, "HEAD"))
    assert not at_head.errors
    assert validate_repository(git_repo).errors  # the working tree is broken


def test_only_the_files_kpss_reads_are_listed(git_repo: Path) -> None:
    (git_repo / "notes.txt").write_text("x", encoding="utf-8")
    (git_repo / "plans" / "README.md").write_text("x", encoding="utf-8")
    (git_repo / "plans" / "2024-2027" / "extra.yml").write_text("a: 1\n", encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "-m", "other files")
    with GitRepository(git_repo) as repo:
        files = GitSource(repo, git_repo, "HEAD").list_files()
    assert "notes.txt" not in files and "plans/README.md" not in files
    assert "plans/2024-2027/extra.yml" in files  # misplaced: validate reports it


@pytest.mark.parametrize("bad", ["", "-x", "--output=/tmp/x", "HEAD x", "a\nb", "a\x00"])
def test_bad_revisions_are_refused_before_git(bad: str) -> None:
    with pytest.raises(UsageError):
        check_revision(bad)


def test_not_a_repository_and_unknown_revision(tmp_path: Path, git_repo: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(GitError, match="not inside a git repository"):
        GitRepository(plain)
    with GitRepository(git_repo) as repo, pytest.raises(GitError, match="unknown revision 'v9'"):
        repo.resolve("v9")
    with GitRepository(git_repo) as repo:
        git(git_repo, "tag", "-a", "v1", "-m", "annotated")
        assert repo.resolve("v1") == git(git_repo, "rev-parse", "HEAD").strip()  # peeled
        with pytest.raises(GitError, match="outside the git repository"):
            repo.prefix_of(tmp_path)
