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
from kpss_cli.report_formats import formats, md, md_table, write_csv

if TYPE_CHECKING:
    from rich.console import Console

    from kpss_cli.grants import GrantsReport
    from kpss_cli.network import LevelUnits, NetworkReport, NetworkRow

UNIT_WORDS = {
    "fte": "úvazky",
    "beds": "lůžka",
    "clients": "klienti",
    "contacts": "kontakty",
    "interventions": "intervence",
    "calls": "hovory",
}
LEVEL_WORDS = {"kraj": "síť kraje", "obec": "obecní síť", "unspecified": "úroveň neuvedena"}
LEVEL_SHORT = {"kraj": "kraj", "obec": "obec", "unspecified": "síť"}
HALER = Decimal("0.01")


class Level(str, Enum):
    kraj = "kraj"
    obec = "obec"


# -- words ---------------------------------------------------------------------------------------


def units_text(units: dict[str, Any]) -> str:
    """``úvazky 6,5; klienti 120`` (no unit: en dash)."""
    if not units:
        return czech.EN_DASH
    return "; ".join(f"{UNIT_WORDS.get(k, k)} {czech.number(v)}" for k, v in units.items())


def level_units_text(level_units: LevelUnits, single: bool) -> str:
    """Units of each level; with one level chosen, just its units."""
    if not level_units:
        return czech.EN_DASH
    if single:
        return "; ".join(units_text(u) for u in level_units.values())
    return " | ".join(f"{LEVEL_SHORT[lvl]}: {units_text(u)}" for lvl, u in level_units.items())


def _type_heading(code: str) -> str:
    from kpss_cli import codes

    if code not in codes.SERVICE_TYPE:
        return "Služby mimo registr"
    entry = codes.SERVICE_TYPE[code]
    sign = f"{czech.paragraph_sign(entry.extra)} " if entry.extra else ""
    return f"{sign}{entry.cs}"


def _group_heading(code: str) -> str:
    from kpss_cli import codes

    return codes.SERVICE_GROUP[code].cs.capitalize() if code in codes.SERVICE_GROUP else "Služby mimo registr"


def _area(row: NetworkRow) -> str:
    return "celé území" if row.area_all else (", ".join(row.municipalities) or czech.EN_DASH)


def _forms(row: NetworkRow) -> str:
    from kpss_cli import codes

    return ", ".join(codes.label(codes.SERVICE_FORM, f) for f in row.service.forms) or czech.EN_DASH


def network_title(report: NetworkReport) -> str:
    where = f" na území {report.territory}" if report.territory else ""
    level = f" ({LEVEL_WORDS[report.level]})" if report.level else ""
    return f"Síť sociálních služeb{where} pro rok {report.year}{level}"


def _change_lines(report: NetworkReport) -> list[str]:
    lines = []
    if report.entered:
        lines.append("Nově v síti: " + "; ".join(f"{r.service.id} {r.service.name}" for r in report.entered))
    if report.left:
        lines.append("Vyřazeno ze sítě: " + "; ".join(f"{r.service.id} {r.service.name}" for r in report.left))
    for c in report.units_changed:
        lines.append(
            f"Změna jednotek ({LEVEL_SHORT[c.level]}): {c.service} {c.name}: {units_text(c.old)} → {units_text(c.new)}"
        )
    if not lines:
        lines.append(f"Beze změn proti roku {report.previous_year}.")
    return lines


def _check_lines(report: NetworkReport) -> tuple[list[str], list[str]]:
    outside = [
        f"opatření {c.measure} ({c.plan}) jmenuje službu {c.service} {c.name or '(není v services.yaml)'}"
        for c in report.not_in_network
    ]
    unnamed = [f"{r.service.id} {r.service.name}" for r in report.in_no_measure]
    return outside, unnamed


# -- network: table ------------------------------------------------------------------------------


def network_table(report: NetworkReport, out: Console) -> None:
    from rich.text import Text

    from kpss_cli.textsafe import visible

    single = report.level is not None
    out.print(Text(visible(network_title(report)), style="bold"), soft_wrap=False)
    out.print(
        f"Služeb v síti: {len(report.rows)} (v roce {report.previous_year}: {len(report.previous_rows)})",
        soft_wrap=False,
        markup=False,
    )
    head = ["Služba", "Název / poskytovatel", "Formy", "Jednotky", "Obce"]
    width = max(out.width, 80)
    widths = [8, 0, 12, 22, 14]
    widths[1] = max(16, width - sum(widths) - 8)
    for group, types in report.groups():
        out.print()
        out.print(Text(_group_heading(group), style="bold"))
        for code, rows in types:
            out.print(Text(_type_heading(code), style="bold"), soft_wrap=False)
            cells = [
                [
                    (r.service.id, ""),
                    (f"{r.service.name} ({r.provider_name})", ""),
                    (_forms(r), "dim"),
                    (level_units_text(r.units, single), ""),
                    (_area(r), "dim"),
                ]
                for r in rows
            ]
            out.print(grid(head, widths, set(), cells), end="", soft_wrap=True)
    if not report.rows:
        out.print()
        out.print("V síti není žádná služba.", markup=False)
    out.print()
    _totals_table(report, out, single)
    out.print()
    out.print(Text(f"Změny proti roku {report.previous_year}", style="bold"))
    # One print for all the lines (a national network changes thousands of units a year).
    out.print("\n".join(f"  {visible(line)}" for line in _change_lines(report)), soft_wrap=True, markup=False)
    out.print()
    out.print(Text("Kontroly proti plánu", style="bold"))
    outside, unnamed = _check_lines(report)
    if not report.plans:
        out.print(f"  Rok {report.year} nepatří do žádného plánu; opatření nelze porovnat.", markup=False)
        return
    out.print(f"  Služby opatření roku {report.year}, které nejsou v síti: {len(outside)}", markup=False)
    if outside:
        out.print("\n".join(f"    {visible(line)}" for line in outside), soft_wrap=True, markup=False, style="yellow")
    out.print(f"  Služby v síti, které nejmenuje žádné opatření: {len(unnamed)}", markup=False)
    if unnamed:
        out.print("\n".join(f"    {visible(line)}" for line in unnamed), soft_wrap=True, markup=False, style="yellow")


def _totals_table(report: NetworkReport, out: Console, single: bool) -> None:
    from rich.text import Text

    width = max(out.width, 80)
    widths = [0, 7, 40]
    widths[0] = max(20, width - sum(widths) - 4)
    total = report.total()
    for title, totals in (
        ("Součty podle druhu služby", report.type_totals()),
        ("Součty podle cílové skupiny", report.target_group_totals()),
    ):
        out.print(Text(title, style="bold"))
        rows = [[(t.label, ""), (str(t.services), ""), (level_units_text(t.units, single), "")] for t in totals]
        rows.append([])
        rows.append(
            [("Celkem", "bold"), (str(total.services), "bold"), (level_units_text(total.units, single), "bold")]
        )
        out.print(grid(["", "Služeb", "Jednotky"], widths, {1}, rows), end="", soft_wrap=True)
        out.print()


# -- network: markdown ---------------------------------------------------------------------------


def network_markdown(report: NetworkReport) -> str:
    single = report.level is not None
    out = [
        f"# {md(network_title(report))}",
        "",
        f"Služeb v síti: **{len(report.rows)}** (v roce {report.previous_year}: {len(report.previous_rows)}).",
    ]
    for group, types in report.groups():
        out += ["", f"## {md(_group_heading(group))}"]
        for code, rows in types:
            out += ["", f"### {md(_type_heading(code))}", ""]
            out += md_table(
                ["Služba", "Název", "Poskytovatel", "Formy", "Jednotky", "Obce"],
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
        ("Součty podle druhu služby", report.type_totals(), "Druh služby"),
        ("Součty podle cílové skupiny", report.target_group_totals(), "Cílová skupina"),
    ):
        out += ["", f"## {title}", ""]
        rows = [[md(t.label), str(t.services), md(level_units_text(t.units, single))] for t in totals]
        rows.append(["**Celkem**", f"**{total.services}**", md(level_units_text(total.units, single))])
        out += md_table([first, "Služeb", "Jednotky"], rows, right=[1])
    out += ["", f"## Změny proti roku {report.previous_year}", ""]
    out += [f"- {md(line)}" for line in _change_lines(report)]
    out += ["", "## Kontroly proti plánu", ""]
    if not report.plans:
        out.append(f"Rok {report.year} nepatří do žádného plánu; opatření nelze porovnat.")
    else:
        outside, unnamed = _check_lines(report)
        out.append(f"Služby opatření roku {report.year}, které nejsou v síti: **{len(outside)}**")
        out += [f"- {md(line)}" for line in outside]
        out += ["", f"Služby v síti, které nejmenuje žádné opatření: **{len(unnamed)}**"]
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
                s.type, codes.label(codes.SERVICE_TYPE, s.type) if s.type else "",
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
    emit_report(report, chosen, excel, output, network_table, NETWORK_FORMATS, quiet=quiet)


# -- grants --------------------------------------------------------------------------------------

GRANT_HEAD = ["Požadováno", "Přiděleno", "Vyplaceno", "Vyúčtováno", "Podíl ¹"]
GRANTS_NOTE = "¹ Podíl = přiděleno / alokace programu. Žádost bez přidělené částky čeká na rozhodnutí."


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
    return f"{'; '.join(names)} – rok {report.year}"


def _grant_rows(report: GrantsReport) -> list[list[str]]:
    from kpss_cli.money import opt

    budget = report.budget
    rows = []
    for row in report.rows:
        a = row.application
        granted = opt(a.granted)
        share = None if granted is None or not budget else float(granted * 100 / budget)
        rows.append([
            a.id,
            f"{a.service} {row.service_name or ''}".strip(),
            row.provider_name or czech.EN_DASH,
            czech.money(opt(a.requested)),
            "čeká" if row.pending else czech.money(granted),
            czech.money(opt(a.paid)),
            czech.money(opt(a.settled)),
            czech.percent(share),
        ])  # fmt: skip
    return rows


def _grant_intro(report: GrantsReport) -> list[str]:
    total = report.total()
    lines = [
        f"Alokace: {czech.money(report.budget)}; přiděleno {czech.money(total.granted)}, "
        f"zbývá {czech.money(report.remaining)}.",
        f"Žádostí: {total.applications}, z toho čeká na rozhodnutí: {total.pending}.",
    ]
    for r in report.rounds:
        if r.approved:
            lines.append(
                f"{r.file}: schváleno {czech.date(r.approved.get('date'))}, {r.approved.get('by')}, "
                f"{r.approved.get('resolution')}."
            )
    return lines


def grants_table(report: GrantsReport, out: Console) -> None:
    from rich.text import Text

    from kpss_cli.textsafe import visible

    out.print(Text(visible(grants_title(report)), style="bold"), soft_wrap=False)
    for line in _grant_intro(report):
        out.print(visible(line), soft_wrap=True, markup=False)
    out.print()
    width = max(out.width, 100)
    widths = [8, 0, 0, 12, 12, 12, 12, 7]
    rest = max(30, width - sum(widths) - 14)
    widths[1], widths[2] = rest // 2 + rest % 2, rest // 2
    head = ["Žádost", "Služba", "Poskytovatel", *GRANT_HEAD]
    right = {3, 4, 5, 6, 7}
    rows: list[list[Any]] = [[(c, "") for c in r] for r in _grant_rows(report)]
    rows.append([])
    rows.append(
        [("Celkem", "bold"), ("", ""), ("", ""), *[(c, "bold") for c in _sum_cells(report.total(), report.budget)]]
    )
    out.print(grid(head, widths, right, rows), end="", soft_wrap=True)
    for title, groups in (("Podle druhu služby", report.by_type()), ("Podle poskytovatele", report.by_provider())):
        out.print()
        out.print(Text(title, style="bold"))
        gw = [0, 12, 12, 12, 12, 7]
        gw[0] = max(20, width - sum(gw) - 10)
        grows: list[list[Any]] = [
            [(g.label, ""), *[(c, "") for c in _sum_cells(g.sums, report.budget)]] for g in groups
        ]
        out.print(grid(["", *GRANT_HEAD], gw, {1, 2, 3, 4, 5}, grows), end="", soft_wrap=True)
    out.print()
    out.print(Text(GRANTS_NOTE, style="dim"), soft_wrap=False)


def grants_markdown(report: GrantsReport) -> str:
    out = [f"# {md(grants_title(report))}", ""]
    out += [md(line) + "  " for line in _grant_intro(report)]
    out += ["", "## Žádosti", ""]
    rows = [[md(c) for c in row] for row in _grant_rows(report)]
    rows.append(["**Celkem**", "", "", *[f"**{c}**" for c in _sum_cells(report.total(), report.budget)]])
    out += md_table(["Žádost", "Služba", "Poskytovatel", *GRANT_HEAD], rows, right=[3, 4, 5, 6, 7])
    for title, groups, first in (
        ("Podle druhu služby", report.by_type(), "Druh služby"),
        ("Podle poskytovatele", report.by_provider(), "Poskytovatel"),
    ):
        out += ["", f"## {title}", ""]
        out += md_table(
            [first, *GRANT_HEAD], [[md(g.label), *_sum_cells(g.sums, report.budget)] for g in groups], right=[1, 2, 3, 4, 5]
        )
    out += ["", f"_{GRANTS_NOTE}_"]
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
    emit_report(report, chosen, excel, output, grants_table, GRANTS_FORMATS, quiet=quiet)


def register(app: typer.Typer) -> None:
    """The commands are added to ``kpss report`` on import; nothing else to register."""
