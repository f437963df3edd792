"""``kpss report fulfilment`` as data: how far each measure got (docs/report.md), per year or per period.

:func:`compute_fulfilment` returns a :class:`FulfilmentReport`; its ``to_json()`` is the JSON of docs/report.md
object (the CLI prints exactly that, the DOCX renderer draws from the same object). The per-year
rules live in status.py (shared with rollover); this module adds the period aggregation, the
roll-ups per priority and plan, and planned vs spent money. Missing data stays ``None``, never 0.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpss_cli import codes
from kpss_cli.errors import KpssError
from kpss_cli.i18n import _
from kpss_cli.model import Budget, Indicator, Item, Measure, Plan, Repository, Value
from kpss_cli.status import (
    NOT_EVALUATED,
    IndicatorOutcome,
    achievement,
    computed_status,
    mean_capped,
    year_outcomes,
)

# Why a measure has its status (the "explain" part of the report).
STATUS_EXPLICIT = "explicit"  # the result's own `status`
STATUS_COMPUTED = "computed"  # from the indicators (docs/report.md)
STATUS_NO_ITEM = "not_in_action_plan"  # active in the year, missing from its action plan
STATUS_NO_RESULT = "no_result"  # in the action plan, but not evaluated

STATUS_ORDER: tuple[str, ...] = tuple(codes.ALL_STATUSES)
SOURCE_ORDER: tuple[str, ...] = tuple(codes.FUNDING_SOURCE)

# Files the report never reads: they hold nothing that changes a figure.
UNREAD = ("services.yaml", "groups.yaml")


# -- money ---------------------------------------------------------------------------------------


def _clean(value: float) -> float:
    """A sum without binary noise (0.1 + 0.2), and whole numbers as int."""
    rounded = round(value, 6)
    return int(rounded) if float(rounded).is_integer() else rounded


def add_money(total: Budget | None, more: Budget | None) -> Budget | None:
    """Sum two money maps by funding source; None (no data) only when both are None."""
    if more is None:
        return None if total is None else dict(total)
    result: dict[str, float] = dict(total or {})
    for source, amount in more.items():
        result[source] = _clean(result.get(source, 0) + amount)
    return sort_sources(result)


def sum_money(budgets: Iterable[Budget | None]) -> Budget | None:
    """Sum of money maps; None when none of them holds data."""
    total: Budget | None = None
    for b in budgets:
        total = add_money(total, b)
    return total


def money_total(budget: Budget | None) -> float | None:
    """The sum over funding sources; None when there is no data."""
    return None if budget is None else _clean(sum(budget.values()))


def sort_sources(budget: Budget) -> Budget:
    """Funding sources in code-list order (unknown codes last, by name)."""
    rank = {code: i for i, code in enumerate(SOURCE_ORDER)}
    return {k: budget[k] for k in sorted(budget, key=lambda k: (rank.get(k, len(rank)), k))}


def item_money(
    measure: Measure, item: Item | None, year: int
) -> tuple[Budget | None, bool, Budget | None]:
    """(planned, planned taken from the plan's budget, spent) of a measure in one year.

    Planned is the action-plan item's ``budget``; an item without one falls back to the
    measure's ``budget[year]`` in plan.yaml (the flag says so). A measure missing from the action
    plan was not planned that year (None). Spent is the result's ``spent``; None without one.
    """
    if item is None:
        return None, False, None
    planned: Budget | None = sort_sources(dict(item.budget)) if item.budget else None
    from_plan = False
    if planned is None and measure.budget.get(year):
        planned, from_plan = sort_sources(dict(measure.budget[year])), True
    spent = (
        sort_sources(dict(item.result.spent))
        if item.result is not None and item.result.spent
        else None
    )
    return planned, from_plan, spent


# -- the report as data --------------------------------------------------------------------------


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _jsonable(value: Any) -> Any:
    return _clean(value) if isinstance(value, float) else value


@dataclass
class IndicatorResult:
    """One indicator: target, actual (aggregated over a period) and achievement (uncapped)."""

    id: str
    name: str
    kind: str
    unit: str | None
    aggregate: str
    target: Value | None
    actual: Value | None
    achievement: float | None
    values: dict[int, Value] = field(default_factory=dict)  # year -> reported actual
    # Asked for and not reported yet: a null actual, or none at all once the year has ended.
    pending: bool = False

    @property
    def capped(self) -> float | None:
        return None if self.achievement is None else min(self.achievement, 100.0)

    def to_json(self) -> dict[str, Any]:
        """The indicator object of the JSON (docs/report.md) (plus unit, aggregate and the reported values by year)."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "unit": self.unit,
            "aggregate": self.aggregate,
            "target": _jsonable(self.target),
            "actual": _jsonable(self.actual),
            "achievement": _pct(self.achievement),
            "values": {str(y): _jsonable(v) for y, v in self.values.items()},
            "pending": self.pending,
        }


@dataclass
class MeasureResult:
    """One measure: status (and why), mean capped achievement, indicators, planned vs spent."""

    id: str
    priority: str
    title: str
    responsible: str
    status: str
    status_basis: str
    achievement: float | None
    indicators: list[IndicatorResult]
    planned: Budget | None
    spent: Budget | None
    planned_from_plan: list[int] = field(default_factory=list)
    in_action_plan: bool = False
    evaluated_year: int | None = None
    comment: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The measure object of the JSON (docs/report.md) (plus the reason of the status and money totals)."""
        return {
            "id": self.id,
            "priority": self.priority,
            "title": self.title,
            "responsible": self.responsible,
            "status": self.status,
            "status_basis": self.status_basis,
            "evaluated_year": self.evaluated_year,
            "in_action_plan": self.in_action_plan,
            "achievement": _pct(self.achievement),
            "indicators": [i.to_json() for i in self.indicators],
            "planned": self.planned,
            "spent": self.spent,
            "planned_total": money_total(self.planned),
            "spent_total": money_total(self.spent),
            "planned_from_plan": list(self.planned_from_plan),
            "comment": self.comment,
        }


def count_statuses(measures: Iterable[MeasureResult]) -> dict[str, int]:
    """Measures by status, every status listed (0 where none) in code-list order."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for m in measures:
        counts[m.status] = counts.get(m.status, 0) + 1
    return counts


def mean_achievement(measures: Iterable[MeasureResult]) -> float | None:
    """Mean over the measures that have an achievement; None when none has one."""
    values = [m.achievement for m in measures if m.achievement is not None]
    return sum(values) / len(values) if values else None


class _RollUp:
    """Counts, mean achievement and money over ``measures`` (a priority's, or the whole plan's).

    The plan's mean is over its measures, not a mean of priority means.
    """

    if TYPE_CHECKING:

        @property
        def measures(self) -> list[MeasureResult]: ...

    @property
    def counts(self) -> dict[str, int]:
        return count_statuses(self.measures)

    @property
    def achievement(self) -> float | None:
        return mean_achievement(self.measures)

    @property
    def planned(self) -> Budget | None:
        return sum_money(m.planned for m in self.measures)

    @property
    def spent(self) -> Budget | None:
        return sum_money(m.spent for m in self.measures)


@dataclass
class PriorityResult(_RollUp):
    """A priority's measures in the report with their roll-up."""

    id: str
    title: str
    measures: list[MeasureResult]

    def to_json(self) -> dict[str, Any]:
        """The priority object of the JSON (docs/report.md) (plus its measure ids and money)."""
        planned, spent = self.planned, self.spent
        return {
            "id": self.id,
            "title": self.title,
            "measures": [m.id for m in self.measures],
            "counts": self.counts,
            "achievement": _pct(self.achievement),
            "planned": planned,
            "spent": spent,
            "planned_total": money_total(planned),
            "spent_total": money_total(spent),
        }


@dataclass
class FulfilmentReport(_RollUp):
    """The fulfilment of a plan in one year (``year``) or over its period (``year`` None)."""

    plan: str
    title: str
    period: tuple[int, int]
    year: int | None
    years: list[int]  # the action-plan years the report covers
    evaluated_years: list[int]  # of those, the ones with at least one result
    threshold: float
    priorities: list[PriorityResult]
    missing_years: list[int] = field(default_factory=list)  # in scope, but with no action plan

    @property
    def measures(self) -> list[MeasureResult]:
        """Every measure of the report, in plan order."""
        return [m for p in self.priorities for m in p.measures]

    @property
    def pending(self) -> list[tuple[MeasureResult, IndicatorResult]]:
        """The indicators still waiting for their figures (čeká na podklady), in plan order."""
        return [(m, i) for m in self.measures for i in m.indicators if i.pending]

    def waiting_for(self) -> dict[str, list[str]]:
        """The realizátoři who have not reported yet, with the indicator ids they owe."""
        owed: dict[str, list[str]] = {}
        for m, i in self.pending:
            owed.setdefault(m.responsible, []).append(i.id)
        return owed

    def to_json(self) -> dict[str, Any]:
        """The ``report fulfilment`` JSON object (docs/report.md); ``--format json`` prints exactly this."""
        planned, spent = self.planned, self.spent
        return {
            "plan": self.plan,
            "title": self.title,
            "period": {"start": self.period[0], "end": self.period[1]},
            "year": self.year,
            "years": list(self.years),
            "evaluated_years": list(self.evaluated_years),
            "partial_threshold": _jsonable(self.threshold),
            "measures": [m.to_json() for m in self.measures],
            "priorities": [p.to_json() for p in self.priorities],
            "counts": self.counts,
            "achievement": _pct(self.achievement),
            "planned": planned,
            "spent": spent,
            "planned_total": money_total(planned),
            "spent_total": money_total(spent),
            "missing_years": list(self.missing_years),
            "pending": [
                {"measure": m.id, "indicator": i.id, "responsible": m.responsible} for m, i in self.pending
            ],
            "not_reported": [
                {"responsible": who, "indicators": ids} for who, ids in self.waiting_for().items()
            ],
        }


# -- choosing the plan and the year ----------------------------------------------------------------


def select_plan(repo: Repository, plan_id: str | None, on: dt.date) -> Plan:
    """``--plan``, else the plan holding the current year, else the latest plan."""
    if not repo.plans:
        raise KpssError(_("the repository has no plan (plans/<start>-<end>/plan.yaml); create one first"))
    if plan_id is not None:
        plan = repo.plans.get(plan_id)
        if plan is None:
            known = ", ".join(p.id for p in repo.plans_in_order())
            raise KpssError(_("there is no plan '{plan}'; known plans: {plans}").format(plan=plan_id, plans=known))
        return plan
    plan = repo.default_plan(on)
    assert plan is not None  # repo.plans is not empty
    return plan


def evaluated_years(plan: Plan) -> list[int]:
    """Years of the plan whose action plan holds at least one result."""
    return sorted(y for y, ap in plan.action_plans.items() if ap.evaluated)


def select_year(plan: Plan, year: int | None, on: dt.date) -> int | None:
    """The report's year by the rule of docs/report.md (None = the whole period); KpssError when nothing to report."""
    if year is not None and not plan.holds(year):
        raise KpssError(
            _(
                "year {year} lies outside the period {start}–{end} of plan {plan}; "
                "give a year from {start} to {end}, or choose the plan that holds {year}"
            ).format(year=year, start=plan.start, end=plan.end, plan=plan.id)
        )
    evaluated = evaluated_years(plan)
    if not evaluated:
        raise KpssError(
            _(
                "plan {plan} has no evaluated year yet: no action plan of it holds a result; "
                "fill in the results (result: actuals, status) of an action plan first"
            ).format(plan=plan.id)
        )
    if year is not None:
        return year
    if plan.end < on.year:
        return None
    return evaluated[-1]


# -- computing -------------------------------------------------------------------------------------


def _pending(item: Item | None, indicator_id: str, due: bool) -> bool:
    """An actual asked for (null) or, once the year is over, missing from an item of the action plan."""
    if item is None:
        return False
    actuals = item.result.actuals if item.result is not None else {}
    if indicator_id in actuals:
        return actuals[indicator_id] is None
    return due


def _indicator_result(ind: Indicator, outcome: IndicatorOutcome, year: int) -> IndicatorResult:
    values = {year: outcome.actual} if outcome.actual is not None else {}
    return IndicatorResult(
        ind.id,
        ind.name,
        ind.kind,
        ind.unit,
        ind.aggregate,
        outcome.target,
        outcome.actual,
        outcome.achievement,
        values,
    )


def aggregate(ind: Indicator, values: dict[int, Value]) -> Value | None:
    """An indicator's actual over a period: ``last`` reported value, ``sum`` of the years, ``max``.

    A yes/no indicator cannot be summed: ``sum`` is read as ``last`` for it, ``max`` as "yes in
    some year".
    """
    if not values:
        return None
    ordered = [values[y] for y in sorted(values)]
    how = ind.aggregate
    if ind.kind == "boolean":
        return any(bool(v) for v in ordered) if how == "max" else ordered[-1]
    if how == "sum":
        return (
            _clean(sum(float(v) for v in ordered))
            if any(isinstance(v, float) for v in ordered)
            else sum(int(v) for v in ordered)
        )
    if how == "max":
        return max(ordered)
    return ordered[-1]


def _year_measure(
    measure: Measure, plan: Plan, year: int, threshold: float, due: bool = False
) -> MeasureResult:
    ap = plan.action_plans.get(year)
    item = ap.item(measure.id) if ap is not None else None
    outcomes = year_outcomes(measure, item, year)
    indicators = [_indicator_result(o.indicator, o, year) for o in outcomes]
    for ind in indicators:
        ind.pending = _pending(item, ind.id, due)
    result = item.result if item is not None else None
    if item is None:
        status, basis = NOT_EVALUATED, STATUS_NO_ITEM
    elif result is None:
        status, basis = NOT_EVALUATED, STATUS_NO_RESULT
    elif result.status:
        status, basis = result.status, STATUS_EXPLICIT
    else:
        status, basis = computed_status(outcomes, threshold), STATUS_COMPUTED
    planned, from_plan, spent = item_money(measure, item, year)
    return MeasureResult(
        id=measure.id,
        priority=measure.priority_id,
        title=measure.title,
        responsible=measure.responsible,
        status=status,
        status_basis=basis,
        achievement=mean_capped(outcomes),
        indicators=indicators,
        planned=planned,
        spent=spent,
        planned_from_plan=[year] if from_plan else [],
        in_action_plan=item is not None,
        evaluated_year=year if result is not None else None,
        comment=result.comment if result is not None else None,
    )


def _period_measure(
    measure: Measure, plan: Plan, years: list[int], threshold: float
) -> MeasureResult:
    items: dict[int, Item] = {}
    for y in years:
        item = plan.action_plans[y].item(measure.id)
        if item is not None:
            items[y] = item
    evaluated = [y for y, it in items.items() if it.result is not None]
    latest = items[evaluated[-1]] if evaluated else None
    outcomes: list[IndicatorOutcome] = []
    indicators: list[IndicatorResult] = []
    for ind in measure.indicators:
        values: dict[int, Value] = {}
        for y in evaluated:
            result = items[y].result
            reported = result.actuals.get(ind.id) if result is not None else None
            if reported is not None:  # null: pending, not a value
                values[y] = reported
        actual = aggregate(ind, values)
        outcome = IndicatorOutcome(
            ind, ind.target, actual, achievement(ind.kind, ind.target, actual)
        )
        outcomes.append(outcome)
        indicators.append(
            IndicatorResult(
                ind.id,
                ind.name,
                ind.kind,
                ind.unit,
                ind.aggregate,
                ind.target,
                actual,
                outcome.achievement,
                values,
                pending=not values
                and any(
                    it.result is not None
                    and ind.id in it.result.actuals
                    and it.result.actuals[ind.id] is None
                    for it in items.values()
                ),
            )
        )
    if not items:
        status, basis = NOT_EVALUATED, STATUS_NO_ITEM
    elif latest is None or latest.result is None:
        status, basis = NOT_EVALUATED, STATUS_NO_RESULT
    elif latest.result.status:
        status, basis = latest.result.status, STATUS_EXPLICIT
    else:
        status, basis = computed_status(outcomes, threshold), STATUS_COMPUTED
    planned: Budget | None = None
    spent: Budget | None = None
    from_plan: list[int] = []
    for y, item in items.items():
        p, fp, s = item_money(measure, item, y)
        planned, spent = add_money(planned, p), add_money(spent, s)
        if fp:
            from_plan.append(y)
    return MeasureResult(
        id=measure.id,
        priority=measure.priority_id,
        title=measure.title,
        responsible=measure.responsible,
        status=status,
        status_basis=basis,
        achievement=mean_capped(outcomes),
        indicators=indicators,
        planned=planned,
        spent=spent,
        planned_from_plan=from_plan,
        in_action_plan=bool(items),
        evaluated_year=evaluated[-1] if evaluated else None,
        comment=latest.result.comment if latest is not None and latest.result is not None else None,
    )


def compute_fulfilment(
    repo: Repository, plan_id: str | None = None, year: int | None = None, on: dt.date | None = None
) -> FulfilmentReport:
    """The fulfilment report; without ``year`` the year (or period) docs/report.md says."""
    from kpss_cli.validate import today

    on = on or today()
    plan = select_plan(repo, plan_id, on)
    chosen = select_year(plan, year, on)
    threshold = repo.threshold
    if chosen is None:
        years = sorted(plan.action_plans)
        wanted = list(range(plan.start, plan.end + 1))
        results = {m.id: _period_measure(m, plan, years, threshold) for m in plan.measures}
    else:
        years = [chosen] if chosen in plan.action_plans else []
        wanted = [chosen]
        scope = plan.measures_active_in(chosen)
        due = chosen < on.year  # the year is over: its evaluation is awaited
        results = {m.id: _year_measure(m, plan, chosen, threshold, due) for m in scope}
    priorities = []
    for p in plan.priorities:
        in_scope = [results[m.id] for m in p.measures if m.id in results]
        if in_scope:
            priorities.append(PriorityResult(p.id, p.title, in_scope))
    return FulfilmentReport(
        plan=plan.id,
        title=plan.title,
        period=plan.period,
        year=chosen,
        years=years,
        evaluated_years=[y for y in evaluated_years(plan) if y in years],
        threshold=threshold,
        priorities=priorities,
        missing_years=[y for y in wanted if y not in plan.action_plans],
    )


# -- loading just what a report reads ------------------------------------------------------------

_PLAN_FOLDER = re.compile(r"^(\d{4})-(\d{4})$")


def _guess_plan(plan_ids: Iterable[str], on: dt.date) -> str | None:
    """The default plan (docs/report.md) from folder names alone; None when a name is not a period."""
    periods: list[tuple[int, int, str]] = []
    for plan_id in plan_ids:
        match = _PLAN_FOLDER.match(plan_id)
        if match is None:
            return None
        periods.append((int(match.group(1)), int(match.group(2)), plan_id))
    periods.sort()
    holding = [p for p in periods if p[0] <= on.year <= p[1]]
    chosen = holding[-1] if holding else (periods[-1] if periods else None)
    return chosen[2] if chosen else None


def load_report_repository(
    root: Path, plan_id: str | None = None, on: dt.date | None = None
) -> Repository:
    """The validated model a report of ``plan_id`` (default: the plan docs/report.md names) needs.

    Reads kpss.yaml, the plan's plan.yaml and its action plans only — not services.yaml,
    groups.yaml or other plans, which change no figure — so a big repository reports fast.
    Raises KpssError when one of those files has an error. The model holds that one plan
    (every plan, when a folder name is not a period and the default plan must be found).
    """
    from kpss_cli.repo import Subset, WorkingTree, classify
    from kpss_cli.validate import require_valid, today, validate_repository

    on = on or today()
    tree = WorkingTree(root)
    listed = [f for f in (classify(p) for p in tree.list_files()) if f is not None]
    plan_ids = sorted({f.plan_id for f in listed if f.kind == "plan" and f.plan_id})
    if not plan_ids:
        raise KpssError(_("the repository has no plan (plans/<start>-<end>/plan.yaml); create one first"))
    if plan_id is not None and plan_id not in plan_ids:
        raise KpssError(
            _("there is no plan '{plan}'; known plans: {plans}").format(plan=plan_id, plans=", ".join(plan_ids))
        )
    chosen = plan_id or _guess_plan(plan_ids, on)
    read, unread = [], list(UNREAD)
    for f in listed:
        if f.kind == "misplaced" or f.path in UNREAD:
            continue
        if chosen is not None and f.kind in ("plan", "action_plan") and f.plan_id != chosen:
            if f.kind == "plan":
                unread.append(f.path)
            continue
        read.append(f.path)
    validation = validate_repository(source=Subset(tree, read), on=on, unread=unread)
    return require_valid(validation)
