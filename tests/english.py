"""A guard for the Czech output: English words that must not reach a Czech coordinator.

The list is of words kpss itself writes in its English messages (headings, counts, entity names,
notes), not of words a repository may hold: file names (``services.yaml``), code values
(``odborne_socialni_poradenstvi``), commands in backticks or ``<code>`` and option names are taken
out before the words are looked for.
"""

from __future__ import annotations

import re

ENGLISH = (
    "added", "removed", "changed", "changes", "renumbered", "matched", "probable", "was",
    "measure", "measures", "indicator", "activity", "item", "items", "service", "services",
    "provider", "need", "needs", "plan", "plans", "result", "group", "manifest",
    "budget", "target", "title", "total", "difference", "funding", "source",
    "file", "files", "section", "generated", "more", "invalid", "error", "errors", "warning",
    "warnings", "line", "first", "the", "of", "and", "in", "is", "are", "not", "from",
    "with", "for", "at", "or", "new", "old", "written", "created", "wrote", "skipped",
    "kept", "copied", "carried", "imported", "unchanged", "summary", "done", "next", "steps",
    "run", "repository", "working", "tree", "year", "years", "status", "fulfilled", "shown",
    "would", "nothing", "none", "dry",
    # click's own words in a --help page and a usage error
    "usage", "options", "arguments", "commands", "command", "args", "default", "required",
    "show", "message", "exit", "try",
)
def _codes() -> set[str]:
    from kpss_cli.codes import CODE_LISTS

    return {code for table in CODE_LISTS.values() for code in table}


# A code value written in a message ("druh new (nová služba)") is not an English word.
_LOOKED_FOR = sorted(set(ENGLISH) - _codes())
_WORD = re.compile(r"\b(" + "|".join(_LOOKED_FOR) + r")\b", re.IGNORECASE)
# What is not prose: code spans, <code>, file paths, options, codes with underscores, hashes,
# and the example command line of a --help ("Příklad: kpss schema plan > plan.schema.json").
_NOT_PROSE = re.compile(
    r"`[^`\n]*`|<code>.*?</code>|[\w./…*<>-]*\.(?:ya?ml|json|md|docx|xlsx|csv|pdf|html|po|mo)\b"
    r"|(?<!\w)--?[a-z][\w-]*|\b\w*_\w*\b|\b\w+(?:-\w+)+\b|\b[0-9a-f]{7,40}\b|\bkpss\s+[a-z]+\b"
    r"|https?://\S+|</?[a-z]+>|(?:Example|Příklad): kpss .*"
)


def english_words(text: str) -> list[str]:
    """The English words of ``text`` (from the list above), in order, outside code and paths."""
    plain = text.replace("\\_", "_")  # markdown escapes the underscores of codes
    return [m.group(0) for m in _WORD.finditer(_NOT_PROSE.sub(" ", plain))]
