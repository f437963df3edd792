"""The placeholders of ``--help`` in the language of the run: ``[OPTIONS]``, ``COMMAND [ARGS]...``,
the names of the arguments (``YEAR``) and of the options' values (``--output FILE``).

click writes its own, in English: ``[OPTIONS]``, the type of a value (``<file>``, ``<int>``) or
the Python name of an argument (``paths``). kpss names every placeholder here once, as a word in
English, and the help texts that mention one use the same word ("Write to FILE …"), so the Czech
catalogue gives both the same Czech word (``SOUBOR``). A placeholder written in the code
(``metavar="YEAR"``) is a message too (tools/i18n.py collects it). A choice keeps click's list of
its values (``<table|markdown|json|csv>``): they are codes, the same in every language.
"""

from __future__ import annotations

from typing import Any, Callable

from kpss_cli.i18n import N_

OPTIONS = N_("[OPTIONS]")
SUBCOMMAND = N_("COMMAND [ARGS]...")

# The placeholder of a parameter without a metavar of its own: by its name (the same word
# wherever a parameter of that name is), else by the type of its value.
BY_NAME = {
    "base_url": N_("URL"),
    "directory": N_("DIR"),
    "kind": N_("KIND"),
    "name": N_("NAME"),
    "paths": N_("PATHS"),
    "plan": N_("PLAN"),
    "region": N_("CODE"),
    "repo": N_("DIR"),
    "start": N_("YEAR"),
    "year": N_("YEAR"),
    "years": N_("COUNT"),
}
BY_TYPE = {
    "directory": N_("DIR"),
    "file": N_("FILE"),
    "integer": N_("NUMBER"),
    "integer range": N_("NUMBER"),
    "path": N_("PATH"),
    "text": N_("TEXT"),
}
MORE = "…"  # after the placeholder of an argument that takes several values


def placeholder(param: Any) -> str | None:
    """The English placeholder of a parameter without a metavar (None: click's own is right, for
    a flag has none and a choice lists its values)."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False) or getattr(param.type, "choices", None):
        return None
    return BY_NAME.get(param.name or "") or BY_TYPE.get(param.type.name)


def apply(command: Any, translate: Callable[[str], str]) -> None:
    """The placeholders of ``command`` (not of its subcommands), each through ``translate``."""
    if getattr(command, "options_metavar", None) == OPTIONS:
        command.options_metavar = translate(OPTIONS)
    if getattr(command, "subcommand_metavar", None) == SUBCOMMAND:
        command.subcommand_metavar = translate(SUBCOMMAND)
    for param in getattr(command, "params", ()):
        if param.metavar is not None:
            param.metavar = translate(param.metavar)
        elif (word := placeholder(param)) is not None:
            param.metavar = translate(word) + (MORE if param.nargs != 1 else "")
