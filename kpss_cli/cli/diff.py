"""``kpss diff``: what changed between two plan periods or two git revisions."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kpss_cli.cli import options
from kpss_cli.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from kpss_cli.diff import Change, Diff


class Format(str, Enum):
    """``text`` is drawn here; the others are kpss_cli.diff.FORMATS (test_formats checks)."""

    text = "text"
    json = "json"
    markdown = "markdown"


def diff(
    args: list[str] | None = typer.Argument(
        None,
        metavar="PLAN|PATH",
        help="Two plan ids to compare as periods (one: the plan and its previous one); "
        "with --rev, the files or folders to compare.",
        show_default=False,
    ),
    rev: str | None = typer.Option(
        None,
        "--rev",
        "-r",
        metavar="REV[..REV2]",
        help="Compare the repository at git revision REV with REV2 (default: the working tree). "
        "REV...REV2 starts from their merge base, like a pull request.",
        show_default=False,
    ),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit 1 when there are changes (like git diff)."
    ),
    with_members: bool = typer.Option(
        False,
        "--with-members",
        help="Show the names of group members (personal data; only their number by default).",
    ),
    repo: Path | None = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """Show what changed, entity by entity: plans, measures, budgets, action plans, services.

    Without arguments, compares the working tree with the last commit (HEAD). `kpss diff A B`
    compares two plan periods, matching measures by `continues`, equal id or a similar title.

    Exit status: 0 done (1 with --exit-code when there are changes), 2 could not run.

    Example: kpss diff --rev origin/main --format markdown
    """
    from kpss_cli import diff as lib
    from kpss_cli.cli.output import emit

    root = options.repo_root(repo)
    given = list(args or [])
    if rev is None and not given:
        rev = "HEAD"
    if rev is not None:
        result = lib.diff_revisions(root, rev, [Path(p) for p in given], with_members=with_members)
    else:
        if len(given) > 2:
            from kpss_cli.errors import UsageError

            raise UsageError(
                _(
                    "give at most two plans to compare (got {n}); to compare files between revisions use --rev"
                ).format(n=len(given))
            )
        result = lib.diff_plans(root, given[0], given[1] if len(given) == 2 else None)
    if format is Format.text:
        show_text(result, quiet)
    else:
        emit(lib.FORMATS[format.value](result))
    if exit_code and result.has_changes:
        raise typer.Exit(1)


_STYLE = {"added": ("+", "green"), "removed": ("-", "red"), "changed": ("~", "yellow")}


def _change_lines(change: Change) -> list[str]:
    from kpss_cli import diff as lib
    from kpss_cli.cli.output import esc
    from kpss_cli.diff.words import quote

    sign, colour = _STYLE[change.kind]
    title = f" [dim]{esc(quote(lib.shorten(change.title, 90)))}[/dim]" if change.title else ""
    head = f"  [{colour}]{sign} {esc(lib.entity_label(change))}[/{colour}]{title}"
    if change.kind == "removed":
        head += f" [red]{_('removed')}[/red]"
    elif change.kind == "added":
        head += f" [green]{_('added')}[/green]"
    note = lib.match_note(change)
    if note:
        head += f" [magenta]{esc(note)}[/magenta]"
    lines = [head]
    if change.kind == "changed":
        lines.extend(f"      {esc(lib.describe_field(f))}" for f in change.fields)
    return lines


def show_text(result: Diff, quiet: bool = False) -> None:
    """The diff for a terminal: grouped by file (or by priority across periods), coloured."""
    from kpss_cli import diff as lib
    from kpss_cli.cli.output import console, esc
    from kpss_cli.diff.markdown import by_section
    from kpss_cli.diff.words import revision_label

    out = console()
    if not quiet:
        if result.mode == "plans":
            old, new = result.plans["from"], result.plans["to"]
            old_plan = _("plan {id}").format(id=esc(old["id"]))
            new_plan = _("plan {id}").format(id=esc(new["id"]))
            out.print(
                f"[bold]{old_plan}[/bold] → [bold]{new_plan}[/bold]  "
                f"[dim]{esc(lib.shorten(new['title'], 80))}[/dim]"
            )
        else:
            commits = f" [dim]({(result.from_commit or '')[:10]}" + (
                f"..{result.to_commit[:10]})" if result.to_commit else ")"
            )
            out.print(
                f"[bold]{esc(revision_label(result.from_label))}[/bold] → "
                f"[bold]{esc(revision_label(result.to_label))}[/bold]{commits}[/dim]"
            )
    if result.probable_skipped:
        from kpss_cli.diff.words import PROBABLE_SKIPPED

        out.print(f"[yellow]! {esc(_(PROBABLE_SKIPPED))}[/yellow]")
    for item in result.invalid:
        out.print(f"[bold yellow]! {esc(lib.invalid_message(item))}[/bold yellow]")
    for section, changes in by_section(result).items():
        out.print(f"\n[bold]{esc(section)}[/bold]")
        for change in changes:
            for line in _change_lines(change):
                out.print(line)
    if result.mode == "plans" and result.budget_sources:
        _budget_table(result)
    if quiet:
        return
    counts = result.summary
    if not result.has_changes:
        out.print("[green]" + _("no changes in the plan data") + "[/green]")
    else:
        from kpss_cli.diff.markdown import counts_text

        text = counts_text(counts, N_("no entity changes"))
        n = len(result.invalid)
        extra = ", " + ngettext("{n} invalid file", "{n} invalid files", n).format(n=n) if n else ""
        out.print(f"\n[bold]{text}{extra}[/bold]")


def _budget_table(result: Diff) -> None:
    from rich.table import Table

    from kpss_cli import diff as lib
    from kpss_cli.cli.output import console, esc

    table = Table(title=_("Budget over the period (measures)"), title_justify="left", show_edge=False)
    table.add_column("")
    table.add_column(esc(result.from_label), justify="right")
    table.add_column(esc(result.to_label), justify="right")
    table.add_column(_("difference"), justify="right")
    # Funding sources by their codes (as in the change lines); the markdown form has the labels.
    for b in result.budget_sources:
        table.add_row(
            esc(b.key), lib.show_money(b.old), lib.show_money(b.new), lib.money_delta(b)
        )
    if result.budget_total is not None:
        total = result.budget_total
        table.add_row(
            f"[bold]{_('total')}[/bold]",
            lib.show_money(total.old),
            lib.show_money(total.new),
            lib.money_delta(total),
        )
    table.add_section()
    for b in result.budget_priorities:
        name = _("priority {id}").format(id=b.key) + (
            " " + _("(was {old})").format(old=b.old_key) if b.old_key not in (None, b.key) else ""
        )
        table.add_row(
            esc(name), lib.show_money(b.old), lib.show_money(b.new), lib.money_delta(b)
        )
    console().print()
    console().print(table)


def register(app: typer.Typer) -> None:
    """Add `kpss diff` to the application."""
    app.command("diff")(diff)
