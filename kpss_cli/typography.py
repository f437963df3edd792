"""Czech typography of running text: where a line must not break.

Czech rules (ČSN 01 6910) keep together what belongs together: a one-letter preposition or
conjunction (k, s, v, z, o, u, a, i) stays with the next word; digit groups of a number or a phone
number stay together; ``§ 40``, ``č. 108/2006 Sb.``, ``odst. 2`` and the legal forms (``z. s.``,
``o. p. s.``, ``p. o.``, ``z. ú.``, ``s. r. o.``) are one unit; a number stays with its unit
(``12 lůžek`` is left to the author, ``120 Kč`` and ``86 %`` are joined). :func:`nbsp` puts no-break
spaces there; ranges such as ``2024–2027`` are found by :func:`ranges` so a renderer can keep them
whole (an en dash is a place where browsers and word processors may break).

Pure functions on text; the web site and the documents both use them.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

# One-letter words after which a line must not break (both cases; "A" starts a sentence).
_ONE_LETTER = re.compile(r"(?<![\w.\-/])([kKsSvVzZoOuUaAiI]) +(?=\S)")
# Abbreviations that belong to what follows: § 40, č. 108/2006, odst. 2, písm. a, tel. 123, str. 5
_BEFORE = re.compile(r"(§|§§|\bč\.|\bodst\.|\bpísm\.|\btel\.|\bstr\.|\bčl\.|\bbod) +(?=\S)")
# ... and to what precedes: 108/2006 Sb., 120 Kč, 86 %, 2 000 €, 10 h
_AFTER = re.compile(r"(?<=\d) +(?=(Sb\.|Kč|%|€|CZK|h\b|hod\.|min\b|km\b|m²))")
# Legal forms and other abbreviations written with inner spaces.
_LEGAL = re.compile(r"\b(z\.) (s\.|ú\.)|\b(o\.) (p\.) (s\.)|\b(p\.) (o\.)|\b(s\.) (r\.) (o\.)|\b(v\.) (o\.) (s\.)")
# Digit groups: "1 200 000", "+420 547 000 121", "667 01" (a postcode).
_DIGIT_GROUPS = re.compile(r"(?<=\d) (?=\d)")
# A date written with spaces: 11. 12. 2019
_DATE = re.compile(r"\b(\d{1,2}\.) (\d{1,2}\.) (\d{4})\b")
# A range of numbers or times joined by an en dash (or a hyphen between years).
RANGE = re.compile(r"\d+(?:[:.,]\d+)*\s?[–-]\s?\d+(?:[:.,]\d+)*")


def _legal(match: re.Match[str]) -> str:
    return NBSP.join(g for g in match.groups() if g)


def nbsp(text: str) -> str:
    """``text`` with no-break spaces where Czech typography forbids a line break."""
    if not text or " " not in text:
        return text
    out = _LEGAL.sub(_legal, text)
    out = _DATE.sub(lambda m: NBSP.join(m.groups()), out)
    out = _BEFORE.sub(lambda m: m.group(1) + NBSP, out)
    out = _AFTER.sub(NBSP, out)
    out = _DIGIT_GROUPS.sub(NBSP, out)
    # Twice: "a v Brně" has two one-letter words in a row.
    out = _ONE_LETTER.sub(lambda m: m.group(1) + NBSP, out)
    out = _ONE_LETTER.sub(lambda m: m.group(1) + NBSP, out)
    return out


def ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of every numeric range (``2024–2027``, ``7:00–15:30``) in ``text``."""
    return [m.span() for m in RANGE.finditer(text)]
