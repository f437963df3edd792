"""``kpss report fulfilment`` and ``kpss report finance``: the library computes, this formats.

The coloured table is drawn here; markdown, json and csv are the library's tables of formats
(``kpss_cli.report_formats.FULFILMENT_FORMATS`` / ``FINANCE_FORMATS``; ``json`` is the report's own
``to_json()`` serialised, nothing added). Documents for people (table,
markdown) speak Czech with Czech number formatting (``87,5 %``, ``1 234 567 Kč``); csv is for
further processing, ``--excel`` makes it open right in Czech Excel.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from kpss_cli import czech
from kpss_cli.cli import options
from kpss_cli.i18n import _, ngettext
from kpss_cli.report_formats import (
    FINANCE_FORMATS,
    FINANCE_NOTE,
    FULFILMENT_FORMATS,
    ReportFormat,
    finance_scope,
    indicator_name,
    missing_years_text,
    scope_text,
    source_label,
    status_label,
    sum_row,
    years_text,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from kpss_cli.finance import FinanceReport
    from kpss_cli.fulfilment import FulfilmentReport, IndicatorResult

BAR_WIDTH = 10


class Format(str, Enum):
    """``table`` is drawn here; the others are the library's tables of formats (test_formats checks)."""

    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"


# -- words ---------------------------------------------------------------------------------------
# The words and figures shared with markdown and CSV are in kpss_cli.report_formats.


def _bar(achievement: float | None) -> str:
    if achievement is None:
        return ""
    # Rounded down: only a measure at 100 % gets a full bar.
    filled = int(min(max(achievement, 0.0), 100.0) / 100 * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


STATUS_STYLE = {
    "fulfilled": "green",
    "partially_fulfilled": "yellow",
    "not_fulfilled": "red",
    "ongoing": "cyan",
    "not_started": "magenta",
    "cancelled": "dim",
    "not_evaluated": "dim",
}


def _counts_text(counts: dict[str, int]) -> str:
    shown = [f"{status_label(s)} {n}" for s, n in counts.items() if n]
    return ", ".join(shown) or _("no measure")


# -- fulfilment: table ----------------------------------------------------------------------------


Cell = tuple[str, str]  # (text, rich style)


def greedy_wrap(text: str, width: int) -> list[str] | None:
    """textwrap.wrap's lines for words parted by single spaces, without hyphens, none longer than
    ``width`` (None otherwise): each line takes words while they fit, that is, it ends at the last
    space within ``width + 1`` characters. textwrap's general splitting costs ten times more,
    which counts in a table of thousands of rows."""
    if not text or "  " in text or text[0] == " " or text[-1] == " ":
        return None
    lines: list[str] = []
    while len(text) > width:
        cut = text.rfind(" ", 0, width + 1)
        if cut <= 0:
            return None  # a word longer than the width
        lines.append(text[:cut])
        text = text[cut + 1 :]
    lines.append(text)
    return lines


class Grid:
    """A laid-out table: its text and style spans, handed to rich as segments.

    rich turns a Text into lines, lines into Texts and each Text into segments; for the national
    network (6,733 services, 40,000 lines) that took 1.5 s. The lines of a grid are final, so
    they go to rich as segments straight away; only a console narrower than the grid (and not
    soft-wrapping) gets the Text, for rich to wrap as it always did.
    """

    def __init__(self, plain: str, spans: list[tuple[int, int, str]], widest: int) -> None:
        self.plain = plain
        self.spans = spans  # (start, end, style), in order, not overlapping
        self.widest = widest

    def text(self) -> Text:
        from rich.text import Span, Text

        return Text(self.plain, spans=[Span(*s) for s in self.spans])

    def __rich_console__(self, console: Console, options: Any) -> Any:
        if not options.no_wrap and self.widest > options.max_width:
            yield self.text()
            return
        from rich.segment import Segment

        if not self.spans:
            yield Segment(self.plain)  # no colour: the text in one piece
            return
        plain, pos = self.plain, 0
        styles: dict[str, Any] = {}
        for start, end, name in self.spans:
            if start > pos:
                yield Segment(plain[pos:start])
            style = styles.get(name)
            if style is None:
                style = styles[name] = console.get_style(name)
            yield Segment(plain[start:end], style)
            pos = end
        if pos < len(plain):
            yield Segment(plain[pos:])


class Page:
    """What a report prints on one console, gathered into one :class:`Grid` and printed at once.

    A national network is some 90 headings, tables and lists; printed one by one, rich spent a
    tenth of a second on them. Lines go into the page as they would come out of rich: a line
    rich would wrap (``wrap`` and wider than the console) is printed by rich itself, after what
    the page holds. ``styled`` is false on a console without colour (a pipe, a file): styles
    show nothing there, so none are kept.
    """

    def __init__(self, out: Console) -> None:
        self.out = out
        self.styled = out.color_system is not None
        self.parts: list[str] = []
        self.spans: list[tuple[int, int, str]] = []
        self.offset = 0
        self.widest = 0

    def line(self, text: str = "", style: str = "", wrap: bool = False) -> None:
        """One line, as ``out.print(Text(text, style=style), soft_wrap=not wrap)`` prints it."""
        from rich.control import strip_control_codes

        if not text.isprintable():
            text = strip_control_codes(text)  # what rich's Text does
        if wrap:
            from rich.cells import cell_len

            if cell_len(text) > self.out.width:
                from rich.text import Text

                self.flush()
                self.out.print(Text(text, style=style), soft_wrap=False)
                return
        size = len(text)
        if style and size and self.styled:
            self.spans.append((self.offset, self.offset + size, style))
        self.parts.append(text + "\n")
        self.offset += size + 1
        self.widest = max(self.widest, size)

    def lines(self, lines: list[str], style: str = "") -> None:
        for text in lines:
            self.line(text, style)

    def grid(self, table: Grid) -> None:
        offset = self.offset
        self.spans += [(start + offset, end + offset, style) for start, end, style in table.spans]
        self.parts.append(table.plain)
        self.offset += len(table.plain)
        self.widest = max(self.widest, table.widest)

    def flush(self) -> None:
        """Print what the page holds (no line of it is wrapped)."""
        if self.parts:
            self.out.print(Grid("".join(self.parts), self.spans, self.widest), end="", soft_wrap=True)
        self.parts, self.spans, self.offset, self.widest = [], [], 0, 0


def grid(
    head: list[str], widths: list[int], right: set[int], rows: list[list[Cell]], styled: bool = True
) -> Grid:
    """A table: cells wrapped to fixed widths, header, a rule, coloured cells (print it with rich).

    rich's Table measures every cell, which took a second for a national plan of 800 rows;
    this takes milliseconds and lays out the same in 80 columns. Each line is one ``str.format``
    of its padded cells, trailing blanks cut (the national network of 6,733 services has 40,000
    lines); the styles are kept as spans of the joined text, and only when ``styled``: a console
    without colour (a pipe, a file) shows none, so ``styled=False`` gives the same text cheaper.
    """
    import textwrap
    from itertools import zip_longest

    from rich.control import strip_control_codes

    from kpss_cli.textsafe import visible

    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    offset = 0
    widest = 0
    formats: dict[int, str] = {}
    known = _WRAPPED

    def line_format(count: int) -> str:
        """``{:<8}  {:>7}  …``: str.format pads a cell as ljust/rjust do (a longer one stays whole)."""
        fmt = formats.get(count)
        if fmt is None:
            fmt = formats[count] = "  ".join(
                ("{:>%d}" if col in right else "{:<%d}") % widths[col] if widths[col] else "{}"
                for col in range(count)
            )
        return fmt

    def line(cells: list[list[str]], styles: list[str], height: int) -> None:
        """The lines of one row: cells padded to their widths, two spaces apart, trailing blanks cut."""
        nonlocal offset, widest
        fmt = line_format(len(cells))
        keep = styled and any(styles)
        for texts in zip_longest(*cells, fillvalue="") if height > 1 else ([c[0] for c in cells],):
            text = fmt.format(*texts).rstrip()
            size = len(text)
            if size > widest:
                widest = size
            if keep and size:
                _spans(texts, styles, offset, size)
            parts.append(text)
            offset += size + 1

    def _spans(texts: Any, styles: list[str], start: int, size: int) -> None:
        # The spans of the columns up to the last non-blank one; the last one ends with the text.
        last = len(texts) - 1
        while last >= 0 and not texts[last].strip():
            last -= 1
        pos = start
        end = start + size
        for col in range(last + 1):
            width = max(len(texts[col]), widths[col])
            stop = end if col == last else pos + width
            if styles[col] and stop > pos:
                spans.append((pos, stop, styles[col]))
            pos += width + 2

    def wrap(cell: str, width: int) -> list[str]:
        if cell.isprintable() and cell.strip(" ") == cell:
            if len(cell) <= width:
                return [cell]  # what textwrap gives for a cell that fits, without its cost
            if "-" not in cell and "  " not in cell:
                return greedy_wrap(cell, width) or textwrap.wrap(cell, width)
        return textwrap.wrap(cell, width) or [""]

    line([[strip_control_codes(h)] for h in head], ["bold"] * len(head), 1)
    rule = "─" * (sum(widths) + 2 * (len(widths) - 1))
    widest = max(widest, len(rule))
    if styled and rule:
        spans.append((offset, offset + len(rule), "dim"))
    parts.append(rule)
    offset += len(rule) + 1
    for row in rows:
        if not row:
            parts.append("")
            offset += 1
            continue
        cells: list[list[str]] = []
        height = 1
        for col, (cell, _style) in enumerate(row):
            key = (cell, -1 if col in right else widths[col])
            lines = known.get(key)
            if lines is None:
                # Repository text: escapes shown, never sent (visible() changes only what is not printable).
                clean = cell if cell.isprintable() else visible(cell)
                lines = [clean] if col in right else wrap(clean, widths[col])
                if len(known) >= _WRAPPED_MAX:
                    known.clear()
                known[key] = lines
            if len(lines) > height:
                height = len(lines)
            cells.append(lines)
        line(cells, [style for _, style in row], height)
    parts.append("")
    return Grid("\n".join(parts), spans, widest)


# The lines of a cell (text, width; -1: a right-aligned cell, never wrapped), for every grid: a
# national network repeats its forms, units and municipalities thousands of times. Never changed.
_WRAPPED: dict[tuple[str, int], list[str]] = {}
_WRAPPED_MAX = 50_000


def fulfilment_table(report: FulfilmentReport, out: Console) -> None:
    """The report on a terminal: a coloured status and a bar per measure, totals per priority."""
    from rich.text import Text

    from kpss_cli.cli.output import esc
    from kpss_cli.textsafe import visible

    out.print(Text(_("Fulfilment: {title}").format(title=visible(report.title)), style="bold"), soft_wrap=False)
    out.print(esc(_("Plan {plan}, {scope}").format(plan=report.plan, scope=scope_text(report))), soft_wrap=False)
    out.print(esc(_("Threshold of partial fulfilment: {threshold}").format(threshold=czech.percent(report.threshold))))
    note = missing_years_text(report.missing_years, report.year is None)
    if note:
        out.print(f"[yellow]{esc(note)}[/yellow]", soft_wrap=False)
    if report.year is not None and report.year not in report.evaluated_years and report.years:
        note = _("The action plan {year} has no evaluation yet.").format(year=report.year)
        out.print(f"[yellow]{esc(note)}[/yellow]")
    head = [_("Measure"), _("Title / indicator"), _("Status / value"), _("Achievement")]
    id_width = max([len(head[0])] + [len(i.id) + 1 for m in report.measures for i in m.indicators])
    bar_width = BAR_WIDTH + 8
    widths = [id_width, 0, 18, bar_width]
    widths[1] = max(20, max(out.width, 60) - sum(widths) - 6)
    for priority in report.priorities:
        rows: list[list[Cell]] = []
        for m in priority.measures:
            style = STATUS_STYLE.get(m.status, "")
            bar = f"{_bar(m.achievement)} {czech.percent(m.achievement)}".strip()
            rows.append(
                [(m.id, "bold"), (m.title, ""), (status_label(m.status), style), (bar, style)]
            )
            for ind in m.indicators:
                rows.append([
                    (f" {ind.id}", "dim"),
                    (indicator_name(ind, report.year is None), "dim"),
                    (_actual_of_target(ind), "dim"),
                    (czech.percent(ind.achievement), "dim"),
                ])  # fmt: skip
        rows.append([])
        rows.append([
            (_("Total"), "bold"),
            (_counts_text(priority.counts), ""),
            ("", ""),
            (czech.percent(priority.achievement), "bold"),
        ])  # fmt: skip
        out.print()
        heading = _("Priority {id}: {title}").format(id=visible(priority.id), title=visible(priority.title))
        out.print(Text(heading, style="bold"))
        out.print(grid(head, widths, {3}, rows), end="", soft_wrap=True)
    if not report.priorities:
        out.print(esc(_("No measure.")))
    out.print()
    _table_summary(report, out)
    for line in pending_lines(report):
        out.print(f"[yellow]{esc(line)}[/yellow]", soft_wrap=True)


def pending_lines(report: FulfilmentReport) -> list[str]:
    """Who has not reported yet and which indicators wait for figures (empty when none)."""
    owed = report.waiting_for()
    if not owed:
        return []
    n = len(report.pending)
    lines = [
        ngettext(
            "Waiting for figures: {n} indicator without a reported value (missing, not counted as 0):",
            "Waiting for figures: {n} indicators without a reported value (missing, not counted as 0):",
            n,
        ).format(n=n)
    ]
    lines += [f"  {who}: {', '.join(ids)}" for who, ids in owed.items()]
    return lines


def _actual_of_target(ind: IndicatorResult) -> str:
    if ind.kind == "boolean":
        return _("{actual} (target: {target})").format(actual=czech.value(ind.actual), target=czech.value(ind.target))
    actual = czech.value(ind.actual)
    target = czech.value(ind.target, unit=ind.unit)
    sign = "≤" if ind.kind == "at_most" else "≥"
    return f"{actual} / {sign}{target}"


def _table_summary(report: FulfilmentReport, out: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    counts = Table(
        title=Text(_("Summary of the plan"), style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
    )
    counts.add_column(_("Status"))
    counts.add_column(_("Measures"), justify="right")
    for status, n in report.counts.items():
        counts.add_row(Text(status_label(status), style=STATUS_STYLE.get(status, "")), str(n))
    counts.add_section()
    counts.add_row(Text(_("Total"), style="bold"), str(len(report.measures)))
    counts.add_row(Text(_("Mean achievement"), style="bold"), czech.percent(report.achievement))
    out.print(counts)
    out.print(_money_table(report.planned, report.spent, _("Funding (planned / spent)")))


def _money_table(
    planned: dict[str, float] | None, spent: dict[str, float] | None, title: str
) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from kpss_cli.fulfilment import money_total, sort_sources

    table = Table(
        title=Text(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD, show_edge=False
    )
    table.add_column(_("Source"), overflow="fold")
    table.add_column(_("Planned"), justify="right", no_wrap=True)
    table.add_column(_("Spent"), justify="right", no_wrap=True)
    sources = sort_sources({**dict.fromkeys(planned or {}, 0), **dict.fromkeys(spent or {}, 0)})
    for s in sources:
        table.add_row(
            source_label(s), czech.money((planned or {}).get(s)), czech.money((spent or {}).get(s))
        )
    table.add_section()
    table.add_row(
        Text(_("Total"), style="bold"),
        czech.money(money_total(planned)),
        czech.money(money_total(spent)),
    )
    return table


# -- finance --------------------------------------------------------------------------------------


def finance_table(report: FinanceReport, out: Console) -> None:
    """Planned vs spent as rich tables: by funding source, by year, by priority."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from kpss_cli.cli.output import esc
    from kpss_cli.finance import MoneySum
    from kpss_cli.textsafe import visible

    out.print(Text(_("Funding: {title}").format(title=visible(report.title)), style="bold"), soft_wrap=False)
    out.print(esc(_("Plan {plan}, {scope}").format(plan=report.plan, scope=finance_scope(report))), soft_wrap=False)
    if report.missing_years:
        note = _("No action plan: {years}.").format(years=years_text(report.missing_years))
        out.print(f"[yellow]{esc(note)}[/yellow]")

    def table(title: str, first: str) -> Table:
        t = Table(
            title=Text(title, style="bold"),
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_edge=False,
        )
        t.add_column(first, overflow="fold")
        for name in (_("Planned"), _("Spent"), _("Spent % ¹")):
            t.add_column(name, justify="right", no_wrap=True)
        return t

    total = report.total()
    by_source = table(_("By funding source"), _("Source"))
    for row in report.sources():
        by_source.add_row(
            Text(visible(row.label)),
            czech.money(row.planned),
            czech.money(row.spent),
            czech.percent(row.spent_percent),
        )
    by_source.add_section()
    by_source.add_row(*sum_row(Text(_("Total"), style="bold"), total))
    out.print(by_source)
    by_year = table(_("By year"), _("Year"))
    for y in report.years:
        by_year.add_row(*sum_row(str(y), MoneySum.of(report.select(year=y))))
    by_year.add_section()
    by_year.add_row(*sum_row(Text(_("Total"), style="bold"), total))
    out.print(by_year)
    by_priority = table(_("By priority"), _("Priority"))
    for pid, title in report.priorities:
        by_priority.add_row(*sum_row(Text(visible(f"{pid}: {title}")), MoneySum.of(report.select(priority=pid))))
        if len(report.years) > 1:
            for y in report.years:
                s = MoneySum.of(report.select(year=y, priority=pid))
                by_priority.add_row(*[Text(str(c), style="dim") for c in sum_row(f"  {y}", s)])
    by_priority.add_section()
    by_priority.add_row(*sum_row(Text(_("Total"), style="bold"), total))
    out.print(by_priority)
    out.print(Text(_(FINANCE_NOTE), style="dim"), soft_wrap=False)
    if report.cofinancing is not None:
        from kpss_cli.cli import cofinancing

        out.print()
        cofinancing.table(report.cofinancing, out)


# -- delivering the output ------------------------------------------------------------------------


def _render_table(draw: Callable[[Console], None], to_file: bool) -> str | None:
    """Draw on the terminal, or into plain text (no colour, 80 columns) for a file."""
    from kpss_cli.cli.output import console

    if not to_file:
        draw(console())
        return None
    from rich.console import Console

    buffer = io.StringIO()
    # Same settings as the terminal console (output.console), so a file holds what is printed.
    plain = Console(
        file=buffer, width=80, no_color=True, color_system=None, highlight=False, emoji=False,
        soft_wrap=True,
    )  # fmt: skip
    draw(plain)
    return buffer.getvalue()


def deliver(text: str, output: Path | None, excel: bool, force: bool = False, quiet: bool = False) -> None:
    """Print, or write ``output`` atomically (UTF-8; with a BOM for Excel); never over a data
    file of the repository unless ``force``."""
    if output is not None:
        from kpss_cli.repo import refuse_data_file

        refuse_data_file(output, force)
    if output is None:
        from kpss_cli.textsafe import no_commands

        text = no_commands(text)  # a title's own line in the CI log is no workflow command
    data = text.encode("utf-8-sig" if excel else "utf-8", "backslashreplace")  # a non-UTF-8 name: \udce9
    if output is None:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        return
    from kpss_cli.errors import KpssError
    from kpss_cli.textsafe import visible
    from kpss_cli.yamledit import atomic_write

    try:
        atomic_write(output, data)
    except OSError as exc:
        reason = exc.strerror or exc
        raise KpssError(_("cannot write {file}: {reason}").format(file=visible(str(output)), reason=reason)) from None
    from kpss_cli.cli.output import info

    info(_("written {file}").format(file=visible(str(output))), quiet)


def choose_format(format: Format | None, excel: bool) -> Format:
    if excel:
        if format not in (None, Format.csv):
            from kpss_cli.errors import UsageError

            raise UsageError(_("--excel is an option of --format csv; leave out --format or use csv"))
        return Format.csv
    return format or Format.table


def emit_report(
    report: Any,
    format: Format,
    excel: bool,
    output: Path | None,
    draw: Callable[[Any, Console], None],
    formats: dict[str, ReportFormat],
    force: bool = False,
    quiet: bool = False,
) -> None:
    """The table drawn here (``draw``), any other format from the report's table of formats."""
    if format is Format.table:
        drawn = _render_table(lambda out: draw(report, out), output is not None)
        if drawn is None:
            return
        text = drawn
    else:
        text = formats[format.value](report, excel)
    deliver(text, output, excel, force, quiet)


# -- the commands ---------------------------------------------------------------------------------

report_app = typer.Typer(
    name="report",
    help="Reports on a plan: how far its measures got (fulfilment) and its money (finance).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

PlanOption = typer.Option(
    None, "--plan", "-p", show_default=False,
    help="The plan id, e.g. 2024-2027. "
    "Default: the plan holding the current year, else the latest.",
)  # fmt: skip
FormatOption = typer.Option(
    None, "--format", "-f", show_default=False,
    help="table (default; coloured on a terminal), markdown (Czech, for a PR or web page), "
    "json, csv.",
)  # fmt: skip
ExcelOption = typer.Option(
    False, "--excel",
    help="CSV for Czech Excel: UTF-8 with BOM, ';' separator, decimal comma, CRLF "
    "(implies --format csv).",
)  # fmt: skip
OutputOption = typer.Option(
    None, "--output", "-o", dir_okay=False, show_default=False,
    help="Write to FILE (atomically: the old file or the whole new one) "
    "instead of standard output.",
)  # fmt: skip


@report_app.command("fulfilment")
def fulfilment(
    plan: str | None = PlanOption,
    year: int | None = typer.Option(
        None,
        "--year",
        "-y",
        show_default=False,
        help="The year to evaluate. Default: the whole period when it has ended, "
        "else the latest year with an evaluated action plan.",
    ),  # fmt: skip
    format: Format | None = FormatOption,
    excel: bool = ExcelOption,
    output: Path | None = OutputOption,
    force: bool = options.ForceOutputOption,
    repo: Path | None = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """How far each measure got: status, achievement per indicator, roll-ups, money.

    Exit status: 0 done; 2 could not run (no repository, errors in the plan, a year outside the
    plan period, a plan with no evaluated year, a bad option).

    Example: kpss report fulfilment --year 2025 --format markdown -o plneni-2025.md
    """
    from kpss_cli.fulfilment import compute_fulfilment, load_report_repository

    chosen = choose_format(format, excel)
    root = options.repo_root(repo)
    report = compute_fulfilment(load_report_repository(root, plan), plan, year)
    emit_report(report, chosen, excel, output, fulfilment_table, FULFILMENT_FORMATS, force, quiet)


@report_app.command("finance")
def finance(
    plan: str | None = PlanOption,
    year: int | None = typer.Option(
        None,
        "--year",
        "-y",
        show_default=False,
        help="One year. Default: every year of the plan that has an action plan.",
    ),  # fmt: skip
    format: Format | None = FormatOption,
    excel: bool = ExcelOption,
    output: Path | None = OutputOption,
    force: bool = options.ForceOutputOption,
    repo: Path | None = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """Planned vs spent money per funding source, per priority and per year.

    Planned: the action plans' item budgets; spent: their results. Exit status: 0 done; 2 could
    not run (no repository, errors in the plan, a year outside the plan period, a bad option).

    Example: kpss report finance --format csv --excel -o financovani.csv
    """
    from kpss_cli.finance import compute_finance
    from kpss_cli.fulfilment import load_report_repository

    chosen = choose_format(format, excel)
    root = options.repo_root(repo)
    report = compute_finance(load_report_repository(root, plan), plan, year)
    emit_report(report, chosen, excel, output, finance_table, FINANCE_FORMATS, force, quiet)


def register(app: typer.Typer) -> None:
    """Add ``kpss report fulfilment`` and ``kpss report finance``."""
    app.add_typer(report_app, name="report")
