"""Text that XML (and so a DOCX) can hold: cleaning, and warnings that name the file and path.

XML 1.0 forbids most C0 control characters, U+FFFE/U+FFFF and lone surrogates; python-docx
raises on them. YAML lets them in through escapes (``"\\v"``, ``"\\x1b"``), so the renderers clean
every string they write, and :func:`scan` reports, before rendering, where the data holds such
characters, so the user can fix the source rather than wonder where a character went.
"""

from __future__ import annotations

import re
from typing import Any

from kpss_cli import czech
from kpss_cli.i18n import N_, _, ngettext
from kpss_cli.loader import json_path

# Everything outside XML 1.0's Char production (tab, LF and CR are allowed).
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Vertical tab and form feed separate words: they become spaces rather than vanish.
_SPACES = {"\x0b": " ", "\x0c": " "}


# The longest text one paragraph or cell of a document takes: XML parsers (lxml, Word) refuse a
# text node over 10 MB, and no council reads a megabyte in one table cell.
MAX_TEXT = 1_000_000


def clean(text: str) -> str:
    """The text without the characters XML cannot hold (vertical tab, form feed -> space), cut
    to :data:`MAX_TEXT` characters."""
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "…"
    if not _BAD.search(text):
        return text
    return _BAD.sub(lambda m: _SPACES.get(m.group(0), ""), text)


def bad_characters(text: str) -> list[str]:
    """The code points (``U+000B``) of the characters XML cannot hold, in order of appearance."""
    return [f"U+{ord(ch):04X}" for ch in _BAD.findall(text)]


WHAT = {"text": N_("text"), "key": N_("key")}


def scan(data: Any, file: str) -> list[str]:
    """Warnings for every string (key or value) of ``data`` holding characters XML cannot hold."""
    warnings: list[str] = []

    def note(text: str, path: tuple[Any, ...], what: str) -> None:
        if len(text) > MAX_TEXT:
            message = _(
                "{file}: {path}: the {what} has {count} characters; the document shows its first {limit} (a DOCX "
                "cannot hold more in one place)"
            )
            warnings.append(
                message.format(
                    file=file, path=json_path(path), what=_(WHAT[what]), count=czech.number(len(text)), limit=czech.number(MAX_TEXT)
                )
            )
        found = bad_characters(text)
        if found:
            shown = ", ".join(dict.fromkeys(found))
            spaced = _(" (vertical tabs and form feeds became spaces)") if any(ch in text for ch in _SPACES) else ""
            message = ngettext(
                "{file}: {path}: left out {n} character that a DOCX cannot hold ({shown}) from the {what}{spaced}; fix "
                "the text in the file",
                "{file}: {path}: left out {n} characters that a DOCX cannot hold ({shown}) from the {what}{spaced}; "
                "fix the text in the file",
                len(found),
            )
            warnings.append(
                message.format(
                    file=file, path=json_path(path), n=len(found), shown=shown, what=_(WHAT[what]), spaced=spaced
                )
            )

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, str):
            note(node, path, "text")
        elif isinstance(node, dict):
            for key, child in node.items():
                if isinstance(key, str):
                    note(key, (*path, key), "key")
                walk(child, (*path, key if isinstance(key, (str, int)) else str(key)))
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, (*path, index))

    walk(data, ())
    return warnings
