"""Options shared by every command, defined once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import typer


@dataclass
class State:
    """What the options every command shares set, one per run: typer's ``ctx.obj``.

    KpssGroup makes it when the run starts; ``--debug`` and ``--quiet`` set it through their
    callbacks. A command reads its own ``quiet`` argument; KpssGroup reads ``debug`` when an
    error reaches it.
    """

    debug: bool = False
    quiet: bool = False


def state_of(ctx: typer.Context) -> State:
    """The run's State (made on first use when a command is invoked without KpssGroup)."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def _set_debug(ctx: typer.Context, value: bool) -> bool:
    state = state_of(ctx)
    state.debug = state.debug or value
    return value


def _set_quiet(ctx: typer.Context, value: bool) -> bool:
    state = state_of(ctx)
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
    False, "--force", help="Write the file of -o even when it is a data file of the repository (kpss.yaml, a plan …)."
)


def repo_root(repo: Optional[Path]) -> Path:
    """The repository root from --repo or the current folder."""
    from kpss_cli.repo import find_root

    return find_root(explicit=repo)
