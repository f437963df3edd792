"""The rules (docs/report.md) of `kpss report fulfilment` / `finance`, each checked on hand-computed numbers.

The small repository below (plan 2020-2022, action plans 2020 and 2021) is written as real YAML
files and read through validation, exactly as the command reads it. The numbers in the
comments of the YAML are the ones the tests expect.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kpss_cli.errors import KpssError
from kpss_cli.finance import compute_finance
from kpss_cli.fulfilment import (
    STATUS_COMPUTED,
    STATUS_EXPLICIT,
    STATUS_NO_ITEM,
    FulfilmentReport,
    MeasureResult,
    compute_fulfilment,
    load_report_repository,
)
from kpss_cli.model import Repository

AFTER = dt.date(2026, 11, 23)  # the period 2020–2022 has ended
DURING = dt.date(2021, 6, 1)

MANIFEST = """\
kpss: 1
territory:
  name: Testov
  kind: obec
fulfilment:
  partial_threshold: {threshold}
"""

PLAN = """\
id: "2020-2022"
title: Komunitní plán Testov 2020–2022
period: {start: 2020, end: 2022}
status: draft
priorities:
  - id: "P1"
    title: Senioři
    measures:
      - id: "1.1"
        title: Pečovatelská služba
        responsible: Město
        budget:
          2021: {mpsv: 9999}
        indicators:
          - {id: "1.1.a", name: Klienti, unit: osoby, target: 100, targets: {2021: 80}}
          - {id: "1.1.b", name: Čekatelé, unit: osoby, kind: at_most, target: 10}
          - {id: "1.1.c", name: Katalog vydán, kind: boolean, target: true}
      - id: "1.2"
        title: Odlehčovací služba
        responsible: Město
        budget:
          2021: {kraj: 500}
        indicators:
          - {id: "1.2.d", name: Stížnosti vyřešené, target: 0}
          - {id: "1.2.e", name: Hodiny péče, unit: hodiny, target: 50, aggregate: sum}
          - {id: "1.2.f", name: Lůžka, unit: lůžka, target: 10, aggregate: max}
      - id: "1.3"
        title: Denní stacionář
        responsible: Spolek
        indicators:
          - {id: "1.3.a", name: Klienti stacionáře, target: 10}
      - id: "1.4"
        title: Tísňová péče
        responsible: Město
        years: {from: 2021, to: 2022}
        indicators:
          - {id: "1.4.a", name: Uživatelé, target: 100}
  - id: "P2"
    title: Rodiny
    measures:
      - id: "2.1"
        title: Poradna
        responsible: Spolek
        indicators:
          - {id: "2.1.a", name: Rodiny, target: 20}
      - id: "2.2"
        title: Klub pro mládež
        responsible: Spolek
        indicators:
          - {id: "2.2.a", name: Návštěvníci, target: 10}
      - id: "2.3"
        title: Jednorázová kampaň
        responsible: Město
        years: {from: 2020, to: 2020}
        indicators:
          - {id: "2.3.a", name: Akce, target: 5}
"""

AP_2020 = """\
plan: "2020-2022"
year: 2020
status: draft
items:
  - measure: "1.1"
    budget: {mpsv: 1800}
    result:
      actuals: {"1.1.a": 50, "1.1.b": 8, "1.1.c": false}
      spent: {mpsv: 1800}
  - measure: "1.2"
    result:
      actuals: {"1.2.d": 3, "1.2.e": 25, "1.2.f": 12}
  - measure: "1.3"
    result:
      status: not_started
  - measure: "2.1"
  - measure: "2.2"
    result:
      actuals: {"2.2.a": 4}
  - measure: "2.3"
    result:
      actuals: {"2.3.a": 5}
"""

AP_2021 = """\
plan: "2020-2022"
year: 2021
status: draft
items:
  - measure: "1.1"              # 72/90 = 80 %, 10/12 = 83.3 % (at_most over), true = 100 %
    budget: {obce: 1000, mpsv: 2000}
    targets: {"1.1.a": 90}
    result:
      actuals: {"1.1.a": 72, "1.1.b": 12, "1.1.c": true}
      spent: {mpsv: 2100, obce: 900}
  - measure: "1.2"              # 0/0 = 100 %, 20/50 = 40 %, 6/10 = 60 %; budget from plan.yaml
    result:
      actuals: {"1.2.d": 0, "1.2.e": 20, "1.2.f": 6}
      spent: {kraj: 450}
  - measure: "1.3"              # 2/10 = 20 %, but the result says fulfilled
    budget: {obce: 300}
    result:
      status: fulfilled
      actuals: {"1.3.a": 2}
  - measure: "1.4"              # 55 %: under a threshold of 60, over one of 50
    budget: {obce: 100}
    result:
      actuals: {"1.4.a": 55}
      spent: {obce: 100}
  - measure: "2.1"              # evaluated, but no actual: not evaluated, no achievement
    budget: {jine: 50}
    result:
      comment: Poradna neotevřena, data chybí.
  # 2.2 is active in 2021 but missing here: not evaluated
"""


def write_repo(root: Path, threshold: float | None = 60, with_2021: bool = True) -> Path:
    """The small repository above, in ``root``."""
    (root / "plans" / "2020-2022" / "action-plans").mkdir(parents=True)
    manifest = MANIFEST.format(threshold=threshold)
    if threshold is None:
        manifest = manifest.split("fulfilment:")[0]
    (root / "kpss.yaml").write_text(manifest, encoding="utf-8")
    (root / "plans" / "2020-2022" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (root / "plans" / "2020-2022" / "action-plans" / "2020.yaml").write_text(
        AP_2020, encoding="utf-8"
    )
    if with_2021:
        (root / "plans" / "2020-2022" / "action-plans" / "2021.yaml").write_text(
            AP_2021, encoding="utf-8"
        )
    return root


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "small")


def load(root: Path, on: dt.date = AFTER) -> Repository:
    return load_report_repository(root, on=on)


def by_id(report: FulfilmentReport) -> dict[str, MeasureResult]:
    return {m.id: m for m in report.measures}


# -- one year ---------------------------------------------------------------------------------


def test_year_indicator_rules_by_kind(small: Path) -> None:
    report = compute_fulfilment(load(small), year=2021, on=AFTER)
    m = by_id(report)["1.1"]
    a, b, c = m.indicators
    # The item's target (90) beats the indicator's targets[2021] (80) and target (100).
    assert (a.target, a.actual, a.achievement) == (90, 72, pytest.approx(80.0))
    # at_most over its target: 100·target/actual.
    assert (b.target, b.actual, b.achievement) == (10, 12, pytest.approx(100 * 10 / 12))
    # boolean equal to its target.
    assert (c.target, c.actual, c.achievement) == (True, True, 100.0)
    assert m.achievement == pytest.approx((80 + 100 * 10 / 12 + 100) / 3)
    assert (m.status, m.status_basis) == ("partially_fulfilled", STATUS_COMPUTED)


def test_boolean_not_reached_is_zero_and_year_target_from_targets(small: Path) -> None:
    report = compute_fulfilment(load(small), year=2020, on=AFTER)
    a, b, c = by_id(report)["1.1"].indicators
    assert (a.target, a.achievement) == (100, 50.0)  # no targets[2020]: the indicator's target
    assert (b.actual, b.achievement) == (8, 100.0)  # at_most under its target
    assert (c.actual, c.achievement) == (False, 0.0)
    # mean 50 % is under the manifest's threshold of 60 %
    assert by_id(report)["1.1"].status == "not_fulfilled"


def test_zero_target_counts_as_reached(small: Path) -> None:
    report = compute_fulfilment(load(small), year=2021, on=AFTER)
    d, e, f = by_id(report)["1.2"].indicators
    assert (d.target, d.actual, d.achievement) == (0, 0, 100.0)
    assert e.achievement == pytest.approx(40.0)
    assert f.achievement == pytest.approx(60.0)
    assert by_id(report)["1.2"].achievement == pytest.approx(200 / 3)


def test_achievement_is_reported_uncapped_but_capped_in_means(small: Path) -> None:
    report = compute_fulfilment(load(small), year=2020, on=AFTER)
    d, e, f = by_id(report)["1.2"].indicators
    assert f.achievement == pytest.approx(120.0)  # 12 of 10
    assert d.achievement == 100.0 and e.achievement == pytest.approx(50.0)
    assert by_id(report)["1.2"].achievement == pytest.approx((100 + 50 + 100) / 3)


def test_explicit_status_overrides_the_computed_one(small: Path) -> None:
    m = by_id(compute_fulfilment(load(small), year=2021, on=AFTER))["1.3"]
    assert (m.status, m.status_basis) == ("fulfilled", STATUS_EXPLICIT)
    assert m.achievement == pytest.approx(20.0)  # the figures still show


def test_measure_with_no_actual_is_not_evaluated_with_null_achievement(small: Path) -> None:
    m = by_id(compute_fulfilment(load(small), year=2021, on=AFTER))["2.1"]
    assert (m.status, m.achievement, m.spent) == ("not_evaluated", None, None)
    assert m.indicators[0].actual is None and m.indicators[0].achievement is None
    assert m.comment == "Poradna neotevřena, data chybí."
    assert m.to_json()["achievement"] is None


def test_active_measure_missing_from_the_action_plan_is_not_evaluated(small: Path) -> None:
    report = compute_fulfilment(load(small), year=2021, on=AFTER)
    m = by_id(report)["2.2"]
    assert (m.status, m.status_basis, m.in_action_plan) == ("not_evaluated", STATUS_NO_ITEM, False)
    assert (m.planned, m.spent, m.achievement) == (None, None, None)
    # 2.3 runs only in 2020: not part of the 2021 report at all
    assert "2.3" not in by_id(report)


def test_threshold_comes_from_the_manifest(tmp_path: Path) -> None:
    strict = compute_fulfilment(load(write_repo(tmp_path / "t60", 60)), year=2021, on=AFTER)
    lenient = compute_fulfilment(load(write_repo(tmp_path / "t50", 50)), year=2021, on=AFTER)
    default = compute_fulfilment(load(write_repo(tmp_path / "none", None)), year=2021, on=AFTER)
    assert by_id(strict)["1.4"].status == "not_fulfilled"  # 55 % < 60 %
    assert by_id(lenient)["1.4"].status == "partially_fulfilled"  # 55 % ≥ 50 %
    assert by_id(default)["1.4"].status == "partially_fulfilled"  # default 50 %
    assert (strict.threshold, default.threshold) == (60, 50)


def test_year_rollups_counts_and_means(small: Path) -> None:
    report = compute_fulfilment(load(small), year=2021, on=AFTER)
    measure_means = [(80 + 100 * 10 / 12 + 100) / 3, 200 / 3, 20.0, 55.0]
    assert report.counts == {
        "fulfilled": 1,
        "partially_fulfilled": 2,
        "not_fulfilled": 1,
        "ongoing": 0,
        "not_started": 0,
        "cancelled": 0,
        "not_evaluated": 2,
    }
    p1, p2 = report.priorities
    assert p1.achievement == pytest.approx(sum(measure_means) / 4)
    assert p2.achievement is None  # neither of its measures has an actual
    assert p2.counts["not_evaluated"] == 2
    assert report.achievement == pytest.approx(sum(measure_means) / 4)


def test_year_money_planned_vs_spent(small: Path) -> None:
    report = compute_fulfilment(load(small), year=2021, on=AFTER)
    m = by_id(report)
    assert m["1.1"].planned == {"mpsv": 2000, "obce": 1000}  # the item's, not the plan's 9999
    assert m["1.2"].planned == {"kraj": 500} and m["1.2"].planned_from_plan == [2021]
    assert m["1.3"].spent is None  # a result without `spent`: missing, not 0
    assert report.planned == {"mpsv": 2000, "kraj": 500, "obce": 1400, "jine": 50}
    assert report.spent == {"mpsv": 2100, "kraj": 450, "obce": 1000}
    assert report.priorities[1].planned == {"jine": 50}
    assert report.priorities[1].spent is None


# -- over the period ----------------------------------------------------------------------------


def test_period_is_the_default_after_the_plan_ended(small: Path) -> None:
    report = compute_fulfilment(load(small), on=AFTER)
    assert report.year is None
    assert report.years == [2020, 2021] and report.missing_years == [2022]
    assert [m.id for m in report.measures] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3"]


def test_period_aggregates_last_sum_max_against_the_indicator_target(small: Path) -> None:
    m = by_id(compute_fulfilment(load(small), on=AFTER))
    a, b, c = m["1.1"].indicators
    assert (a.target, a.actual, a.achievement) == (100, 72, pytest.approx(72.0))  # last
    assert (b.actual, c.actual) == (12, True)
    d, e, f = m["1.2"].indicators
    assert (d.actual, d.achievement) == (0, 100.0)
    assert (e.target, e.actual, e.achievement) == (50, 45, pytest.approx(90.0))  # sum 25 + 20
    assert e.values == {2020: 25, 2021: 20}
    assert (f.actual, f.achievement) == (12, pytest.approx(120.0))  # max of 12 and 6
    assert m["1.2"].achievement == pytest.approx((100 + 90 + 100) / 3)
    assert m["1.1"].achievement == pytest.approx((72 + 100 * 10 / 12 + 100) / 3)


def test_period_status_of_the_latest_evaluated_year(small: Path) -> None:
    m = by_id(compute_fulfilment(load(small), on=AFTER))
    # not_started in 2020, fulfilled in 2021: the latest one counts
    assert (m["1.3"].status, m["1.3"].evaluated_year) == ("fulfilled", 2021)
    # 2.2 was evaluated in 2020 only (40 %): computed from that
    assert (m["2.2"].status, m["2.2"].achievement) == ("not_fulfilled", pytest.approx(40.0))
    assert m["2.3"].status == "fulfilled"
    assert m["2.1"].status == "not_evaluated" and m["2.1"].achievement is None


def test_period_rollups_and_money(small: Path) -> None:
    report = compute_fulfilment(load(small), on=AFTER)
    p1_means = [(72 + 100 * 10 / 12 + 100) / 3, (100 + 90 + 100) / 3, 20.0, 55.0]
    p2_means = [40.0, 100.0]
    assert report.priorities[0].achievement == pytest.approx(sum(p1_means) / 4)
    assert report.priorities[1].achievement == pytest.approx(sum(p2_means) / 2)
    # the plan's mean is over its measures, not over its priorities
    assert report.achievement == pytest.approx((sum(p1_means) + sum(p2_means)) / 6)
    assert report.counts["fulfilled"] == 2 and report.counts["not_fulfilled"] == 2
    assert by_id(report)["1.1"].planned == {"mpsv": 3800, "obce": 1000}
    assert by_id(report)["1.1"].spent == {"mpsv": 3900, "obce": 900}


# -- choosing the plan and the year ---------------------------------------------------------------


def test_latest_evaluated_year_while_the_period_runs(small: Path) -> None:
    assert compute_fulfilment(load(small, DURING), on=DURING).year == 2021
    # with 2021 not yet evaluated the report falls back to 2020
    repo = load(write_repo(small.parent / "only2020", with_2021=False), DURING)
    assert compute_fulfilment(repo, on=DURING).year == 2020


def test_year_outside_the_period_is_an_error(small: Path) -> None:
    with pytest.raises(KpssError, match="2023 lies outside the period 2020–2022"):
        compute_fulfilment(load(small), year=2023, on=AFTER)


def test_plan_without_evaluated_year_is_an_error(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "r", with_2021=False)
    ap = root / "plans" / "2020-2022" / "action-plans" / "2020.yaml"
    ap.write_text(
        'plan: "2020-2022"\nyear: 2020\nstatus: draft\nitems:\n  - measure: "1.1"\n',
        encoding="utf-8",
    )
    with pytest.raises(KpssError, match="no evaluated year"):
        compute_fulfilment(load(root), on=AFTER)
    with pytest.raises(KpssError, match="no evaluated year"):
        compute_fulfilment(load(root), year=2020, on=AFTER)


def test_year_without_action_plan_reports_everything_not_evaluated(small: Path) -> None:
    report = compute_fulfilment(load(small), year=2022, on=AFTER)
    assert report.missing_years == [2022] and report.years == []
    assert {m.status for m in report.measures} == {"not_evaluated"}
    assert report.achievement is None


def test_default_plan_holds_the_current_year_else_the_latest(example_repo: Path) -> None:
    today = dt.date(2026, 11, 23)
    report = compute_fulfilment(load_report_repository(example_repo, on=today), on=today)
    assert (report.plan, report.year) == ("2024-2027", 2025)
    later = dt.date(2031, 1, 1)
    assert compute_fulfilment(load_report_repository(example_repo, on=later), on=later).plan == (
        "2024-2027"
    )
    old = dt.date(2023, 3, 1)
    report = compute_fulfilment(load_report_repository(example_repo, on=old), on=old)
    assert (report.plan, report.year) == ("2020-2023", 2023)


def test_unknown_plan_lists_the_known_ones(example_repo: Path) -> None:
    with pytest.raises(KpssError, match="no plan '2030-2033'; known plans: 2020-2023, 2024-2027"):
        load_report_repository(example_repo, "2030-2033")


def test_report_refuses_a_plan_with_errors(small: Path) -> None:
    plan = small / "plans" / "2020-2022" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("target: 0}", "target: ano}"), encoding="utf-8"
    )
    with pytest.raises(KpssError, match="error"):
        load(small)


def test_services_and_other_plans_are_not_read(example_repo: Path) -> None:
    # A broken services.yaml or an older plan changes no figure of the current plan's report.
    (example_repo / "services.yaml").write_text("providers: [oops\n", encoding="utf-8")
    old_plan = example_repo / "plans" / "2020-2023" / "plan.yaml"
    old_plan.write_text("id: broken\n", encoding="utf-8")
    today = dt.date(2026, 11, 23)
    report = compute_fulfilment(load_report_repository(example_repo, on=today), on=today)
    assert report.plan == "2024-2027"


# -- JSON shape (docs/report.md) ------------------------------------------------------------------------


def test_json_has_the_spec_shape(small: Path) -> None:
    data = compute_fulfilment(load(small), year=2021, on=AFTER).to_json()
    assert {"plan", "year", "measures", "priorities", "counts", "achievement"} <= set(data)
    assert data["plan"] == "2020-2022" and data["year"] == 2021
    measure = data["measures"][0]
    assert {
        "id",
        "priority",
        "title",
        "status",
        "achievement",
        "indicators",
        "planned",
        "spent",
    } <= set(measure)
    indicator = measure["indicators"][0]
    assert {"id", "name", "kind", "target", "actual", "achievement"} <= set(indicator)
    assert {"id", "title", "counts", "achievement"} <= set(data["priorities"][0])
    assert measure["achievement"] == pytest.approx(87.78, abs=0.005)
    assert data["measures"][5]["achievement"] is None  # missing stays null, never 0


# -- finance ---------------------------------------------------------------------------------


def test_finance_per_source_priority_and_year(small: Path) -> None:
    report = compute_finance(load(small), on=AFTER)
    assert report.years == [2020, 2021] and report.evaluated_years == [2020, 2021]
    total = report.total()
    assert total.planned == {"mpsv": 3800, "kraj": 500, "obce": 1400, "jine": 50}
    assert total.spent == {"mpsv": 3900, "kraj": 450, "obce": 1000}
    # spent compares with what was planned for the items that report spending
    assert total.planned_evaluated == {"mpsv": 3800, "kraj": 500, "obce": 1100}
    assert total.spent_percent == pytest.approx(100 * 5350 / 5400)
    sources = {row.source: row for row in report.sources()}
    assert sources["jine"].spent is None and sources["jine"].spent_percent is None
    data = report.to_json()
    assert [y["planned_total"] for y in data["by_year"]] == [1800, 3950]
    assert [p["spent_total"] for p in data["priorities"]] == [5350, None]
    assert data["priorities"][0]["by_year"][1]["planned"] == {
        "mpsv": 2000,
        "kraj": 500,
        "obce": 1400,
    }


def test_finance_one_year_and_errors(small: Path) -> None:
    report = compute_finance(load(small), year=2021, on=AFTER)
    assert report.total().planned_total == 3950 and report.total().spent_total == 3550
    assert compute_finance(load(small), year=2022, on=AFTER).missing_years == [2022]
    with pytest.raises(KpssError, match="outside the period"):
        compute_finance(load(small), year=2019, on=AFTER)
