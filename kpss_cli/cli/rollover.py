"""``kpss rollover YEAR``: next year's action plan from this year's."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kpss_cli.cli import options

if TYPE_CHECKING:
    from kpss_cli.rollover import ItemOutcome, Rollover, RolloverSummary


class Format(str, Enum):
    text = "text"
    json = "json"


def rollover(
    year: int = typer.Argument(
        ..., help="The year of the new action plan, e.g. 2027.", show_default=False, metavar="YEAR"
    ),
    plan: str | None = typer.Option(
        None,
        "--plan",
        "-p",
        help="The plan (id) the new action plan belongs to. Default: the plan whose period holds YEAR.",
        show_default=False,
    ),
    dry_run: bool = typer.Option(
        False,
        "--dry-run",
        "-n",
        help="Print the new file (stdout) and the summary (stderr); write nothing.",
    ),
    force: bool = typer.Option(
        False, "--force", help="Replace the action plan of YEAR when it already exists."
    ),
    commit: bool = typer.Option(
        False,
        "--commit",
        help="Commit just the new file with git (refused when other changes are staged).",
    ),
    format: Format = typer.Option(
        Format.text,
        "--format",
        "-f",
        help="Summary format: text, or json (one document on stdout).",
    ),
    repo: Path | None = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """Create the action plan of YEAR from that of YEAR-1 (or from the plan alone) and say what it did.

    Unfinished measures are carried over, finished and ongoing ones carried on, measures starting
    in YEAR added, ended and cancelled ones dropped; targets and budget come from the plan;
    results and approval are removed and the status becomes draft. Comments and formatting of
    the old file are kept. The new file is validated before it is written, and written atomically.

    Exit status: 0 done, 2 could not run (nothing written).

    Example: kpss rollover 2027 --dry-run
    """
    from kpss_cli.errors import UsageError
    from kpss_cli.rollover import check_commit, commit_rollover, plan_rollover, write_rollover

    if dry_run and commit:
        raise UsageError("--dry-run writes nothing, so it cannot be combined with --commit")
    result = plan_rollover(options.repo_root(repo), year, plan)
    if dry_run:
        _dry_run(result, format, force=force, quiet=quiet)
        return
    if commit:
        check_commit(result)
    write_rollover(result, force=force)
    sha = commit_rollover(result) if commit else None
    _report(result, format, written=True, commit=sha, quiet=quiet)


def _dry_run(result: Rollover, format: Format, force: bool = False, quiet: bool = False) -> None:
    from kpss_cli.cli.output import emit
    from kpss_cli.errors import KpssError
    from kpss_cli.rollover import invalid_message

    if format is Format.json:
        _report(result, format, written=False, commit=None, quiet=quiet)
    else:
        emit(result.text)
        _report(result, format, written=False, commit=None, force=force, quiet=quiet)
    if result.errors:
        raise KpssError(invalid_message(result))


def _report(
    result: Rollover, format: Format, written: bool, commit: str | None, force: bool = False, quiet: bool = False
) -> None:
    if format is Format.json:
        from kpss_cli.cli.output import emit
        from kpss_cli.formats import json_text

        emit(json_text(result.to_json(written, commit)))
        return
    if quiet:
        return
    from kpss_cli.cli.output import console, err_console

    out = err_console() if not written else console()
    for line in summary_lines(result.summary, written=written, commit=commit, force=force):
        out.print(line, markup=False, highlight=False)


def _item_line(o: ItemOutcome, prev_year: int, crossing: bool) -> str:
    from kpss_cli.rollover import status_label

    was = ""
    if crossing and o.previous_measure is not None:
        was = f" (was {o.previous_plan}/{o.previous_measure})"
    status = f" [{prev_year}: {status_label(o.previous_status)}]" if o.previous_status else ""
    return f"  {o.measure}  {o.title}{was}{status}"


def summary_lines(s: RolloverSummary, written: bool, commit: str | None, force: bool = False) -> list[str]:
    """The summary a coordinator reads, one line per entry."""
    from kpss_cli.rollover import ADDED, CARRIED, CARRIED_OVER, status_label

    prev = s.previous_year
    if s.from_plan_alone:
        source = f"from plan {s.plan_id} alone (there is no action plan for {prev})"
    elif s.crosses_periods:
        source = f"from the action plan {prev} of plan {s.previous_plan_id} ({s.previous_file}), across periods"
    else:
        source = f"from the action plan {prev} ({s.previous_file})"
    lines = [f"Action plan {s.year} of plan {s.plan_id} {source}:"]
    crossing = s.crosses_periods
    sections = (
        (CARRIED_OVER, f"Carried over as unfinished (carried_over: {prev}, activities kept)"),
        (CARRIED, f"Carried on (fulfilled or ongoing in {prev}, or a maintain measure)"),
        (
            ADDED,
            f"Added (measures running in {s.year} that the action plan {prev} lacked)"
            if not s.from_plan_alone
            else f"Measures running in {s.year}",
        ),
    )
    for action, heading in sections:
        found = s.of(action)
        if not found:
            continue
        lines.append(f"{heading}: {len(found)}")
        lines.extend(_item_line(o, prev, crossing) for o in found)
    if s.dropped:
        lines.append(f"Dropped: {len(s.dropped)}")
        for o in s.dropped:
            status = f" [{prev}: {status_label(o.previous_status)}]" if o.previous_status else ""
            lines.append(f"  {o.measure}  {o.title}{status}: {o.detail}")
        if any(o.reason == "cancelled" for o in s.dropped):
            lines.append(
                f"  (a cancelled measure is left out of {s.year} only; to end it for good, "
                "set its years: {to: …} in the plan)"
            )
    if s.shortfall:
        lines.append(
            f"Below target in {prev}, carried on (maintain measures run every year; not carried over): "
            f"{len(s.shortfall)}"
        )
        lines.extend(f"  {o.measure}  {o.title} [{prev}: {status_label(o.previous_status)}]" for o in s.shortfall)
    if s.derived_targets:
        lines.append(
            f"Yearly targets derived where the plan gives none for {s.year}: {s.derived_targets} "
            "(each with a comment in the file saying how)"
        )
    dropped_acts = [(o, a) for o in s.items for a in o.activities_dropped]
    if dropped_acts:
        lines.append("Activities dropped (the continuing measure has no activity with that id):")
        lines.extend(
            f"  {o.previous_plan}/{a} of measure {o.previous_measure} (now {o.measure})"
            for o, a in dropped_acts
        )
    notes = [o.measure for o in s.items if o.note_kept]
    if notes:
        lines.append(f"Notes kept from {prev}, check that they still apply: {', '.join(notes)}")
    c = s.counts()
    lines.append(
        f"{len(s.items)} measures: {c[CARRIED_OVER]} carried over, {c[CARRIED]} carried on, "
        f"{c[ADDED]} added; {c['dropped']} dropped."
    )
    unevaluated = [o for o in s.items if o.previous_status == "not_evaluated"]
    if unevaluated:
        lines.append(
            f"Note: {len(unevaluated)} {'measure has' if len(unevaluated) == 1 else 'measures have'} "
            f"no evaluation (result) for {prev} yet, so {'it counts' if len(unevaluated) == 1 else 'they count'} as "
            f"unfinished. After the evaluation, `kpss rollover {s.year} --force` computes the file again "
            "(replacing edits made to it)."
        )
    if written:
        verb = "Replaced" if s.overwrites else "Wrote"
        lines.append(
            f"{verb} {s.file} (status draft; add the approval after the council's resolution)."
        )
        if commit:
            lines.append(f"Committed as {commit[:12]}.")
        elif commit == "":
            lines.append("Nothing to commit: the file is the same as in the last commit.")
    else:
        lines.append(
            f"Dry run: nothing written; {s.file} "
            + ("exists and would be replaced (--force)." if s.overwrites and force else
               "exists and needs --force." if s.overwrites else "would be created.")
        )
    return lines


def register(app: typer.Typer) -> None:
    app.command("rollover")(rollover)
