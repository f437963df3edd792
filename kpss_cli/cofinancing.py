"""Co-financing among municipalities: the split of every ``obce`` amount by the key of kpss.yaml
(docs/finance.md). Never prints.

Every amount (a measure's planned or spent ``obce`` money of one year) is split on its own into
whole crowns, the rounding remainder on the largest share (kpss_cli.money.split), so its parts
add up exactly to it; the sums per municipality then add up exactly to the sum of the amounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kpss_cli import codes
from kpss_cli.errors import KpssError
from kpss_cli.i18n import _
from kpss_cli.model import Manifest
from kpss_cli.money import ZERO, dec, split, to_json

SOURCE = "obce"


@dataclass
class Party:
    """A municipality of the split and its weight."""

    code: str
    name: str
    weight: Decimal
    population: int | None = None

    def to_json(self, weight_sum: Decimal) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "population": self.population,
            "share_percent": float(round(self.weight * 100 / weight_sum, 4)) if weight_sum else None,
        }


@dataclass
class SplitLine:
    """The split of one amount: what it is (year, measure, planned or spent) and the parts."""

    year: int
    measure: str
    kind: str  # planned or spent
    amount: Decimal
    parts: dict[str, Decimal]


@dataclass
class Cofinancing:
    """Every ``obce`` amount of a report split among the municipalities."""

    key: str
    population_year: int | None
    parties: list[Party]
    lines: list[SplitLine] = field(default_factory=list)

    @property
    def key_label(self) -> str:
        return codes.label(codes.COFINANCING_KEY, self.key)

    @property
    def weight_sum(self) -> Decimal:
        return sum((p.weight for p in self.parties), ZERO)

    def add(self, year: int, measure: str, kind: str, amount: Any) -> None:
        whole = dec(amount)
        self.lines.append(SplitLine(year, measure, kind, whole, split(whole, {p.code: p.weight for p in self.parties})))

    def sums(self, kind: str, year: int | None = None) -> dict[str, Decimal] | None:
        """Per municipality, the parts of the amounts of ``kind`` (of one year); None without any."""
        chosen = [ln for ln in self.lines if ln.kind == kind and (year is None or ln.year == year)]
        if not chosen:
            return None
        return {p.code: sum((ln.parts[p.code] for ln in chosen), ZERO) for p in self.parties}

    def total(self, kind: str, year: int | None = None) -> Decimal | None:
        chosen = [ln.amount for ln in self.lines if ln.kind == kind and (year is None or ln.year == year)]
        return sum(chosen, ZERO) if chosen else None

    def years(self) -> list[int]:
        return sorted({ln.year for ln in self.lines})

    def to_json(self) -> dict[str, Any]:
        weight_sum = self.weight_sum
        planned, spent = self.sums("planned"), self.sums("spent")

        def per(year: int | None) -> dict[str, Any]:
            p, s = self.sums("planned", year), self.sums("spent", year)
            return {
                "planned_total": to_json(self.total("planned", year)),
                "spent_total": to_json(self.total("spent", year)),
                "municipalities": [
                    {
                        "code": m.code,
                        "planned": to_json(p[m.code]) if p else None,
                        "spent": to_json(s[m.code]) if s else None,
                    }
                    for m in self.parties
                ],
            }

        return {
            "key": self.key,
            "key_label": self.key_label,
            "population_year": self.population_year,
            "source": SOURCE,
            "planned_total": to_json(self.total("planned")),
            "spent_total": to_json(self.total("spent")),
            "municipalities": [
                {
                    **m.to_json(weight_sum),
                    "planned": to_json(planned[m.code]) if planned else None,
                    "spent": to_json(spent[m.code]) if spent else None,
                }
                for m in self.parties
            ],
            "by_year": [{"year": y, **per(y)} for y in self.years()],
        }


def parties(manifest: Manifest) -> tuple[str, int | None, list[Party]]:
    """(key, population year, the municipalities with their weights) of kpss.yaml's ``cofinancing``.

    validate has checked the key (populations present, shares adding up to 100); this only
    refuses what would make a split impossible, in case it is called on unchecked data.
    """
    cof = manifest.cofinancing or {}
    key = str(cof.get("key"))
    munis = manifest.municipalities
    if not munis:
        raise KpssError(_("cofinancing in kpss.yaml needs territory.municipalities to split among"))
    out: list[Party] = []
    shares = {str(k): dec(v) for k, v in (cof.get("shares") or {}).items()}
    for m in munis:
        code, name = str(m.get("code")), str(m.get("name"))
        population = m.get("population")
        if key == "per_capita":
            if population is None:
                raise KpssError(
                    _("municipality {name} ({code}) has no population for the per_capita key").format(
                        name=name, code=code
                    )
                )
            weight = Decimal(int(population))
        elif key == "equal":
            weight = Decimal(1)
        else:
            weight = shares.get(code, ZERO)
        out.append(Party(code, name, weight, population))
    if not any(p.weight for p in out):
        raise KpssError(_("the co-financing key gives every municipality a weight of 0; nothing can be split"))
    return key, cof.get("year"), out


def split_entries(manifest: Manifest, entries: Iterable[Any]) -> Cofinancing | None:
    """The split of the ``obce`` money of finance entries (planned and spent); None without a key."""
    if not manifest.cofinancing:
        return None
    key, year, people = parties(manifest)
    result = Cofinancing(key, year, people)
    for e in entries:
        for kind, money in (("planned", e.planned), ("spent", e.spent)):
            if money and money.get(SOURCE) is not None:
                result.add(e.year, e.measure, kind, money[SOURCE])
    return result
