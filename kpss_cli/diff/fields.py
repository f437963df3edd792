"""Values: comparison and the flat fields of each entity (paths such as ``budget.2024.obce``)."""

from __future__ import annotations

from typing import Any

from kpss_cli import model
from kpss_cli.changes import FieldChange

Fields = dict[str, Any]


def _norm(value: Any) -> Any:
    """A value as the plan means it: list order ignored, 1 == 1.0, True != 1."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("num", float(value))
    if isinstance(value, list):
        return ("list", tuple(sorted((_norm(v) for v in value), key=repr)))
    if isinstance(value, dict):
        return ("map", tuple(sorted((str(k), _norm(v)) for k, v in value.items())))
    return ("str", value)


def same(a: Any, b: Any) -> bool:
    """True when two values mean the same (order of list items and int/float ignored)."""
    if a is None or b is None:
        return a is b
    if type(a) is type(b) and not isinstance(a, (list, dict)):
        return bool(a == b)
    return bool(_norm(a) == _norm(b))


def _put(out: Fields, path: str, value: Any) -> None:
    if value is None or value == [] or value == {}:
        return
    out[path] = value


def _put_map(out: Fields, prefix: str, mapping: dict[Any, Any] | None) -> None:
    """Every leaf of a nested mapping under ``prefix.key``; user extension keys (x-…) ignored."""
    for key, value in (mapping or {}).items():
        if str(key).startswith("x-"):
            continue
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            _put_map(out, path, value)
        else:
            _put(out, path, value)


def _put_ids(out: Fields, prefix: str, mapping: dict[str, Any] | None) -> None:
    """A map keyed by ids (indicator targets, actuals): ``prefix[id]``."""
    for key, value in (mapping or {}).items():
        if not str(key).startswith("x-"):
            _put(out, f"{prefix}[{key}]", value)


def _years(years: tuple[int, int] | None, whole: tuple[int, int] | None) -> dict[str, int] | None:
    # Years equal to the whole period say nothing more than no years at all.
    if years is None or years == whole:
        return None
    return {"from": years[0], "to": years[1]}


def _budget(out: Fields, prefix: str, budget: model.YearBudget, totals: bool) -> None:
    if totals:
        summed: dict[str, float] = {}
        for sources in budget.values():
            for source, money in sources.items():
                if not str(source).startswith("x-") and isinstance(money, (int, float)):
                    summed[source] = summed.get(source, 0) + money
        for source in sorted(summed, key=source_order):
            out[f"{prefix}.total.{source}"] = summed[source]
        return
    for year in sorted(budget):
        for source, money in budget[year].items():
            if not str(source).startswith("x-"):
                _put(out, f"{prefix}.{year}.{source}", money)


def source_order(source: str) -> tuple[int, str]:
    from kpss_cli import codes

    order = list(codes.FUNDING_SOURCE)
    return (order.index(source) if source in order else len(order), source)


def indicator_fields(ind: model.Indicator, periods: bool = False) -> Fields:
    """The comparable values of an indicator (per-year targets left out across periods)."""
    out: Fields = {}
    _put(out, "name", ind.name)
    _put(out, "unit", ind.unit)
    _put(out, "kind", ind.kind)
    _put_map(out, "baseline", ind.baseline)
    _put(out, "target", ind.target)
    if not periods:
        for year in sorted(ind.targets):
            _put(out, f"targets.{year}", ind.targets[year])
    _put(out, "aggregate", ind.aggregate)
    return out


def activity_fields(act: model.Activity, whole: tuple[int, int], periods: bool = False) -> Fields:
    """The comparable values of an activity."""
    out: Fields = {}
    _put(out, "title", act.title)
    _put(out, "description", act.description)
    _put(out, "responsible", act.responsible)
    _put(out, "years", _years(act.years, whole))
    _budget(out, "budget", act.budget, periods)
    return out


def measure_fields(m: model.Measure, periods: bool = False) -> Fields:
    """The own values of a measure (its indicators and activities are compared one by one)."""
    out: Fields = {}
    _put(out, "title", m.title)
    _put(out, "description", m.description)
    _put(out, "rationale", m.rationale)
    _put(out, "kind", m.kind)
    _put(out, "target_groups", m.target_groups)
    _put(out, "service_types", m.service_types)
    _put(out, "services", m.services)
    _put(out, "responsible", m.responsible)
    _put(out, "partners", m.partners)
    _put(out, "years", _years(m.years, m.period))
    _put(out, "addresses", m.addresses)
    if (
        not periods
    ):  # across periods every measure "continues" something new; that is the match, not a change
        _put(out, "continues", m.continues)
    _put(out, "regional_link", m.regional_link)
    _budget(out, "budget", m.budget, periods)
    return out


def _nested(prefix: str, fields: Fields) -> Fields:
    return {f"{prefix}.{path}": value for path, value in fields.items()}


def measure_all_fields(m: model.Measure, periods: bool = False) -> Fields:
    """Every value of a measure with its indicators and activities (added/removed measures)."""
    out = measure_fields(m, periods)
    for ind in m.indicators:
        out.update(_nested(f"indicators[{ind.id}]", indicator_fields(ind, periods)))
    for act in m.activities:
        out.update(_nested(f"activities[{act.id}]", activity_fields(act, m.active_years, periods)))
    return out


def priority_fields(p: model.Priority) -> Fields:
    """The own values of a priority (its measures are entities of their own)."""
    out: Fields = {}
    _put(out, "title", p.title)
    _put(out, "description", p.description)
    _put(out, "working_group", p.working_group)
    _put(out, "target_groups", p.target_groups)
    for part in ("strengths", "weaknesses", "opportunities", "threats"):
        _put(out, f"swot.{part}", p.swot.get(part))
    return out


def need_fields(n: model.Need) -> Fields:
    """The comparable values of a need."""
    out: Fields = {}
    _put(out, "text", n.text)
    _put(out, "source", n.source)
    _put(out, "target_groups", n.target_groups)
    return out


def plan_fields(p: model.Plan) -> Fields:
    """The own values of a plan (its needs and priorities are entities of their own)."""
    out: Fields = {}
    _put(out, "title", p.title)
    _put(out, "period", {"start": p.start, "end": p.end})
    _put(out, "status", p.status)
    _put_map(out, "approved", p.approved)
    _put(out, "previous", p.previous)
    _put(out, "regional_plan", p.regional_plan)
    _put(out, "vision", p.vision)
    return out


def action_plan_fields(ap: model.ActionPlan) -> Fields:
    """The own values of an action plan (its items are entities of their own)."""
    out: Fields = {}
    _put(out, "plan", ap.plan_id)
    _put(out, "year", ap.year)
    _put(out, "status", ap.status)
    _put_map(out, "approved", ap.approved)
    return out


def item_fields(it: model.Item) -> Fields:
    """The own values of an action-plan item (its result is an entity of its own)."""
    out: Fields = {}
    _put(out, "activities", it.activities)
    _put(out, "note", it.note)
    _put_map(out, "budget", it.budget)
    _put_ids(out, "targets", it.targets)
    _put(out, "carried_over", it.carried_over)
    return out


def result_fields(r: model.Result) -> Fields:
    """The values of an evaluation (result) of an item."""
    out: Fields = {}
    _put(out, "status", r.status)
    _put_ids(out, "actuals", r.actuals)
    _put_map(out, "spent", r.spent)
    _put(out, "comment", r.comment)
    _put(out, "evaluated", r.evaluated)
    return out


def provider_fields(p: model.Provider) -> Fields:
    """The comparable values of a provider."""
    out: Fields = {}
    for key in ("name", "ico", "legal_form", "address", "web", "email", "phone"):
        _put(out, key, getattr(p, key))
    return out


def service_fields(s: model.Service) -> Fields:
    """The comparable values of a service."""
    out: Fields = {}
    _put(out, "name", s.name)
    _put(out, "registered", s.registered)
    _put(out, "provider", s.provider)
    _put(out, "type", s.type)
    _put(out, "forms", s.forms)
    _put(out, "target_groups", s.target_groups)
    _put_map(out, "capacity", s.capacity)
    _put(out, "area", s.area)
    network_fields(out, s)
    _put_map(out, "contact", s.contact)
    # The citizen fields (what the catalogue and the web site print).
    _put(out, "description", s.description)
    _put(out, "hours", s.hours)
    _put(out, "payment", s.payment)
    _put(out, "payment_note", s.payment_note)
    for i, place in enumerate(s.places, start=1):
        for key in ("name", "address", "municipality", "note"):
            _put(out, f"places[{i}].{key}", place.get(key))
    _put(out, "life_situations", s.life_situations)
    return out


def network_fields(out: Fields, s: model.Service) -> None:
    """Plain network years as ``network``; each entry as ``network[2025/kraj]`` (its level), with
    ``network[2025/kraj].units.fte`` and ``network[2025/kraj].resolution``."""
    _put(out, "network", sorted(e.year for e in s.network_entries if e.level is None))
    for e in s.network_entries:
        if e.level is None:
            continue
        key = f"network[{e.year}/{e.level}]"
        out[key] = e.level
        for unit, amount in e.units:
            out[f"{key}.units.{unit}"] = amount
        _put(out, f"{key}.resolution", e.resolution)


def grant_round_fields(g: model.GrantRound) -> Fields:
    """The values of a grant programme round (grants/<year>.yaml) itself."""
    out: Fields = {}
    _put(out, "programme", g.programme)
    _put(out, "year", g.year)
    _put(out, "budget", g.budget)
    _put_map(out, "approved", g.approved)
    return out


def grant_fields(a: model.Application) -> Fields:
    """The values of one application of a grant programme."""
    out: Fields = {}
    for key in ("service", "requested", "granted", "paid", "settled", "note"):
        _put(out, key, getattr(a, key))
    return out


HIDDEN = "(hidden)"


def group_fields(g: model.Group) -> Fields:
    """A group with its lead and members by name (see :func:`hide_people` before showing them)."""
    out: Fields = {}
    _put(out, "name", g.name)
    _put(out, "kind", g.kind)
    _put(out, "target_groups", g.target_groups)
    _put(out, "lead", g.lead)
    for member in g.members:
        _put(out, f"members[{member.name}].role", member.role)
        _put(out, f"members[{member.name}].organisation", member.organisation)
    return out


def hide_people(
    fields: list[FieldChange], old: model.Group | None, new: model.Group | None
) -> list[FieldChange]:
    """Members and leads are personal data (docs/format.md): their names become a count and "(hidden)".

    The comparison itself used the names, so a member replaced by another one still shows as a
    change of the members ("members 6 → 6").
    """
    shown: list[FieldChange] = []
    members_changed = False
    for f in fields:
        if f.path.startswith("members["):
            members_changed = True
        elif f.path == "lead":
            shown.append(
                FieldChange(
                    "lead", None if f.old is None else HIDDEN, None if f.new is None else HIDDEN
                )
            )
        else:
            shown.append(f)
    if members_changed:
        shown.append(
            FieldChange(
                "members",
                len(old.members) if old is not None else None,
                len(new.members) if new is not None else None,
            )
        )
    return shown


def manifest_fields(m: model.Manifest) -> Fields:
    """The values of kpss.yaml (municipalities by their code)."""
    out: Fields = {}
    data = m.data
    _put(out, "kpss", data.get("kpss"))
    territory = data.get("territory") or {}
    for key in ("name", "kind", "region"):
        _put(out, f"territory.{key}", territory.get(key))
    for muni in territory.get("municipalities") or []:
        if isinstance(muni, dict):
            _put(out, f"territory.municipalities[{muni.get('code')}]", muni.get("name"))
    _put_map(out, "coordinator", data.get("coordinator"))
    _put_map(out, "fulfilment", data.get("fulfilment"))
    _put_map(out, "documents", data.get("documents"))
    return out


def compare_fields(old: Fields, new: Fields) -> list[FieldChange]:
    """The values that differ, in the order of the new entity, then those only the old one had."""
    changed = [
        FieldChange(path, old.get(path), value)
        for path, value in new.items()
        if not same(old.get(path), value)
    ]
    changed.extend(FieldChange(path, value, None) for path, value in old.items() if path not in new)
    return changed


def added_fields(fields: Fields) -> list[FieldChange]:
    return [FieldChange(path, None, value) for path, value in fields.items()]


def removed_fields(fields: Fields) -> list[FieldChange]:
    return [FieldChange(path, value, None) for path, value in fields.items()]
