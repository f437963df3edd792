"""``kpss schema``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kpss_cli.cli import options


def schema(
    name: Optional[str] = typer.Argument(
        None, help="manifest, services, groups, plan or action-plan.", show_default=False
    ),
    list_: bool = typer.Option(False, "--list", "-l", help="List the schema names and the files they check."),
    repo: Optional[Path] = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """Print the JSON Schema of a repository file (Draft 2020-12).

    The schemas ship inside kpss and are the same for every repository (--repo is accepted
    for uniformity and not needed).

    Example: kpss schema plan > plan.schema.json
    """
    from kpss_cli.cli.output import emit
    from kpss_cli.errors import UsageError
    from kpss_cli.schemas import SCHEMA_NAMES, schema_text

    if list_:
        files = {
            "manifest": "kpss.yaml",
            "services": "services.yaml",
            "groups": "groups.yaml",
            "plan": "plans/<plan-id>/plan.yaml",
            "action-plan": "plans/<plan-id>/action-plans/<year>.yaml",
            "grants": "grants/<year>.yaml",
            "consultation": "plans/<plan-id>/consultation.yaml",
            "meeting": "meetings/<YYYY-MM-DD>-<group-id>.yaml",
        }
        emit("\n".join(f"{n:<12} {files.get(n, '')}".rstrip() for n in SCHEMA_NAMES))
        return
    if name is None:
        raise UsageError(f"name a schema ({', '.join(SCHEMA_NAMES)}) or use --list")
    emit(schema_text(name))


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
