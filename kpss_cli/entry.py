"""The console entry point: answers ``--version`` before importing anything else."""

from __future__ import annotations

import sys


def main() -> None:
    """Run kpss; ``kpss --version`` is answered without loading typer (it is asked for in scripts)."""
    args = sys.argv[1:]
    before_separator = args[: args.index("--")] if "--" in args else args
    # docs/commands.md: every command takes --version (`kpss validate --version` too).
    if args in (["--version"], ["-V"]) or "--version" in before_separator:
        from kpss_cli import __version__

        sys.stdout.write(f"kpss {__version__}\n")
        return
    # A kpss run is one short process that builds large, acyclic data (the loaded repository, its
    # model, a document) and exits. Python's cyclic collector walks all of it again and again as
    # it grows, which made render of the 4x bench repository 4.6x slower than 1x instead of
    # linear (9.6 s vs 2.1 s CPU; without the collector 6.5 s vs 1.7 s, the same peak memory).
    # Reference counting still frees everything that is not in a cycle. In-process callers (the
    # tests, a library user) keep their collector: this is the console entry point only.
    import gc

    gc.disable()
    from kpss_cli.cli import main as cli_main

    cli_main()
