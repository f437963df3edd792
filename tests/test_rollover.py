"""``kpss rollover`` on the example repository: real files in, real files out, validated after each run."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from kpss_cli.loader import load_bytes

AP = "plans/2024-2027/action-plans"


def ap_path(root: Path, year: int, plan: str = "2024-2027") -> Path:
    return root / "plans" / plan / "action-plans" / f"{year}.yaml"


def load(path: Path) -> dict[str, Any]:
    doc = load_bytes(path.read_bytes(), path.name)
    assert doc.ok, doc.findings
    return doc.data


def items_by_measure(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {it["measure"]: it for it in data["items"]}


def assert_valid(run_kpss, root: Path) -> None:
    result = run_kpss("validate", "--repo", root)
    assert result.exit_code == 0, result.output


def set_result(path: Path, measure: str, status: str | None, comment: str | None = None) -> None:
    """Edit last year's evaluation the way a coordinator would: explicit status, or no result at all."""
    from kpss_cli.yamledit import dump_roundtrip, read_roundtrip

    data, style = read_roundtrip(path)
    item = next(it for it in data["items"] if it["measure"] == measure)
    if status is None:
        del item["result"]
    else:
        item["result"]["status"] = status
        if comment:
            item["result"]["comment"] = comment
    path.write_text(dump_roundtrip(data, style), encoding="utf-8")


# -- a normal year -----------------------------------------------------------------------------


def test_normal_year_2027_from_2026(run_kpss, example_repo: Path) -> None:
    result = run_kpss("rollover", "2027", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    new = ap_path(example_repo, 2027)
    data = load(new)
    assert data["plan"] == "2024-2027" and data["year"] == 2027 and data["status"] == "draft"
    assert "approved" not in data
    items = items_by_measure(data)
    # 4.3 (senior taxi pilot) runs 2024–2026: dropped; every other measure of 2026 carried.
    assert "4.3" not in items
    assert list(items) == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "3.1",
        "3.2",
        "3.3",
        "4.1",
        "4.2",
        "3.4",
    ]
    # 2026 is not evaluated yet: everything is unfinished, so carried over from 2026 — except the
    # maintain measures (1.1, 2.1, 2.2, 2.3, 3.2, 3.3 in plan.yaml), which run every year anyway.
    maintain = {"1.1", "2.1", "2.2", "2.3", "3.2", "3.3"}
    assert all(it["carried_over"] == 2026 for m, it in items.items() if m not in maintain)
    assert all("carried_over" not in it for m, it in items.items() if m in maintain)
    assert all("result" not in it for it in items.values())
    # targets[2027] and budget[2027] of the plan
    assert items["1.1"]["targets"] == {"1.1.a": 320, "1.1.b": 18, "1.1.c": 35}
    assert items["1.1"]["budget"] == {
        "mpsv": 5800000,
        "obce": 3350000,
        "uhrady": 2900000,
        "kraj": 220000,
    }
    assert items["1.3"]["budget"]["mpsv"] == 35500000 and "eu_jine" not in items["1.3"]["budget"]
    # 4.1.a (yes/no) has no yearly target: the plan's target, with a comment saying so
    assert items["4.1"]["targets"] == {"4.1.b": 3000, "4.1.a": True}
    assert '"4.1.a": true  # odvozeno: cíl plánu (ano)' in ap_path(example_repo, 2027).read_text(encoding="utf-8")
    # 4.2 has no budget in the plan and had none last year
    assert "budget" not in items["4.2"]
    # the summary names what happened, with Czech status labels
    out = result.stdout
    assert "Carried over as unfinished (carried_over: 2026, activities kept): 9" in out
    assert "Carried on (fulfilled or ongoing in 2026, or a maintain measure): 6" in out
    assert (
        "1.1  Udržení pečovatelské služby včetně večerní a víkendové péče [2026: not evaluated]"
        in out
    )
    assert "Dropped: 1" in out
    assert (
        "4.3  Návazné služby pro seniory – senior taxi a klub seniorů [2026: not evaluated]: "
        "the measure runs 2024–2026, not in 2027" in out
    )
    assert "Notes kept from 2026, check that they still apply: 1.3" in out
    assert f"Wrote {AP}/2027.yaml" in out
    assert_valid(run_kpss, example_repo)


def test_previous_file_untouched(run_kpss, example_repo: Path) -> None:
    before = {p: p.read_bytes() for p in example_repo.rglob("*.yaml")}
    assert run_kpss("rollover", "2027", "--repo", example_repo).exit_code == 0
    after = {p: p.read_bytes() for p in example_repo.rglob("*.yaml")}
    assert set(after) - set(before) == {ap_path(example_repo, 2027)}
    assert all(after[p] == before[p] for p in before)


# -- what happens after each status of last year ------------------------------------------------


@pytest.fixture
def rolled_2026(run_kpss, example_repo: Path):
    """2025 evaluated with every status, then `kpss rollover 2026 --force`."""
    old = ap_path(example_repo, 2025)
    set_result(old, "1.4", "not_started")
    set_result(
        old,
        "2.3",
        "cancelled",
        "Raná péče přešla pod krajskou síť; pracovní skupina opatření zrušila.",
    )
    set_result(old, "2.1", None)  # no evaluation at all
    result = run_kpss("rollover", "2026", "--force", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert_valid(run_kpss, example_repo)
    return result, items_by_measure(load(ap_path(example_repo, 2026)))


def test_after_fulfilled_item(rolled_2026) -> None:
    result, items = rolled_2026
    item = items["1.2"]  # computed fulfilled in 2025 and carried over from 2024 then
    assert "carried_over" not in item
    assert item["activities"] == ["1.2.1", "1.2.2"]
    assert item["targets"] == {"1.2.a": 35, "1.2.b": 9500}
    assert (
        "1.2  Osobní asistence, tísňová péče a poradenství pro osoby žijící samostatně [2025: fulfilled]"
        in result.stdout
    )


def test_after_fulfilled_item_activities_follow_the_plan(rolled_2026) -> None:
    _, items = rolled_2026
    # 3.4 was fulfilled; its activity 3.4.1 ran only in 2025, 3.4.2 starts in 2026
    assert items["3.4"]["activities"] == ["3.4.2"]
    assert "carried_over" not in items["3.4"]


def test_after_partially_fulfilled_item(rolled_2026) -> None:
    result, items = rolled_2026
    item = items["1.1"]
    # a maintain measure: carried on, never carried over; its shortfall is in the summary
    assert "carried_over" not in item
    assert "Below target in 2025, carried on (maintain measures run every year; not carried over)" in result.stdout
    assert "  1.1  Udržení pečovatelské služby včetně večerní a víkendové péče [2025: partially fulfilled]" in result.stdout
    # unfinished: last year's activities stay (1.1.2 ran only in 2025), plus those running in 2026
    assert item["activities"] == ["1.1.1", "1.1.2"]
    assert item["targets"] == {"1.1.a": 312, "1.1.b": 17.5, "1.1.c": 32}
    assert item["budget"] == {"mpsv": 5500000, "obce": 3200000, "uhrady": 2750000, "kraj": 220000}
    assert "[2025: partially fulfilled]" in result.stdout


def test_after_not_fulfilled_item(rolled_2026) -> None:
    result, items = rolled_2026
    assert items["4.1"]["carried_over"] == 2025
    assert (
        "4.1  Katalog poskytovatelů a informovanost veřejnosti [2025: not fulfilled]" in result.stdout
    )


def test_after_not_started_item(rolled_2026) -> None:
    result, items = rolled_2026
    assert items["1.4"]["carried_over"] == 2025
    assert items["1.4"]["activities"] == ["1.4.1", "1.4.2"]
    assert "1.4  Podpora pečujících osob [2025: not started]" in result.stdout


def test_after_cancelled_item(rolled_2026) -> None:
    result, items = rolled_2026
    assert "2.3" not in items  # dropped, and not added back although it runs in 2026
    assert "Dropped: 1" in result.stdout
    assert (
        "2.3  Zajištění dostupnosti rané péče [2025: cancelled]: cancelled in 2025: "
        "Raná péče přešla pod krajskou síť; pracovní skupina opatření zrušila."
    ) in result.stdout


def test_after_ongoing_item(rolled_2026) -> None:
    result, items = rolled_2026
    assert "carried_over" not in items["3.3"]
    assert items["3.3"]["activities"] == ["3.3.1"]
    assert (
        "3.3  Krizová pomoc a podpora obětí domácího násilí [2025: ongoing]"
        in result.stdout
    )


def test_after_unevaluated_item(rolled_2026) -> None:
    result, items = rolled_2026
    assert "carried_over" not in items["2.1"]  # maintain: runs every year
    assert (
        "2.1  Sociálně aktivizační služby a poradenství pro rodiny s dětmi [2025: not evaluated]"
        in result.stdout
    )
    assert "Note: 1 measure has no evaluation (result) for 2025 yet, so it counts" in result.stdout


def test_no_results_left(rolled_2026, example_repo: Path) -> None:
    text = ap_path(example_repo, 2026).read_text(encoding="utf-8")
    assert "result:" not in text and "actuals" not in text and "approved" not in text


# -- measures that end and start ------------------------------------------------------------------


def test_measure_that_ends_is_dropped(run_kpss, example_repo: Path) -> None:
    result = run_kpss("rollover", "2027", "--format", "json", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["dropped"] == [
        {
            "action": "dropped",
            "measure": "4.3",
            "title": "Návazné služby pro seniory – senior taxi a klub seniorů",
            "previous_measure": "4.3",
            "previous_plan": "2024-2027",
            "previous_status": "not_evaluated",
            "reason": "ended",
            "detail": "the measure runs 2024–2026, not in 2027",
        }
    ]
    assert "4.3" not in items_by_measure(load(ap_path(example_repo, 2027)))


def test_measure_that_starts_is_added_after_carried_items(run_kpss, example_repo: Path) -> None:
    # 3.4 runs from 2025: the action plan 2024 lacks it, so rolling 2025 adds it at the end.
    result = run_kpss("rollover", "2025", "--force", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    data = load(ap_path(example_repo, 2025))
    assert [it["measure"] for it in data["items"]][-1] == "3.4"
    added = data["items"][-1]
    assert added == {
        "measure": "3.4",
        "activities": ["3.4.1"],
        "budget": {"mpsv": 420000, "obce": 60000},
        "targets": {"3.4.a": 6, "3.4.b": False},
    }
    assert "Added (measures running in 2025 that the action plan 2024 lacked): 1" in result.stdout
    assert (
        "  3.4  Sociální rehabilitace a podpora samostatného bydlení osob s duševním onemocněním"
        in result.stdout
    )
    text = ap_path(example_repo, 2025).read_text(encoding="utf-8")
    # the new item looks like its neighbours: quoted ids, flow list, a blank line before it
    assert '\n\n  - measure: "3.4"\n    activities: ["3.4.1"]\n' in text
    assert_valid(run_kpss, example_repo)


def test_activity_that_starts_is_added_to_carried_item(run_kpss, example_repo: Path) -> None:
    # 1.1.2 runs only in 2025; the 2024 item (fulfilled) gets it in 2025.
    assert run_kpss("rollover", "2025", "--force", "--repo", example_repo).exit_code == 0
    items = items_by_measure(load(ap_path(example_repo, 2025)))
    assert items["1.1"]["activities"] == ["1.1.1", "1.1.2"]


# -- from the plan alone, --plan, years no plan holds ----------------------------------------------


def test_from_plan_alone(run_kpss, example_repo: Path) -> None:
    ap_path(example_repo, 2026).unlink()
    result = run_kpss("rollover", "2027", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    data = load(ap_path(example_repo, 2027))
    measures = [it["measure"] for it in data["items"]]
    assert measures == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "4.1",
        "4.2",
    ]  # plan order, 4.3 ended in 2026
    assert all("carried_over" not in it for it in data["items"])
    assert "from plan 2024-2027 alone (there is no action plan for 2026)" in result.stdout
    text = ap_path(example_repo, 2027).read_text(encoding="utf-8")
    assert text.startswith(
        "# Akční plán 2027 – Komunitní plán sociálních služeb SO ORP Židlochovice"
    )
    assert 'plan: "2024-2027"\nyear: 2027\nstatus: draft\n\nitems:\n  - measure: "1.1"\n' in text
    assert_valid(run_kpss, example_repo)


def test_year_no_plan_holds_is_exit_2_with_advice(run_kpss, example_repo: Path) -> None:
    result = run_kpss("rollover", "2028", "--repo", example_repo)
    assert result.exit_code == 2
    assert "no plan covers 2028" in result.stderr
    assert "plans/2028-2031/plan.yaml" in result.stderr
    assert 'continues: "2024-2027/<measure id>"' in result.stderr
    assert not (example_repo / "plans" / "2028-2031").exists()


def test_plan_option(run_kpss, example_repo: Path) -> None:
    wrong = run_kpss("rollover", "2027", "--plan", "2020-2023", "--repo", example_repo)
    assert wrong.exit_code == 2 and "plan 2020-2023 covers 2020–2023" in wrong.stderr
    unknown = run_kpss("rollover", "2027", "--plan", "2030-2033", "--repo", example_repo)
    assert unknown.exit_code == 2 and "known plans: 2020-2023, 2024-2027" in unknown.stderr
    right = run_kpss("rollover", "2027", "--plan", "2024-2027", "--repo", example_repo)
    assert right.exit_code == 0, right.output
    assert ap_path(example_repo, 2027).exists()


def test_year_out_of_range(run_kpss, example_repo: Path) -> None:
    result = run_kpss("rollover", "1999", "--repo", example_repo)
    assert result.exit_code == 2 and "between 2000 and 2100" in result.stderr


def test_refuses_when_last_year_is_invalid(run_kpss, example_repo: Path) -> None:
    old = ap_path(example_repo, 2026)
    old.write_text(
        old.read_text(encoding="utf-8").replace('"1.2.2"]', '"1.2.9"]'), encoding="utf-8"
    )
    result = run_kpss("rollover", "2027", "--repo", example_repo)
    assert result.exit_code == 2
    assert "fix them first" in result.stderr and "KP215" in result.stderr
    assert not ap_path(example_repo, 2027).exists()


# -- overwrite, force, dry run ----------------------------------------------------------------------


def test_refuses_to_overwrite(run_kpss, example_repo: Path) -> None:
    before = ap_path(example_repo, 2026).read_bytes()
    result = run_kpss("rollover", "2026", "--repo", example_repo)
    assert result.exit_code == 2
    assert f"{AP}/2026.yaml already exists, so nothing was written; use --force" in result.stderr
    assert ap_path(example_repo, 2026).read_bytes() == before


def test_force_replaces(run_kpss, example_repo: Path) -> None:
    result = run_kpss("rollover", "2026", "--force", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    assert f"Replaced {AP}/2026.yaml" in result.stdout
    data = load(ap_path(example_repo, 2026))
    assert data["status"] == "draft" and "approved" not in data
    assert_valid(run_kpss, example_repo)


def test_dry_run_prints_the_file_and_writes_nothing(run_kpss, example_repo: Path) -> None:
    before = sorted(p.relative_to(example_repo) for p in example_repo.rglob("*"))
    dry = run_kpss("rollover", "2027", "--dry-run", "--repo", example_repo)
    assert dry.exit_code == 0, dry.output
    assert sorted(p.relative_to(example_repo) for p in example_repo.rglob("*")) == before
    assert "Dry run: nothing written" in dry.stderr
    assert "Carried over as unfinished" in dry.stderr and "Carried over" not in dry.stdout
    real = run_kpss("rollover", "2027", "--repo", example_repo)
    assert real.exit_code == 0
    assert dry.stdout == ap_path(example_repo, 2027).read_text(encoding="utf-8")


def test_dry_run_over_existing_file_needs_no_force(run_kpss, example_repo: Path) -> None:
    before = ap_path(example_repo, 2026).read_bytes()
    dry = run_kpss("rollover", "2026", "-n", "--repo", example_repo)
    assert dry.exit_code == 0
    assert "exists and needs --force" in dry.stderr
    assert ap_path(example_repo, 2026).read_bytes() == before


def test_json_summary(run_kpss, example_repo: Path) -> None:
    dry = run_kpss("rollover", "2026", "--dry-run", "--format", "json", "--repo", example_repo)
    assert dry.exit_code == 0, dry.output
    data = json.loads(dry.stdout)
    assert data["year"] == 2026 and data["plan"] == "2024-2027" and data["written"] is False
    assert data["from"] == {"year": 2025, "plan": "2024-2027", "file": f"{AP}/2025.yaml"}
    # 1.1 and 3.2 (maintain) were unfinished in 2025: carried on, not carried over, listed as shortfall
    assert data["counts"] == {"carried": 11, "carried_over": 5, "added": 0, "dropped": 0}
    assert data["shortfall"] == ["1.1", "3.2"]
    assert data["overwrites"] is True and data["valid"] is True
    by_id = {i["measure"]: i for i in data["items"]}
    assert by_id["3.3"]["action"] == "carried" and by_id["3.3"]["previous_status"] == "ongoing"
    assert by_id["1.1"]["activities"] == ["1.1.1", "1.1.2"] and by_id["1.1"]["note_kept"] is True
    assert by_id["3.4"]["activities_removed"] == ["3.4.1"] and by_id["3.4"]["activities_added"] == [
        "3.4.2"
    ]
    real = run_kpss("rollover", "2026", "--force", "-f", "json", "--repo", example_repo)
    written = json.loads(real.stdout)
    assert written["written"] is True and "content" not in written
    assert data["content"] == ap_path(example_repo, 2026).read_text(encoding="utf-8")


def test_quiet_prints_nothing(run_kpss, example_repo: Path) -> None:
    result = run_kpss("rollover", "2027", "--quiet", "--repo", example_repo)
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert ap_path(example_repo, 2027).exists()


# -- the user's YAML kept -----------------------------------------------------------------------------


def test_comments_quoting_and_flow_style_kept(run_kpss, example_repo: Path) -> None:
    assert run_kpss("rollover", "2027", "--repo", example_repo).exit_code == 0
    text = ap_path(example_repo, 2027).read_text(encoding="utf-8")
    old = ap_path(example_repo, 2026).read_text(encoding="utf-8")
    # the header comment and every priority heading, each directly above its first item
    assert text.startswith(
        old.splitlines()[0] + '\nplan: "2024-2027"\nyear: 2027\nstatus: draft\n\nitems:\n'
    )
    assert '\n\n  # Priorita 2 – rodina, děti a mládež\n  - measure: "2.1"\n' in text
    assert (
        "\n\n  # Priorita 3 – osoby ohrožené sociálním vyloučením a osoby s duševním onemocněním\n"
        '  - measure: "3.1"\n' in text
    )
    assert (
        '\n\n  # Priorita 4 – informovanost, koordinace a financování\n  - measure: "4.1"\n' in text
    )
    # a comment inside an item stays where it was, above the key it explains
    assert (
        "      obce: 40000\n"
        "    # Ukazatel 4.1.a nemá cíl po letech – platí jeho celková cílová hodnota (true)\n"
        "    targets:\n"
    ) in text
    # quoting and flow style of carried parts
    assert (
        '  - measure: "1.2"\n    activities: ["1.2.1", "1.2.2"]\n    carried_over: 2026\n' in text
    )
    assert '      "1.3.a": 52\n' in text
    # removing 4.3 (last item) leaves no stray blank line at the end
    assert text.endswith('      "3.4.b": true\n')


def test_comments_around_removed_results_kept(run_kpss, example_repo: Path) -> None:
    # In 2025 every item ends with its result: the headings below a result must survive its removal.
    assert run_kpss("rollover", "2026", "--force", "--repo", example_repo).exit_code == 0
    text = ap_path(example_repo, 2026).read_text(encoding="utf-8")
    assert (
        '      "1.5.b": 7\n\n  # Priorita 2 – rodina, děti a mládež\n  - measure: "2.1"\n' in text
    )
    assert (
        '\n\n  # Nové opatření od roku 2025 (v akčním plánu 2024 nebylo aktivní)\n  - measure: "3.4"\n'
        in text
    )
    # an unfinished item's note stays; the blank line between items too
    assert "    note: Pořízení dvou elektromobilů z výzvy IROP.\n" in text


def test_end_of_line_comment_of_removed_key_goes_with_it(run_kpss, example_repo: Path) -> None:
    # 2024 item 1.1: `carried_over: 2023 # v roce 2023 …`; fulfilled in 2024, so no longer carried over.
    assert run_kpss("rollover", "2025", "--force", "--repo", example_repo).exit_code == 0
    text = ap_path(example_repo, 2025).read_text(encoding="utf-8")
    assert "v roce 2023 nebyl dosažen" not in text
    assert '  - measure: "1.1"\n    activities: ["1.1.1", "1.1.2"]\n    budget:\n' in text
    assert_valid(run_kpss, example_repo)


def test_bom_and_crlf_kept(run_kpss, example_repo: Path) -> None:
    old = ap_path(example_repo, 2026)
    old.write_bytes(b"\xef\xbb\xbf" + old.read_bytes().replace(b"\n", b"\r\n"))
    assert run_kpss("validate", "--repo", example_repo).exit_code == 0
    result = run_kpss("rollover", "2027", "--repo", example_repo)
    assert result.exit_code == 0, result.output
    raw = ap_path(example_repo, 2027).read_bytes()
    assert raw.startswith("\ufeff# Akční plán".encode())
    assert raw.count(b"\r\n") == raw.count(b"\n")
    assert b"\r\n\r\n  # Priorita 2 \xe2\x80\x93 rodina" in raw
    assert_valid(run_kpss, example_repo)


# -- an interrupted write ------------------------------------------------------------------------------


def test_interrupted_write_keeps_old_file_and_leaves_no_temp(
    run_kpss, example_repo: Path, monkeypatch
) -> None:
    target = ap_path(example_repo, 2026)
    before = target.read_bytes()

    def fail(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = run_kpss("rollover", "2026", "--force", "--repo", example_repo)
    monkeypatch.undo()
    assert result.exit_code == 2
    assert f"cannot write {AP}/2026.yaml: No space left on device" in result.stderr
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == [
        "2024.yaml",
        "2025.yaml",
        "2026.yaml",
    ]
    assert_valid(run_kpss, example_repo)


def test_interrupted_write_of_new_file_leaves_nothing(
    run_kpss, example_repo: Path, monkeypatch
) -> None:
    def fail(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", fail)
    monkeypatch.setattr(os, "link", fail)  # a new file is created by a hard link (exclusive)
    result = run_kpss("rollover", "2027", "--repo", example_repo)
    monkeypatch.undo()
    assert result.exit_code == 130
    assert sorted(p.name for p in ap_path(example_repo, 2027).parent.iterdir()) == [
        "2024.yaml",
        "2025.yaml",
        "2026.yaml",
    ]


# -- compute and apply apart -----------------------------------------------------------------------------


def test_compute_writes_nothing_and_invalid_text_is_refused(example_repo: Path) -> None:
    import dataclasses

    from kpss_cli.errors import KpssError
    from kpss_cli.rollover import check_text, plan_rollover, write_rollover

    computed = plan_rollover(example_repo, 2027)
    assert not ap_path(example_repo, 2027).exists()
    assert computed.errors == [] and computed.summary.counts()["carried_over"] == 9
    broken_text = computed.text.replace('measure: "1.2"', 'measure: "1.9"')
    broken = dataclasses.replace(
        computed, text=broken_text, findings=check_text(example_repo, computed.relpath, broken_text)
    )
    assert [f.code for f in broken.errors] == ["KP214"]
    with pytest.raises(KpssError, match="would not be valid, so nothing was written"):
        write_rollover(broken)
    assert not ap_path(example_repo, 2027).exists()
    write_rollover(computed)
    assert ap_path(example_repo, 2027).read_text(encoding="utf-8") == computed.text
