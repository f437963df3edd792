"""Reports on the generated national-scale repository: every plan and year keeps the invariants."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from kpss_cli.finance import compute_finance
from kpss_cli.fulfilment import (
    STATUS_COMPUTED,
    STATUS_ORDER,
    compute_fulfilment,
    load_report_repository,
)
from kpss_cli.model import Repository

BENCH = Path(__file__).resolve().parent.parent / "bench"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(BENCH))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(BENCH))
    root = tmp_path_factory.mktemp("national")
    generate(root, scale=1)
    return root


@pytest.fixture(scope="module")
def plans(generated: Path) -> dict[str, Repository]:
    ids = sorted(p.name for p in (generated / "plans").iterdir())
    return {pid: load_report_repository(generated, pid, TODAY) for pid in ids}


def test_every_plan_and_year_keeps_the_invariants(plans: dict[str, Repository]) -> None:
    checked = 0
    for pid, repo in plans.items():
        plan = repo.plans[pid]
        for year in [None, *range(plan.start, plan.end + 1)]:
            report = compute_fulfilment(repo, pid, year, TODAY)
            data = json.loads(json.dumps(report.to_json(), allow_nan=False))
            assert sum(data["counts"].values()) == len(data["measures"])
            assert list(data["counts"]) == list(STATUS_ORDER)
            for p in report.priorities:
                assert sum(p.counts.values()) == len(p.measures)
            for m in report.measures:
                with_actual = [i for i in m.indicators if i.actual is not None]
                assert (m.achievement is None) == (not with_actual)
                if m.achievement is not None:
                    assert 0 <= m.achievement <= 100
                if m.status_basis == STATUS_COMPUTED and m.status == "fulfilled":
                    assert all(i.capped is not None and i.capped >= 100 for i in m.indicators)
                if m.status_basis == STATUS_COMPUTED and m.status == "not_fulfilled":
                    assert m.achievement is not None and m.achievement < report.threshold
                for i in m.indicators:
                    assert (i.achievement is None) == (i.actual is None)
            checked += 1
    assert checked == 4 * (1 + 3)


def test_period_of_an_ended_plan_sums_the_years(plans: dict[str, Repository]) -> None:
    repo = plans["2020-2022"]
    period = compute_fulfilment(repo, "2020-2022", None, TODAY)
    assert period.year is None and period.years == [2020, 2021, 2022]
    years = [compute_fulfilment(repo, "2020-2022", y, TODAY) for y in (2020, 2021, 2022)]
    for m in period.measures:
        for ind in m.indicators:
            if ind.aggregate == "sum" and ind.kind != "boolean" and ind.values:
                per_year = [
                    i.actual
                    for r in years
                    for mm in r.measures
                    if mm.id == m.id
                    for i in mm.indicators
                    if i.id == ind.id and i.actual is not None
                ]
                assert ind.actual == pytest.approx(sum(per_year))
    # the money of the period is the money of its years
    finance = compute_finance(repo, "2020-2022", None, TODAY)
    assert finance.total().planned == period.planned
    assert finance.total().spent == period.spent


def test_cli_json_on_the_generated_repository(run_kpss, generated: Path, plans) -> None:
    run = run_kpss("report", "fulfilment", "-f", "json", "--plan", "2023-2025", "--repo", generated)
    assert run.exit_code == 0, run.stderr
    expected = compute_fulfilment(plans["2023-2025"], "2023-2025", None, TODAY).to_json()
    assert json.loads(run.stdout) == json.loads(json.dumps(expected))
