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
    kpss validate on pull requests. Existing files are never overwritten. Outside a git
    repository it runs git init and commits every file it wrote (when git knows user.name and
    user.email; otherwise it says how to set them).

    With --editor, in an existing repository (kpss.yaml there): writes or refreshes only the
    editor files (after an upgrade of kpss, or for a repository made without kpss init).

    Example: kpss init zidlochovicko --name "SO ORP Židlochovice" --kind orp --region CZ064
    """
    from kpss_cli.cli.output import info
    from kpss_cli.errors import UsageError
    from kpss_cli.scaffold import existing, scaffold, write
    from kpss_cli.textsafe import visible
    from kpss_cli.validate import today

    if repo is not None:
        directory = repo
    if editor:
        _editor(directory, quiet)
        return
    if name is None or kind is None:
        from kpss_cli.i18n import _

        raise UsageError(_('kpss init needs --name and --kind, e.g. --name "Obec Vranovice" --kind obec'))
    first = start if start is not None else today().year
    files = scaffold(name, kind, first, first + years - 1, region)
    root = directory.resolve()
    clash = existing(root, files)
    if clash:
        from kpss_cli.i18n import _

        raise UsageError(
            _("{folder} already holds {files}; kpss init never overwrites files (choose an empty folder)").format(
                folder=visible(str(directory)), files=visible(", ".join(clash[:5]))
            )
        )
    write(root, files)
    from kpss_cli.i18n import _

    created = _("Created a kpss repository in {folder} ({count} files).")
    info(created.format(folder=visible(str(directory)), count=len(files)), quiet)
    git, committed = _git_init(root, name, visible(str(directory)))
    if git:
        info(git, quiet)
    if committed:
        steps = _(
            "Next steps:\n"
            "  cd {folder} && kpss validate          check the repository\n"
            "  edit plans/…/plan.yaml                 priorities, measures, indicators (docs/cs/README.md)\n"
            "  git commit -am \"…\"                    each change as a new version in git\n"
            "  kpss rollover YEAR                     each autumn: the action plan of the next year\n"
            "  kpss collect YEAR / kpss import results  the evaluation by the bodies responsible\n"
            "  kpss report fulfilment, kpss render    the report and the documents for the council"
        )
    else:
        steps = _(
            "Next steps:\n"
            "  cd {folder} && kpss validate          check the repository\n"
            "  git add . && git commit -m \"Plan\"     the first version in git\n"
            "  edit plans/…/plan.yaml                 priorities, measures, indicators (docs/cs/README.md)\n"
            "  kpss rollover YEAR                     each autumn: the action plan of the next year\n"
            "  kpss collect YEAR / kpss import results  the evaluation by the bodies responsible\n"
            "  kpss report fulfilment, kpss render    the report and the documents for the council"
        )
    info(steps.format(folder=visible(str(directory))), quiet)


# The first commit of a new repository is part of its history, written in Czech like the commits
# of kpss rollover (the language of the plan, whatever the language of the run).
FIRST_COMMIT = "Nový repozitář komunitního plánu: {name} (kpss init)"


def _git_init(root: Path, name: str, shown: str) -> tuple[str, bool]:
    """``git init`` and a first commit in ``root`` unless it already lies in a git repository.

    What happened, in words, and whether the first commit was made. A git that does not know who
    commits (no user.name or user.email) leaves the repository without a commit and says how to
    set them; the init itself never fails for git.
    """
    import os
    import subprocess

    from kpss_cli.i18n import _

    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False, env=env)

    try:
        inside = git("rev-parse", "--is-inside-work-tree")
        if inside.returncode == 0 and inside.stdout.strip() == "true":
            return _("The folder already lies in a git repository; kpss init left git alone."), False
        done = git("init", "-q")
    except OSError:
        return (
            _("git is not installed, so the folder is not a git repository yet; install git and run git init there."),
            False,
        )
    if done.returncode != 0:
        reason = (done.stderr.strip() or done.stdout.strip())[:200]
        return _("git init failed ({reason}); the files are written, run git init there yourself.").format(
            reason=reason
        ), False
    who = git("config", "user.name").stdout.strip() or env.get("GIT_AUTHOR_NAME", "").strip()
    mail = (
        git("config", "user.email").stdout.strip()
        or env.get("GIT_AUTHOR_EMAIL", "").strip()
        or env.get("EMAIL", "").strip()
    )
    if not who or not mail:
        missing = " ".join(key for key, value in (("user.name", who), ("user.email", mail)) if not value)
        return _(
            "Made the folder a git repository (git init), but git does not know who you are ({missing} "
            "not set), so there is no first commit yet. Tell git your name and e-mail once:\n"
            '  git config --global user.name "Jana Nováková"\n'
            '  git config --global user.email "jana.novakova@example.cz"\n'
            'then make the first commit: cd {folder} && git add . && git commit -m "Plan"'
        ).format(missing=missing, folder=shown), False
    added = git("add", "-A")
    made = (
        git("-c", "commit.gpgsign=false", "commit", "-q", "-m", FIRST_COMMIT.format(name=" ".join(name.split())))
        if added.returncode == 0
        else added
    )
    if made.returncode != 0:
        reason = (made.stderr.strip() or made.stdout.strip())[:200]
        return _(
            "Made the folder a git repository (git init), but the first commit failed ({reason}); "
            'make it yourself: cd {folder} && git add . && git commit -m "Plan"'
        ).format(reason=reason, folder=shown), False
    sha = git("rev-parse", "--short", "HEAD").stdout.strip()
    return _("Made the folder a git repository (git init) with a first commit of every file ({commit}).").format(
        commit=sha
    ), True


def _editor(directory: Path, quiet: bool = False) -> None:
    """kpss init --editor: the editor files of an existing repository, written or refreshed."""
    from kpss_cli.cli.output import info
    from kpss_cli.repo import find_root
    from kpss_cli.scaffold import editor_files
    from kpss_cli.textsafe import visible
    from kpss_cli.yamledit import atomic_write

    root = find_root(explicit=directory)
    changed = editor_files(root)
    for rel, data in changed.items():
        atomic_write(root / rel, data)
    from kpss_cli.i18n import _

    if changed:
        files = ", ".join(sorted(changed)[:8]) + (" …" if len(changed) > 8 else "")
        info(
            _("Editor files written or refreshed in {folder} ({count}): {files}").format(
                folder=visible(str(directory)), count=len(changed), files=visible(files)
            ),
            quiet,
        )
    else:
        info(_("The editor files in {folder} are up to date").format(folder=visible(str(directory))), quiet)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
