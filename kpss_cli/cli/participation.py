"""``kpss report participation``: the working groups' meetings per year, and the consultations.

The library (kpss_cli.participation) computes; this formats it as the other reports do. No
format prints a person's name: the figures hold none.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from kpss_cli import codes, czech
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
from kpss_cli.i18n import _, language, ngettext
from kpss_cli.report_formats import formats, md, md_table, write_csv

if TYPE_CHECKING:
    from rich.console import Console

    from kpss_cli.participation import ConsultationSummary, ParticipationReport, Year

MISSING = czech.EN_DASH


def _mean(value: float | None) -> str:
    return MISSING if value is None else czech.number(round(value, 1))


def _decisions_text(summary: ConsultationSummary) -> str:
    parts = [
        f"{codes.label(codes.COMMENT_DECISION, code, language())} {n}"
        for code, n in summary.counts.items()
        if n and code in codes.COMMENT_DECISION
    ]
    if summary.unsettled:
        parts.append(_("unsettled {n}").format(n=summary.unsettled))
    return ", ".join(parts) or _("no comment")


def _consultation_line(summary: ConsultationSummary) -> str:
    span = czech.date(summary.opened) + (f" – {czech.date(summary.closed)}" if summary.closed else "")
    comments = ngettext("{n} comment", "{n} comments", summary.comments).format(n=summary.comments)
    return _("Plan {plan}: consultation {span}, {comments} ({decisions})").format(
        plan=summary.plan, span=span, comments=comments, decisions=_decisions_text(summary)
    )


def _no_years_text(report: ParticipationReport) -> str:
    return _("No meeting of the groups in the repository (meetings/).") if report.year is None else ""


# -- table ---------------------------------------------------------------------------------------


def participation_table(report: ParticipationReport, out: Console) -> None:
    from rich.text import Text

    from kpss_cli.textsafe import visible

    title = _title(report)
    out.print(Text(title, style="bold"), soft_wrap=False)
    if not report.years:
        out.print(_no_years_text(report))
    for year in report.years:
        out.print()
        out.print(Text(visible(_year_heading(year)), style="bold"), soft_wrap=False)
        rows: list[list[tuple[str, str]]] = []
        for g in year.groups:
            style = "dim" if not g.meetings else ""
            rows.append(
                [
                    (g.name, style),
                    (str(g.meetings), style),
                    (_mean(g.mean_attendance), style),
                    (str(g.decisions), style),
                    (", ".join(g.measures) or MISSING, style),
                ]
            )
        rows.append(
            [
                (_("Total"), "bold"),
                (str(year.meetings), "bold"),
                (_mean(year.mean_attendance), "bold"),
                (str(year.decisions), "bold"),
                (_measures_count(len(year.measures)), "bold"),
            ]
        )
        out.print(
            grid(
                [_("Group"), _("Meetings"), _("Attendance"), _("Decisions"), _("Measures discussed")],
                [30, 7, 5, 6, 24],
                {1, 2, 3},
                rows,
            ),
            end="",
            soft_wrap=False,
        )
        out.print(visible(_undiscussed_text(year)), soft_wrap=True, markup=False)
    if report.consultations:
        out.print()
        out.print(Text(_("Consultations"), style="bold"), soft_wrap=False)
        for summary in report.consultations:
            out.print(visible(_consultation_line(summary)), markup=False)


def _undiscussed_text(year: Year) -> str:
    if year.plan is None:
        return _("No plan covers the year {year}.").format(year=year.year)
    if not year.undiscussed:
        return _("The groups discussed every measure of the plan valid in this year.")
    listed = "; ".join(f"{mid} {title}" for mid, title in year.undiscussed)
    return _("Measures that no group discussed in {year}: {measures}").format(year=year.year, measures=listed)


def _title(report: ParticipationReport) -> str:
    if report.year is None:
        return _("Participation in planning")
    return _("Participation in planning: year {year}").format(year=report.year)


def _year_heading(year: Year) -> str:
    if year.plan:
        return _("Year {year} (plan {plan})").format(year=year.year, plan=year.plan)
    return _("Year {year}").format(year=year.year)


def _measures_count(n: int) -> str:
    return ngettext("{n} measure", "{n} measures", n).format(n=n)


# -- markdown ------------------------------------------------------------------------------------


def participation_markdown(report: ParticipationReport) -> str:
    lines = ["# " + _title(report), ""]
    if not report.years:
        lines += [_no_years_text(report), ""]
    for year in report.years:
        lines += ["## " + _year_heading(year), ""]
        rows = [
            [
                md(g.name),
                str(g.meetings),
                _mean(g.mean_attendance),
                str(g.decisions),
                md(", ".join(g.measures)) or MISSING,
            ]
            for g in year.groups
        ]
        rows.append(
            [
                f"**{_('Total')}**",
                f"**{year.meetings}**",
                f"**{_mean(year.mean_attendance)}**",
                f"**{year.decisions}**",
                f"**{_measures_count(len(year.measures))}**",
            ]
        )
        lines += md_table(
            [_("Group"), _("Meetings"), _("Mean attendance"), _("Decisions"), _("Measures discussed")],
            rows,
            right=(1, 2, 3),
        )
        lines.append("")
        if year.undiscussed:
            lines.append(_("Measures that no group discussed in {year}:").format(year=year.year))
            lines.append("")
            lines += [f"- {md(mid)} {md(title)}" for mid, title in year.undiscussed]
        else:
            lines.append(_undiscussed_text(year))
        lines.append("")
    if report.consultations:
        lines += ["## " + _("Consultations"), ""]
        rows = [
            [
                md(s.plan),
                czech.date(s.opened) + (f" – {czech.date(s.closed)}" if s.closed else ""),
                str(s.comments),
                *(str(s.counts[c]) for c in codes.COMMENT_DECISION),
                str(s.unsettled),
            ]
            for s in report.consultations
        ]
        head = [
            _("Plan"),
            _("Consultation"),
            _("Comments"),
            *(codes.label(codes.COMMENT_DECISION, c, language()) for c in codes.COMMENT_DECISION),
            _("unsettled"),
        ]
        lines += md_table(head, rows, right=range(2, len(head)))
        lines.append("")
    return "\n".join(lines)


# -- csv -----------------------------------------------------------------------------------------

CSV_HEADER = [
    "year",
    "plan",
    "group",
    "group_name",
    "kind",
    "meetings",
    "mean_attendance",
    "guests",
    "decisions",
    "measures",
    "undiscussed_measures",
]


def participation_csv(report: ParticipationReport, excel: bool = False) -> str:
    """One row per group and year (groups that did not meet included, with 0 meetings).

    ``undiscussed_measures`` repeats on every row of a year the measures that no group discussed
    that year, so a filter on one year in Excel shows them without a second table.
    """
    rows: list[list[Any]] = []
    for year in report.years:
        undiscussed = " ".join(mid for mid, _title in year.undiscussed)
        for g in year.groups:
            mean = g.mean_attendance
            rows.append(
                [
                    year.year, year.plan, g.group, g.name, g.kind, g.meetings,
                    None if mean is None else round(mean, 1), g.guests, g.decisions, " ".join(g.measures),
                    undiscussed,
                ]
            )  # fmt: skip
    return write_csv(CSV_HEADER, rows, excel)


# The report's table of formats; ``table`` is drawn by participation_table.
PARTICIPATION_FORMATS = formats(participation_markdown, participation_csv)


def participation(
    year: int | None = typer.Option(
        None,
        "--year",
        "-y",
        show_default=False,
        help="One year. Default: every year that has a meeting in meetings/.",
    ),  # fmt: skip
    format: Format | None = FormatOption,
    excel: bool = ExcelOption,
    output: Path | None = OutputOption,
    force: bool = options.ForceOutputOption,
    repo: Path | None = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """Who took part: per group and year the meetings, mean attendance, decisions and measures
    discussed; the measures of the year's plan that no group discussed; each plan's
    consultation with its comments by decision. Never prints a person's name.

    Exit status: 0 done; 2 could not run (no repository, errors in the repository, a bad option).

    Example: kpss report participation --year 2025 --format markdown -o zapojeni-2025.md
    """
    from kpss_cli.participation import compute_participation
    from kpss_cli.validate import require_valid, validate_repository

    chosen = choose_format(format, excel)
    root = options.repo_root(repo)
    repository = require_valid(validate_repository(root))
    report = compute_participation(repository, year)
    emit_report(report, chosen, excel, output, participation_table, PARTICIPATION_FORMATS, force, quiet)


def register(app: typer.Typer) -> None:
    """Add ``kpss report participation`` (to the report group registered by cli/report.py)."""
    report_app.command("participation")(participation)
