"""Placeholder: the command is being written (see the open issue); registers nothing yet."""

import typer


def register(app: typer.Typer) -> None:
    """Nothing to register until the command exists."""
