"""validate PATHS reports what the change of PATHS breaks anywhere (the pre-commit case):
a renumbered measure in its action plans and in the plan continuing it, a deleted catalogue in
every plan naming a service; `--hook` takes the deletions from git."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import git

PLAN = "plans/2024-2027/plan.yaml"
OLD_PLAN = "plans/2020-2023/plan.yaml"


def renumber_first_measure(repo: Path, plan: str) -> None:
    path = repo / plan
    text = path.read_text(encoding="utf-8")
    assert text.count('      - id: "1.1"\n') == 1
    path.write_text(text.replace('      - id: "1.1"\n', '      - id: "1.9"\n'), encoding="utf-8")


def action_plans_naming(repo: Path, plan_id: str, measure: str) -> set[str]:
    folder = repo / "plans" / plan_id / "action-plans"
    return {
        f"plans/{plan_id}/action-plans/{p.name}"
        for p in folder.glob("*.yaml")
        if f'measure: "{measure}"' in p.read_text(encoding="utf-8")
    }


def findings(run_kpss, repo: Path, *args: str) -> tuple[int, list[dict]]:
    result = run_kpss("validate", "--repo", repo, "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)["findings"] if result.stdout.strip() else []


def test_a_renumbered_measure_is_reported_in_its_action_plans(run_kpss, example_repo):
    expected = action_plans_naming(example_repo, "2024-2027", "1.1")
    assert len(expected) == 3
    renumber_first_measure(example_repo, PLAN)
    code, found = findings(run_kpss, example_repo, str(example_repo / PLAN))
    assert code == 1
    assert {f["file"] for f in found if f["code"] == "KP214"} == expected


def test_a_renumbered_measure_is_reported_in_the_plan_continuing_it(run_kpss, example_repo):
    renumber_first_measure(example_repo, OLD_PLAN)
    code, found = findings(run_kpss, example_repo, str(example_repo / OLD_PLAN))
    assert code == 1
    continuing = [f for f in found if f["code"] == "KP208"]
    assert [f["file"] for f in continuing] == [PLAN]
    assert "continues measure 1.1, which does not exist in plan 2020-2023" in continuing[0]["message"]


def test_an_action_plan_alone_reports_only_itself(run_kpss, example_repo):
    renumber_first_measure(example_repo, PLAN)
    # The plan is broken for its action plans, but the change checked is another action plan's:
    # findings elsewhere are not this change's doing.
    code, found = findings(run_kpss, example_repo, str(example_repo / "plans/2020-2023/action-plans/2022.yaml"))
    assert (code, found) == (0, [])


def test_hook_reports_a_deleted_catalogue_in_every_plan_naming_a_service(run_kpss, git_repo):
    git(git_repo, "rm", "-q", "services.yaml")
    result = run_kpss("validate", "--hook", "--format", "json", cwd=git_repo)
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)["findings"]
    unknown = {f["file"] for f in found if f["code"] == "KP211"}
    # The plans' measures and the grants' applications name services.
    assert (git_repo / "grants" / "2025.yaml").is_file()
    assert unknown == {PLAN, OLD_PLAN, "grants/2025.yaml"}


def test_hook_with_nothing_of_kpss_changed_checks_nothing(run_kpss, git_repo):
    (git_repo / "README.md").write_text("poznámky\n", encoding="utf-8")
    renumber_first_measure(git_repo, PLAN)  # broken but not part of this commit
    git(git_repo, "add", "README.md")
    result = run_kpss("validate", "--hook", "README.md", cwd=git_repo)
    assert (result.exit_code, result.stdout) == (0, "")


def test_hook_sees_a_rename_as_a_deletion(run_kpss, git_repo):
    git(git_repo, "mv", "groups.yaml", "skupiny.yaml")
    result = run_kpss("validate", "--hook", "--format", "json", cwd=git_repo)
    assert result.exit_code == 1
    assert any(f["code"] == "KP212" for f in json.loads(result.stdout)["findings"])


def test_hook_outside_git_is_a_clear_error(run_kpss, example_repo):
    result = run_kpss("validate", "--hook", cwd=example_repo)
    assert result.exit_code == 2
    assert "git" in result.stderr and "Traceback" not in result.output
