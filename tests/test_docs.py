"""Docs that cannot fall behind: every command has help with an example and is in the README."""

from __future__ import annotations

from pathlib import Path

import typer

from kpss_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands():
    root = typer.main.get_command(app)
    for name, command in root.commands.items():
        sub = getattr(command, "commands", None)
        if sub:
            for sub_name, sub_command in sub.items():
                yield f"{name} {sub_name}", sub_command
        else:
            yield name, command


def test_there_are_commands() -> None:
    names = [name for name, _ in commands()]
    assert "validate" in names and "init" in names and "schema" in names


def test_every_command_has_help_with_an_example() -> None:
    for name, command in commands():
        assert command.help and command.help.strip(), name
        assert "Example:" in command.help, f"kpss {name} --help should end with an example"


def test_every_command_is_in_the_readme() -> None:
    for name, _ in commands():
        assert f"kpss {name}" in README, f"README does not mention `kpss {name}`"


def test_readme_quick_start_commands_exist() -> None:
    assert "python3 dev.py kpss validate --repo examples/zidlochovicko" in README
    assert "python3 dev.py test" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 dev.py test" in ci


def test_docs_links_resolve() -> None:
    import re

    for target in re.findall(r"\]\(((?:docs/)?[\w./-]+\.md)\)", README):
        assert (ROOT / target).is_file(), target


def test_every_command_takes_version_repo_quiet() -> None:
    import subprocess
    import sys

    for name, command in commands():
        words = name.split()
        done = subprocess.run([sys.executable, "-m", "kpss_cli", *words, "--version"], capture_output=True, text=True)
        assert done.returncode == 0 and done.stdout.startswith("kpss "), name
        flags = {opt for param in command.params for opt in getattr(param, "opts", [])}
        assert "--quiet" in flags, f"kpss {name} lacks --quiet"
        assert "--repo" in flags, f"kpss {name} lacks --repo"
