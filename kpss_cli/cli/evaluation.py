"""``kpss collect`` and ``kpss import results``: the yearly evaluation with the realizátoři."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from kpss_cli.cli import options

if TYPE_CHECKING:
    from kpss_cli.evaluation.collect import Collection
    from kpss_cli.evaluation.results import ImportResult


class Format(str, Enum):
    text = "text"
    json = "json"


class By(str, Enum):
    responsible = "responsible"
    all = "all"


def collect(
    year: int = typer.Argument(..., help="The year of the action plan to evaluate, e.g. 2025.", metavar="YEAR"),
    plan: Optional[str] = typer.Option(
        None, "--plan", "-p", help="The plan (id). Default: the plan whose period holds YEAR.", show_default=False
    ),
    by: By = typer.Option(
        By.responsible,
        "--by",
        help="responsible: one workbook per body responsible (the measures' `responsible`); all: one workbook.",
    ),
    due: Optional[str] = typer.Option(
        None,
        "--due",
        metavar="DATE",
        help="The date by which the workbooks are to be returned (2027-01-31 or `31. 1. 2027`).",
        show_default=False,
    ),
    output: Path = typer.Option(
        Path("."), "--output", "-o", metavar="DIR", help="The folder for the workbooks (created when missing)."
    ),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Summary format: text or json."),
    repo: Optional[Path] = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """Write the evaluation workbooks (XLSX) of the action plan of YEAR for the bodies responsible.

    Each workbook has a sheet of instructions, the indicators (actual values to fill in), the
    money (spent per funding source) and the measures (status and comment); values the action
    plan already holds are pre-filled, only the input cells can be edited. Send them out, then
    read the returned files with `kpss import results`.

    Exit status: 0 written, 2 could not run.

    Example: kpss collect 2025 --due 2026-01-31 -o vyhodnoceni/
    """
    from kpss_cli.evaluation.collect import parse_due, plan_collection, write_collection

    root = options.repo_root(repo)
    collection = plan_collection(root, year, plan, by.value, parse_due(due))
    paths = write_collection(collection, output)
    if format is Format.json:
        import json

        from kpss_cli.cli.output import emit

        emit(json.dumps(collection.to_json(output, written=True), ensure_ascii=False, indent=2))
    elif not quiet:
        _collect_report(collection, paths)


def _collect_report(collection: Collection, paths: List[Path]) -> None:
    from kpss_cli.cli.output import console
    from kpss_cli.i18n import _, ngettext
    from kpss_cli.textsafe import visible

    out = console()
    n = len(paths)
    # The realizátoři and file names come from the repository: every line goes through visible
    # (escapes shown, a newline as \n), and markup is off, so "[bold]" stays text.
    out.print(
        visible(
            ngettext(
                "Evaluation of the action plan {year} ({file}): {n} workbook",
                "Evaluation of the action plan {year} ({file}): {n} workbooks",
                n,
            ).format(year=collection.year, file=collection.action_plan_file, n=n)
        ),
        markup=False,
    )
    for book, path in zip(collection.workbooks, paths, strict=True):
        who = book.responsible or _("all measures")
        measures = ngettext("{n} measure", "{n} measures", len(book.measures)).format(n=len(book.measures))
        indicators = ngettext("{n} indicator", "{n} indicators", len(book.indicators)).format(
            n=len(book.indicators)
        )
        out.print(visible(f"  {path}  {who}: {measures}, {indicators}"), markup=False)
    out.print(
        _("Send them to the bodies responsible; read the returned files with `kpss import results FILE…`."),
        markup=False,
    )


def results(
    files: List[Path] = typer.Argument(
        ..., metavar="FILE…", help="Returned workbooks (.xlsx) or CSV files with the same columns.", show_default=False
    ),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show what would change; write nothing."),
    force: bool = typer.Option(
        False, "--force", help="Apply conflicting values too (values the action plan gained since the export)."
    ),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format: text or json."),
    repo: Optional[Path] = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """Read returned evaluation workbooks into the action plan's results.

    Rows are matched by their keys; Czech input is read (`12,5` · `1 200` · `2 350 000 Kč` · `ano`/`ne`
    · status labels); an empty cell changes nothing; a cell that cannot be read is a finding and
    changes nothing. A value that differs from one the action plan gained since the export is a
    conflict and is not applied without --force. Sets `result.evaluated` and `result.reported_by`;
    keeps comments and formatting; validates the repository before one atomic write.

    Exit status: 0 imported (or nothing to change), 1 findings or conflicts (the rest is
    imported), 2 could not run (another territory, plan or year; nothing written).

    Example: kpss import results vyhodnoceni/*.xlsx --dry-run
    """
    from kpss_cli.evaluation.results import apply_import, plan_import

    root = options.repo_root(repo)
    result = plan_import(root, files, force=force)
    written = False if dry_run else apply_import(result)
    if format is Format.json:
        import json

        from kpss_cli.cli.output import emit

        emit(json.dumps(result.to_json(dry_run=dry_run, written=written), ensure_ascii=False, indent=2))
    elif not quiet:
        _import_report(result, dry_run, written)
    if result.findings or result.blocked_conflicts:
        raise typer.Exit(1)


def _import_report(result: ImportResult, dry_run: bool, written: bool) -> None:
    from kpss_cli.cli.output import console, err_console
    from kpss_cli.i18n import _
    from kpss_cli.textsafe import visible

    out = console()
    err = err_console()

    def line(text: str, stderr: bool = False) -> None:
        # File names, sheet names, keys and cells come from the returned files (and the
        # repository): escapes shown, a newline as \n, no markup.
        (err if stderr else out).print(visible(text), markup=False, highlight=False)

    for f in result.findings:
        line(f"{f.where}: {f.message}", stderr=True)
    for ap in result.action_plans:
        line(f"{ap.file}:")
        if not ap.changes:
            line("  " + _("nothing to change (every value is already there)"))
        for change in ap.changes:
            line(f"  {change.describe()}")
        for conflict in ap.conflicts:
            mark = _("applied (--force)") if conflict.applied else _("not applied; use --force to apply it")
            line("  " + _("conflict: {change} — {mark}").format(change=conflict.describe(), mark=mark))
    for note in result.notes:
        line(_("Note: {note}").format(note=note))
    if dry_run:
        line(_("Dry run: nothing written."))
    elif written:
        files = ", ".join(ap.file for ap in result.action_plans if ap.changes)
        line(_("Wrote {files}.").format(files=files))
    elif result.action_plans:
        line(_("Nothing written: nothing changed."))


def register(app: typer.Typer) -> None:
    from kpss_cli.cli.importer import import_app

    app.command("collect")(collect)
    import_app.command("results")(results)
