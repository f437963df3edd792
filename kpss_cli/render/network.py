"""The network of services of a year (síť sociálních služeb): the document the council approves.

The services by the three groups of law 108/2006 Sb. and by type with provider, forms, units and
municipalities; totals per type and target group; the changes against the year before; the
comparison with the plan's measures; the approving resolution (docs/network.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kpss_cli import codes, czech
from kpss_cli.network import NetworkReport, NetworkRow
from kpss_cli.render.builder import Cell, head, num, section, total
from kpss_cli.render.common import Context

Row = Sequence[Cell | str | None]


def level_text(ctx: Context, level: str | None) -> str:
    return ctx.t(f"net_level_{level}") if level else ctx.t("net_level_both")


def units_text(ctx: Context, units: dict[str, Any]) -> str:
    """``úvazky 6,5; klienti 120`` with the document's unit captions."""
    if not units:
        return czech.EN_DASH
    return "; ".join(f"{ctx.t(f'cap_{k}')} {ctx.number(v)}" for k, v in units.items())


def level_units(ctx: Context, per_level: dict[str, dict[str, Any]], single: bool) -> list[str]:
    """One line per level (just the units when one level is chosen)."""
    if not per_level:
        return [czech.EN_DASH]
    if single:
        return [units_text(ctx, u) for u in per_level.values()]
    return [f"{ctx.t(f'net_short_{lvl}')}: {units_text(ctx, u)}" for lvl, u in per_level.items()]


def title_of(ctx: Context, report: NetworkReport) -> str:
    if report.territory:
        return ctx.t("net_title", territory=report.territory, year=report.year)
    return ctx.t("net_title_plain", year=report.year)


def render_network(ctx: Context, report: NetworkReport) -> tuple[str, str]:
    """Write the network document into ctx; return (title, subject)."""
    b = ctx.b
    title = title_of(ctx, report)
    single = report.level is not None
    count = ctx.t(
        "net_count_previous", count=len(report.rows), year=report.previous_year, previous=len(report.previous_rows)
    )
    facts = [
        (ctx.t("territory"), ctx.territory_line()),
        (ctx.t("net_year"), str(report.year)),
        (ctx.t("net_level"), level_text(ctx, report.level)),
        (ctx.t("net_count"), count),
        (ctx.t("coordinator"), ctx.coordinator()),
    ]
    ctx.cover(ctx.territory, title, ctx.t("net_subtitle", previous=report.previous_year), facts)
    ctx.contents()

    b.heading(ctx.t("ch_net_intro"), 1, numbered=True)
    b.para(ctx.t("net_intro", territory=report.territory or "", year=report.year, previous=report.previous_year))
    ctx.facts(facts)

    b.heading(ctx.t("ch_net_services"), 1, numbered=True, new_page=True)
    if not report.rows:
        b.para(ctx.t("net_none"))
    for group, types in report.groups():
        group_title = codes.label(codes.SERVICE_GROUP, group, ctx.lang) if group else ctx.t("net_unregistered")
        b.heading(group_title[:1].upper() + group_title[1:], 2, numbered=True)
        for code, rows in types:
            b.heading(ctx.service_type(code) if code else ctx.t("net_unregistered"), 3)
            _services(ctx, rows, single)

    b.heading(ctx.t("ch_net_totals"), 1, numbered=True)
    overall = report.total()
    for caption, totals in ((ctx.t("net_by_type"), report.type_totals()), (ctx.t("net_by_group"), None)):
        b.heading(caption, 2, numbered=True)
        if totals is None:
            totals = report.target_group_totals()
            label_of = lambda t: ctx.code(codes.TARGET_GROUP, t.code) if t.code else ctx.t("net_no_group")  # noqa: E731
        else:
            label_of = lambda t: ctx.service_type(t.code) if t.code else ctx.t("net_unregistered")  # noqa: E731
        rows: list[Row] = [[head(caption), head(ctx.t("net_services_col"), align="right"), head(ctx.t("net_units"))]]
        rows += [[Cell(label_of(t)), num(str(t.services)), Cell(level_units(ctx, t.units, single))] for t in totals]
        rows.append(
            [
                total(ctx.t("total")),
                num(str(overall.services), kind="total"),
                total(level_units(ctx, overall.units, single)),
            ]
        )
        b.table([3.4, 0.9, 3.2], rows, header_rows=1)
        if caption == ctx.t("net_by_group"):
            b.note(ctx.t("net_by_group_note"))

    b.heading(ctx.t("ch_net_changes", year=report.previous_year), 1, numbered=True)
    _changes(ctx, report)
    b.heading(ctx.t("ch_net_checks"), 1, numbered=True)
    _checks(ctx, report)
    b.heading(ctx.t("ch_net_approval"), 1, numbered=True)
    if report.resolutions:
        b.para(ctx.t("net_resolutions"), keep_next=True)
        b.bullets(list(report.resolutions))
    b.para(
        ctx.t(
            "net_resolution_proposal",
            body=ctx.t("net_body"),
            territory=report.territory or "",
            year=report.year,
        )
    )
    b.spacer(600)
    b.para(ctx.t("net_signature"))
    subject = f"{ctx.t('net_doc')} {report.territory} {report.year}".strip()
    return title, subject


def _services(ctx: Context, rows: list[NetworkRow], single: bool) -> None:
    table: list[Row] = [
        [
            head(ctx.t("net_service")),
            head(ctx.t("net_provider")),
            head(ctx.t("net_forms")),
            head(ctx.t("net_units")),
            head(ctx.t("net_municipalities")),
        ]
    ]
    for r in rows:
        s = r.service
        name = f"{s.name} ({s.id})" if s.registered else s.name
        table.append(
            [
                Cell(name),
                Cell(r.provider_name),
                Cell(ctx.codes(codes.SERVICE_FORM, s.forms) or czech.EN_DASH),
                Cell(level_units(ctx, r.units, single)),
                Cell(ctx.t("all_municipalities") if r.area_all else (", ".join(r.municipalities) or czech.EN_DASH)),
            ]
        )
    ctx.b.table([2.6, 2.0, 1.3, 2.0, 1.8], table, header_rows=1)


def _changes(ctx: Context, report: NetworkReport) -> None:
    b = ctx.b
    if not (report.entered or report.left or report.units_changed):
        b.para(ctx.t("net_no_change", year=report.previous_year))
        return
    rows: list[Row] = []
    span = 2
    for caption, items in ((ctx.t("net_entered"), report.entered), (ctx.t("net_left"), report.left)):
        if items:
            rows.append([section(caption, span)])
            rows += [
                [Cell(f"{r.service.name} ({r.service.id})"), Cell(ctx.service_type(r.service.type))] for r in items
            ]
    if report.units_changed:
        rows.append([section(ctx.t("net_changed"), span)])
        rows += [
            [
                Cell(f"{c.name} ({c.service})"),
                Cell(f"{ctx.t(f'net_short_{c.level}')}: {units_text(ctx, c.old)} → {units_text(ctx, c.new)}"),
            ]
            for c in report.units_changed
        ]
    b.table([3.6, 3.9], rows)


def _checks(ctx: Context, report: NetworkReport) -> None:
    b = ctx.b
    if not report.plans:
        b.para(ctx.t("net_no_plan", year=report.year))
        return
    b.para(ctx.t("net_not_in_network", year=report.year), keep_next=True)
    lines = [
        ctx.t("net_measure_line", measure=c.measure, service=f"{c.name or c.service} ({c.service})")
        for c in report.not_in_network
    ]
    b.bullets(lines or [ctx.t("net_check_none")])
    b.para(ctx.t("net_in_no_measure", year=report.year), keep_next=True)
    b.bullets([f"{r.service.name} ({r.service.id})" for r in report.in_no_measure] or [ctx.t("net_check_none")])
