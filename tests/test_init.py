"""kpss init: a new repository that validates at once."""

from __future__ import annotations

import json
from pathlib import Path


def test_init_creates_a_valid_repository(run_kpss, tmp_path: Path) -> None:
    target = tmp_path / "novy"
    result = run_kpss("init", target, "--name", "Mikroregion Hustopečsko", "--kind", "svazek_obci", "--region", "CZ064")
    assert result.exit_code == 0, result.output
    assert (target / "plans" / "2026-2029" / "plan.yaml").is_file()
    check = run_kpss("validate", "--repo", target, "--strict", "--format", "json")
    assert check.exit_code == 0, check.stdout
    assert json.loads(check.stdout)["findings"] == []
    assert "Mikroregion Hustopečsko" in (target / "kpss.yaml").read_text(encoding="utf-8")


def test_editor_settings_map_every_file_to_its_schema(run_kpss, tmp_path: Path) -> None:
    run_kpss("init", tmp_path, "--name", "Obec Vranovice", "--kind", "obec")
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping["./.kpss/schemas/plan.schema.json"] == ["plans/*/plan.yaml"]
    assert mapping["./.kpss/schemas/action-plan.schema.json"] == ["plans/*/action-plans/*.yaml"]
    for schema_path in mapping:
        assert (tmp_path / schema_path).is_file()


def test_ci_workflow_validates_pull_requests(run_kpss, tmp_path: Path) -> None:
    run_kpss("init", tmp_path, "--name", "Obec Vranovice", "--kind", "obec")
    workflow = (tmp_path / ".github" / "workflows" / "kpss.yml").read_text(encoding="utf-8")
    assert "pull_request" in workflow
    assert "kpss validate --format github" in workflow


def test_init_never_overwrites(run_kpss, tmp_path: Path) -> None:
    (tmp_path / "kpss.yaml").write_text("# mine\n", encoding="utf-8")
    result = run_kpss("init", tmp_path, "--name", "X", "--kind", "obec")
    assert result.exit_code == 2
    assert "never overwrites" in result.stderr
    assert (tmp_path / "kpss.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert not (tmp_path / "services.yaml").exists()


def test_init_rejects_unknown_kind(run_kpss, tmp_path: Path) -> None:
    result = run_kpss("init", tmp_path, "--name", "X", "--kind", "mesto")
    assert result.exit_code == 2
    assert "obec, orp, svazek_obci, mas, kraj" in result.stderr


def test_init_period_options(run_kpss, tmp_path: Path) -> None:
    result = run_kpss("init", tmp_path, "--name", "Obec Vranovice", "--kind", "obec", "--start", "2027", "--years", "3")
    assert result.exit_code == 0
    assert (tmp_path / "plans" / "2027-2029" / "plan.yaml").is_file()


def test_init_runs_git_init_and_lists_the_next_steps(run_kpss, tmp_path: Path) -> None:
    import subprocess

    target = tmp_path / "nove"
    result = run_kpss("init", target, "--name", "Obec Test", "--kind", "obec", "--lang", "cs")
    assert result.exit_code == 0, result.output
    assert (target / ".git").is_dir()
    inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=target, capture_output=True, text=True)
    assert inside.stdout.strip() == "true"
    assert "Složka je teď repozitář gitu (git init)." in result.stderr
    assert "kpss rollover ROK" in result.stderr and "git add . && git commit" in result.stderr
    # Inside an existing repository (a plan kept in a folder of a bigger repository): git is left alone.
    inner = target / "dalsi"
    again = run_kpss("init", inner, "--name", "Obec Test", "--kind", "obec", "--lang", "en")
    assert again.exit_code == 0, again.output
    assert not (inner / ".git").exists() and "already lies in a git repository" in again.stderr
