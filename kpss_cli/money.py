"""Exact money: amounts as ``Decimal`` (crowns with haléře), sums and the split of an amount.

YAML gives a decimal amount as a binary float (``1234.1`` is 1234.09999…); :func:`dec` takes it
back to the decimal the person wrote (Python's shortest ``repr``), so every sum shown is exact to
the haléř however many amounts it adds (docs/finance.md). Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

ZERO = Decimal(0)
CROWN = Decimal(1)
HALER = Decimal("0.01")


def dec(value: Any) -> Decimal:
    """An amount of the YAML (int, float, Decimal) as the exact decimal it was written as."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not an amount")
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def opt(value: Any) -> Decimal | None:
    """:func:`dec`, or None for a missing amount (missing is never 0)."""
    return None if value is None else dec(value)


def total(values: Iterable[Any]) -> Decimal:
    """The exact sum of amounts (None ones skipped)."""
    return sum((dec(v) for v in values if v is not None), ZERO)


def to_json(value: Decimal | None) -> int | float | None:
    """An amount for JSON: an integer when whole, else the float of its decimal text."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def split(amount: Any, weights: Mapping[str, Any]) -> dict[str, Decimal]:
    """``amount`` split by ``weights`` into whole crowns that add up exactly to ``amount``.

    Each part but one is the weighted share rounded half up to whole crowns; the largest share
    (the first of equal largest ones, in the order given) takes what remains, so the parts add
    up to the whole, haléře included. Weights of 0 get 0. The weights must not all be 0.
    """
    whole = dec(amount)
    ws = {k: dec(w) for k, w in weights.items()}
    weight_sum = sum(ws.values(), ZERO)
    if weight_sum <= 0:
        raise ValueError("the weights add up to 0")
    largest = max(ws, key=lambda k: ws[k])  # max keeps the first of equal ones
    parts: dict[str, Decimal] = {}
    for key, w in ws.items():
        if key == largest:
            continue
        parts[key] = (whole * w / weight_sum).quantize(CROWN, rounding=ROUND_HALF_UP)
    parts[largest] = whole - sum(parts.values(), ZERO)
    return {key: parts[key] for key in ws}
