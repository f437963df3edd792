"""The language of a run and the translation of messages (Python's gettext).

Messages are written in English in the code and translated through :func:`_` (and
:func:`ngettext` for counts); the Czech catalogue is ``kpss_cli/locale/cs/LC_MESSAGES/kpss.po``,
compiled to ``kpss.mo`` when the wheel is built (see docs/i18n.md). One language per run, chosen
by :func:`choose`: ``--lang cs|en``, else the environment variable ``KPSS_LANG``, else
``language`` in kpss.yaml, else Czech.

Rules for code that prints or returns a message:

* ``_("IČO {ico} has a wrong check digit").format(ico=ico)``: placeholders are named and filled
  after the translation (never ``_(f"…")``: the text looked up would differ every time);
* ``ngettext("{n} error", "{n} errors", n).format(n=n)`` for a count (Czech has three plural forms);
* a text defined at import time (a table, a default) is marked with :func:`N_` and translated
  where it is used (``_(TEXT)``), because the language is chosen after the modules are imported.

A missing or broken catalogue never breaks a command: the run continues in English and
:func:`notes` says why (the CLI prints it under ``--debug``). This module imports nothing heavy.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from pathlib import Path
from typing import Iterable, Optional

from kpss_cli.errors import UsageError

LANGS = ("cs", "en")
DEFAULT = "cs"
DOMAIN = "kpss"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENV = "KPSS_LANG"
MANIFEST = "kpss.yaml"

_lang: Optional[str] = None
_catalogue: _gettext.NullTranslations = _gettext.NullTranslations()
_notes: list[str] = []


class UnknownLanguage(UsageError):
    """A language kpss has no messages for (exit status 2)."""


def _normalise(value: str, source: str) -> str:
    lang = value.strip().lower()
    if lang not in LANGS:
        # Written in both languages: the language itself is what could not be chosen.
        raise UnknownLanguage(
            f"unknown language '{value}' ({source}); use one of: {', '.join(LANGS)} / "
            f"neznámý jazyk '{value}' ({source}); použijte jeden z: {', '.join(LANGS)}"
        )
    return lang


def _load(lang: str) -> _gettext.NullTranslations:
    """The catalogue of ``lang``; English (the texts of the code) if it is missing or broken."""
    if lang == "en":
        return _gettext.NullTranslations()
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with open(mo, "rb") as handle:
            return _gettext.GNUTranslations(handle)
    except FileNotFoundError:
        _notes.append(f"the message catalogue {mo} is missing; messages are in English")
    except Exception as exc:  # a broken catalogue (bad magic, cut off, bad encoding …)
        _notes.append(
            f"the message catalogue {mo} cannot be read ({type(exc).__name__}: {exc}); messages are in English"
        )
    return _gettext.NullTranslations()


def set_language(lang: str) -> None:
    """Make ``lang`` (one of LANGS) the language of every message from now on."""
    global _lang, _catalogue
    lang = _normalise(lang, "set_language")
    if lang != _lang:
        _notes.clear()
        _catalogue = _load(lang)
        _lang = lang


def language() -> str:
    """The language of this run; outside the CLI: ``KPSS_LANG`` if it is valid, else Czech."""
    if _lang is None:
        value = os.environ.get(ENV, "")
        set_language(value if value.strip().lower() in LANGS else DEFAULT)
    assert _lang is not None
    return _lang


def notes() -> list[str]:
    """Why messages fell back to English (for ``--debug``); empty when all is well."""
    return list(_notes)


def _(message: str) -> str:
    """``message`` in the language of the run."""
    if _lang is None:
        language()
    return _catalogue.gettext(message)


gettext = _


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for ``n`` (Czech: 1, 2–4, 5 and more)."""
    if _lang is None:
        language()
    return _catalogue.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a text for the catalogue without translating it (translate it with ``_`` where used)."""
    return message


# ---------------------------------------------------------------------------------------------
# Choosing the language before the command line is parsed (it decides the language of --help)

_LANG_IN_MANIFEST = re.compile(r"""^language[ \t]*:[ \t]*["']?([^"'\s#]*)""", re.MULTILINE)


def split_lang_option(args: list[str]) -> tuple[Optional[str], list[str]]:
    """The value of ``--lang`` (anywhere before ``--``) and the arguments without it.

    ``--lang`` is taken out here so every command accepts it without declaring it.
    """
    rest: list[str] = []
    value: Optional[str] = None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg == "--lang":
            if i + 1 >= len(args):
                allowed = ", ".join(LANGS)
                raise UnknownLanguage(
                    f"--lang needs a value: one of {allowed} / --lang potřebuje hodnotu: jednu z {allowed}"
                )
            value = args[i + 1]
            i += 2
            continue
        if arg.startswith("--lang="):
            value = arg[len("--lang=") :]
            i += 1
            continue
        rest.append(arg)
        i += 1
    return value, rest


def _repo_option(args: Iterable[str]) -> Optional[str]:
    items = list(args)
    for i, arg in enumerate(items):
        if arg == "--":
            break
        if arg in ("--repo", "-C") and i + 1 < len(items):
            return items[i + 1]
        if arg.startswith("--repo="):
            return arg[len("--repo=") :]
    return None


def manifest_language(args: Iterable[str] = (), start: Optional[Path] = None) -> Optional[tuple[str, Path]]:
    """``language`` of kpss.yaml (from ``--repo`` or the folders up from ``start``) and the file.

    A plain look at the text, without the YAML parser: this runs before every command, ``--help``
    included, and must stay fast. A file that cannot be read counts as having no language.
    """
    explicit = _repo_option(args)
    if explicit is not None:
        folder = Path(explicit).expanduser()
        candidates = [folder.parent / MANIFEST if folder.is_file() else folder / MANIFEST]
    else:
        try:
            here = (start or Path.cwd()).resolve()
        except OSError:
            return None
        candidates = [folder / MANIFEST for folder in (here, *here.parents)]
    for manifest in candidates:
        try:
            if not manifest.is_file():
                continue
            text = manifest.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        match = _LANG_IN_MANIFEST.search(text)
        return (match.group(1), manifest) if match and match.group(1) else None
    return None


def choose(args: list[str], environ: Optional[dict[str, str]] = None) -> tuple[str, list[str]]:
    """Set the language of the run from the command line, KPSS_LANG, kpss.yaml or the default.

    Returns the language and the arguments without ``--lang``; an unknown value raises
    UnknownLanguage naming where it came from and the allowed values.
    """
    env = os.environ if environ is None else environ
    given, rest = split_lang_option(args)
    if given is not None:
        lang = _normalise(given, "--lang")
    elif env.get(ENV, "").strip():
        lang = _normalise(env[ENV], ENV)
    else:
        found = manifest_language(rest)
        lang = _normalise(found[0], str(found[1])) if found else DEFAULT
    set_language(lang)
    return lang, rest
