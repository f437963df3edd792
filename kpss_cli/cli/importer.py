"""``kpss import registry``: the territory's services from the national registry's open data."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, List, Optional

import typer

from kpss_cli.cli import options
from kpss_cli.i18n import _, ngettext

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
        help="The open-data file rpss.json of the national registry of social service providers (MPSV).",
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
        help="The code of a municipality of the territory (6 digits); repeat it or separate "
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
        with err_console().status(_("Reading the registry …")):
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
        # places are mappings: each as its values ("Klub Kyjov, Palackého 1, 697 01 Kyjov")
        shown = [", ".join(str(x) for x in v.values()) if isinstance(v, dict) else str(v) for v in value]
        return ("; " if any(isinstance(v, dict) for v in value) else ", ").join(shown) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{_field(str(k))} {v}" for k, v in value.items())
    return str(value)


def _field(path: str) -> str:
    """A field of services.yaml in Czech words ("cílové skupiny"); in English its key, as written."""
    from kpss_cli.diff.words import field_label
    from kpss_cli.i18n import language

    return field_label(path) if language() == "cs" else path


def _change(change: FieldChange) -> str:
    return f"{_field(change.path)}: {_values(change.old)} → {_values(change.new)}"


def _headline(service: ServiceResult) -> str:
    from kpss_cli.cli.output import esc

    return f"{service.id}  {esc(service.name or _('(no name)'))}"


def _report(plan: ImportPlan, dry_run: bool, written: bool) -> None:
    """The summary a coordinator reads."""
    from kpss_cli import codes, czech
    from kpss_cli.cli.output import console, esc
    from kpss_cli.i18n import language

    lang = language()
    out = console()
    names = dict(plan.territory)
    places = ", ".join(f"{name} ({code})" if name else code for code, name in plan.territory)
    records = ngettext("{n} record", "{n} records", plan.records).format(n=plan.records)
    out.print(
        "[bold]"
        + _("Registry {file}").format(file=esc(plan.registry.name))
        + "[/bold]: "
        + _("{records}; territory: {places}").format(records=records, places=esc(places))
    )

    added = plan.having("added")
    if added:
        heading = ngettext("Added {n} service:", "Added {n} services:", len(added)).format(n=len(added))
        out.print(f"\n[green]{heading}[/green]")
        for s in added:
            fields = {f.path: f.new for f in s.fields}
            kind = codes.label(codes.SERVICE_TYPE, s.type or "", lang)
            forms = ", ".join(codes.label(codes.SERVICE_FORM, f, lang) for f in fields.get("forms") or [])
            capacity = _values(fields.get("capacity")) if fields.get("capacity") else _("no capacity given")
            new_provider = any(p.id == s.provider and p.status == "added" for p in plan.providers)
            where = ", ".join(names.get(m) or m for m in s.municipalities)
            provider = (
                _("provider {id} (new)") if new_provider else _("provider {id}")
            ).format(id=esc(s.provider or ""))
            located = (
                _("by contact address in {places}")
                if s.located_by == "contact_address"
                else _("by facility in {places}")
            ).format(places=esc(where))
            out.print(f"  + {_headline(s)}")
            out.print(f"      {esc(kind)} · {esc(forms)} · {esc(capacity)} · {provider} · {located}")
            for problem in s.problems:
                out.print(f"      [yellow]! {esc(problem)}[/yellow]")
    updated = plan.having("updated")
    if updated:
        heading = ngettext("Updated {n} service:", "Updated {n} services:", len(updated)).format(n=len(updated))
        out.print(f"\n[cyan]{heading}[/cyan]")
        for s in updated:
            note = (
                ""
                if s.located_by != "catalogue"
                else " [dim]" + _("(outside the territory; in services.yaml)") + "[/dim]"
            )
            out.print(f"  ~ {_headline(s)}{note}")
            for change in s.fields:
                out.print(f"      {esc(_change(change))}")
            for problem in s.problems:
                out.print(f"      [yellow]! {esc(problem)}[/yellow]")
    unchanged = plan.having("unchanged")
    if unchanged:
        out.print(
            "\n"
            + ngettext("Unchanged {n} service:", "Unchanged {n} services:", len(unchanged)).format(n=len(unchanged))
            + " "
            + ", ".join(s.id for s in unchanged)
        )
        for s in unchanged:
            for problem in s.problems:
                out.print(f"  [yellow]! {s.id}: {esc(problem)}[/yellow]")
    gone = plan.having("gone")
    if gone:
        heading = (
            ngettext(
                "Gone {n} service: no longer in the registry, or ended:",
                "Gone {n} services: no longer in the registry, or ended:",
                len(gone),
            ).format(n=len(gone))
            if plan.prune
            else ngettext(
                "Gone {n} service: no longer in the registry, or ended (run with --prune to remove it):",
                "Gone {n} services: no longer in the registry, or ended (run with --prune to remove them):",
                len(gone),
            ).format(n=len(gone))
        )
        out.print(f"\n[magenta]{heading}[/magenta]")
        for s in gone:
            out.print(f"  - {_headline(s)} — {esc(s.reason or '')}")
    removed = plan.having("removed")
    if removed:
        out.print(
            "\n[red]"
            + ngettext("Removed {n} service (--prune):", "Removed {n} services (--prune):", len(removed)).format(
                n=len(removed)
            )
            + "[/red]"
        )
        for s in removed:
            out.print(f"  - {_headline(s)} — {esc(s.reason or '')}")
    skipped = plan.having("skipped")
    ended = [s for s in skipped if s.ended is not None]
    other = [s for s in skipped if s.ended is None]
    if other:
        heading = ngettext("Skipped {n} service:", "Skipped {n} services:", len(other)).format(n=len(other))
        out.print(f"\n[yellow]{heading}[/yellow]")
        for s in other:
            out.print(f"  ! {_headline(s)} — {esc(s.reason or '')}")
            for problem in s.problems:
                out.print(f"      {esc(problem)}")
    if ended:
        listed = ", ".join(
            _("{id} (ended {date})").format(id=s.id, date=czech.date(s.ended, space=" ")) for s in ended[:10] if s.ended
        )
        more = ", " + _("… ({n} in all)").format(n=len(ended)) if len(ended) > 10 else ""
        out.print("\n" + _("Not imported, ended: {services}").format(services=listed + more))
    if plan.providers:
        out.print("\n" + _("Providers:"))
        for p in plan.providers:
            if p.status == "added":
                ico = f", IČO {p.ico}" if p.ico else ""
                out.print(f"  + {esc(p.id)} ({esc(p.name)}{ico})")
            else:
                filled = ", ".join(_field(f.path) for f in p.fields)
                out.print("  ~ " + _("{id}: {fields} added from the registry").format(id=esc(p.id), fields=esc(filled)))
    for note in plan.notes:
        out.print("\n[yellow]" + _("Note:") + f"[/yellow] {esc(note)}")
    not_in_measure = [w for w in plan.warnings if w.code == "KP404"]
    if not_in_measure:
        out.print(
            "\n[dim]"
            + ngettext(
                "{n} service is in no measure of a plan yet (KP404); "
                "list it in a measure's `services:` when the plan counts on it.",
                "{n} services are in no measure of a plan yet (KP404); "
                "list them in a measure's `services:` when the plan counts on them.",
                len(not_in_measure),
            ).format(n=len(not_in_measure))
            + "[/dim]"
        )
    out.print("")
    if not plan.changed:
        out.print(_("services.yaml is up to date; nothing to write."))
    elif dry_run:
        out.print("[bold]" + _("Dry run:") + "[/bold] " + _("services.yaml not written."))
    elif written:
        done = _("services.yaml written.") if plan.old_text is not None else _("services.yaml created.")
        out.print(f"[green]✓[/green] {done}")


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
