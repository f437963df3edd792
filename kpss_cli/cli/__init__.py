"""The typer application: the only place (with its modules) that prints or exits.

Every command module exposes ``register(app)``. Errors of the library (KpssError) are caught once,
in KpssGroup.invoke, printed as ``Error: …`` and turned into exit status 2; ``--debug`` shows the
traceback instead.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any, Optional

import typer
from typer.core import TyperGroup

from kpss_cli import __version__
from kpss_cli.cli import options


def _translate_help(command: Any) -> None:
    """Help texts and docstrings of the command tree in the language of the run.

    They are written in English in the code (typer reads them at import time, before the language
    is known) and translated here, just before click formats them.
    """
    from kpss_cli.cli import placeholders
    from kpss_cli.i18n import _

    placeholders.apply(command, _)
    for attribute in ("help", "short_help", "epilog"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, _(text))
    for param in getattr(command, "params", ()):
        text = getattr(param, "help", None)
        if text:
            param.help = _(text)
    _translate_click_texts(command)
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub)


def _translate_click_texts(command: Any) -> None:
    """The few texts of click itself: "Usage:", the --help option, section titles."""
    import typer.core

    from kpss_cli.i18n import N_, _

    # typer looks up "Arguments", "Options", "Commands" through gettext's _ in its own module.
    if getattr(typer.core, "_", None) is not _:
        typer.core._ = _  # type: ignore[attr-defined]
    N_("Arguments"), N_("Options"), N_("Commands"), N_("Aborted!")  # noqa: B018  # for the catalogue
    N_("default: {default}"), N_("required")  # noqa: B018  # typer's "[default: text]", "[required]"
    usage, show_help = N_("Usage: "), N_("Show this message and exit.")

    def format_usage(ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=_(usage))

    original_help_option = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = original_help_option(ctx)
        if option is not None and option.help == show_help:
            option.help = _(show_help)
        return option

    command.format_usage = format_usage
    command.get_help_option = get_help_option


class KpssGroup(TyperGroup):
    """Chooses the language of the run, gives every run its own options.State (ctx.obj) and
    catches library errors once for every command."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        extra.setdefault("obj", options.State())
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except Exception as exc:  # a usage error of the root options: said in the run's language
            _localise_usage_error(exc)
            raise

    def main(self, args: Any = None, *rest: Any, **extra: Any) -> Any:
        from kpss_cli import i18n

        argv = list(sys.argv[1:] if args is None else args)
        try:
            _lang, argv = i18n.choose(argv)
        except i18n.UnknownLanguage as exc:
            from kpss_cli.cli.output import error

            error(str(exc))
            if extra.get("standalone_mode", True):
                sys.exit(exc.exit_code)
            raise typer.Exit(exc.exit_code) from None
        before_separator = argv[: argv.index("--")] if "--" in argv else argv
        if "--debug" in before_separator and i18n.notes():
            from kpss_cli.cli.output import warn

            for note in i18n.notes():
                warn(note)
        _translate_help(self)
        return super().main(argv, *rest, **extra)

    def invoke(self, ctx: Any) -> Any:
        from kpss_cli.errors import KpssError

        state = options.state_of(ctx)
        try:
            return super().invoke(ctx)
        except KpssError as exc:
            if state.debug:
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
            if type(exc).__module__.split(".")[0] in ("click", "typer"):
                _localise_usage_error(exc)
                raise
            if state.debug:
                raise
            from kpss_cli.cli.output import error

            error(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in kpss; run the command again with --debug and report the traceback."
            )
            raise typer.Exit(2) from None


def _localise_usage_error(exc: BaseException) -> None:
    """A usage error of click (or typer's copy) shows itself in the language of the run."""
    if type(exc).__module__.split(".")[0] in ("click", "typer") and hasattr(exc, "format_message"):
        from kpss_cli.cli.usage_errors import localise

        localise(exc)


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
    lang: Optional[str] = typer.Option(
        None,
        "--lang",
        metavar="cs|en",
        help="Language of messages and documents (any command takes it; default: KPSS_LANG, "
        "else language in kpss.yaml, else cs).",
        show_default=False,
    ),
) -> None:
    """kpss keeps a community plan of social services as schema-validated YAML in git."""


COMMAND_MODULES = (
    "validate", "schema", "init", "rollover", "diff", "report", "participation", "network", "render",
    "importer", "evaluation",
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
