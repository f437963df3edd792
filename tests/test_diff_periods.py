"""`kpss diff PLAN_A PLAN_B`: two plan periods compared measure by measure, with their money."""

from __future__ import annotations

import json
from pathlib import Path

from test_diff import edit, find

NEW_PLAN = "plans/2024-2027/plan.yaml"


def periods(run_kpss, root: Path, *args: str) -> dict:
    run = run_kpss("diff", *args, "--format", "json", cwd=root)
    assert run.exit_code == 0, run.output
    return json.loads(run.stdout)


def test_measures_matched_by_continues_id_and_title(run_kpss, example_repo: Path) -> None:
    edit(example_repo, NEW_PLAN, '        continues: "2020-2023/4.2"\n', "")
    doc = periods(run_kpss, example_repo, "2020-2023", "2024-2027")
    assert doc["from"] == "2020-2023" and doc["to"] == "2024-2027" and doc["mode"] == "plans"
    assert doc["plans"]["from"]["period"] == {"start": 2020, "end": 2023}
    assert doc["plans"]["to"]["file"] == NEW_PLAN

    # 2024's 3.1 continues 2020's 3.2 and the other way round: the numbers swapped.
    swapped = find(doc, entity="measure", id="3.1")
    assert swapped["old_id"] == "3.2" and swapped["match"] == "continues"
    assert find(doc, entity="measure", id="3.2")["old_id"] == "3.1"
    # 4.2 (here) names no predecessor but keeps its id and title.
    same_id = find(doc, entity="measure", id="4.2")
    assert same_id["match"] == "id" and same_id["old_id"] == "4.2"
    # Indicator targets and budget totals of a matched pair.
    care = find(doc, entity="measure", id="1.1")
    assert {"path": "indicators[1.1.a].target", "old": 290, "new": 320} in care["fields"]
    assert {"path": "budget.total.mpsv", "old": 15_400_000, "new": 21_400_000} in care["fields"]
    assert not [f for f in care["fields"] if f["path"].startswith("continues")]
    # 2020's 1.2 (evening and weekend care) became part of 1.1; 2024's 1.2 is new.
    dropped = find(doc, entity="measure", kind="removed", id="1.2")
    assert dropped["title"] == "Rozšíření pečovatelské služby o večerní a víkendovou péči"
    assert dropped["file"] == "plans/2020-2023/plan.yaml"
    assert find(doc, entity="measure", kind="added", id="1.2")["file"] == NEW_PLAN
    # New indicators and activities of a matched measure
    assert find(doc, entity="indicator", id="1.1.c")["kind"] == "added"
    assert find(doc, entity="indicator", id="1.1.c")["measure"] == "1.1"


def test_budget_totals_per_source_and_priority(run_kpss, example_repo: Path) -> None:
    doc = periods(run_kpss, example_repo, "2020-2023", "2024-2027")
    sources = {b["id"]: (b["old"], b["new"]) for b in doc["budget"]["sources"]}
    assert sources["mpsv"] == (131_350_000, 194_050_000)
    assert sources["eu_jine"] == (None, 32_000_000)  # no such money in the old plan: missing, not 0
    total = doc["budget"]["total"]
    assert (total["old"], total["new"]) == (
        sum(o or 0 for o, _ in sources.values()),
        sum(n or 0 for _, n in sources.values()),
    )
    priorities = {b["id"]: b for b in doc["budget"]["priorities"]}
    assert set(priorities) == {"P1", "P2", "P3", "P4"}
    assert priorities["P1"]["old"] == 276_090_000 and priorities["P1"]["new"] == 428_620_000
    assert sum(b["new"] for b in priorities.values()) == total["new"]

    text = run_kpss("diff", "2020-2023", "2024-2027", cwd=example_repo).stdout
    assert "Budget over the period" in text
    assert "131,350,000\u00a0CZK" in text and "+62,700,000\u00a0CZK" in text
    md = run_kpss("diff", "2020-2023", "2024-2027", "--format", "markdown", cwd=example_repo).stdout
    assert md.startswith("### kpss diff: plan 2020-2023 → 2024-2027")
    assert (
        "| MPSV grant (through the region, §101a) | 131,350,000\u00a0CZK | "
        "194,050,000\u00a0CZK |"
        in md
    )
    assert "<details><summary><b>Priority P1: Senioři a osoby se zdravotním postižením</b>" in md


def test_one_plan_is_compared_with_its_previous_and_paths_work(
    run_kpss, example_repo: Path
) -> None:
    both = periods(run_kpss, example_repo, "2020-2023", "2024-2027")
    alone = periods(run_kpss, example_repo, "2024-2027")
    by_path = periods(run_kpss, example_repo, "plans/2020-2023", "plans/2024-2027/plan.yaml")
    assert alone == both == by_path


def test_probable_match_by_title(run_kpss, example_repo: Path) -> None:
    """A measure renumbered without `continues` is found by its title and reported as probable."""
    edit(example_repo, NEW_PLAN, '        continues: "2020-2023/1.4"\n', "")
    edit(example_repo, NEW_PLAN, 'id: "1.4"', 'id: "1.9"')
    doc = periods(run_kpss, example_repo, "2020-2023", "2024-2027")
    probable = find(doc, entity="measure", id="1.9")
    assert probable["match"] == "title" and probable["old_id"] == "1.4"
    assert "probable match by a similar title" in probable["message"]
    text = run_kpss("diff", "2020-2023", "2024-2027", cwd=example_repo).stdout
    assert "measure 1.9" in text and "probable match" in text


def test_a_plan_compared_with_itself_has_no_changes(run_kpss, example_repo: Path) -> None:
    run = run_kpss("diff", "2024-2027", "2024-2027", "--exit-code", cwd=example_repo)
    assert run.exit_code == 0
    assert "no changes" in run.stdout
    doc = periods(run_kpss, example_repo, "2024-2027", "2024-2027")
    assert doc["changes"] == [] and doc["summary"]["changed"] == 0
    assert all(b["old"] == b["new"] for b in doc["budget"]["sources"])


def test_exit_code_with_changes(run_kpss, example_repo: Path) -> None:
    assert (
        run_kpss("diff", "2020-2023", "2024-2027", "--exit-code", cwd=example_repo).exit_code == 1
    )
    assert run_kpss("diff", "2020-2023", "2024-2027", cwd=example_repo).exit_code == 0


def test_invalid_or_missing_plans_exit_2(run_kpss, example_repo: Path) -> None:
    first = run_kpss("diff", "2020-2023", cwd=example_repo)
    assert first.exit_code == 2 and "names no previous plan" in first.stderr
    unknown = run_kpss("diff", "2019-2022", "2024-2027", cwd=example_repo)
    assert unknown.exit_code == 2 and "known plans: 2020-2023, 2024-2027" in unknown.stderr
    edit(example_repo, "plans/2020-2023/plan.yaml", "status: archived", "status: zruseno")
    run = run_kpss("diff", "2020-2023", "2024-2027", cwd=example_repo)
    assert run.exit_code == 2
    assert "plan 2020-2023 is invalid" in run.stderr
    assert "plans/2020-2023/plan.yaml:7:9: KP104" in run.stderr
