"""docs/commands.md, the command reference, generated from the typer app itself.

    python -m kpss_cli.cli.reference        # rewrites docs/commands.md

Every command's help text is its docstring and every option's its ``help=``, so the reference
cannot say what the code does not; tests/test_docs.py fails when the file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

HEAD = """# Command reference

Generated from the commands themselves by `python -m kpss_cli.cli.reference`; a test keeps it in
step. Every command answers `--version`, `--help`, and takes `--repo`/`-C` (the folder with
kpss.yaml; default: found from the current folder upwards), `--quiet`/`-q` and `--debug`.

Exit status everywhere: **0** done, **1** findings (or changes with `--exit-code`), **2** could
not run (the message says why; nothing half-written is left behind).

"""


def _commands(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        return [(path, command)]
    found: list[tuple[list[str], Any]] = []
    for name in sorted(subcommands):
        sub = subcommands[name]
        if not getattr(sub, "hidden", False):
            found += _commands(sub, [*path, name])
    return found


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def reference() -> str:
    """The text of docs/commands.md."""
    import typer.main

    from kpss_cli.cli import app, placeholders

    root = typer.main.get_command(app)
    out = [HEAD]
    for path, command in _commands(root, []):
        placeholders.apply(command, str)  # the English placeholders of --help (YEAR, FILE …)
        out.append(f"## kpss {' '.join(path)}\n\n")
        params = [p for p in command.params if p.name not in ("help",)]
        arguments = [p for p in params if p.param_type_name == "argument"]
        shown = [a.human_readable_name if a.required else f"[{a.human_readable_name}]" for a in arguments]
        usage = " ".join(["kpss", *path, *shown])
        out.append(f"`{usage} [OPTIONS]`\n\n")
        out.append((command.help or "").strip() + "\n\n")
        rows = []
        for p in params:
            if p.param_type_name == "argument":
                names = _cell(p.human_readable_name)
            else:
                names = ", ".join(f"`{o}`" for o in [*p.opts, *p.secondary_opts])
            choices = getattr(p.type, "choices", None)
            extra = f" One of: {', '.join(str(c) for c in choices)}." if choices else ""
            rows.append(f"| {names} | {_cell((getattr(p, 'help', None) or '') + extra)} |")
        if rows:
            out.append("| option | meaning |\n|---|---|\n" + "\n".join(rows) + "\n\n")
    return "".join(out).rstrip("\n") + "\n"


def main() -> int:
    target = Path(__file__).resolve().parents[2] / "docs" / "commands.md"
    target.write_text(reference(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
