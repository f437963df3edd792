"""Comparing entities (plans, action plans, services, groups, the manifest) into a :class:`Ctx`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kpss_cli import model
from kpss_cli.changes import FieldChange
from kpss_cli.diff.fields import (
    Fields,
    action_plan_fields,
    activity_fields,
    added_fields,
    compare_fields,
    group_fields,
    hide_people,
    indicator_fields,
    item_fields,
    manifest_fields,
    measure_all_fields,
    measure_fields,
    need_fields,
    plan_fields,
    priority_fields,
    provider_fields,
    removed_fields,
    result_fields,
    service_fields,
)
from kpss_cli.diff.matching import Pair, T, match_entities, prefix_translator
from kpss_cli.diff.result import ADDED, CHANGED, REMOVED, Change
from kpss_cli.i18n import _


@dataclass
class Ctx:
    """Where changes are being collected and how entities are compared."""

    file: str
    periods: bool = False
    with_members: bool = False
    plan: str | None = None
    year: int | None = None
    changes: list[Change] = field(default_factory=list)
    priority_pairs: list[Pair[model.Priority]] = field(default_factory=list)
    priority_map: dict[str, str] = field(default_factory=dict)  # old priority id -> new one

    def add(
        self,
        kind: str,
        entity: str,
        ident: str,
        fields: list[FieldChange],
        *,
        old_id: str | None = None,
        match: str | None = None,
        title: str | None = None,
        measure: str | None = None,
        section: str | None = None,
    ) -> None:
        """Record a change; a changed entity with no changed field and the same id is none."""
        if kind == CHANGED and not fields and (old_id is None or old_id == ident):
            return
        self.changes.append(
            Change(
                kind=kind,
                entity=entity,
                file=self.file,
                id=ident,
                old_id=old_id if kind == CHANGED else None,
                match=match if kind == CHANGED else None,
                fields=fields,
                title=title,
                plan=self.plan,
                year=self.year,
                measure=measure,
                section=section if section is not None else self.file,
            )
        )


def _pair_kind(pair: Pair[Any]) -> str:
    return ADDED if pair.old is None else REMOVED if pair.new is None else CHANGED


def compare_measures(ctx: Ctx, pair: Pair[model.Measure], section: str | None = None) -> None:
    """One measure pair: its own fields, then its indicators and activities one by one."""
    old, new = pair.old, pair.new
    periods = ctx.periods
    if old is None or new is None:
        m = new or old
        assert m is not None
        values = measure_all_fields(m, periods)
        ctx.add(
            ADDED if old is None else REMOVED,
            "measure",
            m.id,
            added_fields(values) if old is None else removed_fields(values),
            title=m.title,
            section=section,
        )
        return
    fields = compare_fields(measure_fields(old, periods), measure_fields(new, periods))
    # A measure that moved to another priority (not one renumbered as a whole).
    if ctx.priority_map.get(old.priority_id, old.priority_id) != new.priority_id:
        fields.insert(0, FieldChange("priority", old.priority_id, new.priority_id))
    child: list[tuple[str, str, str, list[FieldChange], str]] = []
    translate = prefix_translator(old.id, new.id)
    for ipair in match_entities(
        old.indicators,
        new.indicators,
        lambda i: i.id,
        lambda i: i.name,
        translate=translate,
        any_title=not periods,
    ):
        if ipair.old is not None and ipair.new is not None:
            prefix = f"indicators[{ipair.new.id}]"
            sub = compare_fields(
                indicator_fields(ipair.old, periods), indicator_fields(ipair.new, periods)
            )
            if translate(ipair.old.id) != ipair.new.id:
                sub.insert(0, FieldChange("id", ipair.old.id, ipair.new.id))
            fields.extend(FieldChange(f"{prefix}.{f.path}", f.old, f.new) for f in sub)
        else:
            ind = ipair.new or ipair.old
            assert ind is not None
            ind_values = indicator_fields(ind, periods)
            child.append(
                (
                    _pair_kind(ipair),
                    "indicator",
                    ind.id,
                    added_fields(ind_values) if ipair.old is None else removed_fields(ind_values),
                    ind.name,
                )
            )
    for apair in match_entities(
        old.activities,
        new.activities,
        lambda a: a.id,
        lambda a: a.title,
        translate=translate,
        any_title=not periods,
    ):
        if apair.old is not None and apair.new is not None:
            prefix = f"activities[{apair.new.id}]"
            sub = compare_fields(
                activity_fields(apair.old, old.active_years, periods),
                activity_fields(apair.new, new.active_years, periods),
            )
            if translate(apair.old.id) != apair.new.id:
                sub.insert(0, FieldChange("id", apair.old.id, apair.new.id))
            fields.extend(FieldChange(f"{prefix}.{f.path}", f.old, f.new) for f in sub)
        else:
            act = apair.new or apair.old
            assert act is not None
            whole = (new if apair.new is not None else old).active_years
            act_values = activity_fields(act, whole, periods)
            child.append(
                (
                    _pair_kind(apair),
                    "activity",
                    act.id,
                    added_fields(act_values) if apair.old is None else removed_fields(act_values),
                    act.title,
                )
            )
    ctx.add(
        CHANGED,
        "measure",
        new.id,
        fields,
        old_id=old.id,
        match=pair.match,
        title=new.title,
        section=section,
    )
    for kind, entity, ident, child_fields, title in child:
        ctx.add(kind, entity, ident, child_fields, title=title, measure=new.id, section=section)


def _priority_key_from_measures(
    old_plan: model.Plan, new_plan: model.Plan, measure_pairs: list[Pair[model.Measure]]
) -> tuple[Callable[[model.Priority], str | None], Callable[[model.Priority], str | None]]:
    """Continuation keys of priorities: the old priority that most of its measures continue."""
    votes: dict[str, Counter[str]] = {}
    for p in measure_pairs:
        if p.old is not None and p.new is not None and p.match == "continues":
            votes.setdefault(p.new.priority_id, Counter())[p.old.priority_id] += 1
    chosen: dict[str, str] = {}
    for new_pid, counter in votes.items():
        ((old_pid, count),) = counter.most_common(1)
        if count * 2 >= sum(counter.values()):
            chosen[new_pid] = old_pid
    return (lambda p: p.id), (lambda p: chosen.get(p.id))


def compare_plans(
    old: model.Plan | None, new: model.Plan | None, ctx: Ctx
) -> dict[str, tuple[str, str | None]]:
    """Every entity of two versions of a plan file (revisions) or two plans (periods).

    Returns the renumbering of measures (old id -> (new id, how matched)) for its action plans.
    """
    periods = ctx.periods
    if old is None or new is None:
        plan = new or old
        assert plan is not None
        kind = ADDED if old is None else REMOVED
        make = added_fields if old is None else removed_fields
        ctx.plan = plan.id
        ctx.add(kind, "plan", plan.id, make(plan_fields(plan)), title=plan.title)
        for plan_need in plan.needs:
            ctx.add(kind, "need", plan_need.id, make(need_fields(plan_need)), title=plan_need.text)
        for plan_priority in plan.priorities:
            ctx.add(
                kind,
                "priority",
                plan_priority.id,
                make(priority_fields(plan_priority)),
                title=plan_priority.title,
            )
            for m in plan_priority.measures:
                compare_measures(ctx, Pair(None, m) if old is None else Pair(m, None))
        return {}

    ctx.plan = new.id
    if not periods:
        ctx.add(
            CHANGED,
            "plan",
            new.id,
            compare_fields(plan_fields(old), plan_fields(new)),
            old_id=old.id,
            match="id",
            title=new.title,
        )
    needs_section = _("Needs") if periods else None
    for npair in match_entities(
        old.needs, new.needs, lambda n: n.id, lambda n: n.text, any_title=not periods
    ):
        if npair.old is not None and npair.new is not None:
            ctx.add(
                CHANGED,
                "need",
                npair.new.id,
                compare_fields(need_fields(npair.old), need_fields(npair.new)),
                old_id=npair.old.id,
                match=npair.match,
                title=npair.new.text,
                section=needs_section,
            )
        else:
            need = npair.new or npair.old
            assert need is not None
            values = need_fields(need)
            ctx.add(
                _pair_kind(npair),
                "need",
                need.id,
                added_fields(values) if npair.old is None else removed_fields(values),
                title=need.text,
                section=needs_section,
            )

    # Measures are matched over the whole plan: a measure may move to another priority.
    if periods:
        measure_pairs = match_entities(
            old.measures,
            new.measures,
            lambda m: m.id,
            lambda m: m.title,
            old_key=lambda m: f"{old.id}/{m.id}",
            new_key=lambda m: m.continues,
            any_title=False,
        )
    else:
        measure_pairs = match_entities(
            old.measures,
            new.measures,
            lambda m: m.id,
            lambda m: m.title,
            old_key=lambda m: m.continues,
            new_key=lambda m: m.continues,
            any_title=True,
        )
    renumbering = {
        p.old.id: (p.new.id, p.match)
        for p in measure_pairs
        if p.old is not None and p.new is not None and p.old.id != p.new.id
    }

    if periods:
        old_key, new_key = _priority_key_from_measures(old, new, measure_pairs)
        priority_pairs = match_entities(
            old.priorities,
            new.priorities,
            lambda p: p.id,
            lambda p: p.title,
            old_key=old_key,
            new_key=new_key,
            any_title=False,
        )
    else:
        priority_pairs = match_entities(
            old.priorities, new.priorities, lambda p: p.id, lambda p: p.title
        )
    ctx.priority_pairs = priority_pairs
    new_priority_of_old = {
        p.old.id: p.new.id for p in priority_pairs if p.old is not None and p.new is not None
    }
    ctx.priority_map = new_priority_of_old

    by_new_priority: dict[str, list[Pair[model.Measure]]] = {}
    removed_by_old_priority: dict[str, list[Pair[model.Measure]]] = {}
    for mp in measure_pairs:
        if mp.new is not None:
            by_new_priority.setdefault(mp.new.priority_id, []).append(mp)
        else:
            assert mp.old is not None
            target = new_priority_of_old.get(mp.old.priority_id)
            if target is not None:
                by_new_priority.setdefault(target, []).append(mp)
            else:
                removed_by_old_priority.setdefault(mp.old.priority_id, []).append(mp)

    for ppair in priority_pairs:
        priority = ppair.new or ppair.old
        assert priority is not None
        section = _priority_section(priority) if periods else None
        if ppair.old is not None and ppair.new is not None:
            ctx.add(
                CHANGED,
                "priority",
                ppair.new.id,
                compare_fields(priority_fields(ppair.old), priority_fields(ppair.new)),
                old_id=ppair.old.id,
                match=ppair.match,
                title=ppair.new.title,
                section=section,
            )
            measures = by_new_priority.get(ppair.new.id, [])
        else:
            values = priority_fields(priority)
            ctx.add(
                _pair_kind(ppair),
                "priority",
                priority.id,
                added_fields(values) if ppair.old is None else removed_fields(values),
                title=priority.title,
                section=section,
            )
            measures = (
                by_new_priority.get(priority.id, [])
                if ppair.new is not None
                else removed_by_old_priority.get(priority.id, [])
            )
        for mp in measures:
            compare_measures(ctx, mp, section)
    return renumbering


def _priority_section(p: model.Priority) -> str:
    return _("Priority {id}: {title}").format(id=p.id, title=p.title)


def compare_action_plans(
    old: model.ActionPlan | None,
    new: model.ActionPlan | None,
    ctx: Ctx,
    renumbering: dict[str, tuple[str, str | None]] | None = None,
) -> None:
    """An action plan, its items and their results.

    Items pair by equal measure id; the items left over pair through the plan's renumbering of
    measures (old id -> new id and how the measures were matched), when the plan changed too.
    """
    ap = new or old
    assert ap is not None
    ctx.plan, ctx.year = ap.plan_id, ap.year
    ident = f"{ap.plan_id}/{ap.year}"
    if old is None or new is None:
        kind = ADDED if old is None else REMOVED
        make = added_fields if old is None else removed_fields
        ctx.add(kind, "action_plan", ident, make(action_plan_fields(ap)))
        for ap_item in ap.items:
            ctx.add(kind, "item", ap_item.measure, make(item_fields(ap_item)))
            if ap_item.result is not None:
                ctx.add(kind, "result", ap_item.measure, make(result_fields(ap_item.result)))
        return
    ctx.add(
        CHANGED,
        "action_plan",
        ident,
        compare_fields(action_plan_fields(old), action_plan_fields(new)),
        old_id=f"{old.plan_id}/{old.year}",
        match="id",
    )
    pairs = _pair_by_id(old.items, new.items, lambda i: i.measure)
    free_new = {p.new.measure: p for p in pairs if p.old is None and p.new is not None}
    for p in pairs:
        if p.new is None and p.old is not None and renumbering and p.old.measure in renumbering:
            new_id, how = renumbering[p.old.measure]
            partner = free_new.pop(new_id, None)
            if partner is not None:
                partner.old, partner.match = p.old, how
                p.old = None
    for pair in pairs:
        if pair.old is None and pair.new is None:
            continue
        if pair.old is not None and pair.new is not None:
            # A renumbered measure renumbers its indicators and activities ("2.1.a" -> "2.5.a").
            before = _renumbered_item(pair.old, pair.new.measure)
            ctx.add(
                CHANGED,
                "item",
                pair.new.measure,
                compare_fields(item_fields(before), item_fields(pair.new)),
                old_id=pair.old.measure,
                match=pair.match,
            )
            _compare_results(ctx, before, pair.new, pair.match, pair.old.measure)
            continue
        it = pair.new or pair.old
        assert it is not None
        kind = _pair_kind(pair)
        make = added_fields if kind == ADDED else removed_fields
        ctx.add(kind, "item", it.measure, make(item_fields(it)))
        if it.result is not None:
            ctx.add(kind, "result", it.measure, make(result_fields(it.result)))


def _renumbered_item(item: model.Item, measure_id: str) -> model.Item:
    """An item of a renumbered measure, with its indicator and activity ids renumbered too."""
    if item.measure == measure_id:
        return item
    translate = prefix_translator(item.measure, measure_id)
    result = item.result
    if result is not None:
        result = replace(result, actuals={translate(k): v for k, v in result.actuals.items()})
    return replace(
        item,
        measure=measure_id,
        activities=[translate(a) for a in item.activities],
        targets={translate(k): v for k, v in item.targets.items()},
        result=result,
    )


def _compare_results(
    ctx: Ctx, old: model.Item, new: model.Item, match: str | None, old_id: str | None = None
) -> None:
    if old.result is None and new.result is None:
        return
    if old.result is None or new.result is None:
        result = new.result or old.result
        assert result is not None
        values = result_fields(result)
        kind = ADDED if old.result is None else REMOVED
        ctx.add(
            kind,
            "result",
            new.measure,
            added_fields(values) if kind == ADDED else removed_fields(values),
        )
        return
    fields = compare_fields(result_fields(old.result), result_fields(new.result))
    if fields:  # a renumbering alone is told by the item
        ctx.add(CHANGED, "result", new.measure, fields, old_id=old_id or old.measure, match=match)


def _compare_listed(
    ctx: Ctx,
    entity: str,
    old: Sequence[T],
    new: Sequence[T],
    ident: Callable[[T], str],
    title: Callable[[T], str],
    fields: Callable[[T], Fields],
) -> None:
    """Entities identified by their id alone (providers, services, groups)."""
    for pair in _pair_by_id(old, new, ident):
        if pair.old is not None and pair.new is not None:
            ctx.add(
                CHANGED,
                entity,
                ident(pair.new),
                compare_fields(fields(pair.old), fields(pair.new)),
                old_id=ident(pair.old),
                match="id",
                title=title(pair.new),
            )
        else:
            item = pair.new if pair.new is not None else pair.old
            assert item is not None
            values = fields(item)
            ctx.add(
                _pair_kind(pair),
                entity,
                ident(item),
                added_fields(values) if pair.old is None else removed_fields(values),
                title=title(item),
            )


def _pair_by_id(old: Sequence[T], new: Sequence[T], ident: Callable[[T], str]) -> list[Pair[T]]:
    olds: dict[str, list[int]] = {}
    for oi, o in enumerate(old):
        olds.setdefault(ident(o), []).append(oi)
    taken: set[int] = set()
    pairs: list[Pair[T]] = []
    for n in new:
        candidates = [oi for oi in olds.get(ident(n), []) if oi not in taken]
        if candidates:
            taken.add(candidates[0])
            pairs.append(Pair(old[candidates[0]], n, "id"))
        else:
            pairs.append(Pair(None, n))
    pairs.extend(Pair(o, None) for oi, o in enumerate(old) if oi not in taken)
    return pairs


def compare_services(
    old: tuple[list[model.Provider], list[model.Service]],
    new: tuple[list[model.Provider], list[model.Service]],
    ctx: Ctx,
) -> None:
    """Providers and services of services.yaml, by id."""
    _compare_listed(
        ctx, "provider", old[0], new[0], lambda p: p.id, lambda p: p.name, provider_fields
    )
    _compare_listed(
        ctx, "service", old[1], new[1], lambda s: s.id, lambda s: s.name, service_fields
    )


def compare_grants(
    old: model.GrantRound | None, new: model.GrantRound | None, ctx: Ctx
) -> None:
    """A grants file: the round itself (entity ``grant``, id = the file's name, e.g. ``2025``) and
    each application (entity ``grant``, id ``2025/<application id>``), by id."""
    from kpss_cli.diff.fields import grant_fields, grant_round_fields

    either = new or old
    if either is None:
        return
    stem = either.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    empty: list[model.GrantRound] = []
    _compare_listed(
        ctx,
        "grant",
        [old] if old is not None else empty,
        [new] if new is not None else empty,
        lambda g: stem,
        lambda g: g.programme,
        grant_round_fields,
    )
    _compare_listed(
        ctx,
        "grant",
        old.applications if old is not None else [],
        new.applications if new is not None else [],
        lambda a: f"{stem}/{a.id}",
        lambda a: a.service,
        grant_fields,
    )


def compare_groups(old: list[model.Group], new: list[model.Group], ctx: Ctx) -> None:
    """Groups of groups.yaml, by id; names of people only with ``ctx.with_members``."""
    for pair in _pair_by_id(old, new, lambda g: g.id):
        group = pair.new if pair.new is not None else pair.old
        assert group is not None
        if pair.old is not None and pair.new is not None:
            kind = CHANGED
            fields = compare_fields(group_fields(pair.old), group_fields(pair.new))
        elif pair.old is None:
            kind, fields = ADDED, added_fields(group_fields(group))
        else:
            kind, fields = REMOVED, removed_fields(group_fields(group))
        if not ctx.with_members:
            fields = hide_people(fields, pair.old, pair.new)
        ctx.add(kind, "group", group.id, fields, old_id=group.id, match="id", title=group.name)


def compare_manifests(old: model.Manifest | None, new: model.Manifest | None, ctx: Ctx) -> None:
    """kpss.yaml as one entity."""
    if old is None and new is None:
        return
    if old is None or new is None:
        m = new or old
        assert m is not None
        values = manifest_fields(m)
        ctx.add(
            ADDED if old is None else REMOVED,
            "manifest",
            "manifest",
            added_fields(values) if old is None else removed_fields(values),
            title=m.territory_name,
        )
        return
    ctx.add(
        CHANGED,
        "manifest",
        "manifest",
        compare_fields(manifest_fields(old), manifest_fields(new)),
        old_id="manifest",
        match="id",
        title=new.territory_name,
    )
