"""The typed model built from schema-valid data: plans, measures, action plans, services, groups.

Everything here assumes the data passed its schema (types are right); builders read with
``.get`` so an optional key that is missing takes its documented default (docs/format.md). Each entity keeps the
JSON path of its data (``path``) so findings and diffs can point into the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

Value = float | int | bool
Budget = dict[str, float]  # funding source -> CZK
YearBudget = dict[int, Budget]  # year -> funding source -> CZK


def _year_budget(data: Any) -> YearBudget:
    if not isinstance(data, dict):
        return {}
    return {int(year): dict(sources or {}) for year, sources in data.items()}


def _years(data: Any) -> tuple[int, int] | None:
    if isinstance(data, dict) and "from" in data and "to" in data:
        return int(data["from"]), int(data["to"])
    return None


@dataclass
class Indicator:
    id: str
    name: str
    target: Value
    kind: str = "at_least"
    unit: str | None = None
    baseline: dict[str, Any] | None = None
    targets: dict[int, Value] = field(default_factory=dict)
    aggregate: str = "last"
    path: tuple[Any, ...] = ()

    def target_for(self, year: int) -> Value:
        """The indicator's target of a year: ``targets[year]``, else ``target``."""
        return self.targets.get(year, self.target)


@dataclass
class Activity:
    id: str
    title: str
    description: str | None = None
    responsible: str | None = None
    years: tuple[int, int] | None = None
    budget: YearBudget = field(default_factory=dict)
    path: tuple[Any, ...] = ()

    def active_in(self, year: int, default: tuple[int, int]) -> bool:
        start, end = self.years or default
        return start <= year <= end


@dataclass
class Measure:
    id: str
    title: str
    responsible: str
    priority_id: str
    plan_id: str
    period: tuple[int, int]
    description: str | None = None
    rationale: str | None = None
    kind: str | None = None
    target_groups: list[str] = field(default_factory=list)
    service_types: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    addresses: list[str] = field(default_factory=list)
    continues: str | None = None
    regional_link: str | None = None
    budget: YearBudget = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    path: tuple[Any, ...] = ()
    data: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def active_years(self) -> tuple[int, int]:
        """(first, last) year the measure runs: its ``years``, else the plan period."""
        return self.years or self.period

    def is_active(self, year: int) -> bool:
        start, end = self.active_years
        return start <= year <= end

    def indicator(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def activity(self, activity_id: str) -> Activity | None:
        return next((a for a in self.activities if a.id == activity_id), None)

    def activities_active_in(self, year: int) -> list[Activity]:
        return [a for a in self.activities if a.active_in(year, self.active_years)]

    @property
    def continues_ref(self) -> tuple[str, str] | None:
        if not self.continues or "/" not in self.continues:
            return None
        plan_id, measure_id = self.continues.split("/", 1)
        return plan_id, measure_id


@dataclass
class Priority:
    id: str
    title: str
    measures: list[Measure]
    description: str | None = None
    working_group: str | None = None
    target_groups: list[str] = field(default_factory=list)
    swot: dict[str, list[str]] = field(default_factory=dict)
    path: tuple[Any, ...] = ()


@dataclass
class Need:
    id: str
    text: str
    source: str | None = None
    target_groups: list[str] = field(default_factory=list)
    path: tuple[Any, ...] = ()


@dataclass
class Result:
    status: str | None = None
    # An actual of None (YAML null) was asked for and not reported yet: missing, never 0.
    actuals: dict[str, Value | None] = field(default_factory=dict)
    spent: Budget = field(default_factory=dict)
    comment: str | None = None
    evaluated: str | None = None
    reported_by: str | None = None

    def reported(self, indicator_id: str) -> Value | None:
        """The reported actual of an indicator; None when missing or pending (null)."""
        return self.actuals.get(indicator_id)

    @property
    def pending(self) -> list[str]:
        """Indicator ids whose actual is null: asked for, not reported yet."""
        return [iid for iid, v in self.actuals.items() if v is None]


@dataclass
class Item:
    measure: str
    activities: list[str] = field(default_factory=list)
    note: str | None = None
    budget: Budget = field(default_factory=dict)
    targets: dict[str, Value] = field(default_factory=dict)
    carried_over: int | None = None
    result: Result | None = None
    path: tuple[Any, ...] = ()


@dataclass
class ActionPlan:
    plan_id: str
    year: int
    status: str
    items: list[Item]
    file: str
    approved: dict[str, Any] | None = None
    data: dict[str, Any] = field(default_factory=dict, repr=False)

    def item(self, measure_id: str) -> Item | None:
        return next((i for i in self.items if i.measure == measure_id), None)

    @property
    def evaluated(self) -> bool:
        """True when at least one item has a result."""
        return any(i.result is not None for i in self.items)


@dataclass
class Plan:
    id: str
    title: str
    start: int
    end: int
    status: str
    priorities: list[Priority]
    file: str
    approved: dict[str, Any] | None = None
    previous: str | None = None
    regional_plan: str | None = None
    vision: str | None = None
    needs: list[Need] = field(default_factory=list)
    action_plans: dict[int, ActionPlan] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def period(self) -> tuple[int, int]:
        return self.start, self.end

    def holds(self, year: int) -> bool:
        return self.start <= year <= self.end

    @property
    def measures(self) -> list[Measure]:
        """All measures in plan order."""
        return [m for p in self.priorities for m in p.measures]

    def measure(self, measure_id: str) -> Measure | None:
        return self.measures_by_id.get(measure_id)

    @property
    def measures_by_id(self) -> dict[str, Measure]:
        cached: dict[str, Measure] | None = self.__dict__.get("_by_id")
        if cached is None:
            cached = {}
            for m in self.measures:
                cached.setdefault(m.id, m)
            self.__dict__["_by_id"] = cached
        return cached

    def priority(self, priority_id: str) -> Priority | None:
        return next((p for p in self.priorities if p.id == priority_id), None)

    def measures_active_in(self, year: int) -> list[Measure]:
        return [m for m in self.measures if m.is_active(year)]


@dataclass
class Provider:
    id: str
    name: str
    ico: str | None = None
    legal_form: str | None = None
    address: str | None = None
    web: str | None = None
    email: str | None = None
    phone: str | None = None
    path: tuple[Any, ...] = ()

    def contact(self) -> dict[str, str]:
        """The contacts given, in the order documents list them (a service without its own
        contact shows its provider's)."""
        pairs = (("address", self.address), ("phone", self.phone), ("email", self.email), ("web", self.web))
        return {k: v for k, v in pairs if v}


UNIT_KEYS = ("fte", "beds", "clients", "contacts", "interventions", "calls")


class NetworkEntry(NamedTuple):
    """A year in which a service is in a network: its level (None: a plain year, level unknown),
    the units the council approved and the approving resolution (docs/network.md).

    A named tuple, not a dataclass: a national catalogue has some 30,000 of them, and a tuple is
    built several times faster."""

    year: int
    level: str | None = None
    units: tuple[tuple[str, float], ...] = ()  # (unit key, amount) in UNIT_KEYS order
    resolution: str | None = None
    index: int = 0  # position in the service's ``network`` list

    @property
    def units_map(self) -> dict[str, float]:
        return dict(self.units)


def network_entries(data: Any) -> list[NetworkEntry]:
    """The ``network`` list of a service as entries (plain years become entries without a level).

    (Built with ``tuple.__new__``, as NetworkEntry's own ``__new__`` does, without its Python
    frame; one unit needs no ordering: a national catalogue has some 30,000 entries.)"""
    entries: list[NetworkEntry] = []
    for i, item in enumerate(data or ()):
        if type(item) is dict:
            units = item.get("units")
            if not units:
                ordered: tuple[tuple[str, float], ...] = ()
            elif len(units) == 1:
                ordered = tuple(units.items())
            else:
                ordered = tuple([(k, units[k]) for k in UNIT_KEYS if k in units])
            fields = (int(item["year"]), item.get("level"), ordered, item.get("resolution"), i)
            entries.append(_new_tuple(NetworkEntry, fields))
        elif isinstance(item, int):
            entries.append(_new_tuple(NetworkEntry, (item, None, (), None, i)))
    return entries


_new_tuple = tuple.__new__


@dataclass
class Service:
    id: str
    name: str
    provider: str
    registered: bool = True
    type: str | None = None
    forms: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    capacity: dict[str, Any] = field(default_factory=dict)
    area: list[str] = field(default_factory=list)  # ["all"] for the whole territory, or municipality codes
    network: list[int] = field(default_factory=list)  # the distinct years of network_entries, sorted
    contact: dict[str, str] = field(default_factory=dict)
    # For citizens (catalogue and web site).
    description: str | None = None
    hours: str | None = None
    payment: str | None = None
    payment_note: str | None = None
    places: list[dict[str, str]] = field(default_factory=list)
    life_situations: list[str] = field(default_factory=list)
    path: tuple[Any, ...] = ()
    network_entries: list[NetworkEntry] = field(default_factory=list)

    def network_in(self, year: int, level: str | None = None) -> list[NetworkEntry]:
        """The entries of ``year`` (of one level when given; a plain year has no level)."""
        return [e for e in self.network_entries if e.year == year and (level is None or e.level == level)]


@dataclass
class Member:
    name: str
    role: str
    organisation: str | None = None


@dataclass
class Group:
    id: str
    name: str
    kind: str
    target_groups: list[str] = field(default_factory=list)
    lead: str | None = None
    members: list[Member] = field(default_factory=list)
    path: tuple[Any, ...] = ()


@dataclass
class Comment:
    """A comment on a draft plan and how it was settled (vypořádání připomínky)."""

    id: str
    received: str
    kind: str  # commenter_kind: a triad role or organisation
    text: str
    organisation: str | None = None
    name: str | None = None  # personal data: printed only with --with-members
    channel: str | None = None
    about: str | None = None  # "plan", or a priority, measure or need id
    decision: str | None = None
    response: str | None = None
    changed: list[str] = field(default_factory=list)
    path: tuple[Any, ...] = ()


@dataclass
class Consultation:
    """plans/<plan-id>/consultation.yaml: the draft's consultation (připomínkové řízení)."""

    plan_id: str
    opened: str
    comments: list[Comment]
    file: str
    closed: str | None = None
    channels: list[str] = field(default_factory=list)


@dataclass
class Decision:
    text: str
    measures: list[str] = field(default_factory=list)


@dataclass
class Meeting:
    """meetings/<YYYY-MM-DD>-<group>.yaml: one meeting of a planning group."""

    group: str
    date: str
    present: int
    file: str
    place: str | None = None
    members_present: list[str] = field(default_factory=list)  # personal data
    guests: int | None = None
    agenda: list[str] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    minutes: str | None = None

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def measures(self) -> list[str]:
        """The measure ids its decisions name, each once, in order."""
        seen: dict[str, None] = {}
        for d in self.decisions:
            seen.update(dict.fromkeys(d.measures))
        return list(seen)


@dataclass
class Manifest:
    territory_name: str
    territory_kind: str
    region: str | None = None
    municipalities: list[dict[str, str]] = field(default_factory=list)
    coordinator: dict[str, str] = field(default_factory=dict)
    partial_threshold: float = 50.0
    template: str | None = None
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    cofinancing: dict[str, Any] | None = None  # {key, shares?, year?} (docs/finance.md)

    def municipality_name(self, code: str) -> str:
        """The name of a municipality of the territory; the code when it is not listed."""
        return next((str(m.get("name")) for m in self.municipalities if m.get("code") == code), code)


@dataclass
class Application:
    """One application of a grant programme round (grants/<year>.yaml)."""

    id: str
    service: str
    requested: float
    granted: float | None = None
    paid: float | None = None
    settled: float | None = None
    note: str | None = None
    path: tuple[Any, ...] = ()


@dataclass
class GrantRound:
    """grants/<year>.yaml: the programme, its year and budget, the applications."""

    programme: str
    year: int
    budget: float
    applications: list[Application]
    file: str
    approved: dict[str, Any] | None = None


def build_grants(data: dict[str, Any], file: str) -> GrantRound:
    return GrantRound(
        programme=data["programme"], year=int(data["year"]), budget=data["budget"], file=file,
        approved=data.get("approved"),
        applications=[
            Application(
                id=a["id"], service=a["service"], requested=a["requested"], granted=a.get("granted"),
                paid=a.get("paid"), settled=a.get("settled"), note=a.get("note"), path=("applications", i),
            )
            for i, a in enumerate(data.get("applications") or [])
        ],
    )


@dataclass
class Repository:
    """Every valid file of a repository, as objects with lookups."""

    manifest: Manifest | None = None
    providers: list[Provider] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    plans: dict[str, Plan] = field(default_factory=dict)
    grants: dict[str, GrantRound] = field(default_factory=dict)  # by file, in file order

    def grants_of(self, year: int) -> list[GrantRound]:
        """The grant rounds of a year (one file per round)."""
        return [g for g in self.grants.values() if g.year == year]
    consultations: dict[str, Consultation] = field(default_factory=dict)  # by plan id
    meetings: list[Meeting] = field(default_factory=list)  # by date, then group

    def provider(self, provider_id: str) -> Provider | None:
        return next((p for p in self.providers if p.id == provider_id), None)

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def plans_in_order(self) -> list[Plan]:
        return sorted(self.plans.values(), key=lambda p: (p.start, p.end, p.id))

    def plan_holding(self, year: int) -> Plan | None:
        """The plan whose period holds ``year`` (the latest-starting one if periods overlap)."""
        holding = [p for p in self.plans_in_order() if p.holds(year)]
        return holding[-1] if holding else None

    def default_plan(self, today: dt.date | None = None) -> Plan | None:
        """The plan holding the current year, else the latest plan (docs/report.md)."""
        year = (today or dt.date.today()).year
        return self.plan_holding(year) or (self.plans_in_order()[-1] if self.plans else None)

    @property
    def threshold(self) -> float:
        return self.manifest.partial_threshold if self.manifest else 50.0


def build_manifest(data: dict[str, Any]) -> Manifest:
    territory = data.get("territory", {})
    return Manifest(
        territory_name=territory.get("name", ""),
        territory_kind=territory.get("kind", ""),
        region=territory.get("region"),
        municipalities=list(territory.get("municipalities", [])),
        coordinator=dict(data.get("coordinator", {})),
        partial_threshold=float(data.get("fulfilment", {}).get("partial_threshold", 50)),
        template=data.get("documents", {}).get("template"),
        data=data,
        cofinancing=data.get("cofinancing"),
    )


def _area(value: Any) -> list[str]:
    """`area` as a list: `all` (or a list holding it) is ["all"], the whole territory; else the codes."""
    if value is None:
        return []
    if value == "all" or (isinstance(value, list) and "all" in value):
        return ["all"]
    return list(value)


def build_services(data: dict[str, Any]) -> tuple[list[Provider], list[Service]]:
    providers = [
        Provider(
            id=p["id"], name=p["name"], ico=p.get("ico"), legal_form=p.get("legal_form"),
            address=p.get("address"), web=p.get("web"), email=p.get("email"), phone=p.get("phone"),
            path=("providers", i),
        )
        for i, p in enumerate(data.get("providers") or [])
    ]
    services = [
        Service(
            id=s["id"], name=s["name"], provider=s["provider"], registered=s.get("registered", True),
            type=s.get("type"), forms=list(s.get("forms", [])), target_groups=list(s.get("target_groups", [])),
            capacity=dict(s.get("capacity", {})), area=_area(s.get("area")),
            contact=dict(s.get("contact", {})),
            description=s.get("description"), hours=s.get("hours"), payment=s.get("payment"),
            payment_note=s.get("payment_note"), places=[dict(p) for p in s.get("places", [])],
            life_situations=list(s.get("life_situations", [])),
            path=("services", i), network_entries=network_entries(s.get("network")),
        )
        for i, s in enumerate(data.get("services") or [])
    ]
    for service in services:
        if service.network_entries:
            service.network = sorted({e.year for e in service.network_entries})
    return providers, services


def build_groups(data: dict[str, Any]) -> list[Group]:
    return [
        Group(
            id=g["id"], name=g["name"], kind=g["kind"], target_groups=list(g.get("target_groups", [])),
            lead=g.get("lead"),
            members=[Member(m["name"], m["role"], m.get("organisation")) for m in g.get("members", [])],
            path=("groups", i),
        )
        for i, g in enumerate(data.get("groups") or [])
    ]


def _indicator(data: dict[str, Any], path: tuple[Any, ...]) -> Indicator:
    return Indicator(
        id=data["id"], name=data["name"], target=data["target"], kind=data.get("kind", "at_least"),
        unit=data.get("unit"), baseline=data.get("baseline"),
        targets={int(y): v for y, v in (data.get("targets") or {}).items()},
        aggregate=data.get("aggregate", "last"), path=path,
    )


def build_plan(data: dict[str, Any], file: str) -> Plan:
    period = data["period"]
    start, end = int(period["start"]), int(period["end"])
    priorities = []
    for pi, p in enumerate(data["priorities"]):
        ppath = ("priorities", pi)
        measures = []
        for mi, m in enumerate(p["measures"]):
            mpath = (*ppath, "measures", mi)
            measures.append(Measure(
                id=m["id"], title=m["title"], responsible=m["responsible"], priority_id=p["id"],
                plan_id=data["id"], period=(start, end),
                description=m.get("description"), rationale=m.get("rationale"), kind=m.get("kind"),
                target_groups=list(m.get("target_groups", [])), service_types=list(m.get("service_types", [])),
                services=list(m.get("services", [])), partners=list(m.get("partners", [])),
                years=_years(m.get("years")), addresses=list(m.get("addresses", [])),
                continues=m.get("continues"), regional_link=m.get("regional_link"),
                budget=_year_budget(m.get("budget")),
                indicators=[
                    _indicator(ind, (*mpath, "indicators", ii)) for ii, ind in enumerate(m.get("indicators", []))
                ],
                activities=[
                    Activity(
                        id=a["id"], title=a["title"], description=a.get("description"),
                        responsible=a.get("responsible"), years=_years(a.get("years")),
                        budget=_year_budget(a.get("budget")), path=(*mpath, "activities", ai),
                    )
                    for ai, a in enumerate(m.get("activities", []))
                ],
                path=mpath, data=m,
            ))
        priorities.append(Priority(
            id=p["id"], title=p["title"], measures=measures, description=p.get("description"),
            working_group=p.get("working_group"), target_groups=list(p.get("target_groups", [])),
            swot={k: list(v) for k, v in (p.get("swot") or {}).items() if not k.startswith("x-")},
            path=ppath,
        ))
    return Plan(
        id=data["id"], title=data["title"], start=start, end=end, status=data["status"],
        priorities=priorities, file=file, approved=data.get("approved"), previous=data.get("previous"),
        regional_plan=data.get("regional_plan"), vision=data.get("vision"),
        needs=[
            Need(id=n["id"], text=n["text"], source=n.get("source"), target_groups=list(n.get("target_groups", [])),
                 path=("needs", i))
            for i, n in enumerate(data.get("needs", []))
        ],
        data=data,
    )


def build_action_plan(data: dict[str, Any], file: str) -> ActionPlan:
    items = []
    for i, it in enumerate(data["items"]):
        result = it.get("result")
        items.append(Item(
            measure=it["measure"], activities=list(it.get("activities", [])), note=it.get("note"),
            budget=dict(it.get("budget", {})), targets=dict(it.get("targets", {})),
            carried_over=it.get("carried_over"),
            result=None if result is None else Result(
                status=result.get("status"), actuals=dict(result.get("actuals", {})),
                spent=dict(result.get("spent", {})), comment=result.get("comment"),
                evaluated=result.get("evaluated"), reported_by=result.get("reported_by"),
            ),
            path=("items", i),
        ))
    return ActionPlan(
        plan_id=data["plan"], year=int(data["year"]), status=data["status"], items=items, file=file,
        approved=data.get("approved"), data=data,
    )


def build_consultation(data: dict[str, Any], plan_id: str, file: str) -> Consultation:
    comments = []
    for i, c in enumerate(data.get("comments") or []):
        who = c.get("from") or {}
        comments.append(Comment(
            id=str(c["id"]), received=str(c["received"]), kind=who.get("kind", ""), text=c["text"],
            organisation=who.get("organisation"), name=who.get("name"), channel=c.get("channel"),
            about=c.get("about"), decision=c.get("decision"), response=c.get("response"),
            changed=list(c.get("changed", [])), path=("comments", i),
        ))
    return Consultation(
        plan_id=plan_id, opened=str(data["opened"]), comments=comments, file=file,
        closed=str(data["closed"]) if data.get("closed") is not None else None,
        channels=list(data.get("channels", [])),
    )


def build_meeting(data: dict[str, Any], file: str) -> Meeting:
    return Meeting(
        group=data["group"], date=str(data["date"]), present=int(data["present"]), file=file,
        place=data.get("place"), members_present=list(data.get("members_present", [])),
        guests=data.get("guests"), agenda=list(data.get("agenda", [])),
        decisions=[Decision(d["text"], list(d.get("measures", []))) for d in data.get("decisions", [])],
        minutes=data.get("minutes"),
    )
