"""The console entry point: answers ``--version`` before importing anything else."""

from __future__ import annotations

import sys


def main() -> None:
    """Run kpss; ``kpss --version`` is answered without loading typer (it is asked for in scripts)."""
    args = sys.argv[1:]
    before_separator = args[: args.index("--")] if "--" in args else args
    # SPEC §9: every command takes --version (`kpss validate --version` too).
    if args in (["--version"], ["-V"]) or "--version" in before_separator:
        from kpss_cli import __version__

        sys.stdout.write(f"kpss {__version__}\n")
        return
    from kpss_cli.cli import main as cli_main

    cli_main()
