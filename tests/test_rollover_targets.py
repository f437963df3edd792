"""Rollover writes every indicator's target for the year; a derived one says how, in a comment."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpss_cli.model import Indicator, Measure
from kpss_cli.rollover.targets import indicator_target, straight_line

AP = Path("plans/2024-2027/action-plans")
PLAN = Path("plans/2024-2027/plan.yaml")


def measure(kind: str | None = "develop", years: tuple[int, int] | None = None) -> Measure:
    return Measure(id="1.2", title="T", responsible="R", priority_id="P1", plan_id="2024-2027",
                   period=(2024, 2027), kind=kind, years=years)


def ind(**kw) -> Indicator:
    return Indicator(id="1.2.a", name="N", **{"target": 60, **kw})


@pytest.mark.parametrize(
    ("baseline", "base_year", "target", "last", "year", "whole", "expected"),
    [
        (30, 2022, 60, 2025, 2023, True, 40),  # 30 + 30 · 1/3
        (30, 2022, 60, 2025, 2024, True, 50),
        (30, 2022, 60, 2025, 2025, True, 60),  # the last year: the target
        (30, 2022, 60, 2025, 2026, True, 60),  # after it too
        (18, 2023, 40, 2027, 2026, True, 35),  # 18 + 22 · 3/4 = 34.5, half up
        (10, 2020, 15, 2024, 2021, True, 11),  # 11.25
        (16.5, 2023, 18, 2026, 2025, False, 17.5),  # one decimal
        (16.5, 2023, 18, 2026, 2024, False, 17),  # 17.0 written as 17
        (100, 2023, 40, 2027, 2025, True, 70),  # a falling at_least line is a line too
    ],
)
def test_straight_line(baseline, base_year, target, last, year, whole, expected) -> None:
    assert straight_line(baseline, base_year, target, last, year, whole) == expected


def test_yearly_target_given_in_the_plan_has_no_note() -> None:
    got = indicator_target(measure(), ind(targets={2025: 44}, baseline={"year": 2022, "value": 30}), 2025)
    assert (got.value, got.note) == (44, None)


def test_linear_target_with_note() -> None:
    got = indicator_target(measure(years=(2024, 2025)), ind(baseline={"year": 2022, "value": 30}), 2024)
    assert got.value == 50  # 30 + 30 · 2/3 = 50 (the measure's last year is 2025)
    assert got.note == "odvozeno: lineárně z výchozí hodnoty 30 (2022) k cíli 60 (2025)"
    en = indicator_target(measure(years=(2024, 2025)), ind(baseline={"year": 2022, "value": 30}), 2024, "en")
    assert en.note == "derived: straight line from the baseline 30 (2022) to the target 60 (2025)"


def test_maintain_boolean_at_most_and_no_baseline_take_the_plan_target() -> None:
    base = {"year": 2022, "value": 30}
    maintain = indicator_target(measure("maintain"), ind(baseline=base), 2025)
    assert maintain.value == 60 and maintain.note.startswith("odvozeno: cíl plánu 60")
    boolean = indicator_target(measure(), ind(kind="boolean", target=True), 2025)
    assert (boolean.value, boolean.note) == (True, "odvozeno: cíl plánu (ano)")
    at_most = indicator_target(measure(), ind(kind="at_most", target=7, baseline=base), 2025)
    assert (at_most.value, at_most.note) == (7, "odvozeno: cíl plánu nejvýše 7")
    same_year = indicator_target(measure(), ind(baseline={"year": 2025, "value": 30}), 2025)
    assert same_year.value == 60 and "výchozí hodnota z dřívějšího roku chybí" in same_year.note


# -- in the written file ---------------------------------------------------------------------------

TARGETS_1_2_A = "            targets:\n              2024: 25\n              2025: 30\n              2026: 35\n              2027: 40\n"


@pytest.fixture
def no_yearly_targets(example_repo: Path) -> Path:
    """The example with the yearly targets of 1.2.a (develop, baseline 18 in 2023, target 40) removed."""
    plan = example_repo / PLAN
    text = plan.read_text(encoding="utf-8")
    assert TARGETS_1_2_A in text
    plan.write_text(text.replace(TARGETS_1_2_A, "", 1), encoding="utf-8")
    return example_repo


def line_of(text: str, key: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(key))


def test_rollover_writes_the_derived_target_with_its_comment(run_kpss, no_yearly_targets: Path) -> None:
    repo = no_yearly_targets
    done = run_kpss("rollover", "2026", "--force", "--repo", repo)
    assert done.exit_code == 0, done.output
    text = (repo / AP / "2026.yaml").read_text(encoding="utf-8")
    # 18 + (40 − 18) · (2026 − 2023) / (2027 − 2023) = 34.5 -> 35
    assert line_of(text, '"1.2.a"') == '      "1.2.a": 35  # odvozeno: lineárně z výchozí hodnoty 18 (2023) k cíli 40 (2027)'
    assert line_of(text, '"1.2.b"') == '      "1.2.b": 9500'  # given in the plan: no comment
    assert "Yearly targets derived where the plan gives none for 2026:" in done.stdout
    assert run_kpss("validate", "--repo", repo).exit_code == 0
    again = run_kpss("rollover", "2026", "--force", "--repo", repo)
    assert again.exit_code == 0
    assert (repo / AP / "2026.yaml").read_text(encoding="utf-8") == text
    # The next year's rollover replaces kpss's own note instead of adding a second one.
    assert run_kpss("rollover", "2027", "--repo", repo).exit_code == 0
    text_2027 = (repo / AP / "2027.yaml").read_text(encoding="utf-8")
    assert line_of(text_2027, '"1.2.a"') == '      "1.2.a": 40  # odvozeno: lineárně z výchozí hodnoty 18 (2023) k cíli 40 (2027)'


def test_a_comment_of_the_user_stays_beside_the_note(run_kpss, no_yearly_targets: Path) -> None:
    repo = no_yearly_targets
    path = repo / AP / "2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"1.2.a": 30\n', '"1.2.a": 30  # dle smlouvy s MPSV\n', 1),
                    encoding="utf-8")
    assert run_kpss("rollover", "2026", "--force", "--repo", repo).exit_code == 0
    text = (repo / AP / "2026.yaml").read_text(encoding="utf-8")
    assert line_of(text, '"1.2.a"') == (
        '      "1.2.a": 35  # dle smlouvy s MPSV – odvozeno: lineárně z výchozí hodnoty 18 (2023) k cíli 40 (2027)'
    )
    assert run_kpss("rollover", "2027", "--repo", repo).exit_code == 0
    text_2027 = (repo / AP / "2027.yaml").read_text(encoding="utf-8")
    assert line_of(text_2027, '"1.2.a"').count("odvozeno") == 1
    assert "# dle smlouvy s MPSV – odvozeno:" in line_of(text_2027, '"1.2.a"')


def test_flow_targets_get_one_comment_after_the_map(run_kpss, no_yearly_targets: Path) -> None:
    repo = no_yearly_targets
    path = repo / AP / "2025.yaml"
    text = path.read_text(encoding="utf-8")
    block = '    targets:\n      "1.2.a": 30\n      "1.2.b": 9000\n'
    assert block in text
    path.write_text(text.replace(block, '    targets: {"1.2.a": 30, "1.2.b": 9000}\n', 1), encoding="utf-8")
    assert run_kpss("rollover", "2026", "--force", "--repo", repo).exit_code == 0
    new = (repo / AP / "2026.yaml").read_text(encoding="utf-8")
    assert (
        '    targets: {"1.2.a": 35, "1.2.b": 9500}  # odvozeno: 1.2.a lineárně z výchozí hodnoty 18 (2023) k cíli 40 (2027)'
        in new
    )
    assert run_kpss("validate", "--repo", repo).exit_code == 0
