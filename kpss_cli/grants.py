"""``kpss report grants`` as data: the grant programme of a year (grants/<year>.yaml) per
application, per service type and per provider, with the share of the budget (docs/finance.md).

Every sum is exact (``Decimal``, kpss_cli.money). An application without ``granted`` is pending:
it counts in "requested" only, and its missing figures stay missing, never 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kpss_cli import codes
from kpss_cli.errors import KpssError
from kpss_cli.i18n import _
from kpss_cli.model import Application, GrantRound, Repository
from kpss_cli.money import ZERO, dec, opt, to_json
from kpss_cli.network import UNREGISTERED

AMOUNTS = ("requested", "granted", "paid", "settled")


def amounts_of(a: Application) -> tuple[Decimal | None, ...]:
    """The AMOUNTS of an application, exact (None: missing)."""
    return opt(a.requested), opt(a.granted), opt(a.paid), opt(a.settled)


@dataclass
class Sums:
    """Requested / granted / paid / settled of a set of applications (None: no figure at all)."""

    applications: int = 0
    pending: int = 0
    requested: Decimal | None = None
    granted: Decimal | None = None
    paid: Decimal | None = None
    settled: Decimal | None = None

    def add(self, a: Application, amounts: tuple[Decimal | None, ...] | None = None) -> None:
        """Count an application; ``amounts`` are its AMOUNTS as Decimals when known already."""
        self.applications += 1
        if a.granted is None:
            self.pending += 1
        requested, granted, paid, settled = amounts if amounts is not None else amounts_of(a)
        if requested is not None:
            self.requested = requested if self.requested is None else self.requested + requested
        if granted is not None:
            self.granted = granted if self.granted is None else self.granted + granted
        if paid is not None:
            self.paid = paid if self.paid is None else self.paid + paid
        if settled is not None:
            self.settled = settled if self.settled is None else self.settled + settled

    def share(self, budget: Decimal) -> Decimal | None:
        """Granted as a percentage of ``budget`` (None without a grant or a budget)."""
        if self.granted is None or not budget:
            return None
        return self.granted * 100 / budget

    def to_json(self, budget: Decimal | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "applications": self.applications,
            "pending": self.pending,
            **{name: to_json(getattr(self, name)) for name in AMOUNTS},
        }
        if budget is not None:
            share = self.share(budget)
            out["budget_share"] = None if share is None else float(round(share, 2))
        return out


@dataclass
class ApplicationRow:
    application: Application
    round: GrantRound
    service_name: str | None  # None: unknown service (validate reports it)
    service_type: str | None
    provider: str | None
    provider_name: str | None
    # The AMOUNTS as Decimals, converted once (a report sums each application three or four times).
    amounts: tuple[Decimal | None, ...] = ()

    def __post_init__(self) -> None:
        if not self.amounts:
            self.amounts = amounts_of(self.application)

    @property
    def pending(self) -> bool:
        return self.application.granted is None

    def to_json(self, budget: Decimal) -> dict[str, Any]:
        a = self.application
        granted = self.amounts[1]
        return {
            "id": a.id,
            "file": self.round.file,
            "programme": self.round.programme,
            "service": a.service,
            "service_name": self.service_name,
            "type": self.service_type,
            "provider": self.provider,
            "provider_name": self.provider_name,
            "pending": self.pending,
            **{name: to_json(value) for name, value in zip(AMOUNTS, self.amounts, strict=True)},
            "budget_share": None if granted is None or not budget else float(round(granted * 100 / budget, 2)),
            "note": a.note,
        }


@dataclass
class Group:
    code: str
    label: str
    sums: Sums = field(default_factory=Sums)


@dataclass
class GrantsReport:
    """The grant programme of one year: every round (file) of that year."""

    year: int
    rounds: list[GrantRound]
    rows: list[ApplicationRow]  # in file order, then application order
    years: list[int]  # every year with a grants file

    @property
    def budget(self) -> Decimal:
        return sum((dec(r.budget) for r in self.rounds), ZERO)

    def total(self) -> Sums:
        sums = Sums()
        for row in self.rows:
            sums.add(row.application, row.amounts)
        return sums

    @property
    def remaining(self) -> Decimal:
        """Budget not granted (exact)."""
        return self.budget - (self.total().granted or ZERO)

    def by_type(self) -> list[Group]:
        groups: dict[str, Group] = {}
        for row in self.rows:
            code = row.service_type or ""
            group = groups.get(code)
            if group is None:
                label = codes.label(codes.SERVICE_TYPE, code) if code else _(UNREGISTERED)
                group = groups[code] = Group(code, label)
            group.sums.add(row.application, row.amounts)
        rank = {c: i for i, c in enumerate(codes.SERVICE_TYPE)}
        return sorted(groups.values(), key=lambda g: (rank.get(g.code, len(rank)), g.code))

    def by_provider(self) -> list[Group]:
        from kpss_cli.czech import czech_key

        groups: dict[str, Group] = {}
        for row in self.rows:
            code = row.provider or ""
            group = groups.get(code)
            if group is None:
                group = groups[code] = Group(code, row.provider_name or _("unknown provider"))
            group.sums.add(row.application, row.amounts)
        return sorted(groups.values(), key=lambda g: czech_key(g.label))

    def to_json(self) -> dict[str, Any]:
        """The ``report grants --format json`` object: every figure the table shows."""
        budget = self.budget
        return {
            "year": self.year,
            "years": list(self.years),
            "rounds": [
                {
                    "file": r.file,
                    "programme": r.programme,
                    "budget": to_json(dec(r.budget)),
                    "approved": r.approved,
                }
                for r in self.rounds
            ],
            "budget": to_json(budget),
            "remaining": to_json(self.remaining),
            "totals": self.total().to_json(budget),
            "applications": [row.to_json(budget) for row in self.rows],
            "types": [{"type": g.code or None, "label": g.label, **g.sums.to_json(budget)} for g in self.by_type()],
            "providers": [
                {"provider": g.code or None, "name": g.label, **g.sums.to_json(budget)} for g in self.by_provider()
            ],
        }


def grant_years(repo: Repository) -> list[int]:
    return sorted({g.year for g in repo.grants.values()})


def compute_grants(repo: Repository, year: int | None = None, on: dt.date | None = None) -> GrantsReport:
    """The grants of ``year``; default: the current year when it has a file, else the latest."""
    from kpss_cli.validate import today

    years = grant_years(repo)
    if not years:
        raise KpssError(_("the repository has no grant programme yet (grants/<year>.yaml); see docs/finance.md"))
    if year is None:
        current = (on or today()).year
        year = current if current in years else years[-1]
    rounds = repo.grants_of(year)
    if not rounds:
        raise KpssError(
            _("there is no grants file for {year} (grants/{year}.yaml); years with one: {years}").format(
                year=year, years=", ".join(str(y) for y in years)
            )
        )
    services = {s.id: s for s in repo.services}
    providers = {p.id: p.name for p in repo.providers}
    rows = []
    for r in rounds:
        for a in r.applications:
            s = services.get(a.service)
            rows.append(
                ApplicationRow(
                    application=a,
                    round=r,
                    service_name=s.name if s else None,
                    service_type=s.type if s else None,
                    provider=s.provider if s else None,
                    provider_name=providers.get(s.provider, s.provider) if s else None,
                )
            )
    return GrantsReport(year=year, rounds=rounds, rows=rows, years=years)


def load_grants_repository(root: Path) -> Repository:
    """The validated model the grants report needs: kpss.yaml, services.yaml and grants/ (not plans:
    their eligibility warnings do not change a figure)."""
    from kpss_cli.modelcache import validated_subset
    from kpss_cli.repo import WorkingTree, classify

    tree = WorkingTree(root)
    listed = [f for f in (classify(p) for p in tree.list_files()) if f is not None]
    read = [f.path for f in listed if f.kind in ("manifest", "services", "grants")]
    unread = [f.path for f in listed if f.path not in read]
    return validated_subset(root, read, unread)
