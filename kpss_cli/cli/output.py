"""Output: the rich consoles and the text formats. Colour only on a terminal and without NO_COLOR."""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from kpss_cli.findings import Finding


def _color_allowed() -> bool:
    return "NO_COLOR" not in os.environ


@cache
def _console(stderr: bool) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(
        file=stream,
        stderr=stderr,
        no_color=not _color_allowed(),
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )


def console() -> Console:
    """The console of standard output (rebuilt if the stream was replaced, as in tests)."""
    if _console(False).file is not sys.stdout:
        _console.cache_clear()
    return _console(False)


def err_console() -> Console:
    if _console(True).file is not sys.stderr:
        _console.cache_clear()
    return _console(True)


def emit(text: str) -> None:
    """Print plain text (JSON, CSV, SARIF …) to standard output, exactly as given."""
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()


def error(message: str) -> None:
    """``Error: …`` on standard error."""
    from rich.markup import escape

    from kpss_cli.i18n import _

    err_console().print(f"[bold red]{escape(_('Error:'))}[/bold red] {escape(message)}")


def warn(message: str) -> None:
    from rich.markup import escape

    from kpss_cli.i18n import _

    err_console().print(f"[yellow]{escape(_('Warning:'))}[/yellow] {escape(message)}")


def info(message: str) -> None:
    from kpss_cli.cli.options import state

    if not state.quiet:
        from rich.markup import escape

        err_console().print(escape(message))


def findings_text(findings: list[Finding], quiet: bool = False) -> None:
    """Findings grouped by file, with a summary line, on standard output."""
    from rich.markup import escape

    from kpss_cli.cli.options import state
    from kpss_cli.findings import ERROR, counts
    from kpss_cli.i18n import _, ngettext

    out = console()
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_file[f.file].append(f)
    for file, items in by_file.items():
        out.print(f"[bold]{escape(file)}[/bold]")
        for f in items:
            colour = "red" if f.severity == ERROR else "yellow"
            severity = _("error") if f.severity == ERROR else _("warning")
            where = f"{f.line}:{f.column}"
            out.print(f"  {where}  [{colour}]{escape(severity)}[/{colour}] [dim]{f.code}[/dim]  {escape(f.message)}")
            if f.hint:
                out.print(f"      [dim]{escape(_('hint: {hint}').format(hint=f.hint))}[/dim]")
            if f.detail and state.debug:
                out.print(f"      [dim]{escape(f.detail)}[/dim]")
    errors, warnings = counts(findings)
    if quiet:
        return
    if not findings:
        out.print(f"[green]✓[/green] {escape(_('valid: no errors, no warnings'))}")
    else:
        colour = "red" if errors else "yellow"
        summary = (
            ngettext("{n} error", "{n} errors", errors).format(n=errors)
            + ", "
            + ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
        )
        out.print(f"[{colour}]{escape(summary)}[/{colour}]")
