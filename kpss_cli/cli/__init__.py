"""The typer application: the only place (with its modules) that prints or exits.

Every command module exposes ``register(app)``. Errors of the library (KpssError) are caught once,
in KpssGroup.invoke, printed as ``Error: …`` and turned into exit status 2; ``--debug`` shows the
traceback instead.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from kpss_cli import __version__
from kpss_cli.cli import options


class KpssGroup(TyperGroup):
    """Catches library errors once for every command."""

    def invoke(self, ctx: Any) -> Any:
        from kpss_cli.errors import KpssError

        try:
            return super().invoke(ctx)
        except KpssError as exc:
            if options.state.debug:
                raise
            from kpss_cli.cli.output import error

            error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `kpss … | head`: the reader left; not an error of ours
            raise
        except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
            # Exit, Abort and usage errors belong to click (or typer's own copy of it).
            if options.state.debug or type(exc).__module__.split(".")[0] in ("click", "typer"):
                raise
            from kpss_cli.cli.output import error

            error(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in kpss; run the command again with --debug and report the traceback."
            )
            raise typer.Exit(2) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kpss {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=KpssGroup,
    name="kpss",
    help="Community planning of social services (komunitní plánování sociálních služeb) "
    "kept as YAML in git: validate, diff, roll over, report and render the plan.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """kpss keeps a community plan of social services as schema-validated YAML in git."""


COMMAND_MODULES = (
    "validate", "schema", "init", "rollover", "diff", "report", "participation", "render", "importer",
    "evaluation",
)


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(f"kpss_cli.cli.{name}")
        module.register(app)


_register()


def main() -> None:
    """Console entry point."""
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show Czech (cp1250, LC_ALL=C) gets '?' instead of a crash.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
    try:
        app(prog_name="kpss")
    except BrokenPipeError:
        # Silence the second error Python would print while flushing the closed pipe at exit.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
