"""The fulfilment rules (docs/report.md) for one indicator and one measure in one year.

Shared by ``rollover`` (which items are unfinished) and ``report fulfilment`` (which also
aggregates over a period and rolls up per priority and plan, see fulfilment.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from kpss_cli.model import Indicator, Item, Measure, Value

FULFILLED = "fulfilled"
PARTIALLY = "partially_fulfilled"
NOT_FULFILLED = "not_fulfilled"
NOT_EVALUATED = "not_evaluated"


def achievement(kind: str, target: Value | None, actual: Value | None) -> float | None:
    """Achievement in percent, uncapped; None when there is no actual (or no target)."""
    if actual is None or target is None:
        return None
    if kind == "boolean":
        return 100.0 if bool(actual) == bool(target) and isinstance(actual, bool) == isinstance(target, bool) else 0.0
    actual_n, target_n = float(actual), float(target)
    if kind == "at_most":
        if actual_n <= target_n:
            return 100.0
        return 100.0 * target_n / actual_n if actual_n > 0 else 0.0
    # at_least
    if target_n == 0:
        return 100.0 if actual_n >= 0 else 0.0
    return 100.0 * actual_n / target_n


def capped(value: float | None) -> float | None:
    """min(achievement, 100): what statuses and means use."""
    return None if value is None else min(value, 100.0)


@dataclass
class IndicatorOutcome:
    """An indicator's target, actual and achievement for a year (or a period)."""

    indicator: Indicator
    target: Value | None
    actual: Value | None
    achievement: float | None

    @property
    def capped(self) -> float | None:
        return capped(self.achievement)


def year_target(indicator: Indicator, item: Item | None, year: int) -> Value:
    """The item's target, else the indicator's ``targets[year]``, else its ``target``."""
    if item is not None and indicator.id in item.targets:
        return item.targets[indicator.id]
    return indicator.target_for(year)


def year_outcomes(measure: Measure, item: Item | None, year: int) -> list[IndicatorOutcome]:
    """Each indicator of the measure with the year's target and actual."""
    actuals = item.result.actuals if item is not None and item.result is not None else {}
    outcomes = []
    for ind in measure.indicators:
        target = year_target(ind, item, year)
        actual = actuals.get(ind.id)
        outcomes.append(IndicatorOutcome(ind, target, actual, achievement(ind.kind, target, actual)))
    return outcomes


def mean_capped(outcomes: list[IndicatorOutcome]) -> float | None:
    """Mean of the capped achievements of the indicators that have an actual."""
    values = [o.capped for o in outcomes if o.capped is not None]
    return sum(values) / len(values) if values else None


def computed_status(outcomes: list[IndicatorOutcome], threshold: float) -> str:
    """The status computed from indicators (docs/report.md) when the result gives none."""
    mean = mean_capped(outcomes)
    if mean is None:
        return NOT_EVALUATED
    if all(o.capped is not None and o.capped >= 100.0 for o in outcomes):
        return FULFILLED
    return PARTIALLY if mean >= threshold else NOT_FULFILLED


def item_status(measure: Measure, item: Item | None, year: int, threshold: float) -> str:
    """An action-plan item's status: explicit, else computed; ``not_evaluated`` without a result."""
    if item is None or item.result is None:
        return NOT_EVALUATED
    if item.result.status:
        return item.result.status
    return computed_status(year_outcomes(measure, item, year), threshold)
