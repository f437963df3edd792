"""``kpss rollover YEAR``: next year's action plan from this year's."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kpss_cli.cli import options
from kpss_cli.i18n import _, ngettext

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
        raise UsageError(_("--dry-run writes nothing, so it cannot be combined with --commit"))
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
        from kpss_cli.textsafe import no_commands, visible

        # The file to be written, shown: a note's escape sequence or bidi control is written out
        # (\u202e), and its line "  ::error …" is no workflow command in a CI log.
        emit(no_commands(visible(result.text, newlines=True)))
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
    from kpss_cli.textsafe import visible

    out = err_console() if not written else console()
    for line in summary_lines(result.summary, written=written, commit=commit, force=force):
        out.print(visible(line), markup=False, highlight=False)  # titles and files: escapes shown


def _item_line(o: ItemOutcome, prev_year: int, crossing: bool) -> str:
    from kpss_cli.rollover import status_label

    was = ""
    if crossing and o.previous_measure is not None:
        was = " " + _("(was {old})").format(old=f"{o.previous_plan}/{o.previous_measure}")
    status = f" [{prev_year}: {status_label(o.previous_status)}]" if o.previous_status else ""
    return f"  {o.measure}  {o.title}{was}{status}"


def summary_lines(s: RolloverSummary, written: bool, commit: str | None, force: bool = False) -> list[str]:
    """The summary a coordinator reads, one line per entry."""
    from kpss_cli.rollover import ADDED, CARRIED, CARRIED_OVER, status_label

    prev = s.previous_year
    if s.from_plan_alone:
        head = _("Action plan {year} of plan {plan} from plan {plan} alone (there is no action plan for {prev}):")
    elif s.crosses_periods:
        head = _(
            "Action plan {year} of plan {plan} from the action plan {prev} of plan {old_plan} ({file}), "
            "across periods:"
        )
    else:
        head = _("Action plan {year} of plan {plan} from the action plan {prev} ({file}):")
    lines = [head.format(year=s.year, plan=s.plan_id, prev=prev, old_plan=s.previous_plan_id, file=s.previous_file)]
    crossing = s.crosses_periods
    sections = (
        (CARRIED_OVER, _("Carried over as unfinished (carried_over: {prev}, activities kept): {n}")),
        (CARRIED, _("Carried on (fulfilled or ongoing in {prev}, or a maintain measure): {n}")),
        (
            ADDED,
            _("Added (measures running in {year} that the action plan {prev} lacked): {n}")
            if not s.from_plan_alone
            else _("Measures running in {year}: {n}"),
        ),
    )
    for action, heading in sections:
        found = s.of(action)
        if not found:
            continue
        lines.append(heading.format(prev=prev, year=s.year, n=len(found)))
        lines.extend(_item_line(o, prev, crossing) for o in found)
    if s.dropped:
        lines.append(_("Dropped: {n}").format(n=len(s.dropped)))
        for o in s.dropped:
            status = f" [{prev}: {status_label(o.previous_status)}]" if o.previous_status else ""
            lines.append(f"  {o.measure}  {o.title}{status}: {o.detail}")
        if any(o.reason == "cancelled" for o in s.dropped):
            lines.append(
                "  "
                + _(
                    "(a cancelled measure is left out of {year} only; to end it for good, "
                    "set its years: {{to: …}} in the plan)"
                ).format(year=s.year)
            )
    if s.shortfall:
        lines.append(
            _("Below target in {prev}, carried on (maintain measures run every year; not carried over): {n}").format(
                prev=prev, n=len(s.shortfall)
            )
        )
        lines.extend(f"  {o.measure}  {o.title} [{prev}: {status_label(o.previous_status)}]" for o in s.shortfall)
    if s.derived_targets:
        lines.append(
            _(
                "Yearly targets derived where the plan gives none for {year}: {n} "
                "(each with a comment in the file saying how)"
            ).format(year=s.year, n=s.derived_targets)
        )
    dropped_acts = [(o, a) for o in s.items for a in o.activities_dropped]
    if dropped_acts:
        lines.append(_("Activities dropped (the continuing measure has no activity with that id):"))
        lines.extend(
            "  "
            + _("{activity} of measure {old} (now {new})").format(
                activity=f"{o.previous_plan}/{a}", old=o.previous_measure, new=o.measure
            )
            for o, a in dropped_acts
        )
    notes = [o.measure for o in s.items if o.note_kept]
    if notes:
        lines.append(
            _("Notes kept from {prev}, check that they still apply: {measures}").format(
                prev=prev, measures=", ".join(notes)
            )
        )
    c = s.counts()
    lines.append(
        ngettext(
            "{n} measure: {carried_over} carried over, {carried} carried on, {added} added; {dropped} dropped.",
            "{n} measures: {carried_over} carried over, {carried} carried on, {added} added; {dropped} dropped.",
            len(s.items),
        ).format(
            n=len(s.items), carried_over=c[CARRIED_OVER], carried=c[CARRIED], added=c[ADDED], dropped=c["dropped"]
        )
    )
    unevaluated = [o for o in s.items if o.previous_status == "not_evaluated"]
    if unevaluated:
        lines.append(
            ngettext(
                "Note: {n} measure has no evaluation (result) for {prev} yet, so it counts as unfinished. "
                "After the evaluation, `kpss rollover {year} --force` computes the file again "
                "(replacing edits made to it).",
                "Note: {n} measures have no evaluation (result) for {prev} yet, so they count as unfinished. "
                "After the evaluation, `kpss rollover {year} --force` computes the file again "
                "(replacing edits made to it).",
                len(unevaluated),
            ).format(n=len(unevaluated), prev=prev, year=s.year)
        )
    if written:
        written_line = (
            _("Replaced {file} (status draft; add the approval after the council's resolution).")
            if s.overwrites
            else _("Wrote {file} (status draft; add the approval after the council's resolution).")
        )
        lines.append(written_line.format(file=s.file))
        if commit:
            lines.append(_("Committed as {commit}.").format(commit=commit[:12]))
        elif commit == "":
            lines.append(_("Nothing to commit: the file is the same as in the last commit."))
    else:
        if s.overwrites and force:
            dry = _("Dry run: nothing written; {file} exists and would be replaced (--force).")
        elif s.overwrites:
            dry = _("Dry run: nothing written; {file} exists and needs --force.")
        else:
            dry = _("Dry run: nothing written; {file} would be created.")
        lines.append(dry.format(file=s.file))
    return lines


def register(app: typer.Typer) -> None:
    app.command("rollover")(rollover)
