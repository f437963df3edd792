"""The action plan of one year (akční plán): its items with activities, targets and budget, and,
once evaluated, their results: actuals, status and comments."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from kpss_cli import codes, czech, status
from kpss_cli.model import ActionPlan, Item, Measure, Plan
from kpss_cli.render.builder import Cell, R, head, label, num, section, total
from kpss_cli.render.common import Context
from kpss_cli.render.plan import priority_number, source_order

Row = Sequence[Cell | str | None]
Cells = list[Cell | str | None]  # a row being built

# The order statuses are listed in (result_status order, then the computed one).
STATUS_ORDER = list(codes.ALL_STATUSES)


def item_status(ctx: Context, measure: Measure, item: Item, year: int) -> str:
    return status.item_status(measure, item, year, ctx.repo.threshold)


def latest_evaluation(action_plan: ActionPlan) -> str | None:
    dates = [
        str(i.result.evaluated)
        for i in action_plan.items
        if i.result is not None and i.result.evaluated
    ]
    return max(dates) if dates else None


def render_action_plan(ctx: Context, plan: Plan, ap: ActionPlan) -> tuple[str, str]:
    """Write the action-plan document into ctx; return (title, subject)."""
    b = ctx.b
    evaluated = ap.evaluated
    title = ctx.t("ap_title_evaluated" if evaluated else "ap_title", year=ap.year)
    # Unknown money is –, never 0 Kč: a total only when at least one item states its money.
    budgets = [i.budget for i in ap.items if i.budget]
    planned_total = sum(sum(b.values()) for b in budgets) if budgets else None
    spent = [i.result.spent for i in ap.items if i.result is not None and i.result.spent]
    spent_total = sum(sum(s.values()) for s in spent) if spent else None
    last = latest_evaluation(ap)
    ctx.cover(
        ctx.territory,
        title,
        plan.title,
        [
            (ctx.t("status"), ctx.code(codes.PLAN_STATUS, ap.status)),
            (ctx.t("approved"), ctx.approval(ap.approved)),
            (ctx.t("ap_evaluated_on"), ctx.date(last) if last else None),
            (ctx.t("territory"), ctx.territory_line()),
            (ctx.t("coordinator"), ctx.coordinator()),
        ],
    )
    ctx.contents()

    b.heading(ctx.t("ch_basic"), 1, numbered=True)
    b.para(ctx.t("ap_basic_intro", plan=plan.title, year=ap.year))
    ctx.facts(
        [
            (ctx.t("ap_plan"), plan.title),
            (ctx.t("ap_year"), str(ap.year)),
            (ctx.t("status"), ctx.code(codes.PLAN_STATUS, ap.status)),
            (ctx.t("approved"), ctx.approval(ap.approved)),
            (ctx.t("ap_items"), str(len(ap.items))),
            (ctx.t("ap_budget_total"), ctx.money(planned_total)),
            (ctx.t("ap_spent_total"), ctx.money(spent_total) if evaluated else None),
            (ctx.t("ap_evaluated_on"), ctx.date(last) if last else None),
        ]
    )

    groups = _items_by_priority(plan, ap)
    _overview(ctx, plan, ap, groups, evaluated)
    b.heading(ctx.t("ch_ap_items"), 1, numbered=True, new_page=True)
    for index, priority in enumerate(plan.priorities):
        items = groups.get(priority.id)
        if not items:
            continue
        b.heading(
            ctx.t("priority_heading", n=priority_number(priority, index), title=priority.title), 2
        )
        for measure, item in items:
            _item(ctx, ap, measure, item, evaluated)
    _budget(ctx, plan, ap, groups, evaluated)
    if evaluated:
        _evaluation_summary(ctx, ap, groups)
    from kpss_cli.render.money import grants_annex

    grants_annex(ctx, ap.year)
    subject = f"{ctx.t('ap_doc')} {ctx.territory} {ap.year}"
    return title, subject


def _items_by_priority(plan: Plan, ap: ActionPlan) -> dict[str, list[tuple[Measure, Item]]]:
    groups: dict[str, list[tuple[Measure, Item]]] = defaultdict(list)
    for item in ap.items:
        measure = plan.measure(item.measure)
        if measure is not None:
            groups[measure.priority_id].append((measure, item))
    return groups


def _overview(
    ctx: Context,
    plan: Plan,
    ap: ActionPlan,
    groups: dict[str, list[tuple[Measure, Item]]],
    evaluated: bool,
) -> None:
    b = ctx.b
    b.heading(ctx.t("ch_ap_overview"), 1, numbered=True)
    header: Cells = [
        head(ctx.t("number")),
        head(ctx.t("measure")),
        head(ctx.t("responsible")),
        head(f"{ctx.t('planned')} ({ctx.t('czk_header')})", align="right"),
    ]
    widths = [0.7, 4.4, 2.6, 1.6]
    if evaluated:
        header.append(head(ctx.t("result_status")))
        widths = [0.7, 3.8, 2.3, 1.6, 1.6]
    rows: list[Row] = [header]
    span = len(header)
    for index, priority in enumerate(plan.priorities):
        items = groups.get(priority.id)
        if not items:
            continue
        rows.append(
            [
                section(
                    ctx.t(
                        "priority_heading", n=priority_number(priority, index), title=priority.title
                    ),
                    span,
                )
            ]
        )
        for measure, item in items:
            row: Cells = [
                Cell(measure.id),
                Cell(measure.title),
                Cell(measure.responsible),
                num(ctx.amount(sum(item.budget.values()))),
            ]
            if evaluated:
                row.append(
                    Cell(ctx.code(codes.ALL_STATUSES, item_status(ctx, measure, item, ap.year)))
                )
            rows.append(row)
    last: Cells = [
        total(ctx.t("total"), 3),
        num(ctx.amount(sum(sum(i.budget.values()) for i in ap.items)), kind="total"),
    ]
    if evaluated:
        last.append(total(""))
    rows.append(last)
    b.table(widths, rows, header_rows=1)
    listed = {i.measure for i in ap.items}
    missing = [m.id for m in plan.measures_active_in(ap.year) if m.id not in listed]
    if missing:
        b.note(ctx.t("ap_missing", year=ap.year, ids=", ".join(missing)))


def _item(ctx: Context, ap: ActionPlan, measure: Measure, item: Item, evaluated: bool) -> None:
    """The item's heading and its card (one table)."""
    b = ctx.b
    year = ap.year
    b.heading(ctx.t("measure_heading", id=measure.id, title=measure.title), 3)
    result = item.result
    rows: list[Row] = [[label(ctx.t("responsible")), Cell(measure.responsible, span=4)]]
    if measure.partners:
        rows.append([label(ctx.t("partners")), Cell(", ".join(measure.partners), span=4)])
    if item.carried_over:
        rows.append([label(ctx.t("carried_over")), Cell(str(item.carried_over), span=4)])
    if item.note:
        rows.append([label(ctx.t("note")), Cell(item.note, span=4)])

    if item.activities:
        rows.append([section(ctx.t("ap_activities", year=year), 5)])
        for activity_id in item.activities:
            activity = measure.activity(activity_id)
            if activity is None:
                rows.append([label(activity_id), Cell(czech.EN_DASH, span=4)])
                continue
            paragraphs: list[list[R]] = [[R(activity.title, bold=True)]]
            if activity.description:
                paragraphs.append([R(activity.description)])
            if activity.responsible:
                paragraphs.append(
                    [R(ctx.t("activity_meta_responsible", value=activity.responsible), italic=True)]
                )
            rows.append([label(activity.id), Cell(paragraphs, span=4)])  # type: ignore[arg-type]

    rows.append([section(f"{ctx.t('ap_budget', year=year)} ({ctx.t('czk_header')})", 5)])
    spent = result.spent if result is not None else {}
    if evaluated:
        rows.append(
            [
                head(ctx.t("source"), 2),
                head(ctx.t("planned"), align="right"),
                head(ctx.t("spent"), align="right"),
                head(ctx.t("difference"), align="right"),
            ]
        )
        for src in source_order(set(item.budget) | set(spent)):
            plan_v, spent_v = item.budget.get(src), spent.get(src)
            rows.append(
                [
                    Cell(ctx.code(codes.FUNDING_SOURCE, src), span=2),
                    num(ctx.amount(plan_v)),
                    num(ctx.amount(spent_v)),
                    num(_difference(ctx, plan_v, spent_v) if result is not None else czech.EN_DASH),
                ]
            )
        planned_sum = sum(item.budget.values())
        spent_sum = sum(spent.values()) if result is not None else None
        rows.append(
            [
                total(ctx.t("total"), 2),
                num(ctx.amount(planned_sum), kind="total"),
                num(ctx.amount(spent_sum), kind="total"),
                num(
                    _difference(ctx, planned_sum, spent_sum)
                    if result is not None
                    else czech.EN_DASH,
                    kind="total",
                ),
            ]
        )
    elif item.budget:
        rows.append([head(ctx.t("source"), 4), head(ctx.t("planned"), align="right")])
        for src in source_order(item.budget):
            rows.append(
                [
                    Cell(ctx.code(codes.FUNDING_SOURCE, src), span=4),
                    num(ctx.amount(item.budget[src])),
                ]
            )
        rows.append(
            [total(ctx.t("total"), 4), num(ctx.amount(sum(item.budget.values())), kind="total")]
        )
    else:
        rows.append([Cell(ctx.t("no_budget"), span=5)])

    if measure.indicators:
        rows.append([section(ctx.t("indicators_section") if evaluated else ctx.t("ap_targets"), 5)])
        outcomes = status.year_outcomes(measure, item, year)
        if evaluated:
            rows.append(
                [
                    head(ctx.t("indicator"), 2),
                    head(ctx.t("target"), align="right"),
                    head(ctx.t("actual"), align="right"),
                    head(ctx.t("achievement"), align="right"),
                ]
            )
        else:
            rows.append([head(ctx.t("indicator"), 4), head(ctx.t("target"), align="right")])
        for outcome in outcomes:
            ind = outcome.indicator
            name: list[R] = [R(ind.name)]
            if ind.unit:
                name.append(R(f" ({ind.unit})", italic=True))
            if evaluated:
                rows.append(
                    [
                        Cell(name, span=2),
                        num(ctx.value(outcome.target)),
                        num(ctx.value(outcome.actual)),
                        num(ctx.percent(outcome.achievement)),
                    ]
                )
            else:
                rows.append([Cell(name, span=4), num(ctx.value(outcome.target))])

    if evaluated:
        rows.append([section(ctx.t("evaluation"), 5)])
        state = item_status(ctx, measure, item, year)
        state_text = ctx.code(codes.ALL_STATUSES, state)
        if result is not None and not result.status and state != status.NOT_EVALUATED:
            state_text = ctx.t("status_computed", status=state_text)
        rows.append([label(ctx.t("result_status")), Cell(R(state_text, bold=True), span=4)])
        if result is not None and result.comment:
            rows.append([label(ctx.t("comment")), Cell(result.comment, span=4)])
        if result is not None and result.evaluated:
            rows.append([label(ctx.t("ap_evaluated_on")), Cell(ctx.date(result.evaluated), span=4)])
    b.table([2.6, 2.4, 1.45, 1.45, 1.45], rows, keep_together=True)


def _difference(ctx: Context, planned: float | None, spent: float | None) -> str:
    if spent is None:
        return czech.EN_DASH
    return czech.money_change(float(spent) - float(planned or 0), ctx.lang, unit=False)


def _budget(
    ctx: Context,
    plan: Plan,
    ap: ActionPlan,
    groups: dict[str, list[tuple[Measure, Item]]],
    evaluated: bool,
) -> None:
    b = ctx.b
    b.heading(ctx.t("ch_ap_budget"), 1, numbered=True)
    planned: dict[str, float] = defaultdict(float)
    spent: dict[str, float] = defaultdict(float)
    for item in ap.items:
        for src, amount in item.budget.items():
            planned[src] += amount
        if item.result is not None:
            for src, amount in item.result.spent.items():
                spent[src] += amount

    def header(first: str) -> Cells:
        row: Cells = [
            head(f"{first} ({ctx.t('czk_header')})"),
            head(ctx.t("planned"), align="right"),
        ]
        if evaluated:
            row += [head(ctx.t("spent"), align="right"), head(ctx.t("difference"), align="right")]
        return row

    widths = [4.2, 1.6, 1.6, 1.6] if evaluated else [5.8, 1.8]
    b.heading(ctx.t("ap_budget_by_source"), 2, numbered=True)
    rows: list[Row] = [header(ctx.t("source"))]
    for src in source_order(set(planned) | set(spent)):
        row: Cells = [
            Cell(ctx.code(codes.FUNDING_SOURCE, src)),
            num(ctx.amount(planned.get(src, 0))),
        ]
        if evaluated:
            row += [
                num(ctx.amount(spent.get(src, 0))),
                num(_difference(ctx, planned.get(src, 0), spent.get(src, 0))),
            ]
        rows.append(row)
    last: Cells = [total(ctx.t("total")), num(ctx.amount(sum(planned.values())), kind="total")]
    if evaluated:
        last += [
            num(ctx.amount(sum(spent.values())), kind="total"),
            num(_difference(ctx, sum(planned.values()), sum(spent.values())), kind="total"),
        ]
    rows.append(last)
    b.table(widths, rows, header_rows=1)

    b.heading(ctx.t("ap_budget_by_priority"), 2, numbered=True)
    rows = [header(ctx.t("priority"))]
    for index, priority in enumerate(plan.priorities):
        items = groups.get(priority.id, [])
        if not items:
            continue
        p_planned = sum(sum(i.budget.values()) for _, i in items)
        p_spent = sum(sum(i.result.spent.values()) for _, i in items if i.result is not None)
        row = [
            Cell(
                ctx.t("priority_heading", n=priority_number(priority, index), title=priority.title)
            ),
            num(ctx.amount(p_planned)),
        ]
        if evaluated:
            row += [num(ctx.amount(p_spent)), num(_difference(ctx, p_planned, p_spent))]
        rows.append(row)
    rows.append(last)
    b.table(widths, rows, header_rows=1)


def _evaluation_summary(
    ctx: Context, ap: ActionPlan, groups: dict[str, list[tuple[Measure, Item]]]
) -> None:
    b = ctx.b
    b.heading(ctx.t("ch_ap_evaluation"), 1, numbered=True)
    counts: Counter[str] = Counter()
    for items in groups.values():
        for measure, item in items:
            counts[item_status(ctx, measure, item, ap.year)] += 1
    all_items = sum(counts.values())
    rows: list[Row] = [
        [
            head(ctx.t("result_status")),
            head(ctx.t("count"), align="right"),
            head(ctx.t("share"), align="right"),
        ]
    ]
    for state in STATUS_ORDER:
        if counts.get(state):
            rows.append(
                [
                    Cell(ctx.code(codes.ALL_STATUSES, state)),
                    num(str(counts[state])),
                    num(ctx.percent(100.0 * counts[state] / all_items)),
                ]
            )
    rows.append(
        [
            total(ctx.t("total")),
            num(str(all_items), kind="total"),
            num(ctx.percent(100.0), kind="total"),
        ]
    )
    b.table([4.0, 1.5, 1.5], rows, header_rows=1)
