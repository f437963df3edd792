"""``kpss init``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kpss_cli.cli import options


def init(
    directory: Path = typer.Argument(Path("."), help="Folder of the new repository (created if missing)."),
    name: str = typer.Option(..., "--name", "-n", help="Territory name, e.g. \"SO ORP Židlochovice\"."),
    kind: str = typer.Option(..., "--kind", "-k", help="obec, orp, svazek_obci, mas or kraj."),
    region: Optional[str] = typer.Option(None, "--region", help="NUTS 3 code of the kraj, e.g. CZ064."),
    start: Optional[int] = typer.Option(None, "--start", help="First year of the plan (default: this year)."),
    years: int = typer.Option(4, "--years", min=1, max=10, help="Length of the first plan period in years."),
    repo: Optional[Path] = typer.Option(
        None, "--repo", "-C", help="Folder of the new repository (instead of DIR).", show_default=False
    ),
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """Create a new plan repository that validates, with editor and CI settings.

    Writes kpss.yaml, services.yaml, groups.yaml, a first draft plan, .vscode/settings.json
    (maps each YAML file to its schema for completion and checks) and a GitHub workflow that runs
    kpss validate on pull requests. Existing files are never overwritten.

    Example: kpss init zidlochovicko --name "SO ORP Židlochovice" --kind orp --region CZ064
    """
    from kpss_cli.cli.output import info
    from kpss_cli.errors import UsageError
    from kpss_cli.scaffold import existing, scaffold, write
    from kpss_cli.validate import today

    first = start if start is not None else today().year
    files = scaffold(name, kind, first, first + years - 1, region)
    if repo is not None:
        directory = repo
    root = directory.resolve()
    clash = existing(root, files)
    if clash:
        raise UsageError(
            f"{directory} already holds {', '.join(clash[:5])}; kpss init never overwrites files "
            "(choose an empty folder)"
        )
    write(root, files)
    info(f"Created a kpss repository in {directory} ({len(files)} files); next: cd {directory} && kpss validate")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
