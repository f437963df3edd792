"""Czech (and English) formatting of money, numbers, dates, periods and percentages for documents.

Czech typography (DOMAIN.md, ČSN 01 6910): thousands are separated by a no-break space
(``1 234 567 Kč``), decimals by a comma, a no-break space stands before ``Kč`` and ``%`` and
inside a date (``11. 12. 2019``) so that a line never breaks inside a figure; periods take an
en dash (``2020–2023``). Pure functions, no python-docx: the CLI and tests can use them too.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

NBSP = "\u00a0"
EN_DASH = "\u2013"

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _group(digits: str, sep: str) -> str:
    """Thousands groups of a string of digits: '1234567' -> '1 234 567'."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def number(value: float | int, lang: str = "cs", decimals: int | None = None) -> str:
    """A number with grouped thousands; up to two decimals unless ``decimals`` is given."""
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    sep, point = (NBSP, ",") if lang == "cs" else (",", ".")
    places = 2 if decimals is None else decimals
    text = f"{abs(float(value)):.{places}f}"
    whole, _, frac = text.partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    sign = "\u2212" if value < 0 and (int(whole) or (frac and int(frac))) else ""
    return sign + _group(whole, sep) + (point + frac if frac else "")


def money(value: float | int | None, lang: str = "cs") -> str:
    """``1 234 567 Kč`` (halíře only when there are any: ``1 234,50 Kč``); en: ``1,234,567 CZK``."""
    if value is None:
        return EN_DASH
    cents = round(float(value) * 100) % 100 != 0
    figure = number(value, lang, decimals=2 if cents else 0)
    return f"{figure}{NBSP}Kč" if lang == "cs" else f"{figure}{NBSP}CZK"


def _round_half_up(value: float, places: int) -> float:
    """Rounding as people do it (6,25 -> 6,3), not banker's rounding of binary floats."""
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def percent(value: float | None, lang: str = "cs") -> str:
    """``87,5 %`` (one decimal at most, none when whole); en: ``87.5%``; an en dash when None."""
    if value is None:
        return EN_DASH
    rounded = _round_half_up(float(value), 1)
    if float(value) < 100 and rounded >= 100:
        rounded = 99.9  # what falls short of the target never reads as 100 %
    figure = number(rounded, lang, decimals=0 if rounded == int(rounded) else 1)
    return f"{figure}{NBSP}%" if lang == "cs" else f"{figure}%"


def yes_no(value: bool, lang: str = "cs") -> str:
    if lang == "cs":
        return "ano" if value else "ne"
    return "yes" if value else "no"


def value(v: Any, lang: str = "cs", unit: str | None = None) -> str:
    """An indicator value: ``ano``/``ne`` for booleans, a number otherwise, with its unit."""
    if v is None:
        return EN_DASH
    if isinstance(v, bool):
        return yes_no(v, lang)
    if isinstance(v, (int, float)):
        text = number(v, lang)
        return f"{text}{NBSP}{unit}" if unit else text
    return str(v)


def as_date(v: Any) -> dt.date | None:
    """A date from a ``datetime.date`` or an ISO ``YYYY-MM-DD`` string; None otherwise."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v[:10])
        except ValueError:
            return None
    return None


def date(v: Any, lang: str = "cs") -> str:
    """``11. 12. 2019`` (no-break spaces); en: ``11 December 2019``; text as given if not a date."""
    day = as_date(v)
    if day is None:
        return EN_DASH if v is None else str(v)
    if lang == "cs":
        return f"{day.day}.{NBSP}{day.month}.{NBSP}{day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def period(start: int, end: int) -> str:
    """``2020–2023`` with an en dash; a single year when start equals end."""
    return str(start) if start == end else f"{start}{EN_DASH}{end}"


def paragraph_sign(paragraph: str) -> str:
    """``§ 40`` with a no-break space; empty for no paragraph."""
    return f"§{NBSP}{paragraph}" if paragraph else ""


def join(items: list[str]) -> str:
    """Items joined by commas; an en dash when empty."""
    return ", ".join(items) if items else EN_DASH


# Czech nominative forms (1 / 2–4 / 5 and more) and English (1 / more) of counted words.
_PLURALS: dict[str, tuple[tuple[str, str, str], tuple[str, str]]] = {
    "municipality": (("obec", "obce", "obcí"), ("municipality", "municipalities")),
    "measure": (("opatření", "opatření", "opatření"), ("measure", "measures")),
    "service": (("služba", "služby", "služeb"), ("service", "services")),
}


def count(n: int, word: str, lang: str = "cs") -> str:
    """``17 obcí``, ``3 obce``, ``1 obec`` (en: ``17 municipalities``)."""
    cs, en = _PLURALS[word]
    if lang == "cs":
        form = cs[0] if n == 1 else cs[1] if 2 <= n <= 4 else cs[2]
    else:
        form = en[0] if n == 1 else en[1]
    return f"{n}{NBSP}{form}"


def year_ranges(years: list[int]) -> str:
    """``2020–2023, 2025``: consecutive years joined into periods."""
    ordered = sorted(set(years))
    parts: list[str] = []
    start = prev = None
    for y in ordered:
        if start is None:
            start = prev = y
        elif y == prev + 1:  # type: ignore[operator]
            prev = y
        else:
            parts.append(period(start, prev))  # type: ignore[arg-type]
            start = prev = y
    if start is not None:
        parts.append(period(start, prev))  # type: ignore[arg-type]
    return ", ".join(parts) if parts else EN_DASH


# Czech alphabetical order: č, ř, š, ž and "ch" are letters of their own (after c, r, s, z and
# h); the other accents only break ties.
_PRIMARY = str.maketrans(
    {
        "á": "a",
        "é": "e",
        "ě": "e",
        "í": "i",
        "ó": "o",
        "ú": "u",
        "ů": "u",
        "ý": "y",
        "ď": "d",
        "ť": "t",
        "ň": "n",
        "ä": "a",
        "ö": "o",
        "ü": "u",
        "č": "c\uffff",
        "ř": "r\uffff",
        "š": "s\uffff",
        "ž": "z\uffff",
    }
)


def czech_key(text: str) -> tuple[str, str]:
    """A sort key that orders Czech names as a Czech reader expects."""
    lowered = text.casefold()
    primary = lowered.replace("ch", "h\uffff").translate(_PRIMARY)
    return primary, lowered
