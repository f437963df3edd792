"""Money blocks shared by the documents: the co-financing split among the municipalities (plan,
report) and the grant programme annex (action plan). docs/finance.md explains both."""

from __future__ import annotations

from collections.abc import Sequence

from kpss_cli import codes
from kpss_cli.cofinancing import SOURCE, Cofinancing, parties
from kpss_cli.model import Plan
from kpss_cli.money import opt
from kpss_cli.render.builder import Cell, head, num, total
from kpss_cli.render.common import Context

Row = Sequence[Cell | str | None]


def plan_split(ctx: Context, plan: Plan) -> Cofinancing | None:
    """The ``obce`` money of the plan's measure budgets (plan.yaml), split; None without a key."""
    manifest = ctx.repo.manifest
    if manifest is None or not manifest.cofinancing:
        return None
    key, year, people = parties(manifest)
    split = Cofinancing(key, year, people)
    for m in plan.measures:
        for y in sorted(m.budget):
            amount = m.budget[y].get(SOURCE)
            if amount is not None:
                split.add(y, m.id, "planned", amount)
    return split


def report_split(ctx: Context, plan: Plan, year: int | None) -> Cofinancing | None:
    """The split of ``kpss report finance`` for the report document's year (or every year)."""
    manifest = ctx.repo.manifest
    if manifest is None or not manifest.cofinancing or not plan.action_plans:
        return None
    from kpss_cli.finance import compute_finance

    return compute_finance(ctx.repo, plan.id, year).cofinancing


def cofinancing_section(ctx: Context, split: Cofinancing, level: int = 2, spent: bool = True) -> None:
    """A heading, the rule in one paragraph and the table per municipality (planned, spent)."""
    b = ctx.b
    b.heading(ctx.t("cof_heading"), level, numbered=True)
    year = ""
    if split.key == "per_capita" and split.population_year:
        year = ctx.t("cof_population_year", year=split.population_year)
    b.para(ctx.t("cof_intro", method=codes.label(codes.COFINANCING_KEY, split.key, ctx.lang), year=year))
    per_capita = split.key == "per_capita"
    columns = [
        head(f"{ctx.t('cof_municipality')} ({ctx.t('czk_header')})"),
        head(ctx.t("cof_population") if per_capita else ctx.t("cof_share"), align="right"),
        head(ctx.t("planned"), align="right"),
    ]
    if spent:
        columns.append(head(ctx.t("spent"), align="right"))
    rows: list[Row] = [columns]
    planned_parts, spent_parts = split.sums("planned"), split.sums("spent")
    weight_sum = split.weight_sum
    for p in split.parties:
        weight = ctx.number(p.population or 0) if per_capita else ctx.percent(float(p.weight * 100 / weight_sum))
        row: list[Cell | str | None] = [
            Cell(p.name),
            num(weight),
            num(ctx.amount(planned_parts[p.code] if planned_parts else None)),
        ]
        if spent:
            row.append(num(ctx.amount(spent_parts[p.code] if spent_parts else None)))
        rows.append(row)
    total_weight = ctx.number(sum(p.population or 0 for p in split.parties)) if per_capita else ctx.percent(100.0)
    last: list[Cell | str | None] = [
        total(ctx.t("total")),
        num(total_weight, kind="total"),
        num(ctx.amount(split.total("planned")), kind="total"),
    ]
    if spent:
        last.append(num(ctx.amount(split.total("spent")), kind="total"))
    rows.append(last)
    b.table([3.4, 1.2, 1.7, 1.7] if spent else [3.4, 1.2, 1.7], rows, header_rows=1)


def grants_annex(ctx: Context, year: int) -> None:
    """The grant programme of ``year`` as an annex: per application, with the totals."""
    from kpss_cli.grants import compute_grants

    if not ctx.repo.grants_of(year):
        return
    report = compute_grants(ctx.repo, year)
    b = ctx.b
    b.heading(ctx.t("gr_heading", year=year), 1, new_page=True)
    sums = report.total()
    for r in report.rounds:
        b.para(
            ctx.t(
                "gr_intro",
                programme=r.programme,
                budget=ctx.money(opt(r.budget)),
                granted=ctx.money(sums.granted),
                remaining=ctx.money(report.remaining),
                count=sums.applications,
                pending=sums.pending,
            )
            if len(report.rounds) == 1
            else r.programme
        )
        if r.approved:
            b.note(ctx.approval(r.approved))
    if len(report.rounds) > 1:
        b.para(
            ctx.t(
                "gr_intro",
                programme=ctx.t("total"),
                budget=ctx.money(report.budget),
                granted=ctx.money(sums.granted),
                remaining=ctx.money(report.remaining),
                count=sums.applications,
                pending=sums.pending,
            )
        )
    rows: list[Row] = [
        [
            head(ctx.t("gr_application")),
            head(ctx.t("net_service")),
            head(f"{ctx.t('gr_requested')} ({ctx.t('czk_header')})", align="right"),
            head(ctx.t("gr_granted"), align="right"),
            head(ctx.t("gr_paid"), align="right"),
            head(ctx.t("gr_settled"), align="right"),
        ]
    ]
    for row in report.rows:
        a = row.application
        service = ctx.service_line(a.service)
        rows.append(
            [
                Cell(a.id),
                Cell(service),
                num(ctx.amount(opt(a.requested))),
                num(ctx.t("gr_pending") if row.pending else ctx.amount(opt(a.granted))),
                num(ctx.amount(opt(a.paid))),
                num(ctx.amount(opt(a.settled))),
            ]
        )
    rows.append(
        [
            total(ctx.t("total"), 2),
            num(ctx.amount(sums.requested), kind="total"),
            num(ctx.amount(sums.granted), kind="total"),
            num(ctx.amount(sums.paid), kind="total"),
            num(ctx.amount(sums.settled), kind="total"),
        ]
    )
    b.table([1.0, 3.2, 1.3, 1.3, 1.3, 1.3], rows, header_rows=1, font_size=17)
