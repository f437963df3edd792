"""Czech (and English) formatting of numbers, money, percentages, dates and periods, for every
command: the documents of ``kpss render``, the tables and markdown of ``kpss report``, the
change lines of ``kpss diff`` and the messages of ``kpss import registry``.

Czech typography (ČSN 01 6910; docs/render.md): thousands are separated by a no-break space
(``1 234 567 Kč``), decimals by a comma, a no-break space stands before ``Kč`` and ``%`` and
inside a date (``11. 12. 2019``) so that a line never breaks inside a figure; periods take an
en dash (``2020–2023``); a negative figure takes the minus sign (U+2212), not a hyphen.

One rounding rule for every figure: half up from the number as it is written in decimals
(``91,25`` -> ``91,3``, ``6,25`` -> ``6,3``), never banker's rounding of the binary float
(Python's ``round(91.25, 1)`` gives 91.2); a negative half goes away from zero (−2,25 ->
−2,3). Binary noise of sums (``0.1 + 0.2``) is removed first (at nine decimals), so a value
that is 91.25 in decimals rounds up even when the float is 91.24999999999999.

Every function takes the language (``cs`` or ``en``; English: ``1,234,567``, ``16.75``,
``87.5%``, ``1,234,567 CZK``, ``11 December 2019``; docs/i18n.md). Without one it writes in the
language of the run (kpss_cli.i18n: ``--lang``, ``KPSS_LANG``, kpss.yaml, else Czech), so a
message or a report table of an English run never shows a Czech figure. A document, a workbook
or a file of the repository that has a language of its own passes it.

Pure functions with no dependency beyond the standard library and kpss_cli.i18n: the CLI, the
documents and the tests all use them.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from typing import Any

NBSP = "\u00a0"
EN_DASH = "\u2013"  # also what a missing figure reads as: never 0
MINUS = "\u2212"

# Decimals kept before rounding half up: far below any shown decimal, far above float noise.
_NOISE_PLACES = 9

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


def of_run(lang: str | None) -> str:
    """``lang`` itself, or the language of the run when it is None."""
    if lang is not None:
        return lang
    from kpss_cli.i18n import language

    return language()


# -- numbers --------------------------------------------------------------------------------------


def _quantize(value: Decimal, places: int, rounding: str) -> Decimal:
    # Enough precision for any float (up to 1e308) and any integer, so quantize never fails.
    digits = max(28, value.adjusted() + places + 3)
    context = _CONTEXTS.get(digits)
    if context is None:  # built once per precision: a table of thousands of amounts asks again and again
        context = _CONTEXTS[digits] = Context(digits)
    quantum = _QUANTA.get(places)
    if quantum is None:
        quantum = _QUANTA[places] = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=rounding, context=context)


# Only the precision of a context matters here (its flags are never read, its traps are the
# defaults); a quantum is an immutable Decimal.
_CONTEXTS: dict[int, Context] = {}
_QUANTA: dict[int, Decimal] = {}


def rounded(value: float | int | Decimal, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimals, from its decimal notation, as a Decimal."""
    if isinstance(value, int):
        exact = Decimal(value)
    elif isinstance(value, Decimal):  # exact money sums (kpss_cli.money): no float on the way
        exact = value
    else:
        exact = Decimal(repr(float(value)))
        if places < _NOISE_PLACES:
            exact = _quantize(exact, _NOISE_PLACES, ROUND_HALF_EVEN)
    return _quantize(exact, places, ROUND_HALF_UP)


def _group(digits: str, sep: str) -> str:
    """Thousands groups of a string of digits: '1234567' -> '1 234 567'."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def number(
    value: float | int | Decimal,
    lang: str | None = None,
    decimals: int | None = None,
    *,
    max_decimals: int = 2,
    group_from: int = 1000,
) -> str:
    """``1 234 567``, ``16,75``, ``−3``; en: ``1,234,567``, ``16.75``.

    ``decimals`` shows exactly that many decimals; without it up to ``max_decimals`` are shown
    and trailing zeros dropped. Numbers below ``group_from`` keep their digits together (Czech
    typesetting may leave four-digit numbers whole: ``group_from=10_000``).
    """
    lang = of_run(lang)
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    figure = rounded(value, max_decimals if decimals is None else decimals)
    return _digits(figure, lang, strip=decimals is None, group_from=group_from)


def _not_finite(value: float) -> str:
    """A sum past the largest float (1e308 + 1e308) reads as infinity, never as a crash."""
    if math.isnan(value):
        return "?"
    return "∞" if value > 0 else MINUS + "∞"


def _digits(figure: Decimal, lang: str | None, strip: bool, group_from: int = 1000) -> str:
    """A rounded figure written out: sign, grouped thousands, decimal comma (en: point)."""
    lang = of_run(lang)
    sep, point = (NBSP, ",") if lang == "cs" else (",", ".")
    whole, _, frac = format(abs(figure), "f").partition(".")
    if strip:
        frac = frac.rstrip("0")
    sign = MINUS if figure < 0 else ""
    grouped = _group(whole, sep) if abs(figure) >= group_from else whole
    return sign + grouped + (point + frac if frac else "")


def money(value: float | int | Decimal | None, lang: str | None = None, *, unit: bool = True) -> str:
    """``1 234 567 Kč``; haléře only when there are any: ``1 234,50 Kč``; en: ``1,234,567 CZK``.

    ``unit=False`` for a table whose header names the currency (``1 234 567``); an en dash when
    None.
    """
    lang = of_run(lang)
    if value is None:
        return EN_DASH
    if isinstance(value, float) and not math.isfinite(value):
        figure = _not_finite(value)
    else:
        # Any finite amount, however large (1e28, 10**400): no decimal context may overflow.
        exact = rounded(value, 2)
        cents = exact != exact.to_integral_value()
        if isinstance(value, bool):
            figure = number(value, lang, decimals=2 if cents else 0)
        else:
            # What number(value, decimals=2 or 0) writes, without rounding the value again: the
            # amount in haléře, or, without haléře, in whole crowns (within half a haléř of N is N).
            figure = _digits(exact if cents else _quantize(exact, 0, ROUND_HALF_UP), lang, strip=False)
    if not unit:
        return figure
    return f"{figure}{NBSP}{currency(lang)}"


def currency(lang: str | None = None) -> str:
    """The currency after an amount: ``Kč``; en: ``CZK``."""
    return "Kč" if of_run(lang) == "cs" else "CZK"


def money_change(delta: float | int | Decimal, lang: str | None = None, *, unit: bool = True) -> str:
    """A signed difference of money: ``+88 000 Kč``, ``−1 500 Kč``; ``0`` when under a haléř."""
    lang = of_run(lang)
    if isinstance(delta, float) and not math.isfinite(delta):
        return _not_finite(delta)
    if rounded(delta, 2) == 0:
        return "0"
    return ("+" if delta > 0 else "") + money(delta, lang, unit=unit)


def percent(value: float | None, lang: str | None = None, decimals: int = 1) -> str:
    """``87,5 %`` (one decimal at most, none when whole); en: ``87.5%``; an en dash when None.

    What falls short of 100 never reads as ``100 %`` (99.95 -> ``99,9 %``): a measure that is
    not fulfilled must not look fulfilled.
    """
    lang = of_run(lang)
    if value is None:
        return EN_DASH
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    exact = rounded(value, _NOISE_PLACES)
    shown = rounded(value, decimals)
    if exact < 100 <= shown:
        shown = 100 - Decimal(1).scaleb(-decimals)
    figure = _digits(shown, lang, strip=True)
    return f"{figure}{NBSP}%" if lang == "cs" else f"{figure}%"


def yes_no(value: bool, lang: str | None = None) -> str:
    """``ano``/``ne`` (en: ``yes``/``no``)."""
    lang = of_run(lang)
    if lang == "cs":
        return "ano" if value else "ne"
    return "yes" if value else "no"


def value(v: Any, lang: str | None = None, unit: str | None = None) -> str:
    """An indicator value: ``ano``/``ne`` for booleans, a number with its unit, an en dash for None."""
    lang = of_run(lang)
    if v is None:
        return EN_DASH
    if isinstance(v, bool):
        return yes_no(v, lang)
    if isinstance(v, (int, float)):
        text = number(v, lang)
        return f"{text}{NBSP}{unit}" if unit else text
    return str(v)


# -- dates and periods ----------------------------------------------------------------------------


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


def date(v: Any, lang: str | None = None, *, space: str = NBSP) -> str:
    """``11. 12. 2019`` (no-break spaces); en: ``11 December 2019``; text as given if not a date.

    ``space=" "`` for a message that is not typeset (a terminal line, a JSON reason).
    """
    lang = of_run(lang)
    day = as_date(v)
    if day is None:
        return EN_DASH if v is None else str(v)
    if lang == "cs":
        return f"{day.day}.{space}{day.month}.{space}{day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def period(start: int, end: int) -> str:
    """``2020–2023`` with an en dash; a single year when start equals end."""
    return str(start) if start == end else f"{start}{EN_DASH}{end}"


def year_ranges(years: list[int]) -> str:
    """``2020–2023, 2025``: consecutive years joined into periods; an en dash when none."""
    parts: list[str] = []
    run: list[int] = []
    for y in sorted(set(years)):
        if run and y != run[-1] + 1:
            parts.append(period(run[0], run[-1]))
            run = []
        run.append(y)
    if run:
        parts.append(period(run[0], run[-1]))
    return ", ".join(parts) if parts else EN_DASH


# -- words ----------------------------------------------------------------------------------------


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


def count(n: int, word: str, lang: str | None = None) -> str:
    """``17 obcí``, ``3 obce``, ``1 obec`` (en: ``17 municipalities``)."""
    lang = of_run(lang)
    cs, en = _PLURALS[word]
    if lang != "cs":
        return f"{n}{NBSP}{en[0] if n == 1 else en[1]}"
    return f"{n}{NBSP}{cs[0] if n == 1 else cs[1] if 2 <= n <= 4 else cs[2]}"


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


def shares(counts: list[int | float], decimals: int = 1) -> list[float]:
    """Percent shares of ``counts`` rounded so that they add up to exactly 100 (largest remainder:
    the rounding is given to the parts that lost most), e.g. 8, 6, 1, 1 -> 50, 37.5, 6.3, 6.2;
    all zeros for an empty or zero whole."""
    whole = sum(counts)
    if not counts or whole <= 0:
        return [0.0 for _ in counts]
    unit = Decimal(1).scaleb(-decimals)
    exact = [Decimal(repr(float(c))) * 100 / Decimal(repr(float(whole))) for c in counts]
    floors = [(e / unit).to_integral_value(rounding="ROUND_FLOOR") * unit for e in exact]
    missing = int(((Decimal(100) - sum(floors)) / unit).to_integral_value())
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += unit
    return [float(f) for f in floors]
