"""Reading what a person typed into a cell: Czech numbers, money, ano/ne, status labels, dates.

Each parser takes the cell's value (a number or a date when the spreadsheet recognised it, else
text) and returns the value for the YAML, or raises :class:`CellError` with a message in plain
words. An empty cell is ``None``: not reported, never 0.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from kpss_cli import codes
from kpss_cli.i18n import _


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected."""


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_CURRENCY = re.compile(r"(kč|czk|,-|\.-|,–|\.–)$", re.IGNORECASE)
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3}){2,}$")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _whole(number: float) -> int | float:
    return int(number) if float(number).is_integer() and abs(number) < 1e15 else number


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _not_a_number(value: Any, money: bool) -> CellError:
    message = _("{value} is not an amount in CZK") if money else _("{value} is not a number")
    return CellError(message.format(value=repr(_shown(value))))


def parse_number(value: Any, money: bool = False) -> int | float | None:
    """``12,5`` -> 12.5; ``1 200`` -> 1200; ``2 350 000 Kč`` -> 2350000; a number cell as it is."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise _not_a_number(value, money)
    if isinstance(value, (int, float)):
        # A formula's result as Excel stores it can carry binary noise (=0,1+0,2 is 0.30000000000000004).
        number = round(float(value), 9)
    else:
        text = _SPACES.sub("", str(value).strip())
        text = _CURRENCY.sub("", text).strip()
        text = text.replace("\u2212", "-").replace("\u2013", "-")
        negative = text.startswith("-")
        if negative:
            text = text[1:]
        if "," in text and "." in text:
            # The later separator is the decimal one: 1.200,50 or 1,200.50.
            decimal = "," if text.rfind(",") > text.rfind(".") else "."
            thousands = "." if decimal == "," else ","
            text = text.replace(thousands, "").replace(decimal, ".")
        elif _THOUSANDS_COMMA.match(text):
            text = text.replace(",", "")
        elif "," in text:
            if text.count(",") > 1:
                raise _not_a_number(value, money)
            text = text.replace(",", ".")
        elif _THOUSANDS_DOT.match(text) and (money or text.count(".") > 1):
            text = text.replace(".", "")  # 1.200.000 Kč: dots as thousands separators
        if not _PLAIN.match(text):
            raise _not_a_number(value, money)
        number = float(text)
        if negative:
            number = -number
    if not math.isfinite(number):
        raise _not_a_number(value, money)
    if number < 0:
        message = (
            _("{value} is negative; an amount in CZK of 0 or more is expected")
            if money
            else _("{value} is negative; a number of 0 or more is expected")
        )
        raise CellError(message.format(value=repr(_shown(value))))
    if money:
        number = round(number, 2)
    return _whole(number)


_YES = {"ano", "a", "yes", "y", "true", "pravda", "1", "x", "✓", "splněno"}
_NO = {"ne", "n", "no", "false", "nepravda", "0", "nesplněno"}


def parse_bool(value: Any) -> bool | None:
    """``ano``/``ne`` (also yes/no, true/false, 1/0; a TRUE/FALSE cell)."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(_("{value} is not ano or ne").format(value=repr(_shown(value))))


def _status_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code, entry in codes.RESULT_STATUS.items():
        for name in (code, entry.cs, entry.en, re.sub(r"\s*\(.*\)$", "", entry.cs)):
            names[re.sub(r"[\s_]+", " ", name).strip().casefold()] = code
    return names


def parse_status(value: Any) -> str | None:
    """A status label (``částečně splněno``) or code (``partially_fulfilled``) -> the code."""
    if is_empty(value):
        return None
    text = re.sub(r"[\s_]+", " ", str(value)).strip().casefold()
    code = _status_names().get(text)
    if code is None:
        labels = ", ".join(c.cs for c in codes.RESULT_STATUS.values())
        if text == "nevyhodnoceno" or text == "not evaluated":
            raise CellError(
                _("{value} is not a status to report; leave the cell empty instead").format(value=repr(_shown(value)))
            )
        raise CellError(
            _("{value} is not a status; choose one of: {labels}").format(value=repr(_shown(value)), labels=labels)
        )
    return code


def parse_text(value: Any) -> str | None:
    """A comment: the text with its surrounding spaces removed; Windows line ends made plain."""
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


_CZ_DATE = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")


def parse_date(value: Any) -> dt.date | None:
    """A date cell, ``2027-01-15`` or ``15. 1. 2027``; None when empty; CellError when not a date."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _CZ_DATE.match(text)
    try:
        if match:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise CellError(_("{value} is not a date (write e.g. 15. 1. 2027)").format(value=repr(_shown(value)))) from None
