"""The fulfilment report as a document: the figures of ``kpss report fulfilment`` (docs/report.md, the
§10 JSON object), a chart per priority, and the money planned and spent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kpss_cli import codes, czech
from kpss_cli.model import Plan
from kpss_cli.render.builder import Cell, R, head, num, section, total
from kpss_cli.render.common import Context
from kpss_cli.render.plan import priority_number, source_order

if TYPE_CHECKING:
    from kpss_cli.fulfilment import FulfilmentReport

Row = Sequence[Cell | str | None]
Cells = list[Cell | str | None]  # a row being built
MAIN_STATUSES = ("fulfilled", "partially_fulfilled", "not_fulfilled")


def render_report(ctx: Context, plan: Plan, year: int | None, on: dt.date) -> tuple[str, str]:
    """Write the report document into ctx; return (title, subject)."""
    from kpss_cli.fulfilment import compute_fulfilment

    return write_report(ctx, plan, _unrounded(compute_fulfilment(ctx.repo, plan.id, year, on)))


def _unrounded(result: FulfilmentReport) -> dict[str, Any]:
    """The §10 object with the achievements as computed, not cut to the JSON's two decimals.

    The document rounds them once, as ``kpss report fulfilment`` does, so both show the same
    figures: a mean of 99.996 % reads 99,9 % in both (rounded twice it would read 100 %).
    """
    data = result.to_json()
    data["achievement"] = result.achievement
    for priority, p_data in zip(result.priorities, data["priorities"], strict=True):
        p_data["achievement"] = priority.achievement
    for measure, m_data in zip(result.measures, data["measures"], strict=True):
        m_data["achievement"] = measure.achievement
        for indicator, i_data in zip(measure.indicators, m_data["indicators"], strict=True):
            i_data["achievement"] = indicator.achievement
    return data


def write_report(ctx: Context, plan: Plan, report: dict[str, Any]) -> tuple[str, str]:
    """The document from the JSON object of `kpss report fulfilment` (docs/report.md)."""
    b = ctx.b
    period = czech.period(plan.start, plan.end)
    year = report.get("year")
    scope = str(year) if year is not None else period
    title = (
        ctx.t("report_title_year", year=year)
        if year is not None
        else ctx.t("report_title_period", period=period)
    )
    evaluated = report.get("evaluated_years") or []
    ctx.cover(
        ctx.territory,
        title,
        plan.title,
        [
            (ctx.t("ap_plan"), plan.title),
            (ctx.t("ap_year") if year is not None else ctx.t("period"), scope),
            (ctx.t("achievement"), ctx.percent(report.get("achievement"))),
            (ctx.t("territory"), ctx.territory_line()),
            (ctx.t("coordinator"), ctx.coordinator()),
        ],
    )
    ctx.contents()
    numbers = {p.id: priority_number(p, i) for i, p in enumerate(plan.priorities)}
    _summary(ctx, plan, report, numbers, period, evaluated)
    b.heading(ctx.t("ch_by_priority"), 1, numbered=True, new_page=True)
    measures = {m["id"]: m for m in report.get("measures", [])}
    for chart_no, priority in enumerate(report.get("priorities", []), start=1):
        _priority(
            ctx,
            priority,
            [measures[i] for i in priority.get("measures", []) if i in measures],
            numbers.get(priority["id"], priority["id"]),
            chart_no,
        )
    _money(ctx, report, numbers)
    b.heading(ctx.t("ch_method"), 1, numbered=True)
    b.para(ctx.t("method_text", threshold=ctx.percent(report.get("partial_threshold", 50))))
    subject = f"{ctx.t('report_doc')} {ctx.territory} {scope}"
    return title, subject


def _summary(
    ctx: Context,
    plan: Plan,
    report: dict[str, Any],
    numbers: dict[str, str],
    period: str,
    evaluated: list[int],
) -> None:
    b = ctx.b
    year = report.get("year")
    b.heading(ctx.t("ch_summary"), 1, numbered=True)
    if year is not None:
        b.para(ctx.t("report_intro_year", plan=plan.title, year=year))
    else:
        b.para(ctx.t("report_intro_period", plan=plan.title, period=period))
    achievement = report.get("achievement")
    if achievement is None:
        b.para(ctx.t("report_overall_none"))
    else:
        b.para(R(ctx.t("report_overall", value=ctx.percent(achievement)), bold=True))
    facts: list[tuple[str, Any]] = [
        (ctx.t("count_measures"), str(len(report.get("measures", [])))),
        (ctx.t("evaluated_years"), ", ".join(str(y) for y in evaluated) or czech.EN_DASH),
    ]
    if report.get("missing_years"):
        facts.append((ctx.t("missing_years"), ", ".join(str(y) for y in report["missing_years"])))
    ctx.facts(facts)

    counts: dict[str, int] = report.get("counts", {})
    all_measures = sum(counts.values())
    rows: list[Row] = [
        [
            head(ctx.t("result_status")),
            head(ctx.t("count"), align="right"),
            head(ctx.t("share"), align="right"),
        ]
    ]
    for state in codes.ALL_STATUSES:
        if counts.get(state):
            rows.append(
                [
                    Cell(ctx.code(codes.ALL_STATUSES, state)),
                    num(str(counts[state])),
                    num(
                        ctx.percent(100.0 * counts[state] / all_measures)
                        if all_measures
                        else czech.EN_DASH
                    ),
                ]
            )
    rows.append(
        [total(ctx.t("total")), num(str(all_measures), kind="total"), num("", kind="total")]
    )
    b.table([4.0, 1.5, 1.5], rows, header_rows=1)

    header: Cells = [head(ctx.t("priority")), head(ctx.t("count"), align="right")]
    header += [head(ctx.code(codes.ALL_STATUSES, s), align="right") for s in MAIN_STATUSES]
    header += [
        head(ctx.t("other_status"), align="right"),
        head(ctx.t("achievement"), align="right"),
    ]
    rows = [header]
    for priority in report.get("priorities", []):
        p_counts: dict[str, int] = priority.get("counts", {})
        other = sum(v for k, v in p_counts.items() if k not in MAIN_STATUSES)
        name = ctx.t(
            "priority_heading",
            n=numbers.get(priority["id"], priority["id"]),
            title=priority["title"],
        )
        rows.append(
            [Cell(name), num(str(sum(p_counts.values())))]
            + [num(str(p_counts.get(s, 0))) for s in MAIN_STATUSES]
            + [num(str(other)), num(ctx.percent(priority.get("achievement")))]
        )
    other_all = sum(v for k, v in counts.items() if k not in MAIN_STATUSES)
    rows.append(
        [total(ctx.t("total")), num(str(all_measures), kind="total")]
        + [num(str(counts.get(s, 0)), kind="total") for s in MAIN_STATUSES]
        + [num(str(other_all), kind="total"), num(ctx.percent(achievement), kind="total")]
    )
    b.para(
        R(ctx.t("priorities_table"), bold=True), keep_next=True, space_before=120, space_after=60
    )
    b.table([3.6, 1.1, 1.2, 1.35, 1.35, 1.1, 1.2], rows, header_rows=1)


def _priority(
    ctx: Context,
    priority: dict[str, Any],
    measures: list[dict[str, Any]],
    number: str,
    chart_no: int,
) -> None:
    from kpss_cli.render.charts import Bar, achievement_chart, short

    b = ctx.b
    b.heading(ctx.t("priority_heading", n=number, title=priority["title"]), 2)
    b.para(
        ctx.t("priority_achievement", value=ctx.percent(priority.get("achievement"))),
        keep_next=True,
    )
    bars = [
        Bar(short(f"{m['id']} {m['title']}"), m.get("achievement"), m["status"]) for m in measures
    ]
    chart = achievement_chart(
        bars,
        status_label=lambda s: ctx.code(codes.ALL_STATUSES, s),
        percent=lambda v: ctx.percent(v),
        missing=ctx.code(codes.ALL_STATUSES, "not_evaluated"),
        axis_label=ctx.t("chart_axis"),
    )
    b.chart(chart, caption=ctx.t("chart_caption", n=chart_no, priority=number))

    rows: list[Row] = [
        [
            head(ctx.t("number")),
            head(ctx.t("measure")),
            head(ctx.t("result_status")),
            head(ctx.t("achievement"), align="right"),
        ]
    ]
    for m in measures:
        title: list[R] = [R(m["title"])]
        if m.get("comment"):
            title.append(R(f"\n{m['comment']}", italic=True))
        rows.append(
            [
                Cell(m["id"]),
                Cell(title),
                Cell(ctx.code(codes.ALL_STATUSES, m["status"])),
                num(ctx.percent(m.get("achievement"))),
            ]
        )
    b.para(R(ctx.t("measures_table"), bold=True), keep_next=True, space_before=120, space_after=60)
    b.table([0.7, 5.6, 1.8, 1.2], rows, header_rows=1)

    rows = [
        [
            head(ctx.t("indicator")),
            head(ctx.t("target"), align="right"),
            head(ctx.t("actual"), align="right"),
            head(ctx.t("achievement"), align="right"),
        ]
    ]
    for m in measures:
        indicators = m.get("indicators") or []
        if not indicators:
            continue
        rows.append([section(ctx.t("measure_heading", id=m["id"], title=m["title"]), 4)])
        for ind in indicators:
            name: list[R] = [R(ind["name"])]
            if ind.get("unit"):
                name.append(R(f" ({ind['unit']})", italic=True))
            rows.append(
                [
                    Cell(name),
                    num(ctx.value(ind.get("target"))),
                    num(ctx.value(ind.get("actual"))),
                    num(ctx.percent(ind.get("achievement"))),
                ]
            )
    if len(rows) > 1:
        b.para(
            R(ctx.t("indicators_table"), bold=True),
            keep_next=True,
            space_before=120,
            space_after=60,
        )
        b.table([5.4, 1.3, 1.3, 1.3], rows, header_rows=1)


def _money(ctx: Context, report: dict[str, Any], numbers: dict[str, str]) -> None:
    b = ctx.b
    b.heading(ctx.t("ch_money"), 1, numbered=True)
    planned: dict[str, float] = report.get("planned") or {}
    spent: dict[str, float] = report.get("spent") or {}
    header: Cells = [
        head(f"{ctx.t('source')} ({ctx.t('czk_header')})"),
        head(ctx.t("planned"), align="right"),
        head(ctx.t("spent"), align="right"),
        head(ctx.t("spent_share"), align="right"),
    ]
    rows: list[Row] = [header]
    for src in source_order(set(planned) | set(spent)):
        source = Cell(ctx.code(codes.FUNDING_SOURCE, src))
        rows.append(_money_row(ctx, source, planned.get(src), spent.get(src)))
    p_total, s_total = report.get("planned_total"), report.get("spent_total")
    rows.append(_money_row(ctx, total(ctx.t("total")), p_total, s_total, kind="total"))
    b.heading(ctx.t("ap_budget_by_source"), 2, numbered=True)
    b.table([4.4, 1.7, 1.7, 1.2], rows, header_rows=1)

    rows = [
        [
            head(f"{ctx.t('priority')} ({ctx.t('czk_header')})"),
            head(ctx.t("planned"), align="right"),
            head(ctx.t("spent"), align="right"),
            head(ctx.t("spent_share"), align="right"),
        ]
    ]
    for priority in report.get("priorities", []):
        name = ctx.t(
            "priority_heading",
            n=numbers.get(priority["id"], priority["id"]),
            title=priority["title"],
        )
        rows.append(
            _money_row(ctx, Cell(name), priority.get("planned_total"), priority.get("spent_total"))
        )
    rows.append(_money_row(ctx, total(ctx.t("total")), p_total, s_total, kind="total"))
    b.heading(ctx.t("ap_budget_by_priority"), 2, numbered=True)
    b.table([4.4, 1.7, 1.7, 1.2], rows, header_rows=1)
    plan = ctx.repo.plans.get(str(report.get("plan")))
    if plan is not None:
        from kpss_cli.render.money import cofinancing_section, report_split

        split = report_split(ctx, plan, report.get("year"))
        if split is not None:
            cofinancing_section(ctx, split)


def _money_row(
    ctx: Context, name: Cell, planned: float | None, spent: float | None, kind: str = "body"
) -> Row:
    """Planned, spent and the share of the planned money spent (an en dash without both)."""
    share = ctx.percent(100.0 * spent / planned) if planned and spent is not None else czech.EN_DASH
    return [name] + [
        num(text, kind=kind) for text in (ctx.amount(planned), ctx.amount(spent), share)
    ]
