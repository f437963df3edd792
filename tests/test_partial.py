"""Validating some files (the pre-commit case) reads only what their findings depend on,
and finds exactly what a full run finds in those files."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_golden import _case_dirs, build_repo

from kpss_cli.repo import WorkingTree, affected_by, classify
from kpss_cli.validate import validate_repository


class RecordingTree(WorkingTree):
    """The working tree, remembering which files were read."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.read_files: set[str] = set()

    def read(self, relpath: str) -> bytes:
        self.read_files.add(relpath)
        return super().read(relpath)


def test_an_action_plan_needs_only_its_plan(example_repo: Path) -> None:
    tree = RecordingTree(example_repo)
    result = validate_repository(source=tree, paths=["plans/2024-2027/action-plans/2026.yaml"])
    assert result.findings == []
    assert tree.read_files == {"kpss.yaml", "plans/2024-2027/plan.yaml", "plans/2024-2027/action-plans/2026.yaml"}


def test_a_change_of_groups_is_checked_against_every_file(example_repo: Path) -> None:
    # Priorities and meetings name groups: a changed groups.yaml can break any of them.
    tree = RecordingTree(example_repo)
    validate_repository(source=tree, paths=["groups.yaml"])
    kinds = {"plan", "action_plan", "meeting", "consultation", "services", "groups", "manifest", "grants"}
    wanted = {f for f in WorkingTree(example_repo).list_files() if (k := classify(f)) is not None and k.kind in kinds}
    assert any(f.startswith("meetings/") for f in wanted)
    assert tree.read_files == wanted


@pytest.mark.parametrize("case", _case_dirs("invalid"), ids=lambda p: p.name)
def test_partial_run_finds_what_the_full_run_finds(case: Path, tmp_path: Path) -> None:
    repo = build_repo(case, tmp_path / "repo")
    full = validate_repository(repo)
    listed = [f for f in (classify(p) for p in WorkingTree(repo).list_files()) if f is not None]
    for file in sorted({f.file for f in full.findings}):
        partial = validate_repository(repo, paths=[file])
        # Exactly what the full run finds in the file and in the files its change can break.
        reach = affected_by(listed, [file])
        assert file in reach
        assert partial.findings == [f for f in full.findings if f.file in reach], file
