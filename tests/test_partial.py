"""Validating some files (the pre-commit case) reads only what their findings depend on,
and finds exactly what a full run finds in those files."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_golden import _case_dirs, build_repo

from kpss_cli.repo import WorkingTree
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


def test_groups_need_nothing_else(example_repo: Path) -> None:
    tree = RecordingTree(example_repo)
    validate_repository(source=tree, paths=["groups.yaml"])
    assert tree.read_files == {"kpss.yaml", "groups.yaml"}


@pytest.mark.parametrize("case", _case_dirs("invalid"), ids=lambda p: p.name)
def test_partial_run_finds_what_the_full_run_finds(case: Path, tmp_path: Path) -> None:
    repo = build_repo(case, tmp_path / "repo")
    full = validate_repository(repo)
    for file in sorted({f.file for f in full.findings}):
        partial = validate_repository(repo, paths=[file])
        assert partial.findings == [f for f in full.findings if f.file == file], file
