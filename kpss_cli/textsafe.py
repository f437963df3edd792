"""Text from the repository made safe to show: control characters, terminal escapes and bidi
controls written out visibly instead of acting (docs/security.md).

A pull request controls every file name, key and title kpss prints. Left raw, ``\\x1b[8m``
hides the rest of a line on a terminal, an OSC-8 sequence makes a link, ``\\r`` overwrites
what was printed, U+202E turns text around, and a newline lets a file name start a line of
its own, where a CI runner takes ``::error …`` or ``::add-mask::`` as a command. Every printer
of the CLI passes user text through :func:`visible`; the markdown and CSV writers use it too.

No dependency beyond the standard library.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), the bidi
# embeddings, overrides, isolates and marks, and the Unicode line and paragraph separators.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff"
_UNSAFE = re.compile(f"[{_CONTROL}]")
_UNSAFE_OR_NEWLINE = re.compile(f"[{_CONTROL}\n]")

# The bidi controls that reorder text (Trojan Source, CVE-2021-42574): a warning in ids and titles.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

_NAMED = {"\n": "\\n", "\r": "\\r", "\x1b": "\\e"}


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control character written as an escape (``\\e``, ``\\x07``, ``\\u202e``).

    Newlines are written as ``\\n`` too unless ``newlines`` is true (for kpss's own messages,
    which may span lines; :func:`no_commands` then guards the line starts).
    """
    pattern = _UNSAFE if newlines else _UNSAFE_OR_NEWLINE
    return pattern.sub(_shown, text)


# A runner strips leading white space (any Unicode space) before it looks for "::".
_COMMAND_LINE = re.compile(r"^([^\S\n]*)::", re.M)


def no_commands(text: str) -> str:
    """No line of ``text`` starts with ``::`` (a CI workflow command): such a start becomes ``\\::``.

    The text formats of kpss never start a line with ``::`` themselves (only ``--format github``
    does, on purpose, and it does not pass through here), so whatever does came from the
    repository.
    """
    if "::" not in text:
        return text  # the common case, without the search line by line (a national report: 5 MB)
    return _COMMAND_LINE.sub(lambda m: f"{m.group(1)}\\::", text)


# -- markdown -------------------------------------------------------------------------------------

_MD_WHITESPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # breaking white space; no-break spaces stay
# Every ASCII punctuation CommonMark (and GitHub's extensions) give a meaning inline, except the
# pipe: table cells escape it once, in the table writer.
_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]<>&~#])")
# What starts a block when the text follows a list marker of kpss's own ("  - " + text).
_BLOCK_START = re.compile(r"^(?:([-+*>])(?=\s|$)|(\d{1,9})([.)])(?=\s|$)|([-=])(?=[-=]*\s*$))")
_MENTION = re.compile(r"@(?=[A-Za-z0-9_])")
_AUTOLINK = re.compile(r"(?i)(://|www\.)")


def _escape_block_start(m: re.Match[str]) -> str:
    if m.group(2):
        return f"{m.group(2)}\\{m.group(3)}"
    return "\\" + (m.group(1) or m.group(4))


def markdown_inline(text: object) -> str:
    """Repository text as literal markdown inside a line: it renders as exactly these characters.

    Meant for text inside a line (after a prefix of kpss's own, as in ``| 1.1 title |`` or
    ``## Priorita 1: title``), where ``-``, ``+`` or ``1.`` cannot start a block. White space
    (newlines too) becomes one space, so no new block can start; control
    characters are shown escaped; HTML, links, images, emphasis, code and entities are
    backslash-escaped; ``@name`` gets a zero-width joiner (no one is pinged) and ``://`` and
    ``www.`` a word joiner (GitHub does not make a link of a bare address).
    """
    flat = visible(_MD_WHITESPACE.sub(" ", str(text)).strip(" "))
    escaped = _MD_PUNCTUATION.sub(r"\\\1", flat)
    escaped = _BLOCK_START.sub(_escape_block_start, escaped)
    escaped = _MENTION.sub("@\u200d", escaped)
    return _AUTOLINK.sub(lambda m: m.group(1)[:-1] + "\u2060" + m.group(1)[-1], escaped)


def html_inline(text: object) -> str:
    """Repository text inside HTML of a comment (``<summary>``): one line, controls shown,
    ``& < > "`` as entities, ``@name`` not a mention."""
    flat = visible(_MD_WHITESPACE.sub(" ", str(text)).strip(" "))
    escaped = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    escaped = _MENTION.sub("@\u200d", escaped)
    return _AUTOLINK.sub(lambda m: m.group(1)[:-1] + "\u2060" + m.group(1)[-1], escaped)


# -- CSV ------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell a spreadsheet will not run: a leading ``'`` before ``= + - @``, tab or CR (OWASP)."""
    return "'" + text if text.startswith(_FORMULA_START) else text
