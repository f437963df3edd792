"""``kpss report network`` as data: the services in the network of a year, by law group and type,
with their units, totals per type and target group, changes against the year before and the
cross-checks with the plan's measures (docs/network.md). Never prints.

Units are added exactly (``Decimal``). Without ``--level`` the units of each level are kept
apart: a service in the regional and the municipal network counts once in each, never twice in
one sum.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kpss_cli import codes
from kpss_cli.errors import KpssError, UsageError
from kpss_cli.i18n import N_, _
from kpss_cli.model import UNIT_KEYS, NetworkEntry, Repository, Service
from kpss_cli.money import dec, to_json

LEVELS = ("kraj", "obec")
UNSPECIFIED = "unspecified"  # the level of a plain year in ``network``
LEVEL_ORDER = (*LEVELS, UNSPECIFIED)
GROUP_ORDER = tuple(codes.SERVICE_GROUP)
# The rows of services without a service type or a target group (translated where shown).
UNREGISTERED = N_("services outside the registry")
NO_TARGET_GROUP = N_("target group not given")
TYPE_ORDER = {code: i for i, code in enumerate(codes.SERVICE_TYPE)}

Units = dict[str, Decimal]  # unit key -> amount
LevelUnits = dict[str, Units]  # level -> units


def level_of(entry: NetworkEntry) -> str:
    return entry.level or UNSPECIFIED


def add_units(into: LevelUnits, level: str, units: Iterable[tuple[str, Any]]) -> None:
    """Add units of one level into a per-level sum (exact)."""
    target = into.setdefault(level, {})
    for key, amount in units:
        value = amount if type(amount) is Decimal else dec(amount)
        target[key] = target[key] + value if key in target else value


def ordered(level_units: LevelUnits) -> LevelUnits:
    """Levels in kraj, obec, unspecified order; units in the format's order."""
    out: LevelUnits = {}
    for level in LEVEL_ORDER:
        units = level_units.get(level)
        if units is not None:
            out[level] = units if len(units) < 2 else {k: units[k] for k in UNIT_KEYS if k in units}
    return out


def entry_units(entries: Iterable[NetworkEntry]) -> LevelUnits:
    """The units of entries per level (in order): every level of the entries has a key."""
    out: LevelUnits = {}
    for e in entries:
        add_units(out, level_of(e), e.units)
    return ordered(out)


_EXACT_INTEGER_FLOAT = 2.0**53  # below it a whole float is the integer it was written as


def amount_json(value: Any) -> Any:
    """``to_json(dec(value))`` for an amount of the YAML without the detour through Decimal: an
    int as it is, a whole float below 2**53 as its int, any other finite float as it is (its
    decimal text reads back as the same float)."""
    kind = type(value)
    if kind is int:
        return value
    if kind is float and -_EXACT_INTEGER_FLOAT < value < _EXACT_INTEGER_FLOAT:
        return int(value) if value.is_integer() else value
    return to_json(dec(value))


def units_json(level_units: LevelUnits) -> dict[str, dict[str, Any]]:
    return {level: {k: to_json(v) for k, v in units.items()} for level, units in ordered(level_units).items()}


@dataclass
class NetworkRow:
    """A service in the network of the year (its entries of that year, of the chosen level)."""

    service: Service
    provider_name: str
    entries: list[NetworkEntry]
    municipalities: list[str]  # names; empty with area_all
    area_all: bool
    # Per level, exact; computed from the entries unless given. compute_network gives rows with
    # the same entries one shared dict (read it, never change it).
    units: LevelUnits = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.units:
            self.units = entry_units(self.entries)

    @property
    def levels(self) -> list[str]:
        return list(self.units)  # every level of the entries has a key, with or without units

    @property
    def resolutions(self) -> list[str]:
        return [e.resolution for e in self.entries if e.resolution]

    def to_json(self) -> dict[str, Any]:
        s = self.service
        return {
            "id": s.id,
            "name": s.name,
            "provider": s.provider,
            "provider_name": self.provider_name,
            "type": s.type,
            "type_label": codes.label(codes.SERVICE_TYPE, s.type) if s.type else None,
            "group": codes.service_group(s.type) if s.type in codes.SERVICE_TYPE else None,
            "forms": list(s.forms),
            "target_groups": list(s.target_groups),
            "area": "all" if self.area_all else list(s.area),
            "municipalities": list(self.municipalities),
            "levels": self.levels,
            "entries": [
                {
                    "level": level_of(e),
                    "units": {k: amount_json(v) for k, v in e.units},
                    "resolution": e.resolution,
                }
                for e in self.entries
            ],
        }


@dataclass
class TypeTotal:
    """The services of one service type (or target group) and their units."""

    code: str
    label: str
    services: int = 0
    units: LevelUnits = field(default_factory=dict)

    def to_json(self, key: str = "type") -> dict[str, Any]:
        return {key: self.code, "label": self.label, "services": self.services, "units": units_json(self.units)}


@dataclass
class UnitChange:
    service: str
    name: str
    level: str
    old: Units
    new: Units

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.service,
            "name": self.name,
            "level": self.level,
            "old": {k: to_json(v) for k, v in self.old.items()},
            "new": {k: to_json(v) for k, v in self.new.items()},
        }


@dataclass
class MeasureCheck:
    """A service a measure active in the year names, but that is not in the network."""

    plan: str
    measure: str
    title: str
    service: str
    name: str | None  # None when services.yaml does not know the service

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "measure": self.measure,
            "measure_title": self.title,
            "service": self.service,
            "name": self.name,
        }


@dataclass
class NetworkReport:
    """The network of one year (one level, or all)."""

    year: int
    level: str | None
    territory: str
    rows: list[NetworkRow]  # by law group, type order, then name
    previous_rows: list[NetworkRow]
    entered: list[NetworkRow]
    left: list[NetworkRow]
    units_changed: list[UnitChange]
    not_in_network: list[MeasureCheck]
    in_no_measure: list[NetworkRow]
    plans: list[str]  # the plans whose measures were checked
    resolutions: list[str] = field(default_factory=list)  # distinct, in order of appearance

    @property
    def previous_year(self) -> int:
        return self.year - 1

    def groups(self) -> list[tuple[str, list[tuple[str, list[NetworkRow]]]]]:
        """[(law group, [(service type, rows)])] in the law's order; unregistered services last."""
        out: dict[str, dict[str, list[NetworkRow]]] = {}
        for row in self.rows:
            t = row.service.type or ""
            group = codes.service_group(t) if t in codes.SERVICE_TYPE else ""
            out.setdefault(group, {}).setdefault(t, []).append(row)
        order = [g for g in GROUP_ORDER if g in out] + ([""] if "" in out else [])
        return [(g, list(out[g].items())) for g in order]

    def type_totals(self) -> list[TypeTotal]:
        tally: dict[str, _Tally] = {}
        for row in self.rows:
            t = row.service.type or ""
            bucket = tally.get(t)
            if bucket is None:
                bucket = tally[t] = _Tally()
            bucket.add(row.units)
        totals = [
            bucket.total(t, codes.label(codes.SERVICE_TYPE, t) if t else _(UNREGISTERED)) for t, bucket in tally.items()
        ]
        return sorted(totals, key=lambda x: (_type_rank(x.code), x.code))

    def target_group_totals(self) -> list[TypeTotal]:
        """Per target group: the services that name it and their units (a service counts in each of its groups)."""
        tally: dict[str, _Tally] = {}
        for row in self.rows:
            for tg in row.service.target_groups or [""]:
                bucket = tally.get(tg)
                if bucket is None:
                    bucket = tally[tg] = _Tally()
                bucket.add(row.units)
        totals = [
            bucket.total(tg, codes.label(codes.TARGET_GROUP, tg) if tg else _(NO_TARGET_GROUP))
            for tg, bucket in tally.items()
        ]
        rank = {c: i for i, c in enumerate(codes.TARGET_GROUP)}
        return sorted(totals, key=lambda x: (rank.get(x.code, len(rank)), x.code))

    def total(self) -> TypeTotal:
        tally = _Tally()
        for row in self.rows:
            tally.add(row.units)
        return tally.total("", _("total"))

    def to_json(self) -> dict[str, Any]:
        """The ``report network --format json`` object: every figure the table shows."""
        total = self.total()
        return {
            "year": self.year,
            "level": self.level,
            "territory": self.territory,
            "services": [r.to_json() for r in self.rows],
            "groups": [
                {
                    "group": g,
                    "label": codes.label(codes.SERVICE_GROUP, g) if g else _(UNREGISTERED),
                    "types": [{"type": t or None, "services": [r.service.id for r in rows]} for t, rows in types],
                }
                for g, types in self.groups()
            ],
            "types": [t.to_json() for t in self.type_totals()],
            "target_groups": [t.to_json("target_group") for t in self.target_group_totals()],
            "totals": {"services": total.services, "units": units_json(total.units)},
            "changes": {
                "previous_year": self.previous_year,
                "previous_services": len(self.previous_rows),
                "entered": [_brief(r) for r in self.entered],
                "left": [_brief(r) for r in self.left],
                "units_changed": [c.to_json() for c in self.units_changed],
            },
            "checks": {
                "plans": list(self.plans),
                "not_in_network": [c.to_json() for c in self.not_in_network],
                "in_no_measure": [_brief(r) for r in self.in_no_measure],
            },
            "resolutions": list(self.resolutions),
        }


def _brief(row: NetworkRow) -> dict[str, Any]:
    return {"id": row.service.id, "name": row.service.name, "type": row.service.type, "levels": row.levels}


class _Tally:
    """The rows of one total, counted per set of units: a national network has 6,000 services but
    some 2,000 different sets of units, and n rows of the same units add n × each amount (exact
    in ``Decimal``, as the n additions are)."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: dict[int, list[Any]] = {}  # id(units) -> [units, rows]

    def add(self, units: LevelUnits) -> None:
        entry = self.seen.get(id(units))
        if entry is None:
            self.seen[id(units)] = [units, 1]
        else:
            entry[1] += 1

    def total(self, code: str, label: str) -> TypeTotal:
        out: LevelUnits = {}
        services = 0
        for level_units, n in self.seen.values():
            services += n
            for level, units in level_units.items():
                target = out.setdefault(level, {})
                for key, amount in units.items():
                    value = amount * n if n > 1 else amount
                    target[key] = target[key] + value if key in target else value
        return TypeTotal(code, label, services, ordered(out))


def _type_rank(code: str) -> tuple[int, int]:
    if code in codes.SERVICE_TYPE:
        return GROUP_ORDER.index(codes.service_group(code)), TYPE_ORDER[code]
    return len(GROUP_ORDER), 0


def _in_order(repo: Repository) -> list[Service]:
    """The services in the order of the report: law group and type, then Czech name, then id."""
    from kpss_cli.czech import czech_key

    ranks: dict[str, int] = {}  # the (group, type) rank as one number: flat keys compare faster
    for s in repo.services:
        t = s.type or ""
        if t not in ranks:
            group, kind = _type_rank(t)
            ranks[t] = group * len(TYPE_ORDER) + kind
    return sorted(repo.services, key=lambda s: (ranks[s.type or ""], *czech_key(s.name), s.id))


def _rows_of_two_years(
    repo: Repository, year: int, level: str | None, services: list[Service]
) -> tuple[list[NetworkRow], list[NetworkRow]]:
    """The rows of ``year`` and of the year before, in one pass over the services (in report
    order); rows with the same entries (level and units) share one dict of units."""
    providers = {p.id: p.name for p in repo.providers}
    manifest = repo.manifest
    names = {str(m.get("code")): str(m.get("name")) for m in (manifest.municipalities if manifest else [])}
    before_year = year - 1
    seen_units: dict[Any, LevelUnits] = {}
    rows: list[NetworkRow] = []
    previous: list[NetworkRow] = []
    for s in services:
        entries = s.network_entries
        # e[0] is the year, e[1] the level (a NetworkEntry is a tuple; indexing is the fast way)
        now = [e for e in entries if e[0] == year]
        before = [e for e in entries if e[0] == before_year]
        if level is not None:
            now = [e for e in now if e[1] == level]
            before = [e for e in before if e[1] == level]
        if not now and not before:
            continue
        area_all = "all" in s.area
        provider_name = providers.get(s.provider, s.provider)
        municipalities = [] if area_all else [names.get(c, c) for c in s.area]
        for found, into in ((now, rows), (before, previous)):
            if not found:
                continue
            first = found[0]
            key = (first[1], first[2]) if len(found) == 1 else tuple((e[1], e[2]) for e in found)
            units = seen_units.get(key)
            if units is None:
                units = seen_units[key] = entry_units(found)
            into.append(NetworkRow(s, provider_name, found, list(municipalities), area_all, units))
    return rows, previous


def compute_network(repo: Repository, year: int, level: str | None = None) -> NetworkReport:
    """The network of ``year`` (of ``level`` when given: kraj or obec)."""
    if level is not None and level not in LEVELS:
        raise UsageError(_("unknown network level '{level}'; use kraj or obec").format(level=level))
    rows, previous = _rows_of_two_years(repo, year, level, _in_order(repo))
    now_ids = {r.service.id: r for r in rows}
    before_ids = {r.service.id: r for r in previous}
    entered = [r for r in rows if r.service.id not in before_ids]
    left = [r for r in previous if r.service.id not in now_ids]
    changed: list[UnitChange] = []
    for r in rows:
        old_row = before_ids.get(r.service.id)
        if old_row is None:
            continue
        old_units, new_units = old_row.units, r.units
        if old_units is new_units:
            continue  # the same entries' units (shared)
        for lvl in LEVEL_ORDER:
            if lvl in old_units and lvl in new_units and old_units[lvl] != new_units[lvl]:
                changed.append(UnitChange(r.service.id, r.service.name, lvl, old_units[lvl], new_units[lvl]))
    plans = [p for p in repo.plans_in_order() if p.holds(year)]
    named: dict[str, list[tuple[Any, Any]]] = {}
    for plan in plans:
        for m in plan.measures_active_in(year):
            for sid in m.services:
                named.setdefault(sid, []).append((plan, m))
    services = {s.id: s for s in repo.services}
    not_in_network = [
        MeasureCheck(plan.id, m.id, m.title, sid, services[sid].name if sid in services else None)
        for sid, places in named.items()
        if sid not in now_ids
        for plan, m in places
    ]
    order = {m.id: i for plan in plans for i, m in enumerate(plan.measures)}
    not_in_network.sort(key=lambda c: (c.plan, order.get(c.measure, 0), c.service))
    in_no_measure = [r for r in rows if r.service.id not in named] if plans else []
    resolutions = list(dict.fromkeys(e.resolution for r in rows for e in r.entries if e.resolution))
    manifest = repo.manifest
    return NetworkReport(
        year=year,
        level=level,
        territory=manifest.territory_name if manifest else "",
        rows=rows,
        previous_rows=previous,
        entered=entered,
        left=left,
        units_changed=changed,
        not_in_network=not_in_network,
        in_no_measure=in_no_measure,
        plans=[p.id for p in plans],
        resolutions=resolutions,
    )


def load_network_repository(root: Path, year: int) -> Repository:
    """The validated model the network of ``year`` needs: kpss.yaml, services.yaml and the plans
    holding the year (their measures are cross-checked); not action plans, groups or grants."""
    from kpss_cli.modelcache import validated_subset
    from kpss_cli.repo import WorkingTree, classify

    tree = WorkingTree(root)
    listed = [f for f in (classify(p) for p in tree.list_files()) if f is not None]
    read, unread = [], []
    for f in listed:
        if f.kind in ("manifest", "services") or f.kind == "plan" and _plan_may_hold(f.plan_id, year):
            read.append(f.path)
        else:
            unread.append(f.path)
    if "services.yaml" not in read:
        raise KpssError(_("the repository has no services.yaml, so it has no network of services"))
    return validated_subset(root, read, unread)


def _plan_may_hold(plan_id: str | None, year: int) -> bool:
    """A plan folder named <start>-<end> holds the year by its name; any other name is read."""
    parts = (plan_id or "").split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return int(parts[0]) <= year <= int(parts[1])
    return True


def default_year(on: dt.date | None = None) -> int:
    from kpss_cli.validate import today

    return (on or today()).year
