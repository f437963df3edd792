"""``kpss rollover`` across plan periods: measures renumbered in the new plan and carried by ``continues``.

Each test builds a small repository in tmp_path from the YAML below (real files, validated).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kpss_cli.loader import load_bytes

MANIFEST = """\
kpss: 1
territory:
  name: Obec Testov
  kind: obec
fulfilment:
  partial_threshold: 50
"""

OLD_PLAN = """\
id: "2020-2022"
title: Komunitní plán obce Testov 2020–2022
period: {start: 2020, end: 2022}
status: draft
priorities:
  - id: "P1"
    title: Senioři
    measures:
      - id: "1.1"
        title: Pečovatelská služba
        responsible: Město Testov
        indicators:
          - {id: "1.1.a", name: Počet klientů, target: 100}
        activities:
          - {id: "1.1.1", title: Víkendová péče}
      - id: "1.2"
        title: Tísňová péče
        responsible: Město Testov
        indicators:
          - {id: "1.2.a", name: Počet uživatelů, target: 20}
        activities:
          - {id: "1.2.1", title: Příspěvek na tísňové tlačítko}
          - {id: "1.2.2", title: Informační kampaň}
      - id: "1.3"
        title: Klub seniorů
        responsible: Spolek seniorů Testov
        indicators:
          - {id: "1.3.a", name: Počet setkání, target: 12}
      - id: "1.4"
        title: Burza sociálních služeb
        responsible: Město Testov
        indicators:
          - {id: "1.4.a", name: Burza uspořádána, kind: boolean, target: true}
      - id: "1.5"
        title: Odlehčovací služba
        responsible: Charita Testov
        indicators:
          - {id: "1.5.a", name: Počet lůžek, target: 2}
      - id: "1.6"
        title: Denní stacionář a centrum denních služeb
        responsible: Charita Testov
        indicators:
          - {id: "1.6.a", name: Počet klientů, target: 15}
        activities:
          - {id: "1.6.1", title: Provoz stacionáře}
"""

OLD_AP_2022 = """\
# Akční plán obce Testov 2022 (poslední rok plánu 2020–2022)
plan: "2020-2022"
year: 2022
status: draft

items:
  # Senioři – terénní služby
  - measure: "1.1"
    activities: ["1.1.1"]
    budget: {obce: 90000}
    result:
      actuals: {"1.1.a": 120}

  - measure: "1.2"
    activities: ["1.2.1", "1.2.2"] # kampaň se nestihla
    result:
      actuals: {"1.2.a": 15}

  # Denní služby (v novém plánu rozděleno do dvou opatření)
  - measure: "1.6"
    activities: ["1.6.1"]
    budget: {obce: 5000}

  # Komunitní aktivity
  - measure: "1.3"
    result:
      status: fulfilled

  - measure: "1.4"
    result:
      status: cancelled
      comment: Burzu nahradil on-line katalog.

  - measure: "1.5"
    note: Čeká se na uvolnění prostor.
    result:
      status: not_started
"""

NEW_PLAN = """\
id: "2023-2025"
title: Komunitní plán obce Testov 2023–2025
period: {start: 2023, end: 2025}
status: draft
previous: "2020-2022"
priorities:
  - id: "P2"
    title: Péče v domácnosti
    measures:
      - id: "2.1"
        title: Pečovatelská služba včetně víkendů
        responsible: Město Testov
        continues: "2020-2022/1.1"
        budget:
          2023: {obce: 100000, uhrady: 40000}
        indicators:
          - id: "2.1.a"
            name: Počet klientů
            target: 130
            targets: {2023: 110, 2024: 120, 2025: 130}
        activities:
          - {id: "2.1.1", title: Víkendová a večerní péče}
      - id: "2.2"
        title: Tísňová péče pro osamělé seniory
        responsible: Město Testov
        continues: "2020-2022/1.2"
        indicators:
          - id: "2.2.a"
            name: Počet uživatelů
            target: 30
            targets: {2023: 22}
        activities:
          - {id: "1.2.1", title: Příspěvek na tísňové tlačítko}
          - {id: "2.2.1", title: Spolupráce s praktickými lékaři}
      - id: "2.3"
        title: Odlehčovací pobytová služba
        responsible: Charita Testov
        continues: "2020-2022/1.5"
        years: {from: 2024, to: 2025}
        indicators:
          - {id: "2.3.a", name: Počet lůžek, target: 2, targets: {2024: 2}}
      - id: "2.4"
        title: Sdílená asistence
        responsible: Město Testov
        indicators:
          - {id: "2.4.a", name: Počet klientů, target: 5, targets: {2023: 3}}
      - id: "2.5"
        title: Denní stacionář
        responsible: Charita Testov
        continues: "2020-2022/1.6"
        budget:
          2023: {obce: 7000, mpsv: 20000}
        indicators:
          - {id: "2.5.a", name: Počet klientů, target: 12}
        activities:
          - {id: "2.5.1", title: Provoz stacionáře}
      - id: "2.6"
        title: Centrum denních služeb
        responsible: Charita Testov
        continues: "2020-2022/1.6"
        indicators:
          - {id: "2.6.a", name: Počet klientů, target: 8}
      - id: "2.7"
        title: Prezentace poskytovatelů
        responsible: Město Testov
        continues: "2020-2022/1.4"
        indicators:
          - {id: "2.7.a", name: Prezentace uspořádána, kind: boolean, target: true}
"""


@pytest.fixture
def periods_repo(tmp_path: Path) -> Path:
    root = tmp_path / "testov"
    files = {
        "kpss.yaml": MANIFEST,
        "plans/2020-2022/plan.yaml": OLD_PLAN,
        "plans/2020-2022/action-plans/2022.yaml": OLD_AP_2022,
        "plans/2023-2025/plan.yaml": NEW_PLAN,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def new_ap(root: Path, year: int) -> Path:
    return root / "plans" / "2023-2025" / "action-plans" / f"{year}.yaml"


def load(path: Path) -> dict[str, Any]:
    doc = load_bytes(path.read_bytes(), path.name)
    assert doc.ok, doc.findings
    return doc.data


def assert_valid(run_kpss, root: Path) -> None:
    result = run_kpss("validate", "--repo", root)
    assert result.exit_code == 0, result.output


def test_small_repository_is_valid(run_kpss, periods_repo: Path) -> None:
    assert_valid(run_kpss, periods_repo)


def test_crossing_into_new_period(run_kpss, periods_repo: Path) -> None:
    result = run_kpss("rollover", "2023", "--repo", periods_repo)
    assert result.exit_code == 0, result.output
    data = load(new_ap(periods_repo, 2023))
    assert data["plan"] == "2023-2025" and data["year"] == 2023 and data["status"] == "draft"
    items = data["items"]
    assert [it["measure"] for it in items] == ["2.1", "2.2", "2.5", "2.6", "2.4"]
    by_id = {it["measure"]: it for it in items}
    # fulfilled 1.1 -> 2.1: no carried_over, the new measure's activities, targets and budget of 2023
    assert by_id["2.1"] == {
        "measure": "2.1",
        "activities": ["2.1.1"],
        "budget": {"obce": 100000, "uhrady": 40000},
        "targets": {"2.1.a": 110},
    }
    # partially fulfilled 1.2 -> 2.2: carried over; 1.2.1 kept (the new measure has it), 1.2.2 dropped;
    # no budget in the new plan for 2023 and none last year
    assert by_id["2.2"] == {
        "measure": "2.2",
        "activities": ["1.2.1", "2.2.1"],
        "carried_over": 2022,
        "targets": {"2.2.a": 22},
    }
    # unevaluated 1.6, split into 2.5 and 2.6: each carries it over
    # (2.5 has a budget for 2023 in the plan, 2.6 keeps last year's item budget)
    assert by_id["2.5"] == {
        "measure": "2.5", "activities": ["2.5.1"], "carried_over": 2022,
        "budget": {"obce": 7000, "mpsv": 20000},
        "targets": {"2.5.a": 12},  # no targets[2023], no baseline: the plan's target
    }
    assert by_id["2.6"] == {
        "measure": "2.6", "carried_over": 2022, "budget": {"obce": 5000}, "targets": {"2.6.a": 8},
    }
    # 2.4 is new in the plan; 2.7 continues the cancelled 1.4, so it is not added back
    assert by_id["2.4"] == {"measure": "2.4", "targets": {"2.4.a": 3}}
    assert "2.7" not in by_id

    out = result.stdout
    assert (
        "from the action plan 2022 of plan 2020-2022 (plans/2020-2022/action-plans/2022.yaml), across periods"
        in out
    )
    assert (
        "2.2  Tísňová péče pro osamělé seniory (was 2020-2022/1.2) [2022: partially fulfilled]" in out
    )
    assert "2.1  Pečovatelská služba včetně víkendů (was 2020-2022/1.1) [2022: fulfilled]" in out
    assert (
        "1.3  Klub seniorů [2022: fulfilled]: no measure of plan 2023-2025 continues it "
        '(none has continues: "2020-2022/1.3")' in out
    )
    assert (
        "1.4  Burza sociálních služeb [2022: cancelled]: cancelled in 2022: "
        "Burzu nahradil on-line katalog." in out
    )
    assert (
        "1.5  Odlehčovací služba [2022: not started]: continued by 2.3 (runs 2024–2025), "
        "which does not run in 2023" in out
    )
    assert "  2020-2022/1.2.2 of measure 1.2 (now 2.2)" in out
    assert "Notes kept" not in out  # the only note was on the dropped 1.5
    assert_valid(run_kpss, periods_repo)


def test_crossing_keeps_comments_and_moves_the_file(run_kpss, periods_repo: Path) -> None:
    assert run_kpss("rollover", "2023", "--repo", periods_repo).exit_code == 0
    text = new_ap(periods_repo, 2023).read_text(encoding="utf-8")
    assert not (periods_repo / "plans" / "2020-2022" / "action-plans" / "2023.yaml").exists()
    assert text.startswith(
        "# Akční plán obce Testov 2022 (poslední rok plánu 2020–2022)\n"
        'plan: "2023-2025"\nyear: 2023\nstatus: draft\n\nitems:\n'
        '  # Senioři – terénní služby\n  - measure: "2.1"\n'
    )
    # the end-of-line comment on the kept activities stays; the heading of the dropped 1.3/1.4 group
    # stays above the next item carried, and the split item's heading above its first copy
    assert '    activities: ["1.2.1", "2.2.1"] # kampaň se nestihla\n' in text
    assert "  # Komunitní aktivity\n" in text
    assert "  # Denní služby (v novém plánu rozděleno do dvou opatření)\n" in text
    assert (
        text.index("# Denní služby") < text.index('measure: "2.5"') < text.index('measure: "2.6"')
    )
    # the copy of the split item does not repeat the comments around it
    assert text.count("# Denní služby") == 1 and text.count("# Komunitní aktivity") == 1
    # the heading of the dropped group stays after the carried items, before the added one
    assert (
        text.index('measure: "2.6"') < text.index("# Komunitní aktivity") < text.index('measure: "2.4"')
    )
    assert text.endswith('      "2.4.a": 3\n')
    # flow style of the carried parts
    assert "    budget: {obce: 100000, uhrady: 40000}\n" in text


def test_json_summary_across_periods(run_kpss, periods_repo: Path) -> None:
    result = run_kpss("rollover", "2023", "--format", "json", "--repo", periods_repo)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["from"] == {
        "year": 2022,
        "plan": "2020-2022",
        "file": "plans/2020-2022/action-plans/2022.yaml",
    }
    assert data["file"] == "plans/2023-2025/action-plans/2023.yaml"
    assert data["counts"] == {"carried": 1, "carried_over": 3, "added": 1, "dropped": 3}
    assert {d["measure"]: d["reason"] for d in data["dropped"]} == {
        "1.3": "not_continued",
        "1.4": "cancelled",
        "1.5": "ended",
    }
    two = next(i for i in data["items"] if i["measure"] == "2.2")
    assert two["previous_measure"] == "1.2" and two["previous_plan"] == "2020-2022"
    assert two["activities_dropped"] == ["1.2.2"] and two["activities_added"] == ["2.2.1"]


def test_year_after_crossing_stays_in_new_plan(run_kpss, periods_repo: Path) -> None:
    assert run_kpss("rollover", "2023", "--repo", periods_repo).exit_code == 0
    result = run_kpss("rollover", "2024", "--repo", periods_repo)
    assert result.exit_code == 0, result.output
    data = load(new_ap(periods_repo, 2024))
    # 2.3 starts in 2024 and is added after the items of 2023 (all unevaluated, so carried over);
    # 2.7 (successor of the cancelled 1.4) was left out of 2023 only: 2023 lacks it, so it is added
    assert [it["measure"] for it in data["items"]] == [
        "2.1",
        "2.2",
        "2.5",
        "2.6",
        "2.4",
        "2.3",
        "2.7",
    ]
    assert all(it.get("carried_over") == 2023 for it in data["items"][:5])
    assert data["items"][-2] == {"measure": "2.3", "targets": {"2.3.a": 2}}
    assert_valid(run_kpss, periods_repo)


def test_crossing_without_last_action_plan_uses_the_plan(run_kpss, periods_repo: Path) -> None:
    (periods_repo / "plans" / "2020-2022" / "action-plans" / "2022.yaml").unlink()
    result = run_kpss("rollover", "2023", "--repo", periods_repo)
    assert result.exit_code == 0, result.output
    data = load(new_ap(periods_repo, 2023))
    assert [it["measure"] for it in data["items"]] == ["2.1", "2.2", "2.4", "2.5", "2.6", "2.7"]
    assert "from plan 2023-2025 alone (there is no action plan for 2022)" in result.stdout
    assert_valid(run_kpss, periods_repo)


def test_year_after_last_plan(run_kpss, periods_repo: Path) -> None:
    result = run_kpss("rollover", "2026", "--repo", periods_repo)
    assert result.exit_code == 2
    assert "no plan covers 2026: the latest plan 2023-2025 ends in 2025" in result.stderr
    assert "plans/2026-2028/plan.yaml" in result.stderr and 'previous: "2023-2025"' in result.stderr


def test_repository_without_plans(run_kpss, tmp_path: Path) -> None:
    (tmp_path / "kpss.yaml").write_text(MANIFEST, encoding="utf-8")
    result = run_kpss("rollover", "2025", "--repo", tmp_path)
    assert result.exit_code == 2
    assert (
        "the repository has no plan yet" in result.stderr
        and "plans/2025-2028/plan.yaml" in result.stderr
    )


def test_not_a_repository(run_kpss, tmp_path: Path) -> None:
    result = run_kpss("rollover", "2025", "--repo", tmp_path)
    assert result.exit_code == 2 and "is not a kpss repository" in result.stderr


def test_broken_plan_is_refused(run_kpss, periods_repo: Path) -> None:
    plan = periods_repo / "plans" / "2023-2025" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            'continues: "2020-2022/1.2"', 'continues: "2020-2022/9.9"'
        ),
        encoding="utf-8",
    )
    result = run_kpss("rollover", "2023", "--repo", periods_repo)
    assert result.exit_code == 2
    assert "fix them first" in result.stderr and "KP208" in result.stderr
    assert not new_ap(periods_repo, 2023).exists()


def test_empty_action_plan_grows_block_items(run_kpss, periods_repo: Path) -> None:
    old = periods_repo / "plans" / "2020-2022" / "action-plans" / "2022.yaml"
    old.write_text('plan: "2020-2022"\nyear: 2022\nstatus: draft\nitems: []  # nic\n', encoding="utf-8")
    result = run_kpss("rollover", "2023", "--repo", periods_repo)
    assert result.exit_code == 0, result.output
    text = new_ap(periods_repo, 2023).read_text(encoding="utf-8")
    assert 'items:     # nic\n  - measure: "2.1"\n    activities: ["2.1.1"]\n' in text
    assert "Added (measures running in 2023 that the action plan 2022 lacked): 6" in result.stdout
    assert_valid(run_kpss, periods_repo)
