"""Kept for imports written before :mod:`kpss_cli.czech` (tests/test_render.py): the formatting
of every command lives there now; new code imports ``kpss_cli.czech``."""

from kpss_cli.czech import (
    EN_DASH,
    NBSP,
    as_date,
    count,
    czech_key,
    date,
    join,
    money,
    number,
    paragraph_sign,
    percent,
    period,
    value,
    year_ranges,
    yes_no,
)

__all__ = [
    "EN_DASH",
    "NBSP",
    "as_date",
    "count",
    "czech_key",
    "date",
    "join",
    "money",
    "number",
    "paragraph_sign",
    "percent",
    "period",
    "value",
    "year_ranges",
    "yes_no",
]
