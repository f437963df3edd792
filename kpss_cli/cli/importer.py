"""``kpss import registry``: the territory's services from the national registry's open data."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, List, Optional

import typer

from kpss_cli.cli import options

if TYPE_CHECKING:
    from kpss_cli.changes import FieldChange
    from kpss_cli.registry import ImportPlan, ServiceResult


class Format(str, Enum):
    text = "text"
    json = "json"


import_app = typer.Typer(
    name="import",
    help="Bring data from outside sources into the repository.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@import_app.command("registry")
def registry(
    rpss: Path = typer.Argument(
        ...,
        metavar="RPSS.json",
        show_default=False,
        help="The registry's open-data file rpss.json "
        "(Registr poskytovatelů sociálních služeb, MPSV).",
    ),
    codes_dir: Optional[Path] = typer.Option(
        None,
        "--codes",
        metavar="DIR",
        show_default=False,
        help="Folder with the registry's code lists (druhy-socialni-sluzby.json, "
        "cilove-skupiny-osoby.json, formy-soc-sluzby.json, typy-kapacity-socialni-sluzby.json, "
        "obce.json). Default: the folder of RPSS.json.",
    ),
    obec: Optional[List[str]] = typer.Option(
        None,
        "--obec",
        metavar="CODE",
        show_default=False,
        help="A municipality code (kód obce, 6 digits) of the territory; repeat it or separate "
        "codes by commas. Default: territory.municipalities of kpss.yaml.",
    ),
    prune: bool = typer.Option(
        False,
        "--prune",
        help="Remove services the registry no longer lists or lists as ended "
        "(kept when a measure refers to them).",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; write nothing."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    repo: Optional[Path] = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """Bring the territory's services from the national registry into services.yaml.

    A service belongs to the territory when one of its running facilities lies in a municipality of
    kpss.yaml (or of --obec); when every facility address is secret, its contact address decides.
    Registry fields (provider, type, forms, target groups, capacity, contact) are updated; the
    coordinator's own fields, comments and order are kept. The result is validated before it is
    written, atomically. Exit status: 0 done (or nothing to do), 2 could not run (a bad file,
    a result that would not validate).

    Example: kpss import registry rpss.json --dry-run
    """
    from kpss_cli.cli.output import emit, err_console
    from kpss_cli.registry import apply_import, plan_import

    root = options.repo_root(repo)
    codes = [c.strip() for value in (obec or []) for c in value.split(",") if c.strip()]
    if sys.stderr.isatty() and not quiet:
        with err_console().status("Reading the registry …"):
            plan = plan_import(root, rpss, codes_dir, codes or None, prune)
    else:
        plan = plan_import(root, rpss, codes_dir, codes or None, prune)
    written = False if dry_run else apply_import(plan)
    if format is Format.json:
        from kpss_cli.formats import json_text

        emit(json_text(plan.to_json(dry_run, written)))
    elif not quiet:
        _report(plan, dry_run, written)


def _values(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def _change(change: FieldChange) -> str:
    return f"{change.path}: {_values(change.old)} → {_values(change.new)}"


def _headline(service: ServiceResult) -> str:
    from kpss_cli.cli.output import esc

    return f"{service.id}  {esc(service.name or '(no name)')}"


def _report(plan: ImportPlan, dry_run: bool, written: bool) -> None:
    """The summary a coordinator reads."""
    from kpss_cli import codes, czech
    from kpss_cli.cli.output import console, esc

    out = console()
    names = dict(plan.territory)
    places = ", ".join(f"{name} ({code})" if name else code for code, name in plan.territory)
    out.print(
        f"[bold]Registry {esc(plan.registry.name)}[/bold]: {plan.records} records; "
        f"territory: {esc(places)}"
    )

    added = plan.having("added")
    if added:
        out.print(f"\n[green]Added {len(added)} service(s):[/green]")
        for s in added:
            fields = {f.path: f.new for f in s.fields}
            kind = codes.label(codes.SERVICE_TYPE, s.type or "")
            forms = ", ".join(codes.label(codes.SERVICE_FORM, f) for f in fields.get("forms") or [])
            capacity = (
                _values(fields.get("capacity")) if fields.get("capacity") else "no capacity given"
            )
            new_provider = any(p.id == s.provider and p.status == "added" for p in plan.providers)
            where = "contact address" if s.located_by == "contact_address" else "facility"
            out.print(f"  + {_headline(s)}")
            out.print(
                f"      {esc(kind)} · {esc(forms)} · {esc(capacity)} · "
                f"provider {esc(s.provider or '')}"
                f"{' (new)' if new_provider else ''} · by {where} in "
                f"{esc(', '.join(names.get(m) or m for m in s.municipalities))}"
            )
            for problem in s.problems:
                out.print(f"      [yellow]! {esc(problem)}[/yellow]")
    updated = plan.having("updated")
    if updated:
        out.print(f"\n[cyan]Updated {len(updated)} service(s):[/cyan]")
        for s in updated:
            note = (
                ""
                if s.located_by != "catalogue"
                else " [dim](outside the territory; in services.yaml)[/dim]"
            )
            out.print(f"  ~ {_headline(s)}{note}")
            for change in s.fields:
                out.print(f"      {esc(_change(change))}")
            for problem in s.problems:
                out.print(f"      [yellow]! {esc(problem)}[/yellow]")
    unchanged = plan.having("unchanged")
    if unchanged:
        out.print(f"\nUnchanged {len(unchanged)} service(s): {', '.join(s.id for s in unchanged)}")
        for s in unchanged:
            for problem in s.problems:
                out.print(f"  [yellow]! {s.id}: {esc(problem)}[/yellow]")
    gone = plan.having("gone")
    if gone:
        hint = "" if plan.prune else " (run with --prune to remove them)"
        out.print(
            f"\n[magenta]Gone {len(gone)} service(s): no longer in the registry, "
            f"or ended{hint}:[/magenta]"
        )
        for s in gone:
            out.print(f"  - {_headline(s)} — {esc(s.reason or '')}")
    removed = plan.having("removed")
    if removed:
        out.print(f"\n[red]Removed {len(removed)} service(s) (--prune):[/red]")
        for s in removed:
            out.print(f"  - {_headline(s)} — {esc(s.reason or '')}")
    skipped = plan.having("skipped")
    ended = [s for s in skipped if s.ended is not None]
    other = [s for s in skipped if s.ended is None]
    if other:
        out.print(f"\n[yellow]Skipped {len(other)} service(s):[/yellow]")
        for s in other:
            out.print(f"  ! {_headline(s)} — {esc(s.reason or '')}")
            for problem in s.problems:
                out.print(f"      {esc(problem)}")
    if ended:
        listed = ", ".join(
            f"{s.id} (ended {czech.date(s.ended, space=' ')})" for s in ended[:10] if s.ended
        )
        more = f", … ({len(ended)} in all)" if len(ended) > 10 else ""
        out.print(f"\nNot imported, ended: {listed}{more}")
    if plan.providers:
        out.print("\nProviders:")
        for p in plan.providers:
            if p.status == "added":
                ico = f", IČO {p.ico}" if p.ico else ""
                out.print(f"  + {esc(p.id)} ({esc(p.name)}{ico})")
            else:
                filled = ", ".join(f.path for f in p.fields)
                out.print(f"  ~ {esc(p.id)}: {esc(filled)} added from the registry")
    for note in plan.notes:
        out.print(f"\n[yellow]Note:[/yellow] {esc(note)}")
    not_in_measure = [w for w in plan.warnings if w.code == "KP404"]
    if not_in_measure:
        out.print(
            f"\n[dim]{len(not_in_measure)} service(s) are in no measure of a plan yet (KP404); "
            "list them in a measure's `services:` when the plan counts on them.[/dim]"
        )
    out.print("")
    if not plan.changed:
        out.print("services.yaml is up to date; nothing to write.")
    elif dry_run:
        out.print("[bold]Dry run:[/bold] services.yaml not written.")
    elif written:
        out.print(
            f"[green]✓[/green] services.yaml "
            f"{'written' if plan.old_text is not None else 'created'}."
        )


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
