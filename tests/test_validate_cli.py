"""kpss validate through the CLI: formats, exit codes, repository discovery."""

from __future__ import annotations

import json
from pathlib import Path

from kpss_cli.findings import to_json
from kpss_cli.validate import validate_repository


def break_measure_title(repo: Path) -> Path:
    plan = repo / "plans" / "2024-2027" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("responsible:", "responsibel:", 1)
    plan.write_text(text, encoding="utf-8")
    return plan


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_valid_repository_exits_0_in_every_format(run_kpss, example_repo: Path) -> None:
    for fmt in ("text", "json", "github", "sarif"):
        result = run_kpss("validate", "--repo", example_repo, "--format", fmt)
        assert result.exit_code == 0, (fmt, result.output)
    data = json.loads(run_kpss("validate", "--repo", example_repo, "--format", "json").stdout)
    assert data == {"valid": True, "errors": 0, "warnings": 0, "findings": []}


def test_found_from_a_subfolder(run_kpss, example_repo: Path) -> None:
    result = run_kpss("validate", cwd=example_repo / "plans" / "2024-2027" / "action-plans")
    assert result.exit_code == 0, result.output


def test_misspelled_key_is_reported_once_with_a_suggestion(run_kpss, example_repo: Path) -> None:
    plan = break_measure_title(example_repo)
    result = run_kpss("validate", "--repo", example_repo, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False and data["errors"] == 1
    (finding,) = data["findings"]
    assert finding["code"] == "KP101"
    assert finding["file"] == "plans/2024-2027/plan.yaml"
    assert finding["line"] == line_of(plan, "responsibel:")
    assert "did you mean 'responsible'" in finding["message"]
    assert finding["path"].startswith("$.priorities[0].measures[0]")


def test_json_output_is_the_library_result(run_kpss, example_repo: Path) -> None:
    break_measure_title(example_repo)
    result = run_kpss("validate", "--repo", example_repo, "--format", "json")
    library = validate_repository(example_repo)
    assert json.loads(result.stdout) == to_json(library.findings)


def test_github_format(run_kpss, example_repo: Path) -> None:
    plan = break_measure_title(example_repo)
    result = run_kpss("validate", "--repo", example_repo, "--format", "github")
    assert result.exit_code == 1
    line = line_of(plan, "responsibel:")
    assert result.stdout.startswith(f"::error file=plans/2024-2027/plan.yaml,line={line},col=")
    assert ",title=KP101::unknown key 'responsibel'" in result.stdout


def test_sarif_format(run_kpss, example_repo: Path) -> None:
    break_measure_title(example_repo)
    result = run_kpss("validate", "--repo", example_repo, "--format", "sarif")
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    # Every rule is listed (a stable ruleIndex from run to run); the result points at its own.
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules[run["results"][0]["ruleIndex"]] == "KP101" and "KP405" in rules
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "plans/2024-2027/plan.yaml"
    assert location["region"]["startLine"] >= 1


def test_text_format_groups_by_file(run_kpss, example_repo: Path) -> None:
    break_measure_title(example_repo)
    result = run_kpss("validate", "--repo", example_repo)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "plans/2024-2027/plan.yaml"
    assert "error KP101" in lines[1]
    assert lines[-1] == "1 error, 0 warnings"


def test_warnings_exit_0_unless_strict(run_kpss, example_repo: Path) -> None:
    services = example_repo / "services.yaml"
    text = services.read_text(encoding="utf-8")
    services.write_text(
        text.replace("services:\n", "services:\n  - id: osamocena-sluzba\n    registered: false\n"
                     "    name: Služba bez opatření\n    provider: mesto-zidlochovice\n", 1),
        encoding="utf-8",
    )
    result = run_kpss("validate", "--repo", example_repo, "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert [f["code"] for f in data["findings"]] == ["KP404"]
    assert run_kpss("validate", "--repo", example_repo, "--strict").exit_code == 1


def test_paths_limit_the_report(run_kpss, example_repo: Path) -> None:
    break_measure_title(example_repo)
    # An action plan is named by no other file: its path reports only its own findings.
    result = run_kpss("validate", "--repo", example_repo, "plans/2024-2027/action-plans/2025.yaml", cwd=example_repo)
    assert result.exit_code == 0, result.output
    # services.yaml is named from every plan: a change of it reports the broken plan too.
    result = run_kpss("validate", "--repo", example_repo, "services.yaml", cwd=example_repo)
    assert result.exit_code == 1, result.output
    result = run_kpss("validate", "plans/2024-2027", cwd=example_repo)
    assert result.exit_code == 1


def test_no_repository_exits_2(run_kpss, tmp_path: Path) -> None:
    result = run_kpss("validate", cwd=tmp_path)
    assert result.exit_code == 2
    assert "no kpss.yaml found" in result.stderr
    assert "Traceback" not in result.output


def test_missing_path_exits_2(run_kpss, example_repo: Path) -> None:
    result = run_kpss("validate", "nope.yaml", cwd=example_repo)
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_path_outside_repository_exits_2(run_kpss, example_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "other.yaml"
    outside.write_text("a: 1\n", encoding="utf-8")
    result = run_kpss("validate", str(outside), cwd=example_repo)
    assert result.exit_code == 2
    assert "outside the repository" in result.stderr


def test_bad_option_exits_2(run_kpss, example_repo: Path) -> None:
    result = run_kpss("validate", "--repo", example_repo, "--format", "xml")
    assert result.exit_code == 2


def test_repo_without_manifest_exits_2(run_kpss, tmp_path: Path) -> None:
    result = run_kpss("validate", "--repo", tmp_path)
    assert result.exit_code == 2
    assert "is not a kpss repository" in result.stderr


def test_unreadable_yaml_is_a_finding_not_a_crash(run_kpss, example_repo: Path) -> None:
    (example_repo / "groups.yaml").write_bytes(b"groups:\n  - id: [unclosed\n")
    result = run_kpss("validate", "--repo", example_repo, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["findings"][0]["code"] == "KP001"
    assert data["findings"][0]["file"] == "groups.yaml"


def test_version_and_help(run_kpss) -> None:
    result = run_kpss("--version")
    assert result.exit_code == 0 and result.stdout.startswith("kpss ")
    result = run_kpss("--help")
    assert result.exit_code == 0 and "validate" in result.stdout


def test_a_folder_where_a_file_belongs_exits_2(run_kpss, example_repo: Path) -> None:
    (example_repo / "services.yaml").unlink()
    (example_repo / "services.yaml").mkdir()
    sample = Path(__file__).parent / "data" / "registry" / "rpss-sample.json"
    for args in (["validate"], ["import", "registry", str(sample), "--dry-run"], ["report", "fulfilment"]):
        result = run_kpss(*args, "--repo", example_repo)
        assert result.exit_code == 2, (args, result.output)
        assert "services.yaml" in result.stderr and "not a file" in result.stderr
