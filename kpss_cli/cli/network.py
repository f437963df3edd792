"""``kpss report network`` and ``kpss report grants``: the library computes, this formats.

Tables and markdown speak Czech with Czech figures (kpss_cli.czech); json is the report's own
``to_json()``; csv has one row per service entry (network) or application (grants).
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from kpss_cli import czech
from kpss_cli.cli import options
from kpss_cli.cli.report import (
    ExcelOption,
    Format,
    FormatOption,
    OutputOption,
    choose_format,
    emit_report,
    grid,
    report_app,
)
from kpss_cli.i18n import N_, _, language
from kpss_cli.report_formats import formats, md, md_table, write_csv

if TYPE_CHECKING:
    from rich.console import Console

    from kpss_cli.cli.report import Page
    from kpss_cli.grants import GrantsReport
    from kpss_cli.network import LevelUnits, NetworkReport, NetworkRow

UNIT_WORDS = {
    "fte": N_("FTE"),
    "beds": N_("beds"),
    "clients": N_("clients"),
    "contacts": N_("contacts"),
    "interventions": N_("interventions"),
    "calls": N_("calls"),
}
LEVEL_WORDS = {
    "kraj": N_("the regional network"),
    "obec": N_("the municipal network"),
    "unspecified": N_("level not given"),
}
LEVEL_SHORT = {"kraj": N_("region"), "obec": N_("municipality"), "unspecified": N_("network")}
HALER = Decimal("0.01")


class Level(str, Enum):
    kraj = "kraj"
    obec = "obec"


# -- words ---------------------------------------------------------------------------------------


def units_text(units: dict[str, Any]) -> str:
    """``úvazky 6,5; klienti 120`` (no unit: en dash)."""
    if not units:
        return czech.EN_DASH
    from kpss_cli.i18n import language

    lang = language()
    key = (lang, tuple(units.items()))
    text = _UNITS_SEEN.get(key)
    if text is None:  # thousands of services share their units: each figure is written once
        words = _UNIT_WORDS_IN.get(lang)
        if words is None:
            words = _UNIT_WORDS_IN[lang] = {k: _(w) for k, w in UNIT_WORDS.items()}
        text = _UNITS_SEEN[key] = "; ".join(f"{words.get(k, k)} {czech.number(v, lang)}" for k, v in key[1])
    return text


_UNITS_SEEN: dict[tuple[str, tuple[tuple[str, Any], ...]], str] = {}
_UNIT_WORDS_IN: dict[str, dict[str, str]] = {}  # language -> unit key -> its word


def level_units_text(level_units: LevelUnits, single: bool) -> str:
    """Units of each level; with one level chosen, just its units."""
    if not level_units:
        return czech.EN_DASH
    if single:
        return "; ".join(units_text(u) for u in level_units.values())
    return " | ".join(f"{_(LEVEL_SHORT[lvl])}: {units_text(u)}" for lvl, u in level_units.items())


def _type_heading(code: str) -> str:
    from kpss_cli import codes

    if code not in codes.SERVICE_TYPE:
        return _("Services outside the registry")
    entry = codes.SERVICE_TYPE[code]
    sign = f"{czech.paragraph_sign(entry.extra)} " if entry.extra else ""
    return f"{sign}{codes.label(codes.SERVICE_TYPE, code, language())}"


def _group_heading(code: str) -> str:
    from kpss_cli import codes

    if code not in codes.SERVICE_GROUP:
        return _("Services outside the registry")
    return codes.label(codes.SERVICE_GROUP, code, language()).capitalize()


def _area(row: NetworkRow) -> str:
    return _("the whole territory") if row.area_all else (", ".join(row.municipalities) or czech.EN_DASH)


def _forms(row: NetworkRow) -> str:
    from kpss_cli import codes

    return ", ".join(codes.label(codes.SERVICE_FORM, f, language()) for f in row.service.forms) or czech.EN_DASH


def network_title(report: NetworkReport) -> str:
    if report.territory:
        title = _("The network of social services of {territory} for {year}").format(
            territory=report.territory, year=report.year
        )
    else:
        title = _("The network of social services for {year}").format(year=report.year)
    return title + (f" ({_(LEVEL_WORDS[report.level])})" if report.level else "")


def _change_lines(report: NetworkReport) -> list[str]:
    lines = []
    if report.entered:
        lines.append(_("New in the network: {services}").format(
            services="; ".join(f"{r.service.id} {r.service.name}" for r in report.entered)
        ))
    if report.left:
        lines.append(_("Left the network: {services}").format(
            services="; ".join(f"{r.service.id} {r.service.name}" for r in report.left)
        ))
    for c in report.units_changed:
        lines.append(
            _("Units changed ({level}): {service} {name}: {old} → {new}").format(
                level=_(LEVEL_SHORT[c.level]),
                service=c.service,
                name=c.name,
                old=units_text(c.old),
                new=units_text(c.new),
            )
        )
    if not lines:
        lines.append(_("No change against {year}.").format(year=report.previous_year))
    return lines


def _check_lines(report: NetworkReport) -> tuple[list[str], list[str]]:
    outside = [
        _("measure {measure} ({plan}) names the service {service} {name}").format(
            measure=c.measure, plan=c.plan, service=c.service, name=c.name or _("(not in services.yaml)")
        )
        for c in report.not_in_network
    ]
    unnamed = [f"{r.service.id} {r.service.name}" for r in report.in_no_measure]
    return outside, unnamed


# -- network: table ------------------------------------------------------------------------------


def network_table(report: NetworkReport, out: Console) -> None:
    from rich.text import Text

    from kpss_cli.cli.report import Page
    from kpss_cli.textsafe import visible

    single = report.level is not None
    out.print(Text(visible(network_title(report)), style="bold"), soft_wrap=False)
    out.print(
        _("Services in the network: {count} (in {year}: {previous})").format(
            count=len(report.rows), year=report.previous_year, previous=len(report.previous_rows)
        ),
        soft_wrap=False,
        markup=False,
    )
    page = Page(out)
    console_wraps = not out.soft_wrap  # how out.print() without soft_wrap treats a long line
    head = [_("Service"), _("Name / provider"), _("Forms"), _("Units"), _("Municipalities")]
    width = max(out.width, 80)
    widths = [8, 0, 12, 22, 14]
    widths[1] = max(16, width - sum(widths) - 8)
    forms: dict[tuple[str, ...], str] = {}
    units: dict[int, tuple[Any, str]] = {}  # id(units) -> (units, text): rows share their units
    for group, types in report.groups():
        page.line()
        page.line(_group_heading(group), "bold", console_wraps)
        for code, rows in types:
            page.line(_type_heading(code), "bold", wrap=True)
            cells = []
            for r in rows:
                s = r.service
                key = tuple(s.forms)
                shown_forms = forms.get(key)
                if shown_forms is None:
                    shown_forms = forms[key] = _forms(r)
                seen = units.get(id(r.units))
                if seen is None:
                    seen = units[id(r.units)] = (r.units, level_units_text(r.units, single))
                cells.append([
                    (s.id, ""),
                    (f"{s.name} ({r.provider_name})", ""),
                    (shown_forms, "dim"),
                    (seen[1], ""),
                    (_area(r), "dim"),
                ])  # fmt: skip
            page.grid(grid(head, widths, set(), cells, page.styled))
    if not report.rows:
        page.line()
        page.line(_("There is no service in the network."), wrap=console_wraps)
    page.line()
    _totals_table(report, page, single)
    page.line()
    page.line(_("Changes against {year}").format(year=report.previous_year), "bold", console_wraps)
    page.lines([f"  {visible(line)}" for line in _change_lines(report)])
    page.line()
    page.line(_("Checks against the plan"), "bold", console_wraps)
    outside, unnamed = _check_lines(report)
    if not report.plans:
        no_plan = _("The year {year} belongs to no plan; the measures cannot be compared.").format(year=report.year)
        page.line(f"  {no_plan}", wrap=console_wraps)
        page.flush()
        return
    not_in = _("Services of the measures of {year} that are not in the network: {count}")
    page.line("  " + not_in.format(year=report.year, count=len(outside)), wrap=console_wraps)
    page.lines([f"    {visible(line)}" for line in outside], "yellow")
    unnamed_text = _("Services in the network that no measure names: {count}").format(count=len(unnamed))
    page.line(f"  {unnamed_text}", wrap=console_wraps)
    page.lines([f"    {visible(line)}" for line in unnamed], "yellow")
    page.flush()


def _totals_table(report: NetworkReport, page: Page, single: bool) -> None:
    width = max(page.out.width, 80)
    widths = [0, 7, 40]
    widths[0] = max(20, width - sum(widths) - 4)
    total = report.total()
    for title, totals in (
        (_("Totals by service type"), report.type_totals()),
        (_("Totals by target group"), report.target_group_totals()),
    ):
        page.line(title, "bold", not page.out.soft_wrap)
        rows = [[(t.label, ""), (str(t.services), ""), (level_units_text(t.units, single), "")] for t in totals]
        rows.append([])
        rows.append(
            [(_("Total"), "bold"), (str(total.services), "bold"), (level_units_text(total.units, single), "bold")]
        )
        page.grid(grid(["", _("Services"), _("Units")], widths, {1}, rows, page.styled))
        page.line()


# -- network: markdown ---------------------------------------------------------------------------


def network_markdown(report: NetworkReport) -> str:
    single = report.level is not None
    out = [
        f"# {md(network_title(report))}",
        "",
        _("Services in the network: {count} (in {year}: {previous})").format(
            count=f"**{len(report.rows)}**", year=report.previous_year, previous=len(report.previous_rows)
        )
        + ".",
    ]
    for group, types in report.groups():
        out += ["", f"## {md(_group_heading(group))}"]
        for code, rows in types:
            out += ["", f"### {md(_type_heading(code))}", ""]
            out += md_table(
                [_("Service"), _("Name"), _("Provider"), _("Forms"), _("Units"), _("Municipalities")],
                [
                    [
                        md(r.service.id),
                        md(r.service.name),
                        md(r.provider_name),
                        md(_forms(r)),
                        md(level_units_text(r.units, single)),
                        md(_area(r)),
                    ]
                    for r in rows
                ],
            )
    total = report.total()
    for title, totals, first in (
        (_("Totals by service type"), report.type_totals(), _("Service type")),
        (_("Totals by target group"), report.target_group_totals(), _("Target group")),
    ):
        out += ["", f"## {title}", ""]
        rows = [[md(t.label), str(t.services), md(level_units_text(t.units, single))] for t in totals]
        rows.append([f"**{_('Total')}**", f"**{total.services}**", md(level_units_text(total.units, single))])
        out += md_table([first, _("Services"), _("Units")], rows, right=[1])
    out += ["", "## " + _("Changes against {year}").format(year=report.previous_year), ""]
    out += [f"- {md(line)}" for line in _change_lines(report)]
    out += ["", "## " + _("Checks against the plan"), ""]
    if not report.plans:
        out.append(_("The year {year} belongs to no plan; the measures cannot be compared.").format(year=report.year))
    else:
        outside, unnamed = _check_lines(report)
        out.append(
            _("Services of the measures of {year} that are not in the network: {count}").format(
                year=report.year, count=f"**{len(outside)}**"
            )
        )
        out += [f"- {md(line)}" for line in outside]
        out += ["", _("Services in the network that no measure names: {count}").format(count=f"**{len(unnamed)}**")]
        out += [f"- {md(line)}" for line in unnamed]
    return "\n".join(out) + "\n"


# -- network: csv --------------------------------------------------------------------------------

NETWORK_CSV_HEADER = [
    "year", "level", "group", "type", "type_label", "service", "name", "provider", "provider_name",
    "forms", "target_groups", "area", "fte", "beds", "clients", "contacts", "interventions", "calls",
    "resolution", "change",
]  # fmt: skip


def network_csv(report: NetworkReport, excel: bool = False) -> str:
    """One row per network entry of the year (a service in both levels: two rows)."""
    from kpss_cli import codes
    from kpss_cli.model import UNIT_KEYS
    from kpss_cli.network import level_of

    entered = {r.service.id for r in report.entered}
    changed = {(c.service, c.level) for c in report.units_changed}
    rows: list[list[Any]] = []
    for r in report.rows:
        s = r.service
        for e in r.entries:
            units = e.units_map
            lvl = level_of(e)
            change = "entered" if s.id in entered else ("units_changed" if (s.id, lvl) in changed else "")
            rows.append([
                report.year, lvl,
                codes.service_group(s.type) if s.type in codes.SERVICE_TYPE else "",
                s.type, codes.label(codes.SERVICE_TYPE, s.type, language()) if s.type else "",
                s.id, s.name, s.provider, r.provider_name,
                " ".join(s.forms), " ".join(s.target_groups), "all" if r.area_all else " ".join(s.area),
                *[units.get(k) for k in UNIT_KEYS], e.resolution, change,
            ])  # fmt: skip
    return write_csv(NETWORK_CSV_HEADER, rows, excel)


NETWORK_FORMATS = formats(network_markdown, network_csv)  # and ``table``: network_table


# -- the commands --------------------------------------------------------------------------------


@report_app.command("network")
def network(
    year: int | None = typer.Argument(
        None, metavar="[YEAR]", show_default=False, help="The year of the network. Default: the current year."
    ),
    level: Level | None = typer.Option(
        None,
        "--level",
        "-l",
        show_default=False,
        help="kraj (the regional network) or obec (the municipal / minimum network). Default: both.",
    ),  # fmt: skip
    format: Format | None = FormatOption,
    excel: bool = ExcelOption,
    output: Path | None = OutputOption,
    force: bool = options.ForceOutputOption,
    repo: Path | None = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """The network of services of a year: the services by type with provider, forms, units and
    municipalities; totals per type and target group; changes against the year before; the
    services a measure names but the network lacks, and the other way round.

    Exit status: 0 done; 2 could not run (no repository, errors in kpss.yaml, services.yaml or
    the plan, a bad option).

    Example: kpss report network 2025 --level obec --format markdown -o sit-2025.md
    """
    from kpss_cli.network import compute_network, default_year, load_network_repository

    chosen = choose_format(format, excel)
    root = options.repo_root(repo)
    year = year if year is not None else default_year()
    report = compute_network(load_network_repository(root, year), year, level.value if level else None)
    emit_report(report, chosen, excel, output, network_table, NETWORK_FORMATS, force, quiet)


# -- grants --------------------------------------------------------------------------------------

GRANT_HEAD = [N_("Requested"), N_("Granted"), N_("Paid"), N_("Settled"), N_("Share ¹")]
GRANTS_NOTE = N_(
    "¹ Share = granted / the budget of the programme. An application without a granted amount awaits the decision."
)


def _sum_cells(sums: Any, budget: Any) -> list[str]:
    return [
        czech.money(sums.requested),
        czech.money(sums.granted),
        czech.money(sums.paid),
        czech.money(sums.settled),
        czech.percent(None if sums.share(budget) is None else float(sums.share(budget))),
    ]


def grants_title(report: GrantsReport) -> str:
    names = sorted({r.programme for r in report.rounds})
    return _("{programmes} – year {year}").format(programmes="; ".join(names), year=report.year)


def _grant_rows(report: GrantsReport) -> list[list[str]]:

    budget = report.budget
    rows = []
    for row in report.rows:
        a = row.application
        requested, granted, paid, settled = row.amounts
        share = None if granted is None or not budget else float(granted * 100 / budget)
        rows.append([
            a.id,
            f"{a.service} {row.service_name or ''}".strip(),
            row.provider_name or czech.EN_DASH,
            czech.money(requested),
            _("pending") if row.pending else czech.money(granted),
            czech.money(paid),
            czech.money(settled),
            czech.percent(share),
        ])  # fmt: skip
    return rows


def _grant_intro(report: GrantsReport) -> list[str]:
    total = report.total()
    lines = [
        _("Budget: {budget}; granted {granted}, left {left}.").format(
            budget=czech.money(report.budget), granted=czech.money(total.granted), left=czech.money(report.remaining)
        ),
        _("Applications: {count}, of them awaiting the decision: {pending}.").format(
            count=total.applications, pending=total.pending
        ),
    ]
    for r in report.rounds:
        if r.approved:
            lines.append(
                _("{file}: approved on {date}, {by}, {resolution}.").format(
                    file=r.file,
                    date=czech.date(r.approved.get("date")),
                    by=r.approved.get("by"),
                    resolution=r.approved.get("resolution"),
                )
            )
    return lines


def grants_table(report: GrantsReport, out: Console) -> None:
    from rich.text import Text

    from kpss_cli.cli.report import Page
    from kpss_cli.textsafe import visible

    out.print(Text(visible(grants_title(report)), style="bold"), soft_wrap=False)
    for line in _grant_intro(report):
        out.print(visible(line), soft_wrap=True, markup=False)
    out.print()
    page = Page(out)
    width = max(out.width, 100)
    widths = [8, 0, 0, 12, 12, 12, 12, 7]
    rest = max(30, width - sum(widths) - 14)
    widths[1], widths[2] = rest // 2 + rest % 2, rest // 2
    grant_head = [_(h) for h in GRANT_HEAD]
    head = [_("Application"), _("Service"), _("Provider"), *grant_head]
    right = {3, 4, 5, 6, 7}
    rows: list[list[Any]] = [[(c, "") for c in r] for r in _grant_rows(report)]
    rows.append([])
    rows.append(
        [(_("Total"), "bold"), ("", ""), ("", ""), *[(c, "bold") for c in _sum_cells(report.total(), report.budget)]]
    )
    page.grid(grid(head, widths, right, rows, page.styled))
    for title, groups in ((_("By service type"), report.by_type()), (_("By provider"), report.by_provider())):
        page.line()
        page.line(title, "bold", not out.soft_wrap)
        gw = [0, 12, 12, 12, 12, 7]
        gw[0] = max(20, width - sum(gw) - 10)
        grows: list[list[Any]] = [
            [(g.label, ""), *[(c, "") for c in _sum_cells(g.sums, report.budget)]] for g in groups
        ]
        page.grid(grid(["", *grant_head], gw, {1, 2, 3, 4, 5}, grows, page.styled))
    page.line()
    page.line(_(GRANTS_NOTE), "dim", wrap=True)
    page.flush()


def grants_markdown(report: GrantsReport) -> str:
    out = [f"# {md(grants_title(report))}", ""]
    out += [md(line) + "  " for line in _grant_intro(report)]
    out += ["", "## " + _("Applications"), ""]
    grant_head = [_(h) for h in GRANT_HEAD]
    rows = [[md(c) for c in row] for row in _grant_rows(report)]
    rows.append([f"**{_('Total')}**", "", "", *[f"**{c}**" for c in _sum_cells(report.total(), report.budget)]])
    out += md_table([_("Application"), _("Service"), _("Provider"), *grant_head], rows, right=[3, 4, 5, 6, 7])
    for title, groups, first in (
        (_("By service type"), report.by_type(), _("Service type")),
        (_("By provider"), report.by_provider(), _("Provider")),
    ):
        out += ["", f"## {title}", ""]
        out += md_table(
            [first, *grant_head],
            [[md(g.label), *_sum_cells(g.sums, report.budget)] for g in groups],
            right=[1, 2, 3, 4, 5],
        )
    out += ["", f"_{_(GRANTS_NOTE)}_"]
    return "\n".join(out) + "\n"


GRANTS_CSV_HEADER = [
    "year", "file", "programme", "application", "service", "service_name", "type", "provider", "provider_name",
    "requested", "granted", "paid", "settled", "pending", "note",
]  # fmt: skip


def grants_csv(report: GrantsReport, excel: bool = False) -> str:
    """One row per application; amounts exact (haléře with a decimal point, or comma for Excel)."""
    from kpss_cli.money import opt

    rows = []
    for row in report.rows:
        a = row.application
        rows.append([
            report.year, row.round.file, row.round.programme, a.id, a.service, row.service_name,
            row.service_type, row.provider, row.provider_name,
            *[_csv_money(opt(getattr(a, n)), excel) for n in ("requested", "granted", "paid", "settled")],
            row.pending, a.note,
        ])  # fmt: skip
    return write_csv(GRANTS_CSV_HEADER, rows, excel)


def _csv_money(value: Any, excel: bool) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value.quantize(HALER), "f")
    return text.replace(".", ",") if excel else text


GRANTS_FORMATS = formats(grants_markdown, grants_csv)  # and ``table``: grants_table


@report_app.command("grants")
def grants(
    year: int | None = typer.Argument(
        None,
        metavar="[YEAR]",
        show_default=False,
        help="The year of the programme. Default: the current year when it has a grants file, else the latest.",
    ),  # fmt: skip
    format: Format | None = FormatOption,
    excel: bool = ExcelOption,
    output: Path | None = OutputOption,
    force: bool = options.ForceOutputOption,
    repo: Path | None = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """The grant programme of a year (grants/<year>.yaml): per application, service type and
    provider the money requested, granted, paid and settled, and the share of the budget.

    Exit status: 0 done; 2 could not run (no repository, no grants file for the year, errors in
    kpss.yaml, services.yaml or grants/, a bad option).

    Example: kpss report grants 2025 --format csv --excel -o dotace-2025.csv
    """
    from kpss_cli.grants import compute_grants, load_grants_repository

    chosen = choose_format(format, excel)
    root = options.repo_root(repo)
    report = compute_grants(load_grants_repository(root), year)
    emit_report(report, chosen, excel, output, grants_table, GRANTS_FORMATS, force, quiet)


def register(app: typer.Typer) -> None:
    """The commands are added to ``kpss report`` on import; nothing else to register."""
