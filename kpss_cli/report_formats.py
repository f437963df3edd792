"""The reports as text: markdown (Czech, for a pull request or a web page) and CSV.

Pure functions of :class:`kpss_cli.fulfilment.FulfilmentReport` and
:class:`kpss_cli.finance.FinanceReport`, kept in the library beside their data; the coloured
terminal table is the only form the CLI draws itself (``kpss_cli/cli/report.py``). Each report
has one table of formats (:data:`FULFILMENT_FORMATS`, :data:`FINANCE_FORMATS`). The helpers
(:func:`md`, :func:`md_cell`, :func:`md_table`, :func:`write_csv`) serve every report. Documents
for people speak Czech with Czech number formatting (``87,5 %``, ``1 234 567 Kč``); CSV is for
further processing, with ``excel`` it opens right in Czech Excel.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from kpss_cli import czech
from kpss_cli.formats import json_text
from kpss_cli.i18n import N_, _, language

if TYPE_CHECKING:
    from kpss_cli.cofinancing import Cofinancing
    from kpss_cli.finance import FinanceReport, MoneySum
    from kpss_cli.fulfilment import FulfilmentReport, IndicatorResult, MeasureResult

MISSING = czech.EN_DASH  # shown for missing data, never 0


# -- words ---------------------------------------------------------------------------------------
# Figures are formatted by kpss_cli.czech, as in the rendered report document.


def status_label(status: str) -> str:
    from kpss_cli import codes

    return codes.label(codes.ALL_STATUSES, status, language())


def source_label(source: str) -> str:
    from kpss_cli import codes

    return codes.label(codes.FUNDING_SOURCE, source, language())


def years_text(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in years)


def scope_text(report: FulfilmentReport) -> str:
    """``rok 2025`` or ``období 2020–2023`` (with the evaluated years)."""
    if report.year is not None:
        return _("year {year}").format(year=report.year)
    evaluated = years_text(report.evaluated_years) or _("none")
    return _("period {period} (evaluated years: {evaluated})").format(
        period=czech.period(*report.period), evaluated=evaluated
    )


def missing_years_text(missing: list[int], period: bool) -> str | None:
    if not missing:
        return None
    if period:
        return _("No action plan: {years} (these years are not counted).").format(years=years_text(missing))
    return _("There is no action plan for {year}; every measure is not evaluated.").format(year=missing[0])


def indicator_name(ind: IndicatorResult, period: bool) -> str:
    """The name; over a period with how the years were combined (součet let, nejvyšší hodnota)."""
    from kpss_cli import codes

    if period and ind.aggregate != "last":
        return f"{ind.name} ({codes.label(codes.AGGREGATE, ind.aggregate, language())})"
    return ind.name


# -- markdown --------------------------------------------------------------------------------------


# Runs of white space but the no-break ones (str.split() would make the no-break space of
# ``87,5 %`` a plain one, and a narrow column could break the figure from its unit).
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def md(text: Any) -> str:
    """Repository text as literal markdown (no HTML, link, mention or emphasis of its own)."""
    from kpss_cli.textsafe import markdown_inline

    return markdown_inline(text)


def md_cell(text: Any) -> str:
    """Text safe inside a markdown table cell: no line breaks, pipes escaped, no-break spaces kept."""
    return _BREAKING_SPACE.sub(" ", str(text)).strip(" ").replace("|", "\\|")


def md_table(head: list[str], rows: Iterable[list[str]], right: Iterable[int] = ()) -> list[str]:
    align = ["---:" if i in set(right) else "---" for i in range(len(head))]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


# -- fulfilment: markdown -------------------------------------------------------------------------


EXPLICIT_NOTE = N_("The status given in the evaluation of the action plan (not computed from the indicators).")


def fulfilment_markdown(report: FulfilmentReport) -> str:
    """The report in markdown, ready for a pull request or a web page (in the language of the run)."""
    from kpss_cli.fulfilment import STATUS_EXPLICIT

    out = [
        "# " + _("Fulfilment: {title}").format(title=md(report.title)),
        "",
        _("Plan {plan}, {scope}.").format(plan=md(report.plan), scope=scope_text(report))
        + " "
        + _("A measure with a mean achievement below {threshold} is not fulfilled.").format(
            threshold=czech.percent(report.threshold)
        ),
    ]
    note = missing_years_text(report.missing_years, report.year is None)
    if note:
        out += ["", f"> {note}"]
    out += ["", "## " + _("Summary"), ""]
    out += md_table(
        [_("Status"), _("Number of measures")],
        [[status_label(s), str(n)] for s, n in report.counts.items()]
        + [[f"**{_('Total')}**", f"**{len(report.measures)}**"]],
        right=[1],
    )
    out += ["", _("Mean achievement of the measures: {achievement}").format(
        achievement=f"**{czech.percent(report.achievement)}**"
    ), ""]
    out += md_table(
        [_("Priority"), _("Measures"), _("Fulfilled"), _("Partly"), _("Not fulfilled"), _("Other"), _("Achievement")],
        [
            [
                f"{md(p.id)}: {md(p.title)}",
                str(len(p.measures)),
                str(p.counts["fulfilled"]),
                str(p.counts["partially_fulfilled"]),
                str(p.counts["not_fulfilled"]),
                str(
                    len(p.measures)
                    - p.counts["fulfilled"]
                    - p.counts["partially_fulfilled"]
                    - p.counts["not_fulfilled"]
                ),
                czech.percent(p.achievement),
            ]
            for p in report.priorities
        ],
        right=[1, 2, 3, 4, 5, 6],
    )
    for p in report.priorities:
        out += ["", "## " + _("Priority {id}: {title}").format(id=md(p.id), title=md(p.title)), ""]
        out += md_table(
            [_("Measure"), _("Status"), _("Achievement"), _("Planned"), _("Spent")],
            [
                [
                    f"{md(m.id)} {md(m.title)}",
                    _md_status(m),
                    czech.percent(m.achievement),
                    czech.money(_total(m.planned)),
                    czech.money(_total(m.spent)),
                ]
                for m in p.measures
            ],
            right=[2, 3, 4],
        )
        rows = [
            [
                f"{md(i.id)} {md(indicator_name(i, report.year is None))}",
                ("≤ " if i.kind == "at_most" else "") + czech.value(i.target, unit=i.unit),
                czech.value(i.actual, unit=i.unit),
                czech.percent(i.achievement),
            ]
            for m in p.measures
            for i in m.indicators
        ]
        if rows:
            out += ["", _("Indicators:"), ""]
            out += md_table([_("Indicator"), _("Target"), _("Actual"), _("Achievement")], rows, right=[1, 2, 3])
    if any(m.status_basis == STATUS_EXPLICIT for m in report.measures):
        out += ["", f"\\* {_(EXPLICIT_NOTE)}"]
    owed = report.waiting_for()
    if owed:
        out += ["", "## " + _("Waiting for figures"), ""]
        out += md_table([_("Responsible"), _("Indicators without a reported value")],
                         [[md_cell(who), md_cell(", ".join(ids))] for who, ids in owed.items()])
    out += ["", "## " + _("Funding"), ""]
    out += _md_money(report.planned, report.spent)
    return "\n".join(out) + "\n"


def _md_status(m: MeasureResult) -> str:
    from kpss_cli.fulfilment import STATUS_EXPLICIT, STATUS_NO_ITEM

    label = status_label(m.status)
    if m.status_basis == STATUS_EXPLICIT:
        return f"{label} \\*"
    if m.status_basis == STATUS_NO_ITEM:
        return _("{status} (not in the action plan)").format(status=label)
    return label


def _total(budget: dict[str, float] | None) -> float | None:
    from kpss_cli.fulfilment import money_total

    return money_total(budget)


def _md_money(planned: dict[str, float] | None, spent: dict[str, float] | None) -> list[str]:
    from kpss_cli.fulfilment import sort_sources

    sources = sort_sources({**dict.fromkeys(planned or {}, 0), **dict.fromkeys(spent or {}, 0)})
    rows = [
        [source_label(s), czech.money((planned or {}).get(s)), czech.money((spent or {}).get(s))]
        for s in sources
    ]
    rows.append(
        [f"**{_('Total')}**", f"**{czech.money(_total(planned))}**", f"**{czech.money(_total(spent))}**"]
    )
    return md_table([_("Funding source"), _("Planned"), _("Spent")], rows, right=[1, 2])


# -- csv ------------------------------------------------------------------------------------------


def csv_value(value: Any, excel: bool) -> str:
    """A cell: empty for missing, numbers plain (decimal comma for Excel), yes/no as words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return (_("yes") if value else _("no")) if excel else ("true" if value else "false")
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if excel else text
    if isinstance(value, str):
        from kpss_cli.textsafe import csv_text

        return csv_text(value)  # a title like =HYPERLINK(…) stays text in a spreadsheet
    return str(value)


def write_csv(header: list[str], rows: Iterable[list[Any]], excel: bool) -> str:
    """CSV text; for Excel ``;``-separated with CRLF (the BOM is added when encoding).

    ``header`` holds the column keys: the first row of a plain CSV, stable and English for
    scripts. For Excel, which a person reads, the first row is the columns' titles in the language
    of the run (:data:`CSV_TITLES`), in the same order (docs/report.md).
    """
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n"
    )
    writer.writerow([_(CSV_TITLES[key]) if key in CSV_TITLES else key for key in header] if excel else header)
    for row in rows:
        writer.writerow([csv_value(v, excel) for v in row])
    return buffer.getvalue()


# The titles of the CSV columns for Excel (the first row that a person reads there), by the
# column key of the plain CSV. Every report's columns are here, so one key has one title.
CSV_TITLES: dict[str, str] = {
    "plan": N_("Plan"),
    "year": N_("Year"),
    "priority": N_("Priority"),
    "measure": N_("Measure"),
    "measure_title": N_("Measure title"),
    "status": N_("Status code"),
    "status_label": N_("Status"),
    "measure_achievement": N_("Measure achievement (%)"),
    "indicator": N_("Indicator"),
    "indicator_name": N_("Indicator name"),
    "unit": N_("Unit"),
    "kind": N_("Kind"),
    "aggregate": N_("Over the period"),
    "target": N_("Target"),
    "actual": N_("Actual"),
    "achievement": N_("Achievement (%)"),
    "pending": N_("Pending"),
    "responsible": N_("Responsible"),
    "source": N_("Source code"),
    "source_label": N_("Funding source"),
    "planned": N_("Planned (CZK)"),
    "spent": N_("Spent (CZK)"),
    "planned_from_plan": N_("Planned from the plan"),
    "evaluated": N_("Evaluated"),
    "level": N_("Network level"),
    "group": N_("Group"),
    "type": N_("Service type code"),
    "type_label": N_("Service type"),
    "service": N_("Service"),
    "name": N_("Name"),
    "provider": N_("Provider ID (IČO)"),
    "provider_name": N_("Provider"),
    "forms": N_("Forms"),
    "target_groups": N_("Target groups"),
    "area": N_("Area"),
    "fte": N_("Full-time equivalents"),
    "beds": N_("Beds"),
    "clients": N_("Clients"),
    "contacts": N_("Contacts"),
    "interventions": N_("Interventions"),
    "calls": N_("Calls"),
    "resolution": N_("Resolution"),
    "change": N_("Change"),
    "file": N_("File"),
    "programme": N_("Programme"),
    "application": N_("Application"),
    "service_name": N_("Service name"),
    "requested": N_("Requested (CZK)"),
    "granted": N_("Granted (CZK)"),
    "paid": N_("Paid (CZK)"),
    "settled": N_("Settled (CZK)"),
    "note": N_("Note"),
    "group_name": N_("Group name"),
    "meetings": N_("Meetings"),
    "mean_attendance": N_("Mean attendance"),
    "guests": N_("Guests"),
    "decisions": N_("Decisions"),
    "measures": N_("Measures discussed"),
    "undiscussed_measures": N_("Measures not discussed"),
}


FULFILMENT_CSV_HEADER = [
    "plan", "year", "priority", "measure", "measure_title", "status", "status_label",
    "measure_achievement", "indicator", "indicator_name", "unit", "kind", "aggregate",
    "target", "actual", "achievement", "pending", "responsible",
]  # fmt: skip


def fulfilment_csv(report: FulfilmentReport, excel: bool = False) -> str:
    """One row per indicator (a measure without indicators gets one row with those cells empty)."""
    rows: list[list[Any]] = []
    for m in report.measures:
        head = [
            report.plan, report.year, m.priority, m.id, m.title, m.status, status_label(m.status),
            _round(m.achievement),
        ]  # fmt: skip
        if not m.indicators:
            rows.append(head + [None] * 9 + [m.responsible])
        for i in m.indicators:
            rows.append(
                head
                + [
                    i.id,
                    i.name,
                    i.unit,
                    i.kind,
                    i.aggregate,
                    i.target,
                    i.actual,
                    _round(i.achievement),
                    i.pending,
                    m.responsible,
                ]
            )
    return write_csv(FULFILMENT_CSV_HEADER, rows, excel)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# -- finance --------------------------------------------------------------------------------------


def finance_scope(report: FinanceReport) -> str:
    if report.year is not None:
        return _("year {year}").format(year=report.year)
    evaluated = years_text(report.evaluated_years) or _("none")
    return _("years {years} (evaluated: {evaluated})").format(years=years_text(report.years), evaluated=evaluated)


def sum_row(label: Any, s: MoneySum) -> list[Any]:
    return [
        label,
        czech.money(s.planned_total),
        czech.money(s.spent_total),
        czech.percent(s.spent_percent),
    ]


FINANCE_NOTE = N_(
    "¹ Spent % = spent / planned for the items whose evaluation gives the money spent "
    "(years without an evaluation are not counted)."
)


def finance_markdown(report: FinanceReport) -> str:
    """Planned vs spent in markdown (in the language of the run)."""
    from kpss_cli.finance import MoneySum

    head = ["", _("Planned"), _("Spent"), _("Spent % ¹")]
    total = report.total()
    out = [
        "# " + _("Funding: {title}").format(title=md(report.title)),
        "",
        _("Plan {plan}, {scope}.").format(plan=md(report.plan), scope=finance_scope(report)),
    ]
    if report.missing_years:
        out += ["", "> " + _("No action plan: {years}.").format(years=years_text(report.missing_years))]
    out += ["", "## " + _("By funding source"), ""]
    rows = [
        [md(r.label), czech.money(r.planned), czech.money(r.spent), czech.percent(r.spent_percent)]
        for r in report.sources()
    ]
    out += md_table(
        [_("Source"), *head[1:]], rows + [_md_bold(sum_row(_("Total"), total))], right=[1, 2, 3]
    )
    out += ["", "## " + _("By year"), ""]
    rows = [sum_row(str(y), MoneySum.of(report.select(year=y))) for y in report.years]
    out += md_table(
        [_("Year"), *head[1:]], rows + [_md_bold(sum_row(_("Total"), total))], right=[1, 2, 3]
    )
    out += ["", "## " + _("By priority and year"), ""]
    rows = []
    for pid, title in report.priorities:
        rows.append(_md_bold(sum_row(f"{md(pid)}: {md(title)}", MoneySum.of(report.select(priority=pid)))))
        if len(report.years) > 1:
            rows += [
                sum_row(str(y), MoneySum.of(report.select(year=y, priority=pid)))
                for y in report.years
            ]
    out += md_table([_("Priority / year"), *head[1:]], rows, right=[1, 2, 3])
    out += ["", f"_{_(FINANCE_NOTE)}_"]
    if report.cofinancing is not None:
        out += cofinancing_markdown(report.cofinancing)
    return "\n".join(out) + "\n"


def _md_bold(row: list[Any]) -> list[str]:
    return [f"**{md_cell(c)}**" if c != MISSING else c for c in row]


FINANCE_CSV_HEADER = [
    "plan", "year", "priority", "measure", "measure_title", "source", "source_label",
    "planned", "spent", "planned_from_plan", "evaluated",
]  # fmt: skip


def finance_csv(report: FinanceReport, excel: bool = False) -> str:
    """One row per measure, year and funding source (sources of planned and spent money)."""
    from kpss_cli.fulfilment import sort_sources

    rows: list[list[Any]] = []
    for e in report.entries:
        head = [report.plan, e.year, e.priority, e.measure, e.title]
        sources = sort_sources(
            {**dict.fromkeys(e.planned or {}, 0), **dict.fromkeys(e.spent or {}, 0)}
        )
        tail = [e.planned_from_plan, e.evaluated]
        if not sources:
            rows.append(head + [None, None, None, None] + tail)
        for s in sources:
            rows.append(
                head + [s, source_label(s), (e.planned or {}).get(s), (e.spent or {}).get(s)] + tail
            )
    return write_csv(FINANCE_CSV_HEADER, rows, excel)


# -- finance: the co-financing split among the municipalities -----------------------------------


def cofinancing_heading(split: Cofinancing) -> str:
    """``Spolufinancování obcí (zdroj obce): podle počtu obyvatel (2024)``."""
    year = f" ({split.population_year})" if split.population_year and split.key == "per_capita" else ""
    return _("Co-financing by the municipalities (source obce): {key}").format(key=split.key_label) + year


def cofinancing_weight_text(split: Cofinancing, party: Any) -> str:
    if split.key == "per_capita":
        return czech.number(party.population or 0)
    share = party.weight * 100 / split.weight_sum if split.weight_sum else None
    return czech.percent(None if share is None else float(share), decimals=2)


def cofinancing_rows(split: Cofinancing) -> list[list[str]]:
    """Per municipality: name, population or share, planned, spent; then the total."""
    planned, spent = split.sums("planned"), split.sums("spent")
    out = [
        [
            p.name,
            cofinancing_weight_text(split, p),
            czech.money(planned[p.code] if planned else None),
            czech.money(spent[p.code] if spent else None),
        ]
        for p in split.parties
    ]
    total_weight = czech.number(sum(p.population or 0 for p in split.parties)) if split.key == "per_capita" else "100 %"
    out.append([_("Total"), total_weight, czech.money(split.total("planned")), czech.money(split.total("spent"))])
    return out


def cofinancing_columns(split: Cofinancing) -> list[str]:
    return [_("Municipality"), _("Population") if split.key == "per_capita" else _("Share"), _("Planned"), _("Spent")]


COFINANCING_NOTE = N_(
    "Each amount of the source obce (measure and year) is split on its own into whole crowns; the "
    "rest after rounding goes to the largest share, so the parts add up to the whole exactly."
)


def cofinancing_markdown(split: Cofinancing) -> list[str]:
    lines = cofinancing_rows(split)
    lines[-1] = [f"**{c}**" for c in lines[-1]]
    return [
        "",
        f"## {cofinancing_heading(split)}",
        "",
        *md_table(cofinancing_columns(split), lines, right=[1, 2, 3]),
        "",
        f"_{_(COFINANCING_NOTE)}_",
    ]


# -- the tables of formats ------------------------------------------------------------------------
# Every entry takes the report and ``excel`` (only CSV looks at it) and returns the whole text.
# ``json`` is the report's own ``to_json()``, nothing added. The CLI adds ``table``.

ReportFormat = Callable[[Any, bool], str]


def formats(markdown: Callable[[Any], str], csv: Callable[[Any, bool], str]) -> dict[str, ReportFormat]:
    """The table of formats of a report with this markdown and this CSV."""
    return {
        "markdown": lambda report, excel=False: markdown(report),
        "json": lambda report, excel=False: json_text(report.to_json()),
        "csv": csv,
    }


FULFILMENT_FORMATS = formats(fulfilment_markdown, fulfilment_csv)
FINANCE_FORMATS = formats(finance_markdown, finance_csv)
