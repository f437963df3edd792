"""``kpss init``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kpss_cli.cli import options


def init(
    directory: Path = typer.Argument(Path("."), help="Folder of the new repository (created if missing)."),
    name: Optional[str] = typer.Option(None, "--name", "-n", help="Territory name, e.g. \"SO ORP Židlochovice\"."),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="obec, orp, svazek_obci, mas or kraj."),
    region: Optional[str] = typer.Option(None, "--region", help="NUTS 3 code of the kraj, e.g. CZ064."),
    start: Optional[int] = typer.Option(None, "--start", help="First year of the plan (default: this year)."),
    years: int = typer.Option(4, "--years", min=1, max=10, help="Length of the first plan period in years."),
    repo: Optional[Path] = typer.Option(
        None, "--repo", "-C", help="Folder of the new repository (instead of DIR).", show_default=False
    ),
    editor: bool = typer.Option(
        False,
        "--editor",
        help="In an existing repository: write or refresh the editor's schema mapping, the copied "
        "schemas and the yaml-language-server modeline of each file.",
    ),
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """Create a new plan repository that validates, with editor and CI settings.

    Writes kpss.yaml, services.yaml, groups.yaml, a first draft plan, .vscode/settings.json
    (maps each YAML file to its schema for completion and checks) and a GitHub workflow that runs
    kpss validate on pull requests. Existing files are never overwritten.

    With --editor, in an existing repository (kpss.yaml there): writes or refreshes only the
    editor files (after an upgrade of kpss, or for a repository made without kpss init).

    Example: kpss init zidlochovicko --name "SO ORP Židlochovice" --kind orp --region CZ064
    """
    from kpss_cli.cli.output import info
    from kpss_cli.errors import UsageError
    from kpss_cli.scaffold import existing, scaffold, write
    from kpss_cli.validate import today

    if repo is not None:
        directory = repo
    if editor:
        _editor(directory, quiet)
        return
    if name is None or kind is None:
        raise UsageError('kpss init needs --name and --kind, e.g. --name "Obec Vranovice" --kind obec')
    first = start if start is not None else today().year
    files = scaffold(name, kind, first, first + years - 1, region)
    root = directory.resolve()
    clash = existing(root, files)
    if clash:
        raise UsageError(
            f"{directory} already holds {', '.join(clash[:5])}; kpss init never overwrites files "
            "(choose an empty folder)"
        )
    write(root, files)
    from kpss_cli.i18n import _

    info(_("Created a kpss repository in {folder} ({count} files).").format(folder=directory, count=len(files)), quiet)
    git = _git_init(root)
    if git:
        info(git, quiet)
    info(
        _(
            "Next steps:\n"
            "  cd {folder} && kpss validate          check the repository\n"
            "  git add . && git commit -m \"Plan\"     the first version in git\n"
            "  edit plans/…/plan.yaml                 priorities, measures, indicators (docs/cs/README.md)\n"
            "  kpss rollover YEAR                     each autumn: the action plan of the next year\n"
            "  kpss collect YEAR / kpss import results  the evaluation by the realizátoři\n"
            "  kpss report fulfilment, kpss render    the report and the documents for the council"
        ).format(folder=directory),
        quiet,
    )


def _git_init(root: Path) -> str:
    """``git init`` in ``root`` unless it already lies in a git repository; what happened, in words."""
    import subprocess

    from kpss_cli.i18n import _

    try:
        inside = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"], cwd=root, capture_output=True, text=True, check=False
        )
        if inside.returncode == 0 and inside.stdout.strip() == "true":
            return _("The folder already lies in a git repository; kpss init left git alone.")
        done = subprocess.run(["git", "init", "-q"], cwd=root, capture_output=True, text=True, check=False)
    except OSError:
        return _("git is not installed, so the folder is not a git repository yet; install git and run git init there.")
    if done.returncode != 0:
        return _("git init failed ({reason}); the files are written, run git init there yourself.").format(
            reason=(done.stderr.strip() or done.stdout.strip())[:200]
        )
    return _("Made the folder a git repository (git init).")


def _editor(directory: Path, quiet: bool = False) -> None:
    """kpss init --editor: the editor files of an existing repository, written or refreshed."""
    from kpss_cli.cli.output import info
    from kpss_cli.repo import find_root
    from kpss_cli.scaffold import editor_files
    from kpss_cli.yamledit import atomic_write

    root = find_root(explicit=directory)
    changed = editor_files(root)
    for rel, data in changed.items():
        atomic_write(root / rel, data)
    if changed:
        info(f"Editor files written or refreshed in {directory} ({len(changed)}): " + ", ".join(sorted(changed)[:8])
             + (" …" if len(changed) > 8 else ""), quiet)
    else:
        info(f"The editor files in {directory} are up to date", quiet)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
