"""The community plan document (komunitní plán): cover, contents, vision, needs, priorities with
SWOT and one card per measure, budget summaries, the planning groups, an appendix of services."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from kpss_cli import codes, czech
from kpss_cli.model import Measure, Plan, Priority
from kpss_cli.render.builder import Cell, R, head, label, num, section, total
from kpss_cli.render.common import Context, bold
from kpss_cli.render.participation import preparation_chapter

Row = Sequence[Cell | str | None]
Cells = list[Cell | str | None]  # a row being built


def priority_number(priority: Priority, index: int) -> str:
    """ "P1" or "1" gives 1; other ids give the priority's position in the plan."""
    match = re.fullmatch(r"[A-Za-z]*\s*(\d+)", priority.id)
    return match.group(1) if match else str(index + 1)


def source_order(sources: Iterable[str]) -> list[str]:
    """Funding sources in code-list order (unknown codes last, alphabetically)."""
    order = list(codes.FUNDING_SOURCE)
    present = set(sources)
    known = [s for s in order if s in present]
    return known + sorted(present - set(order))


def measure_total(measure: Measure) -> float:
    return sum(sum(src.values()) for src in measure.budget.values())


def plan_total(plan: Plan) -> float | None:
    """The estimated costs of the plan; None when no measure has a budget (unknown, not 0)."""
    with_budget = [m for m in plan.measures if m.budget]
    return sum(measure_total(m) for m in with_budget) if with_budget else None


def plan_years(plan: Plan) -> list[int]:
    years = set(range(plan.start, plan.end + 1))
    for m in plan.measures:
        years.update(m.budget)
    return sorted(years)


def render_plan(ctx: Context, plan: Plan) -> tuple[str, str]:
    """Write the plan document into ctx; return (title, subject) for the properties."""
    b = ctx.b
    period = czech.period(plan.start, plan.end)
    ctx.cover(
        ctx.territory,
        plan.title,
        ctx.t("plan_subtitle", period=period),
        [
            (ctx.t("status"), ctx.code(codes.PLAN_STATUS, plan.status)),
            (ctx.t("approved"), ctx.approval(plan.approved)),
            (ctx.t("territory"), ctx.territory_line()),
            (ctx.t("previous"), _previous(ctx, plan)),
            (ctx.t("regional_plan"), plan.regional_plan),
            (ctx.t("coordinator"), ctx.coordinator()),
        ],
    )
    ctx.contents()
    _basic(ctx, plan, period)
    if plan.vision:
        b.heading(ctx.t("ch_vision"), 1, numbered=True)
        b.para(plan.vision)
    if plan.needs:
        _needs(ctx, plan)
    _priorities(ctx, plan)
    _budget(ctx, plan)
    if ctx.repo.groups:
        _groups(ctx)
    preparation_chapter(ctx, plan)
    _services_appendix(ctx, plan)
    return plan.title, f"{ctx.t('plan_doc')} {ctx.territory} {period}"


def _previous(ctx: Context, plan: Plan) -> str | None:
    if not plan.previous:
        return None
    previous = ctx.repo.plans.get(plan.previous)
    return previous.title if previous is not None else plan.previous


def _basic(ctx: Context, plan: Plan, period: str) -> None:
    b = ctx.b
    b.heading(ctx.t("ch_basic"), 1, numbered=True)
    b.para(ctx.t("basic_intro", territory=ctx.territory, period=period))
    names = [
        str(m.get("name")) for m in (ctx.repo.manifest.municipalities if ctx.repo.manifest else [])
    ]
    ctx.facts(
        [
            (ctx.t("territory"), ctx.territory_line()),
            (ctx.t("municipalities"), ", ".join(names)),
            (ctx.t("period"), period),
            (ctx.t("status"), ctx.code(codes.PLAN_STATUS, plan.status)),
            (ctx.t("approved"), ctx.approval(plan.approved)),
            (ctx.t("previous"), _previous(ctx, plan)),
            (ctx.t("regional_plan"), plan.regional_plan),
            (ctx.t("count_priorities"), str(len(plan.priorities))),
            (ctx.t("count_measures"), str(len(plan.measures))),
            # No measure with a budget: the costs are unknown (–), not 0 Kč.
            (ctx.t("budget_total"), ctx.money(plan_total(plan))),
            (ctx.t("coordinator"), ctx.coordinator()),
        ]
    )


def _needs(ctx: Context, plan: Plan) -> None:
    b = ctx.b
    b.heading(ctx.t("ch_needs"), 1, numbered=True)
    answered: dict[str, list[str]] = defaultdict(list)
    for m in plan.measures:
        for need_id in m.addresses:
            answered[need_id].append(m.id)
    rows: list[Row] = [
        [
            head(ctx.t("number")),
            head(ctx.t("need")),
            head(ctx.t("target_groups")),
            head(ctx.t("answered_by")),
        ]
    ]
    for need in plan.needs:
        text: list[R] = [R(need.text)]
        if need.source:
            text.append(R(f"\n{ctx.t('need_source')}: {need.source}", italic=True))
        rows.append(
            [
                Cell(need.id),
                Cell(text),
                Cell(ctx.codes(codes.TARGET_GROUP, need.target_groups)),
                Cell(", ".join(answered.get(need.id, [])) or czech.EN_DASH),
            ]
        )
    b.table([0.7, 5.2, 2.6, 1.4], rows, header_rows=1)


def _priorities(ctx: Context, plan: Plan) -> None:
    b = ctx.b
    b.heading(ctx.t("ch_priorities"), 1, numbered=True, new_page=True)
    b.para(ctx.t("priorities_intro"))
    rows: list[Row] = [
        [
            head(ctx.t("number")),
            head(ctx.t("measure")),
            head(ctx.t("responsible")),
            head(ctx.t("years")),
            head(f"{ctx.t('costs')} ({ctx.t('czk_header')})", align="right"),
        ]
    ]
    for index, priority in enumerate(plan.priorities):
        heading = ctx.t(
            "priority_heading", n=priority_number(priority, index), title=priority.title
        )
        rows.append([section(heading, 5)])
        for m in priority.measures:
            start, end = m.active_years
            rows.append(
                [
                    Cell(m.id),
                    Cell(m.title),
                    Cell(m.responsible),
                    Cell(czech.period(start, end)),
                    # No budget in the plan is not a budget of 0 Kč (it may be counted elsewhere).
                    num(ctx.amount(measure_total(m)) if m.budget else czech.EN_DASH),
                ]
            )
    rows.append(
        [
            total(ctx.t("total"), 4),
            num(ctx.amount(sum(measure_total(m) for m in plan.measures)), kind="total"),
        ]
    )
    b.table([0.7, 4.5, 2.5, 1.45, 1.6], rows, header_rows=1)
    for index, priority in enumerate(plan.priorities):
        _priority(ctx, plan, priority, priority_number(priority, index))


def _priority(ctx: Context, plan: Plan, priority: Priority, number: str) -> None:
    b = ctx.b
    # Each priority opens on a page of its own, with its SWOT.
    b.heading(ctx.t("priority_heading", n=number, title=priority.title), 2, new_page=True)
    if priority.description:
        b.para(priority.description, keep_next=True)
    group = ctx.groups.get(priority.working_group) if priority.working_group else None
    # The priority's heading, facts and SWOT stay together on one page.
    ctx.facts(
        [
            (ctx.t("working_group"), group.name if group else priority.working_group),
            (
                ctx.t("target_groups"),
                ctx.codes(codes.TARGET_GROUP, priority.target_groups)
                if priority.target_groups
                else None,
            ),
            (ctx.t("count_measures"), str(len(priority.measures))),
        ],
        keep_with_next=True,
    )
    if any(priority.swot.get(k) for k in ("strengths", "weaknesses", "opportunities", "threats")):
        _swot(ctx, priority)
    for m in priority.measures:
        _measure(ctx, plan, m)


def _swot(ctx: Context, priority: Priority) -> None:
    def items(key: str) -> list[str]:
        return [f"\u2022 {text}" for text in priority.swot.get(key, [])] or [czech.EN_DASH]

    ctx.b.para(bold(ctx.t("swot")), keep_next=True, space_after=60)
    ctx.b.table(
        [1, 1],
        [
            [head(ctx.t("strengths")), head(ctx.t("weaknesses"))],
            [Cell(items("strengths")), Cell(items("weaknesses"))],
            [head(ctx.t("opportunities")), head(ctx.t("threats"))],
            [Cell(items("opportunities")), Cell(items("threats"))],
        ],
        keep_together=True,
    )


def _measure(ctx: Context, plan: Plan, m: Measure) -> None:
    """The measure's heading and its card: one table holding everything about it."""
    b = ctx.b
    b.heading(ctx.t("measure_heading", id=m.id, title=m.title), 3)
    start, end = m.active_years
    years = sorted(set(range(start, end + 1)) | set(m.budget))
    ncols = len(years) + 3
    rest = ncols - 1
    rows: list[Row] = []

    def text_row(key: str, value: str | list[str] | list[R] | None) -> None:
        if value:
            rows.append([label(ctx.t(key)), Cell(value, span=rest)])

    text_row("description", m.description)
    text_row("rationale", m.rationale)
    text_row("kind", ctx.code(codes.MEASURE_KIND, m.kind) if m.kind else None)
    text_row(
        "target_groups", ctx.codes(codes.TARGET_GROUP, m.target_groups) if m.target_groups else None
    )
    text_row("service_types", [ctx.service_type(t) for t in m.service_types])
    text_row("services", [ctx.service_line(s) for s in m.services])
    text_row("responsible", m.responsible)
    text_row("partners", ", ".join(m.partners) if m.partners else None)
    text_row("years", czech.period(start, end))
    text_row("addresses", ", ".join(m.addresses) if m.addresses else None)
    if m.continues_ref:
        old_plan, old_measure = m.continues_ref
        text_row(
            "continues", ctx.t("continues_text", measure=old_measure, plan=ctx.plan_name(old_plan))
        )
    text_row("regional_link", m.regional_link)

    rows.append([section(ctx.t("budget_section"), ncols)])
    if m.budget:
        rows.append(
            [head(ctx.t("source"), 2)]
            + [head(str(y), align="right") for y in years]
            + [head(ctx.t("total"), align="right")]
        )
        sources = source_order(s for y in m.budget.values() for s in y)
        for src in sources:
            values = [m.budget.get(y, {}).get(src) for y in years]
            rows.append(
                [Cell(ctx.code(codes.FUNDING_SOURCE, src), span=2)]
                + [num(ctx.amount(v) if v is not None else czech.EN_DASH) for v in values]
                + [num(ctx.amount(sum(v for v in values if v is not None)))]
            )
        year_totals = [sum(m.budget.get(y, {}).values()) if y in m.budget else None for y in years]
        rows.append(
            [total(ctx.t("total"), 2)]
            + [
                num(ctx.amount(v) if v is not None else czech.EN_DASH, kind="total")
                for v in year_totals
            ]
            + [num(ctx.amount(measure_total(m)), kind="total")]
        )
    else:
        rows.append([Cell(ctx.t("no_budget"), span=ncols)])

    rows.append([section(ctx.t("indicators_section"), ncols)])
    if m.indicators:
        rows.append(
            [head(ctx.t("indicator")), head(ctx.t("baseline"), align="right")]
            + [head(str(y), align="right") for y in years]
            + [head(ctx.t("target"), align="right")]
        )
        for ind in m.indicators:
            name: list[R] = [R(ind.name)]
            extra = [
                x
                for x in (ind.unit, ctx.t("less_is_better") if ind.kind == "at_most" else None)
                if x
            ]
            if extra:
                name.append(R(f" ({', '.join(extra)})", italic=True))
            baseline = czech.EN_DASH
            if ind.baseline and "value" in ind.baseline:
                baseline = ctx.value(ind.baseline["value"])
                if ind.baseline.get("year"):
                    baseline += f" ({ind.baseline['year']})"
            rows.append(
                [Cell(name), num(baseline)]
                + [
                    num(ctx.value(ind.targets[y]) if y in ind.targets else czech.EN_DASH)
                    for y in years
                ]
                + [num(ctx.value(ind.target), kind="total")]
            )
    else:
        rows.append([Cell(ctx.t("no_indicators"), span=ncols)])

    if m.activities:
        rows.append([section(ctx.t("activities_section"), ncols)])
        for act in m.activities:
            paragraphs: list[list[R]] = [[R(act.title, bold=True)]]
            if act.description:
                paragraphs.append([R(act.description)])
            meta = []
            if act.responsible:
                meta.append(ctx.t("activity_meta_responsible", value=act.responsible))
            if act.years:
                meta.append(ctx.t("activity_meta_years", value=czech.period(*act.years)))
            if act.budget:
                costs = "; ".join(
                    f"{y}: {ctx.money(sum(act.budget[y].values()))}" for y in sorted(act.budget)
                )
                meta.append(ctx.t("activity_meta_costs", value=costs))
            if meta:
                paragraphs.append([R("; ".join(meta), italic=True)])
            rows.append([label(act.id), Cell(paragraphs, span=rest)])  # type: ignore[arg-type]

    widths = [2.9, 1.45] + [1.5] * len(years) + [1.6]
    b.table(widths, rows, keep_together=True, font_size=17 if len(years) > 4 else None)


def _budget(ctx: Context, plan: Plan) -> None:
    b = ctx.b
    years = plan_years(plan)
    grand = sum(measure_total(m) for m in plan.measures)
    b.heading(ctx.t("ch_budget"), 1, numbered=True)
    b.para(ctx.t("budget_intro", total=ctx.money(grand)))
    small = 17 if len(years) > 4 else None
    widths = [3.4] + [1.5] * len(years) + [1.7]
    header = (
        [head(f"{ctx.t('source')} ({ctx.t('czk_header')})")]
        + [head(str(y), align="right") for y in years]
        + [head(ctx.t("total"), align="right")]
    )

    by_source: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for m in plan.measures:
        for y, sources in m.budget.items():
            for src, amount in sources.items():
                by_source[src][y] += amount
    b.heading(ctx.t("budget_by_source"), 2, numbered=True)
    rows: list[Row] = [header]
    for src in source_order(by_source):
        rows.append(
            [Cell(ctx.code(codes.FUNDING_SOURCE, src))]
            + [num(ctx.amount(by_source[src].get(y, 0))) for y in years]
            + [num(ctx.amount(sum(by_source[src].values())))]
        )
    rows.append(
        [total(ctx.t("total"))]
        + [
            num(ctx.amount(sum(by_source[s].get(y, 0) for s in by_source)), kind="total")
            for y in years
        ]
        + [num(ctx.amount(grand), kind="total")]
    )
    b.table(widths, rows, header_rows=1, font_size=small)

    b.heading(ctx.t("budget_by_priority"), 2, numbered=True)
    header = (
        [head(f"{ctx.t('priority')} ({ctx.t('czk_header')})")]
        + [head(str(y), align="right") for y in years]
        + [head(ctx.t("total"), align="right")]
    )
    rows = [header]
    for index, priority in enumerate(plan.priorities):
        per_year = [
            sum(sum(m.budget.get(y, {}).values()) for m in priority.measures) for y in years
        ]
        name = ctx.t("priority_heading", n=priority_number(priority, index), title=priority.title)
        rows.append(
            [Cell(name)] + [num(ctx.amount(v)) for v in per_year] + [num(ctx.amount(sum(per_year)))]
        )
    rows.append(
        [total(ctx.t("total"))]
        + [
            num(
                ctx.amount(sum(sum(m.budget.get(y, {}).values()) for m in plan.measures)),
                kind="total",
            )
            for y in years
        ]
        + [num(ctx.amount(grand), kind="total")]
    )
    b.table(widths, rows, header_rows=1, font_size=small)
    from kpss_cli.render.money import cofinancing_section, plan_split

    split = plan_split(ctx, plan)
    if split is not None:
        cofinancing_section(ctx, split, spent=False)


def _groups(ctx: Context) -> None:
    b = ctx.b
    b.heading(ctx.t("ch_groups"), 1, numbered=True)
    b.para(ctx.t("groups_intro"))
    # The lead is a person: named only with --with-members (personal data need consent).
    named = ctx.options.with_members
    header = [head(ctx.t("group")), head(ctx.t("group_kind"))]
    header += [head(ctx.t("lead"))] if named else []
    header += [head(ctx.t("target_groups")), head(ctx.t("members_count"), align="right")]
    rows: list[Row] = [header]
    for g in ctx.repo.groups:
        row = [Cell(g.name), Cell(ctx.code(codes.GROUP_KIND, g.kind))]
        row += [Cell(g.lead or czech.EN_DASH)] if named else []
        row += [Cell(ctx.codes(codes.TARGET_GROUP, g.target_groups)), num(str(len(g.members)))]
        rows.append(row)
    widths = [3.0, 1.5, 2.1, 3.1, 1.3] if named else [3.6, 1.9, 4.2, 1.3]
    b.table(widths, rows, header_rows=1)
    if not ctx.options.with_members:
        return
    for g in ctx.repo.groups:
        if not g.members:
            continue
        b.para(
            bold(ctx.t("members_of", name=g.name)), keep_next=True, space_before=120, space_after=60
        )
        member_rows: list[Row] = [
            [head(ctx.t("member")), head(ctx.t("organisation")), head(ctx.t("role"))]
        ]
        for member in g.members:
            member_rows.append(
                [
                    Cell(member.name),
                    Cell(member.organisation or czech.EN_DASH),
                    Cell(ctx.code(codes.TRIAD_ROLE, member.role)),
                ]
            )
        b.table([2.5, 4, 1.6], member_rows, header_rows=1)


def _services_appendix(ctx: Context, plan: Plan) -> None:
    b = ctx.b
    used: dict[str, list[str]] = defaultdict(list)
    for m in plan.measures:
        for sid in m.services:
            if m.id not in used[sid]:
                used[sid].append(m.id)
    if not used:
        return
    b.heading(ctx.t("appendix_services"), 1, new_page=True)
    b.para(ctx.t("appendix_intro"))
    type_order = {code: i for i, code in enumerate(codes.SERVICE_TYPE)}

    def key(sid: str) -> tuple[int, str]:
        service = ctx.services.get(sid)
        if service is None or not service.type:
            return len(type_order), sid
        return type_order.get(service.type, len(type_order)), service.name

    rows: list[Row] = [
        [
            head(ctx.t("service")),
            head(ctx.t("service_type")),
            head(ctx.t("provider")),
            head(ctx.t("forms")),
            head(ctx.t("measure")),
        ]
    ]
    for sid in sorted(used, key=key):
        service = ctx.services.get(sid)
        if service is None:
            rows.append(
                [
                    Cell(sid),
                    Cell(czech.EN_DASH),
                    Cell(czech.EN_DASH),
                    Cell(czech.EN_DASH),
                    Cell(", ".join(used[sid])),
                ]
            )
            continue
        provider = ctx.providers.get(service.provider)
        name: list[R] = [R(service.name)]
        if service.registered:
            name.append(R(f"\n{ctx.t('id').lower()} {service.id}", italic=True))
        rows.append(
            [
                Cell(name),
                Cell(ctx.service_type(service.type) if service.type else ctx.t("not_registered")),
                Cell(provider.name if provider else service.provider),
                Cell(ctx.codes(codes.SERVICE_FORM, service.forms)),
                Cell(", ".join(used[sid])),
            ]
        )
    b.table([3.0, 2.5, 2.6, 1.7, 1.0], rows, header_rows=1)
