"""The console entry point: answers ``--version`` before importing anything else."""

from __future__ import annotations

import sys


def main() -> None:
    """Run kpss; ``kpss --version`` is answered without loading typer (it is asked for in scripts)."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from kpss_cli import __version__

        sys.stdout.write(f"kpss {__version__}\n")
        return
    from kpss_cli.cli import main as cli_main

    cli_main()
