"""Output: the rich consoles and the text formats. Colour only on a terminal and without NO_COLOR."""

from __future__ import annotations

import os
import re
import sys
from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console

    from kpss_cli.findings import Finding


_SURROGATE = re.compile("[\ud800-\udfff]")


def _color_allowed() -> bool:
    return "NO_COLOR" not in os.environ


def esc(text: object) -> str:
    """User text for a rich console: control characters, terminal escapes and bidi controls
    shown as escapes, newlines as ``\\n``, rich markup escaped. Every printer uses it."""
    from rich.markup import escape

    from kpss_cli.textsafe import visible

    return escape(visible(str(text)))


def esc_message(text: object) -> str:
    """A message of kpss that may span lines (user text inside it included): as :func:`esc`,
    but newlines stay; the console stream keeps any line from starting with ``::``."""
    from rich.markup import escape

    from kpss_cli.textsafe import visible

    return escape(visible(str(text), newlines=True))


class _Guarded:
    """The stream under a console: no line kpss prints in a text format starts with ``::``.

    A CI runner takes such a line as a workflow command (``::error``, ``::add-mask::``); kpss's
    own commands are written only by ``--format github``, through :func:`emit`, not here.
    """

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner
        self._at_line_start = True

    def write(self, text: str) -> int:
        from kpss_cli.textsafe import no_commands

        if not text:
            return 0
        guarded = no_commands(text) if self._at_line_start else no_commands("x" + text)[1:]
        self._at_line_start = text.endswith("\n")
        self.inner.write(guarded)
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@cache
def _console(stderr: bool) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(
        file=_Guarded(stream),  # type: ignore[arg-type]
        stderr=stderr,
        no_color=not _color_allowed(),
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )


def console() -> Console:
    """The console of standard output (rebuilt if the stream was replaced, as in tests)."""
    if _console(False).file.inner is not sys.stdout:  # type: ignore[attr-defined]
        _console.cache_clear()
    return _console(False)


def err_console() -> Console:
    if _console(True).file.inner is not sys.stderr:  # type: ignore[attr-defined]
        _console.cache_clear()
    return _console(True)


def emit(text: str) -> None:
    """Print plain text (JSON, CSV, SARIF …) to standard output, exactly as given.

    A lone surrogate (a file name that is not UTF-8) is written as its JSON escape ``\\udce9``:
    valid in a JSON string, readable elsewhere, and never an encoding error.
    """
    text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()


def error(message: str) -> None:
    """``Error: …`` on standard error."""
    from rich.markup import escape

    from kpss_cli.i18n import _

    err_console().print(f"[bold red]{escape(_('Error:'))}[/bold red] {esc_message(message)}")


def warn(message: str) -> None:
    from rich.markup import escape

    from kpss_cli.i18n import _

    err_console().print(f"[yellow]{escape(_('Warning:'))}[/yellow] {esc_message(message)}")


def info(message: str, quiet: bool = False) -> None:
    """A note on standard error (what was written where), left out with --quiet."""
    if not quiet:
        err_console().print(esc_message(message))


def findings_text(findings: list[Finding], quiet: bool = False, debug: bool = False) -> None:
    """Findings grouped by file, with a summary line, on standard output (the parser's own
    text of a syntax error too with ``debug``)."""
    from kpss_cli.findings import ERROR, counts
    from kpss_cli.i18n import _, ngettext

    out = console()
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_file[f.file].append(f)
    for file, items in by_file.items():
        out.print(f"[bold]{esc(file)}[/bold]")
        for f in items:
            colour = "red" if f.severity == ERROR else "yellow"
            severity = _("error") if f.severity == ERROR else _("warning")
            where = f"{f.line}:{f.column}"
            out.print(f"  {where}  [{colour}]{esc(severity)}[/{colour}] [dim]{f.code}[/dim]  {esc(f.message)}")
            if f.hint:
                out.print(f"      [dim]{esc(_('hint: {hint}').format(hint=f.hint))}[/dim]")
            if f.detail and debug:
                out.print(f"      [dim]{esc(f.detail)}[/dim]")
    errors, warnings = counts(findings)
    if quiet:
        return
    if not findings:
        out.print(f"[green]✓[/green] {esc(_('valid: no errors, no warnings'))}")
    else:
        colour = "red" if errors else "yellow"
        summary = (
            ngettext("{n} error", "{n} errors", errors).format(n=errors)
            + ", "
            + ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
        )
        out.print(f"[{colour}]{esc(summary)}[/{colour}]")
