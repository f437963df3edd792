"""``kpss validate``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from kpss_cli.cli import options

if TYPE_CHECKING:
    from kpss_cli.findings import Finding


class Format(str, Enum):
    """``text`` is drawn here; the others are kpss_cli.findings.FORMATS (test_formats checks)."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    gitlab = "gitlab"


def validate(
    paths: Optional[List[Path]] = typer.Argument(
        None, help="Files or folders to report on (default: all).", show_default=False
    ),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
    hook: bool = typer.Option(
        False,
        "--hook",
        help="As a pre-commit hook: PATHS are the changed files; the files the commit deletes are "
        "added from git; with neither, nothing is checked.",
    ),
    repo: Optional[Path] = options.RepoOption,
    quiet: bool = options.QuietOption,
    debug: bool = options.DebugOption,
) -> None:
    """Check every file against its schema and the cross-file rules.

    Exit status: 0 valid, 1 errors (or warnings with --strict), 2 could not run.

    With PATHS, the findings of those files and of every file their change can break (the
    action plans of a plan, everything naming a service of services.yaml …).

    Example: kpss validate --format github
    """
    from kpss_cli.cli.output import emit, findings_text
    from kpss_cli.findings import FORMATS
    from kpss_cli.repo import git_prefix, relative_paths
    from kpss_cli.validate import validate_repository

    root = options.repo_root(repo)
    if hook:
        wanted = _hook_paths(root, paths or [])
        if not wanted:
            return
    else:
        wanted = relative_paths(root, paths) if paths else None
    result = validate_repository(root, wanted)
    found = result.findings
    if format is Format.text:
        findings_text(found, quiet=quiet, debug=debug)
    elif format is Format.github:
        _github(found, git_prefix(root))
    else:
        emit(FORMATS[format.value](found, git_prefix(root)))
    if result.errors or (strict and result.warnings):
        raise typer.Exit(1)


def _hook_paths(root: Path, paths: list[Path]) -> list[str]:
    """The changed files pre-commit passes (those still present) and the files the commit deletes."""
    import os

    from kpss_cli.repo import classify, deleted_in_git, relative_paths

    present = [p for p in paths if (p if p.is_absolute() else Path.cwd() / p).exists()]
    changed = {rel for rel in relative_paths(root, present) if classify(rel) is not None}
    deleted = deleted_in_git(root, os.environ.get("PRE_COMMIT_FROM_REF"), os.environ.get("PRE_COMMIT_TO_REF"))
    return sorted(changed | set(deleted))


def _github(found: list[Finding], prefix: str) -> None:
    """Annotations on stdout (findings.to_github, the ``github`` of FORMATS); with
    ``GITHUB_STEP_SUMMARY`` set, the full list in the job summary too."""
    import os

    from kpss_cli import findings as fmt
    from kpss_cli.cli.output import emit

    summary = os.environ.get("GITHUB_STEP_SUMMARY", "")
    if summary:
        try:
            with open(summary, "a", encoding="utf-8") as stream:
                stream.write(fmt.github_summary(found, prefix))
        except OSError as exc:
            from kpss_cli.cli.output import warn
            from kpss_cli.i18n import _

            warn(
                _("the job summary GITHUB_STEP_SUMMARY {file} cannot be written: {reason}").format(
                    file=summary, reason=exc.strerror or exc
                )
            )
            summary = ""
    if found:
        emit(fmt.to_github(found, prefix, summary=bool(summary)))


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
