"""``kpss report finance`` as data: planned vs spent money per funding source, priority and year.

Planned money is the action-plan items' ``budget`` (an item without one: the measure's
``budget[year]`` of plan.yaml), spent money the results' ``spent`` — the same rule as the money
of the fulfilment report (fulfilment.item_money). Missing data stays ``None``, never 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kpss_cli import codes
from kpss_cli.cofinancing import Cofinancing, split_entries
from kpss_cli.errors import KpssError
from kpss_cli.fulfilment import SOURCE_ORDER, item_money, money_total, select_plan, sum_money
from kpss_cli.model import Budget, Repository


@dataclass
class MoneyEntry:
    """Planned vs spent of one measure in one year."""

    year: int
    priority: str
    measure: str
    title: str
    planned: Budget | None
    spent: Budget | None
    planned_from_plan: bool = False
    evaluated: bool = False  # the item has a result: its spent money is known (or left out)

    def to_json(self) -> dict[str, Any]:
        """The entry as in ``measures[].years`` of the JSON output."""
        return {
            "year": self.year,
            "evaluated": self.evaluated,
            "planned": self.planned,
            "spent": self.spent,
            "planned_total": money_total(self.planned),
            "spent_total": money_total(self.spent),
            "planned_from_plan": self.planned_from_plan,
        }


def _percent(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return 100.0 * part / whole


@dataclass
class MoneySum:
    """Planned vs spent of a set of entries, per funding source and in total.

    ``planned_evaluated`` is what was planned for the items whose result reports spent money:
    the share spent compares like with like, not with money of years (or items) not yet evaluated.
    """

    planned: Budget | None
    planned_evaluated: Budget | None
    spent: Budget | None

    @classmethod
    def of(cls, entries: Iterable[MoneyEntry]) -> MoneySum:
        """The sums of ``entries``."""
        listed = list(entries)
        return cls(
            sum_money(e.planned for e in listed),
            sum_money(e.planned for e in listed if e.spent is not None),
            sum_money(e.spent for e in listed),
        )

    @property
    def planned_total(self) -> float | None:
        return money_total(self.planned)

    @property
    def planned_evaluated_total(self) -> float | None:
        return money_total(self.planned_evaluated)

    @property
    def spent_total(self) -> float | None:
        return money_total(self.spent)

    @property
    def spent_percent(self) -> float | None:
        """Spent as a share of the money planned for the items that report spending."""
        return _percent(self.spent_total, self.planned_evaluated_total)

    def to_json(self) -> dict[str, Any]:
        """The sums as JSON keys (merged into the object of a year, priority or the plan)."""
        percent = self.spent_percent
        return {
            "planned": self.planned,
            "spent": self.spent,
            "planned_evaluated": self.planned_evaluated,
            "planned_total": self.planned_total,
            "spent_total": self.spent_total,
            "planned_evaluated_total": self.planned_evaluated_total,
            "spent_percent": None if percent is None else round(percent, 2),
        }


@dataclass
class SourceRow:
    """One funding source of the plan's total."""

    source: str
    planned: float | None
    planned_evaluated: float | None
    spent: float | None

    @property
    def label(self) -> str:
        return codes.label(codes.FUNDING_SOURCE, self.source)

    @property
    def spent_percent(self) -> float | None:
        return _percent(self.spent, self.planned_evaluated)

    def to_json(self) -> dict[str, Any]:
        """The row as in ``sources`` of the JSON output."""
        percent = self.spent_percent
        return {
            "source": self.source,
            "label": self.label,
            "planned": self.planned,
            "planned_evaluated": self.planned_evaluated,
            "spent": self.spent,
            "spent_percent": None if percent is None else round(percent, 2),
        }


@dataclass
class FinanceReport:
    """Planned vs spent of a plan in one year (``year``) or in every year with an action plan."""

    plan: str
    title: str
    period: tuple[int, int]
    year: int | None
    years: list[int]  # the years reported (with or without an action plan)
    evaluated_years: list[int]  # of those, the ones whose action plan holds a result
    priorities: list[tuple[str, str]]  # (id, title) in plan order
    entries: list[MoneyEntry]  # in plan order of measures, then by year
    missing_years: list[int]  # reported years with no action plan (nothing planned in one)
    cofinancing: Cofinancing | None = None  # the obce money split among the municipalities

    def total(self) -> MoneySum:
        """The plan's sums."""
        return MoneySum.of(self.entries)

    def select(self, year: int | None = None, priority: str | None = None) -> list[MoneyEntry]:
        """The entries of a year and/or a priority."""
        return [
            e
            for e in self.entries
            if (year is None or e.year == year) and (priority is None or e.priority == priority)
        ]

    def sources(self) -> list[SourceRow]:
        """One row per funding source with any planned or spent money, in code-list order."""
        total = self.total()
        planned, spent, planned_ev = (
            total.planned or {},
            total.spent or {},
            total.planned_evaluated or {},
        )
        rank = {c: i for i, c in enumerate(SOURCE_ORDER)}
        used = sorted(set(planned) | set(spent), key=lambda s: (rank.get(s, len(rank)), s))
        return [SourceRow(s, planned.get(s), planned_ev.get(s), spent.get(s)) for s in used]

    def to_json(self) -> dict[str, Any]:
        """The ``report finance --format json`` object."""
        measures: dict[str, dict[str, Any]] = {}
        for e in self.entries:
            m = measures.setdefault(
                e.measure, {"id": e.measure, "priority": e.priority, "title": e.title, "years": []}
            )
            m["years"].append(e.to_json())
        return {
            "plan": self.plan,
            "title": self.title,
            "period": {"start": self.period[0], "end": self.period[1]},
            "year": self.year,
            "years": list(self.years),
            "evaluated_years": list(self.evaluated_years),
            "missing_years": list(self.missing_years),
            **self.total().to_json(),
            "sources": [row.to_json() for row in self.sources()],
            "by_year": [
                {
                    "year": y,
                    "evaluated": y in self.evaluated_years,
                    **MoneySum.of(self.select(year=y)).to_json(),
                }
                for y in self.years
            ],
            "priorities": [
                {
                    "id": pid,
                    "title": title,
                    **MoneySum.of(self.select(priority=pid)).to_json(),
                    "by_year": [
                        {"year": y, **MoneySum.of(self.select(year=y, priority=pid)).to_json()}
                        for y in self.years
                    ],
                }
                for pid, title in self.priorities
            ],
            "measures": list(measures.values()),
            "cofinancing": None if self.cofinancing is None else self.cofinancing.to_json(),
        }


def compute_finance(
    repo: Repository, plan_id: str | None = None, year: int | None = None, on: dt.date | None = None
) -> FinanceReport:
    """Planned vs spent of a plan: in ``year``, else in every year of it with an action plan."""
    from kpss_cli.validate import today

    on = on or today()
    plan = select_plan(repo, plan_id, on)
    if year is not None:
        if not plan.holds(year):
            raise KpssError(
                f"year {year} lies outside the period {plan.start}–{plan.end} of plan {plan.id}; "
                f"give a year from {plan.start} to {plan.end} (or another plan with --plan)"
            )
        years = [year]
    else:
        years = sorted(plan.action_plans)
        if not years:
            raise KpssError(
                f"plan {plan.id} has no action plan yet, so no money is planned in one; "
                "create the first with `kpss rollover YEAR`"
            )
    order = {m.id: i for i, m in enumerate(plan.measures)}
    entries: list[MoneyEntry] = []
    for y in years:
        ap = plan.action_plans.get(y)
        for item in ap.items if ap is not None else []:
            measure = plan.measure(item.measure)
            if measure is None:  # validate rejects it; never guess where its money belongs
                continue
            planned, from_plan, spent = item_money(measure, item, y)
            entries.append(
                MoneyEntry(
                    year=y,
                    priority=measure.priority_id,
                    measure=measure.id,
                    title=measure.title,
                    planned=planned,
                    spent=spent,
                    planned_from_plan=from_plan,
                    evaluated=item.result is not None,
                )
            )
    entries.sort(key=lambda e: (order.get(e.measure, len(order)), e.year))
    evaluated = [y for y in years if y in plan.action_plans and plan.action_plans[y].evaluated]
    return FinanceReport(
        plan=plan.id,
        title=plan.title,
        period=plan.period,
        year=year,
        years=years,
        evaluated_years=evaluated,
        priorities=[(p.id, p.title) for p in plan.priorities],
        entries=entries,
        missing_years=[y for y in years if y not in plan.action_plans],
        cofinancing=split_entries(repo.manifest, entries) if repo.manifest else None,
    )
