"""Options shared by every command, defined once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import typer


@dataclass
class State:
    debug: bool = False
    quiet: bool = False


state = State()


def _set_debug(value: bool) -> bool:
    state.debug = state.debug or value
    return value


def _set_quiet(value: bool) -> bool:
    state.quiet = state.quiet or value
    return value


RepoOption = typer.Option(
    None,
    "--repo",
    "-C",
    help="The plan repository (the folder with kpss.yaml). Default: found from the current folder upwards.",
    file_okay=False,
    show_default=False,
)
QuietOption = typer.Option(
    False, "--quiet", "-q", help="Print only what is asked for (no summaries).", callback=_set_quiet
)
DebugOption = typer.Option(
    False, "--debug", help="Show the full traceback of an error.", callback=_set_debug, hidden=False
)


ForceOutputOption = typer.Option(
    False, "--force", help="Write -o FILE even when it is a data file of the repository (kpss.yaml, a plan …)."
)


def repo_root(repo: Optional[Path]) -> Path:
    """The repository root from --repo or the current folder."""
    from kpss_cli.repo import find_root

    return find_root(explicit=repo)
