"""Click's usage errors ("No such option", "Missing argument" …) in the language of the run.

click and typer write these texts in English, typer's own copy of click without gettext at all,
so they cannot be looked up where they are made. KpssGroup hands every usage error that reaches
it to :func:`localise`, which wraps the error's ``show``: the printed lines (the usage line, the
``Try … for help.`` hint, ``Error: …``) are matched against the known English texts and written
in the language of the run. A text this module does not know stays as click wrote it. In English
nothing is touched.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from typing import IO, Any

from kpss_cli.i18n import N_, _, language, ngettext

# The names click gives the value a parameter expects ("'abc' is not a valid int.").
TYPE_WORDS = {
    "int": N_("whole number"),
    "integer": N_("whole number"),
    "float": N_("number"),
    "boolean": N_("yes or no"),
}
PATH_WORDS = {"File": N_("File"), "Directory": N_("Directory"), "Path": N_("Path")}
MISSING = {
    "argument": N_("Missing argument {name}."),
    "option": N_("Missing option {name}."),
    "parameter": N_("Missing parameter {name}."),
}


def _value_message(text: str) -> str:
    """What is wrong with a value: the inner text of ``Invalid value for …: TEXT``."""
    for pattern, build in _VALUE_RULES:
        m = pattern.match(text)
        if m:
            return build(m)
    return text


def _extra(m: re.Match[str]) -> str:
    args = m.group("args")
    n = len(args.split())
    return ngettext(
        "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", n
    ).format(args=args)


def _missing(m: re.Match[str]) -> str:
    text = _(MISSING[m.group("kind")]).format(name=m.group("name") or "")
    return text.replace(" .", ".") + (m.group("rest") or "")


PATH_PROBLEMS = {
    "does not exist": N_("{kind} {name} does not exist."),
    "is a file": N_("{kind} {name} is a file."),
    "is a directory": N_("{kind} {name} is a directory."),
}


def _path(m: re.Match[str]) -> str:
    return _(PATH_PROBLEMS[m.group("what")]).format(kind=_(PATH_WORDS[m.group("kind")]), name=m.group("name"))


def _type_word(word: str) -> str:
    return _(TYPE_WORDS[word]) if word in TYPE_WORDS else word


_VALUE_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^(?P<value>'.*') is not (?:one of )?(?P<choices>'.*')\.$"),
        lambda m: _("{value} is not one of {choices}.").format(value=m["value"], choices=m["choices"]),
    ),
    (
        re.compile(r"^(?P<value>'.*') is not a valid (?P<type>[\w ]+)\.$"),
        lambda m: _("{value} is not a valid {type}.").format(value=m["value"], type=_type_word(m["type"])),
    ),
    (
        re.compile(r"^(?P<value>.+) is not in the range (?P<range>.+)\.$"),
        lambda m: _("{value} is not in the range {range}.").format(value=m["value"], range=m["range"]),
    ),
    (re.compile(r"^(?P<kind>File|Directory|Path) (?P<name>'.*') (?P<what>" + "|".join(PATH_PROBLEMS) + r")\.$"), _path),
]

# What click adds to an unknown name: typer's copy "(Possible options: …)", click "Did you mean …?".
_SUGGESTION = (
    r"(?: \(Possible options: (?P<options>.*)\)| Did you mean (?P<one>.*)\?| \(Did you mean one of: (?P<many>.*)\?\))?$"
)


def _suggestion(m: re.Match[str]) -> str:
    options = m.group("options") or m.group("one") or m.group("many")
    return " " + _("(did you mean {options}?)").format(options=options) if options else ""


_MESSAGE_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^No such option:? '?(?P<name>[^'\s]+?)'?\.?" + _SUGGESTION),
        lambda m: _("No such option: {name}").format(name=m.group("name")) + _suggestion(m),
    ),
    (
        re.compile(r"^No such command '(?P<name>.*?)'\." + _SUGGESTION),
        lambda m: _("No such command '{name}'.").format(name=m.group("name")) + _suggestion(m),
    ),
    (re.compile(r"^Missing command\.$"), lambda m: _("Missing command.")),
    (re.compile(r"^Missing (?P<kind>argument|option|parameter)(?: (?P<name>.+?))?\.(?P<rest>.*)$"), _missing),
    (
        re.compile(r"^Invalid value for (?P<name>.+?): (?P<message>.*)$"),
        lambda m: _("Invalid value for {name}: {message}").format(
            name=m.group("name"), message=_value_message(m.group("message"))
        ),
    ),
    (
        re.compile(r"^Invalid value: (?P<message>.*)$"),
        lambda m: _("Invalid value: {message}").format(message=_value_message(m.group("message"))),
    ),
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$"), _extra),
    (
        re.compile(r"^Option (?P<name>'.+') requires an argument\.$"),
        lambda m: _("Option {name} needs a value.").format(name=m.group("name")),
    ),
    (
        re.compile(r"^Option (?P<name>'.+') requires (?P<n>\d+) arguments\.$"),
        lambda m: _("Option {name} needs {n} values.").format(name=m.group("name"), n=m.group("n")),
    ),
    (
        re.compile(r"^Option (?P<name>'.+') does not take a value\.$"),
        lambda m: _("Option {name} takes no value.").format(name=m.group("name")),
    ),
]

_HINT = re.compile(r"^Try '(?P<command>.+) (?P<option>\S+)' for help\.$")
_ERROR = re.compile(r"^Error: (?P<message>.*)$")


def message(text: str) -> str:
    """One usage error's message (the text after ``Error:``) in the language of the run."""
    for pattern, build in _MESSAGE_RULES:
        m = pattern.match(text)
        if m:
            return build(m)
    return text


def translate(shown: str) -> str:
    """What click printed for a usage error, line by line in the language of the run."""
    lines = []
    for line in shown.split("\n"):
        hint, error = _HINT.match(line), _ERROR.match(line)
        if hint:
            line = _("Try '{command} {option}' for help.").format(command=hint["command"], option=hint["option"])
        elif error:
            line = _("Error: {message}").format(message=message(error["message"]))
        lines.append(line)
    return "\n".join(lines)


def localise(exc: Any) -> None:
    """Make a click error show itself in the language of the run (nothing to do in English)."""
    show = getattr(exc, "show", None)
    if show is None or language() == "en" or getattr(exc, "_kpss_localised", False):
        return

    def localised_show(file: IO[Any] | None = None) -> None:
        buffer = io.StringIO()
        show(buffer)
        (file or sys.stderr).write(translate(buffer.getvalue()))

    exc.show = localised_show
    exc._kpss_localised = True
