"""Jinja2 filters of the site: Czech typography and figures, links that are safe to follow.

Every filter escapes the text it is given (the text is the repository's, untrusted) and returns
markup only for what it adds itself: no-break spaces, a ``nowrap`` span around a range, a link.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from markupsafe import Markup, escape

from kpss_cli import czech, typography


def typo(text: Any) -> Markup:
    """Text with Czech no-break spaces and its ranges (2024–2027, 7:00–15:30) kept whole."""
    if text is None:
        return Markup(czech.EN_DASH)
    return _typo(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _typo(value: str) -> Markup:
    # The names of services, providers and types recur on many pages: set each text once.
    value = typography.nbsp(value)
    spans = typography.ranges(value)
    if not spans:
        return Markup(escape(value))
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(str(escape(value[last:start])))
        out.append(f'<span class="nw">{escape(value[start:end])}</span>')
        last = end
    out.append(str(escape(value[last:])))
    return Markup("".join(out))


_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
_WEB = re.compile(r"^(https?://)?([A-Za-z0-9-]+\.)+[A-Za-z]{2,}(:[0-9]+)?(/[^\s<>\"']*)?$")
_PHONE = re.compile(r"^\+?[0-9 ]{6,20}$")


def web_link(address: Any) -> Markup:
    """A web address as a working link (http/https only); anything else as plain text."""
    text = str(address).strip()
    if not _WEB.match(text):
        return typo(text)
    href = text if text.startswith(("http://", "https://")) else "https://" + text
    shown = re.sub(r"^https?://", "", text).rstrip("/")
    return Markup(f'<a href="{escape(href)}">{escape(shown)}</a>')


def email_link(address: Any) -> Markup:
    """An e-mail address as a mailto: link; anything else as plain text."""
    text = str(address).strip()
    if not _EMAIL.match(text):
        return typo(text)
    return Markup(f'<a href="mailto:{escape(text)}">{escape(text)}</a>')


def phone_link(number: Any) -> Markup:
    """A phone number as a tel: link, its groups kept together."""
    text = str(number).strip()
    if not _PHONE.match(text):
        return typo(text)
    href = "tel:" + text.replace(" ", "")
    return Markup(f'<a href="{escape(href)}">{escape(text.replace(" ", czech.NBSP))}</a>')


def money(value: Any, lang: str = "cs") -> str:
    return czech.money(value, lang)


def amount(value: Any, lang: str = "cs") -> str:
    return czech.money(value, lang, unit=False)


def number(value: Any, lang: str = "cs") -> str:
    return czech.EN_DASH if value is None else czech.number(value, lang)


def percent(value: Any, lang: str = "cs") -> str:
    return czech.percent(value, lang)


def date(value: Any, lang: str = "cs") -> str:
    return czech.date(value, lang)


def indicator_value(value: Any, lang: str = "cs", unit: str | None = None) -> str:
    return czech.value(value, lang, unit)


FILTERS = {
    "typo": typo,
    "web": web_link,
    "email": email_link,
    "phone": phone_link,
    "money": money,
    "amount": amount,
    "number": number,
    "percent": percent,
    "date": date,
    "value": indicator_value,
}
