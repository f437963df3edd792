"""Semantic diff as data: two plan periods (``kpss diff A B``) or two git revisions (``--rev``).

Entities are compared, not lines: a change is "measure 1.2: target of indicator 1.2.a 120 → 140",
with the entity's id, how it was matched with its earlier self (``continues``, equal ``id``, or a
similar ``title`` — the last one a probable match) and its changed fields as paths relative to the
entity (``indicators[1.2.a].target``, ``budget.2024.obce``). The JSON and markdown forms are made
here too (pure functions of the result); the coloured text form lives in the CLI.

Revision diffs cost no more than the changed part of the repository: files whose blob ids are
equal at both revisions are not read, and inside a changed file the entries of a top-level list
(services, providers, groups, needs, priorities, items) whose text is the same at both revisions
are cut out before parsing (see :func:`_reduce_pair`), so a one-line change in a 2 MB services.yaml
parses two small documents, not two big ones.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from kpss_cli import czech, model
from kpss_cli.changes import FieldChange
from kpss_cli.errors import KpssError, UsageError
from kpss_cli.findings import Finding
from kpss_cli.loader import MAX_BYTES, Document, load_bytes, too_large
from kpss_cli.repo import MANIFEST, SCHEMA_OF_KIND, RepoFile, WorkingTree, classify

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
KINDS = (ADDED, REMOVED, CHANGED)

# Title similarity (difflib ratio of case-folded titles): an equal id needs at least SIMILAR to
# count as the same entity across periods; without an equal id, PROBABLE makes a probable match.
SIMILAR = 0.5
PROBABLE = 0.75
# A title inside the other one (at least this long) is as good as a probable match.
CONTAINED_MIN = 15
# Title matching compares every unmatched old entity with every unmatched new one; past this many
# pairs (a whole plan rewritten) it is skipped rather than made slow.
MAX_TITLE_PAIRS = 250_000

# GitHub rejects comments over 65,536 characters; the rest is left for the workflow's marker.
MARKDOWN_LIMIT = 65_000


# =================================================================================================
# The result
# =================================================================================================


@dataclass
class Change:
    """One entity added, removed or changed (SPEC §10)."""

    kind: str
    entity: str
    file: str
    id: str
    old_id: str | None = None
    match: str | None = None
    fields: list[FieldChange] = field(default_factory=list)
    title: str | None = None
    plan: str | None = None
    year: int | None = None
    measure: str | None = None  # the measure of an indicator or activity
    section: str = ""  # where a report groups it: the file (revisions) or the priority (periods)

    @property
    def label(self) -> str:
        """The entity in words: "measure 1.2", "item 1.2 of action plan 2025"."""
        return entity_label(self)

    def to_json(self) -> dict[str, Any]:
        """As JSON data (SPEC §10), with the text line as ``message``."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "entity": self.entity,
            "file": self.file,
            "id": self.id,
            "old_id": self.old_id,
            "match": self.match,
            "fields": [f.to_json() for f in self.fields],
            "title": self.title,
        }
        for key in ("plan", "year", "measure"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        data["message"] = describe_change(self)
        return data


@dataclass
class InvalidFile:
    """A file that could not be compared because it is invalid at one revision."""

    file: str
    side: str  # "from" or "to"
    revision: str
    errors: list[Finding]

    def to_json(self) -> dict[str, Any]:
        """As JSON data, with the first 20 errors."""
        return {
            "file": self.file,
            "side": self.side,
            "revision": self.revision,
            "errors": len(self.errors),
            "findings": [
                {
                    "line": f.line,
                    "column": f.column,
                    "code": f.code,
                    "message": f.message,
                    "path": f.path,
                }
                for f in self.errors[:20]
            ],
            "message": invalid_message(self),
        }


@dataclass
class BudgetLine:
    """Old and new money of one funding source, one priority or the whole plan."""

    key: str
    old: float | None
    new: float | None
    title: str | None = None
    old_key: str | None = None

    def to_json(self) -> dict[str, Any]:
        """As JSON data."""
        return {
            "id": self.key,
            "old_id": self.old_key,
            "title": self.title,
            "old": self.old,
            "new": self.new,
        }


@dataclass
class Diff:
    """What changed between two plans or two revisions."""

    mode: str  # "plans" or "revisions"
    from_label: str
    to_label: str
    changes: list[Change] = field(default_factory=list)
    invalid: list[InvalidFile] = field(default_factory=list)
    from_commit: str | None = None
    to_commit: str | None = None
    files: list[str] = field(default_factory=list)  # files whose content differs
    plans: dict[str, dict[str, Any]] = field(default_factory=dict)  # period mode: both plans
    budget_sources: list[BudgetLine] = field(default_factory=list)
    budget_priorities: list[BudgetLine] = field(default_factory=list)
    budget_total: BudgetLine | None = None

    @property
    def summary(self) -> dict[str, int]:
        """The number of changes of each kind (SPEC §10 ``summary``)."""
        counted = Counter(c.kind for c in self.changes)
        return {kind: counted.get(kind, 0) for kind in KINDS}

    @property
    def has_changes(self) -> bool:
        """True when anything differs (also a file that became invalid or valid)."""
        return bool(self.changes or self.invalid)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of SPEC §10, as plain data."""
        summary: dict[str, Any] = dict(self.summary)
        summary["invalid"] = len(self.invalid)
        data: dict[str, Any] = {
            "from": self.from_label,
            "to": self.to_label,
            "mode": self.mode,
            "summary": summary,
            "changes": [c.to_json() for c in self.changes],
            "invalid": [i.to_json() for i in self.invalid],
        }
        if self.mode == "revisions":
            data["from_commit"] = self.from_commit
            data["to_commit"] = self.to_commit
            data["files"] = self.files
        else:
            data["plans"] = self.plans
            data["budget"] = {
                "sources": [b.to_json() for b in self.budget_sources],
                "priorities": [b.to_json() for b in self.budget_priorities],
                "total": self.budget_total.to_json() if self.budget_total else None,
            }
        return data


def to_json(diff: Diff) -> str:
    """The diff as the JSON document of SPEC §10."""
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2)


# =================================================================================================
# Values: comparison and fields of each entity
# =================================================================================================

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
        for source in sorted(summed, key=_source_order):
            out[f"{prefix}.total.{source}"] = summed[source]
        return
    for year in sorted(budget):
        for source, money in budget[year].items():
            if not str(source).startswith("x-"):
                _put(out, f"{prefix}.{year}.{source}", money)


def _source_order(source: str) -> tuple[int, str]:
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
    _put(out, "network", s.network)
    _put_map(out, "contact", s.contact)
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
    """Members and leads are personal data (SPEC §3): their names become a count and "(hidden)".

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


def _added_fields(fields: Fields) -> list[FieldChange]:
    return [FieldChange(path, None, value) for path, value in fields.items()]


def _removed_fields(fields: Fields) -> list[FieldChange]:
    return [FieldChange(path, value, None) for path, value in fields.items()]


# =================================================================================================
# Matching entities
# =================================================================================================

T = TypeVar("T")


@dataclass
class Pair(Generic[T]):
    """An old entity and the new one it became; one side None for added or removed entities."""

    old: T | None
    new: T | None
    match: str | None = None


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def similarity(a: str, b: str) -> float:
    """How alike two titles are, 0–1 (difflib ratio of the case-folded texts)."""
    a, b = _fold(a), _fold(b)
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _similar_enough(a: str, b: str, threshold: float) -> float:
    a, b = _fold(a), _fold(b)
    if a == b:
        return 1.0
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= CONTAINED_MIN and shorter in longer:
        # A title shortened or extended ("Podpora pečujících osob – odlehčovací služby …" ->
        # "Podpora pečujících osob") keeps its entity, however much the ratio drops.
        return max(threshold, difflib.SequenceMatcher(None, a, b, autojunk=False).ratio())
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= threshold else 0.0


def match_entities(
    old: Sequence[T],
    new: Sequence[T],
    ident: Callable[[T], str],
    title: Callable[[T], str],
    *,
    old_key: Callable[[T], str | None] | None = None,
    new_key: Callable[[T], str | None] | None = None,
    translate: Callable[[str], str] = lambda ident: ident,
    any_title: bool = True,
) -> list[Pair[T]]:
    """Pair old and new entities: by ``continues`` keys, equal id with a similar title, title
    similarity (probable), and — when ``any_title`` (revisions) — equal id whatever the title.

    ``old_key``/``new_key`` give the continuation key of an entity (equal keys are the same
    entity); ``translate`` maps an old id into the new numbering before ids are compared.
    Returns the new entities in order (matched or added), then the removed old ones.
    """
    partner: dict[int, tuple[int, str]] = {}  # new index -> (old index, match)
    taken: set[int] = set()

    def pair(ni: int, oi: int, how: str) -> None:
        partner[ni] = (oi, how)
        taken.add(oi)

    if old_key is not None and new_key is not None:
        olds: dict[str, list[int]] = {}
        for oi, o in enumerate(old):
            key = old_key(o)
            if key is not None:
                olds.setdefault(key, []).append(oi)
        news: dict[str, list[int]] = {}
        for ni, n in enumerate(new):
            key = new_key(n)
            if key is not None:
                news.setdefault(key, []).append(ni)
        for key, nis in news.items():
            ois = olds.get(key, [])
            if len(nis) == 1 and len(ois) == 1:
                pair(nis[0], ois[0], "continues")

    def by_id(require_title: bool) -> None:
        olds: dict[str, list[int]] = {}
        for oi, o in enumerate(old):
            if oi not in taken:
                olds.setdefault(translate(ident(o)), []).append(oi)
        for ni, n in enumerate(new):
            if ni in partner:
                continue
            for oi in olds.get(ident(n), []):
                if oi in taken:
                    continue
                if require_title and similarity(title(old[oi]), title(n)) < SIMILAR:
                    continue
                pair(ni, oi, "id")
                break

    by_id(True)
    free_old = [oi for oi in range(len(old)) if oi not in taken]
    free_new = [ni for ni in range(len(new)) if ni not in partner]
    if free_old and free_new and len(free_old) * len(free_new) <= MAX_TITLE_PAIRS:
        scored = []
        for ni in free_new:
            for oi in free_old:
                score = _similar_enough(title(old[oi]), title(new[ni]), PROBABLE)
                if score:
                    scored.append((-score, ni, oi))
        for _, ni, oi in sorted(scored):
            if ni not in partner and oi not in taken:
                pair(ni, oi, "title")
    if any_title:
        by_id(False)

    pairs: list[Pair[T]] = []
    for ni, n in enumerate(new):
        if ni in partner:
            oi, how = partner[ni]
            pairs.append(Pair(old[oi], n, how))
        else:
            pairs.append(Pair(None, n, None))
    pairs.extend(Pair(o, None, None) for oi, o in enumerate(old) if oi not in taken)
    return pairs


def _prefix_translator(old_id: str | None, new_id: str | None) -> Callable[[str], str]:
    """Renumber the ids of a measure's indicators and activities with it ("1.3.a" -> "1.2.a")."""
    if not old_id or not new_id or old_id == new_id:
        return lambda ident: ident

    def translate(ident: str) -> str:
        if ident.startswith(old_id) and ident[len(old_id) : len(old_id) + 1] in (".", "-", "_"):
            return new_id + ident[len(old_id) :]
        return ident

    return translate


# =================================================================================================
# Comparing entities
# =================================================================================================


@dataclass
class _Ctx:
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


def compare_measures(ctx: _Ctx, pair: Pair[model.Measure], section: str | None = None) -> None:
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
            _added_fields(values) if old is None else _removed_fields(values),
            title=m.title,
            section=section,
        )
        return
    fields = compare_fields(measure_fields(old, periods), measure_fields(new, periods))
    # A measure that moved to another priority (not one renumbered as a whole).
    if ctx.priority_map.get(old.priority_id, old.priority_id) != new.priority_id:
        fields.insert(0, FieldChange("priority", old.priority_id, new.priority_id))
    child: list[tuple[str, str, str, list[FieldChange], str]] = []
    translate = _prefix_translator(old.id, new.id)
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
                    _added_fields(ind_values) if ipair.old is None else _removed_fields(ind_values),
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
                    _added_fields(act_values) if apair.old is None else _removed_fields(act_values),
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
    old: model.Plan | None, new: model.Plan | None, ctx: _Ctx
) -> dict[str, tuple[str, str | None]]:
    """Every entity of two versions of a plan file (revisions) or two plans (periods).

    Returns the renumbering of measures (old id -> (new id, how matched)) for its action plans.
    """
    periods = ctx.periods
    if old is None or new is None:
        plan = new or old
        assert plan is not None
        kind = ADDED if old is None else REMOVED
        make = _added_fields if old is None else _removed_fields
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
    needs_section = "Needs" if periods else None
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
                _added_fields(values) if npair.old is None else _removed_fields(values),
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
                _added_fields(values) if ppair.old is None else _removed_fields(values),
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
    return f"Priority {p.id}: {p.title}"


def compare_action_plans(
    old: model.ActionPlan | None,
    new: model.ActionPlan | None,
    ctx: _Ctx,
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
        make = _added_fields if old is None else _removed_fields
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
        make = _added_fields if kind == ADDED else _removed_fields
        ctx.add(kind, "item", it.measure, make(item_fields(it)))
        if it.result is not None:
            ctx.add(kind, "result", it.measure, make(result_fields(it.result)))


def _renumbered_item(item: model.Item, measure_id: str) -> model.Item:
    """An item of a renumbered measure, with its indicator and activity ids renumbered too."""
    if item.measure == measure_id:
        return item
    translate = _prefix_translator(item.measure, measure_id)
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
    ctx: _Ctx, old: model.Item, new: model.Item, match: str | None, old_id: str | None = None
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
            _added_fields(values) if kind == ADDED else _removed_fields(values),
        )
        return
    fields = compare_fields(result_fields(old.result), result_fields(new.result))
    if fields:  # a renumbering alone is told by the item
        ctx.add(CHANGED, "result", new.measure, fields, old_id=old_id or old.measure, match=match)


def _compare_listed(
    ctx: _Ctx,
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
                _added_fields(values) if pair.old is None else _removed_fields(values),
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
    ctx: _Ctx,
) -> None:
    """Providers and services of services.yaml, by id."""
    _compare_listed(
        ctx, "provider", old[0], new[0], lambda p: p.id, lambda p: p.name, provider_fields
    )
    _compare_listed(
        ctx, "service", old[1], new[1], lambda s: s.id, lambda s: s.name, service_fields
    )


def compare_groups(old: list[model.Group], new: list[model.Group], ctx: _Ctx) -> None:
    """Groups of groups.yaml, by id; names of people only with ``ctx.with_members``."""
    for pair in _pair_by_id(old, new, lambda g: g.id):
        group = pair.new if pair.new is not None else pair.old
        assert group is not None
        if pair.old is not None and pair.new is not None:
            kind = CHANGED
            fields = compare_fields(group_fields(pair.old), group_fields(pair.new))
        elif pair.old is None:
            kind, fields = ADDED, _added_fields(group_fields(group))
        else:
            kind, fields = REMOVED, _removed_fields(group_fields(group))
        if not ctx.with_members:
            fields = hide_people(fields, pair.old, pair.new)
        ctx.add(kind, "group", group.id, fields, old_id=group.id, match="id", title=group.name)


def compare_manifests(old: model.Manifest | None, new: model.Manifest | None, ctx: _Ctx) -> None:
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
            _added_fields(values) if old is None else _removed_fields(values),
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


# =================================================================================================
# Reading the two versions of a file
# =================================================================================================


@dataclass
class _Side:
    """One file at one revision: absent, invalid (with its errors) or schema-valid data."""

    present: bool
    data: Any = None
    errors: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """Present and without errors."""
        return self.present and not self.errors


_ABSENT = _Side(False)
# Entries are found with str.find on "\n" + a fixed prefix and with patterns that start with
# "\n" rather than "^" under re.M: the search then skips ahead to newlines instead of trying every
# position (5-10x faster on a 2 MB file). The text searched is "\n" + the file, so the first line
# is found too.
# Below this size cutting a file up costs more than parsing it.
_REDUCE_MIN_BYTES = 16_384
# Entries larger than this (a priority with its measures) are cut up once more.
_NEST_MIN_BYTES = 4_096
_ITEM_AT = re.compile(r"( *)-( +|(?=[\r\n])|\Z)")

Segments = list[tuple[str | None, str]]


def _context_free(text: str) -> bool:
    """True when no entry's meaning can depend on text outside it.

    Anchors and aliases share values between entries, directives and document markers change
    how everything after them is read, and tabs make indentation unreliable. Any of them (even
    inside a quoted text: the check is deliberately coarse) means the file is parsed whole.
    """
    if "\t" in text:
        return False
    framed = "\n" + text
    if any(marker in framed for marker in ("\n---", "\n...", "\n%")):
        return False
    # str.find is a memchr scan; a regex character class would be several times slower here.
    for mark in "&*":
        at = framed.find(mark)
        while at >= 0:
            after = framed[at + 1 : at + 2]
            if framed[at - 1] in " \n\r[{," and after and after not in " \t\r\n[]{},":
                return False
            at = framed.find(mark, at + 1)
    return True


def _item_starts(framed: str, indent: int, start: int, end: int) -> list[int]:
    """Offsets of the lines in ``framed[start:end]`` that begin with ``indent`` spaces and "- "."""
    prefix = "\n" + " " * indent + "-"
    found: list[int] = []
    at = framed.find(prefix, start, end)
    while at >= 0:
        after = framed[at + len(prefix) : at + len(prefix) + 1]
        if after in ("", " ", "\r", "\n"):
            found.append(at + 1)
        at = framed.find(prefix, at + 1, end)
    return found


@cache
def _block_patterns(base: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A key line of a mapping indented by ``base``; the first line that ends a list under it."""
    key = re.compile(rf"\n {{{base}}}([A-Za-z_$][\w$.-]*)[ \t]*:[ \t]*(?:#[^\n]*)?\r?(?=\n|\Z)")
    if base:
        end = re.compile(rf"\n(?: {{0,{base - 1}}}[^\s#]| {{{base}}}[^\s#-])")
    else:
        end = re.compile(r"\n[^\s#-]")
    return key, end


def _split_block(text: str, base: int) -> Segments | None:
    """The text of a mapping whose keys are indented by ``base`` as consecutive segments:
    (key, text) for each entry of a block list under a key, (None, text) for everything else;
    joined they give the text back. None when the lists are not laid out consistently."""
    framed = "\n" + text  # offsets in ``framed`` are one more than in ``text``
    key_pattern, end_pattern = _block_patterns(base)
    segments: Segments = []
    done = 1
    for key_match in key_pattern.finditer(framed):
        if key_match.start() + 1 < done:
            continue
        body = framed.find("\n", key_match.end())
        if body < 0:
            break
        end_match = end_pattern.search(framed, body)
        end = end_match.start() + 1 if end_match else len(framed)
        first = re.compile(r"\n *[^\s#]").search(framed, body, end)
        if first is None:
            continue
        item = _ITEM_AT.match(framed, first.start() + 1)
        if item is None:
            continue
        indent = len(item.group(1))
        if indent < base:
            return None
        if indent and re.compile(rf"\n {{0,{indent - 1}}}[^\s#]").search(
            framed, first.start(), end - 1
        ):
            return None
        starts = _item_starts(framed, indent, first.start(), end)
        segments.append((None, framed[done : starts[0]]))
        key = key_match.group(1)
        for a, b in zip(starts, [*starts[1:], end], strict=True):
            segments.append((key, framed[a:b]))
        done = end
    segments.append((None, framed[done:]))
    return segments


def _split_entries(text: str) -> Segments | None:
    """The top-level lists of a file as segments (see :func:`_split_block`); None when entries
    could depend on their context (see :func:`_context_free`)."""
    if not _context_free(text):
        return None
    return _split_block(text, 0)


def _split_entry(text: str) -> Segments | None:
    """The lists inside one list entry ("- id: P1 … measures: - id: 1.1 …") as segments."""
    item = _ITEM_AT.match(text)
    if item is None or not item.group(2).startswith(" "):
        return None
    base = len(item.group(1)) + 1 + len(item.group(2))
    return _split_block(text, base)


@dataclass
class _Reduced:
    text: str
    # (key,) or (key, index of the entry in the reduced list, nested key)
    # -> 0-based line of each entry kept
    item_lines: dict[tuple[Any, ...], list[int]]


# An entry kept at the first level, cut up into its own lists (or None), with the key of its lists.
_Kept = tuple[str | None, str, Segments | None]


def _cut_common(
    old: Counter[tuple[Any, ...]],
    new: Counter[tuple[Any, ...]],
    group: Callable[[tuple[Any, ...]], Any],
) -> Counter[tuple[Any, ...]]:
    """The entries equal on both sides, minus one per list that would otherwise be left empty.

    A list keeps at least one entry so the reduced document still meets "non-empty list"
    schema rules; the entry kept is one of the equal ones, so it adds no change.
    """
    common = old & new
    totals_old: Counter[Any] = Counter()
    totals_new: Counter[Any] = Counter()
    cuts: Counter[Any] = Counter()
    for entry, count in old.items():
        totals_old[group(entry)] += count
    for entry, count in new.items():
        totals_new[group(entry)] += count
    for entry, count in common.items():
        cuts[group(entry)] += count
    for entry in list(common):
        g = group(entry)
        if cuts[g] and (cuts[g] == totals_old[g] or cuts[g] == totals_new[g]):
            cuts[g] = 0  # handled: one entry of this list stays
            common[entry] -= 1
            if common[entry] <= 0:
                del common[entry]
    return common


def _reduce_pair(old_raw: bytes, new_raw: bytes) -> tuple[_Reduced, _Reduced] | None:
    """Both versions of a file without the list entries whose text is the same in both.

    An entry is the text of one item of a top-level block list (a service, a priority, an
    action-plan item) and, inside a big entry that changed, of one item of its own lists (the
    measures of a priority, keyed by the priority's first line). Equal text at equal indentation
    under the same key parses to equal data when nothing outside the entry can change its meaning
    (:func:`_context_free`). None when nothing is gained or the file does not lend itself to it;
    the caller then parses the whole files, and it does so too when the reduced documents do not
    parse to exactly the entries expected (:func:`_load_reduced`).
    """
    from kpss_cli.loader import decode

    if max(len(old_raw), len(new_raw)) < _REDUCE_MIN_BYTES:
        return None
    old_text, _ = decode(old_raw, "")
    new_text, _ = decode(new_raw, "")
    if old_text is None or new_text is None:
        return None
    old_segments = _split_entries(old_text)
    new_segments = _split_entries(new_text) if old_segments is not None else None
    if old_segments is None or new_segments is None:
        return None
    old_entries = Counter((k, t) for k, t in old_segments if k is not None)
    new_entries = Counter((k, t) for k, t in new_segments if k is not None)
    cut = _cut_common(old_entries, new_entries, lambda e: e[0])

    old_kept = _nest(old_segments, Counter(cut))
    new_kept = _nest(new_segments, Counter(cut))
    old_nested = Counter(_nested_keys(old_kept))
    new_nested = Counter(_nested_keys(new_kept))
    nested_cut = _cut_common(old_nested, new_nested, lambda e: e[:3])
    if not cut and not nested_cut:
        return None
    return _rebuild(old_kept, Counter(nested_cut)), _rebuild(new_kept, Counter(nested_cut))


def _nest(segments: Segments, cut: Counter[tuple[Any, ...]]) -> list[_Kept]:
    """The segments left after the first cut; big entries are split into their own lists, when
    their first lines ("- id: P1") tell them apart."""
    kept: list[_Kept] = []
    for key, text in segments:
        if key is not None and cut[(key, text)] > 0:
            cut[(key, text)] -= 1
            continue
        nested = _split_entry(text) if key is not None and len(text) >= _NEST_MIN_BYTES else None
        kept.append((key, text, nested))
    firsts = Counter((key, text.split("\n", 1)[0]) for key, text, nested in kept if nested)
    return [
        (key, text, nested if nested and firsts[(key, text.split("\n", 1)[0])] == 1 else None)
        for key, text, nested in kept
    ]


def _nested_keys(kept: list[_Kept]) -> Iterable[tuple[Any, ...]]:
    for key, text, nested in kept:
        if nested:
            first = text.split("\n", 1)[0]
            for nested_key, entry in nested:
                if nested_key is not None:
                    yield (key, first, nested_key, entry)


def _rebuild(kept: list[_Kept], cut: Counter[tuple[Any, ...]]) -> _Reduced:
    parts: list[str] = []
    item_lines: dict[tuple[Any, ...], list[int]] = {}
    line = 0
    for key, text, nested in kept:
        if key is not None:
            index = len(item_lines.setdefault((key,), []))
            item_lines[(key,)].append(line)
            if nested:
                first = text.split("\n", 1)[0]
                for nested_key, entry in nested:
                    if nested_key is not None:
                        full = (key, first, nested_key, entry)
                        if cut[full] > 0:
                            cut[full] -= 1
                            continue
                        item_lines.setdefault((key, index, nested_key), []).append(line)
                    parts.append(entry)
                    line += entry.count("\n")
                continue
        parts.append(text)
        line += text.count("\n")
    return _Reduced("".join(parts), item_lines)


def _check_document(doc: Document, kind: str) -> _Side:
    """Schema-valid data of a loaded document, or its errors."""
    from kpss_cli.schemas import validate_document

    if not doc.ok:
        return _Side(True, errors=[f for f in doc.findings if f.severity == "error"])
    data = doc.data
    if data is None and kind in ("services", "groups"):
        doc.data = data = {}
    if not isinstance(data, dict):
        what = "empty" if data is None else "not a mapping of keys"
        return _Side(
            True, errors=[Finding(doc.file, 1, 1, "KP010", "error", f"the file is {what}", "$")]
        )
    errors = validate_document(doc, SCHEMA_OF_KIND[kind])
    if errors:
        return _Side(True, errors=errors)
    return _Side(True, data=data)


def _load_whole(raw: bytes | None, file: RepoFile) -> _Side:
    if raw is None:
        return _ABSENT
    return _check_document(load_bytes(raw, file.path), file.kind)


def _load_reduced(reduced: _Reduced, file: RepoFile) -> _Side | None:
    """The reduced document, or None unless it parsed to exactly the entries it was cut into."""
    from kpss_cli.loader import load_text

    doc = load_text(reduced.text, file.path)
    if not doc.ok or not isinstance(doc.data, dict):
        return None
    for where, starts in reduced.item_lines.items():
        value: Any = doc.data.get(where[0])
        if len(where) == 3:
            try:
                value = value[where[1]][where[2]]
            except (IndexError, KeyError, TypeError):
                return None
        table = doc.positions.get(id(value)) if isinstance(value, list) else None
        if table is None or [entry[0] for entry in table] != starts:
            return None
    side = _check_document(doc, file.kind)
    # Errors are reported with the lines of the whole file, so an invalid side is read again.
    return side if side.valid else None


def _load_sides(
    file: RepoFile, old: bytes | int | None, new: bytes | int | None
) -> tuple[_Side, _Side]:
    """Both versions of a file; an int stands for the size of a file over the limit, never read."""
    if isinstance(old, int) or isinstance(new, int):
        return _one_side(file, old), _one_side(file, new)
    return load_pair(file, old, new)


def _one_side(file: RepoFile, raw: bytes | int | None) -> _Side:
    if isinstance(raw, int):
        return _Side(True, errors=too_large(file.path, raw).findings)
    return _load_whole(raw, file)


def load_pair(file: RepoFile, old_raw: bytes | None, new_raw: bytes | None) -> tuple[_Side, _Side]:
    """Both versions of a changed file, parsed as little as possible (see :func:`_reduce_pair`)."""
    if old_raw is not None and new_raw is not None:
        reduced = _reduce_pair(old_raw, new_raw)
        if reduced is not None:
            old_side = _load_reduced(reduced[0], file)
            new_side = _load_reduced(reduced[1], file) if old_side is not None else None
            if old_side is not None and new_side is not None:
                return old_side, new_side
    return _load_whole(old_raw, file), _load_whole(new_raw, file)


# =================================================================================================
# Revisions
# =================================================================================================


def parse_range(spec: str) -> tuple[str, str | None, bool]:
    """``REV`` -> (REV, None = the working tree); ``A..B`` -> (A, B); ``A...B`` -> (A, B, merge).

    An empty side of ``..`` is HEAD, as in git.
    """
    from kpss_cli.gitsource import check_revision

    check_revision(spec)
    if "..." in spec:
        old, new = spec.split("...", 1)
        merge = True
    elif ".." in spec:
        old, new = spec.split("..", 1)
        merge = False
    else:
        return spec, None, False
    old, new = old or "HEAD", new or "HEAD"
    return check_revision(old), check_revision(new), merge


def _path_filter(
    root: Path, paths: Sequence[Path], known: Iterable[str]
) -> Callable[[str], bool] | None:
    """Which files the given paths select; a path may name a file that exists only at a revision."""
    base = root.resolve()
    prefixes: list[str] = []
    for given in paths:
        absolute = (given if given.is_absolute() else Path.cwd() / given).resolve()
        try:
            rel = absolute.relative_to(base).as_posix()
        except ValueError:
            raise UsageError(f"the path {given} lies outside the repository {root}") from None
        if rel == ".":
            return None
        prefixes.append(rel)
    known = list(known)
    for prefix, given in zip(prefixes, paths, strict=True):
        if not any(f == prefix or f.startswith(prefix + "/") for f in known):
            raise UsageError(f"the path {given} is no repository file at either revision")
    return lambda f: any(f == p or f.startswith(p + "/") for p in prefixes)


def _file_order(path: str) -> tuple[int, str, int, str]:
    """kpss.yaml, services.yaml, groups.yaml, then each plan followed by its action plans."""
    top = {MANIFEST: 0, "services.yaml": 1, "groups.yaml": 2}
    if path in top:
        return (top[path], "", 0, "")
    parts = path.split("/")
    if len(parts) >= 3 and parts[0] == "plans":
        return (3, parts[1], 0 if parts[2] == "plan.yaml" else 1, path)
    return (4, path, 0, "")


class _WorkingSide:
    """The working tree as the newer side: file bytes, and the blob ids git would give them."""

    def __init__(self, root: Path, like: str) -> None:
        self.tree = WorkingTree(root)
        self.like = like
        self.files = self.tree.list_files()
        self._raw: dict[str, bytes | int] = {}

    def raw(self, relpath: str) -> bytes | int:
        """The bytes of a file, or its size when it is over the size limit (it is never read)."""
        if relpath not in self._raw:
            try:
                size = self.tree.size(relpath)
                self._raw[relpath] = size if size > MAX_BYTES else self.tree.read(relpath)
            except OSError as exc:
                raise KpssError(f"cannot read {relpath}: {exc.strerror or exc}") from None
        return self._raw[relpath]

    def blob_id(self, relpath: str) -> str | None:
        """The blob id of the file as git would store it; None for a file over the size limit."""
        from kpss_cli.gitsource import blob_id_of

        raw = self.raw(relpath)
        return None if isinstance(raw, int) else blob_id_of(raw, self.like)


def diff_revisions(
    root: Path,
    spec: str,
    paths: Sequence[Path] | None = None,
    *,
    with_members: bool = False,
    compare_all: bool = False,
) -> Diff:
    """Compare the repository at ``spec`` (``REV``, ``A..B`` or ``A...B``) entity by entity.

    Without a second revision the working tree is the newer side. Files with equal blob ids are
    skipped (``compare_all`` compares them too, which only tests need).
    """
    from kpss_cli.gitsource import GitRepository, GitSource

    old_rev, new_rev, merge = parse_range(spec)
    with GitRepository(root) as repo:
        old_commit = repo.resolve(old_rev)
        new_commit = repo.resolve(new_rev) if new_rev is not None else None
        if merge and new_commit is not None:
            old_commit = repo.merge_base(old_commit, new_commit)
        old_source = GitSource(repo, root, old_rev, old_commit)
        old_ids = old_source.blobs
        working: _WorkingSide | None = None
        if new_commit is not None:
            new_source = GitSource(repo, root, new_rev or "", new_commit)
            new_ids: dict[str, str | None] = dict(new_source.blobs)
        else:
            working = _WorkingSide(root, next(iter(old_ids.values()), "0" * 40))
            new_ids = {f: working.blob_id(f) for f in working.files}
        everything = sorted(set(old_ids) | set(new_ids), key=_file_order)
        wanted = _path_filter(root, paths, everything) if paths else None

        def read_blob(blob: str | None) -> bytes | int | None:
            if blob is None:
                return None
            size = repo.blob_size(blob)
            return size if size > MAX_BYTES else repo.read_blob(blob)

        def read_old(relpath: str) -> bytes | int | None:
            return read_blob(old_ids.get(relpath))

        def read_new(relpath: str) -> bytes | int | None:
            if relpath not in new_ids:
                return None
            if working is not None:
                return working.raw(relpath)
            return read_blob(new_ids[relpath])

        result = Diff(
            "revisions",
            old_rev,
            new_rev or "working tree",
            from_commit=old_commit,
            to_commit=new_commit,
        )
        changed = [
            f
            for f in everything
            if (
                compare_all
                or old_ids.get(f) != new_ids.get(f)
                or (f in new_ids and new_ids[f] is None)
            )
        ]
        files = [
            rf for rf in (classify(f) for f in changed) if rf is not None and rf.kind != "misplaced"
        ]
        # An action plan pairs its items through the renumbering of its plan's measures, so a
        # changed plan is compared even when only its action plans were asked for.
        needed_plans = {
            rf.plan_id
            for rf in files
            if rf.kind == "action_plan" and (wanted is None or wanted(rf.path))
        }
        renumbering: dict[str, dict[str, tuple[str, str | None]]] = {}
        for rf in files:
            shown = wanted is None or wanted(rf.path)
            if not shown and not (rf.kind == "plan" and rf.plan_id in needed_plans):
                continue
            old_side, new_side = _load_sides(rf, read_old(rf.path), read_new(rf.path))
            if shown:
                result.files.append(rf.path)
            ctx = _Ctx(rf.path, with_members=with_members)
            invalid = False
            for side, label, state in (
                ("from", old_rev, old_side),
                ("to", result.to_label, new_side),
            ):
                if state.present and not state.valid:
                    invalid = True
                    if shown:
                        result.invalid.append(InvalidFile(rf.path, side, label, state.errors))
            if invalid:
                continue
            numbering = _compare_file(
                rf, old_side, new_side, ctx, renumbering.get(rf.plan_id or "")
            )
            if rf.kind == "plan" and rf.plan_id:
                renumbering[rf.plan_id] = numbering or {}
            if shown:
                result.changes.extend(ctx.changes)
    return result


def _compare_file(
    rf: RepoFile,
    old: _Side,
    new: _Side,
    ctx: _Ctx,
    renumbering: dict[str, tuple[str, str | None]] | None,
) -> dict[str, tuple[str, str | None]] | None:
    """Build the models of both versions of a file and compare them; a plan returns renumbering."""
    if rf.kind == "manifest":
        compare_manifests(
            model.build_manifest(old.data) if old.present else None,
            model.build_manifest(new.data) if new.present else None,
            ctx,
        )
    elif rf.kind == "services":
        empty: tuple[list[model.Provider], list[model.Service]] = ([], [])
        compare_services(
            model.build_services(old.data) if old.present else empty,
            model.build_services(new.data) if new.present else empty,
            ctx,
        )
    elif rf.kind == "groups":
        compare_groups(
            model.build_groups(old.data) if old.present else [],
            model.build_groups(new.data) if new.present else [],
            ctx,
        )
    elif rf.kind == "plan":
        return compare_plans(
            model.build_plan(old.data, rf.path) if old.present else None,
            model.build_plan(new.data, rf.path) if new.present else None,
            ctx,
        )
    elif rf.kind == "action_plan":
        compare_action_plans(
            model.build_action_plan(old.data, rf.path) if old.present else None,
            model.build_action_plan(new.data, rf.path) if new.present else None,
            ctx,
            renumbering,
        )
    return None


# =================================================================================================
# Plan periods
# =================================================================================================


def _plan_ids(root: Path) -> dict[str, str]:
    """Plan id (folder name) -> path of its plan.yaml, in the working tree."""
    found: dict[str, str] = {}
    for f in WorkingTree(root).list_files():
        rf = classify(f)
        if rf is not None and rf.kind == "plan" and rf.plan_id:
            found[rf.plan_id] = f
    return found


def _plan_arg(root: Path, given: str, known: dict[str, str]) -> str:
    """A plan id from an id, or from the path of a plan folder or plan.yaml."""
    if given in known:
        return given
    candidate = Path(given)
    absolute = (candidate if candidate.is_absolute() else Path.cwd() / candidate).resolve()
    try:
        rel = absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = ""
    for plan_id, path in known.items():
        if rel in (path, path.rsplit("/", 1)[0]):
            return plan_id
    listing = ", ".join(sorted(known)) or "none"
    raise UsageError(f"there is no plan '{given}' in the repository; known plans: {listing}")


def load_plan(root: Path, plan_id: str, path: str) -> model.Plan:
    """One plan from the working tree; a KpssError naming its errors when it is invalid."""
    rf = classify(path)
    assert rf is not None
    try:
        raw = WorkingTree(root).read(path)
    except OSError as exc:
        raise KpssError(f"cannot read {path}: {exc.strerror or exc}") from None
    side = _load_whole(raw, rf)
    if not side.valid:
        shown = "\n".join(
            f"  {f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in side.errors[:5]
        )
        more = f"\n  … and {len(side.errors) - 5} more" if len(side.errors) > 5 else ""
        raise KpssError(
            f"plan {plan_id} is invalid, so it cannot be compared; "
            "fix it first (run `kpss validate`):\n"
            f"{shown}{more}"
        )
    return model.build_plan(side.data, path)


def diff_plans(root: Path, plan_a: str, plan_b: str | None = None) -> Diff:
    """Compare two plan periods of the working tree; one plan is compared with its ``previous``."""
    known = _plan_ids(root)
    if plan_b is None:
        new_id = _plan_arg(root, plan_a, known)
        new = load_plan(root, new_id, known[new_id])
        if not new.previous:
            raise UsageError(
                f"plan {new_id} names no previous plan; "
                f"give both plans: kpss diff OLD_PLAN {new_id}"
            )
        old_id = _plan_arg(root, new.previous, known)
        old = load_plan(root, old_id, known[old_id])
    else:
        old_id, new_id = _plan_arg(root, plan_a, known), _plan_arg(root, plan_b, known)
        old, new = load_plan(root, old_id, known[old_id]), load_plan(root, new_id, known[new_id])
    return compare_periods(old, new)


def _measure_total(m: model.Measure) -> dict[str, float]:
    totals: dict[str, float] = {}
    for sources in m.budget.values():
        for source, money in sources.items():
            if isinstance(money, (int, float)) and not isinstance(money, bool):
                totals[source] = totals.get(source, 0) + money
    return totals


def _sum(measures: Iterable[model.Measure]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for m in measures:
        for source, money in _measure_total(m).items():
            totals[source] = totals.get(source, 0) + money
    return totals


def compare_periods(old: model.Plan, new: model.Plan) -> Diff:
    """Two plans compared as periods: matched priorities and measures, and the money of both."""
    ctx = _Ctx(new.file, periods=True)
    compare_plans(old, new, ctx)
    for c in ctx.changes:
        if c.kind == REMOVED:
            c.file = old.file
    result = Diff("plans", old.id, new.id, changes=ctx.changes)
    for plan in (old, new):
        result.plans["from" if plan is old else "to"] = {
            "id": plan.id,
            "title": plan.title,
            "period": {"start": plan.start, "end": plan.end},
            "file": plan.file,
            "status": plan.status,
        }
    old_sources, new_sources = _sum(old.measures), _sum(new.measures)
    for source in sorted(set(old_sources) | set(new_sources), key=_source_order):
        result.budget_sources.append(
            BudgetLine(source, old_sources.get(source), new_sources.get(source))
        )
    for ppair in ctx.priority_pairs:
        o, n = ppair.old, ppair.new
        priority = n or o
        assert priority is not None
        result.budget_priorities.append(
            BudgetLine(
                key=priority.id,
                old_key=o.id if o is not None else None,
                title=priority.title,
                old=sum(_sum(o.measures).values()) if o is not None else None,
                new=sum(_sum(n.measures).values()) if n is not None else None,
            )
        )
    result.budget_total = BudgetLine(
        "total",
        sum(old_sources.values()) if old_sources else None,
        sum(new_sources.values()) if new_sources else None,
        title="All priorities",
    )
    return result


# =================================================================================================
# Words: labels, values and messages (English, with Czech number, money and date formats)
# =================================================================================================

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONEY_PATH = re.compile(r"(?:^|\.)(?:budget|spent)\.")
_ID_FIELD = re.compile(r"^(indicators|activities|members)\[(.+?)\]\.(.+)$")
_ID_MAP = re.compile(r"^(targets|actuals)\[(.+)\]$")


def shorten(text: str, limit: int = 160) -> str:
    """One line of at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def is_money(path: str) -> bool:
    """True for a field path that holds money (budget, spent)."""
    return bool(_MONEY_PATH.search(path))


def show_value(path: str, value: Any, money_unit: bool = True) -> str:
    """A value as a coordinator reads it."""
    if value is None:
        return "whole period" if path == "years" or path.endswith(".years") else "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if is_money(path):
            return czech.money(value, unit=money_unit)
        # Up to six decimals: a value is shown as the file has it; four digits stay whole (1500).
        return czech.number(value, max_decimals=6, group_from=10_000)
    if isinstance(value, dict):
        if set(value) == {"from", "to"}:
            return f"{value['from']}–{value['to']}"
        if set(value) == {"start", "end"}:
            return f"{value['start']}–{value['end']}"
        return ", ".join(f"{k} {show_value(k, v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(show_value("", v) for v in value) or "—"
    text = str(value)
    if _DATE.match(text):
        return czech.date(text, space=" ")  # plain spaces, as in the rest of a change line
    if path == "id" or path.endswith(
        (".id", "continues", "previous", "provider", "working_group", "plan")
    ):
        return text
    if _CODE.match(text) and not path.endswith(("name", "title", "text")):
        return text  # a code or an id, shown as written in the file
    return f"“{shorten(text)}”"


_CODE = re.compile(r"^[a-z0-9_]+$")


def _words(path: str) -> str:
    """Field names in words ("target_groups" -> "target groups"); codes and years stay."""
    from kpss_cli import codes

    return " ".join(
        part if part in codes.FUNDING_SOURCE or part.isdigit() else part.replace("_", " ")
        for part in path.split(".")
    )


def field_label(path: str) -> str:
    """``indicators[1.2.a].target`` -> ``target of indicator 1.2.a``;
    ``budget.2024.obce`` -> ``budget 2024 obce``."""
    match = _ID_FIELD.match(path)
    if match:
        what, ident, rest = match.groups()
        noun = {"indicators": "indicator", "activities": "activity", "members": "member"}[what]
        if rest.startswith("targets."):
            return f"target {rest.split('.', 1)[1]} of {noun} {ident}"
        return f"{_words(rest)} of {noun} {ident}"
    match = _ID_MAP.match(path)
    if match:
        what, ident = match.groups()
        return f"{'target' if what == 'targets' else 'actual'} of indicator {ident}"
    if path.startswith("territory.municipalities["):
        return f"municipality {path[len('territory.municipalities[') : -1]}"
    return _words(path)


def describe_field(change: FieldChange) -> str:
    """``target of indicator 1.2.a 120 → 140``, ``budget 2024 obce 800 000 → 950 000 Kč``."""
    label = field_label(change.path)
    old, new = change.old, change.new
    match = _ID_FIELD.match(change.path)
    if match and match.group(3) == "id":
        return f"{label.split(' of ', 1)[1]} renumbered from {old}"
    if isinstance(old, list) and isinstance(new, list):
        gone = [v for v in old if not any(same(v, w) for w in new)]
        came = [v for v in new if not any(same(v, w) for w in old)]
        parts = [f"+{show_value('', v)}" for v in came] + [f"−{show_value('', v)}" for v in gone]
        return f"{label}: {', '.join(parts)}" if parts else f"{label}: order or repetition changed"
    if (
        is_money(change.path)
        and not isinstance(old, (str, list, dict))
        and not isinstance(new, (str, list, dict))
    ):
        before, after = show_value(change.path, old, False), show_value(change.path, new, False)
        return f"{label} {before} → {after}{czech.NBSP}Kč"
    return f"{label} {show_value(change.path, old)} → {show_value(change.path, new)}"


def entity_label(c: Change) -> str:
    """The entity of a change in words."""
    if c.entity == "indicator":
        return f"indicator {c.id} of measure {c.measure}"
    if c.entity == "activity":
        return f"activity {c.id} of measure {c.measure}"
    if c.entity == "action_plan":
        return f"action plan {c.year} (plan {c.plan})"
    if c.entity == "item":
        return f"item {c.id} of action plan {c.year}"
    if c.entity == "result":
        return f"result of item {c.id} in action plan {c.year}"
    if c.entity == "manifest":
        return "manifest (kpss.yaml)"
    return f"{c.entity} {c.id}"


def match_note(c: Change) -> str:
    """ "(was 1.3, matched by continues)" for renumbered or probable matches; empty otherwise."""
    if c.kind != CHANGED or c.old_id is None:
        return ""
    if c.match == "title":
        return f"(was {c.old_id}; probable match by a similar title)"
    if c.old_id != c.id:
        how = {"continues": "matched by continues", "id": "matched by id"}.get(c.match or "", "")
        return f"(was {c.old_id}{', ' + how if how else ''})"
    return ""


def describe_change(c: Change) -> str:
    """One line for a change: "measure 1.2: target of indicator 1.2.a 120 → 140; …"."""
    head = entity_label(c)
    title = f" “{shorten(c.title, 100)}”" if c.title and c.entity not in ("need",) else ""
    if c.entity == "need" and c.title:
        title = f" “{shorten(c.title, 100)}”"
    if c.kind == ADDED:
        return f"{head} added{title}"
    if c.kind == REMOVED:
        return f"{head} removed{title}"
    note = match_note(c)
    parts = "; ".join(describe_field(f) for f in c.fields)
    return f"{head}{' ' + note if note else ''}: {parts or 'renumbered'}"


def invalid_message(i: InvalidFile) -> str:
    """Why a file was not compared."""
    count = len(i.errors)
    first = i.errors[0] if i.errors else None
    where = f" First: line {first.line}: {first.message}" if first else ""
    return (
        f"{i.file} is invalid at {i.revision} ({count} error{'s' if count != 1 else ''}), "
        "so its entities are not "
        f"compared; run `kpss validate` there.{where}"
    )


# =================================================================================================
# Markdown (a pull-request comment)
# =================================================================================================

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_MARK = {ADDED: "➕", REMOVED: "➖", CHANGED: "✏️"}
# Entities small enough to list their values when added or removed.
_SMALL = {"indicator", "activity", "need", "item", "result", "provider", "service"}


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _utf16_len(text: str) -> int:
    # GitHub counts the comment limit in UTF-16 code units; emoji take two.
    return len(text.encode("utf-16-le")) // 2


def _counts_text(counts: dict[str, int]) -> str:
    parts = [f"{counts[k]} {k}" for k in (CHANGED, ADDED, REMOVED) if counts.get(k)]
    return ", ".join(parts) or "no changes"


def _sections(diff: Diff) -> dict[str, list[Change]]:
    grouped: dict[str, list[Change]] = {}
    for c in diff.changes:
        grouped.setdefault(c.section or c.file, []).append(c)
    return grouped


def _md_change(c: Change) -> list[str]:
    head = f"- {_MARK[c.kind]} **{_md(entity_label(c))}**"
    if c.title:
        head += f" {_md('“' + shorten(c.title, 120) + '”')}"
    lines = [head]
    if c.kind == CHANGED:
        note = match_note(c)
        if note:
            lines[0] += f" _{_md(note)}_"
        lines.extend(f"  - {_md(describe_field(f))}" for f in c.fields)
        if not c.fields:
            lines.append("  - renumbered, nothing else changed")
    else:
        lines[0] += " — " + ("added" if c.kind == ADDED else "**removed**")
        if c.entity in _SMALL:
            # The title is in the heading already.
            listed = [f for f in c.fields if f.path not in ("name", "title", "text")]
            for f in listed[:8]:
                value = f.new if c.kind == ADDED else f.old
                lines.append(f"  - {_md(field_label(f.path))}: {_md(show_value(f.path, value))}")
            if len(listed) > 8:
                lines.append(f"  - … {len(listed) - 8} more values")
    return lines


def to_markdown(diff: Diff, limit: int = MARKDOWN_LIMIT, full_command: str | None = None) -> str:
    """The diff as a pull-request comment: counts first, removals flagged, details per file folded.

    The result stays under ``limit`` UTF-16 code units (GitHub's comment limit is 65,536): when
    the details do not fit, the rest is summarised and ``full_command`` is named to see it all.
    """
    counts = diff.summary
    if diff.mode == "plans":
        title = f"### kpss diff: plan {_md(diff.from_label)} → {_md(diff.to_label)}"
    else:
        title = f"### kpss diff: `{diff.from_label}` → `{diff.to_label}`"
    head: list[str] = [title, ""]
    if not diff.has_changes:
        head.append("No changes in the plan data.")
        return "\n".join(head) + "\n"
    sections = _sections(diff)
    noun = "file" if diff.mode == "revisions" else "section"
    where = f" in {len(sections)} {noun}{'s' if len(sections) != 1 else ''}"
    head.append(f"**{_counts_text(counts)}**{where if diff.changes else ''}.")
    removed = [c for c in diff.changes if c.kind == REMOVED]
    if removed:
        head.append("")
        shown = removed[:40]
        listed = "; ".join(
            _md(entity_label(c) + (f" “{shorten(c.title, 60)}”" if c.title else "")) for c in shown
        )
        more = f"; … and {len(removed) - len(shown)} more" if len(removed) > len(shown) else ""
        head.append(f"> ⚠️ **{len(removed)} removed:** {listed}{more}")
    if diff.invalid:
        head.append("")
        for item in diff.invalid[:20]:
            head.append(f"> ❗ {_md(invalid_message(item))}")
        if len(diff.invalid) > 20:
            head.append(f"> ❗ … and {len(diff.invalid) - 20} more invalid files")
    if diff.mode == "plans" and (diff.budget_sources or diff.budget_priorities):
        head.extend(["", *_md_budget(diff)])
    if len(sections) > 1:
        head.extend(
            [
                "",
                f"| {noun.capitalize()} | ➕ added | ➖ removed | ✏️ changed |",
                "|---|--:|--:|--:|",
            ]
        )
        for name, changes in list(sections.items())[:100]:
            c = Counter(ch.kind for ch in changes)
            head.append(f"| {_md(name)} | {c[ADDED]} | {c[REMOVED]} | {c[CHANGED]} |")
        if len(sections) > 100:
            head.append(f"| … {len(sections) - 100} more | | | |")
    command = full_command or (
        f"kpss diff {diff.from_label} {diff.to_label}"
        if diff.mode == "plans"
        else "kpss diff --rev "
        + (
            diff.from_label
            if diff.to_label == "working tree"
            else f"{diff.from_label}..{diff.to_label}"
        )
    )
    footer_full = ["", f"<sub>Generated by <code>{_html(command)}</code>.</sub>"]
    text = "\n".join(head)
    budget = limit - _utf16_len(text) - 600  # room for the footer and the note on what was left out
    body: list[str] = []
    omitted = 0
    for name, changes in sections.items():
        c = Counter(ch.kind for ch in changes)
        summary = ", ".join(f"{c[k]} {k}" for k in (CHANGED, ADDED, REMOVED) if c[k])
        opening = ["", f"<details><summary><b>{_html(name)}</b> — {summary}</summary>", ""]
        closing = ["", "</details>"]
        cost = _utf16_len("\n".join(opening + closing)) + 2
        if budget - cost < 200:
            omitted += len(changes)
            continue
        budget -= cost
        section_lines: list[str] = []
        left = 0
        for i, change in enumerate(changes):
            lines = _md_change(change)
            size = _utf16_len("\n".join(lines)) + 1
            if size > budget - 120:
                left = len(changes) - i
                break
            budget -= size
            section_lines.extend(lines)
        if left:
            section_lines.append(f"- … {left} more changes in this section are not shown")
            omitted += left
        body.extend(opening + section_lines + closing)
    footer = list(footer_full)
    if omitted:
        footer.insert(
            1,
            f"**{omitted} changes are not shown** to keep this comment under GitHub's size limit; "
            f"run `{command}` (add `--format json` for all the data) to see them all.",
        )
        footer.insert(2, "")
    return text + "\n" + "\n".join(body) + "\n" + "\n".join(footer) + "\n"


def show_money(value: float | None) -> str:
    """``950 000 Kč``; an em dash when there is none (as other missing values of a diff)."""
    return "—" if value is None else czech.money(value)


def money_delta(line: BudgetLine) -> str:
    """New minus old money, signed ("+62 700 000 Kč"); empty when one side has none."""
    if line.old is None or line.new is None:
        return ""
    return czech.money_change(line.new - line.old)


def _md_budget(diff: Diff) -> list[str]:
    from kpss_cli import codes

    lines = [
        "| Funding source | "
        + _md(diff.from_label)
        + " | "
        + _md(diff.to_label)
        + " | difference |",
        "|---|--:|--:|--:|",
    ]
    for b in diff.budget_sources:
        label = codes.label(codes.FUNDING_SOURCE, b.key) if b.key in codes.FUNDING_SOURCE else b.key
        lines.append(
            f"| {_md(label)} | {show_money(b.old)} | {show_money(b.new)} | {money_delta(b)} |"
        )
    if diff.budget_total is not None:
        t = diff.budget_total
        lines.append(
            f"| **total** | **{show_money(t.old)}** | **{show_money(t.new)}** | {money_delta(t)} |"
        )
    lines.extend(
        [
            "",
            "| Priority | " + _md(diff.from_label) + " | " + _md(diff.to_label) + " | difference |",
            "|---|--:|--:|--:|",
        ]
    )
    for b in diff.budget_priorities:
        name = b.key if b.old_key in (None, b.key) else f"{b.key} (was {b.old_key})"
        if b.new is None:
            name = f"{b.key} (dropped)"
        lines.append(
            f"| {_md(name)} {_md(shorten(b.title or '', 60))} | {show_money(b.old)} | "
            f"{show_money(b.new)} | "
            f"{money_delta(b)} |"
        )
    return lines
