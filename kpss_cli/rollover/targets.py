"""The target of every indicator for the year of a new action plan, and where it came from.

An action plan states what its year is judged against. The plan's ``targets[YEAR]`` is taken where
given; else a ``maintain`` measure keeps its level (the plan's ``target``), and so do yes/no and
``at_most`` indicators; else an ``at_least`` indicator with a baseline of an earlier year grows in
a straight line from the baseline (at its year) to the target (at the measure's last year); else
the plan's target. A derived target carries a note for an end-of-line comment in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kpss_cli import czech
from kpss_cli.model import Indicator, Measure, Value


@dataclass(frozen=True)
class YearTarget:
    """A target for the year; ``note`` says how it was derived (None when the plan gives it)."""

    value: Value
    note: str | None = None


# The notes, per language of the repository.
NOTES = {
    "cs": {
        "prefix": "odvozeno",
        "maintain": "cíl plánu {target} (opatření udržení drží úroveň každý rok)",
        "boolean": "cíl plánu ({target})",
        "at_most": "cíl plánu nejvýše {target}",
        "linear": "lineárně z výchozí hodnoty {baseline} ({base_year}) k cíli {target} ({last})",
        "plain": "cíl plánu {target} (výchozí hodnota z dřívějšího roku chybí)",
    },
    "en": {
        "prefix": "derived",
        "maintain": "the plan's target {target} (a maintain measure keeps its level every year)",
        "boolean": "the plan's target ({target})",
        "at_most": "the plan's target, at most {target}",
        "linear": "straight line from the baseline {baseline} ({base_year}) to the target {target} ({last})",
        "plain": "the plan's target {target} (no baseline of an earlier year)",
    },
}
PREFIXES = tuple(f"{n['prefix']}:" for n in NOTES.values())


def _shown(value: Value, lang: str) -> str:
    if isinstance(value, bool):
        return czech.yes_no(value, lang)
    # A comment is not typeset: no no-break spaces, no thousands groups.
    return czech.number(value, lang, group_from=10**15).replace(czech.NBSP, " ")


def _whole(value: object) -> bool:
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def straight_line(baseline: float, base_year: int, target: float, last: int, year: int, whole: bool) -> Value:
    """The value of ``year`` on the line from (base_year, baseline) to (last, target), rounded half up.

    Whole numbers when baseline and target are whole, else one decimal.
    """
    if year >= last or last <= base_year:
        exact = Decimal(str(target))
    else:
        b, t = Decimal(str(baseline)), Decimal(str(target))
        exact = b + (t - b) * Decimal(year - base_year) / Decimal(last - base_year)
    if whole:
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    rounded = float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return int(rounded) if rounded.is_integer() else rounded


def indicator_target(measure: Measure, ind: Indicator, year: int, lang: str = "cs") -> YearTarget:
    """The target of ``ind`` for ``year`` by the rules above."""
    notes = NOTES.get(lang, NOTES["cs"])

    def note(kind: str, **values: object) -> str:
        return f"{notes['prefix']}: " + notes[kind].format(**values)

    if year in ind.targets:
        return YearTarget(ind.targets[year])
    target = ind.target
    shown = _shown(target, lang)
    if measure.kind == "maintain":
        return YearTarget(target, note("maintain", target=shown))
    if ind.kind == "boolean" or isinstance(target, bool):
        return YearTarget(target, note("boolean", target=shown))
    if ind.kind == "at_most":
        return YearTarget(target, note("at_most", target=shown))
    baseline = ind.baseline or {}
    base_value, base_year = baseline.get("value"), baseline.get("year")
    if (
        isinstance(base_value, (int, float))
        and not isinstance(base_value, bool)
        and isinstance(base_year, int)
        and base_year < year
    ):
        last = measure.active_years[1]
        value = straight_line(
            float(base_value), base_year, float(target), last, year, _whole(base_value) and _whole(target)
        )
        return YearTarget(
            value,
            note("linear", baseline=_shown(base_value, lang), base_year=base_year, target=shown, last=last),
        )
    return YearTarget(target, note("plain", target=shown))


def year_targets(measure: Measure, year: int, lang: str = "cs") -> dict[str, YearTarget]:
    """Every indicator of the measure with its target for ``year``, in plan order."""
    return {ind.id: indicator_target(measure, ind, year, lang) for ind in measure.indicators}


def is_derived_note(comment: str) -> bool:
    """True for an end-of-line comment kpss wrote (``# odvozeno: …``), which a new rollover replaces."""
    return comment.strip().lstrip("#").strip().startswith(PREFIXES)
