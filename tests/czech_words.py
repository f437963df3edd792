"""A guard for the English output: Czech words of kpss's own that must not reach an English reader.

The Czech vocabulary of kpss is gathered from kpss itself, not written by hand: the words of every
translation in the Czech catalogue (kpss_cli/locale/cs/LC_MESSAGES/kpss.po), of the Czech side of
the caption tables of the documents and the site, of the Czech labels of the code lists and of
every other string in kpss_cli/ written with a Czech letter (a Czech text kept in the code, out of
the catalogue's reach, is exactly what leaks). Taken out of it:

* the words of the English side (the message ids, the English captions and labels): ``a``,
  ``to``, ``do`` are English too;
* the words of the repository's own files (the titles, names and notes a coordinator wrote in
  Czech are user data, allowed in any language) and of the outside files a command reads (the
  registry's sample exports);
* code values, file names, options and commands in backticks, as in tests/english.py, and the
  name ``IČO`` (NAMES below).

What is left and still found in an English output is a Czech word kpss wrote itself.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kpss_cli"
PO = PACKAGE / "locale" / "cs" / "LC_MESSAGES" / "kpss.po"

_LETTERS = re.compile(r"[^\W\d_]+")
_CZECH_LETTER = re.compile(r"[áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]")
# What is not prose (tests/english.py): code spans, <code>, file paths, options, codes with
# underscores, hashes, commands, addresses, tags.
_NOT_PROSE = re.compile(
    r"`[^`\n]*`|<code>.*?</code>|[\w./…*<>-]*\.(?:ya?ml|json|md|docx|xlsx|csv|pdf|html|po|mo)\b"
    r"|(?<!\w)--?[a-z][\w-]*|\b\w*_\w*\b|\b[0-9a-f]{7,40}\b|\bkpss\s+[a-z]+\b"
    r"|https?://\S+|</?[a-z]+>|(?:Example|Příklad): kpss .*"
)


def words(text: str) -> set[str]:
    """The words (two letters or more, lower case) of ``text``."""
    return {w.casefold() for w in _LETTERS.findall(text) if len(w) > 1}


def _po_strings() -> tuple[list[str], list[str]]:
    """(msgid and msgid_plural texts, msgstr texts) of the Czech catalogue, read without Babel."""
    ids: list[str] = []
    strs: list[str] = []
    current: list[str] | None = None
    for line in PO.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid"):
            ids.append("")
            current = ids
        elif line.startswith("msgstr"):
            strs.append("")
            current = strs
        elif not line.startswith('"'):
            current = None
            continue
        if current is not None:
            quoted = line[line.index('"') :]
            current[-1] += ast.literal_eval(quoted)
    return ids, strs


def _caption_tables() -> list[dict[str, tuple[str, str]]]:
    from kpss_cli.render import labels as render_labels
    from kpss_cli.render import participation as render_participation
    from kpss_cli.site import labels as site_labels
    from kpss_cli.site import participation as site_participation

    return [render_labels.CAPTIONS, site_labels.CAPTIONS, render_participation.CAPTIONS, site_participation.WORDS]


def _code_strings() -> list[str]:
    """Every string constant of kpss_cli/ (docstrings and comments are not output)."""
    out: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                out.append(node.value)
    return out


def _both() -> tuple[set[str], set[str]]:
    """(the Czech words of kpss's texts, the words of its English texts)."""
    from kpss_cli.codes import ALL_STATUSES, CODE_LISTS

    ids, strs = _po_strings()
    czech: set[str] = set()
    english: set[str] = set()
    for text in strs:
        czech |= words(text)
    for text in ids:
        english |= words(text)
    for table in _caption_tables():
        for cs, en in table.values():
            czech |= words(cs)
            english |= words(en)
    for table in (*CODE_LISTS.values(), ALL_STATUSES):
        for code in table.values():
            czech |= words(code.cs)
            english |= words(code.en)
    for text in _code_strings():
        if _CZECH_LETTER.search(text):
            czech |= words(text)
    from kpss_cli.rules import RULES

    for _severity, title, fix in RULES.values():  # the English titles and fixes of the rules
        english |= words(title) | words(fix)
    english |= {"null", "true", "false"}  # JSON's own words
    return czech, english


# Czech words that kpss's English texts use on purpose, as the Czech term or example a Czech user
# types or reads in his files (``IČO``, ``Kč`` in "2 350 000 Kč is read", ``ano``/``ne``); they
# are English words only when quoted. Reviewed from the words common to both sides.
CZECH_IN_ENGLISH_TEXTS = frozenset(
    """ano ne cíl dotace druhy formy ičo kapacity klíč komunitní kraj kód kč obce obci obec osoby
    plnění plánování podpora poskytovatel poskytovatelů realizátor realizátoři registr skupiny
    skutečnost služeb sociálních stav svazek typy čerpáno číselníky schváleno nevyhodnoceno
    splněno nezahájeno""".split()
)


# Names of Czech things that English has no word for and kpss's English writes as they are, like
# a code value: IČO, the identification number of an organisation (the key ``ico``; docs/i18n.md).
NAMES = frozenset({"ičo"})


@lru_cache(maxsize=1)
def kpss_czech_words() -> frozenset[str]:
    """The Czech words of kpss that are not English words too."""
    czech, english = _both()
    return frozenset(czech - (english - CZECH_IN_ENGLISH_TEXTS) - NAMES)


def _values(node: object) -> list[str]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (*_values(k), *_values(v))]
    if isinstance(node, list):
        return [s for v in node for s in _values(v)]
    return [node] if isinstance(node, str) else []


@lru_cache(maxsize=8)
def user_texts(sources: tuple[Path, ...]) -> tuple[str, ...]:
    """The texts a user wrote: every string of the YAML and JSON files under ``sources``."""
    import json

    import yaml

    found: list[str] = []
    for source in sources:
        files = [source] if source.is_file() else sorted(source.rglob("*"))
        for path in files:
            if path.suffix not in (".yaml", ".yml", ".json"):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            try:
                if path.suffix == ".json":
                    found += _values(json.loads(text))
                else:  # the scalars as written: no alias is expanded, no comment is a text
                    found += [t.value for t in yaml.scan(text) if isinstance(t, yaml.ScalarToken)]
            except (ValueError, yaml.YAMLError):
                found.append(text)  # a file kpss is to find broken: all of it is the user's
    return tuple(found)


@lru_cache(maxsize=8)
def _user_words(sources: tuple[Path, ...]) -> frozenset[str]:
    return frozenset(w for text in user_texts(sources) for w in words(text))


# Czech formatting of figures (kpss_cli/czech.py): thousands grouped by a space, a decimal comma,
# a date with dots, a Czech currency.
CZECH_FORMATS = re.compile(
    r"(?<![\d.,])\d+(?:[ \u00a0]\d{3})*(?:,\d+)?[ \u00a0]?Kč\b"
    r"|(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3})+(?![\d.,])"
    r"|(?<![\d.,])\d+,\d{1,2}(?![\d,])"
    r"|(?<![\d.])\d{1,2}\.[ \u00a0]?\d{1,2}\.[ \u00a0]?\d{4}(?!\d)"
)


def czech_words(text: str, user_data: tuple[Path, ...] = ()) -> list[tuple[int, str, str]]:
    """The Czech words and figures of kpss in ``text``: (line number, word, line), in order.

    ``user_data``: the folders and files whose texts are the user's (the repository, the files a
    command read); their words, and figures written as they wrote them, are allowed.
    """
    sources = tuple(sorted(user_data))
    looked_for = kpss_czech_words() - _user_words(sources)
    users = "\n".join(user_texts(sources)).replace("\u00a0", " ")
    found: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.replace("\\_", "_").splitlines(), start=1):
        prose = _NOT_PROSE.sub(" ", line)
        for word in _LETTERS.findall(prose):
            if len(word) > 1 and word.casefold() in looked_for:
                found.append((number, word, line))
        for figure in CZECH_FORMATS.findall(prose):
            if figure.replace("\u00a0", " ") not in users:  # typeset user text has no-break spaces
                found.append((number, figure, line))
    return found
